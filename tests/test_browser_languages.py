"""In Chromium: Ukrainian and English on every page, chosen by the address, the browser or the sidebar switch."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from exchange_tracker.page_registry import PAGES
from tests.apptest import CHART_PAGES
from tests.browser import download_button, nav_link, no_exception, open_page, wait_for_app, wait_for_charts
from tests.catalog import english_fragments
from tests.conftest import save_screenshot
from tests.test_browser_layout import wait_for_embed
from tests.test_browser_upload import choose_file

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent


ENGLISH = english_fragments("uk")


def visible_text(page: Page) -> str:
    """What a reader sees: the page's text and the charts' SVG text."""
    return page.locator('[data-testid="stAppViewContainer"]').inner_text()


@pytest.mark.parametrize("page_info", PAGES, ids=lambda p: p.name)
def test_a_ukrainian_page_shows_no_english_interface_text(page: Page, app_url: str, page_info):
    if page_info.name == "embed":
        page.goto(f"{app_url}/embed?chart=bodies-ratio&from=2025-01&to=2025-12&lang=uk&embed=true")
        wait_for_embed(page)
    else:
        open_page(page, app_url, page_info.name, "lang=uk&from=2025-01&to=2025-12")
    if page_info.name in CHART_PAGES:
        wait_for_charts(page, CHART_PAGES[page_info.name])
    no_exception(page)
    text = visible_text(page)
    found = [fragment for fragment in ENGLISH if fragment in text]
    assert not found, f"English on the Ukrainian {page_info.name} page: {found}"
    assert page.evaluate("document.title").endswith("Exchange Tracker")
    assert "січ. 2025" in text or page_info.name in ("sources", "upload")
    save_screenshot(page, f"uk-{page_info.name}")


def test_ukrainian_month_names_on_chart_axes(page: Page, app_url: str):
    open_page(page, app_url, "bodies", "lang=uk&from=2025-05&to=2025-08")
    wait_for_charts(page, 4)
    ticks = " ".join(page.locator(".js-plotly-plot .xtick text").all_text_contents())
    assert "трав. 2025" in ticks and "May 2025" not in ticks
    titles = " ".join(page.locator(".js-plotly-plot .gtitle").all_text_contents())
    assert "трав. 2025 – серп. 2025" in titles


def test_a_downloaded_svg_has_the_ukrainian_title(page: Page, app_url: str):
    open_page(page, app_url, "bodies", "lang=uk&from=2025-05&to=2025-08")
    wait_for_charts(page, 4)
    with page.expect_download() as caught:
        download_button(page, "bodies-repatriated", "svg").click()
    svg = Path(caught.value.path()).read_text(encoding="utf-8")
    assert "Тіла" in svg and "трав. 2025" in svg
    assert caught.value.suggested_filename == "bodies-repatriated_2025-05_2025-08.svg"  # ASCII in every language


def test_a_browser_that_prefers_ukrainian_gets_ukrainian_at_the_root(browser: Browser, app_url: str):
    context = browser.new_context(locale="uk-UA", viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(app_url)
        wait_for_app(page)
        expect(page.locator("h1").first).to_have_text("Огляд")
        expect(page).to_have_url(re.compile(r"lang=uk"))
    finally:
        context.close()


def test_a_browser_that_prefers_english_gets_english_and_lang_en_stays_english(browser: Browser, app_url: str):
    context = browser.new_context(locale="uk-UA", viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{app_url}/?lang=en")
        wait_for_app(page)
        expect(page.locator("h1").first).to_have_text("Overview")
    finally:
        context.close()


def test_the_language_survives_the_sidebars_page_switch_and_the_switch_changes_it(page: Page, app_url: str):
    open_page(page, app_url, "overview", "lang=uk&from=2025-05&to=2025-08")
    nav_link(page, "Репатріація тіл").click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/bodies\?.*lang=uk"))
    expect(page).to_have_url(re.compile(r"from=2025-05"))
    expect(page.locator("h1").first).to_have_text("Репатріація тіл")
    page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="English").click()
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("Body repatriations")
    expect(page).to_have_url(re.compile(r"lang=en"))
    page.reload()
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("Body repatriations")


def test_an_unknown_language_falls_back_to_english_with_a_notice(page: Page, app_url: str):
    open_page(page, app_url, "talks", "lang=xx")
    expect(page.locator("h1").first).to_have_text("Talks")
    expect(page.get_by_text('The link\'s language "xx" is not available')).to_be_visible()


def test_the_upload_validator_answers_in_ukrainian(page: Page, app_url: str):
    open_page(page, app_url, "upload", "lang=uk")
    broken = (ROOT / "tests" / "broken" / "date_other_format.csv").read_bytes()
    choose_file(page, 0, "exchanges.csv", broken)
    page.get_by_role("button", name="Перевірити й використати ці файли").click()
    report = page.locator('[data-testid="stCode"]').first
    expect(report).to_be_visible()
    assert "рядок" in report.inner_text() and "line " not in report.inner_text()
    save_screenshot(page, "uk-upload-refused")
