"""The corpus in tests/broken/: each file is refused with the messages listed in expected.json, or loads.

expected.json maps a file name to {"why": ..., "fragments": [...]} (refused; every fragment must appear in
the DataError summary, and every "absent" one must not) or {"why": ..., "rows": N} (accepted, N rows).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from exchange_tracker.errors import DataError
from exchange_tracker.i18n import use_language
from exchange_tracker.loading import MAX_FILE_BYTES, SHIPPED_DATA, load_dataset, load_folder, load_upload, read_table
from exchange_tracker.schema import EXCHANGES
from tests.shipped import FIXED_TODAY

BROKEN = Path(__file__).parent / "broken"
EXPECTED = json.loads((BROKEN / "expected.json").read_text(encoding="utf-8"))
TODAY = dt.date(2025, 12, 31)  # fixed, so that "date in the future" stays in the future
REFUSED = sorted(name for name, entry in EXPECTED.items() if "fragments" in entry)
ACCEPTED = sorted(name for name, entry in EXPECTED.items() if "rows" in entry)

HEADER = (
    "event_id,date,kind,to_ukraine,to_russia,civilians_to_ukraine,civilians_to_russia,"
    "mediator,series,scope,claimed_by,source_url,source_publisher,notes"
)
ROW = "2025-05-23-prisoners,2025-05-23,prisoner_exchange,390,390,,,,,handover,both,https://example.org/a,Example,"


def refusal(raw: bytes, today: dt.date = TODAY) -> DataError:
    with pytest.raises(DataError) as caught:
        read_table(raw, EXCHANGES, today)
    return caught.value


@pytest.mark.parametrize("name", REFUSED)
def test_the_validator_answers_in_ukrainian_as_precisely(name):
    """Same problems, same places (file, line, column, value), in Ukrainian words."""
    raw = (BROKEN / name).read_bytes()
    english = refusal(raw).problems
    with use_language("uk"):
        ukrainian = refusal(raw)
        summary = ukrainian.summary()
    assert [(p.file, p.line, p.column) for p in ukrainian.problems] == [(p.file, p.line, p.column) for p in english]
    for problem in english:
        values = [q.strip('"') for q in re.findall(r'"[^"]*"', problem.message)]
        missing = [q for q in values if q not in summary]
        assert not missing, (missing, summary)
    assert re.search("[а-яіїєґ]", summary), summary
    assert "line " not in summary and " is not " not in summary and "column " not in summary, summary


def test_corpus_and_expected_json_match():
    on_disk = {p.name for p in BROKEN.iterdir() if p.name != "expected.json"}
    assert on_disk == set(EXPECTED)
    assert all(("fragments" in e) != ("rows" in e) for e in EXPECTED.values())


@pytest.mark.parametrize("name", REFUSED)
def test_broken_file_is_refused_with_its_messages(name):
    entry = EXPECTED[name]
    summary = refusal((BROKEN / name).read_bytes()).summary()
    missing = [f for f in entry["fragments"] if f not in summary]
    unwanted = [f for f in entry.get("absent", []) if f in summary]
    assert not missing and not unwanted, f"{entry['why']}\nsummary:\n{summary}"


@pytest.mark.parametrize("name", ACCEPTED)
def test_accepted_file_loads(name):
    frame = read_table((BROKEN / name).read_bytes(), EXCHANGES, TODAY)
    assert list(frame.columns) == EXCHANGES.column_names
    assert len(frame) == EXPECTED[name]["rows"]
    assert frame["date"].min() == pd.Timestamp("2025-05-23")


@pytest.mark.parametrize("name", ["utf16_with_bom.csv", "utf8_bom.csv"])
def test_unicode_files_keep_their_cyrillic(name):
    frame = read_table((BROKEN / name).read_bytes(), EXCHANGES, TODAY)
    assert frame.at[1, "notes"] == "Обмін полоненими"
    assert frame.at[0, "event_id"] == "2025-05-23-prisoners"  # no BOM glued to the first cell


@pytest.mark.parametrize("name", ["semicolon_delimiter.csv", "tab_delimiter.csv"])
def test_other_delimiters_keep_commas_in_text(name):
    frame = read_table((BROKEN / name).read_bytes(), EXCHANGES, TODAY)
    assert frame.at[0, "notes"] == "Stage 1, first day"
    assert frame["to_ukraine"].tolist() == [390, 303, 303]


def test_file_over_the_size_limit_is_refused_before_parsing():
    line = (ROW + "x" * 200 + "\n").encode()
    raw = HEADER.encode() + b"\n" + line * (MAX_FILE_BYTES // len(line) + 2)
    assert len(raw) > MAX_FILE_BYTES
    error = refusal(raw)
    assert len(error.problems) == 1
    assert re.search(r"exchanges.csv: is 20\.00 MB \([0-9,]+ bytes\); the limit is 20 MB", error.summary())


def test_problems_carry_line_and_column():
    raw = (HEADER + "\n" + ROW + "\n" + ROW.replace(",both,", ",EU,").replace("-23", "-24") + "\n").encode()
    (problem,) = refusal(raw).problems
    assert (problem.file, problem.line, problem.column) == ("exchanges.csv", 3, "claimed_by")


def test_every_problem_of_a_file_is_listed_in_file_order():
    rows = [ROW.replace(",390,390,", f",{bad},390,").replace("-23", f"-{day}") for day, bad in ((23, "-1"), (24, "x"))]
    raw = "\n".join([HEADER, *rows, ROW.replace(",both,", ",EU,").replace("-23", "-25")]).encode()
    problems = refusal(raw).problems
    assert [(p.line, p.column) for p in problems] == [(2, "to_ukraine"), (3, "to_ukraine"), (4, "claimed_by")]


def test_summary_is_cut_after_the_limit():
    rows = [ROW.replace(",both,", ",EU,").replace("2025-05-23-prisoners", f"event-{i}") for i in range(60)]
    error = refusal("\n".join([HEADER, *rows]).encode())
    assert len(error.problems) == 60
    assert error.summary().splitlines()[-1] == "... and 10 more problems"


def shipped_dataset():
    """The published data, as the app serves it beside an upload."""
    return load_folder(SHIPPED_DATA, today=FIXED_TODAY, origin="shipped")


def test_upload_of_a_broken_file_is_refused_through_every_entry_point():
    served = shipped_dataset()
    raw = (BROKEN / "impossible_date.csv").read_bytes()
    fragment = 'exchanges.csv, line 2, column date: "2025-13-01" is not a date in YYYY-MM-DD'
    for load in (
        lambda: load_upload(raw, None, served, TODAY),
        lambda: load_upload(raw, (SHIPPED_DATA / "talks.csv").read_bytes(), served, dt.date.today()),
        lambda: load_dataset(raw, b"", dt.date.today(), origin="upload"),
    ):
        with pytest.raises(DataError) as caught:
            load()
        assert fragment in caught.value.summary()


def test_both_files_problems_are_reported_together():
    with pytest.raises(DataError) as caught:
        load_dataset((BROKEN / "unknown_kind.csv").read_bytes(), b"", TODAY, origin="upload")
    assert [p.file for p in caught.value.problems] == ["exchanges.csv", "talks.csv"]


def test_unknown_series_names_the_physical_line_after_a_multiline_cell():
    served = shipped_dataset()
    raw = (
        f'{HEADER}\n{ROW}"a note\nover three\nlines"\n'
        f"{ROW.replace('-23', '-24').replace(',,handover', ',nowhere-2030,handover')}\n"
    ).encode()
    with pytest.raises(DataError) as caught:
        load_upload(raw, None, served, TODAY)
    (problem,) = caught.value.problems
    assert str(problem) == 'exchanges.csv, line 5, column series: series "nowhere-2030" names no talks_id in talks.csv'
