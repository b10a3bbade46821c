"""Server work per rerun, in AppTest: a month-range change on the overview, prisoners and bodies pages against the
reference app, a language switch against a month change on the landing page, and what the server does besides.

Run by `bench.run` in a process of its own: `python -m bench.reruns RUNS` prints one JSON line.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import sys
import time

from bench.common import REFERENCE_SCRIPT, ROOT, range_label
from exchange_tracker.i18n import _ as translate
from exchange_tracker.i18n import use_language
from exchange_tracker.page_registry import BY_NAME
from support.apptest import chart_titles, month_slider, run_app

TARGET_MS = 50.0
PAGES = ("overview", "prisoners", "bodies")
RANGES = (("2024-01", "2024-12"), ("2025-01", "2025-12"))
WARM_UP = 2
LANGUAGE_SWITCH = "filters.language_switch"  # the sidebar's segmented control (exchange_tracker/ui.py)


def timed(action) -> float:
    """Milliseconds that `action()` takes."""
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def month_change_times(runs: int) -> dict[str, list[float]]:
    """`set_range().run()` on each page and on the reference, alternating two ranges; warm-up runs dropped."""
    from streamlit.testing.v1 import AppTest

    result: dict[str, list[float]] = {}
    for page in PAGES:
        app = run_app(page=page)
        times = []
        for index in range(runs + WARM_UP):
            first, last = RANGES[index % 2]
            elapsed = timed(lambda: month_slider(app).set_range(first, last).run())  # noqa: B023 (called at once)
            if app.exception:
                raise RuntimeError(f"{page}: {[e.value for e in app.exception]}")
            times.append(elapsed)
        result[page] = times[WARM_UP:]
    reference = AppTest.from_file(str(ROOT / REFERENCE_SCRIPT), default_timeout=60)
    reference.run()
    times = []
    for index in range(runs + WARM_UP):
        first, last = RANGES[index % 2]
        times.append(timed(lambda: reference.select_slider[0].set_range(first, last).run()))  # noqa: B023
    result["reference"] = times[WARM_UP:]
    return result


def expect_view(app, language: str, first: str, last: str) -> None:
    """The landing page is in `language` and its chart shows `first`..`last`; raises otherwise."""
    if app.exception:
        raise RuntimeError(f"overview: {[e.value for e in app.exception]}")
    with use_language(language):
        heading = translate(BY_NAME["overview"].title)
    label = range_label(first, last, language)
    titles = chart_titles(app)
    if [t.value for t in app.title][:1] != [heading] or not titles or not all(label in t for t in titles):
        raise AssertionError(f"expected {heading!r} and {label!r}, got {[t.value for t in app.title]} {titles}")


def language_switch_times(runs: int) -> dict[str, list[float]]:
    """On the landing page, interleaved: a month change, then a switch to the other language (Українська/English)."""
    language, (first, last) = "uk", RANGES[0]
    app = run_app({"lang": language, "from": first, "to": last})
    months, switches = [], []
    for index in range(runs + WARM_UP):
        first, last = RANGES[(index + 1) % 2]
        switched = "en" if language == "uk" else "uk"
        # AppTest turns each widget's value into its labels with the page's format_func in this thread, so the
        # labels drawn in Ukrainian need the language set here too (the browser sends indexes instead).
        with use_language(language):
            month = timed(lambda: month_slider(app).set_range(first, last).run())  # noqa: B023
            expect_view(app, language, first, last)
            switch = timed(lambda: app.segmented_control(key=LANGUAGE_SWITCH).set_value(switched).run())  # noqa: B023
        language = switched
        expect_view(app, language, first, last)
        if index >= WARM_UP:
            months.append(month)
            switches.append(switch)
    return {"language:month": months, "language:switch": switches}


def post_script_gc(runs: int) -> dict[str, list[float]]:
    """The real server runs gc.collect(2) after every script run unless runner.postScriptGC is off; AppTest never
    does, so its cost is measured on its own, in this process with the app loaded."""
    from streamlit import config

    times = [timed(lambda: gc.collect(2)) for _ in range(runs)]
    return {"post_script_gc": [1.0 if config.get_option("runner.postScriptGC") else 0.0], "gc": times}


def figure_build_times(runs: int) -> dict[str, list[float]]:
    """Time to build each page's Plotly figures alone (no Streamlit): how much of a rerun is figure building."""
    from exchange_tracker import figures, transforms
    from exchange_tracker.loading import SHIPPED_DATA, load_folder
    from exchange_tracker.months import MonthRange

    dataset = load_folder(SHIPPED_DATA, today=dt.date.today())
    events = transforms.headline_events(dataset.exchanges)
    months = MonthRange("2024-01", "2024-12")
    context = figures.ChartContext(
        months, figures.publishers_by_use(events), dataset.as_of, "http://localhost:8501?from=2024-01&to=2024-12"
    )
    selected = transforms.in_months(events, months)
    people = transforms.with_kinds(selected, transforms.PEOPLE_KINDS)
    bodies = transforms.with_kinds(selected, (transforms.BODIES_KIND,))
    index = transforms.MonthlyIndex.of(events)
    pages = {
        "overview": lambda: [figures.monthly_people_chart(index.people_totals(months), context, civilians_apart=False)],
        "prisoners": lambda: [
            figures.monthly_people_chart(transforms.monthly_totals(people, months), context, slug="prisoners-monthly"),
            figures.per_handover_chart(people, context, unit="people"),
            figures.cumulative_chart(people, dataset.talks, context, unit="people"),
            figures.mediator_chart(people, context),
        ],
        "bodies": lambda: [
            figures.per_handover_chart(bodies, context, unit="bodies"),
            figures.monthly_bodies_chart(bodies, context),
            figures.cumulative_chart(bodies, dataset.talks, context, unit="bodies"),
            figures.body_ratio_chart(bodies, context),
        ],
    }
    result = {}
    for page, build in pages.items():
        build()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            build()
            times.append((time.perf_counter() - started) * 1000)
        result[f"figures:{page}"] = times
    return result


def main(runs: int) -> None:
    result = {**month_change_times(runs), **language_switch_times(runs), **post_script_gc(runs)}
    result.update(figure_build_times(runs))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
