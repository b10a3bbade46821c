"""bench/results.md: the machine, the figures against their targets, and a section per benchmark.

Each `*_rows` function gives the rows of the targets table for one benchmark; each `*_section` a section of its own.
A benchmark that was not run (skipped, or failed) says so in its own words instead of its rows.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import math
import os
import platform
import subprocess
from dataclasses import dataclass, field

from bench import filter_change, first_view, language, load, reruns, scale
from bench.common import ROOT, fmt_ms, fmt_ratio, fmt_spread, median, percentile, ratio, verdict
from support.browser import chromium_executable

INFO = "for information"
TABLE_HEAD = [
    "| measure | app (ms) | reference (ms) | ratio | target | result |",
    "| --- | --- | --- | --- | --- | --- |",
]


@dataclass
class Results:
    """What one `bench.run` measured; None where a benchmark was not run, with the reason in `not_run`."""

    runs: int
    filter_runs: int
    elapsed_s: float = 0.0
    machine: list[tuple[str, str]] = field(default_factory=list)
    first_view: dict[str, list[float]] | None = None
    filters: filter_change.FilterResults | None = None
    language: language.LanguageResults | None = None
    reruns: dict[str, list[float]] | None = None
    load: load.LoadResults | None = None
    scale: list[scale.ScaleResult] | None = None
    scale_runs: int = 3
    scale_timeout: float = 150
    exports: dict | None = None
    not_run: dict[str, str] = field(default_factory=dict)  # benchmark -> why it was not run


def machine() -> list[tuple[str, str]]:
    """The machine, the software and the code measured; the load average at start (the machine is shared)."""
    cpuinfo = open("/proc/cpuinfo").read() if os.path.exists("/proc/cpuinfo") else ""  # noqa: SIM115
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")),
        platform.processor() or "unknown",
    )
    meminfo = open("/proc/meminfo").read().splitlines()  # noqa: SIM115
    memory_kb = next((int(line.split()[1]) for line in meminfo if line.startswith("MemTotal")), 0)
    executable = chromium_executable()
    chromium = "not found"
    if executable:
        chromium = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    versions = []
    for package in ("streamlit", "plotly", "pandas", "pandera", "playwright"):
        try:
            versions.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package} missing")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    changed = sorted({line[3:] for line in dirty.splitlines() if line[3:].endswith(".py")})
    code = f"commit {commit.strip()}" + (f", with uncommitted changes to {', '.join(changed)}" if changed else "")
    return [
        ("Code measured", code),
        ("CPU", f"{model}; nproc {len(os.sched_getaffinity(0))}"),
        ("Memory", f"{memory_kb / 1024 / 1024:.1f} GiB"),
        ("System", f"{platform.system()} {platform.release()} ({platform.machine()})"),
        ("Python", platform.python_version()),
        ("Packages", ", ".join(versions)),
        ("Browser", f"{chromium} (headless, via Playwright)"),
        ("Load average at start", ", ".join(f"{x:.2f}" for x in os.getloadavg())),
    ]


def header(results: Results) -> list[str]:
    load_1min = os.getloadavg()[0]
    return [
        "# Benchmark results",
        "",
        f"Written by `python -m bench.run` on {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} "
        f"(whole run {results.elapsed_s / 60:.1f} min). Browser figures are medians of {results.runs} runs (first "
        f"views) and {results.filter_runs} runs (filter changes, language switches) "
        "(min–max in brackets), timed inside the page; each ratio is app ÷ `bench/reference_app.py` "
        "(or, for the language switch, ÷ a month change on the same page) measured in the same run, interleaved.",
        "",
        "**Noisy figures.** The machine is shared with other engineers' test runs (browsers and servers of their own): "
        "see the load average at start below (1-minute load at the end: "
        f"{load_1min:.2f} on {len(os.sched_getaffinity(0))} cores). Absolute times can be several times those of a "
        "quiet machine; the same-run ratios are the figures to compare.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        *[f"| {name} | {value} |" for name, value in results.machine],
    ]


def _row(measure: str, app: str, reference: str, ratio_text: str, target: str, result: str) -> str:
    return f"| {measure} | {app} | {reference} | {ratio_text} | {target} | {result} |"


def not_run_rows(results: Results) -> list[str]:
    return [_row(f"{name}: not measured ({why})", "", "", "", "", "n/a") for name, why in results.not_run.items()]


def first_view_rows(times: dict[str, list[float]]) -> list[str]:
    app, ref = times["app"], times["reference"]
    r = ratio(app, ref)
    return [
        _row(
            "First view: a fresh context opens the landing page until its Plotly chart is drawn",
            fmt_spread(app),
            fmt_spread(ref),
            fmt_ratio(r),
            f"ratio ≤ {first_view.TARGET_RATIO}",
            verdict(r <= first_view.TARGET_RATIO),
        )
    ]


def filter_rows(filters: filter_change.FilterResults) -> list[str]:
    ref = filters.times["reference"]
    rows = []
    keys = "landing page, ArrowLeft/Right on the slider's end thumb"
    for name, label, target in (
        ("app overview, keyboard", keys, filter_change.TARGET_RATIO),
        ("app bodies, keyboard", "bodies page, same keys", filter_change.BODIES_TARGET_RATIO),
        ("reference, four charts", "the reference drawing its chart four times, same keys", None),
        ("app overview, quick range", "landing page, click a quick-range pill (2024/2025)", None),
    ):
        times = filters.times[name]
        r = ratio(times, ref)
        rows.append(
            _row(
                f"Filter change, {label}, until all {filters.charts[name]} chart title(s) show the new months",
                fmt_spread(times),
                f"{fmt_spread(ref)} (keyboard)",
                fmt_ratio(r),
                f"ratio ≤ {target}" if target else "for information",
                verdict(r <= target) if target else "n/a",
            )
        )
    four = filters.times["reference, four charts"]
    bodies = filters.times["app bodies, keyboard"]
    rows.append(
        _row(
            "Filter change, bodies page against the reference drawing its chart four times (the floor for four "
            "Plotly charts in Streamlit, which draws every chart anew on each change)",
            fmt_spread(bodies),
            f"{fmt_spread(four)} (keyboard, four charts)",
            fmt_ratio(ratio(bodies, four)),
            "for information",
            "",
        )
    )
    app_cpu, ref_cpu = filters.server_cpu_ms["app"], filters.server_cpu_ms["reference"]
    rows.append(
        _row(
            "Server CPU per filter change on the real server (user+system time of the streamlit process over "
            "the keyboard and pill changes above; includes sending the page and any garbage collection)",
            fmt_ms(app_cpu),
            fmt_ms(ref_cpu),
            fmt_ratio(app_cpu / ref_cpu),
            "for information",
            "",
        )
    )
    return rows


def language_rows(browser: language.LanguageResults | None, server: dict[str, list[float]] | None) -> list[str]:
    """The language switch against a month change on the landing page: browser (if run) and server (AppTest)."""
    rows = []
    target = f"ratio ≤ {language.TARGET_RATIO}"
    if browser:
        r = ratio(browser.switch_ms, browser.month_ms)
        rows.append(
            _row(
                "Language switch, landing page: click English/Українська in the sidebar until the heading and "
                f"{browser.charts} chart title(s) are in the other language (app column) against a month change by "
                "ArrowLeft/Right on the same page, in the same language (reference column)",
                fmt_spread(browser.switch_ms),
                f"{fmt_spread(browser.month_ms)} (month change)",
                fmt_ratio(r),
                target,
                verdict(r <= language.TARGET_RATIO),
            )
        )
    if server:
        switch, month = server["language:switch"], server["language:month"]
        r = ratio(switch, month)
        rows.append(
            _row(
                f"Server rerun for a language switch, landing page (AppTest, median of {len(switch)}) against a month "
                "change (`set_range().run()`), interleaved",
                fmt_spread(switch),
                f"{fmt_spread(month)} (month change)",
                fmt_ratio(r),
                target,
                verdict(r <= language.TARGET_RATIO),
            )
        )
    return rows


def rerun_rows(times_by_page: dict[str, list[float]]) -> list[str]:
    ref = times_by_page["reference"]
    rows = []
    for page in reruns.PAGES:
        times = times_by_page[page]
        rows.append(
            _row(
                f"Server rerun for a month change, {page} page (AppTest `set_range().run()`, median of {len(times)})",
                fmt_spread(times),
                fmt_spread(ref),
                fmt_ratio(ratio(times, ref)),
                f"≤ {reruns.TARGET_MS:.0f} ms",
                verdict(median(times) <= reruns.TARGET_MS),
            )
        )
    state = (
        "the real server runs it after every script run"
        if times_by_page["post_script_gc"][0] > 0
        else "`runner.postScriptGC = false` in .streamlit/config.toml, so the server no longer runs it"
    )
    rows.append(
        _row(
            f"… not in AppTest: a full `gc.collect(2)` in a process with the app loaded ({state})",
            fmt_spread(times_by_page["gc"]),
            "",
            "",
            "for information",
            "",
        )
    )
    for page in reruns.PAGES:
        rows.append(
            _row(
                f"… of which building the {page} page's Plotly figures alone (no Streamlit)",
                fmt_spread(times_by_page[f"figures:{page}"]),
                "",
                "",
                "for information",
                "",
            )
        )
    return rows


def load_rows(result: load.LoadResults) -> list[str]:
    failed = len({e.split(" (")[0] for e in result.errors if e.startswith("session")})
    return [
        _row(
            f"Load: {result.sessions} concurrent sessions on one server, sessions with an error",
            f"{failed} of {result.sessions}",
            "",
            "",
            "0",
            verdict(not result.errors),
        ),
        _row(
            f"Load: filter change under load, p50 / p95 (ms, {len(result.change_ms)} changes, bodies page)",
            f"{fmt_ms(median(result.change_ms))} / {fmt_ms(percentile(result.change_ms, 0.95))}",
            "",
            "",
            "for information",
            "",
        ),
        _row("Load: server peak RSS (MB; VmHWM of the streamlit process)", f"{result.hwm_mb:,.0f}", "", "", INFO, ""),
    ]


def scale_rows(results: Results) -> list[str]:
    target = next((s for s in results.scale if s.rows == scale.TARGET_ROWS), None)
    if target is None:
        return []
    total = target.total_ms
    seconds = f"> {results.scale_timeout:.0f} s (stopped)" if target.timed_out else f"{total / 1000:.2f} s"
    peak = "n/a" if target.peak_mb is None else f"{target.peak_mb:,.0f} MB"
    within = None if target.peak_mb is None else target.peak_mb <= scale.TARGET_MB and not target.timed_out
    return [
        _row(
            f"Scale: {scale.TARGET_ROWS:,} rows, read_table + headline_events + monthly_totals",
            seconds,
            "",
            "",
            f"≤ {scale.TARGET_S:.0f} s",
            verdict(not target.timed_out and total <= scale.TARGET_S * 1000),
        ),
        _row(
            f"Scale: {scale.TARGET_ROWS:,} rows, peak memory of the process",
            peak,
            "",
            "",
            f"≤ {scale.TARGET_MB / 1024:.1f} GB",
            verdict(within),
        ),
    ]


def scale_section(results: Results) -> list[str]:
    sizes = results.scale
    out = [
        "",
        "## Scale: synthetic exchanges.csv",
        "",
        "Same schema as data/exchanges.csv (14 columns incl. `scope`); dates 2022-02-24..2026-03-06, kinds about "
        "50/40/10, a second claim for about 20% of events (half of them differing), lognormal counts, https URLs, "
        f"empty cells. Each size is measured in {results.scale_runs} fresh process(es): times are the median, "
        "peak the highest VmHWM of those processes (it includes about "
        f"{next((s.baseline_mb for s in sizes if s.baseline_mb), 0):.0f} MB of imports). "
        "Files over the loader's 20 MB limit are refused by the app; the benchmark lifts the limit to measure them.",
        "",
        "| rows | file (MB) | over 20 MB limit | read_table (ms) | headline_events (ms) | monthly_totals (ms) "
        "| total (ms) | ms per 1k rows | peak RSS after read_table (MB) | peak RSS (MB) |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in sizes:

        def stage(name: str, s: scale.ScaleResult = s) -> str:
            if name in s.stages:
                return fmt_ms(s.stages[name])
            return f"> {results.scale_timeout:.0f} s (stopped)" if s.timed_out else "—"

        total = s.total_ms
        per_k = "—" if total is None else f"{total / (s.rows / 1000):.2f}"
        peak = "—" if s.peak_mb is None else f"{s.peak_mb:,.0f}"
        read_peak = s.stage_peak_mb.get("read_table")
        out.append(
            f"| {s.rows:,} | {s.file_mb:.1f} | {'yes' if s.over_limit else 'no'} | {stage('read_table')} "
            f"| {stage('headline_events')} | {stage('monthly_totals')} | {'—' if total is None else fmt_ms(total)} "
            f"| {per_k} | {'—' if read_peak is None else f'{read_peak:,.0f}'} | {peak} |"
        )
    per_stage = []
    for name in ("read_table", "headline_events"):
        points = [(s.rows, s.stages[name]) for s in sizes if name in s.stages]
        if len(points) >= 2:
            text = ", ".join(f"{ms / (rows / 1000):.2f}" for rows, ms in points)
            per_stage.append(f"{name} {text} ms per 1k rows")
    if per_stage:
        out += ["", "Cost per 1k rows by size: " + "; ".join(per_stage) + " (flat means linear)."]
    return out


def load_section(result: load.LoadResults, filters: filter_change.FilterResults | None) -> list[str]:
    by_cpu, by_memory, sessions = result.sessions_per_process()
    out = [
        "",
        "## Load",
        "",
        f"{result.sessions} Playwright contexts in one headless Chromium against one `streamlit run app.py` "
        "on loopback; the browser and the server share the machine's CPUs, so the browser's own work "
        f"({result.sessions} pages drawing Plotly charts) is part of every time below. "
        "Each session opens the landing page with its own twelve months "
        f"(`?from=&to=`; {load.LOAD_OPENING} opening at a time, as each fresh page parses ~9 MB of JavaScript); "
        "once all are open they go on together: switch to Body repatriations by its sidebar link, move the end thumb "
        "one month left and the start thumb one month right (ArrowLeft/ArrowRight), check the address, download the "
        "per-handover CSV and check that its file name carries the session's months and that every row falls in them.",
        "",
        "| | |",
        "| --- | --- |",
        f"| Wall time | {result.duration_s:.1f} s |",
        f"| Sessions completed without error | {len(result.session_ms)} of {result.sessions} |",
        f"| Session time p50 / p95 | {fmt_ms(median(result.session_ms))} / "
        f"{fmt_ms(percentile(result.session_ms, 0.95))} ms |",
        f"| Filter change p50 / p95 / max | {fmt_ms(median(result.change_ms))} / "
        f"{fmt_ms(percentile(result.change_ms, 0.95))} / {fmt_ms(max(result.change_ms, default=math.nan))} ms |",
        f"| Server RSS before / peak during (sampled) / VmHWM / after | {result.baseline_rss_mb:,.0f} / "
        f"{result.peak_rss_mb:,.0f} / {result.hwm_mb:,.0f} / {result.after_rss_mb:,.0f} MB |",
        f"| Server CPU during the load | {result.cpu_s:.1f} s ({result.cpu_s / result.duration_s:.0%} of one core "
        f"over the wall time, {result.busiest_5s:.0%} over the busiest 5 s), "
        f"{fmt_ms(result.cpu_per_rerun_ms)} ms per script run "
        f"({result.reruns} runs + {result.sessions} downloads + serving each fresh page's static files) |",
        f"| Memory per concurrent session | {result.mb_per_session:.1f} MB |",
        f"| Sessions per process (estimate) | **{sessions}** active sessions: {by_cpu} by CPU (one script run "
        f"per session every {load.SECONDS_BETWEEN_RERUNS:.0f} s, {load.CPU_BUDGET:.0%} of one core: the GIL keeps a "
        f"process's Python on one core), {by_memory} by memory ({load.MEMORY_BUDGET_MB} MB per replica) |",
    ]
    if filters:
        steady = filters.server_cpu_ms["app"]
        by_filter_cpu = int(load.CPU_BUDGET * load.SECONDS_BETWEEN_RERUNS / (steady / 1000))
        out.append(
            f"| … counting filter changes only | {by_filter_cpu} "
            f"active sessions by CPU ({fmt_ms(steady)} ms of server CPU per filter change, measured above) |"
        )
    if result.errors:
        out += ["", "Errors:", "", *[f"- {e}" for e in result.errors[:20]]]
    return out


def notes(results: Results) -> list[str]:
    out = [
        "",
        "## How to read this",
        "",
        "- The machine is small and shared (see the load average above); single runs vary by tens of percent, "
        "which is why medians and same-run ratios are reported.",
        "- Body repatriations draws four charts. Streamlit gives a Plotly chart a new element id whenever its "
        "figure changes, so the browser mounts and draws every chart anew on each month change: the reference "
        "drawing its one chart four times (`?charts=4`, a server of its own) is the floor for such a page, and "
        "is shown beside the one-chart reference.",
        "- Keyboard on the slider is the comparable interaction (the reference has no quick ranges); the "
        "quick-range click is shown for information against the reference's keyboard change.",
        "- The language switch is compared with a month change on the same landing page, alternating: each month "
        "change is made in the language the page is in at that moment (Ukrainian and English in turn), and the "
        "switch is timed until both the heading and the chart title have changed language.",
        "- AppTest times include AppTest's own overhead (thread start, message parsing), as the reference's do, "
        "but never Streamlit's post-run `gc.collect(2)` (`runner.postScriptGC`; its cost is on its own row).",
    ]
    if results.load:
        out.append(
            f"- Under load the server used at most {results.load.busiest_5s:.0%} of one core over any 5 s: the "
            "filter-change times under load are mostly the one headless Chromium drawing all sessions' charts on "
            "the same CPUs."
        )
    if results.scale:
        per_row = next((s.file_mb / s.rows for s in results.scale if s.rows), 0)
        out.append(
            f"- At {per_row * 1024 * 1024:.0f} bytes per row, the loader's 20 MB limit admits about "
            f"{20 / per_row:,.0f} rows; larger sizes show how the cost per row grows, not what the app accepts."
        )
    return out


def exports_section(measured: dict) -> list[str]:
    """Downloads: targets from the downloads issue."""
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
            "Bodies page script run with / without its download buttons (AppTest through app.py, interleaved)",
            f"{fmt_ms(with_buttons)} / {fmt_ms(without)} (ratio {with_buttons / without:.2f})",
            "as fast",
            verdict(with_buttons / without <= 1.1),
        ),
    ]
    lines = ["", "## Exports", "", "| measure | figure | target | result |", "| --- | --- | --- | --- |"]
    return lines + [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]


def markdown(results: Results) -> str:
    """The whole of bench/results.md."""
    out = [*header(results), "", "## Figures against targets", "", *TABLE_HEAD]
    if results.first_view:
        out += first_view_rows(results.first_view)
    if results.filters:
        out += filter_rows(results.filters)
    out += language_rows(results.language, results.reruns)
    if results.reruns:
        out += rerun_rows(results.reruns)
    if results.load:
        out += load_rows(results.load)
    if results.scale:
        out += scale_rows(results)
    out += not_run_rows(results)
    if results.scale:
        out += scale_section(results)
    if results.load:
        out += load_section(results.load, results.filters)
    out += notes(results)
    if results.exports:
        out += exports_section(results.exports)
    return "\n".join(out) + "\n"
