"""The shipped data/exchanges.csv and data/talks.csv load, and hold together.

The integrity checks read the files with the csv module, apart from the loader, and name the line of every
problem they find.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from exchange_tracker.loading import SHIPPED_DATA, load_dataset, load_folder
from exchange_tracker.schema import COUNT_COLUMNS, EXCHANGES, FIRST_DATE, MAX_PER_HANDOVER, TALKS

TODAY = dt.date.today()
FILES = (EXCHANGES.file_name, TALKS.file_name)


def read_rows(name: str) -> list[tuple[int, dict[str, str]]]:
    """Each data row of a shipped file with the line it starts on."""
    reader = csv.DictReader(io.StringIO((SHIPPED_DATA / name).read_text(encoding="utf-8"), newline=""))
    rows, previous_end = [], 1
    for row in reader:
        rows.append((previous_end + 1, row))
        previous_end = reader.line_num
    return rows


EXCHANGE_ROWS = read_rows(EXCHANGES.file_name)
TALK_ROWS = read_rows(TALKS.file_name)
ROWS = {EXCHANGES.file_name: EXCHANGE_ROWS, TALKS.file_name: TALK_ROWS}


def where(name: str, line: int, column: str | None = None) -> str:
    return f"{name}, line {line}" + (f", column {column}" if column else "")


def report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems)


def test_shipped_folder_loads():
    dataset = load_folder(SHIPPED_DATA, today=TODAY)
    assert len(dataset.exchanges) == len(EXCHANGE_ROWS) > 0
    assert len(dataset.talks) == len(TALK_ROWS) > 0
    assert dataset.exchanges["event_id"].tolist() == [row["event_id"] for _, row in EXCHANGE_ROWS]
    assert FIRST_DATE <= dataset.as_of <= TODAY


def test_shipped_bytes_load_as_an_upload_would():
    raw = {name: (SHIPPED_DATA / name).read_bytes() for name in FILES}
    dataset = load_dataset(raw[EXCHANGES.file_name], raw[TALKS.file_name], today=TODAY, origin="shipped")
    assert list(dataset.exchanges.columns) == EXCHANGES.column_names
    assert list(dataset.talks.columns) == TALKS.column_names


@pytest.mark.parametrize("name", FILES)
def test_shipped_file_is_plain_utf8_csv(name):
    raw = (SHIPPED_DATA / name).read_bytes()
    spec = EXCHANGES if name == EXCHANGES.file_name else TALKS
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    assert b"\r" not in raw, "LF line endings"
    assert raw.endswith(b"\n") and not raw.endswith(b"\n\n"), "one final newline"
    assert raw.decode("utf-8").split("\n", 1)[0] == ",".join(spec.column_names)
    blank = [where(name, n) for n, line in enumerate(raw.decode("utf-8").split("\n")[:-1], 1) if not line.strip()]
    assert not blank, report(blank)


@pytest.mark.parametrize(("name", "key"), [(EXCHANGES.file_name, EXCHANGES.key), (TALKS.file_name, TALKS.key)])
def test_keys_are_unique(name, key):
    first_line, problems = {}, []
    for line, row in ROWS[name]:
        value = tuple(row[k] for k in key)
        if value in first_line:
            problems.append(f"{where(name, line)}: {value} repeats line {first_line[value]}")
        first_line.setdefault(value, line)
    assert not problems, report(problems)


@pytest.mark.parametrize(
    ("name", "column", "required"),
    [
        (EXCHANGES.file_name, "date", True),
        (TALKS.file_name, "start_date", True),
        (TALKS.file_name, "end_date", False),
    ],
)
def test_dates_are_between_the_invasion_and_today(name, column, required):
    problems = []
    for line, row in ROWS[name]:
        text = row[column]
        if not text and not required:
            continue
        try:
            day = dt.date.fromisoformat(text) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) else None
        except ValueError:
            day = None
        if day is None:
            problems.append(f"{where(name, line, column)}: {text!r} is not a YYYY-MM-DD date")
        elif not FIRST_DATE <= day <= TODAY:
            problems.append(f"{where(name, line, column)}: {text} is outside {FIRST_DATE}..{TODAY}")
    assert not problems, report(problems)


def test_counts_are_whole_non_negative_numbers():
    problems = [
        f"{where(EXCHANGES.file_name, line, column)}: {row[column]!r} is not a whole number 0..{MAX_PER_HANDOVER}"
        for line, row in EXCHANGE_ROWS
        for column in COUNT_COLUMNS
        if row[column] and not (re.fullmatch(r"[0-9]+", row[column]) and int(row[column]) <= MAX_PER_HANDOVER)
    ]
    assert not problems, report(problems)


def test_civilians_are_within_totals():
    problems = []
    for line, row in EXCHANGE_ROWS:
        for side in ("ukraine", "russia"):
            civilians, total = row[f"civilians_to_{side}"], row[f"to_{side}"]
            if civilians and total and int(civilians) > int(total):
                problems.append(
                    f"{where(EXCHANGES.file_name, line)}: {civilians} civilians to {side} exceed the total {total}"
                )
    assert not problems, report(problems)


@pytest.mark.parametrize("name", FILES)
def test_source_urls_are_https(name):
    problems = [
        f"{where(name, line, 'source_url')}: {row['source_url']!r} is not an https:// address"
        for line, row in ROWS[name]
        if not re.fullmatch(r"https://[^\s/]+\.[^\s/]+(/\S*)?", row["source_url"])
    ]
    assert not problems, report(problems)


def test_every_series_is_a_talks_id():
    talks_ids = {row["talks_id"] for _, row in TALK_ROWS}
    problems = [
        f"{where(EXCHANGES.file_name, line, 'series')}: {row['series']!r} is no talks_id of talks.csv"
        for line, row in EXCHANGE_ROWS
        if row["series"] and row["series"] not in talks_ids
    ]
    assert not problems, report(problems)


def test_event_id_starts_with_its_date():
    problems = [
        f"{where(EXCHANGES.file_name, line, 'event_id')}: {row['event_id']!r} does not start with {row['date']}-"
        for line, row in EXCHANGE_ROWS
        if not row["event_id"].startswith(row["date"] + "-")
    ]
    assert not problems, report(problems)


def test_rows_of_one_event_share_date_and_kind():
    first = {}
    problems = []
    for line, row in EXCHANGE_ROWS:
        seen_line, seen = first.setdefault(row["event_id"], (line, row))
        for column in ("date", "kind"):
            if row[column] != seen[column]:
                problems.append(
                    f"{where(EXCHANGES.file_name, line, column)}: {row[column]!r} differs from "
                    f"{seen[column]!r} on line {seen_line} (same event_id {row['event_id']})"
                )
    assert not problems, report(problems)


def test_talks_end_on_or_after_they_start():
    problems = [
        f"{where(TALKS.file_name, line, 'end_date')}: {row['end_date']} is before start_date {row['start_date']}"
        for line, row in TALK_ROWS
        if row["end_date"] and row["end_date"] < row["start_date"]
    ]
    assert not problems, report(problems)
