"""Tables shown to readers on the Data & sources page, with column names and values in the reader's language."""

from __future__ import annotations

import pandas as pd

from exchange_tracker.completeness import MEASURES, NOT_HELD, TOLERANCE
from exchange_tracker.i18n import N_, _, current_language
from exchange_tracker.months import MonthRange
from exchange_tracker.wording import (
    KIND_LABELS,
    SCOPE_NAMES,
    SIDE_NAMES,
    dispute_in_words,
    localised_column,
    mediator_name,
    publisher_name,
)

CLAIMS_COLUMNS = {
    "date": N_("Date"),
    "event_id": N_("Event"),
    "kind": N_("Kind"),
    "to_ukraine": N_("To Ukraine"),
    "to_russia": N_("To Russia"),
    "civilians_to_ukraine": N_("Civilians to Ukraine"),
    "civilians_to_russia": N_("Civilians to Russia"),
    "outside_exchange_to_ukraine": N_("Returned to Ukraine outside the exchange"),
    "mediator": N_("Mediator"),
    "series": N_("Carries out talks"),
    "scope": N_("Scope"),
    "claimed_by": N_("Claimed by"),
    "disputed": N_("Disputed"),
    "source_publisher": N_("Publisher"),
    "source_url": N_("Source"),
    "notes": N_("Notes (in English)"),
}
DISPUTE_COLUMNS = {
    "date": N_("Date"),
    "event_id": N_("Event"),
    "kind": N_("Kind"),
    "dispute": N_("Claims (who: figure)"),
    "to_ukraine": N_("Shown to Ukraine"),
    "to_russia": N_("Shown to Russia"),
    "publishers": N_("Publishers"),
}


def translated(labels: dict[str, str]) -> dict[str, str]:
    """A mapping of catalog messages, each in the reader's language."""
    return {key: _(label) for key, label in labels.items()}


def claims_columns() -> dict[str, str]:
    """The claims table's column names, in the reader's language, by data column."""
    return translated(CLAIMS_COLUMNS)


def claims_table(exchanges: pd.DataFrame, events: pd.DataFrame, months: MonthRange, kinds: list[str]) -> pd.DataFrame:
    """Every claim (row of exchanges.csv) in the months and kinds, newest first, disputed ones flagged."""
    selected = exchanges[months.contains(exchanges["date"])]
    if kinds:
        selected = selected[selected["kind"].isin(kinds)]
    disputed = set(events.loc[events["disputed"], "event_id"])
    table = selected.assign(
        disputed=selected["event_id"].isin(disputed),
        kind=selected["kind"].map(translated(KIND_LABELS)),
        claimed_by=selected["claimed_by"].map(translated(SIDE_NAMES)),
        scope=selected["scope"].map(translated(SCOPE_NAMES)),
        source_publisher=selected["source_publisher"].map(publisher_name),
        mediator=selected["mediator"].map(lambda names: mediator_name(names) if isinstance(names, str) else None),
        date=selected["date"].dt.strftime("%Y-%m-%d"),
    ).sort_values(["date", "event_id"], ascending=[False, True], kind="stable")
    return table[list(CLAIMS_COLUMNS)].rename(columns=claims_columns()).reset_index(drop=True)


def disputed_events(events: pd.DataFrame, months: MonthRange, kinds: list[str]) -> pd.DataFrame:
    """The handovers whose figures differ between claims, with each claim in words."""
    selected = events[events["disputed"] & months.contains(events["date"])]
    if kinds:
        selected = selected[selected["kind"].isin(kinds)]
    table = selected.assign(
        date=selected["date"].dt.strftime("%Y-%m-%d"),
        kind=selected["kind"].map(translated(KIND_LABELS)),
        dispute=selected["dispute"].map(dispute_in_words),
    )
    return table[list(DISPUTE_COLUMNS)].rename(columns=translated(DISPUTE_COLUMNS)).reset_index(drop=True)


def completeness_table(comparison: pd.DataFrame, months: MonthRange) -> pd.DataFrame:
    """Each official total of the months beside this data's figure, the difference and why they differ."""
    selected = comparison[months.contains(comparison["date"])]
    language = current_language()
    selected = selected.assign(
        scope_difference=localised_column(selected, "scope_difference", language),
        known_gap=localised_column(selected, "known_gap", language),
    )
    assessment = []
    for row in selected.to_dict("records"):
        if isinstance(row["scope_difference"], str):
            assessment.append(_("counts something else: {reason}").format(reason=row["scope_difference"]))
        elif pd.isna(row["dataset"]):
            assessment.append(_("not compared: this data does not count it"))
        elif row["bound"] == "lower":
            met = row["dataset"] >= row["value"]
            reached = _("a lower bound; this data reaches it")
            assessment.append(reached if met else _("a lower bound; this data is below it"))
        elif not pd.isna(row["within"]) and bool(row["within"]):
            limit = TOLERANCE[row["checked"]]
            assessment.append(_("within {limit} of it").format(limit=f"{limit:.1%}".replace(".0%", "%")))
        elif isinstance(row["known_gap"], str):
            assessment.append(_("known gap: {reason}").format(reason=row["known_gap"]))
        elif row["measure"] in NOT_HELD:
            assessment.append(_(NOT_HELD[row["measure"]]))
        elif pd.isna(row["checked"]):
            assessment.append(_("shown for information"))
        else:
            assessment.append(_("unexplained difference"))
    table = official_totals_table(selected).assign(**{_("Assessment"): assessment})
    return table.drop(columns=[_("Source")]).reset_index(drop=True)


def official_totals_table(comparison: pd.DataFrame) -> pd.DataFrame:
    """Official totals (rows of `completeness.compare`) beside this data's figure, with reader-facing columns."""
    return pd.DataFrame(
        {
            _("Date"): comparison["date"].dt.strftime("%Y-%m-%d"),
            _("What it counts"): comparison["measure"].map(lambda m: _(MEASURES[m])),
            _("Official figure"): comparison["value"],
            _("More than"): comparison["bound"].eq("lower"),
            _("Said by"): localised_column(comparison, "said_by", current_language()),
            _("This data"): comparison["dataset"],
            _("Difference"): comparison["difference"],
            _("Source"): comparison["source_publisher"].map(publisher_name),
            _("Source link"): comparison["source_url"],
        }
    )
