"""Fuzzing `read_table`: whatever the bytes, it returns a valid frame or raises DataError, never anything else.

Locally every run draws new examples; with CI=true they are the same every run (derandomized), so CI stays
stable. No example database is written. Inputs a fuzzer once found are kept below in KNOWN_NASTY.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exchange_tracker.errors import DataError, Problem
from exchange_tracker.loading import SHIPPED_DATA, read_table
from exchange_tracker.schema import (
    COUNT_COLUMNS,
    EXCHANGES,
    FIRST_DATE,
    ID_PATTERN,
    MAX_PER_HANDOVER,
    TALKS,
    TableSpec,
)

TODAY = dt.date.today()
SHIPPED = (SHIPPED_DATA / "exchanges.csv").read_text(encoding="utf-8")
HEADER_LINE, *BODY = SHIPPED.splitlines(keepends=True)

FUZZ = settings(
    max_examples=200,
    deadline=None,
    database=None,
    derandomize=os.environ.get("CI") == "true",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text a hand-edited or exported CSV is likely to get wrong, inserted or put in place of a cell.
TOKENS = [",", ";", "\t", '"', '""', "\n", "\r", "\r\n", " ", "\ufeff", "\u2028", "\x85", "\x0c", "-", "0", "9" * 13]
CELLS = [
    "",
    " ",
    "-1",
    "0",
    "1,000",
    "1.5",
    "1e3",
    "100001",
    "99999999999999",
    "٣٩٠",
    "2022-02-23",
    "2099-01-01",
    "2025-02-30",
    "25/05/2025",
    "http://example.org",
    "javascript:alert(1)",
    "https://example.org",
    "RU",
    "both",
    "total",
    "body_repatriation",
    "istanbul-2025-2",
    '"quoted, with comma"',
    '"open quote',
]


def load_or_refuse(raw: bytes, spec: TableSpec = EXCHANGES) -> pd.DataFrame | None:
    """The frame, or None when refused with a well-formed DataError; any other exception fails the test."""
    try:
        frame = read_table(raw, spec, TODAY)
    except DataError as err:
        assert err.problems and all(isinstance(p, Problem) for p in err.problems)
        # A line ends at \r\n, \n or a lone \r (as the csv module and pandas read it).
        physical_lines = len(re.split(rb"\r\n|\r|\n", raw))
        for problem in err.problems:
            assert problem.file == spec.file_name
            assert problem.line is None or 1 <= problem.line <= physical_lines, str(problem)
            assert problem.column is None or problem.column in spec.column_names, str(problem)
        assert err.summary()
        return None
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == spec.column_names
    assert len(frame) > 0
    return frame


def assert_exchanges_invariants(frame: pd.DataFrame) -> None:
    assert not frame.duplicated(list(EXCHANGES.key)).any()
    for column in COUNT_COLUMNS:
        assert str(frame[column].dtype) == "Int64"
        counts = frame[column].dropna()
        assert ((counts >= 0) & (counts <= MAX_PER_HANDOVER)).all(), column
    for side in ("ukraine", "russia"):
        both = frame[[f"civilians_to_{side}", f"to_{side}"]].dropna()
        assert (both[f"civilians_to_{side}"] <= both[f"to_{side}"]).all(), side
    assert frame["source_url"].str.startswith("https://").all()
    assert frame["date"].between(pd.Timestamp(FIRST_DATE), pd.Timestamp(TODAY)).all()
    for spec in EXCHANGES.columns:
        if spec.required:
            assert frame[spec.name].notna().all(), spec.name
        if spec.type == "choice":
            assert frame[spec.name].dropna().isin(spec.choices).all(), spec.name
    assert frame["event_id"].str.match(ID_PATTERN).all()


def test_the_unmutated_shipped_file_passes_the_invariants():
    assert_exchanges_invariants(load_or_refuse(SHIPPED.encode()))


# (a) Random input.


@FUZZ
@given(raw=st.binary(max_size=2048), spec=st.sampled_from([EXCHANGES, TALKS]))
def test_random_bytes_load_or_are_refused(raw, spec):
    load_or_refuse(raw, spec)


@FUZZ
@given(
    prefix=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", HEADER_LINE.encode()]),
    body=st.text(max_size=400),
    encoding=st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "cp1251", "latin-1"]),
)
def test_random_text_after_a_bom_or_the_header_loads_or_is_refused(prefix, body, encoding):
    load_or_refuse(prefix + body.encode(encoding, errors="replace"))


# (b) Mutations of the shipped exchanges.csv.


def _position(draw, text: str) -> int:
    return draw(st.integers(0, max(len(text) - 1, 0)))


def delete_char(draw, text):
    i = _position(draw, text)
    return text[:i] + text[i + 1 :]


def duplicate_char(draw, text):
    i = _position(draw, text)
    return text[: i + 1] + text[i:]


def swap_chars(draw, text):
    i = _position(draw, text)
    return text[:i] + text[i + 1 : i + 2] + text[i : i + 1] + text[i + 2 :]


def truncate(draw, text):
    return text[: _position(draw, text)]


def insert_token(draw, text):
    i = _position(draw, text)
    token = draw(st.sampled_from(TOKENS)) if draw(st.booleans()) else draw(st.text(max_size=4))
    return text[:i] + token + text[i:]


def replace_cell(draw, text):
    lines = text.split("\n")
    n = draw(st.integers(0, len(lines) - 1))
    cells = lines[n].split(",")
    j = draw(st.integers(0, len(cells) - 1))
    cells[j] = draw(st.one_of(st.sampled_from(CELLS), st.text(max_size=12)))
    lines[n] = ",".join(cells)
    return "\n".join(lines)


def shuffle_lines(draw, text):
    lines = text.split("\n")
    i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    action = draw(st.sampled_from(["duplicate", "delete", "swap"]))
    if action == "duplicate":
        lines.insert(j, lines[i])
    elif action == "delete":
        del lines[i]
    else:
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


MUTATIONS = [delete_char, duplicate_char, swap_chars, truncate, insert_token, replace_cell, shuffle_lines]


@st.composite
def mutated_exchanges(draw) -> bytes:
    # "== 9", not "== 0": Hypothesis favours small numbers, and both branches are meant to be rare.
    if draw(st.integers(0, 9)) == 9:
        body = "".join(BODY)
    else:
        start = draw(st.integers(0, len(BODY) - 1))
        body = "".join(BODY[start : start + draw(st.integers(1, 12))])
    for mutate in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=4)):
        body = mutate(draw, body)
    # Now and then the header too (rarely: a broken header is refused before any row is read).
    header = draw(st.sampled_from(MUTATIONS))(draw, HEADER_LINE) if draw(st.integers(0, 9)) == 9 else HEADER_LINE
    text = header + body
    if draw(st.booleans()):
        text = text.replace(",", draw(st.sampled_from([";", "\t"])))
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"])))


@settings(FUZZ, max_examples=300)
@given(raw=mutated_exchanges())
def test_mutated_shipped_file_loads_valid_or_is_refused(raw):
    frame = load_or_refuse(raw)
    if frame is not None:
        assert_exchanges_invariants(frame)


# (c) The line a problem names: one bad cell, after multi-line cells, blank lines and any line ending.

ROWS = list(csv.reader(io.StringIO("".join(BODY))))
BAD_CELLS = [
    ("date", "2025-13-01"),
    ("kind", "swap"),
    ("to_ukraine", "many"),
    ("scope", "all"),
    ("claimed_by", "XX"),
    ("source_url", "http://example.org"),
]


def _csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


@st.composite
def file_with_one_bad_cell(draw) -> tuple[bytes, int, str]:
    """A valid slice of the shipped file with one bad cell, and the physical line and column of that cell."""
    start = draw(st.integers(0, len(ROWS) - 1))
    rows = [list(row) for row in ROWS[start : start + draw(st.integers(1, 8))]]
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    bad_row = draw(st.integers(0, len(rows) - 1))
    column, value = draw(st.sampled_from(BAD_CELLS))
    rows[bad_row][EXCHANGES.column_names.index(column)] = value
    notes = EXCHANGES.column_names.index("notes")
    parts, line, bad_line = [HEADER_LINE.rstrip("\n")], 2, 0
    for i, row in enumerate(rows):
        for _ in range(draw(st.integers(0, 2))):
            parts.append(draw(st.sampled_from(["", "  "])))  # blank lines are skipped, not rows
            line += 1
        extra_lines = draw(st.integers(0, 2))
        row[notes] = newline.join([row[notes], *["and more"] * extra_lines])
        parts.append(_csv_line(row))
        bad_line = line if i == bad_row else bad_line
        line += 1 + extra_lines
    return (newline.join(parts) + newline).encode(), bad_line, column


@settings(FUZZ, max_examples=150)
@given(case=file_with_one_bad_cell())
def test_a_bad_cell_is_reported_on_its_physical_line(case):
    raw, line, column = case
    with pytest.raises(DataError) as caught:
        read_table(raw, EXCHANGES, TODAY)
    found = {(p.line, p.column) for p in caught.value.problems}
    assert (line, column) in found, caught.value.summary()


# Inputs the fuzzers above found (or can find): each must load or be refused, not crash.

VALID = HEADER_LINE + BODY[0]
BAD_ROW = BODY[1].replace(",UA,", ",XX,")
KNOWN_NASTY = {
    "old Mac line endings (CR only) and a bad value": (VALID + BAD_ROW).replace("\n", "\r"),
    "a notes cell over 128 KiB and a bad value": VALID.rstrip("\n") + "x" * 140_000 + "\n" + BAD_ROW,
    "a header line over 128 KiB": HEADER_LINE.rstrip("\n") + "x" * 140_000 + "\n" + BODY[0],
    "form feed line before the header": "\x0c\n" + VALID,
    "no-break space line before the header": "\u00a0\n" + VALID,
    "line separator U+2028 inside the header": HEADER_LINE.rstrip("\n") + "\u2028junk,more\n" + BODY[0],
    "next line U+0085 inside the header": HEADER_LINE.rstrip("\n") + "\x85junk,more\n" + BODY[0],
}


@pytest.mark.parametrize("text", KNOWN_NASTY.values(), ids=KNOWN_NASTY.keys())
def test_known_nasty_input_loads_or_is_refused(text):
    frame = load_or_refuse(text.encode())
    if frame is not None:
        assert_exchanges_invariants(frame)
