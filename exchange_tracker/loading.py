"""Reading the CSV files: bytes in, validated frames out, or a `DataError` naming every problem.

The path is the same for the shipped data, a deployment's data folder and a user's upload:
decode -> find the delimiter -> check the header -> read as text -> check each value's format ->
pandera schema (types, ranges, choices, uniqueness) -> cross-table checks.

At scale (a million rows), a plain UTF-8 file is checked without decoding it to a str and read by pyarrow's
CSV reader; a file pyarrow cannot read as pandas would goes to pandas' C parser, whose errors name the lines.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import io
import json
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.errors
import pyarrow as pa
import pyarrow.compute
import pyarrow.csv

from exchange_tracker.errors import DataError, Problem
from exchange_tracker.i18n import N_, _, format_number, ngettext
from exchange_tracker.parallel import in_background
from exchange_tracker.schema import EXCHANGES, OFFICIAL_TOTALS, TALKS, TableSpec, schema_for

MAX_FILE_MB = 20
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
DELIMITERS = (",", ";", "\t")
SHIPPED_DATA = Path(__file__).resolve().parent.parent / "data"

# A single cell may be as large as the whole file allowed (the csv module's default limit is 128 KiB).
csv.field_size_limit(MAX_FILE_BYTES)
MAX_SHAPE_PROBLEMS = 200
HEADER_WINDOW = 1024 * 1024

_DATE_TEXT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_PRINTABLE_ASCII = re.compile(rb"[!-~]")  # bytes that are never whitespace, in any text
_INT_TEXT = re.compile(r"^-?[0-9]{1,12}$")
_SIGNATURES = {
    b"PK\x03\x04": N_("looks like a zip archive or an Excel workbook (.xlsx); export the sheet as CSV UTF-8"),
    b"\xd0\xcf\x11\xe0": N_("looks like an old Excel or Word file (.xls/.doc); export the sheet as CSV UTF-8"),
    b"%PDF": N_("looks like a PDF document, not a CSV file"),
    b"\x89PNG": N_("looks like a PNG image, not a CSV file"),
    b"\xff\xd8\xff": N_("looks like a JPEG image, not a CSV file"),
    b"\x1f\x8b": N_("looks like a gzip archive; unpack it and upload the CSV inside"),
}


@dataclass(frozen=True)
class Dataset:
    """The validated tables and where they came from."""

    exchanges: pd.DataFrame
    talks: pd.DataFrame
    origin: str  # "shipped", "upload" or the data folder's path
    as_of: dt.date
    # Official running totals to hold the data against (empty when the folder has none).
    official_totals: pd.DataFrame = field(default_factory=lambda: empty_table(OFFICIAL_TOTALS))


def empty_table(spec: TableSpec) -> pd.DataFrame:
    """A table with the spec's columns, typed as the loader types them, and no rows."""
    dtypes = {"count": "Int64", "date": "datetime64[us]"}
    return pd.DataFrame({c.name: pd.Series(dtype=dtypes.get(c.type, "str")) for c in spec.columns})


def _decode(raw: bytes, file_name: str) -> str:
    if len(raw) > MAX_FILE_BYTES:
        size_mb = len(raw) / 1024 / 1024
        raise DataError(
            [
                Problem(
                    file_name,
                    _("is {size} MB ({bytes} bytes); the limit is {limit} MB").format(
                        size=format_number(size_mb, decimals=2), bytes=format_number(len(raw)), limit=MAX_FILE_MB
                    ),
                )
            ]
        )
    for signature, what in _SIGNATURES.items():
        if raw.startswith(signature):
            raise DataError([Problem(file_name, _(what))])
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError(
                [Problem(file_name, _("starts like UTF-16 text but cannot be decoded; save it as CSV UTF-8"))]
            ) from None
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            if b"\x00" in raw[:4096]:
                message = _("is a binary file, not a CSV text file")
            else:
                message = _(
                    "is not UTF-8 text (byte {byte} on line {line}); it may be in Windows-1251 or another legacy "
                    "encoding. Save it as 'CSV UTF-8' and upload it again"
                ).format(byte=f"0x{raw[err.start]:02x}", line=line)
            raise DataError([Problem(file_name, message)]) from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise DataError([Problem(file_name, _("is a binary file, not a CSV text file"))])
    if not text.strip():
        raise DataError([Problem(file_name, _("is empty; expected a header line and at least one row"))])
    return text


def _is_utf8(data: bytes | memoryview) -> bool:
    """Whether `data` is valid UTF-8, checked by pyarrow without building a str (milliseconds for 300 MB)."""
    offsets = pa.array([0, len(data)], pa.int64()).buffers()[1]
    try:
        pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)]).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _plain_utf8_start(raw: bytes) -> int | None:
    """Where the text of a plain UTF-8 file starts (after its byte-order marks), when `_decode` would accept it.

    That is: within the size limit, no known binary signature, not UTF-16, valid UTF-8 without NUL, and a
    character other than whitespace near the start. None when only `_decode` can tell.
    """
    if len(raw) > MAX_FILE_BYTES or raw.startswith((*_SIGNATURES, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    start = 0
    for _attempt in range(2):  # decoding as utf-8-sig drops one mark, `_decode` a second
        if raw.startswith(codecs.BOM_UTF8, start):
            start += len(codecs.BOM_UTF8)
    if b"\x00" in raw or not _PRINTABLE_ASCII.search(raw, start, start + HEADER_WINDOW) or not _is_utf8(raw):
        return None
    return start


class _Text:
    """The text of a file, checked as `_decode` checks it, kept as UTF-8 bytes for the CSV parser.

    A plain UTF-8 file (nearly every one) is used as it is: its bytes go straight to the parser, and the whole
    text is decoded to a str only when a problem must be put on its line. A large file is then held once, not
    three times (the bytes, the str, and the str encoded again for the parser).
    """

    def __init__(self, raw: bytes, file_name: str):
        start = _plain_utf8_start(raw)
        if start is None:
            self._whole: str | None = _decode(raw, file_name)  # UTF-16, or a problem told in `_decode`'s words
            self.utf8 = memoryview(self._whole.encode("utf-8"))
        else:
            self._whole = None
            self.utf8 = memoryview(raw)[start:]
        # The first HEADER_WINDOW characters: at most 4 bytes each; a character cut at the end is left out.
        self.head = codecs.getincrementaldecoder("utf-8")().decode(self.utf8[: 4 * HEADER_WINDOW])[:HEADER_WINDOW]

    def whole(self) -> str:
        """All of the text (decoded on the first call)."""
        if self._whole is None:
            self._whole = str(self.utf8, "utf-8")
        return self._whole


def _records(text: str, delimiter: str, file_name: str) -> Iterator[tuple[int, list[str]]]:
    """(line on which it starts, fields) of each record, skipping blank lines as pandas does."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous_end = 0
    try:
        for fields in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if fields and not (len(fields) == 1 and not fields[0].strip()):
                yield start, fields
    except csv.Error as err:
        problem = Problem(file_name, _("cannot be read as CSV: {detail}").format(detail=err), line=reader.line_num)
        raise DataError([problem]) from None


def _delimiter(text: _Text) -> str:
    """The delimiter that splits the first line into the most fields (commas, semicolons or tabs)."""
    lines = text.head.lstrip().splitlines()
    if len(lines) < 2:  # the first line may go on past the head (or be all there is)
        lines = text.whole().lstrip().splitlines()
    first_line = lines[0]  # `_decode` refuses a blank text
    return max(DELIMITERS, key=lambda d: len(next(csv.reader([first_line], delimiter=d), [])))


def ngettext_fields(found: int, expected: int) -> str:
    """'has 3 fields; the header has 14', with the plural form of the count found."""
    return ngettext(
        "has {found} field; the header has {expected}", "has {found} fields; the header has {expected}", found
    ).format(found=found, expected=expected)


def _shape_problems(text: str, delimiter: str, file_name: str) -> list[Problem]:
    """A problem for every record whose number of fields differs from the header's."""
    records = _records(text, delimiter, file_name)
    _header_line, header = next(records)
    problems = []
    for line, fields in records:
        if len(fields) != len(header):
            message = ngettext_fields(len(fields), len(header))
            problems.append(Problem(file_name, message, line=line))
            if len(problems) >= MAX_SHAPE_PROBLEMS:
                break
    return problems


def _check_header(names: list[str], spec: TableSpec) -> list[Problem]:
    expected = spec.column_names
    problems = []
    unknown = [n for n in names if n not in expected]
    # Fewer than half the required columns: another file, not a misspelling; say so once.
    required = [c.name for c in spec.columns if c.required]
    if sum(name in names for name in required) < len(required) / 2:
        shown = ", ".join(f'"{n}"' for n in names[:5])
        return [
            Problem(
                spec.file_name,
                _("the first line is not the header of {file}: found {found}; expected the columns {expected}").format(
                    file=spec.file_name, found=shown, expected=", ".join(expected)
                ),
                line=1,
            )
        ]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(Problem(spec.file_name, _('column "{name}" appears more than once').format(name=name), line=1))
    missing = [n for n in expected if n not in names]
    for name in (c.name for c in spec.columns if c.required and c.name in missing):
        problems.append(Problem(spec.file_name, _('the column "{name}" is missing').format(name=name), line=1))
    for name in unknown:
        close = difflib.get_close_matches(name, missing or expected, n=1)
        if close:
            message = _(
                'unknown column "{name}" (did you mean "{close}"?); extra columns are not accepted, so that nothing '
                "in them is silently dropped: remove or rename it"
            ).format(name=name, close=close[0])
        else:
            message = _(
                'unknown column "{name}"; extra columns are not accepted, so that nothing in them is silently '
                "dropped: remove or rename it"
            ).format(name=name)
        problems.append(Problem(spec.file_name, message, line=1))
    return problems


def _record_lines(text: str, delimiter: str, file_name: str) -> list[int]:
    """The line on which each data row starts (the header and blank lines are not rows)."""
    return [line for line, _ in _records(text, delimiter, file_name)][1:]


def _quoted(value: object) -> str:
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return json.dumps(text, ensure_ascii=False)


def _stripped(values: pd.Series) -> pd.Series:
    """`values.str.strip()`, keeping the chunks of text that have nothing to strip (nearly all) instead of copies."""
    chunks = []
    for chunk in pa.chunked_array(values).chunks:
        stripped = pyarrow.compute.utf8_trim_whitespace(chunk)  # what `.str.strip()` does, a chunk at a time
        chunks.append(chunk if stripped.equals(chunk) else stripped)
    stripped_values = pd.array(pa.chunked_array(chunks, type=pa.large_string()), dtype="str")
    return pd.Series(stripped_values, index=values.index, name=values.name)


def _matches(values: pd.Series, pattern: str) -> np.ndarray:
    """Whether each value matches `pattern` from its start (False where missing), as `.str.match` tells.

    pyarrow's regex kernel on the column's own arrays: a third of the cost of `.str.match` at a million rows.
    """
    matched = pyarrow.compute.match_substring_regex(pa.chunked_array(values), pattern)
    return pyarrow.compute.fill_null(matched, False).to_numpy()


def _parsed_dates(values: pd.Series) -> pd.Series:
    """The dates of the values written YYYY-MM-DD that are days of the calendar; NaT for any other value.

    pyarrow's cast reads them several times faster than `pd.to_datetime`, and refuses a whole column when one
    of them is no day (2025-02-30); pandas then tells which ones, as before.
    """
    well_formed = _matches(values, _DATE_TEXT.pattern)
    text = pa.chunked_array(values)
    try:
        days = pyarrow.compute.cast(text.filter(pa.array(well_formed)), pa.timestamp("us"))
    except pa.ArrowInvalid:
        return pd.to_datetime(values.where(well_formed), format="%Y-%m-%d", errors="coerce").astype("datetime64[us]")
    if well_formed.all():
        parsed = days.to_numpy()
    else:
        parsed = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[us]")
        parsed[well_formed] = days.to_numpy()
    return pd.Series(parsed, index=values.index, name=values.name)


def _whole_numbers(values: pd.Series, well_formed: np.ndarray) -> pd.Series:
    """The values at `well_formed` (optional minus and 1 to 12 digits) as Int64; missing elsewhere."""
    text = pa.chunked_array(values)
    numbers = pyarrow.compute.cast(pyarrow.compute.if_else(pa.array(well_formed), text, None), pa.int64())
    return pd.Series(pd.Int64Dtype().__from_arrow__(numbers), index=values.index, name=values.name)


def _parse_values(text_frame: pd.DataFrame, spec: TableSpec) -> tuple[pd.DataFrame, list[tuple[int, str, str]]]:
    """Typed columns from text; and (row, column, message) for every value that is not in its column's format.

    Each column is taken out of `text_frame` as it is read, so that a large file's text is not held beside
    all of its typed columns.
    """
    typed, problems = {}, []
    for column in spec.columns:
        values = _stripped(text_frame.pop(column.name))
        blank = values == ""
        empty = blank | values.isna()  # pyarrow reads an empty cell as missing, pandas' parser as ""
        if column.required:
            for row in values.index[empty]:
                problems.append((row, column.name, _("is empty; {column} is required").format(column=column.name)))
        elif column.default is not None and empty.any():
            values, blank, empty = values.where(~empty, column.default), blank & False, empty & False
        if column.type == "date":
            parsed = _parsed_dates(values)
            bad = ~empty & parsed.isna()
            for row in values.index[bad]:
                problems.append(
                    (row, column.name, _("{value} is not a date in YYYY-MM-DD").format(value=_quoted(values[row])))
                )
            typed[column.name] = parsed.astype("datetime64[us]")
        elif column.type == "count":
            well_formed = _matches(values, _INT_TEXT.pattern)
            bad = ~empty & ~well_formed
            for row in values.index[bad]:
                value = values[row]
                if re.fullmatch(r"[0-9]{1,3}([, ][0-9]{3})+", value):
                    why = _("{value} has a thousands separator; write the digits alone")
                elif re.fullmatch(r"-?[0-9]+[.,][0-9]+", value):
                    why = _("{value} is not a whole number")
                elif re.fullmatch(r"-?[0-9]+", value):
                    why = _("{value} is far too large for one handover")
                else:
                    why = _("{value} is not a number; leave the cell empty when the figure is unknown")
                problems.append((row, column.name, why.format(value=_quoted(value))))
            typed[column.name] = _whole_numbers(values, well_formed & ~empty.to_numpy())  # digits only: exact
        else:
            typed[column.name] = values.where(~blank) if blank.any() else values
    return pd.DataFrame(typed, index=text_frame.index), problems


def _schema_problems(err: pandera.errors.SchemaErrors, frame: pd.DataFrame) -> list[tuple[int | None, str | None, str]]:
    found = []
    cases = err.failure_cases
    for case in cases.itertuples(index=False):
        row = None if pd.isna(case.index) else int(case.index)
        column = None if pd.isna(case.column) else str(case.column)
        check = str(case.check)
        if "uniqueness" in check:
            continue  # _duplicate_keys reports repeated ids with the line they repeat
        if case.schema_context == "DataFrameSchema" and row is not None:
            found.append((row, None, check))  # a check across columns: one message for the row
        elif check == "not_nullable" and row is not None:
            found.append((row, column, _("is empty; {column} is required").format(column=column)))
        elif column in frame.columns and row is not None:
            value = frame.at[row, column]
            shown = value.date().isoformat() if isinstance(value, pd.Timestamp) else value
            found.append((row, column, _("{value} must be {rule}").format(value=_quoted(shown), rule=check)))
        else:
            found.append((row, column, f"{check} ({case.failure_case})"))
    return found


def _duplicate_keys(frame: pd.DataFrame, spec: TableSpec) -> list[tuple[int, str, str]]:
    """A problem for every row whose key repeats an earlier row's, naming that row."""
    keys = frame[list(spec.key)]
    repeated = keys.duplicated(keep="first") & keys.notna().all(axis=1)
    if not repeated.any():
        return []
    involved = keys[keys.duplicated(keep=False)]  # only the rows that share a key are looked at one by one
    first_rows = {}
    for row, key in zip(involved.index, map(tuple, involved.to_numpy()), strict=True):
        first_rows.setdefault(key, row)
    found = []
    for row in keys.index[repeated]:
        key = tuple(keys.loc[row])
        shown = ", ".join(f"{name} {_quoted(value)}" for name, value in zip(spec.key, key, strict=False))
        # {line:ROW} is replaced with the line of that row once lines are known (see read_table).
        message = _("{key} repeats line {line}").format(key=shown, line=f"{{line:{first_rows[key]}}}")
        found.append((row, spec.key[0], message))
    return found


def _ends_with_field(utf8: memoryview, delimiter: str, last_value: str) -> bool:
    """Whether the text ends with `last_value` as a whole field: `,value` (no quote or line break in it) or `,"value"`.

    pyarrow reads a quote left open at the end of the file as if it were closed, where pandas refuses the file.
    Such a quote can only open the last field of the last row (anywhere else, that row would come short of
    fields), and the text then ends with neither form.
    """
    end = len(utf8)
    while end and utf8[end - 1] in b"\r\n":  # line ends and blank lines after the last row
        end -= 1
    if not any(mark in last_value for mark in '"\r\n'):
        field = f"{delimiter}{last_value}"
        if utf8[max(end - len(field.encode()), 0) : end] == field.encode():
            return True
    if last_value.endswith(("\r", "\n")):
        return False  # a line break at the end of a quoted value: too close to the open-quote case to tell
    escaped = last_value.replace('"', '""')
    quoted = f'{delimiter}"{escaped}"'.encode()
    return utf8[max(end - len(quoted), 0) : end] == quoted


def _parser_memory_pool() -> pa.MemoryPool:
    """jemalloc where pyarrow has it (its Linux builds), else the default pool.

    For the CSV reader's many short-lived blocks, jemalloc keeps about 150 MB less resident at a million rows
    than pyarrow's default (mimalloc), and the cells it holds are freed column by column as they are parsed.
    """
    try:
        return pa.jemalloc_memory_pool()
    except NotImplementedError:  # a build without jemalloc
        return pa.default_memory_pool()


def _read_cells_with_pyarrow(utf8: memoryview, delimiter: str, header: list[str]) -> pd.DataFrame | None:
    """Every cell as text (an empty one missing), read by pyarrow as pandas' C parser reads it, several times faster.

    None when pyarrow refuses the file (a row with too few or too many fields, a line of spaces, which pandas
    skips, an unclosed quote...) or reads the header otherwise than the csv module: the C parser then reads it,
    and tells what is wrong.
    """
    try:
        table = pyarrow.csv.read_csv(
            pa.py_buffer(utf8),
            parse_options=pyarrow.csv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pyarrow.csv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.large_string()),
                null_values=[""],  # an empty cell is missing (pandas' parser reads it as ""): nothing to copy later
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
            memory_pool=_parser_memory_pool(),
        )
    except pa.ArrowException:
        return None
    if table.column_names != header or any(kind != pa.large_string() for kind in table.schema.types):
        return None
    if table.num_rows == 0 or not _ends_with_field(utf8, delimiter, table.column(-1)[-1].as_py() or ""):
        return None
    text_type = pd.StringDtype("pyarrow", na_value=float("nan"))  # the "str" dtype, which pandas' parser gives
    return table.to_pandas(types_mapper={pa.large_string(): text_type}.get)


def _read_cells_with_pandas(text: _Text, delimiter: str, file_name: str) -> pd.DataFrame:
    """Every cell as text, read by pandas' C parser; DataError naming the rows whose shape is wrong."""
    try:
        with warnings.catch_warnings():
            # pandas warns, and drops data, when a row has more fields than the header: refuse instead.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(
                io.BytesIO(text.utf8),  # pandas parses bytes much faster than a text stream
                sep=delimiter,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                index_col=False,
                engine="c",
            )
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as err:
        problems = _shape_problems(text.whole(), delimiter, file_name)
        if not problems:
            detail = str(err).strip().splitlines()[-1].removeprefix("Error tokenizing data. C error: ")
            problems = [Problem(file_name, _("cannot be read as CSV: {detail}").format(detail=detail))]
        raise DataError(problems) from None


def _read_text_frame(text: _Text, delimiter: str, spec: TableSpec, file_name: str) -> pd.DataFrame:
    """Every cell as text, columns as in the header; DataError when the file's shape is wrong."""
    # The header is read from the first megabyte: the csv module on the whole text costs seconds at scale.
    records = _records(text.head, delimiter, file_name)
    header_line, header = next(records, (1, []))
    header_problems = _check_header([name.strip() for name in header], spec)
    if header_problems:
        raise DataError([Problem(file_name, p.message, header_line, p.column) for p in header_problems])
    text_frame = _read_cells_with_pyarrow(text.utf8, delimiter, header)
    if text_frame is None:
        text_frame = _read_cells_with_pandas(text, delimiter, file_name)
    if [c.strip() for c in text_frame.columns] != [name.strip() for name in header]:
        # pandas and the csv module disagree on where the header is: invisible characters before it.
        message = _("the first line must be the column names; remove any blank or invisible characters before them")
        raise DataError([Problem(file_name, message, line=1)])
    if text_frame.empty:
        raise DataError([Problem(file_name, _("has a header but no data rows"))])
    text_frame = text_frame.set_axis([c.strip() for c in text_frame.columns], axis=1)
    # Columns that may be empty may also be absent (a file written to older documentation): all their cells empty.
    absent = [c.name for c in spec.columns if c.name not in text_frame.columns]
    return (
        text_frame.assign(**dict.fromkeys(absent, pd.NA)).astype(dict.fromkeys(absent, "str")) if absent else text_frame
    )


def read_table(raw: bytes, spec: TableSpec, today: dt.date, file_name: str | None = None) -> pd.DataFrame:
    """Validated frame of one table from the bytes of its CSV file, or DataError listing every problem."""
    file_name = file_name or spec.file_name
    text = _Text(raw, file_name)
    delimiter = _delimiter(text)
    text_frame = _read_text_frame(text, delimiter, spec, file_name)
    frame, found = _parse_values(text_frame, spec)
    del text_frame  # emptied by `_parse_values`
    # The unique key (spec.key) is checked by `_duplicate_keys`, which names the line each repeat repeats, and not
    # by pandera: its check of it again would cost a quarter of a second at a million rows. It runs while pandera
    # checks the rest (exchange_tracker/parallel.py); both only read `frame`.
    duplicates = in_background(_duplicate_keys, frame, spec)
    schema = schema_for(spec, today)
    try:
        frame, schema_errors = schema.validate(frame, lazy=True), None
    except pandera.errors.SchemaErrors as err:
        schema_errors = err
    found += duplicates.result()
    if schema_errors is not None:
        # A cell that failed to parse is empty in `frame`; its parse message is the one to keep.
        reported = {(row, column) for row, column, _ in found}
        found += [p for p in _schema_problems(schema_errors, frame) if (p[0], p[1]) not in reported]
    if found:
        line_of = _line_finder(text.whole(), delimiter, file_name)

        def with_lines(message: str) -> str:
            # Messages refer to other rows as {line:ROW}; name their line instead.
            return re.sub(r"\{line:(\d+)\}", lambda m: str(line_of(int(m[1]))), message)

        problems = sorted(
            {Problem(file_name, with_lines(message), line_of(row), column) for row, column, message in found},
            key=lambda p: (p.line or 0, spec.column_names.index(p.column) if p.column in spec.column_names else -1),
        )
        raise DataError(problems)
    return frame[spec.column_names]


def _line_finder(text: str, delimiter: str, file_name: str) -> Callable[[int | None], int | None]:
    """Row index -> physical line of the file (rows may span lines; blank lines are skipped)."""
    lines = _record_lines(text, delimiter, file_name)

    def line_of(row: int | None) -> int | None:
        return None if row is None else lines[row] if row < len(lines) else row + 2

    return line_of


def row_lines(raw: bytes, file_name: str) -> Callable[[int | None], int | None]:
    """The physical line of each row of a file already read (for problems found across files)."""
    text = _Text(raw, file_name)
    return _line_finder(text.whole(), _delimiter(text), file_name)


def check_series(
    exchanges: pd.DataFrame,
    talks: pd.DataFrame,
    line_of: Callable[[int | None], int | None] = lambda row: row + 2,
    file_name: str = EXCHANGES.file_name,
) -> None:
    """Every `series` of exchanges names a `talks_id` of talks; DataError otherwise."""
    unknown = exchanges["series"].notna() & ~exchanges["series"].isin(talks["talks_id"])
    if unknown.any():
        problems = [
            Problem(
                file_name,
                _("series {value} names no talks_id in talks.csv").format(value=_quoted(exchanges.at[row, "series"])),
                column="series",
                line=line_of(row),
            )
            for row in exchanges.index[unknown]
        ]
        raise DataError(problems)


def load_dataset(
    exchanges_raw: bytes, talks_raw: bytes, today: dt.date, origin: str, as_of: dt.date | None = None
) -> Dataset:
    """Both tables, validated alone and together; `as_of` defaults to the latest date in them."""
    problems: list[Problem] = []
    exchanges = talks = None
    try:
        exchanges = read_table(exchanges_raw, EXCHANGES, today)
    except DataError as err:
        problems += err.problems
    try:
        talks = read_table(talks_raw, TALKS, today)
    except DataError as err:
        problems += err.problems
    if problems:
        raise DataError(problems)
    _check_series_of(exchanges, talks, exchanges_raw)
    if as_of is None:
        as_of = max(exchanges["date"].max(), talks["start_date"].max()).date()
    return Dataset(exchanges=exchanges, talks=talks, origin=origin, as_of=as_of)


def _check_series_of(exchanges: pd.DataFrame, talks: pd.DataFrame, exchanges_raw: bytes) -> None:
    try:
        check_series(exchanges, talks)
    except DataError:
        check_series(exchanges, talks, line_of=row_lines(exchanges_raw, EXCHANGES.file_name))  # now with lines


def data_as_of(folder: Path) -> dt.date | None:
    """The 'data as of' date declared in the folder's datapackage.json, if there is one."""
    package = folder / "datapackage.json"
    if not package.exists():
        return None
    declared = json.loads(package.read_text(encoding="utf-8")).get("data_as_of")
    return dt.date.fromisoformat(declared) if declared else None


def load_folder(folder: Path, today: dt.date, origin: str | None = None) -> Dataset:
    """The dataset in a folder holding exchanges.csv and talks.csv (and optionally datapackage.json)."""
    folder = Path(folder)
    missing = [name for name in (EXCHANGES.file_name, TALKS.file_name) if not (folder / name).is_file()]
    if missing:
        raise DataError([Problem(str(folder / name), _("is missing from the data folder")) for name in missing])
    dataset = load_dataset(
        (folder / EXCHANGES.file_name).read_bytes(),
        (folder / TALKS.file_name).read_bytes(),
        today=today,
        origin=origin or str(folder),
        as_of=data_as_of(folder),
    )
    totals = folder / OFFICIAL_TOTALS.file_name
    if totals.is_file():
        dataset = replace(dataset, official_totals=read_table(totals.read_bytes(), OFFICIAL_TOTALS, today))
    return dataset


def load_upload(exchanges_raw: bytes, talks_raw: bytes | None, served: Dataset, today: dt.date) -> Dataset:
    """A user's files as a dataset; without a talks file, the served talks are used beside them."""
    if talks_raw is not None:
        dataset = load_dataset(exchanges_raw, talks_raw, today=today, origin="upload")
        return replace(dataset, official_totals=served.official_totals)
    exchanges = read_table(exchanges_raw, EXCHANGES, today)
    _check_series_of(exchanges, served.talks, exchanges_raw)
    as_of = exchanges["date"].max().date()
    return Dataset(
        exchanges=exchanges, talks=served.talks, origin="upload", as_of=as_of, official_totals=served.official_totals
    )
