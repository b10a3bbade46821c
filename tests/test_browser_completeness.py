"""In Chromium: the page "How complete is this data?" draws its charts and table and follows the month filter."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import no_exception, open_page, wait_for_app, wait_for_charts
from tests.conftest import save_screenshot

pytestmark = pytest.mark.browser


def test_the_completeness_page_draws_charts_and_table_and_follows_the_months(page: Page, app_url: str):
    open_page(page, app_url, "completeness", "from=2024-01&to=2024-12&lang=en")
    wait_for_charts(page, 3)
    no_exception(page)
    titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()
    assert len(titles) == 3 and all("Jan 2024" in t and "Dec 2024" in t for t in titles)
    table = page.locator('[data-testid="stDataFrame"]').last
    expect(table).to_be_visible()
    # Each chart marks the official totals of the months shown beside the data's own line.
    names = page.locator(".js-plotly-plot .legendtext").all_text_contents()
    assert any("This data" in n for n in names) and any("Official" in n for n in names)
    save_screenshot(page, "completeness-2024")
    page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="2025", exact=True).click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"from=2025-01&to=2025-12"))
    expect(page.locator(".js-plotly-plot .gtitle").first).to_contain_text("2025")


def test_in_ukrainian_the_table_names_who_said_each_total_in_ukrainian(page: Page, app_url: str):
    open_page(page, app_url, "completeness", "from=2023-01&to=2025-12&lang=uk")
    wait_for_charts(page, 3)
    no_exception(page)
    table = page.locator('[data-testid="stDataFrame"]').last
    table.scroll_into_view_if_needed()
    expect(table.locator("td").first).to_be_attached()
    # The grid keeps an accessible copy of the cells it draws: the speakers are in Ukrainian, not English.
    assert "Хто заявив" in [h.strip() for h in table.locator("th").all_text_contents()]
    cells = table.locator("td").all_text_contents()
    assert any(c.startswith("Координаційний штаб") for c in cells), cells[:10]
    assert not any("Headquarters" in c or "Ombudsman" in c for c in cells)
    save_screenshot(page, "completeness-table-uk")
