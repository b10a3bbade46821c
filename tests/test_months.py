"""The month range and its public form in links: ?from=YYYY-MM&to=YYYY-MM."""

import pandas as pd
import pytest

from exchange_tracker.months import MonthRange, parse_month, presets, range_from_params

AVAILABLE = MonthRange("2022-02", "2026-03")


def test_a_link_range_is_used_as_given():
    chosen, notice = range_from_params({"from": "2025-05", "to": "2025-08"}, AVAILABLE)
    assert chosen == MonthRange("2025-05", "2025-08")
    assert notice is None


def test_no_parameters_means_everything_without_notice():
    assert range_from_params({}, AVAILABLE) == (AVAILABLE, None)


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"from": "2025-13", "to": "2025-08"}, '"from=2025-13" is not a month'),
        ({"from": "2025-05", "to": "May"}, '"to=May" is not a month'),
        ({"from": "2025-08", "to": "2025-05"}, '"to=2025-05" is before "from=2025-08"'),
        ({"from": "2030-01", "to": "2030-05"}, "is outside the data"),
        ({"from": "<script>", "to": ""}, "is not a month"),
    ],
)
def test_an_invalid_link_falls_back_to_all_months_with_a_notice(params, fragment):
    chosen, notice = range_from_params(params, AVAILABLE)
    assert chosen == AVAILABLE
    assert fragment in notice
    assert "Showing Feb 2022 – Mar 2026" in notice


def test_a_range_reaching_past_the_data_is_clipped():
    chosen, notice = range_from_params({"from": "2021-01", "to": "2030-01"}, AVAILABLE)
    assert chosen == AVAILABLE
    assert notice is None


def test_one_side_of_the_range_alone_keeps_the_other_end_open():
    assert range_from_params({"from": "2025-01"}, AVAILABLE)[0] == MonthRange("2025-01", "2026-03")


@pytest.mark.parametrize("text", ["2025-00", "2025-1", "25-01", "2025-01-01", "", None, "１９９９-01"])
def test_parse_month_rejects_non_months(text):
    assert parse_month(text) is None


def test_contains_includes_the_whole_last_month():
    dates = pd.Series(pd.to_datetime(["2025-04-30", "2025-05-01", "2025-08-31 23:00", "2025-09-01"], format="ISO8601"))
    assert MonthRange("2025-05", "2025-08").contains(dates).tolist() == [False, True, True, False]


def test_labels_and_slugs():
    months = MonthRange("2025-05", "2025-08")
    assert months.label == "May 2025 – Aug 2025"
    assert months.slug == "2025-05_2025-08"
    assert MonthRange("2025-05", "2025-05").label == "May 2025"
    assert months.months() == ["2025-05", "2025-06", "2025-07", "2025-08"]


def test_presets_cover_all_last_year_and_each_year_within_the_data():
    named = presets(AVAILABLE)
    assert named["All months"] == AVAILABLE
    assert named["Last 12 months"] == MonthRange("2025-04", "2026-03")
    assert named["2022"] == MonthRange("2022-02", "2022-12")
    assert named["2026"] == MonthRange("2026-01", "2026-03")
