"""In Chromium: the Talks page tells a round of talks from an agreement announced without a meeting (en, uk)."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser import no_exception, open_page, wait_for_charts
from tests.conftest import save_screenshot

pytestmark = pytest.mark.browser

WORDS = {
    "en": ("Round of talks", "Agreement announced, no meeting", "announced without a meeting of the delegations"),
    "uk": ("Раунд переговорів", "Оголошена домовленість, без зустрічі", "оголошено без зустрічі делегацій"),
}


@pytest.mark.parametrize("language", ["en", "uk"])
def test_an_announced_agreement_has_its_own_marker_and_card(page: Page, app_url: str, language: str):
    open_page(page, app_url, "talks", f"from=2026-01&to=2026-06&lang={language}")
    wait_for_charts(page, 1)
    no_exception(page)
    round_name, agreement_name, card_words = WORDS[language]
    legend = [name.strip() for name in page.locator(".js-plotly-plot .legendtext").all_text_contents()]
    assert round_name in legend and agreement_name in legend
    # One open diamond on the rounds line: the announced agreement of 8 May 2026; the rounds are filled diamonds.
    expect(page.locator(".js-plotly-plot .scatterlayer .trace").nth(1).locator("path.point")).to_have_count(1)
    expect(page.get_by_text(card_words)).to_be_visible()
    save_screenshot(page, f"talks-agreement-{language}")
