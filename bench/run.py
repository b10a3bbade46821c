"""Benchmarks of the Exchange Tracker: `python -m bench.run` (what `make bench` runs).

Every browser figure is a median over several runs, taken in the same run as the same measure on
`bench/reference_app.py` (one slider, one Plotly chart: the floor for a Streamlit + Plotly page), and given
as a ratio against it, so that the machine's speed and noise cancel out as far as they can:

- first view: a fresh browser context opens the landing page until its Plotly charts are drawn;
- filter change: from the key press (or click) on the month filter until every chart's title shows the new months;
- server work per rerun: `AppTest` time of a month-range change on the overview, prisoners and bodies pages;
- scale: synthetic exchanges.csv of 10k, 100k and 1M rows, loaded, validated and aggregated in a subprocess each;
- load: concurrent browser sessions against one server, each checking that it sees its own months and downloads.

The results go to bench/results.md and to stdout. `--quick` is a short smoke run (fewer runs, sessions, sizes).
Times in the browser are taken inside the page (`performance.now()`), from navigation start or from the input event.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import datetime as dt
import importlib.metadata
import io
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
REFERENCE_SCRIPT = "bench/reference_app.py"
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1366, "height": 900}
TIMEOUT_MS = 60_000
LOAD_TIMEOUT_MS = 150_000  # per step under load: 20 pages drawing charts on the same few CPUs as the server
LOAD_OPENING = 4  # landing pages opened at a time in the load test

FIRST_VIEW_TARGET = 1.3
FILTER_TARGET = 1.5
RERUN_TARGET_MS = 50.0
SCALE_TARGET_ROWS = 1_000_000
SCALE_TARGET_S = 3.0
SCALE_TARGET_MB = 1536
# Assumptions behind the sessions-per-process estimate (stated in the results).
SECONDS_BETWEEN_RERUNS = 10.0  # an active reader changes a filter or a page about every 10 s
CPU_BUDGET = 0.7  # of the one core a Streamlit process can use for Python (the GIL)
MEMORY_BUDGET_MB = 1024  # per replica

APP_SLIDER = '[data-testid="stSidebar"] [aria-label="Months shown — {thumb}"]'
REFERENCE_SLIDER = '[aria-label$="— {thumb}"]'

# In the page: every Plotly chart (at least n) has drawn its plot area; then the time since navigation start.
CHARTS_DRAWN = """(n) => {
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  if (plots.length < n) return false;
  const drawn = plots.every((plot) => {
    const svg = plot.querySelector('.main-svg');
    if (!svg) return false;
    const box = svg.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  });
  return drawn ? performance.now() : false;
}"""
# Installed in every page: the time of the first key press or pointer press after the mark is reset.
MARK_INPUT = """() => {
  window.__benchInput = null;
  for (const type of ['keydown', 'pointerdown']) {
    document.addEventListener(type, () => {
      if (window.__benchInput === null) window.__benchInput = performance.now();
    }, true);
  }
}"""
# Every chart title (at least n) names the months; then the time since the input event.
TITLES_SHOW = """([label, n]) => {
  const titles = [...document.querySelectorAll('.js-plotly-plot .gtitle')].map((e) => e.textContent);
  if (titles.length < n || !titles.every((t) => t.includes(label)) || window.__benchInput === null) return false;
  return performance.now() - window.__benchInput;
}"""
# Every chart title (at least n) names the months.
TITLES_READY = """([label, n]) => {
  const titles = [...document.querySelectorAll('.js-plotly-plot .gtitle')].map((e) => e.textContent);
  return titles.length >= n && titles.every((t) => t.includes(label));
}"""
IDLE = """() => {
  const status = document.querySelector('[data-testid="stStatusWidget"]');
  return !status || !status.innerText.includes('Running');
}"""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- small helpers ---------------------------------------------------------------------------------------------


def month_add(month: str, count: int) -> str:
    """'2024-12' + 1 -> '2025-01'."""
    index = int(month[:4]) * 12 + int(month[5:]) - 1 + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_label(month: str) -> str:
    return dt.date(int(month[:4]), int(month[5:]), 1).strftime("%b %Y")


def range_label(first: str, last: str) -> str:
    """As the charts' titles say it: 'May 2025 – Aug 2025'."""
    return month_label(first) if first == last else f"{month_label(first)} – {month_label(last)}"


def month_from_label(label: str) -> str:
    return dt.datetime.strptime(label, "%b %Y").strftime("%Y-%m")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def proc_status_kb(pid: int | str, name: str) -> int | None:
    """A field of /proc/<pid>/status in kB (VmRSS, VmHWM), None once the process is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(f"{name}:"):
            return int(line.split()[1])
    return None


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fmt_ms(value: float) -> str:
    return "n/a" if value != value else f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def fmt_spread(values: list[float]) -> str:
    """'median (min–max)'."""
    if not values:
        return "n/a"
    return f"{fmt_ms(median(values))} ({fmt_ms(min(values))}–{fmt_ms(max(values))})"


def fmt_ratio(ratio: float) -> str:
    return "n/a" if ratio != ratio else f"{ratio:.2f}"


# --- the machine -----------------------------------------------------------------------------------------------


def machine() -> list[tuple[str, str]]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")),
        platform.processor() or "unknown",
    )
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory_kb = next((int(line.split()[1]) for line in meminfo if line.startswith("MemTotal")), 0)
    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        chromium = "not found"
    versions = []
    for package in ("streamlit", "plotly", "pandas", "pandera", "playwright"):
        try:
            versions.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package} missing")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
        changed = sorted({line[3:] for line in dirty.splitlines() if line[3:].endswith(".py")})
        code = f"commit {commit.strip()}" + (f", with uncommitted changes to {', '.join(changed)}" if changed else "")
    except OSError:
        code = "unknown"
    return [
        ("Code measured", code),
        ("CPU", f"{model}; nproc {len(os.sched_getaffinity(0))}"),
        ("Memory", f"{memory_kb / 1024 / 1024:.1f} GiB"),
        ("System", f"{platform.system()} {platform.release()} ({platform.machine()})"),
        ("Python", platform.python_version()),
        ("Packages", ", ".join(versions)),
        ("Browser", f"{chromium} (headless, via Playwright)"),
        ("Load average at start", load),
    ]


# --- synthetic data for the scale test -------------------------------------------------------------------------


def synthetic_exchanges(rows: int, seed: int = 0):
    """A valid exchanges.csv frame (as text) of `rows` rows with the shipped data's shape.

    Dates 2022-02-24..2026-03-06; kinds about 50/40/10 (prisoners/bodies/civilians); claimants about
    UA 52%, RU 21%, both 20%, press 7%; a second claim (by the other side, half of them with a differing
    figure) for about 20% of events; lognormal counts; empty cells where the real data has them.
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    n_events = round(rows / 1.2)
    second = rng.random(n_events) < 0.2
    surplus = n_events + int(second.sum()) - rows  # make events + second claims exactly `rows`
    if surplus > 0:
        second[np.flatnonzero(second)[:surplus]] = False
    elif surplus < 0:
        second[np.flatnonzero(~second)[:-surplus]] = True

    start, end = np.datetime64("2022-02-24"), np.datetime64("2026-03-06")
    days = rng.integers(0, int((end - start).astype(int)) + 1, n_events)
    dates = (start + days.astype("timedelta64[D]")).astype("U10")
    kinds = rng.choice(
        np.array(["prisoner_exchange", "body_repatriation", "civilian_return"]), n_events, p=[0.5, 0.4, 0.1]
    )
    ids = np.char.add(np.char.add(dates, "-"), np.char.mod("%07d", np.arange(n_events)))
    to_ua = np.minimum(np.round(rng.lognormal(4.2, 1.3, n_events)), 100_000).astype(np.int64)
    to_ru = np.minimum(np.round(to_ua * rng.uniform(0.6, 1.4, n_events)), 100_000).astype(np.int64)
    ua_known, ru_known = rng.random(n_events) > 0.1, rng.random(n_events) > 0.5
    civ_ua = np.where(rng.random(n_events) < 0.25, np.floor(to_ua * rng.random(n_events)), -1).astype(np.int64)
    civ_ru = np.where(rng.random(n_events) < 0.08, np.floor(to_ru * rng.random(n_events)), -1).astype(np.int64)
    mediators = np.array(["", "ICRC", "UAE", "Qatar", "ICRC; Belarus", "UAE; United States", "Turkey", "Vatican"])
    mediator = rng.choice(mediators, n_events, p=[0.68, 0.11, 0.11, 0.06, 0.01, 0.01, 0.01, 0.01])
    series = rng.choice(
        np.array(["", "istanbul-2025-1", "istanbul-2025-2", "istanbul-2025-3", "geneva-2026"]),
        n_events,
        p=[0.88, 0.02, 0.08, 0.01, 0.01],
    )
    claimant = rng.choice(np.array(["UA", "RU", "both", "press"]), n_events, p=[0.52, 0.21, 0.2, 0.07])
    scope = np.where(rng.random(n_events) < 0.005, "total", "handover")
    publishers = np.array(
        [
            "Kyiv Independent", "Ukrainska Pravda", "Interfax-Ukraine", "Babel", "LIGA.net", "The Moscow Times",
            "Al Jazeera", "UNN", "RBC", "TRT World", "Reuters", "TASS",
        ]
    )  # fmt: skip
    words = np.array(
        [
            "exchange", "swap", "prisoners", "bodies", "returned", "handed", "over", "mediated", "announced",
            "confirmed", "ombudsman", "coordination", "headquarters", "statement", "figures", "released",
        ]
    )  # fmt: skip

    def notes(n: int) -> np.ndarray:
        picked = rng.choice(words, (n, int(rng.integers(8, 20))))
        text = pd.Series(picked[:, 0], dtype=object)
        for column in range(1, picked.shape[1]):
            text = text + " " + picked[:, column]
        return text.where(rng.random(n) > 0.1, "").to_numpy()

    def claims(selected: np.ndarray, claimed_by: np.ndarray, differ: bool) -> pd.DataFrame:
        n = int(selected.sum())
        ua, ru = to_ua[selected].copy(), to_ru[selected]
        if differ:
            ua = np.where(rng.random(n) < 0.5, np.maximum(ua + rng.integers(-12, 13, n), 0), ua)
        ua_k, ru_k = ua_known[selected], ru_known[selected]

        def cells(values: np.ndarray, known: np.ndarray) -> pd.Series:
            return pd.Series(values.astype(str), dtype=object).where(known & (values >= 0), "")

        publisher = rng.choice(publishers, n)
        slug = np.char.replace(np.char.lower(publisher), " ", "-")
        return pd.DataFrame(
            {
                "event_id": ids[selected],
                "date": dates[selected],
                "kind": kinds[selected],
                "to_ukraine": cells(ua, ua_k),
                "to_russia": cells(ru, ru_k),
                "civilians_to_ukraine": cells(np.minimum(civ_ua[selected], ua), ua_k),
                "civilians_to_russia": cells(np.minimum(civ_ru[selected], ru), ru_k),
                "mediator": mediator[selected],
                "series": series[selected],
                "scope": scope[selected],
                "claimed_by": claimed_by,
                "source_url": np.char.add(np.char.add("https://news.example.org/", slug), "/" + ids[selected]),
                "source_publisher": publisher,
                "notes": notes(n),
            }
        )

    frame = pd.concat(
        [
            claims(np.ones(n_events, bool), claimant, differ=False),
            claims(second, np.where(claimant[second] == "UA", "RU", "UA"), differ=True),
        ]
    )
    return frame.sort_values(["date", "event_id"], kind="stable")


# --- children: work measured in a process of its own ------------------------------------------------------------


def child_scale(path: str) -> None:
    """Load, validate and aggregate one synthetic file; one JSON line per stage on stdout."""

    def emit(**fields) -> None:
        print(json.dumps(fields), flush=True)

    def peak() -> int | None:
        return proc_status_kb("self", "VmHWM")

    from exchange_tracker import loading, transforms
    from exchange_tracker.months import FIRST_MONTH, MonthRange, month_of
    from exchange_tracker.schema import EXCHANGES

    emit(stage="imports", rss_kb=proc_status_kb("self", "VmRSS"))
    today = max(dt.date.today(), dt.date(2026, 3, 6))
    started = time.perf_counter()  # one-time costs (schema building, lazy imports) kept out of the per-row figures
    transforms.headline_events(loading.read_table((ROOT / "data" / "exchanges.csv").read_bytes(), EXCHANGES, today))
    emit(stage="warm-up", warmup_ms=(time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    raw = Path(path).read_bytes()
    emit(stage="read file", ms=(time.perf_counter() - started) * 1000)
    if len(raw) > loading.MAX_FILE_BYTES:
        # The loader refuses files over its limit; lifted here so that the cost per row can be measured.
        emit(stage="limit lifted", limit_mb=loading.MAX_FILE_BYTES / 1024 / 1024)
        loading.MAX_FILE_BYTES = len(raw) + 1
    started = time.perf_counter()
    frame = loading.read_table(raw, EXCHANGES, today)
    emit(stage="read_table", ms=(time.perf_counter() - started) * 1000, rows=len(frame), hwm_kb=peak())
    del raw
    started = time.perf_counter()
    events = transforms.headline_events(frame)
    emit(stage="headline_events", ms=(time.perf_counter() - started) * 1000, events=len(events), hwm_kb=peak())
    started = time.perf_counter()
    months = MonthRange(FIRST_MONTH, month_of(events["date"].max()))
    transforms.monthly_totals(events, months)
    emit(stage="monthly_totals", ms=(time.perf_counter() - started) * 1000)
    emit(stage="done", hwm_kb=proc_status_kb("self", "VmHWM"))


def child_apptest(runs: int) -> None:
    """Rerun time of a month-range change, per page and for the reference; JSON on the last stdout line."""
    from streamlit.testing.v1 import AppTest

    from tests.apptest import month_slider, run_app

    ranges = (("2024-01", "2024-12"), ("2025-01", "2025-12"))
    result: dict[str, list[float]] = {}
    for page in ("overview", "prisoners", "bodies"):
        app = run_app(page=page)
        times = []
        for index in range(runs + 2):  # the first two are warm-up
            first, last = ranges[index % 2]
            started = time.perf_counter()
            month_slider(app).set_range(first, last).run()
            elapsed = (time.perf_counter() - started) * 1000
            if app.exception:
                raise RuntimeError(f"{page}: {[e.value for e in app.exception]}")
            if index >= 2:
                times.append(elapsed)
        result[page] = times
    reference = AppTest.from_file(str(ROOT / REFERENCE_SCRIPT), default_timeout=60)
    reference.run()
    times = []
    for index in range(runs + 2):
        first, last = ranges[index % 2]
        started = time.perf_counter()
        reference.select_slider[0].set_range(first, last).run()
        if index >= 2:
            times.append((time.perf_counter() - started) * 1000)
    result["reference"] = times
    # The real server runs gc.collect(2) after every script run unless runner.postScriptGC is off; AppTest never does.
    import gc

    from streamlit import config

    result["post_script_gc"] = [1.0 if config.get_option("runner.postScriptGC") else 0.0]

    gc_times = []
    for _ in range(runs):
        started = time.perf_counter()
        gc.collect(2)
        gc_times.append((time.perf_counter() - started) * 1000)
    result["gc"] = gc_times
    try:
        result.update(figure_build_times(runs))
    except Exception as err:  # the figures' API may change; the breakdown is for information only
        print(f"figure breakdown skipped: {err!r}", file=sys.stderr)
    print(json.dumps(result), flush=True)


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
            figures.per_handover_chart(people, context, unit="people", slug="prisoners-per-exchange"),
            figures.cumulative_chart(people, dataset.talks, context, unit="people", slug="prisoners-cumulative"),
            figures.mediator_chart(people, context),
        ],
        "bodies": lambda: [
            figures.per_handover_chart(bodies, context, unit="bodies", slug="bodies-repatriated"),
            figures.monthly_bodies_chart(bodies, context),
            figures.cumulative_chart(bodies, dataset.talks, context, unit="bodies", slug="bodies-cumulative"),
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


def run_child(arguments: list[str], timeout: float) -> tuple[list[dict], str, int | None, bool]:
    """Run `python -m bench.run --child ...`; its JSON lines, stderr, peak RSS (kB) and whether it timed out."""
    lines: list[dict] = []
    with tempfile.TemporaryFile(mode="w+") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.run", "--child", *arguments],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )

        def read() -> None:
            for line in process.stdout:
                with contextlib.suppress(json.JSONDecodeError):
                    lines.append(json.loads(line))

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        peak, timed_out = None, False
        deadline = time.monotonic() + timeout
        while process.poll() is None:
            peak = max(peak or 0, proc_status_kb(process.pid, "VmHWM") or 0) or peak
            if time.monotonic() > deadline:
                timed_out = True
                process.kill()
                break
            time.sleep(0.2)
        process.wait()
        reader.join(timeout=5)
        errors.seek(0)
        return lines, errors.read()[-3000:], peak, timed_out


# --- scale ------------------------------------------------------------------------------------------------------


@dataclass
class ScaleResult:
    rows: int
    file_mb: float
    over_limit: bool = False
    stages: dict[str, float] = field(default_factory=dict)
    stage_peak_mb: dict[str, float] = field(default_factory=dict)
    peak_mb: float | None = None
    baseline_mb: float | None = None
    timed_out: bool = False
    error: str | None = None

    @property
    def total_ms(self) -> float | None:
        needed = ("read_table", "headline_events", "monthly_totals")
        return sum(self.stages[s] for s in needed) if all(s in self.stages for s in needed) else None


def run_scale(sizes: list[int], timeout: float, runs: int = 3) -> list[ScaleResult]:
    """Each size measured in `runs` fresh processes: stage times are their medians, peaks the highest."""
    results = []
    with tempfile.TemporaryDirectory(prefix="exchange-tracker-bench-") as folder:
        for rows in sizes:
            path = Path(folder) / "exchanges.csv"
            log(f"scale: generating {rows:,} rows")
            synthetic_exchanges(rows).to_csv(path, index=False)
            result = ScaleResult(rows=rows, file_mb=path.stat().st_size / 1024 / 1024)
            stage_times: dict[str, list[float]] = {}
            peaks: list[float] = []
            for run in range(runs):
                log(f"scale: measuring {rows:,} rows ({result.file_mb:.0f} MB), run {run + 1} of {runs}")
                lines, errors, peak_kb, result.timed_out = run_child(["scale", str(path)], timeout)
                for line in lines:
                    if "ms" in line:
                        stage_times.setdefault(line["stage"], []).append(line["ms"])
                    if line.get("hwm_kb") and line["stage"] != "done":
                        stage_peak = line["hwm_kb"] / 1024
                        result.stage_peak_mb[line["stage"]] = max(
                            result.stage_peak_mb.get(line["stage"], 0), stage_peak
                        )
                    if line["stage"] == "limit lifted":
                        result.over_limit = True
                    if line["stage"] == "imports" and line.get("rss_kb"):
                        result.baseline_mb = line["rss_kb"] / 1024
                    if line["stage"] == "done" and line.get("hwm_kb"):
                        peak_kb = line["hwm_kb"]
                if peak_kb:
                    peaks.append(peak_kb / 1024)
                if result.timed_out or not any(line["stage"] == "done" for line in lines):
                    if not result.timed_out:
                        result.error = errors.strip().splitlines()[-1] if errors.strip() else "no result"
                    break
            result.stages = {stage: median(times) for stage, times in stage_times.items()}
            result.peak_mb = max(peaks) if peaks else None
            results.append(result)
            path.unlink()
    return results


# --- the browser: first view and filter change ------------------------------------------------------------------


@contextlib.contextmanager
def streamlit_servers(*scripts: str) -> Iterator[list]:
    from tests.conftest import StreamlitServer

    servers = []
    try:
        for script in scripts:
            servers.append(StreamlitServer(script=script))
        for server in servers:
            server.wait_until_healthy()
        yield servers
    finally:
        for server in servers:
            server.stop()


def first_view_ms(browser, url: str, charts: int) -> float:
    """A fresh context opens `url`; ms from navigation start until `charts` Plotly charts are drawn."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        return page.wait_for_function(CHARTS_DRAWN, arg=charts, polling="raf", timeout=TIMEOUT_MS).json_value()
    finally:
        context.close()


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
        context = browser.new_context(viewport=VIEWPORT)
        context.add_init_script(f"({MARK_INPUT})();")
        self.page = context.new_page()
        self.page.goto(self.url, wait_until="commit", timeout=TIMEOUT_MS)
        self.page.wait_for_function(CHARTS_DRAWN, arg=1, timeout=TIMEOUT_MS)
        settle(self.page)
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
        page.evaluate("() => { window.__benchInput = null; }")
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


def settle(page, pause_ms: int = 400) -> None:
    """Until the script run has finished, and a moment more."""
    page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
    page.wait_for_timeout(pause_ms)


@dataclass
class BrowserResults:
    first_view: dict[str, list[float]] = field(default_factory=dict)
    filters: dict[str, list[float]] = field(default_factory=dict)
    charts: dict[str, int] = field(default_factory=dict)
    server_cpu_ms: dict[str, float] = field(default_factory=dict)  # per filter change, measured on the server


def run_browser(runs: int, filter_runs: int) -> BrowserResults:
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM_FLAGS

    results = BrowserResults()
    with streamlit_servers("app.py", REFERENCE_SCRIPT) as (app, reference), sync_playwright() as playwright:
        servers = {"app": app, "reference": reference}
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            log("browser: warming up both servers (caches, imports)")
            for url in (app.url, f"{app.url}/bodies", f"{app.url}/prisoners", reference.url):
                first_view_ms(browser, url, 1)
            log(f"browser: first view, {runs} runs each, interleaved")
            views = {"app": (app.url, 1), "reference": (reference.url, 1)}
            for run in range(runs):
                for name in sorted(views, reverse=run % 2 == 1):
                    url, charts = views[name]
                    results.first_view.setdefault(name, []).append(first_view_ms(browser, url, charts))
            scenarios = [
                FilterScenario("reference", reference.url, REFERENCE_SLIDER),
                FilterScenario("app overview, keyboard", app.url, APP_SLIDER),
                FilterScenario("app bodies, keyboard", f"{app.url}/bodies", APP_SLIDER),
                FilterScenario("app overview, quick range", app.url, APP_SLIDER, quick_ranges=("2024", "2025")),
            ]
            log(f"browser: filter change, {filter_runs} runs each after one warm-up, interleaved")
            try:
                for scenario in scenarios:
                    scenario.open(browser)
                    results.charts[scenario.name] = scenario.charts
                cpu: dict[str, float] = {}
                for index in range(filter_runs + 1):
                    if index == 1:
                        cpu = {name: proc_cpu_seconds(s.process.pid) for name, s in servers.items()}
                    for scenario in scenarios:
                        elapsed = scenario.step(index)
                        if index > 0:
                            scenario.times.append(elapsed)
                changes = {"app": filter_runs * (len(scenarios) - 1), "reference": filter_runs}
                for name, server in servers.items():
                    results.server_cpu_ms[name] = (
                        (proc_cpu_seconds(server.process.pid) - cpu[name]) / changes[name] * 1000
                    )
            finally:
                for scenario in scenarios:
                    scenario.close()
            results.filters = {s.name: s.times for s in scenarios}
        finally:
            browser.close()
    return results


# --- load --------------------------------------------------------------------------------------------------------


@dataclass
class LoadResults:
    sessions: int
    duration_s: float = 0.0
    errors: list[str] = field(default_factory=list)
    change_ms: list[float] = field(default_factory=list)
    session_ms: list[float] = field(default_factory=list)
    baseline_rss_mb: float = 0.0
    peak_rss_mb: float = 0.0
    hwm_mb: float = 0.0
    after_rss_mb: float = 0.0
    cpu_s: float = 0.0
    reruns: int = 0
    busiest_5s: float = 0.0  # the server's highest CPU use over any 5 s, in cores

    @property
    def cpu_per_rerun_ms(self) -> float:
        return self.cpu_s / self.reruns * 1000 if self.reruns else float("nan")

    @property
    def mb_per_session(self) -> float:
        return max(self.peak_rss_mb - self.baseline_rss_mb, 0.0) / self.sessions

    def sessions_per_process(self) -> tuple[int, int, int]:
        """(by CPU, by memory, the smaller): active sessions one process can serve under the stated assumptions."""
        per_rerun_s = self.cpu_per_rerun_ms / 1000
        by_cpu = int(CPU_BUDGET * SECONDS_BETWEEN_RERUNS / per_rerun_s) if per_rerun_s > 0 else 0
        spare = MEMORY_BUDGET_MB - self.baseline_rss_mb
        by_memory = int(spare / self.mb_per_session) if self.mb_per_session > 0 else 10**6
        return by_cpu, by_memory, min(by_cpu, by_memory)


def load_ranges(sessions: int) -> list[tuple[str, str]]:
    """A different twelve-month window per session, all within months that have body repatriations."""
    return [(month_add("2023-01", i % 24), month_add("2023-01", i % 24 + 11)) for i in range(sessions)]


@dataclass
class LoadGate:
    """Page opens a few at a time (each parses ~9 MB of JavaScript on the shared CPUs), then all sessions go on
    together once every one is open (or has failed), so that the server has them all at once."""

    sessions: int
    opening: asyncio.Semaphore
    arrived: int = 0
    all_open: asyncio.Event = field(default_factory=asyncio.Event)

    def arrive(self) -> None:
        self.arrived += 1
        if self.arrived >= self.sessions:
            self.all_open.set()


async def load_session(
    browser, url: str, index: int, first: str, last: str, result: LoadResults, gate: LoadGate
) -> None:
    """One reader: landing page, bodies page, two month changes, the bodies CSV; every step checked."""
    started = time.perf_counter()
    context = await browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    await context.add_init_script(f"({MARK_INPUT})();")
    page = await context.new_page()
    media: list[str] = []  # the download responses, to explain a wrong file name
    page.on(
        "response",
        lambda r: (
            media.append(f"{r.status} {r.headers.get('content-disposition', 'no content-disposition')}")
            if "/media/" in r.url
            else None
        ),
    )
    step = "open the landing page"
    arrived = False
    try:
        async with gate.opening:
            await page.goto(f"{url}/?from={first}&to={last}", wait_until="commit", timeout=LOAD_TIMEOUT_MS)
            await page.wait_for_function(
                TITLES_READY, arg=[range_label(first, last), 1], polling=100, timeout=LOAD_TIMEOUT_MS
            )
            await page.wait_for_function(IDLE, timeout=LOAD_TIMEOUT_MS)
        gate.arrive()
        arrived = True
        step = "wait for the other sessions to open"
        await asyncio.wait_for(gate.all_open.wait(), timeout=LOAD_TIMEOUT_MS / 1000 * 2)
        await asyncio.sleep(index * 0.05)
        step = "switch to the bodies page"
        await page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Body repatriations").click()
        await page.wait_for_url(re.compile(r"/bodies\?"), timeout=LOAD_TIMEOUT_MS)
        await page.wait_for_function(
            TITLES_READY, arg=[range_label(first, last), 1], polling=100, timeout=LOAD_TIMEOUT_MS
        )
        await page.wait_for_function(IDLE, timeout=LOAD_TIMEOUT_MS)
        for thumb, key, new_first, new_last in (
            ("end", "ArrowLeft", first, month_add(last, -1)),
            ("start", "ArrowRight", month_add(first, 1), month_add(last, -1)),
        ):
            step = f"press {key} on the {thumb} thumb"
            slider = page.locator(APP_SLIDER.format(thumb=thumb))
            await slider.focus()
            await page.evaluate("() => { window.__benchInput = null; }")
            await slider.press(key)
            handle = await page.wait_for_function(
                TITLES_SHOW, arg=[range_label(new_first, new_last), 1], polling=50, timeout=LOAD_TIMEOUT_MS
            )
            result.change_ms.append(await handle.json_value())
            await page.wait_for_function(IDLE, timeout=LOAD_TIMEOUT_MS)
            first, last = new_first, new_last
        step = "check the address"
        if f"from={first}&to={last}" not in page.url:
            raise AssertionError(f"address {page.url} does not carry from={first}&to={last}")
        step = "download the bodies CSV"
        await page.locator(".st-key-downloads-bodies-repatriated").get_by_role("button").first.click()  # the popover
        async with page.expect_download(timeout=LOAD_TIMEOUT_MS) as info:
            await page.locator(".st-key-download-bodies-repatriated-csv").get_by_role("button").first.click()
        download = await info.value
        expected = f"bodies-repatriated_{first}_{last}.csv"
        if download.suggested_filename != expected:
            failure = await download.failure()
            content = Path(await download.path()).read_bytes()[:60] if not failure else b""
            raise AssertionError(
                f"downloaded {download.suggested_filename}, expected {expected}; "
                f"responses {media or 'none seen'}; failure {failure}; first bytes {content!r}"
            )
        rows = list(csv.DictReader(io.StringIO(Path(await download.path()).read_bytes().decode("utf-8-sig"))))
        outside = [r["Date"] for r in rows if not first <= r["Date"][:7] <= last]
        if not rows or outside:
            raise AssertionError(f"{len(rows)} rows, {len(outside)} outside {first}..{last}: {outside[:3]}")
        step = "check for exceptions"
        if await page.locator('[data-testid="stException"]').count():
            raise AssertionError("an exception is shown on the page")
        result.session_ms.append((time.perf_counter() - started) * 1000)
    except Exception as err:
        message = str(err).strip().splitlines()[0] if str(err).strip() else ""
        result.errors.append(f"session {index} ({first}..{last}), {step}: {type(err).__name__}: {message[:400]}")
    finally:
        if not arrived:
            gate.arrive()
        await context.close()


async def load_all(url: str, sessions: int, result: LoadResults, time_limit: float) -> None:
    from playwright.async_api import async_playwright

    from tests.conftest import CHROMIUM_FLAGS

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            gate = LoadGate(sessions, asyncio.Semaphore(LOAD_OPENING))
            tasks = [
                asyncio.create_task(load_session(browser, url, i, first, last, result, gate))
                for i, (first, last) in enumerate(load_ranges(sessions))
            ]
            _, pending = await asyncio.wait(tasks, timeout=time_limit)
            for task in pending:
                task.cancel()
            if pending:
                result.errors.append(f"{len(pending)} session(s) still running after {time_limit:.0f} s: cancelled")
        finally:
            await browser.close()


def run_load(sessions: int, time_limit: float) -> LoadResults:
    result = LoadResults(sessions=sessions)
    with streamlit_servers("app.py") as (server,):
        pid = server.process.pid
        log("load: warming up the server with one session")
        asyncio.run(load_all(server.url, 1, LoadResults(sessions=1), time_limit))
        time.sleep(1)
        result.baseline_rss_mb = (proc_status_kb(pid, "VmRSS") or 0) / 1024
        cpu_before = proc_cpu_seconds(pid)
        samples: list[int] = []
        cpu_samples: list[tuple[float, float]] = []
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                samples.append(proc_status_kb(pid, "VmRSS") or 0)
                with contextlib.suppress(OSError):
                    cpu_samples.append((time.monotonic(), proc_cpu_seconds(pid)))
                stop.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        log(f"load: {sessions} concurrent sessions")
        started = time.perf_counter()
        try:
            asyncio.run(load_all(server.url, sessions, result, time_limit))
        finally:
            result.duration_s = time.perf_counter() - started
            stop.set()
            sampler.join()
        result.cpu_s = proc_cpu_seconds(pid) - cpu_before
        for index, (when, used) in enumerate(cpu_samples):
            later = next(((w, u) for w, u in cpu_samples[index:] if w - when >= 5), None)
            if later:
                result.busiest_5s = max(result.busiest_5s, (later[1] - used) / (later[0] - when))
        result.reruns = sessions * 4  # landing page, bodies page, two month changes (the download is extra work)
        result.peak_rss_mb = max(samples, default=0) / 1024
        result.hwm_mb = (proc_status_kb(pid, "VmHWM") or 0) / 1024
        time.sleep(2)
        result.after_rss_mb = (proc_status_kb(pid, "VmRSS") or 0) / 1024
    return result


# --- the report -------------------------------------------------------------------------------------------------


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else "**pass**" if ok else "**FAIL**"


def ratio(app: list[float], reference: list[float]) -> float:
    return median(app) / median(reference) if app and reference else float("nan")


def report(
    info: list[tuple[str, str]],
    settings: argparse.Namespace,
    browser: BrowserResults | None,
    reruns: dict[str, list[float]] | None,
    load: LoadResults | None,
    scale: list[ScaleResult] | None,
    elapsed_s: float,
) -> str:
    out = [
        "# Benchmark results",
        "",
        f"Written by `python -m bench.run` on {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} "
        f"(whole run {elapsed_s / 60:.1f} min). Browser figures are medians of {settings.runs} runs (first views) and "
        f"{settings.filter_runs} runs (filter changes) "
        f"(min–max in brackets), timed inside the page; each ratio is app ÷ `bench/reference_app.py` "
        "measured in the same run, interleaved.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        *[f"| {name} | {value} |" for name, value in info],
        "",
        "## Figures against targets",
        "",
        "| measure | app (ms) | reference (ms) | ratio | target | result |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    if browser:
        app, ref = browser.first_view.get("app", []), browser.first_view.get("reference", [])
        r = ratio(app, ref)
        out.append(
            "| First view: a fresh context opens the landing page until its Plotly chart is drawn "
            f"| {fmt_spread(app)} | {fmt_spread(ref)} | {fmt_ratio(r)} "
            f"| ratio ≤ {FIRST_VIEW_TARGET} | {verdict(r <= FIRST_VIEW_TARGET if r == r else None)} |"
        )
        ref = browser.filters.get("reference", [])
        for name, label, target in (
            ("app overview, keyboard", "landing page, ArrowLeft/Right on the slider's end thumb", FILTER_TARGET),
            ("app bodies, keyboard", "bodies page, same keys", None),
            ("app overview, quick range", "landing page, click a quick-range pill (2024/2025)", None),
        ):
            times = browser.filters.get(name, [])
            r = ratio(times, ref)
            charts = browser.charts.get(name, 1)
            out.append(
                f"| Filter change, {label}, until all {charts} chart title(s) show the new months "
                f"| {fmt_spread(times)} | {fmt_spread(ref)} (keyboard) | {fmt_ratio(r)} "
                f"| {f'ratio ≤ {target}' if target else 'for information'} "
                f"| {verdict(r <= target if target and r == r else None)} |"
            )
        app_cpu, ref_cpu = browser.server_cpu_ms.get("app"), browser.server_cpu_ms.get("reference")
        if app_cpu is not None and ref_cpu:
            out.append(
                "| Server CPU per filter change on the real server (user+system time of the streamlit process over "
                "the keyboard and pill changes above; includes sending the page and any garbage collection) "
                f"| {fmt_ms(app_cpu)} | {fmt_ms(ref_cpu)} | {fmt_ratio(app_cpu / ref_cpu)} | for information | |"
            )
    if reruns:
        ref = reruns.get("reference", [])
        for page in ("overview", "prisoners", "bodies"):
            times = reruns.get(page, [])
            m = median(times)
            out.append(
                f"| Server rerun for a month change, {page} page (AppTest `set_range().run()`, "
                f"median of {len(times)}) | {fmt_spread(times)} | {fmt_spread(ref)} | {fmt_ratio(ratio(times, ref))} "
                f"| ≤ {RERUN_TARGET_MS:.0f} ms | {verdict(m <= RERUN_TARGET_MS if m == m else None)} |"
            )
        if reruns.get("gc"):
            enabled = reruns.get("post_script_gc", [1.0])[0] > 0
            state = (
                "the real server runs it after every script run"
                if enabled
                else "`runner.postScriptGC = false` in .streamlit/config.toml, so the server no longer runs it"
            )
            out.append(
                "| … not in AppTest: a full `gc.collect(2)` in a process with the app loaded "
                f"({state}) | {fmt_spread(reruns['gc'])} | | | for information | |"
            )
        for page in ("overview", "prisoners", "bodies"):
            times = reruns.get(f"figures:{page}")
            if times:
                out.append(
                    f"| … of which building the {page} page's Plotly figures alone (no Streamlit) | "
                    f"{fmt_spread(times)} | | | for information | |"
                )
    if load:
        total = load.sessions
        failed = len({e.split(" (")[0] for e in load.errors if e.startswith("session")})
        out.append(
            f"| Load: {total} concurrent sessions on one server, sessions with an error | {failed} of {total} "
            f"| | | 0 | {verdict(not load.errors)} |"
        )
        out.append(
            f"| Load: filter change under load, p50 / p95 (ms, {len(load.change_ms)} changes, bodies page) | "
            f"{fmt_ms(median(load.change_ms))} / {fmt_ms(percentile(load.change_ms, 0.95))} | | | for information | |"
        )
        out.append(
            f"| Load: server peak RSS (MB; VmHWM of the streamlit process) | {load.hwm_mb:,.0f} | | "
            "| for information | |"
        )
    if scale:
        target = next((s for s in scale if s.rows == SCALE_TARGET_ROWS), None)
        if target:
            total = target.total_ms
            seconds = "did not finish" if total is None else f"{total / 1000:.1f} s"
            if target.timed_out:
                seconds = f"> {settings.scale_timeout:.0f} s (stopped)"
            out.append(
                f"| Scale: {SCALE_TARGET_ROWS:,} rows, read_table + headline_events + monthly_totals | {seconds} "
                f"| | | ≤ {SCALE_TARGET_S:.0f} s | {verdict(total is not None and total <= SCALE_TARGET_S * 1000)} |"
            )
            peak = "n/a" if target.peak_mb is None else f"{target.peak_mb:,.0f} MB"
            within = None if target.peak_mb is None else target.peak_mb <= SCALE_TARGET_MB and not target.timed_out
            out.append(
                f"| Scale: {SCALE_TARGET_ROWS:,} rows, peak memory of the process | {peak} | | "
                f"| ≤ {SCALE_TARGET_MB / 1024:.1f} GB | "
                f"{verdict(within)} |"
            )
    if scale:
        out += [
            "",
            "## Scale: synthetic exchanges.csv",
            "",
            "Same schema as data/exchanges.csv (14 columns incl. `scope`); dates 2022-02-24..2026-03-06, kinds about "
            "50/40/10, a second claim for about 20% of events (half of them differing), lognormal counts, https URLs, "
            f"empty cells. Each size is measured in {settings.scale_runs} fresh process(es): times are the median, "
            "peak the highest VmHWM of those processes (it includes about "
            f"{next((s.baseline_mb for s in scale if s.baseline_mb), 0):.0f} MB of imports). "
            "Files over the loader's 20 MB limit are refused by the app; the benchmark lifts the limit to measure "
            "them.",
            "",
            "| rows | file (MB) | over 20 MB limit | read_table (ms) | headline_events (ms) | monthly_totals (ms) "
            "| total (ms) | ms per 1k rows | peak RSS after read_table (MB) | peak RSS (MB) |",
            "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for s in scale:

            def stage(name: str, s: ScaleResult = s) -> str:
                if name in s.stages:
                    return fmt_ms(s.stages[name])
                if s.timed_out:
                    return f"> {settings.scale_timeout:.0f} s (stopped)"
                return "—"

            total = s.total_ms
            per_k = "—" if total is None else f"{total / (s.rows / 1000):.2f}"
            peak = "—" if s.peak_mb is None else f"{s.peak_mb:,.0f}"
            read_peak = s.stage_peak_mb.get("read_table")
            out.append(
                f"| {s.rows:,} | {s.file_mb:.1f} | {'yes' if s.over_limit else 'no'} | {stage('read_table')} "
                f"| {stage('headline_events')} | {stage('monthly_totals')} | {'—' if total is None else fmt_ms(total)} "
                f"| {per_k} | {'—' if read_peak is None else f'{read_peak:,.0f}'} | {peak} |"
            )
            if s.error:
                out.append(f"| | | error: {s.error} | | | | | | | |")
        per_stage = []
        for name in ("read_table", "headline_events"):
            points = [(s.rows, s.stages[name]) for s in scale if name in s.stages]
            if len(points) >= 2:
                text = ", ".join(f"{ms / (rows / 1000):.2f}" for rows, ms in points)
                per_stage.append(f"{name} {text} ms per 1k rows")
        if per_stage:
            out += ["", "Cost per 1k rows by size: " + "; ".join(per_stage) + " (flat means linear)."]
    if load:
        by_cpu, by_memory, sessions = load.sessions_per_process()
        out += [
            "",
            "## Load",
            "",
            f"{load.sessions} Playwright contexts in one headless Chromium against one `streamlit run app.py` "
            "on loopback; the browser and the server share the machine's CPUs, so the browser's own work "
            f"({load.sessions} pages drawing Plotly charts) is part of every time below. "
            "Each session opens the landing page with its own twelve months "
            f"(`?from=&to=`; {LOAD_OPENING} opening at a time, as each fresh page parses ~9 MB of JavaScript); "
            "once all are open they go on together: switch to Body repatriations, move the end thumb one month left "
            "and the start thumb one month right (ArrowLeft/ArrowRight), check the address, download the "
            "per-handover CSV and check that its file "
            "name carries the session's months and that every row falls in them.",
            "",
            "| | |",
            "| --- | --- |",
            f"| Wall time | {load.duration_s:.1f} s |",
            f"| Sessions completed without error | {len(load.session_ms)} of {load.sessions} |",
            f"| Session time p50 / p95 | {fmt_ms(median(load.session_ms))} / "
            f"{fmt_ms(percentile(load.session_ms, 0.95))} ms |",
            f"| Filter change p50 / p95 / max | {fmt_ms(median(load.change_ms))} / "
            f"{fmt_ms(percentile(load.change_ms, 0.95))} / {fmt_ms(max(load.change_ms, default=float('nan')))} ms |",
            f"| Server RSS before / peak during (sampled) / VmHWM / after | {load.baseline_rss_mb:,.0f} / "
            f"{load.peak_rss_mb:,.0f} / {load.hwm_mb:,.0f} / {load.after_rss_mb:,.0f} MB |",
            f"| Server CPU during the load | {load.cpu_s:.1f} s ({load.cpu_s / load.duration_s:.0%} of one core "
            f"over the wall time, {load.busiest_5s:.0%} over the busiest 5 s), "
            f"{fmt_ms(load.cpu_per_rerun_ms)} ms per script run "
            f"({load.reruns} runs + {load.sessions} downloads + serving each fresh page's static files) |",
            f"| Memory per concurrent session | {load.mb_per_session:.1f} MB |",
            f"| Sessions per process (estimate) | **{sessions}** active sessions: {by_cpu} by CPU (one script run "
            f"per session every {SECONDS_BETWEEN_RERUNS:.0f} s, {CPU_BUDGET:.0%} of one core: the GIL keeps a "
            f"process's Python on one core), {by_memory} by memory ({MEMORY_BUDGET_MB} MB per replica) |",
        ]
        steady = browser.server_cpu_ms.get("app") if browser else None
        if steady:
            out.append(
                f"| … counting filter changes only | {int(CPU_BUDGET * SECONDS_BETWEEN_RERUNS / (steady / 1000))} "
                f"active sessions by CPU ({fmt_ms(steady)} ms of server CPU per filter change, measured above) |"
            )
        if load.errors:
            out += ["", "Errors:", "", *[f"- {e}" for e in load.errors[:20]]]
    out += [
        "",
        "## How to read this",
        "",
        "- The machine is small and shared (see the load average above); single runs vary by tens of percent, "
        "which is why medians and same-run ratios are reported.",
        "- Keyboard on the slider is the comparable interaction (the reference has no quick ranges); the "
        "quick-range click is shown for information against the reference's keyboard change.",
        "- AppTest times include AppTest's own overhead (thread start, message parsing), as the reference's do, "
        "but never Streamlit's post-run `gc.collect(2)` (`runner.postScriptGC`; its cost is on its own row).",
    ]
    if load:
        out.append(
            f"- Under load the server used at most {load.busiest_5s:.0%} of one core over any 5 s: the filter-change "
            "times under load are mostly the one headless Chromium drawing all sessions' charts on the same CPUs."
        )
    if scale:
        per_row = next((s.file_mb / s.rows for s in scale if s.rows), 0)
        if per_row:
            out.append(
                f"- At {per_row * 1024 * 1024:.0f} bytes per row, the loader's 20 MB limit admits about "
                f"{20 / per_row:,.0f} rows; larger sizes show how the cost per row grows, not what the app accepts."
            )
    out.append("")
    return "\n".join(out)


def child_exports() -> None:
    """PNG export times and page run times with and without download buttons; one JSON line."""
    from bench import exports

    print(json.dumps({"images": exports.png_export_times(), "pages": exports.page_render_times()}), flush=True)


def exports_report(measured: dict) -> str:
    """The Markdown section on downloads: targets from the downloads issue."""
    warm = median(measured["images"]["warm_ms"])
    first = measured["images"]["first_ms"]
    with_buttons, without = median(measured["pages"]["with_ms"]), median(measured["pages"]["without_ms"])
    rows = [
        ("First PNG export (starts the long-lived Chromium)", fmt_ms(first), "≤ 3,000 ms", verdict(first <= 3000)),
        (
            f"Warm PNG export, median of {len(measured['images']['warm_ms'])}",
            fmt_ms(warm),
            "≤ 300 ms",
            verdict(warm <= 300),
        ),
        (
            "Bodies page script run with / without its download buttons (AppTest, interleaved)",
            f"{fmt_ms(with_buttons)} / {fmt_ms(without)} (ratio {with_buttons / without:.2f})",
            "as fast",
            verdict(with_buttons / without <= 1.1),
        ),
    ]
    lines = ["", "## Exports", "", "| measure | figure | target | result |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per first-view median (default 7)")
    parser.add_argument(
        "--filter-runs",
        type=int,
        default=15,
        help="runs per filter-change median (default 15: a redraw lands on a ~17 ms frame, so few runs jump by frames)",
    )
    parser.add_argument("--apptest-runs", type=int, default=15, help="runs per AppTest median (default 15)")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions in the load test (default 20)")
    parser.add_argument("--load-time-limit", type=float, default=300, help="seconds before the load test stops")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="rows of the synthetic files")
    parser.add_argument("--scale-timeout", type=float, default=150, help="seconds per size before it is stopped")
    parser.add_argument("--scale-runs", type=int, default=3, help="fresh processes per size (default 3)")
    parser.add_argument("--skip", default="", help="comma-separated: browser, apptest, load, scale, exports")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 2 runs, 3 sessions, 10k rows")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the Markdown")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    settings = parser.parse_args(argv)
    if settings.child:
        kind, *rest = settings.child
        if kind == "scale":
            child_scale(rest[0])
        elif kind == "apptest":
            child_apptest(int(rest[0]))
        elif kind == "exports":
            child_exports()
        return 0
    if settings.quick:
        settings.runs, settings.apptest_runs, settings.sessions, settings.sizes = 2, 3, 3, "10000"
        settings.filter_runs, settings.scale_runs = 2, 1
    skip = set(filter(None, settings.skip.split(",")))
    started = time.perf_counter()
    info = machine()
    reruns = browser = load = scale = None
    if "apptest" not in skip:
        log(f"apptest: {settings.apptest_runs} reruns per page in a subprocess")
        lines, errors, _, timed_out = run_child(["apptest", str(settings.apptest_runs)], timeout=600)
        reruns = lines[-1] if lines else None
        if not reruns:
            log(f"apptest failed{' (timed out)' if timed_out else ''}:\n{errors}")
    if "browser" not in skip:
        browser = run_browser(settings.runs, settings.filter_runs)
    if "load" not in skip:
        load = run_load(settings.sessions, settings.load_time_limit)
    if "scale" not in skip:
        sizes = [int(size) for size in settings.sizes.split(",") if size]
        scale = run_scale(sizes, settings.scale_timeout, settings.scale_runs)
    text = report(info, settings, browser, reruns, load, scale, time.perf_counter() - started)
    if "exports" not in skip:
        log("exports: PNG export times and the bodies page with and without download buttons")
        lines, errors, _, timed_out = run_child(["exports"], timeout=300)
        text += exports_report(lines[-1]) if lines else f"\n## Exports\n\nNot measured: {errors.strip()[-300:]}\n"
    settings.output.write_text(text, encoding="utf-8")
    print(text)
    log(f"wrote {settings.output.relative_to(ROOT) if settings.output.is_relative_to(ROOT) else settings.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
