"""A deep link opened first after a (re)start is served as itself: page, wide layout, title, navigation, filters."""

import re

import pytest
from playwright.sync_api import Page, expect

from exchange_tracker.page_registry import PAGES
from support.servers import StreamlitServer, streamlit_servers
from tests.browser import no_exception, wait_for_app, wait_for_charts

pytestmark = pytest.mark.browser


@pytest.fixture
def fresh_server():
    """A server nobody has opened yet: the test's request is its first."""
    with streamlit_servers("app.py") as (server,):
        yield server


def test_a_deep_link_is_the_first_request_of_a_fresh_server(page: Page, fresh_server: StreamlitServer):
    page.goto(f"{fresh_server.url}/bodies?from=2025-05&to=2025-08")
    wait_for_app(page)
    wait_for_charts(page, 4)
    no_exception(page)
    expect(page.locator("h1").first).to_have_text("Body repatriations")
    assert page.evaluate("document.title") == "Body repatriations · Exchange Tracker"
    # The wide layout: the main column uses most of a 1366 px window (the centred layout stops at 736 px).
    width = page.locator('[data-testid="stMainBlockContainer"]').evaluate("e => e.getBoundingClientRect().width")
    assert width > 900
    # Our navigation, one link per sidebar page, each carrying the months and the language; Streamlit's is hidden.
    sidebar = page.locator('[data-testid="stSidebar"]')
    links = sidebar.locator('[data-testid="stPageLink"] a')
    expect(links).to_have_count(sum(p.in_sidebar for p in PAGES))
    expect(sidebar.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert "from=2025-05" in href and "to=2025-08" in href and "lang=en" in href
    # The filters came from the link.
    titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()
    assert titles and all("May 2025 – Aug 2025" in t for t in titles)
    expect(page).to_have_url(re.compile(r"/bodies\?from=2025-05&to=2025-08"))


@pytest.mark.parametrize("page_info", [p for p in PAGES if p.in_sidebar], ids=lambda p: p.name)
def test_every_shared_address_still_opens_its_page(page: Page, app_url: str, page_info):
    page.goto(f"{app_url}/{page_info.path}?from=2024-01&to=2024-06")
    wait_for_app(page)
    no_exception(page)
    expect(page.locator("h1").first).to_have_text(page_info.title)
