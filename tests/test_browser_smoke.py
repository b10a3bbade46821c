"""Every page opens in Chromium with no exception, shows its charts, and is saved as a screenshot."""

import pytest
from playwright.sync_api import Page, expect

from tests.apptest import CHART_PAGES
from tests.browser import no_exception, open_page, wait_for_charts
from tests.conftest import save_screenshot

pytestmark = pytest.mark.browser

EXPECTED_CHARTS = {name: CHART_PAGES[name] for name in ("overview", "prisoners", "bodies", "talks")}


@pytest.mark.parametrize("name", ["overview", "prisoners", "bodies", "talks", "sources", "upload"])
def test_page_opens_with_its_charts(page: Page, app_url: str, name: str):
    open_page(page, app_url, name)
    no_exception(page)
    if name in EXPECTED_CHARTS:
        wait_for_charts(page, EXPECTED_CHARTS[name])
        expect(page.locator(".js-plotly-plot")).to_have_count(EXPECTED_CHARTS[name])
    save_screenshot(page, f"page-{name}")


def test_a_chart_data_table_opens_on_request(page: Page, app_url: str):
    open_page(page, app_url, "bodies", "from=2025-05&to=2025-08")
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(0)
    page.get_by_text("Show the data table: bodies received by each side, per handover").click()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(1)
    no_exception(page)
