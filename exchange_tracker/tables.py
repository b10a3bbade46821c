"""Tables shown to readers on the Data & sources page, with plain-word column names."""

from __future__ import annotations

import pandas as pd

from exchange_tracker.months import MonthRange
from exchange_tracker.transforms import KIND_LABELS, SIDE_NAMES

CLAIMS_COLUMNS = {
    "date": "Date",
    "event_id": "Event",
    "kind": "Kind",
    "to_ukraine": "To Ukraine",
    "to_russia": "To Russia",
    "civilians_to_ukraine": "Civilians to Ukraine",
    "civilians_to_russia": "Civilians to Russia",
    "mediator": "Mediator",
    "series": "Carries out talks",
    "scope": "Scope",
    "claimed_by": "Claimed by",
    "disputed": "Disputed",
    "source_publisher": "Publisher",
    "source_url": "Source",
    "notes": "Notes",
}


def claims_table(exchanges: pd.DataFrame, events: pd.DataFrame, months: MonthRange, kinds: list[str]) -> pd.DataFrame:
    """Every claim (row of exchanges.csv) in the months and kinds, newest first, disputed ones flagged."""
    selected = exchanges[months.contains(exchanges["date"])]
    if kinds:
        selected = selected[selected["kind"].isin(kinds)]
    disputed = set(events.loc[events["disputed"], "event_id"])
    table = selected.assign(
        disputed=selected["event_id"].isin(disputed),
        kind=selected["kind"].map(KIND_LABELS),
        claimed_by=selected["claimed_by"].map(SIDE_NAMES),
        date=selected["date"].dt.strftime("%Y-%m-%d"),
    ).sort_values(["date", "event_id"], ascending=[False, True], kind="stable")
    return table[list(CLAIMS_COLUMNS)].rename(columns=CLAIMS_COLUMNS).reset_index(drop=True)


def disputed_events(events: pd.DataFrame, months: MonthRange, kinds: list[str]) -> pd.DataFrame:
    """The handovers whose figures differ between claims, with each claim in words."""
    selected = events[events["disputed"] & months.contains(events["date"])]
    if kinds:
        selected = selected[selected["kind"].isin(kinds)]
    return (
        selected.assign(date=selected["date"].dt.strftime("%Y-%m-%d"), kind=selected["kind"].map(KIND_LABELS))[
            ["date", "event_id", "kind", "dispute", "to_ukraine", "to_russia", "publishers"]
        ]
        .rename(
            columns={
                "date": "Date",
                "event_id": "Event",
                "kind": "Kind",
                "dispute": "Claims (who: figure)",
                "to_ukraine": "Shown to Ukraine",
                "to_russia": "Shown to Russia",
                "publishers": "Publishers",
            }
        )
        .reset_index(drop=True)
    )
