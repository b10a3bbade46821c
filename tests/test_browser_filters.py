"""In Chromium: the month range changes charts, key figures and the URL; links and page switches keep it."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import no_exception, open_page, wait_for_app, wait_for_charts
from tests.conftest import save_screenshot

pytestmark = pytest.mark.browser


def metric(page: Page, label: str) -> str:
    box = page.locator(".key-figure", has_text=label).first
    return box.locator(".key-figure-value").inner_text()


def chart_titles(page: Page) -> list[str]:
    return page.locator(".js-plotly-plot .gtitle").all_text_contents()


def choose_quick_range(page: Page, name: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_role("radio", name=name, exact=True).click()
    wait_for_app(page)


def test_quick_range_changes_key_figures_charts_and_url(page: Page, app_url: str):
    open_page(page, app_url, "overview")
    wait_for_charts(page, 1)
    before = metric(page, "People to Ukraine")
    choose_quick_range(page, "2024")
    expect(page).to_have_url(re.compile(r"from=2024-01&to=2024-12"))
    expect(page.locator(".js-plotly-plot .gtitle").first).to_contain_text("Jan 2024 – Dec 2024")
    assert metric(page, "People to Ukraine") != before
    no_exception(page)
    save_screenshot(page, "filter-overview-2024")


def test_keyboard_on_the_slider_moves_the_range(page: Page, app_url: str):
    open_page(page, app_url, "overview", "from=2025-05&to=2025-08")
    thumb = page.locator('[data-testid="stSidebar"] [aria-label="Months shown — end"]')
    thumb.focus()
    thumb.press("ArrowRight")
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"from=2025-05&to=2025-09"))
    expect(page.locator(".js-plotly-plot .gtitle").first).to_contain_text("May 2025 – Sep 2025")


def test_a_copied_link_opens_the_same_view(page: Page, app_url: str):
    open_page(page, app_url, "bodies", "from=2025-05&to=2025-08")
    wait_for_charts(page, 4)
    titles = chart_titles(page)
    assert all("May 2025 – Aug 2025" in t for t in titles)
    link = page.url
    fresh = page.context.new_page()
    fresh.goto(link)
    wait_for_app(fresh)
    wait_for_charts(fresh, 4)
    fresh_titles = fresh.locator(".js-plotly-plot .gtitle")
    expect(fresh_titles).to_have_count(len(titles))
    for index, title in enumerate(titles):
        expect(fresh_titles.nth(index)).to_have_text(title)
    assert "from=2025-05&to=2025-08" in fresh.url
    fresh.close()


def test_a_page_switch_keeps_the_filter(page: Page, app_url: str):
    open_page(page, app_url, "overview", "from=2025-05&to=2025-08")
    for name, path in (("Prisoner exchanges", "prisoners"), ("Talks", "talks"), ("Data & sources", "sources")):
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name=name).click()
        wait_for_app(page)
        expect(page).to_have_url(re.compile(rf"/{path}\?.*from=2025-05&to=2025-08"))
        no_exception(page)
    page.reload()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"from=2025-05&to=2025-08"))
    expect(page.get_by_text("May 2025 – Aug 2025").first).to_be_visible()


def test_an_invalid_link_shows_a_notice(page: Page, app_url: str):
    open_page(page, app_url, "overview", "from=2025-13&to=2025-08")
    expect(page.get_by_text("The link's months were not used")).to_be_visible()
    expect(page).to_have_url(re.compile(r"from=2022-02"))
    no_exception(page)


def test_a_range_without_data_says_so(page: Page, app_url: str):
    open_page(page, app_url, "prisoners", "from=2023-09&to=2023-09")
    expect(page.get_by_text("No exchanges of people are recorded for Sep 2023").first).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(0)


def test_phone_width_page_has_no_horizontal_scroll(page: Page, app_url: str):
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, app_url, "bodies", "from=2025-05&to=2025-08")
    wait_for_charts(page, 1)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    save_screenshot(page, "phone-bodies")
