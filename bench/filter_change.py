"""Filter change: from the key press (or click) on the month filter until every chart's title shows the new months,
on the landing page and the bodies page against the reference app, interleaved; and the server's CPU per change.
Run by `bench.run` with the servers and the browser it starts."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.common import (
    APP_SLIDER,
    CHARTS_DRAWN,
    MARK_INPUT,
    REFERENCE_SLIDER,
    RESET_INPUT,
    TIMEOUT_MS,
    TITLES_SHOW,
    VIEWPORT,
    log,
    month_add,
    month_from_label,
    proc_cpu_seconds,
    range_label,
)
from support.browser import IDLE

TARGET_RATIO = 1.5
BODIES_TARGET_RATIO = 2.0  # issue #15: a month change on Body repatriations (four charts) against the reference
QUICK_RANGES = ("2024", "2025")


def settle(page, pause_ms: int = 400) -> None:
    """Until the script run has finished, and a moment more."""
    page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
    page.wait_for_timeout(pause_ms)


def open_timed_page(browser, url: str):
    """A fresh context on `url` that marks the first input event, once its first chart is drawn and it is idle."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(f"({MARK_INPUT})();")
    page = context.new_page()
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_function(CHARTS_DRAWN, arg=1, timeout=TIMEOUT_MS)
    settle(page)
    return page


@dataclass
class FilterScenario:
    """One page kept open; each step changes the month range and times it until every chart shows it."""

    name: str
    url: str
    slider: str  # selector template of a thumb, with {thumb}
    quick_ranges: tuple[str, ...] = ()  # when set, click these pills in turn instead of using the keyboard
    page: object = None
    charts: int = 1
    times: list[float] = field(default_factory=list)

    def open(self, browser) -> None:
        self.page = open_timed_page(browser, self.url)
        self.charts = self.page.locator(".js-plotly-plot").count()

    def thumb(self, which: str):
        return self.page.locator(self.slider.format(thumb=which))

    def step(self, index: int) -> float:
        page = self.page
        if self.quick_ranges:
            year = self.quick_ranges[index % len(self.quick_ranges)]
            label = range_label(f"{year}-01", f"{year}-12")
            target = page.locator('[data-testid="stSidebar"]').get_by_role("radio", name=year, exact=True)
            key = None
        else:
            first = month_from_label(self.thumb("start").get_attribute("aria-valuetext"))
            last = month_from_label(self.thumb("end").get_attribute("aria-valuetext"))
            key = "ArrowLeft" if index % 2 == 0 else "ArrowRight"
            label = range_label(first, month_add(last, -1 if key == "ArrowLeft" else 1))
            target = self.thumb("end")
            target.focus()
        page.evaluate(RESET_INPUT)
        if key:
            target.press(key)
        else:
            target.click()
        elapsed = page.wait_for_function(
            TITLES_SHOW, arg=[label, self.charts], polling="raf", timeout=TIMEOUT_MS
        ).json_value()
        settle(page)
        return elapsed

    def close(self) -> None:
        if self.page is not None:
            self.page.context.close()


@dataclass
class FilterResults:
    times: dict[str, list[float]] = field(default_factory=dict)
    charts: dict[str, int] = field(default_factory=dict)
    server_cpu_ms: dict[str, float] = field(default_factory=dict)  # per filter change, measured on the server


def measure(browser, servers: dict, bodies_path: str, runs: int) -> FilterResults:
    """`runs` changes per scenario after one warm-up, interleaved; `servers` is {"app": ..., "reference": ...,
    "reference, four charts": ...} (the last one a reference server of its own, so that the server CPU per change
    of the other two is measured alone)."""
    app, reference = servers["app"].url, servers["reference"].url
    scenarios = [
        FilterScenario("reference", reference, REFERENCE_SLIDER),
        FilterScenario(
            "reference, four charts", f"{servers['reference, four charts'].url}/?charts=4", REFERENCE_SLIDER
        ),
        FilterScenario("app overview, keyboard", app, APP_SLIDER),
        FilterScenario("app bodies, keyboard", f"{app}/{bodies_path}", APP_SLIDER),
        FilterScenario("app overview, quick range", app, APP_SLIDER, quick_ranges=QUICK_RANGES),
    ]
    log(f"browser: filter change, {runs} runs each after one warm-up, interleaved")
    results = FilterResults()
    try:
        for scenario in scenarios:
            scenario.open(browser)
            results.charts[scenario.name] = scenario.charts
        cpu: dict[str, float] = {}
        for index in range(runs + 1):
            if index == 1:
                cpu = {name: proc_cpu_seconds(servers[name].process.pid) for name in ("app", "reference")}
            for scenario in scenarios:
                elapsed = scenario.step(index)
                if index > 0:
                    scenario.times.append(elapsed)
        changes = {"app": runs * 3, "reference": runs}
        for name, changed in changes.items():
            results.server_cpu_ms[name] = (proc_cpu_seconds(servers[name].process.pid) - cpu[name]) / changed * 1000
    finally:
        for scenario in scenarios:
            scenario.close()
    results.times = {s.name: s.times for s in scenarios}
    return results
