"""How complete is the data: its own running totals held against the official running totals. No Streamlit here.

Officials publish running totals ("as a result of the 59th exchange, 3,956 people have been returned"). For each
such total, `compare` gives what the dataset counts on the same day for the same measure, and the difference.
A total that counts something else than the dataset (its `scope_difference` says what) is shown, not held
against the data.
"""

from __future__ import annotations

import pandas as pd

from exchange_tracker.i18n import N_
from exchange_tracker.transforms import BODIES_KIND, PEOPLE_KINDS

# How far the dataset may be from an exact official total of the same scope (a share of the official value).
TOLERANCE = {"people": 0.015, "bodies": 0.03}
# Bodies are held to their tolerance from this day: the Coordination Headquarters' earlier counts include
# transfers that no report dates (data/README.md, Known gaps).
BODIES_CHECKED_FROM = pd.Timestamp("2023-09-01")

# Each measure of official_totals.csv, and the running total of the dataset it is held against.
MEASURES = {
    "people_to_ukraine": N_("People returned to Ukraine in exchanges"),
    "people_to_ukraine_all": N_("People returned to Ukraine, in exchanges and outside them"),
    "people_outside_exchanges_to_ukraine": N_("People returned to Ukraine outside exchanges"),
    "exchange_number": N_("Exchanges of prisoners (official number)"),
    "bodies_to_ukraine": N_("Bodies returned to Ukraine"),
    "body_repatriation_number": N_("Repatriations of bodies (official number)"),
    "children_to_ukraine": N_("Children returned to Ukraine"),
    "people_to_russia": N_("People returned to Russia"),
    "bodies_to_russia": N_("Bodies returned to Russia"),
}
UNIT = {"bodies_to_ukraine": "bodies", "bodies_to_russia": "bodies", "body_repatriation_number": "count"}
UNIT.update({"exchange_number": "count", "children_to_ukraine": "children"})


def running_totals(events: pd.DataFrame, exchanges: pd.DataFrame) -> pd.DataFrame:
    """The dataset's running totals on each day something happened, one column per comparable measure.

    In: headline events and the claims (for the people released outside exchanges, kept apart from the
    headline). Out: date, people_to_ukraine, people_outside_exchanges_to_ukraine, people_to_ukraine_all,
    exchange_number, bodies_to_ukraine, body_repatriation_number, people_to_russia, bodies_to_russia.
    """
    people = events["kind"].isin(PEOPLE_KINDS)
    bodies = events["kind"] == BODIES_KIND
    per_event = pd.DataFrame(
        {
            "date": events["date"],
            "people_to_ukraine": events["to_ukraine"].where(people, 0).fillna(0),
            "people_to_russia": events["to_russia"].where(people, 0).fillna(0),
            "exchange_number": (events["kind"] == "prisoner_exchange").astype("int64"),
            "bodies_to_ukraine": events["to_ukraine"].where(bodies, 0).fillna(0),
            "bodies_to_russia": events["to_russia"].where(bodies, 0).fillna(0),
            "body_repatriation_number": bodies.astype("int64"),
        }
    )
    # Ukraine's own count of people freed outside an exchange (the largest claim stated for the handover).
    outside = (
        exchanges[exchanges["scope"] == "handover"]
        .groupby(["event_id", "date"])["outside_exchange_to_ukraine"]
        .max()
        .fillna(0)
        .reset_index()[["date", "outside_exchange_to_ukraine"]]
        .rename(columns={"outside_exchange_to_ukraine": "people_outside_exchanges_to_ukraine"})
    )
    daily = pd.concat([per_event, outside]).fillna(0).groupby("date").sum().sort_index().cumsum()
    daily = daily.assign(
        people_to_ukraine_all=daily["people_to_ukraine"] + daily["people_outside_exchanges_to_ukraine"]
    )
    return daily.astype("int64").reset_index()


def dataset_value_on(running: pd.DataFrame, measure: str, day: pd.Timestamp) -> int | None:
    """The dataset's running total of `measure` at the end of `day` (None for a measure it does not count)."""
    if measure not in running.columns:
        return None
    before = running[running["date"] <= day]
    return int(before[measure].iloc[-1]) if len(before) else 0


# Why a measure is shown but not held against the data, whatever the day.
NOT_HELD = {
    "people_to_ukraine_all": N_(
        "counts returns outside exchanges too, which this data records only on the days of exchanges"
    ),
    "people_outside_exchanges_to_ukraine": N_(
        "this data records returns outside exchanges only on the days of exchanges"
    ),
    "exchange_number": N_("officials number an exchange of several days once; this data counts each handover"),
    "body_repatriation_number": N_(
        "officials number a repatriation of several days once; this data counts each handover"
    ),
    "children_to_ukraine": N_("this data has no count of children"),
    "people_to_russia": N_("shown for information: Russia's count of the people it received"),
    "bodies_to_russia": N_("shown for information: the bodies Russia received"),
}


def _checked(measure: str, day: pd.Timestamp) -> str | None:
    """The tolerance group an exact total of `measure` on `day` is held to, if any."""
    if measure == "people_to_ukraine":
        return "people"
    if measure == "bodies_to_ukraine" and day >= BODIES_CHECKED_FROM:
        return "bodies"
    return None


def compare(official: pd.DataFrame, events: pd.DataFrame, exchanges: pd.DataFrame) -> pd.DataFrame:
    """Each official total beside the dataset's figure for the same measure on the same day.

    Out: one row per official total (date order): total_id, date, measure, value, bound, claimed_by, said_by,
    scope_difference, source_url, source_publisher, dataset (the dataset's figure, NA when it counts no such
    thing), difference (dataset - official), share (difference / official), checked ("people", "bodies" or NA:
    the tolerance it is held to), within (whether it keeps to it; NA when not checked).
    """
    running = running_totals(events, exchanges)
    dataset = [dataset_value_on(running, m, d) for m, d in zip(official["measure"], official["date"], strict=True)]
    table = official.assign(dataset=pd.array(dataset, dtype="Int64")).sort_values(["date", "total_id"])
    difference = table["dataset"] - table["value"]
    share = (difference.astype("Float64") / table["value"].astype("Float64")).round(4)
    checked = [
        _checked(measure, day) if bound == "exact" and not isinstance(scope, str) else None
        for measure, day, bound, scope in zip(
            table["measure"], table["date"], table["bound"], table["scope_difference"], strict=True
        )
    ]
    # A same-scope total the data is known to miss handovers for is still held to the tolerance, and shown as
    # such: `within` stays False; `outside_tolerance` leaves out only those whose gap is documented.
    table = table.assign(difference=difference, share=share, checked=pd.array(checked, dtype="str"))
    limit = table["checked"].map(TOLERANCE).astype("Float64")
    within = (share.abs() <= limit).astype("boolean").where(table["checked"].notna())
    return table.assign(within=within).reset_index(drop=True)


def outside_tolerance(comparison: pd.DataFrame, documented: bool = False) -> pd.DataFrame:
    """The exact same-scope official totals the dataset is further from than the tolerance.

    With `documented`, only those whose difference the data documents as a known gap; without, only the others
    (the ones nobody has explained).
    """
    outside = comparison["within"].eq(False).fillna(False)
    explained = comparison["known_gap"].notna()
    return comparison[outside & (explained if documented else ~explained)]
