"""Pure reshaping of the validated tables into what the pages show. No Streamlit here.

The headline rule: where the sides' figures differ, each side's own count of the people (or bodies) it
received is shown: `to_ukraine` from Ukraine's claim, `to_russia` from Russia's; a row both sides agree
on (`both`) comes next, then the other side's claim, then a press figure nobody attributed.
"""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from exchange_tracker.months import FIRST_MONTH, MonthRange, month_of
from exchange_tracker.parallel import in_background
from exchange_tracker.schema import AGREEING_KINDS, BODIES_KIND, CLAIMANTS, COUNT_COLUMNS, PEOPLE_KINDS

_Result = TypeVar("_Result")
NO_MEDIATOR = "None stated"  # the filter's value (and `?mediator=`) for handovers whose source names no mediator
CLAIM_PRIORITY = {
    "to_ukraine": ("UA", "both", "RU", "press"),
    "to_russia": ("RU", "both", "UA", "press"),
}
CLAIM_PRIORITY["civilians_to_ukraine"] = CLAIM_PRIORITY["to_ukraine"]
CLAIM_PRIORITY["civilians_to_russia"] = CLAIM_PRIORITY["to_russia"]


CLAIM_ORDER = CLAIMANTS  # the order claims are listed in, in words


def _run_starts(ordered: np.ndarray) -> np.ndarray:
    """Where each run of equal codes starts, in codes already ordered."""
    return np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(ordered) else np.empty(0, dtype=np.int64)


def _concat(*parts: str | pa.Array | pa.ChunkedArray, separator: str) -> pa.Array | pa.ChunkedArray:
    """Element-wise `separator.join(parts)` of pyarrow string arrays and strings; null where a part is null."""
    large = [pa.scalar(part, pa.large_string()) if isinstance(part, str) else part for part in parts]
    return pc.binary_join_element_wise(*large, pa.scalar(separator, pa.large_string()))


def _text(values: pa.Array | pa.ChunkedArray) -> pd.Series:
    """A pyarrow string array as a column of the "str" dtype (missing values NaN)."""
    return pd.Series(pd.array(values, dtype="str"))


def _joined_per_event(texts: pa.Array | pa.ChunkedArray, codes: np.ndarray, n_events: int, separator: str) -> pa.Array:
    """Per event code, its `texts` joined (`codes`, theirs, in order); null for an event without any."""
    offsets = np.searchsorted(codes, np.arange(n_events + 1))
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    lists = pa.LargeListArray.from_arrays(offsets, texts, mask=pa.array(offsets[1:] == offsets[:-1]))
    return pc.binary_join(lists, pa.scalar(separator, pa.large_string()))


@dataclass(frozen=True)
class _Claims:
    """The claims of handovers: their rows in the exchanges table, and their event's code.

    Columns are read at `rows` only where needed: copying the text columns of a million claims would cost
    more than all the rest. Event codes follow the output's order (date, then event_id).
    """

    exchanges: pd.DataFrame
    rows: np.ndarray
    codes: np.ndarray
    n_events: int

    def stated(self, column: str) -> np.ndarray:
        """Positions (in `rows`) of the claims that state `column`."""
        return np.flatnonzero(self.exchanges[column].notna().to_numpy()[self.rows])

    def take(self, column: str, positions: np.ndarray) -> pa.ChunkedArray:
        """The text of `column` at the claims in `positions` (-1: null)."""
        at = pa.array(self.rows[positions], mask=positions < 0)
        return pa.chunked_array(self.exchanges[column]).take(at)


def _claims(exchanges: pd.DataFrame) -> tuple[_Claims, pd.Series, pd.Series]:
    """The handover claims, with each event's id and first date (in the output's order)."""
    rows = np.flatnonzero((exchanges["scope"] == "handover").to_numpy())
    codes, event_ids = pd.factorize(exchanges["event_id"].take(rows))
    dates = exchanges["date"].take(rows).groupby(codes, sort=True).min().reset_index(drop=True)
    keys = pa.table({"date": pa.array(dates), "event_id": pa.array(event_ids.array)})
    order = pc.sort_indices(keys, sort_keys=[("date", "ascending"), ("event_id", "ascending")]).to_numpy()
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    claims = _Claims(exchanges, rows, position[codes], len(order))
    return claims, pd.Series(event_ids.array.take(order)), dates.take(order).reset_index(drop=True)


def _first_stated(claims: _Claims, column: str) -> pd.Series:
    """Per event, the first claim's value that is not missing (as `groupby(...).first()`), else NaN."""
    stated = claims.stated(column)
    event_codes, first = np.unique(claims.codes[stated], return_index=True)
    chosen = np.full(claims.n_events, -1)
    chosen[event_codes] = stated[first]
    return _text(claims.take(column, chosen))


def _claimant_codes(claims: _Claims) -> np.ndarray:
    """Each claim's claimant as its position in CLAIM_ORDER (-1 for none of them, as a Categorical codes it)."""
    claimed_by = pa.chunked_array(claims.exchanges["claimed_by"].take(claims.rows))
    return pc.fill_null(pc.index_in(claimed_by, value_set=pa.array(CLAIM_ORDER)), -1).to_numpy().astype(np.int64)


def _first_by_priority(claims: _Claims, claimant: np.ndarray, column: str) -> tuple[pd.Series, pd.Series]:
    """Per event, the value from the highest-priority claim that states it, and who claimed it."""
    claimant = np.arange(len(CLAIM_ORDER))[claimant]  # -1 counts as the last claimant, as numpy indexing has it
    rank = np.array([CLAIM_PRIORITY[column].index(c) for c in CLAIM_ORDER])[claimant]
    stated = claims.stated(column)
    order = stated[np.lexsort((rank[stated], claims.codes[stated]))]
    event_codes, first = np.unique(claims.codes[order], return_index=True)
    chosen = order[first]
    figures = np.zeros(claims.n_events, dtype=np.int64)
    figures[event_codes] = claims.exchanges[column].to_numpy(dtype=np.int64, na_value=0)[claims.rows[chosen]]
    unknown = np.ones(claims.n_events, dtype=bool)
    unknown[event_codes] = False
    who = np.full(claims.n_events, -1)
    who[event_codes] = claimant[chosen]
    who_text = pa.array(CLAIM_ORDER, pa.large_string()).take(pa.array(who, mask=who < 0))
    return pd.Series(pd.arrays.IntegerArray(figures, unknown)), _text(who_text)


def _joined(claims: _Claims, column: str, separator: str) -> pd.Series:
    """Per event, its distinct non-empty values of `column` joined in row order (NaN when it has none)."""
    stated = claims.stated(column)
    stated = stated[np.argsort(claims.codes[stated], kind="stable")]
    codes = claims.codes[stated]
    texts = claims.take(column, stated)
    # Only an event with several values can repeat one. Nearly all of those have two: the second repeats the
    # first when they are equal, compared in place (hashing the texts of hundreds of thousands of claims, as
    # for the larger events below, costs several times more).
    starts = _run_starts(codes)
    sizes = np.diff(np.r_[starts, len(codes)])
    repeated = np.zeros(len(codes), dtype=bool)
    pairs = starts[sizes == 2]
    if len(pairs):
        same = pc.equal(texts.take(pa.array(pairs)), texts.take(pa.array(pairs + 1))).to_numpy()
        repeated[pairs[same] + 1] = True
    larger = np.flatnonzero(np.repeat(sizes > 2, sizes))  # the claims of events with three values or more
    if len(larger):
        values = pd.factorize(pd.array(texts.take(pa.array(larger)), dtype="str"))[0]
        repeated[larger[pd.DataFrame({"code": codes[larger], "value": values}).duplicated().to_numpy()]] = True
    if repeated.any():
        texts, codes = texts.filter(pa.array(~repeated)), codes[~repeated]
    return _text(_joined_per_event(texts, codes, claims.n_events, separator))


def _disputes(claims: _Claims, claimant: np.ndarray) -> pd.Series:
    """Per event, the differing claims ('to_ukraine: UA 1245 / RU 1248'), else NaN; `wording` puts them in words."""
    listing_order = np.where(claimant < 0, len(CLAIM_ORDER), claimant)  # claims in CLAIM_ORDER, others last
    texts = []
    for column in ("to_ukraine", "to_russia"):
        figures = claims.exchanges[column].to_numpy(dtype=np.int64, na_value=0)[claims.rows]
        stated = claims.stated(column)
        stated = stated[np.argsort(claims.codes[stated], kind="stable")]
        starts = _run_starts(claims.codes[stated])
        low = np.minimum.reduceat(figures[stated], starts) if len(stated) else stated
        high = np.maximum.reduceat(figures[stated], starts) if len(stated) else stated
        disputed = np.zeros(claims.n_events, dtype=bool)
        disputed[claims.codes[stated[starts[low != high]]]] = True  # two claims state different figures
        rows = stated[disputed[claims.codes[stated]]]
        rows = rows[np.lexsort((listing_order[rows], claims.codes[rows]))]
        distinct, position = np.unique(figures[rows], return_inverse=True)
        written = pa.array([str(figure) for figure in distinct.tolist()], pa.large_string())
        in_words = _concat(claims.take("claimed_by", rows), written.take(pa.array(position)), separator=" ")
        listed = _joined_per_event(in_words, claims.codes[rows], claims.n_events, " / ")
        texts.append(_concat(f"{column}:", listed, separator=" "))
    ukraine, russia = texts
    both = _concat(ukraine, russia, separator="; ")
    return _text(pc.if_else(pc.is_null(ukraine), russia, pc.if_else(pc.is_null(russia), ukraine, both)))


def headline_events(exchanges: pd.DataFrame) -> pd.DataFrame:
    """One row per handover with the headline figures.

    In: one row per (event_id, claimed_by); rows of scope "total" are left out (see `claimed_totals`).
    Out: one row per event_id, in date order, with the figure chosen for each count column, who claimed it
    (`to_ukraine_claimed_by`, ...), `disputed` and `dispute` (the differing claims, `to_ukraine: UA 1245 / RU 1248`;
    `wording.dispute_in_words` writes them for a reader), `publishers` and
    `source_urls` ("; "-separated). The claims' notes stay in the claims table.
    """
    claims, event_ids, dates = _claims(exchanges)
    claimant = _claimant_codes(claims)
    run = in_background  # the columns side by side (exchange_tracker/parallel.py); each job only reads `claims`
    texts = {
        "kind": run(_first_stated, claims, "kind"),
        "mediator": run(_first_stated, claims, "mediator"),
        "series": run(_first_stated, claims, "series"),
        "publishers": run(_joined, claims, "source_publisher", "; "),
        "source_urls": run(_joined, claims, "source_url", "; "),
    }
    figures = {column: run(_first_by_priority, claims, claimant, column) for column in COUNT_COLUMNS}
    disputes = run(_disputes, claims, claimant)
    columns = {"event_id": event_ids, "date": dates} | {name: job.result() for name, job in texts.items()}
    for column, job in figures.items():
        columns[column], columns[f"{column}_claimed_by"] = job.result()
    dispute = disputes.result()
    return pd.DataFrame(columns).assign(dispute=dispute, disputed=dispute.notna().to_numpy())


def claimed_totals(exchanges: pd.DataFrame, months: MonthRange, kinds: tuple[str, ...]) -> pd.DataFrame:
    """The rows of `kinds` in `months` in which a side gave its own total over several handovers (never added)."""
    totals = exchanges[(exchanges["scope"] == "total") & exchanges["kind"].isin(kinds)]
    return totals[months.contains(totals["date"])].sort_values("date")


def in_months(events: pd.DataFrame, months: MonthRange, column: str = "date") -> pd.DataFrame:
    """The rows whose `column` date falls in `months`."""
    return events[months.contains(events[column])]


def with_kinds(events: pd.DataFrame, kinds: tuple[str, ...]) -> pd.DataFrame:
    """The events of the given kinds."""
    return events[events["kind"].isin(kinds)]


def with_mediator(events: pd.DataFrame, mediators: list[str]) -> pd.DataFrame:
    """The events where one of `mediators` took part (all events when the list is empty)."""
    if not mediators:
        return events
    named = events["mediator"].fillna(NO_MEDIATOR).str.split("; ")
    return events[named.map(lambda names: any(m in names for m in mediators))]


def mediators(events: pd.DataFrame) -> list[str]:
    """Every mediator named at least once, alphabetically."""
    return sorted(set(events["mediator"].dropna().str.split("; ").explode()))


def monthly_totals(events: pd.DataFrame, months: MonthRange) -> pd.DataFrame:
    """People (or bodies) received by each side per month, every month of the range present.

    In: headline events.  Out: columns month ('YYYY-MM'), to_ukraine, to_russia, civilians_to_ukraine,
    civilians_to_russia, handovers.
    """
    month = events["date"].dt.to_period("M")
    per_month = events.assign(month=month, handovers=1).groupby("month")[[*COUNT_COLUMNS, "handovers"]].sum()
    per_month.index = per_month.index.strftime("%Y-%m")  # one label per month, not one per event
    return _months_of(per_month, months).astype({c: "int64" for c in (*COUNT_COLUMNS, "handovers")})


def cumulative_by_side(events: pd.DataFrame) -> pd.DataFrame:
    """Running totals received by each side, one row per handover date.

    In: headline events.  Out: columns date, to_ukraine, to_russia (cumulative).
    """
    per_day = events.groupby("date")[["to_ukraine", "to_russia"]].sum().sort_index()
    return per_day.cumsum().astype("int64").reset_index()


def by_mediator(events: pd.DataFrame) -> pd.DataFrame:
    """Exchanges and people returned per mediator (an exchange with two mediators counts for each).

    Out: columns mediator, exchanges, to_ukraine, to_russia, sorted by exchanges.
    """
    # Only the columns counted are exploded, and summed one by one: half the time of exploding every column and
    # a named aggregation (4.5 -> 2.3 ms on the shipped data; the prisoners page's rerun is held to 50 ms).
    mediators = events["mediator"].fillna(NO_MEDIATOR).str.split("; ")
    named = events[["event_id", "to_ukraine", "to_russia"]].assign(mediator=mediators).explode("mediator")
    grouped = named.groupby("mediator")
    table = pd.DataFrame(
        {
            "exchanges": grouped["event_id"].count(),
            "to_ukraine": grouped["to_ukraine"].sum(),
            "to_russia": grouped["to_russia"].sum(),
        }
    )
    return table.astype("int64").sort_values(["exchanges", "to_ukraine"], ascending=False).reset_index()


def body_ratio(events: pd.DataFrame) -> pd.DataFrame:
    """Per handover of bodies, how many went to Ukraine for each one that went to Russia.

    Out: columns date, event_id, to_ukraine, to_russia, ratio (empty when either side is unknown or 0).
    """
    both_known = events["to_ukraine"].notna() & events["to_russia"].notna() & (events["to_russia"] > 0)
    ratio = (events["to_ukraine"].astype("Float64") / events["to_russia"].astype("Float64")).where(both_known)
    return events[["date", "event_id", "to_ukraine", "to_russia"]].assign(ratio=ratio.round(1))


def once_per_table(build: Callable[[pd.DataFrame], _Result]) -> Callable[[pd.DataFrame], _Result]:
    """`build(table)`, computed once for each table object and then reused.

    For the talks table: a few dozen rows, read on every rerun of several pages, where pandas' fixed cost per
    operation came to a few ms per rerun. A loaded table is never changed in place (pandas copy-on-write;
    tests/test_pages.py checks), so the same object always gives the same result. Entries whose table is gone are
    dropped when a new one is added.
    """
    results: dict[int, tuple[weakref.ref, _Result]] = {}

    @functools.wraps(build)
    def cached(table: pd.DataFrame) -> _Result:
        entry = results.get(id(table))
        if entry is not None and entry[0]() is table:
            return entry[1]
        value = build(table)
        for key in [key for key, (ref, _) in results.items() if ref() is None]:
            results.pop(key, None)
        results[id(table)] = (weakref.ref(table), value)
        return value

    return cached


@once_per_table
def _status_rows(talks: pd.DataFrame) -> pd.DataFrame:
    """The talks' status rows in date order."""
    return talks[talks["kind"] == "status"].sort_values("start_date", kind="stable")


def talks_periods(talks: pd.DataFrame, until: dt.date) -> pd.DataFrame:
    """The status periods of the talks, an open period ending at `until`.

    Out: columns talks_id, status, title, title_uk, start, end, agreed, source_url, source_publisher.
    """
    periods = _status_rows(talks)
    end = periods["end_date"].fillna(pd.Timestamp(until))
    return periods.assign(start=periods["start_date"], end=end)[
        ["talks_id", "status", "title", "title_uk", "start", "end", "agreed", "source_url", "source_publisher"]
    ]


def talks_rounds(talks: pd.DataFrame) -> pd.DataFrame:
    """The rounds of direct talks, in date order."""
    return talks[talks["kind"] == "round"].sort_values("start_date")


@once_per_table
def rounds_and_agreements(talks: pd.DataFrame) -> pd.DataFrame:
    """The rounds and the agreements announced without a meeting (the talks rows that can agree something), in date
    order."""
    return talks[talks["kind"].isin(AGREEING_KINDS)].sort_values("start_date", kind="stable")


def status_on(talks: pd.DataFrame, day: pd.Timestamp) -> pd.Series | None:
    """The status row in force on `day` (the latest that started on or before it), if any."""
    periods = _status_rows(talks)
    periods = periods[periods["start_date"] <= day]
    if periods.empty:
        return None
    return periods.iloc[-1]


def agreements_and_outcomes(
    talks: pd.DataFrame, events: pd.DataFrame, months: MonthRange | None = None
) -> pd.DataFrame:
    """Each round or announced agreement (of `months`, if given) beside what was carried out under it (the exchanges
    whose `series` names it).

    Out: one row per round or agreement: talks_id, kind, date, title, title_uk, location, agreed, agreed_uk, handovers,
    people_handovers,
    unpublished (handovers with no figure for Ukraine), first_handover, last_handover, to_ukraine, to_russia,
    bodies_to_ukraine, bodies_to_russia.
    """
    rounds = rounds_and_agreements(talks)
    linked = events[events["series"].notna()]
    people = linked[linked["kind"] != BODIES_KIND].groupby("series")[["to_ukraine", "to_russia"]].sum()
    bodies = (
        linked[linked["kind"] == BODIES_KIND].groupby("series")[["to_ukraine", "to_russia"]].sum().add_prefix("bodies_")
    )
    spans = linked.groupby("series").agg(
        handovers=("event_id", "count"),
        first_handover=("date", "min"),
        last_handover=("date", "max"),
        people_handovers=("kind", lambda k: int((k != BODIES_KIND).sum())),
        unpublished=("to_ukraine", lambda v: int(v.isna().sum())),
    )
    table = (
        rounds.rename(columns={"start_date": "date"})[
            ["talks_id", "kind", "date", "title", "title_uk", "location", "agreed", "agreed_uk"]
        ]
        .set_index("talks_id")
        .join(spans)
        .join(people)
        .join(bodies)
        .reset_index()
    )
    counts = [
        "handovers",
        "people_handovers",
        "unpublished",
        "to_ukraine",
        "to_russia",
        "bodies_to_ukraine",
        "bodies_to_russia",
    ]
    # to_numeric: with no handover linked to any round, the joined columns are empty text columns, not numbers.
    table = table.assign(**{c: pd.to_numeric(table[c]).fillna(0).astype("int64") for c in counts})
    return table if months is None else table[months.contains(table["date"])]


@dataclass(frozen=True)
class KeyFigures:
    """The overview's headline numbers for a selection of months."""

    people_to_ukraine: int
    people_to_russia: int
    bodies_to_ukraine: int
    bodies_to_russia: int
    exchanges: int
    body_handovers: int
    last_exchange: dt.date | None
    days_since_last: int | None
    talks_status: str | None
    talks_status_since: dt.date | None
    disputed: int


@dataclass(frozen=True)
class MonthlyIndex:
    """A dataset's headline events summed per month once, so that any month range is a slice of a few rows.

    `people` and `bodies`: `monthly_totals` of the exchanges of people and of the body repatriations, indexed
    by month ('YYYY-MM'), for the months from the first event to the last. `last_exchange`: per month, the date
    of its last exchange of people (NaT when none). `disputed`: per month, the handovers with differing claims.
    """

    people: pd.DataFrame
    bodies: pd.DataFrame
    last_exchange: pd.Series
    disputed: pd.Series

    @classmethod
    def of(cls, events: pd.DataFrame) -> MonthlyIndex:
        if events.empty:
            span = MonthRange(FIRST_MONTH, FIRST_MONTH)
        else:
            span = MonthRange(month_of(events["date"].min()), month_of(events["date"].max()))
        # Only the columns summed here: filtering the events' long texts (sources, disputes) would cost most of it.
        events = events[["date", "kind", "disputed", *COUNT_COLUMNS]]
        people = with_kinds(events, PEOPLE_KINDS)
        month = events["date"].dt.to_period("M")

        def per_month(values: pd.Series, how: str) -> pd.Series:
            grouped = getattr(values.groupby(month), how)()  # grouped by the month of each value's row
            grouped.index = grouped.index.strftime("%Y-%m")
            return grouped.reindex(span.months())

        return cls(
            people=monthly_totals(people, span).set_index("month"),
            bodies=monthly_totals(with_kinds(events, (BODIES_KIND,)), span).set_index("month"),
            last_exchange=per_month(people["date"], "max"),
            disputed=per_month(events["disputed"].astype("int64"), "sum").fillna(0).astype("int64"),
        )

    def people_totals(self, months: MonthRange) -> pd.DataFrame:
        """What `monthly_totals` gives for the exchanges of people in `months`."""
        return _months_of(self.people, months)


def _months_of(totals: pd.DataFrame, months: MonthRange) -> pd.DataFrame:
    """Monthly totals indexed by month, as rows for every month of `months` (0 where none) with a `month` column."""
    return totals.reindex(months.months(), fill_value=0).rename_axis("month").reset_index()


def key_figures(index: MonthlyIndex, talks: pd.DataFrame, months: MonthRange, today: dt.date) -> KeyFigures:
    """Totals for the months in `months`, and the status of talks at the end of the range (or today)."""
    people = index.people.loc[months.first : months.last].sum()
    bodies = index.bodies.loc[months.first : months.last].sum()
    last = index.last_exchange.loc[months.first : months.last].max()
    last = None if pd.isna(last) else last.date()
    status_day = min(months.end, pd.Timestamp(today))
    status = status_on(talks, status_day)
    return KeyFigures(
        people_to_ukraine=int(people["to_ukraine"]),
        people_to_russia=int(people["to_russia"]),
        bodies_to_ukraine=int(bodies["to_ukraine"]),
        bodies_to_russia=int(bodies["to_russia"]),
        exchanges=int(people["handovers"]),
        body_handovers=int(bodies["handovers"]),
        last_exchange=last,
        days_since_last=(today - last).days if last is not None else None,
        talks_status=None if status is None else str(status["status"]),
        talks_status_since=None if status is None else status["start_date"].date(),
        disputed=int(index.disputed.loc[months.first : months.last].sum()),
    )
