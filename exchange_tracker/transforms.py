"""Pure reshaping of the validated tables into what the pages show. No Streamlit here.

The headline rule: where the sides' figures differ, each side's own count of the people (or bodies) it
received is shown: `to_ukraine` from Ukraine's claim, `to_russia` from Russia's; a row both sides agree
on (`both`) comes next, then the other side's claim, then a press figure nobody attributed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from exchange_tracker.months import MonthRange

COUNT_COLUMNS = ("to_ukraine", "to_russia", "civilians_to_ukraine", "civilians_to_russia")
PEOPLE_KINDS = ("prisoner_exchange", "civilian_return")
BODIES_KIND = "body_repatriation"
KIND_LABELS = {
    "prisoner_exchange": "Prisoner exchange",
    "civilian_return": "Civilian return",
    "body_repatriation": "Body repatriation",
}
CLAIM_PRIORITY = {
    "to_ukraine": ("UA", "both", "RU", "press"),
    "to_russia": ("RU", "both", "UA", "press"),
}
CLAIM_PRIORITY["civilians_to_ukraine"] = CLAIM_PRIORITY["to_ukraine"]
CLAIM_PRIORITY["civilians_to_russia"] = CLAIM_PRIORITY["to_russia"]


CLAIM_ORDER = ("UA", "RU", "both", "press")  # the order claims are listed in, in words


def _first_by_priority(values: pd.Series, claimed_by: pd.Series, codes: np.ndarray, n_events: int, column: str):
    """Per event code, the value from the highest-priority claim that states it, and who claimed it."""
    claimant = pd.Categorical(claimed_by, categories=CLAIM_ORDER).codes  # cheap integer codes, not strings
    rank = np.array([CLAIM_PRIORITY[column].index(c) for c in CLAIM_ORDER])[claimant]
    stated = values.notna().to_numpy()
    rows = np.flatnonzero(stated)
    order = rows[np.lexsort((rank[rows], codes[rows]))]
    event_codes, first = np.unique(codes[order], return_index=True)
    chosen = pd.array([pd.NA] * n_events, dtype="Int64")
    chosen[event_codes] = values.to_numpy()[order[first]]
    who = np.full(n_events, None, dtype=object)
    who[event_codes] = np.asarray(CLAIM_ORDER, dtype=object)[claimant[order[first]]]
    return chosen, who


def _join_runs(codes: np.ndarray, texts: np.ndarray, separator: str) -> tuple[np.ndarray, list[str]]:
    """Texts joined per code, for arrays already ordered so that each code's texts are adjacent."""
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    ends = np.r_[starts[1:], len(codes)]
    return codes[starts], [separator.join(texts[a:b]) for a, b in zip(starts, ends, strict=True)]


def _joined(values: pd.Series, codes: np.ndarray, n_events: int, separator: str, unique: bool) -> np.ndarray:
    """Per event code, its non-empty values joined in row order (repeats dropped when `unique`)."""
    frame = pd.DataFrame({"code": codes, "value": values.to_numpy()})[values.notna().to_numpy()]
    if unique:
        frame = frame.drop_duplicates()
    result = np.full(n_events, None, dtype=object)
    event_codes, texts = frame["code"].to_numpy(), frame["value"].to_numpy(dtype=object)
    single = np.bincount(event_codes, minlength=n_events)[event_codes] == 1  # most events: nothing to join
    result[event_codes[single]] = texts[single]
    several = np.flatnonzero(~single)
    if len(several):
        order = several[np.argsort(event_codes[several], kind="stable")]
        joined_codes, joined = _join_runs(event_codes[order], texts[order], separator)
        result[joined_codes] = joined
    return result


def _disputes(claims: pd.DataFrame, codes: np.ndarray, n_events: int) -> np.ndarray:
    """Per event code, the differing claims in words (e.g. 'to Ukraine: UA 1,245 / RU 1,248'), else None."""
    texts = np.full(n_events, None, dtype=object)
    order = claims["claimed_by"].map({c: i for i, c in enumerate(CLAIM_ORDER)}).to_numpy()
    claimed_by = claims["claimed_by"].to_numpy(dtype=object)
    for column in ("to_ukraine", "to_russia"):
        stated = claims[column].notna().to_numpy()
        frame = pd.DataFrame({"code": codes[stated], "value": claims[column].to_numpy()[stated]})
        differing = frame.groupby("code")["value"].nunique()
        disputed = differing.index[differing > 1].to_numpy()
        if not len(disputed):
            continue
        rows = np.flatnonzero(stated & np.isin(codes, disputed))
        rows = rows[np.lexsort((order[rows], codes[rows]))]
        figures = [
            f"{who} {int(value):,}"
            for who, value in zip(claimed_by[rows], claims[column].to_numpy()[rows], strict=True)
        ]
        disputed_codes, joined = _join_runs(codes[rows], np.asarray(figures, dtype=object), " / ")
        side = column.removeprefix("to_").title()
        for code, claimed in zip(disputed_codes, joined, strict=True):
            text = f"to {side}: {claimed}"
            texts[code] = text if texts[code] is None else f"{texts[code]}; {text}"
    return texts


def headline_events(exchanges: pd.DataFrame) -> pd.DataFrame:
    """One row per handover with the headline figures.

    In: one row per (event_id, claimed_by); rows of scope "total" are left out (see `claimed_totals`).
    Out: one row per event_id, in date order, with the figure chosen for each count column, who claimed it
    (`to_ukraine_claimed_by`, ...), `disputed` and `dispute` (both claims in words), `publishers` and
    `source_urls` ("; "-separated). The claims' notes stay in the claims table.
    """
    claims = exchanges[exchanges["scope"] == "handover"].reset_index(drop=True)
    codes, event_ids = pd.factorize(claims["event_id"])
    n_events = len(event_ids)
    by_event = claims.groupby(codes, sort=True)
    firsts = by_event[["kind", "mediator", "series"]].first()
    columns = {
        "event_id": np.asarray(event_ids, dtype=object),
        "date": by_event["date"].min().to_numpy(),
        "kind": firsts["kind"].to_numpy(),
        "mediator": firsts["mediator"].to_numpy(),
        "series": firsts["series"].to_numpy(),
        "publishers": _joined(claims["source_publisher"], codes, n_events, "; ", unique=True),
        "source_urls": _joined(claims["source_url"], codes, n_events, "; ", unique=True),
    }
    for column in COUNT_COLUMNS:
        columns[column], columns[f"{column}_claimed_by"] = _first_by_priority(
            claims[column], claims["claimed_by"], codes, n_events, column
        )
    disputes = _disputes(claims, codes, n_events)
    events = pd.DataFrame(columns).assign(
        dispute=pd.array(disputes, dtype="str"), disputed=pd.notna(disputes).astype(bool)
    )
    text_columns = ["event_id", "kind", "mediator", "series", "publishers", "source_urls"]
    events = events.astype({c: "str" for c in [*text_columns, *(f"{c}_claimed_by" for c in COUNT_COLUMNS)]})
    return events.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)


def claimed_totals(exchanges: pd.DataFrame) -> pd.DataFrame:
    """The rows in which a side gave its own total over several handovers (shown beside, never added)."""
    return exchanges[exchanges["scope"] == "total"].sort_values("date")


SIDE_NAMES = {"UA": "Ukraine", "RU": "Russia", "both": "Both sides", "press": "The press"}


def describe_outcome(outcome: pd.Series) -> str:
    """What was carried out under a round, in words (a row of `agreements_and_outcomes`)."""
    if not outcome["handovers"]:
        return "Carried out: no handover in the data is linked to this round."
    count = outcome["handovers"]
    text = (
        f"Carried out: {count} handover{'s' if count != 1 else ''} from {outcome['first_handover']:%d %B %Y} "
        f"to {outcome['last_handover']:%d %B %Y}"
    )
    parts = []
    if outcome["people_handovers"] and (outcome["to_ukraine"] or outcome["to_russia"]):
        parts.append(f"{outcome['to_ukraine']:,} people to Ukraine and {outcome['to_russia']:,} to Russia")
    elif outcome["people_handovers"]:
        n = outcome["people_handovers"]
        parts.append(f"{n} exchange{'s' if n != 1 else ''} of people, figures not published")
    if outcome["bodies_to_ukraine"] or outcome["bodies_to_russia"]:
        parts.append(
            f"{outcome['bodies_to_ukraine']:,} bodies to Ukraine and {outcome['bodies_to_russia']:,} to Russia"
        )
    text += (": " + "; ".join(parts)) if parts else ""
    if outcome["unpublished"]:
        n = outcome["unpublished"]
        text += (
            f". {n} of these handover{'s were' if n != 1 else ' was'} announced without figures, "
            "so the totals count only the stated figures"
        )
    return text + "."


def describe_total_claim(claim: pd.Series) -> str:
    """A side's own total over several handovers, in words."""
    figures = [
        f"{int(claim[column]):,} bodies to {side}"
        for column, side in (("to_ukraine", "Ukraine"), ("to_russia", "Russia"))
        if pd.notna(claim[column])
    ]
    who = SIDE_NAMES.get(claim["claimed_by"], claim["claimed_by"])
    return (
        f"{who} also gave its own total over several handovers up to {claim['date']:%d %B %Y}: "
        f"{' and '.join(figures) or 'no figure'}. It is shown here, not added to the handovers above."
    )


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
    named = events["mediator"].fillna("None stated").str.split("; ")
    return events[named.map(lambda names: any(m in names for m in mediators))]


def mediators(events: pd.DataFrame) -> list[str]:
    """Every mediator named at least once, alphabetically."""
    return sorted(set(events["mediator"].dropna().str.split("; ").explode()))


def monthly_totals(events: pd.DataFrame, months: MonthRange) -> pd.DataFrame:
    """People (or bodies) received by each side per month, every month of the range present.

    In: headline events.  Out: columns month ('YYYY-MM'), to_ukraine, to_russia, civilians_to_ukraine,
    civilians_to_russia, handovers.
    """
    month = events["date"].dt.strftime("%Y-%m")
    totals = (
        events.assign(month=month, handovers=1)
        .groupby("month")[[*COUNT_COLUMNS, "handovers"]]
        .sum()
        .reindex(months.months(), fill_value=0)
        .rename_axis("month")
        .reset_index()
    )
    return totals.astype({c: "int64" for c in (*COUNT_COLUMNS, "handovers")})


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
    named = events.assign(mediator=events["mediator"].fillna("None stated").str.split("; ")).explode("mediator")
    table = named.groupby("mediator").agg(
        exchanges=("event_id", "count"), to_ukraine=("to_ukraine", "sum"), to_russia=("to_russia", "sum")
    )
    return table.astype("int64").sort_values(["exchanges", "to_ukraine"], ascending=False).reset_index()


def body_ratio(events: pd.DataFrame) -> pd.DataFrame:
    """Per handover of bodies, how many went to Ukraine for each one that went to Russia.

    Out: columns date, event_id, to_ukraine, to_russia, ratio (empty when either side is unknown or 0).
    """
    both_known = events["to_ukraine"].notna() & events["to_russia"].notna() & (events["to_russia"] > 0)
    ratio = (events["to_ukraine"].astype("Float64") / events["to_russia"].astype("Float64")).where(both_known)
    return events[["date", "event_id", "to_ukraine", "to_russia"]].assign(ratio=ratio.round(1))


def talks_periods(talks: pd.DataFrame, until: dt.date) -> pd.DataFrame:
    """The status periods of the talks, an open period ending at `until`.

    Out: columns talks_id, status, title, start, end, source_url, source_publisher.
    """
    periods = talks[talks["kind"] == "status"]
    end = periods["end_date"].fillna(pd.Timestamp(until))
    return periods.assign(start=periods["start_date"], end=end)[
        ["talks_id", "status", "title", "start", "end", "agreed", "source_url", "source_publisher"]
    ].sort_values("start")


def talks_rounds(talks: pd.DataFrame) -> pd.DataFrame:
    """The rounds of direct talks, in date order."""
    return talks[talks["kind"] == "round"].sort_values("start_date")


def status_on(talks: pd.DataFrame, day: pd.Timestamp) -> pd.Series | None:
    """The status row in force on `day` (the latest that started on or before it), if any."""
    periods = talks[(talks["kind"] == "status") & (talks["start_date"] <= day)]
    if periods.empty:
        return None
    return periods.sort_values("start_date").iloc[-1]


def agreements_and_outcomes(talks: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Each round beside what was carried out under it (the exchanges whose `series` names it).

    Out: one row per round: talks_id, date, title, location, agreed, handovers, people_handovers,
    unpublished (handovers with no figure for Ukraine), first_handover, last_handover, to_ukraine, to_russia,
    bodies_to_ukraine, bodies_to_russia.
    """
    rounds = talks_rounds(talks)
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
        rounds.rename(columns={"start_date": "date"})[["talks_id", "date", "title", "location", "agreed"]]
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
    return table.assign(**{c: table[c].fillna(0).astype("int64") for c in counts})


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


def key_figures(events: pd.DataFrame, talks: pd.DataFrame, months: MonthRange, today: dt.date) -> KeyFigures:
    """Totals for the events in `months`, and the status of talks at the end of the range (or today)."""
    selected = in_months(events, months)
    people = with_kinds(selected, PEOPLE_KINDS)
    bodies = with_kinds(selected, (BODIES_KIND,))
    last = people["date"].max() if not people.empty else None
    status_day = min(months.end, pd.Timestamp(today))
    status = status_on(talks, status_day)
    return KeyFigures(
        people_to_ukraine=int(people["to_ukraine"].sum()),
        people_to_russia=int(people["to_russia"].sum()),
        bodies_to_ukraine=int(bodies["to_ukraine"].sum()),
        bodies_to_russia=int(bodies["to_russia"].sum()),
        exchanges=len(people),
        body_handovers=len(bodies),
        last_exchange=last.date() if last is not None else None,
        days_since_last=(today - last.date()).days if last is not None else None,
        talks_status=None if status is None else str(status["status"]),
        talks_status_since=None if status is None else status["start_date"].date(),
        disputed=int(selected["disputed"].sum()),
    )


def summary_sentence(figures: KeyFigures, months: MonthRange) -> str:
    """The selection in one plain sentence."""
    if figures.exchanges == 0 and figures.body_handovers == 0:
        return f"No exchanges or repatriations of bodies are recorded for {months.label}."
    parts = [
        f"In {months.label}, {figures.exchanges:,} exchange{'s' if figures.exchanges != 1 else ''} "
        f"returned {figures.people_to_ukraine:,} people to Ukraine and {figures.people_to_russia:,} to Russia"
    ]
    if figures.body_handovers:
        parts.append(
            f"{figures.body_handovers:,} repatriation{'s' if figures.body_handovers != 1 else ''} of bodies "
            f"returned {figures.bodies_to_ukraine:,} bodies to Ukraine and {figures.bodies_to_russia:,} to Russia"
        )
    return "; ".join(parts) + "."
