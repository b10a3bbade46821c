"""The headline rule against a plain, slow reference: `headline_events` (vectorised) must agree with it on any claims.

The rule, "each side's own count", is the dashboard's central claim. The reference below says it the obvious way,
one handover at a time; Hypothesis generates claims with several claimants, disputes, missing counts, totals over
several handovers and mediators.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from exchange_tracker.schema import CLAIMANTS, COUNT_COLUMNS, EXCHANGE_KINDS
from exchange_tracker.transforms import CLAIM_PRIORITY, headline_events
from tests.factories import exchange_row, exchanges_frame


def stated(value) -> bool:
    return not pd.isna(value)


def headline_reference(exchanges: pd.DataFrame) -> list[dict]:
    """One dict per handover, in (date, event_id) order: the rule written plainly."""
    claims_of: dict[str, list[dict]] = {}
    for claim in exchanges.to_dict("records"):
        if claim["scope"] == "handover":  # a side's total over several handovers is never a handover
            claims_of.setdefault(claim["event_id"], []).append(claim)
    events = []
    for event_id, claims in claims_of.items():

        def first(column, claims=claims):
            return next((c[column] for c in claims if stated(c[column])), None)

        def joined(column, claims=claims):
            values = list(dict.fromkeys(c[column] for c in claims if stated(c[column])))
            return "; ".join(values) if values else None

        event = {
            "event_id": event_id,
            "date": min(c["date"] for c in claims),
            "kind": first("kind"),
            "mediator": first("mediator"),
            "series": first("series"),
            "publishers": joined("source_publisher"),
            "source_urls": joined("source_url"),
        }
        for column in COUNT_COLUMNS:
            stating = [c for c in claims if stated(c[column])]
            # The claim of the highest priority for this column; among equals, the first in the file.
            best = min(
                stating, key=lambda c, column=column: CLAIM_PRIORITY[column].index(c["claimed_by"]), default=None
            )
            event[column] = None if best is None else int(best[column])
            event[f"{column}_claimed_by"] = None if best is None else best["claimed_by"]
        parts = []
        for column in ("to_ukraine", "to_russia"):
            stating = [c for c in claims if stated(c[column])]
            if len({int(c[column]) for c in stating}) > 1:
                listed = sorted(stating, key=lambda c: CLAIMANTS.index(c["claimed_by"]))
                parts.append(f"{column}: " + " / ".join(f"{c['claimed_by']} {int(c[column])}" for c in listed))
        event["dispute"] = "; ".join(parts) if parts else None
        event["disputed"] = bool(parts)
        events.append(event)
    return sorted(events, key=lambda e: (e["date"], e["event_id"]))


def as_records(events: pd.DataFrame) -> list[dict]:
    records = events.to_dict("records")
    return [
        {k: (None if not isinstance(v, (list, tuple)) and pd.isna(v) else v) for k, v in r.items()} for r in records
    ]


count = st.one_of(st.none(), st.integers(0, 3000))
claim = st.fixed_dictionaries(
    {
        "event": st.integers(0, 5),
        "claimed_by": st.sampled_from(CLAIMANTS),
        "day": st.integers(1, 28),
        "kind": st.sampled_from(EXCHANGE_KINDS),
        "to_ukraine": count,
        "to_russia": count,
        "civilians_to_ukraine": st.one_of(st.none(), st.integers(0, 5)),
        "civilians_to_russia": st.one_of(st.none(), st.integers(0, 5)),
        "mediator": st.sampled_from(["", "UAE", "Turkey", "UAE; United States", "ICRC"]),
        "series": st.sampled_from(["", "", "istanbul-2025-1"]),
        "scope": st.sampled_from(["handover", "handover", "handover", "total"]),
        "publisher": st.sampled_from(["Reuters", "TASS", "Ukrinform", "Reuters"]),
    }
)


def rows_of(claims: list[dict]) -> list[dict[str, str]]:
    """Valid rows of exchanges.csv: one per (event, claimant); civilians never above the side's figure."""
    rows, seen = [], set()
    for c in claims:
        if (c["event"], c["claimed_by"]) in seen:
            continue
        seen.add((c["event"], c["claimed_by"]))
        fields = {}
        for side in ("ukraine", "russia"):
            total, civilians = c[f"to_{side}"], c[f"civilians_to_{side}"]
            if civilians is not None and total is not None and civilians > total:
                civilians = total
            fields[f"to_{side}"] = "" if total is None else total
            fields[f"civilians_to_{side}"] = "" if civilians is None else civilians
        rows.append(
            exchange_row(
                event_id=f"2025-05-0{c['event'] + 1}-event", date=f"2025-05-{c['day']:02d}", kind=c["kind"],
                mediator=c["mediator"], series=c["series"], scope=c["scope"], claimed_by=c["claimed_by"],
                source_publisher=c["publisher"], source_url=f"https://example.org/{c['publisher']}/{c['event']}",
                **fields,
            )
        )  # fmt: skip
    return rows


@settings(max_examples=100, deadline=None)
@given(st.lists(claim, min_size=1, max_size=14))
def test_headline_events_agree_with_the_plain_rule(claims):
    exchanges = exchanges_frame(*rows_of(claims))
    expected = headline_reference(exchanges)
    actual = as_records(headline_events(exchanges))
    assert [e["event_id"] for e in actual] == [e["event_id"] for e in expected]
    for got, want in zip(actual, expected, strict=True):
        for key, value in want.items():
            assert got[key] == value, (key, got, want)


def test_the_reference_itself_picks_each_sides_own_count():
    rows = [
        exchange_row(event_id="e-1", claimed_by="UA", to_ukraine=1245, to_russia="", civilians_to_ukraine=""),
        exchange_row(event_id="e-1", claimed_by="RU", to_ukraine=1248, to_russia=51, civilians_to_ukraine=""),
    ]
    (event,) = headline_reference(exchanges_frame(*rows))
    assert (event["to_ukraine"], event["to_ukraine_claimed_by"]) == (1245, "UA")
    assert (event["to_russia"], event["to_russia_claimed_by"]) == (51, "RU")
    assert event["dispute"] == "to_ukraine: UA 1245 / RU 1248"
