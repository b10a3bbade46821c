"""In Chromium at phone, tablet and laptop widths, in both languages: chart texts neither overlap nor run outside
their chart, and no page scrolls sideways. Also: /embed draws one chart alone, and the embed code opens it."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from exchange_tracker.chart_room import LAPTOP_CHART_PX
from exchange_tracker.figures import TITLE_LINE, wrap
from tests.apptest import CHART_PAGES
from tests.browser import (
    SIDEWAYS_SCROLL,
    chart_text_problems,
    grown_margins,
    no_exception,
    open_page,
    wait_for_charts,
)
from tests.conftest import save_screenshot

pytestmark = pytest.mark.browser

WIDTHS = (390, 768, 1400)
LAPTOP_SCREEN_PX = 1366  # the screen chart_room's estimates are made for
RANGES = {"all": "", "2025": "from=2025-01&to=2025-12"}
OTHER_PAGES = ("sources", "upload")


@pytest.fixture(scope="module")
def page_at(browser: Browser):
    """One browser context (and tab) per width, reused across pages and languages."""
    pages: dict[int, Page] = {}

    def at(width: int) -> Page:
        if width not in pages:
            pages[width] = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        return pages[width]

    yield at
    for page in pages.values():
        page.context.close()


def sideways(page: Page) -> int:
    return page.evaluate(SIDEWAYS_SCROLL)


@pytest.mark.parametrize("language", ["uk", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_chart_texts_neither_overlap_nor_run_outside(page_at, app_url: str, width: int, language: str):
    page = page_at(width)
    problems = []
    for name, count in CHART_PAGES.items():
        for range_name, months in RANGES.items():
            open_page(page, app_url, name, "&".join(filter(None, (f"lang={language}", months))))
            wait_for_charts(page, count)
            page.wait_for_timeout(300)  # Plotly's second pass after its automargins
            no_exception(page)
            problems += [f"{name} ({range_name}): {problem}" for problem in chart_text_problems(page)]
            if sideways(page) > 0:
                problems.append(f"{name} ({range_name}) scrolls sideways by {sideways(page)} px")
            if width in (390, 1400) and range_name == "all" and name in ("prisoners", "bodies", "talks"):
                save_screenshot(page, f"layout-{name}-{width}-{language}")
    for name in OTHER_PAGES:
        open_page(page, app_url, name, f"lang={language}")
        if sideways(page) > 0:
            problems.append(f"{name} scrolls sideways by {sideways(page)} px")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["uk", "en"])
def test_at_laptop_width_every_chart_is_laid_out_once(browser: Browser, app_url: str, language: str):
    """The margins hold each chart's legend and y labels (exchange_tracker/chart_room.py), so plotly.js never grows
    them: a grown margin means a second layout pass on every redraw."""
    page = browser.new_context(viewport={"width": LAPTOP_SCREEN_PX, "height": 900}).new_page()
    problems = []
    try:
        for name, count in CHART_PAGES.items():
            open_page(page, app_url, name, f"lang={language}")
            wait_for_charts(page, count)
            page.wait_for_timeout(300)
            widths = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')].map((p) => p.clientWidth)")
            assert widths and all(width == LAPTOP_CHART_PX for width in widths), f"{name}: charts {widths} px wide"
            problems += [f"{name}: {problem}" for problem in grown_margins(page)]
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)


def wait_for_embed(page: Page) -> None:
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=30_000)
    page.wait_for_timeout(300)


def test_embed_draws_exactly_one_chart_and_nothing_else(page_at, app_url: str):
    page = page_at(390)
    page.goto(f"{app_url}/embed?chart=bodies-repatriated&from=2025-01&to=2025-12&lang=uk&embed=true")
    wait_for_embed(page)
    no_exception(page)
    expect(page.locator(".js-plotly-plot")).to_have_count(1)
    for absent in ('[data-testid="stSidebar"]', '[data-testid="stSidebarNav"]', '[data-testid="stToolbar"]', "h1"):
        expect(page.locator(absent)).to_have_count(0)
    expect(page.locator('[data-testid="stPageLink"]')).to_have_count(0)
    assert chart_text_problems(page) == [] and sideways(page) <= 0
    chart = page.locator(".js-plotly-plot").bounding_box()
    assert chart["width"] >= 390 - 40, "the chart fills the frame's width"
    # The footer links back to the full view (an SVG link: its address is in xlink:href).
    links = page.evaluate(
        "() => Array.from(document.querySelectorAll('.js-plotly-plot a'))"
        ".map(a => a.getAttribute('href') || a.getAttribute('xlink:href'))"
    )
    assert any(link and link.endswith("/bodies?from=2025-01&to=2025-12&lang=uk") for link in links), links
    save_screenshot(page, "embed-bodies-repatriated-390-uk")


def test_a_bad_embed_address_shows_a_message(page_at, app_url: str):
    page = page_at(768)
    page.goto(f"{app_url}/embed?chart=nonsense&lang=en&embed=true")
    expect(page.get_by_text("There is no chart called")).to_be_visible(timeout=30_000)
    page.goto(f"{app_url}/embed?chart=bodies-ratio&from=2025-13&to=2025-01&lang=en&embed=true")
    expect(page.get_by_text("The link's months were not used")).to_be_visible(timeout=30_000)
    expect(page.locator(".js-plotly-plot")).to_have_count(0)
    no_exception(page)


def test_the_embed_code_beside_a_chart_opens_that_chart(page_at, app_url: str):
    page = page_at(1400)
    open_page(page, app_url, "talks", "lang=en&from=2025-01&to=2025-12")
    wait_for_charts(page, 1)
    page.locator(".st-key-share-talks-timeline").get_by_role("button").first.click()
    code = page.locator('[data-testid="stCode"]').filter(has_text="<iframe").first
    expect(code).to_be_visible()
    iframe = code.inner_text().replace("\n", "")
    assert re.search(r'width="100%" height="\d+" title="Status of talks', iframe) and 'loading="lazy"' in iframe
    cite = page.locator('[data-testid="stCode"]').filter(has_text="(chart)").first.inner_text()
    assert "Status of talks, rounds, and people exchanged, Jan 2025 – Dec 2025" in cite.replace("\n", "")
    host = page.context.new_page()
    host.set_content(f"<!doctype html><html><body style='margin:0;width:600px'>{iframe}</body></html>")
    frame = host.frame_locator("iframe")
    expect(frame.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=30_000)
    expect(frame.locator(".js-plotly-plot")).to_have_count(1)
    title = frame.locator(".js-plotly-plot .gtitle").text_content()
    assert wrap("Status of talks, rounds, and people exchanged", TITLE_LINE)[0] in title and "Jan 2025" in title
    host.close()
