"""The sentences a reader sees, in English and Ukrainian: plural forms from the catalog, numbers and dates by Babel."""

import datetime as dt

import pandas as pd
import pytest

from exchange_tracker import wording
from exchange_tracker.i18n import use_language
from exchange_tracker.months import MonthRange
from exchange_tracker.transforms import KeyFigures, agreements_and_outcomes, headline_events
from tests.factories import exchange_row, exchanges_frame, talks_frame, talks_row

FIGURES = KeyFigures(
    people_to_ukraine=6987, people_to_russia=6500, bodies_to_ukraine=15000, bodies_to_russia=300, exchanges=5,
    body_handovers=1, last_exchange=dt.date(2026, 3, 6), days_since_last=2, talks_status="paused",
    talks_status_since=dt.date(2026, 3, 4), disputed=1,
)  # fmt: skip


def outcome_with_unpublished_figures() -> dict:
    stages = [
        exchange_row(event_id="2025-06-09-prisoners", date="2025-06-09", to_ukraine="", to_russia="",
                     civilians_to_ukraine="", series="istanbul-2025-1"),
        exchange_row(event_id="2025-06-11-bodies", date="2025-06-11", kind="body_repatriation", to_ukraine=1212,
                     to_russia=27, civilians_to_ukraine="", series="istanbul-2025-1"),
    ]  # fmt: skip
    table = agreements_and_outcomes(talks_frame(talks_row()), headline_events(exchanges_frame(*stages)))
    return table.to_dict("records")[0]


def test_outcome_says_when_figures_were_not_published():
    text = wording.describe_outcome(outcome_with_unpublished_figures())
    assert "1 exchange of people, figures not published" in text
    assert "1,212 bodies to Ukraine and 27 to Russia" in text
    assert "1 of these handovers was announced without figures" in text
    assert "0 people" not in text


def test_outcome_in_ukrainian_uses_the_catalogs_plural_forms_and_babels_numbers():
    with use_language("uk"):
        text = wording.describe_outcome(outcome_with_unpublished_figures())
    assert "1\xa0212" in text and "11 червня 2025" in text
    assert "Carried out" not in text


@pytest.mark.parametrize(
    ("count", "form"), [(1, "1 обмін"), (2, "2 обміни"), (5, "5 обмінів"), (21, "21 обмін"), (12, "12 обмінів")]
)
def test_ukrainian_counts_take_the_right_plural_form(count, form):
    figures = KeyFigures(**{**vars(FIGURES), "exchanges": count})
    with use_language("uk"):
        assert form in wording.summary_sentence(figures, MonthRange("2025-01", "2025-12"))


def test_the_summary_writes_numbers_and_months_in_the_readers_locale():
    months = MonthRange("2026-03", "2026-05")
    assert wording.summary_sentence(FIGURES, months).startswith("In Mar 2026 – May 2026, 5 exchanges returned 6,987")
    with use_language("uk"):
        ukrainian = wording.summary_sentence(FIGURES, months)
    assert "6\xa0987" in ukrainian and "бер. 2026" in ukrainian


def test_an_empty_selection_says_so():
    nothing = KeyFigures(**{**vars(FIGURES), "exchanges": 0, "body_handovers": 0})
    assert wording.summary_sentence(nothing, MonthRange("2023-01", "2023-02")).startswith("No exchanges")


def test_staleness_is_a_rule_of_the_package():
    assert not wording.is_stale(dt.date(2026, 3, 6), dt.date(2026, 4, 5))
    assert wording.is_stale(dt.date(2026, 3, 6), dt.date(2026, 4, 6))
    assert "may be missing" in wording.data_note(dt.date(2026, 3, 6), dt.date(2026, 12, 1), 0)
    assert "may be missing" not in wording.data_note(dt.date(2026, 3, 6), dt.date(2026, 3, 10), 0)


def test_key_figures_are_labelled_in_the_readers_language():
    with use_language("uk"):
        groups = wording.key_figure_groups(FIGURES)
    labels = [figure.label for group in groups for figure in group]
    assert "People to Ukraine" not in labels and len(labels) == 7
    assert groups[0][0].value == "6\xa0987"
    assert groups[1][1].value == "6 бер. 2026"


def test_a_sides_total_is_described_with_its_source_escaped():
    claim = {"to_ukraine": 6060, "to_russia": 78, "claimed_by": "RU", "date": pd.Timestamp("2025-06-16"),
             "source_publisher": "TASS [x](y)"}  # fmt: skip
    text = wording.describe_total_claim(claim, unit="bodies")
    assert text.startswith("Russia also gave its own total") and "6,060 bodies to Ukraine" in text
    assert r"TASS \[x\]\(y\)" in text


def test_outcome_cards_use_the_ukrainian_title_where_the_data_has_one():
    outcome = outcome_with_unpublished_figures()
    outcome["title_uk"] = "Перший раунд у Стамбулі"
    with use_language("uk"):
        card = wording.outcome_cards(pd.DataFrame([outcome]), "uk")[0]
    assert "Перший раунд у Стамбулі" in card.heading
    english = wording.outcome_cards(pd.DataFrame([outcome]), "en")[0]
    assert "First Istanbul round" in english.heading


def test_disputes_are_written_for_a_reader():
    assert wording.dispute_in_words("to_ukraine: UA 1245 / RU 1248") == "to Ukraine: UA 1,245 / RU 1,248"
    with use_language("uk"):
        assert "1\xa0245" in wording.dispute_in_words("to_ukraine: UA 1245 / RU 1248")
    assert wording.dispute_in_words(float("nan")) == ""


def test_a_card_says_an_agreement_was_announced_without_a_meeting_and_a_round_without_place_has_no_dash():
    talks = talks_frame(
        talks_row(),
        talks_row(talks_id="announced-2025-06", start_date="2025-06-01", kind="agreement", location="", title="Truce"),
        talks_row(talks_id="somewhere-2025-07", start_date="2025-07-01", location="", title="Round"),
    )
    cards = wording.outcome_cards(
        agreements_and_outcomes(talks, headline_events(exchanges_frame(exchange_row()))), "en"
    )
    assert cards[0].heading.endswith(" — Istanbul, Turkey")
    assert cards[1].heading.endswith("Truce** — announced without a meeting of the delegations")
    assert "linked to this agreement" in cards[1].carried_out
    assert cards[2].heading.endswith("Round**")
    with use_language("uk"):
        cards = wording.outcome_cards(
            agreements_and_outcomes(talks, headline_events(exchanges_frame(exchange_row()))), "uk"
        )
    assert cards[1].heading.endswith("оголошено без зустрічі делегацій")
    assert "домовленістю" in cards[1].carried_out
