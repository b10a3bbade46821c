"""The two tables' columns and their pandera schemas, checked once when a file is loaded.

Each column is declared once here (`ColumnSpec`); the text parser in `loading` and the pandera schema
below are both built from these declarations, and `data/datapackage.json` documents them (a test keeps
the two in step).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from exchange_tracker.i18n import _, format_number

FIRST_DATE = dt.date(2022, 2, 24)
# Larger than any single handover reported (the largest are a few thousand); a bigger number is a typo.
MAX_PER_HANDOVER = 100_000

EXCHANGE_KINDS = ("prisoner_exchange", "civilian_return", "body_repatriation")
PEOPLE_KINDS = EXCHANGE_KINDS[:2]  # handovers of people: prisoner exchanges and returns of civilians
BODIES_KIND = EXCHANGE_KINDS[2]
# Whose figures a row holds; also the order in which claims are listed in words.
CLAIMANTS = ("UA", "RU", "both", "press")
# "total": a claimant's count over several handovers (e.g. Russia's June 2025 total), kept beside them, never added.
SCOPES = ("handover", "total")
# "round": delegations met; "agreement": an agreement announced without a meeting (e.g. by a mediator);
# "status": a period in which the talks had a status.
TALKS_KINDS = ("round", "agreement", "status")
# The kinds of talks rows that can agree something that exchanges then carry out (`series` in exchanges.csv).
AGREEING_KINDS = ("round", "agreement")
# What an official running total counts (official_totals.csv); "_to_ukraine" totals count what Ukraine received.
TOTAL_MEASURES = (
    "people_to_ukraine",  # people returned to Ukraine in exchanges since 24 February 2022
    "people_to_ukraine_all",  # people returned in all (exchanges and outside them), or not said which
    "people_outside_exchanges_to_ukraine",
    "exchange_number",  # the ordinal number of an exchange of prisoners
    "bodies_to_ukraine",
    "body_repatriation_number",
    "children_to_ukraine",
    "people_to_russia",
    "bodies_to_russia",
)
BOUNDS = ("exact", "lower")  # "lower": the statement says "more than", "over", "about"
TALKS_STATUSES = ("active", "paused", "suspended", "frozen", "ended")


@dataclass(frozen=True)
class ColumnSpec:
    """One column: its name, how its text is read, whether it may be empty (or absent) and its default.

    A required column carries the row's meaning: it must be in the header and filled in every row. Any other
    column may be left out of a file (an older file, or one written to an earlier version of the documentation);
    its cells are then empty, or `default` where the column has one.
    """

    name: str
    type: str  # "id" | "date" | "count" | "text" | "choice" | "url"
    required: bool = False
    choices: tuple[str, ...] = ()
    default: str | None = None


EXCHANGES_COLUMNS = (
    ColumnSpec("event_id", "id", required=True),
    ColumnSpec("date", "date", required=True),
    ColumnSpec("kind", "choice", required=True, choices=EXCHANGE_KINDS),
    ColumnSpec("to_ukraine", "count"),
    ColumnSpec("to_russia", "count"),
    ColumnSpec("civilians_to_ukraine", "count"),
    ColumnSpec("civilians_to_russia", "count"),
    # People Ukraine says came home on the same occasion outside the exchange itself; never part of to_ukraine.
    ColumnSpec("outside_exchange_to_ukraine", "count"),
    ColumnSpec("mediator", "text"),
    ColumnSpec("series", "text"),
    ColumnSpec("scope", "choice", choices=SCOPES, default="handover"),
    ColumnSpec("claimed_by", "choice", required=True, choices=CLAIMANTS),
    ColumnSpec("source_url", "url", required=True),
    ColumnSpec("source_publisher", "text", required=True),
    ColumnSpec("notes", "text"),
)

TALKS_COLUMNS = (
    ColumnSpec("talks_id", "id", required=True),
    ColumnSpec("start_date", "date", required=True),
    ColumnSpec("end_date", "date"),
    ColumnSpec("kind", "choice", required=True, choices=TALKS_KINDS),
    ColumnSpec("status", "choice", choices=TALKS_STATUSES),
    ColumnSpec("title", "text", required=True),
    ColumnSpec("title_uk", "text"),
    ColumnSpec("location", "text"),
    ColumnSpec("mediators", "text"),
    ColumnSpec("agreed", "text"),
    ColumnSpec("agreed_uk", "text"),
    ColumnSpec("source_url", "url", required=True),
    ColumnSpec("source_publisher", "text", required=True),
)

OFFICIAL_TOTALS_COLUMNS = (
    ColumnSpec("total_id", "id", required=True),
    ColumnSpec("date", "date", required=True),
    ColumnSpec("measure", "choice", required=True, choices=TOTAL_MEASURES),
    ColumnSpec("value", "count", required=True),
    ColumnSpec("bound", "choice", choices=BOUNDS, default="exact"),
    ColumnSpec("claimed_by", "choice", required=True, choices=("UA", "RU")),
    ColumnSpec("said_by", "text", required=True),
    # The `_uk` columns: the same texts in Ukrainian (our own words), shown to Ukrainian readers; empty falls back
    # to the English text, so files made before these columns still load.
    ColumnSpec("said_by_uk", "text"),
    # Why this total counts something else than the dataset (e.g. it includes people freed outside exchanges);
    # empty when it counts the same thing, so that the dataset's own running total can be held against it.
    ColumnSpec("scope_difference", "text"),
    ColumnSpec("scope_difference_uk", "text"),
    # Why the dataset is known to fall short of (or exceed) this total although it counts the same thing: the
    # handovers that no report dates (data/README.md, Known gaps). Empty when no such gap is known.
    ColumnSpec("known_gap", "text"),
    ColumnSpec("known_gap_uk", "text"),
    ColumnSpec("source_url", "url", required=True),
    ColumnSpec("source_publisher", "text", required=True),
    ColumnSpec("notes", "text"),
)

COUNT_COLUMNS = ("to_ukraine", "to_russia", "civilians_to_ukraine", "civilians_to_russia")
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


@dataclass(frozen=True)
class TableSpec:
    """A table the app reads: its file name, its columns and the columns that identify a row."""

    file_name: str
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


EXCHANGES = TableSpec("exchanges.csv", EXCHANGES_COLUMNS, key=("event_id", "claimed_by"))
TALKS = TableSpec("talks.csv", TALKS_COLUMNS, key=("talks_id",))
OFFICIAL_TOTALS = TableSpec("official_totals.csv", OFFICIAL_TOTALS_COLUMNS, key=("total_id",))


def _pandera_column(spec: ColumnSpec, today: dt.date) -> pa.Column:
    nullable = not spec.required and spec.default is None
    if spec.type == "date":
        checks = [
            pa.Check.ge(pd.Timestamp(FIRST_DATE), error=_("on or after {date}").format(date=FIRST_DATE.isoformat())),
            pa.Check.le(pd.Timestamp(today), error=_("on or before today ({date})").format(date=today.isoformat())),
        ]
        # The loader parses dates itself (for precise messages); pandera's coercion would turn [us] into [ns].
        return pa.Column("datetime64[us]", checks, nullable=nullable, coerce=False)
    if spec.type == "count":
        checks = [
            pa.Check.ge(0, error=_("a whole number of 0 or more")),
            pa.Check.le(MAX_PER_HANDOVER, error=_("at most {limit}").format(limit=format_number(MAX_PER_HANDOVER))),
        ]
        return pa.Column("Int64", checks, nullable=True, coerce=True)
    checks = []
    if spec.type == "id":
        checks.append(pa.Check.str_matches(ID_PATTERN, error=_("lowercase letters, digits and hyphens")))
    if spec.type == "choice":
        checks.append(pa.Check.isin(spec.choices, error=_("one of {choices}").format(choices=", ".join(spec.choices))))
    if spec.type == "url":
        checks.append(pa.Check.str_startswith("https://", error=_("an https:// address")))
    return pa.Column("str", checks, nullable=nullable, coerce=True)


def _civilians_within_totals(df: pd.DataFrame) -> pd.Series:
    ok = pd.Series(True, index=df.index)
    for side in ("ukraine", "russia"):
        civilians, total = df[f"civilians_to_{side}"], df[f"to_{side}"]
        # A negative total is reported on its own; comparing civilians with it would only add noise.
        ok &= ~(civilians.notna() & total.notna() & (total >= 0) & (civilians > total)).astype(bool)
    return ok


def _end_not_before_start(df: pd.DataFrame) -> pd.Series:
    return ~(df["end_date"].notna() & (df["end_date"] < df["start_date"])).astype(bool)


def _status_rows_have_status(df: pd.DataFrame) -> pd.Series:
    return ~((df["kind"] == "status") & df["status"].isna()).astype(bool)


def exchanges_schema(today: dt.date) -> pa.DataFrameSchema:
    """Strict, coercing schema of exchanges.csv; dates must fall between 2022-02-24 and `today`."""
    return pa.DataFrameSchema(
        {c.name: _pandera_column(c, today) for c in EXCHANGES_COLUMNS},
        checks=[
            pa.Check(
                _civilians_within_totals,
                name="civilians_within_totals",
                error=_("civilians exceed the total for the same side"),
            )
        ],
        strict=True,
        ordered=False,
        name="exchanges",
    )


def talks_schema(today: dt.date) -> pa.DataFrameSchema:
    """Strict, coercing schema of talks.csv."""
    return pa.DataFrameSchema(
        {c.name: _pandera_column(c, today) for c in TALKS_COLUMNS},
        checks=[
            pa.Check(_end_not_before_start, name="end_not_before_start", error=_("end_date is before start_date")),
            pa.Check(_status_rows_have_status, name="status_rows_have_status", error=_("a status row needs a status")),
        ],
        strict=True,
        ordered=False,
        name="talks",
    )


def official_totals_schema(today: dt.date) -> pa.DataFrameSchema:
    """Strict, coercing schema of official_totals.csv."""
    return pa.DataFrameSchema(
        {c.name: _pandera_column(c, today) for c in OFFICIAL_TOTALS_COLUMNS},
        strict=True,
        ordered=False,
        name="official_totals",
    )


def schema_for(spec: TableSpec, today: dt.date) -> pa.DataFrameSchema:
    """The pandera schema of a table."""
    builders = {
        "exchanges.csv": exchanges_schema,
        "talks.csv": talks_schema,
        "official_totals.csv": official_totals_schema,
    }
    return builders[spec.file_name](today)
