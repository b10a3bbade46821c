"""First view: a fresh browser context opens the landing page until its Plotly charts are drawn, app against the
reference, interleaved. Run by `bench.run` with the servers and the browser it starts."""

from __future__ import annotations

from bench.common import CHARTS_DRAWN, TIMEOUT_MS, VIEWPORT, log

TARGET_RATIO = 1.3


def first_view_ms(browser, url: str, charts: int = 1) -> float:
    """A fresh context opens `url`; ms from navigation start until `charts` Plotly charts are drawn."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        return page.wait_for_function(CHARTS_DRAWN, arg=charts, polling="raf", timeout=TIMEOUT_MS).json_value()
    finally:
        context.close()


def measure(browser, urls: dict[str, str], runs: int) -> dict[str, list[float]]:
    """`runs` first views of each url ({"app": ..., "reference": ...}), the order alternating from run to run."""
    log(f"browser: first view, {runs} runs each, interleaved")
    times: dict[str, list[float]] = {name: [] for name in urls}
    for run in range(runs):
        for name in sorted(urls, reverse=run % 2 == 1):
            times[name].append(first_view_ms(browser, urls[name]))
    return times
