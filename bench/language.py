"""Switching language (issue #11.8): click "English"/"Українська" in the sidebar on the landing page until its
heading and chart title are in the other language, against a month change on the same page, interleaved.
Target: a language switch costs no more than a month-filter change. Run by `bench.run` with the browser it starts;
the server side (AppTest) is in `bench.reruns`."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.common import RESET_INPUT, TIMEOUT_MS, TITLES_SHOW, app_slider, log, month_add, range_label
from bench.filter_change import open_timed_page, settle
from exchange_tracker.i18n import LANGUAGES, use_language
from exchange_tracker.i18n import _ as translate
from exchange_tracker.page_registry import BY_NAME

TARGET_RATIO = 1.0
START = ("uk", "2024-01", "2024-12")
# The page's heading is `heading` and every chart title (at least n) names the months; then the time since the input.
LANGUAGE_SHOWN = """([heading, label, n]) => {
  const h1 = document.querySelector('h1');
  const titles = [...document.querySelectorAll('.js-plotly-plot .gtitle')].map((e) => e.textContent);
  if (!h1 || !h1.textContent.includes(heading) || window.__benchInput === null) return false;
  if (titles.length < n || !titles.every((t) => t.includes(label))) return false;
  return performance.now() - window.__benchInput;
}"""


def heading(language: str) -> str:
    """The landing page's title in `language`, from the page registry and the catalog."""
    with use_language(language):
        return translate(BY_NAME["overview"].title)


@dataclass
class LanguageResults:
    switch_ms: list[float] = field(default_factory=list)
    month_ms: list[float] = field(default_factory=list)
    charts: int = 1


def measure(browser, app_url: str, runs: int) -> LanguageResults:
    """`runs` month changes and `runs` language switches after one warm-up pair, alternating on one page."""
    language, first, last = START
    log(f"browser: language switch against a month change, {runs} runs each after one warm-up, interleaved")
    page = open_timed_page(browser, f"{app_url}/?lang={language}&from={first}&to={last}")
    results = LanguageResults(charts=page.locator(".js-plotly-plot").count())
    try:
        for index in range(runs + 1):
            key = "ArrowLeft" if index % 2 == 0 else "ArrowRight"
            last = month_add(last, -1 if key == "ArrowLeft" else 1)
            thumb = page.locator(app_slider(language).format(thumb="end"))
            thumb.focus()
            page.evaluate(RESET_INPUT)
            thumb.press(key)
            label = range_label(first, last, language)
            month = page.wait_for_function(
                TITLES_SHOW, arg=[label, results.charts], polling="raf", timeout=TIMEOUT_MS
            ).json_value()
            settle(page)

            language = "en" if language == "uk" else "uk"
            choice = page.locator('[data-testid="stSidebar"]').get_by_role("radio", name=LANGUAGES[language])
            page.evaluate(RESET_INPUT)
            choice.click()
            shown = [heading(language), range_label(first, last, language), results.charts]
            switch = page.wait_for_function(LANGUAGE_SHOWN, arg=shown, polling="raf", timeout=TIMEOUT_MS).json_value()
            settle(page)
            if index > 0:
                results.month_ms.append(month)
                results.switch_ms.append(switch)
    finally:
        page.context.close()
    return results
