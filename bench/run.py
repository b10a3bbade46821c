"""Benchmarks of the Exchange Tracker: `python -m bench.run` (what `make bench` runs) runs them all.

One module per benchmark, each with its own targets (see their docstrings):

- `bench.reruns`: server work per rerun in AppTest (a month change per page against `bench/reference_app.py`, a
  language switch against a month change), in a process of its own;
- `bench.first_view`, `bench.filter_change`, `bench.language`: in headless Chromium against the app and the reference
  app (one slider, one Plotly chart: the floor for a Streamlit + Plotly page), medians of interleaved runs, as ratios;
- `bench.load`: concurrent browser sessions against one server;
- `bench.scale`: synthetic exchanges.csv of 10k, 100k and 1M rows, each in fresh processes;
- `bench.exports`: PNG export times, and a page with and without its download buttons.

`bench.report` writes bench/results.md (and prints it). A benchmark that fails is shown as failed in the results
with its error, its traceback goes to stderr, and the run exits with status 1; so does a load test with a session
in error. A missed target is a result, not a failure: it is reported as **FAIL** and the run exits 0.
`--quick` is a short smoke run (fewer runs, sessions, sizes).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench import filter_change, first_view, language, load, report, scale
from bench.common import REFERENCE_SCRIPT, ROOT, log, run_child
from exchange_tracker.page_registry import BY_NAME
from support.browser import CHROMIUM_FLAGS, CHROMIUM_MISSING, chromium_executable
from support.servers import streamlit_servers

RESULTS = ROOT / "bench" / "results.md"
BENCHMARKS = ("apptest", "browser", "load", "scale", "exports")
WARM_UP_PAGES = ("overview", "prisoners", "bodies")  # the pages the browser benchmarks open


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per first-view median (default 7)")
    parser.add_argument(
        "--filter-runs",
        type=int,
        default=15,
        help="runs per filter-change and language-switch median (default 15: a redraw lands on a ~17 ms frame, "
        "so few runs jump by frames)",
    )
    parser.add_argument("--apptest-runs", type=int, default=15, help="runs per AppTest median (default 15)")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions in the load test (default 20)")
    parser.add_argument("--load-time-limit", type=float, default=300, help="seconds before the load test stops")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="rows of the synthetic files")
    parser.add_argument("--scale-timeout", type=float, default=150, help="seconds per size before it is stopped")
    parser.add_argument("--scale-runs", type=int, default=3, help="fresh processes per size (default 3)")
    parser.add_argument("--skip", default="", help=f"comma-separated: {', '.join(BENCHMARKS)}")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 2 runs, 3 sessions, 10k rows")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the Markdown")
    settings = parser.parse_args(argv)
    if settings.quick:
        settings.runs, settings.apptest_runs, settings.sessions, settings.sizes = 2, 3, 3, "10000"
        settings.filter_runs, settings.scale_runs = 2, 1
    settings.skip = set(filter(None, settings.skip.split(",")))
    unknown = settings.skip - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s) to skip: {', '.join(sorted(unknown))}")
    return settings


def run_browser(chromium: str, runs: int, filter_runs: int) -> dict:
    """First view, filter change and language switch: one app server, one reference server, one Chromium."""
    from playwright.sync_api import sync_playwright

    with (
        streamlit_servers("app.py", REFERENCE_SCRIPT, REFERENCE_SCRIPT) as (app, reference, reference_four),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            log("browser: warming up both servers (caches, imports)")
            for name in WARM_UP_PAGES:
                first_view.first_view_ms(browser, f"{app.url}/{BY_NAME[name].path}")
            first_view.first_view_ms(browser, reference.url)
            first_view.first_view_ms(browser, f"{reference_four.url}/?charts=4")
            servers = {"app": app, "reference": reference, "reference, four charts": reference_four}
            return {
                "first_view": first_view.measure(browser, {"app": app.url, "reference": reference.url}, runs),
                "filters": filter_change.measure(browser, servers, BY_NAME["bodies"].path, filter_runs),
                "language": language.measure(browser, app.url, filter_runs),
            }
        finally:
            browser.close()


def benchmarks(settings: argparse.Namespace, chromium: str | None) -> dict[str, Callable[[], dict]]:
    """Each benchmark by the name `--skip` knows, as a call giving the fields of `report.Results` it fills."""
    sizes = [int(size) for size in settings.sizes.split(",") if size]
    return {
        "apptest": lambda: {
            "reruns": run_child("bench.reruns", [str(settings.apptest_runs)], timeout=900).last("bench.reruns")
        },
        "browser": lambda: run_browser(chromium, settings.runs, settings.filter_runs),
        "load": lambda: {"load": load.run_load(settings.sessions, settings.load_time_limit, chromium)},
        "scale": lambda: {"scale": scale.run_scale(sizes, settings.scale_timeout, settings.scale_runs)},
        "exports": lambda: {"exports": run_child("bench.exports", ["--json"], timeout=600).last("bench.exports")},
    }


def main(argv: list[str] | None = None) -> int:
    settings = arguments(argv)
    started = time.perf_counter()
    results = report.Results(
        runs=settings.runs,
        filter_runs=settings.filter_runs,
        machine=report.machine(),
        scale_runs=settings.scale_runs,
        scale_timeout=settings.scale_timeout,
    )
    chromium = chromium_executable()
    if chromium is None and {"browser", "load"} - settings.skip:
        log(f"{CHROMIUM_MISSING}; or skip the browser benchmarks with --skip browser,load")
        return 1
    failed = []
    for name, run in benchmarks(settings, chromium).items():
        if name in settings.skip:
            results.not_run[name] = "skipped with --skip"
            continue
        log(f"{name}: starting")
        try:
            for field, value in run().items():
                setattr(results, field, value)
        except Exception as err:  # not hidden: shown in the results, traceback on stderr, exit status 1
            traceback.print_exc()
            first_line = (str(err).strip().splitlines() or [""])[0][:300]
            results.not_run[name] = f"**failed**: {type(err).__name__}: {first_line}"
            failed.append(name)
    results.elapsed_s = time.perf_counter() - started
    text = report.markdown(results)
    settings.output.write_text(text, encoding="utf-8")
    print(text)
    log(f"wrote {settings.output}")
    if results.load and results.load.errors:
        failed.append(f"load ({len(results.load.errors)} session error(s))")
    if failed:
        log(f"FAILED: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
