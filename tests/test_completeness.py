"""The data held against the official running totals: tiny inline cases, then the shipped data."""

import pandas as pd

from exchange_tracker import completeness
from exchange_tracker.i18n import use_language
from exchange_tracker.loading import read_table
from exchange_tracker.months import MonthRange
from exchange_tracker.schema import OFFICIAL_TOTALS
from exchange_tracker.tables import completeness_table
from exchange_tracker.transforms import headline_events
from tests.factories import TODAY, csv_text, exchange_row, exchanges_frame
from tests.shipped import EVENTS, SHIPPED


def totals_frame(*rows: dict[str, str]):
    base = {"total_id": "t-1", "date": "2024-01-03", "measure": "people_to_ukraine", "value": "230", "bound": "exact",
            "claimed_by": "UA", "said_by": "Coordination HQ", "scope_difference": "", "known_gap": "",
            "source_url": "https://www.example.org/t", "source_publisher": "Example", "notes": ""}  # fmt: skip
    return read_table(csv_text([{**base, **row} for row in rows]).encode(), OFFICIAL_TOTALS, TODAY)


SWAP = exchange_row()  # 2024-01-03: 230 to Ukraine
LATER = exchange_row(event_id="2024-02-08-prisoners", date="2024-02-08", to_ukraine=100, to_russia=100,
                     outside_exchange_to_ukraine=7)  # fmt: skip


def compare(*totals):
    exchanges = exchanges_frame(SWAP, LATER)
    return completeness.compare(totals_frame(*totals), headline_events(exchanges), exchanges)


def test_the_dataset_figure_is_its_running_total_on_the_day():
    table = compare({"total_id": "a", "date": "2024-01-31", "value": "230"}, {"total_id": "b", "date": "2024-02-08",
                    "value": "335"})  # fmt: skip
    assert table["dataset"].tolist() == [230, 330]
    assert table["difference"].tolist() == [0, -5]
    assert table["within"].tolist() == [True, True]  # 5 of 335 is 1.5 %: within


def test_people_outside_exchanges_are_counted_apart_and_in_all_returns():
    table = compare(
        {"total_id": "a", "date": "2024-02-08", "measure": "people_outside_exchanges_to_ukraine", "value": "7"},
        {"total_id": "b", "date": "2024-02-08", "measure": "people_to_ukraine_all", "value": "337"},
    )
    assert table["dataset"].tolist() == [7, 337]
    assert table["checked"].isna().all()  # shown, not held: the data records outside returns only on exchange days


def test_a_total_too_far_from_the_data_is_reported_unless_its_gap_or_scope_is_named():
    table = compare(
        {"total_id": "a", "date": "2024-02-08", "value": "400"},
        {"total_id": "b", "date": "2024-02-08", "value": "400", "known_gap": "two swaps no report dates"},
        {"total_id": "c", "date": "2024-02-08", "value": "400", "scope_difference": "soldiers only"},
        {"total_id": "d", "date": "2024-02-08", "value": "400", "bound": "lower"},
    )
    assert completeness.outside_tolerance(table)["total_id"].tolist() == ["a"]
    assert completeness.outside_tolerance(table, documented=True)["total_id"].tolist() == ["b"]


def test_bodies_are_held_from_september_2023_only():
    bodies = exchange_row(event_id="2023-10-06-bodies", date="2023-10-06", kind="body_repatriation", to_ukraine=100,
                          to_russia="", civilians_to_ukraine="")  # fmt: skip
    exchanges = exchanges_frame(bodies)
    totals = totals_frame(
        {"total_id": "early", "date": "2023-08-01", "measure": "bodies_to_ukraine", "value": "50"},
        {"total_id": "late", "date": "2023-10-06", "measure": "bodies_to_ukraine", "value": "103"},
    )
    table = completeness.compare(totals, headline_events(exchanges), exchanges)
    assert table["checked"].tolist()[0] is pd.NA or pd.isna(table["checked"].tolist()[0])
    assert table["checked"].tolist()[1] == "bodies" and bool(table["within"].iloc[1])


def test_the_shipped_data_keeps_to_every_official_total_of_its_scope():
    """Within 1.5 % (people) and 3 % (bodies, from September 2023) of each exact same-scope total, or documented."""
    table = completeness.compare(SHIPPED.official_totals, EVENTS, SHIPPED.exchanges)
    unexplained = completeness.outside_tolerance(table)
    assert unexplained.empty, unexplained[["total_id", "value", "dataset", "share"]].to_string()
    assert int(table["within"].eq(True).sum()) >= 15  # most totals of the data's scope are actually held


def test_documented_gaps_are_real_gaps_not_exemptions():
    """A total marked with a known gap must actually be outside the tolerance: the mark may not hide a total that
    the data meets, and each names what is missing."""
    table = completeness.compare(SHIPPED.official_totals, EVENTS, SHIPPED.exchanges)
    marked = table[table["known_gap"].notna()]
    assert len(marked) == len(completeness.outside_tolerance(table, documented=True))
    assert (marked["known_gap"].str.len() > 30).all()


def test_the_official_totals_table_validates_and_has_at_least_forty_dated_totals():
    totals = SHIPPED.official_totals
    assert len(totals) >= 40
    assert totals["date"].dt.year.nunique() >= 4
    assert totals["source_url"].str.startswith("https://").all()


def test_every_reason_and_speaker_of_the_shipped_totals_has_its_ukrainian_text():
    totals = SHIPPED.official_totals
    for column in ("said_by", "scope_difference", "known_gap"):
        written = totals[totals[column].notna()]
        ukrainian = written[f"{column}_uk"]
        assert ukrainian.notna().all(), written.loc[ukrainian.isna(), "total_id"].tolist()
        assert ukrainian.str.contains(r"[а-яіїєґ]", regex=True).all(), column
        assert totals.loc[totals[column].isna(), f"{column}_uk"].isna().all()  # no reason without its English


def test_the_completeness_table_gives_speakers_and_reasons_in_the_readers_language():
    months = MonthRange("2022-02", "2026-12")
    comparison = completeness.compare(SHIPPED.official_totals, EVENTS, SHIPPED.exchanges)
    gap = comparison[comparison["known_gap"].notna()].iloc[0]
    with use_language("uk"):
        table = completeness_table(comparison, months)
    assert "Хто заявив" in table.columns and "Оцінка" in table.columns
    assert table["Хто заявив"].str.contains(r"[а-яіїєґ]", regex=True).all()
    assert any(gap["known_gap_uk"] in reason for reason in table["Оцінка"])
    with use_language("en"):
        table = completeness_table(comparison, months)
    assert any(gap["known_gap"] in reason for reason in table["Assessment"])
    assert set(table["Said by"]) == set(comparison["said_by"])


def test_a_file_without_the_ukrainian_columns_shows_the_english_texts():
    comparison = compare({"said_by": "Coordination HQ", "scope_difference": "soldiers only"})
    with use_language("uk"):
        table = completeness_table(comparison, MonthRange("2024-01", "2024-01"))
    assert table["Хто заявив"].tolist() == ["Coordination HQ"]
    assert "soldiers only" in table["Оцінка"].iloc[0]
