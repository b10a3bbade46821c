"""Headline figures, totals and the talks record, on tiny inline data; the monthly index against the shipped events."""

import datetime as dt
import weakref

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exchange_tracker.loading import SHIPPED_DATA, load_folder
from exchange_tracker.months import MonthRange, months_between
from exchange_tracker.transforms import (
    BODIES_KIND,
    PEOPLE_KINDS,
    MonthlyIndex,
    agreements_and_outcomes,
    body_ratio,
    by_mediator,
    claimed_totals,
    cumulative_by_side,
    headline_events,
    in_months,
    key_figures,
    monthly_totals,
    once_per_table,
    status_on,
    talks_rounds,
    with_kinds,
    with_mediator,
)
from tests.factories import exchange_row, exchanges_frame, talks_frame, talks_row
from tests.shipped import FIXED_TODAY

SWAP = exchange_row()
BODIES_UA = exchange_row(
    event_id="2025-06-16-bodies", date="2025-06-16", kind="body_repatriation", to_ukraine=1245, to_russia="",
    civilians_to_ukraine="", claimed_by="UA", mediator="",
)  # fmt: skip
BODIES_RU = exchange_row(
    event_id="2025-06-16-bodies", date="2025-06-16", kind="body_repatriation", to_ukraine=1248, to_russia=51,
    civilians_to_ukraine="", claimed_by="RU", mediator="",
)  # fmt: skip


def test_each_side_own_count_is_the_headline_and_the_dispute_is_kept():
    events = headline_events(exchanges_frame(BODIES_UA, BODIES_RU)).set_index("event_id")
    bodies = events.loc["2025-06-16-bodies"]
    assert bodies["to_ukraine"] == 1245 and bodies["to_ukraine_claimed_by"] == "UA"
    assert bodies["to_russia"] == 51 and bodies["to_russia_claimed_by"] == "RU"
    assert bool(bodies["disputed"])
    assert bodies["dispute"] == "to_ukraine: UA 1245 / RU 1248"


def test_claims_that_agree_are_not_disputed():
    same = exchange_row(claimed_by="UA", to_russia="")
    events = headline_events(exchanges_frame(SWAP, same))
    assert len(events) == 1
    assert not events["disputed"].iloc[0]
    assert events["to_ukraine_claimed_by"].iloc[0] == "UA"
    assert events["to_russia_claimed_by"].iloc[0] == "both"


def test_a_side_total_is_kept_apart_and_never_added():
    total = exchange_row(
        event_id="2025-06-16-bodies-june-total", date="2025-06-16", kind="body_repatriation", to_ukraine=6060,
        to_russia=78, scope="total", claimed_by="RU", civilians_to_ukraine="",
    )  # fmt: skip
    frame = exchanges_frame(BODIES_UA, BODIES_RU, total)
    events = headline_events(frame)
    assert events["event_id"].tolist() == ["2025-06-16-bodies"]
    totals = claimed_totals(frame, MonthRange("2025-06", "2025-06"), (BODIES_KIND,))
    assert totals["to_ukraine"].tolist() == [6060]
    assert claimed_totals(frame, MonthRange("2025-07", "2025-12"), (BODIES_KIND,)).empty
    assert claimed_totals(frame, MonthRange("2025-06", "2025-06"), PEOPLE_KINDS).empty


def test_monthly_totals_fill_every_month_and_leave_unknown_as_nothing_added():
    unknown = exchange_row(event_id="2024-03-01-prisoners", date="2024-03-01", to_ukraine="", to_russia="",
                           civilians_to_ukraine="")  # fmt: skip
    events = headline_events(exchanges_frame(SWAP, unknown))
    totals = monthly_totals(events, MonthRange("2024-01", "2024-03"))
    assert totals["month"].tolist() == ["2024-01", "2024-02", "2024-03"]
    assert totals["to_ukraine"].tolist() == [230, 0, 0]
    assert totals["handovers"].tolist() == [1, 0, 1]


def test_cumulative_by_side_runs_over_dates():
    later = exchange_row(event_id="2024-02-08-prisoners", date="2024-02-08", to_ukraine=100, to_russia=100)
    running = cumulative_by_side(headline_events(exchanges_frame(SWAP, later)))
    assert running["to_ukraine"].tolist() == [230, 330]
    assert running["to_russia"].tolist() == [248, 348]


def test_an_exchange_with_two_mediators_counts_for_each():
    two = exchange_row(event_id="2024-02-08-prisoners", date="2024-02-08", mediator="UAE; Turkey")
    events = headline_events(exchanges_frame(SWAP, two))
    table = by_mediator(events).set_index("mediator")
    assert table.loc["UAE", "exchanges"] == 2
    assert table.loc["Turkey", "exchanges"] == 1
    assert with_mediator(events, ["Turkey"])["event_id"].tolist() == ["2024-02-08-prisoners"]


def test_body_ratio_is_empty_when_a_side_is_unknown():
    events = headline_events(exchanges_frame(BODIES_UA, BODIES_RU))
    assert body_ratio(events)["ratio"].tolist() == [24.4]
    alone = headline_events(exchanges_frame(BODIES_UA))
    assert body_ratio(alone)["ratio"].isna().all()


def test_key_figures_follow_the_month_range():
    events = headline_events(exchanges_frame(SWAP, BODIES_UA, BODIES_RU))
    talks = talks_frame(
        talks_row(talks_id="status-2025-05-active", kind="status", status="active", start_date="2025-05-16"),
        talks_row(),
    )
    all_months = key_figures(MonthlyIndex.of(events), talks, MonthRange("2022-02", "2026-03"), dt.date(2026, 3, 31))
    assert (all_months.people_to_ukraine, all_months.bodies_to_ukraine, all_months.exchanges) == (230, 1245, 1)
    assert all_months.talks_status == "active"
    only_2024 = key_figures(MonthlyIndex.of(events), talks, MonthRange("2024-01", "2024-12"), dt.date(2026, 3, 31))
    assert (only_2024.bodies_to_ukraine, only_2024.last_exchange) == (0, dt.date(2024, 1, 3))
    assert only_2024.talks_status is None
    nothing = key_figures(MonthlyIndex.of(events), talks, MonthRange("2023-01", "2023-02"), dt.date(2026, 3, 31))
    assert (nothing.exchanges, nothing.body_handovers) == (0, 0)


def test_status_on_picks_the_latest_period_started():
    talks = talks_frame(
        talks_row(talks_id="status-a", kind="status", status="active", start_date="2025-05-16"),
        talks_row(talks_id="status-b", kind="status", status="paused", start_date="2025-09-12"),
    )
    assert status_on(talks, pd.Timestamp("2025-10-01"))["status"] == "paused"
    assert status_on(talks, pd.Timestamp("2025-06-01"))["status"] == "active"
    assert status_on(talks, pd.Timestamp("2025-01-01")) is None


def test_agreed_and_carried_out_sums_the_handovers_of_a_series():
    stages = [
        exchange_row(
            event_id=f"2025-05-2{d}-prisoners",
            date=f"2025-05-2{d}",
            to_ukraine=n,
            to_russia=n,
            civilians_to_ukraine="",
            series="istanbul-2025-1",
        )
        for d, n in ((3, 390), (4, 307), (5, 303))
    ]
    table = agreements_and_outcomes(talks_frame(talks_row()), headline_events(exchanges_frame(*stages)))
    row = table.iloc[0]
    assert (row["handovers"], row["to_ukraine"], row["to_russia"]) == (3, 1000, 1000)
    assert (row["first_handover"], row["last_handover"]) == (pd.Timestamp("2025-05-23"), pd.Timestamp("2025-05-25"))


# --- the monthly index against the events it sums ------------------------------------------------------------

SHIPPED = load_folder(SHIPPED_DATA, today=FIXED_TODAY)
SHIPPED_EVENTS = headline_events(SHIPPED.exchanges)
ALL_MONTHS = months_between("2022-02", "2026-06")  # a little past the data, as a range may reach


def key_figures_from_events(events, talks, months, today):
    """The key figures counted straight from the events of the range (what the index must reproduce)."""
    selected = in_months(events, months)
    people, bodies = with_kinds(selected, PEOPLE_KINDS), with_kinds(selected, (BODIES_KIND,))
    last = people["date"].max().date() if len(people) else None
    status = status_on(talks, min(months.end, pd.Timestamp(today)))
    return (
        int(people["to_ukraine"].sum()),
        int(people["to_russia"].sum()),
        int(bodies["to_ukraine"].sum()),
        int(bodies["to_russia"].sum()),
        len(people),
        len(bodies),
        last,
        (today - last).days if last else None,
        None if status is None else status["status"],
        None if status is None else status["start_date"].date(),
        int(selected["disputed"].sum()),
    )


@settings(max_examples=60, deadline=None)
@given(
    first=st.sampled_from(ALL_MONTHS),
    length=st.integers(0, len(ALL_MONTHS)),
    rows=st.sets(st.integers(0, len(SHIPPED_EVENTS) - 1), max_size=40) | st.none(),
)
def test_key_figures_and_monthly_totals_from_the_index_match_the_events(first, length, rows):
    events = SHIPPED_EVENTS if rows is None else SHIPPED_EVENTS.iloc[sorted(rows)]
    months = MonthRange(first, ALL_MONTHS[min(ALL_MONTHS.index(first) + length, len(ALL_MONTHS) - 1)])
    index = MonthlyIndex.of(events)
    today = dt.date(2026, 11, 25)
    key = key_figures(index, SHIPPED.talks, months, today)
    assert tuple(vars(key).values()) == key_figures_from_events(events, SHIPPED.talks, months, today)
    selected = in_months(events, months)
    pd.testing.assert_frame_equal(
        index.people_totals(months), monthly_totals(with_kinds(selected, PEOPLE_KINDS), months)
    )
    bodies = index.bodies.reindex(months.months(), fill_value=0).rename_axis("month").reset_index()
    pd.testing.assert_frame_equal(bodies, monthly_totals(with_kinds(selected, (BODIES_KIND,)), months))


@pytest.mark.parametrize("kinds", [(), (BODIES_KIND,), PEOPLE_KINDS], ids=["no events", "bodies only", "people only"])
def test_the_index_of_a_dataset_without_some_kinds_gives_zeros_not_errors(kinds):
    events = with_kinds(SHIPPED_EVENTS, kinds)
    for months in (
        MonthRange("2022-02", "2026-06"),
        MonthRange("2025-01", "2025-03"),
        MonthRange("2026-05", "2026-06"),
    ):
        key = key_figures(MonthlyIndex.of(events), SHIPPED.talks, months, dt.date(2026, 11, 25))
        assert tuple(vars(key).values()) == key_figures_from_events(
            events, SHIPPED.talks, months, dt.date(2026, 11, 25)
        )


def test_an_announced_agreement_is_listed_with_what_carried_it_out_but_is_not_a_round():
    talks = talks_frame(
        talks_row(),
        talks_row(talks_id="announced-2025-06", start_date="2025-06-01", kind="agreement", location="", mediators=""),
    )
    swap = exchange_row(event_id="2025-06-05-prisoners", date="2025-06-05", series="announced-2025-06")
    table = agreements_and_outcomes(talks, headline_events(exchanges_frame(swap)))
    assert table[["talks_id", "kind"]].values.tolist() == [
        ["istanbul-2025-1", "round"],
        ["announced-2025-06", "agreement"],
    ]
    assert table.set_index("talks_id").loc["announced-2025-06", "handovers"] == 1
    assert talks_rounds(talks)["talks_id"].tolist() == ["istanbul-2025-1"]


def test_a_table_derived_once_per_table_object_is_reused_and_not_kept_after_it():
    calls = []

    @once_per_table
    def first_rows(table):
        calls.append(id(table))
        return table.head(1)

    talks = talks_frame(talks_row())
    assert first_rows(talks) is first_rows(talks) and len(calls) == 1
    other = talks_frame(talks_row(talks_id="other"))
    assert first_rows(other)["talks_id"].tolist() == ["other"] and len(calls) == 2
    gone = weakref.ref(other)
    del other
    assert gone() is None  # the cache holds no strong reference to a table
    assert first_rows(talks_frame(talks_row(talks_id="third")))["talks_id"].tolist() == ["third"]
