"""Chromium for Playwright, and waits in the page: open a page of the app until Streamlit has finished drawing it.

The sync helpers (`wait_for_app`, `open_page`, ...) are for the tests; the JavaScript conditions (`IDLE`) and
`nav_link` work with the async API as well (the load benchmark).
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from exchange_tracker.export import chromium_path
from exchange_tracker.page_registry import PAGES

PAGE_PATHS = {page.name: page.path for page in PAGES}  # the first page lives at the root
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CHROMIUM_MISSING = "Chromium is not installed (Debian: apt-get install chromium; `make test` installs it)"
# In the page: Streamlit is not running the script (its status widget is gone or says something else).
IDLE = """() => {
  const status = document.querySelector('[data-testid="stStatusWidget"]');
  return !status || !status.innerText.includes('Running');
}"""


def chromium_executable() -> str | None:
    """The system Chromium, found the way the app's PNG/SVG export finds it (`playwright install` is not used)."""
    return chromium_path()


def wait_for_app(page: Page, timeout: float = 30_000) -> None:
    """Until the script has run: a title is drawn and Streamlit is no longer running the script."""
    expect(page.locator("h1").first).to_be_visible(timeout=timeout)
    page.wait_for_function(IDLE, timeout=timeout)
    page.wait_for_timeout(300)


def wait_for_charts(page: Page, count: int, timeout: float = 30_000) -> None:
    """Until `count` Plotly charts have drawn their plot area."""
    expect(page.locator(".js-plotly-plot .main-svg").nth(count - 1)).to_be_visible(timeout=timeout)


def open_page(page: Page, base_url: str, name: str, query: str = "") -> None:
    """Open a page of the app (with an optional query string) and wait for it."""
    page.goto(f"{base_url}/{PAGE_PATHS[name]}{('?' + query) if query else ''}")
    wait_for_app(page)


def no_exception(page: Page) -> None:
    """No Streamlit exception box and no "page not found" dialog on the page."""
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)


def download_button(page: Page, slug: str, file_format: str):
    """The chart's download button for `file_format` ("png", "svg", "html", "csv"), its "Download" popover opened."""
    button = page.locator(f".st-key-download-{slug}-{file_format}").get_by_role("button").first
    if not button.is_visible():
        page.locator(f".st-key-downloads-{slug}").get_by_role("button").first.click()
    expect(button).to_be_visible()
    return button


def nav_link(page: Page, title: str):
    """The sidebar's link to a page, by its title as shown (our own navigation, drawn from the page registry).

    Building a locator does not wait, so this works on a Playwright async page too.
    """
    return page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]').get_by_role("link", name=title)
