"""Helpers for browser tests: open a page of the app and wait until Streamlit has finished drawing it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from exchange_tracker.page_registry import PAGES

PAGE_PATHS = {page.name: page.path for page in PAGES}  # the first page lives at the root


def wait_for_app(page: Page, timeout: float = 30_000) -> None:
    """Until the script has run: a title is drawn and Streamlit is no longer running the script."""
    expect(page.locator("h1").first).to_be_visible(timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')",
        timeout=timeout,
    )
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


# The texts of each Plotly chart a reader must be able to read: title, legend, axis titles, tick labels and
# annotations (the source line). Each pair that overlaps, and each that reaches outside its chart, is a problem.
CHART_TEXT_PROBLEMS = """
() => {
  const selectors = ['.gtitle', '.legendtext', '.g-xtitle text', '.g-ytitle text', '.g-x2title text',
                     '.g-y2title text', '.xtick text', '.ytick text', '.x2tick text', '.y2tick text',
                     '.annotation-text'];
  const problems = [];
  const charts = Array.from(document.querySelectorAll('.js-plotly-plot'));
  charts.forEach((chart, index) => {
    const frame = chart.querySelector('.main-svg').getBoundingClientRect();
    const texts = [];
    for (const selector of selectors) {
      chart.querySelectorAll(selector).forEach(node => {
        const box = node.getBoundingClientRect();
        if (box.width > 0.5 && box.height > 0.5 && node.textContent.trim())
          texts.push({text: node.textContent.trim().slice(0, 40), kind: selector, box});
      });
    }
    const name = (chart.closest('[class*="st-key-chart-"]') || {className: 'chart ' + index}).className
      .split(' ').filter(c => c.startsWith('st-key-chart-')).join('') || 'chart ' + index;
    for (const t of texts) {
      const b = t.box;
      if (b.left < frame.left - 1 || b.right > frame.right + 1 || b.top < frame.top - 1 || b.bottom > frame.bottom + 1)
        problems.push(`${name}: "${t.text}" (${t.kind}) runs outside the chart`);
    }
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i].box, b = texts[j].box;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1)
        problems.push(`${name}: "${texts[i].text}" (${texts[i].kind}) overlaps "${texts[j].text}" (${texts[j].kind})`);
    }
  });
  return problems;
}
"""

SIDEWAYS_SCROLL = "() => document.scrollingElement.scrollWidth - window.innerWidth"


def chart_text_problems(page: Page) -> list[str]:
    """Every chart text that overlaps another or runs outside its chart, in words."""
    return page.evaluate(CHART_TEXT_PROBLEMS)
