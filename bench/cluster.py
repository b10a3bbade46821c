"""Scaling of `make cluster`: 1, 2 and 3 replicas behind HAProxy on this machine (`python -m bench.cluster`).

For each number of replicas, the cluster is started as `make cluster` starts it (deploy/cluster.py) and readers are
added in steps until the 95th percentile of their filter changes passes 1 s. Every reader opens the body
repatriations page (four charts) with its own months and then moves the end of the month range by one month, again
and again, with a pause of about THINK_S between changes. Two kinds of reader, each through HAProxy:

- browser readers: Playwright contexts in one headless Chromium, timed from the key press until all four chart
  titles show the new months (as bench/run.py times them). The browser draws every chart on the same two cores as
  the servers, so this measures the machine, not the servers alone;
- protocol readers: plain websocket clients (the `websockets` package, already installed with Streamlit) that speak
  Streamlit's own protocol: the page's cookie from a GET, then /_stcore/stream with `BackMsg.rerun_script` carrying
  the slider's new value, timed until the server's `script_finished`. They do what the browser sends and receive
  every message it would, but draw nothing, so nearly all the CPU goes to the servers. (Locust would need the same
  protocol code in a plugin, and its own processes: more CPU taken from the servers on a 2-core machine.)

Per step: filter changes per second, latency p50/p95, CPU per filter change of the replicas and of HAProxy (from
/proc, over the step's measuring window), and how busy the whole machine was. The results go to
bench/cluster-results.md. `--quick` runs a short smoke version.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import (
    APP_SLIDER,
    MARK_INPUT,
    TITLES_READY,
    TITLES_SHOW,
    VIEWPORT,
    fmt_ms,
    log,
    median,
    month_add,
    month_from_label,
    percentile,
    proc_cpu_seconds,
    proc_status_kb,
    range_label,
)
from bench.report import machine
from deploy.cluster import server_stats
from support.browser import CHROMIUM_FLAGS, IDLE, chromium_executable
from support.processes import children, command_line, descendants
from support.servers import free_port

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "cluster-results.md"
P95_TARGET_MS = 1000.0
THINK_S = 2.0  # between one reader's filter changes (a real reader: about 10 s, as bench/run.py assumes)
REAL_THINK_S = 10.0
PAGE = "bodies"  # four charts (three when the months have no ratio to show): the heaviest page to redraw
OPEN_TIMEOUT_S = 120.0
CHANGE_TIMEOUT_S = 30.0
CORES = len(os.sched_getaffinity(0))
KINDS = ("browser", "protocol")


def reader_months(index: int) -> tuple[str, str]:
    """A different twelve months per reader, within months that have body repatriations (as bench/run.py's load)."""
    first = month_add("2023-01", index % 24)
    return first, month_add(first, 11)


# --- the cluster -------------------------------------------------------------------------------------------------


def own_cpu_seconds(skip: int) -> float:
    """CPU seconds of this process and everything it started (Playwright's driver, Chromium), but not the cluster."""
    total = 0.0
    for pid in [os.getpid(), *descendants(os.getpid(), skip=skip)]:
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += proc_cpu_seconds(pid)
    return total


def machine_busy_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs so far, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


@dataclass
class RunningCluster:
    url: str
    launcher: subprocess.Popen
    replicas: list[int]
    haproxy: int
    state_dir: Path

    def cpu(self) -> tuple[float, float]:
        """CPU seconds so far of (all replicas, HAProxy)."""
        return sum(proc_cpu_seconds(pid) for pid in self.replicas), proc_cpu_seconds(self.haproxy)

    def rss_mb(self) -> list[float]:
        return [(proc_status_kb(pid, "VmRSS") or 0) / 1024 for pid in self.replicas]

    def states(self) -> dict[str, str]:
        return {name: row["status"] for name, row in server_stats(self.state_dir / "haproxy.sock").items()}


@contextlib.contextmanager
def cluster(replicas: int) -> Iterator[RunningCluster]:
    """`python -m deploy.cluster` with `replicas` replicas on free ports, stopped (SIGTERM) afterwards."""
    port = free_port()
    ports = ",".join(str(free_port()) for _ in range(replicas))
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as state:
        state_dir = Path(state)
        with (state_dir / "launcher.log").open("w") as out:
            launcher = subprocess.Popen(
                [sys.executable, "-m", "deploy.cluster", "--replicas", str(replicas), "--port", str(port),
                 "--replica-ports", ports, "--state-dir", str(state_dir), "--no-restart"],
                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            deadline = time.monotonic() + 120
            running = None
            while running is None:
                if launcher.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the cluster did not start:\n{(state_dir / 'launcher.log').read_text()}")
                with contextlib.suppress(OSError):
                    kids = {pid: command_line(pid) for pid in children(launcher.pid)}
                    haproxy = [pid for pid, command in kids.items() if "haproxy -db" in command]
                    servers = [pid for pid, command in kids.items() if "streamlit run" in command]
                    candidate = RunningCluster(f"http://127.0.0.1:{port}", launcher, servers, 0, state_dir)
                    if haproxy and len(servers) == replicas and set(candidate.states().values()) == {"UP"}:
                        candidate.haproxy = haproxy[0]
                        running = candidate
                time.sleep(0.3)
            yield running
        finally:
            launcher.send_signal(signal.SIGTERM)
            try:
                launcher.wait(timeout=30)
            except subprocess.TimeoutExpired:
                launcher.kill()
                launcher.wait()


# --- readers -----------------------------------------------------------------------------------------------------


@dataclass
class Samples:
    """Filter changes finished: (time finished, latency in ms); failures as messages."""

    changes: list[tuple[float, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def window(self, start: float, end: float) -> list[float]:
        return [ms for finished, ms in self.changes if start <= finished < end]


class ProtocolReader:
    """A reader that speaks Streamlit's websocket protocol and draws nothing."""

    def __init__(self, url: str, index: int, samples: Samples):
        self.url, self.index, self.samples = url, index, samples
        self.first, self.last = reader_months(index)
        self.query = f"from={self.first}&to={self.last}"
        self.slider_id = ""
        self.options: list[str] = []
        self.page_hash = ""
        self.ws = None
        self.changes = 0

    async def open(self) -> None:
        import websockets

        page_url = f"{self.url}/{PAGE}?{self.query}"

        def first_get() -> str:  # as the browser does: the page (and HAProxy's cookie) before the websocket
            with urllib.request.urlopen(page_url, timeout=30) as response:
                response.read()
                return "; ".join(h.split(";", 1)[0] for h in response.headers.get_all("Set-Cookie") or [])

        cookie = await asyncio.to_thread(first_get)
        self.ws = await websockets.connect(
            self.url.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=["streamlit"],
            additional_headers={"Cookie": cookie},
            max_size=None,
            compression=None,
            open_timeout=OPEN_TIMEOUT_S,
        )
        await self.run_script([])
        if not self.slider_id:
            raise RuntimeError("no month slider in the page")

    async def run_script(self, slider_value: list[str]) -> None:
        """One script run: send rerun_script (as the browser does on a widget change), wait for script_finished."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.page_name = PAGE
        message.rerun_script.page_script_hash = self.page_hash
        if slider_value:
            widget = message.rerun_script.widget_states.widgets.add()
            widget.id = self.slider_id
            widget.string_array_value.data[:] = slider_value
        await self.ws.send(message.SerializeToString())
        while True:
            forward = ForwardMsg.FromString(await self.ws.recv())
            kind = forward.WhichOneof("type")
            if kind == "navigation":
                self.page_hash = forward.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query = forward.page_info_changed.query_string
            elif kind == "delta" and not self.slider_id and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                if element.WhichOneof("type") == "slider" and "filters.months" in element.slider.id:
                    self.slider_id, self.options = element.slider.id, list(element.slider.options)
            elif kind == "script_finished":
                if forward.script_finished != ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY:
                    raise RuntimeError(f"script finished with status {forward.script_finished}")
                return

    async def change(self, step: int) -> None:
        """Move the end of the range one month left (even steps) or right (odd steps), timed."""
        new_last = month_add(self.last, -1 if step % 2 == 0 else 1)
        labels = [range_label(m, m) for m in (self.first, new_last)]
        started = time.perf_counter()
        await asyncio.wait_for(self.run_script(labels), CHANGE_TIMEOUT_S)
        elapsed = (time.perf_counter() - started) * 1000
        expected = f"from={self.first}&to={new_last}"
        if expected not in self.query:
            raise RuntimeError(f"address {self.query!r} after the change, expected {expected}")
        self.last = new_last
        self.changes += 1
        self.samples.changes.append((time.monotonic(), elapsed))

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


class BrowserReader:
    """A reader in a Playwright context: the real page, timed inside it as bench/run.py does."""

    def __init__(self, browser, url: str, index: int, samples: Samples):
        self.browser, self.url, self.index, self.samples = browser, url, index, samples
        self.first, self.last = reader_months(index)
        self.page = None
        self.charts = 1
        self.changes = 0

    async def open(self) -> None:
        context = await self.browser.new_context(viewport=VIEWPORT)
        await context.add_init_script(f"({MARK_INPUT})();")
        self.page = await context.new_page()
        await self.page.goto(
            f"{self.url}/{PAGE}?from={self.first}&to={self.last}", timeout=OPEN_TIMEOUT_S * 1000, wait_until="commit"
        )
        await self.page.wait_for_function(
            TITLES_READY, arg=[range_label(self.first, self.last), 1], timeout=OPEN_TIMEOUT_S * 1000
        )
        await self.page.wait_for_function(IDLE, timeout=OPEN_TIMEOUT_S * 1000)
        await self.page.wait_for_timeout(500)
        self.charts = await self.page.locator(".js-plotly-plot").count()

    async def change(self, step: int) -> None:
        thumb = self.page.locator(APP_SLIDER.format(thumb="end"))
        last = month_from_label(await thumb.get_attribute("aria-valuetext"))
        key = "ArrowLeft" if step % 2 == 0 else "ArrowRight"
        new_last = month_add(last, -1 if key == "ArrowLeft" else 1)
        await thumb.focus()
        await self.page.evaluate("() => { window.__benchInput = null; }")
        await thumb.press(key)
        handle = await self.page.wait_for_function(
            TITLES_SHOW,
            arg=[range_label(self.first, new_last), self.charts],
            polling="raf",
            timeout=CHANGE_TIMEOUT_S * 1000,
        )
        self.samples.changes.append((time.monotonic(), await handle.json_value()))
        self.changes += 1
        await self.page.wait_for_function(IDLE, timeout=CHANGE_TIMEOUT_S * 1000)

    async def close(self) -> None:
        if self.page is not None:
            await self.page.context.close()


def describe(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0][:200]}" if lines else type(error).__name__


async def keep_changing(reader, stop: asyncio.Event, samples: Samples) -> None:
    """Change the filter, pause about THINK_S (0.5-1.5x, so that readers do not march in step), again."""
    rng = random.Random(reader.index)
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(stop.wait(), rng.uniform(0, THINK_S))  # start spread out
    for step in itertools.count():
        if stop.is_set():
            return
        try:
            await reader.change(step)
        except Exception as error:
            samples.errors.append(f"reader {reader.index}: {describe(error)}")
            return
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), THINK_S * rng.uniform(0.5, 1.5))


# --- steps -------------------------------------------------------------------------------------------------------


@dataclass
class Step:
    readers: int
    changes: int
    seconds: float
    p50_ms: float
    p95_ms: float
    replica_cpu_ms: float  # per filter change, all replicas together
    haproxy_cpu_ms: float
    client_cpu_ms: float  # the readers' side: this process, and Chromium for browser readers
    replica_cores: float  # the replicas' CPU use over the window, in cores
    client_cores: float
    other_cores: float  # everything else on the machine (it is shared), in cores
    machine_busy: float  # share of all cores busy (servers, browser, load generator and anything else running)
    errors: list[str]

    @property
    def per_second(self) -> float:
        return self.changes / self.seconds if self.seconds else 0.0

    @property
    def ok(self) -> bool:
        return not self.errors and self.changes > 0 and self.p95_ms < P95_TARGET_MS


@dataclass
class Series:
    kind: str  # "browser" or "protocol"
    replicas: int
    steps: list[Step] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)

    @property
    def best(self) -> Step | None:
        passing = [s for s in self.steps if s.ok]
        return max(passing, key=lambda s: s.readers) if passing else None


async def ramp(kind: str, running: RunningCluster, steps: list[int], window_s: float, time_budget_s: float) -> Series:
    """Add readers step by step; measure each step over `window_s`; stop after the first step over the target
    (or once the ramp has taken `time_budget_s`, which keeps the whole run to a few minutes)."""
    ramp_started = time.monotonic()
    series = Series(kind, len(running.replicas))
    readers: list = []
    tasks: list[asyncio.Task] = []
    stop = asyncio.Event()
    samples = Samples()
    playwright = browser = None
    if kind == "browser":
        from playwright.async_api import async_playwright

        playwright = await async_playwright().start()
        browser = await playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_FLAGS)
    opening = asyncio.Semaphore(2 if kind == "browser" else 8)

    async def add(index: int) -> None:
        reader = (
            BrowserReader(browser, running.url, index, samples)
            if kind == "browser"
            else ProtocolReader(running.url, index, samples)
        )
        async with opening:
            await asyncio.wait_for(reader.open(), OPEN_TIMEOUT_S)
        readers.append(reader)
        tasks.append(asyncio.create_task(keep_changing(reader, stop, samples)))

    try:
        for count in steps:
            log(f"{kind}, {series.replicas} replica(s): {count} readers")
            errors_before = len(samples.errors)
            try:
                await asyncio.gather(*(add(index) for index in range(len(readers), count)))
            except Exception as error:
                samples.errors.append(f"opening a reader: {describe(error)}")
            # Until every reader has made a change (a new session's first run costs more than a change).
            settle_until = time.monotonic() + 20
            while time.monotonic() < settle_until and any(r.changes == 0 for r in readers):
                await asyncio.sleep(0.2)
            cpu_before, busy_before, start = running.cpu(), machine_busy_jiffies(), time.monotonic()
            client_before = own_cpu_seconds(skip=running.launcher.pid)
            await asyncio.sleep(window_s)
            cpu_after, busy_after, end = running.cpu(), machine_busy_jiffies(), time.monotonic()
            client_cpu = own_cpu_seconds(skip=running.launcher.pid) - client_before
            seconds = end - start
            busy = (busy_after[0] - busy_before[0]) / max(busy_after[1] - busy_before[1], 1)
            server_cpu = (cpu_after[0] - cpu_before[0]) + (cpu_after[1] - cpu_before[1])
            latencies = samples.window(start, end)
            changes = len(latencies)
            step = Step(
                readers=len(readers),
                changes=changes,
                seconds=end - start,
                p50_ms=median(latencies),
                p95_ms=percentile(latencies, 0.95),
                replica_cpu_ms=(cpu_after[0] - cpu_before[0]) / changes * 1000 if changes else float("nan"),
                haproxy_cpu_ms=(cpu_after[1] - cpu_before[1]) / changes * 1000 if changes else float("nan"),
                client_cpu_ms=client_cpu / changes * 1000 if changes else float("nan"),
                replica_cores=(cpu_after[0] - cpu_before[0]) / seconds,
                client_cores=client_cpu / seconds,
                other_cores=max(busy * CORES - (server_cpu + client_cpu) / seconds, 0.0),
                machine_busy=busy,
                errors=samples.errors[errors_before:],
            )
            series.steps.append(step)
            log(
                f"  {step.changes} changes in {step.seconds:.1f} s ({step.per_second:.1f}/s), p50 {fmt_ms(step.p50_ms)}"
                f" p95 {fmt_ms(step.p95_ms)} ms, replicas {fmt_ms(step.replica_cpu_ms)} ms CPU per change; cores:"
                f" replicas {step.replica_cores:.2f}, readers {step.client_cores:.2f}, others {step.other_cores:.2f};"
                f" {len(step.errors)} error(s)"
            )
            if not step.ok:
                break
            if time.monotonic() - ramp_started > time_budget_s:
                log(f"  stopping the ramp: over its time budget of {time_budget_s:.0f} s")
                break
        series.rss_mb = running.rss_mb()
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.gather(*(reader.close() for reader in readers), return_exceptions=True)
        if browser is not None:
            await browser.close()
        if playwright is not None:
            await playwright.stop()
    return series


# --- the report --------------------------------------------------------------------------------------------------


def best_cells(series: Series) -> list[str]:
    best = series.best
    if best is None:
        return ["none", "", "", "", "", ""]
    return [
        str(best.readers),
        f"{best.per_second:.1f}",
        f"{best.per_second * REAL_THINK_S:.0f}",
        f"{fmt_ms(best.p50_ms)} / {fmt_ms(best.p95_ms)}",
        fmt_ms(best.replica_cpu_ms),
        f"{best.machine_busy:.0%}",
    ]


def report(all_series: list[Series], wall_s: float, window: dict[str, float]) -> str:
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        "# Cluster benchmark: replicas behind HAProxy",
        "",
        f"Written by `python -m bench.cluster` (`make bench-cluster`) on {when} (whole run {wall_s / 60:.1f} min).",
        f"Each row is `make cluster` (deploy/cluster.py) with that many replicas; readers on the body repatriations "
        f"page (four charts), each with its own twelve months, move the end of the range by one month about every "
        f"{THINK_S:.0f} s (0.5–1.5×), through HAProxy. Readers are added in steps; each step is measured over "
        f"{window['browser']:.0f} s (browser) or {window['protocol']:.0f} s (protocol), and the ramp stops at the "
        f"first step whose filter-change p95 passes {P95_TARGET_MS:,.0f} ms. See the docstring of bench/cluster.py.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        *(f"| {k} | {v} |" for k, v in machine()),
        f"| HAProxy | {haproxy_version()} |",
        "",
        "## Readers served with a filter-change p95 under 1 s",
        "",
        "Real readers at one change per 10 s = filter changes per second × 10 (a reader here changes about every "
        f"{THINK_S:.0f} s).",
        "",
        "| readers | replicas | readers at the last step under 1 s | filter changes/s | equivalent real readers "
        "(1 change per 10 s) | p50 / p95 (ms) | replicas' CPU per change (ms) | machine busy |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for series in all_series:
        lines.append(f"| {series.kind} | {series.replicas} | " + " | ".join(best_cells(series)) + " |")
    lines += [
        "",
        "## Every step",
        "",
        "| readers | replicas | readers | changes/s | p50 (ms) | p95 (ms) | replicas' CPU per change (ms) | "
        "HAProxy CPU per change (ms) | readers' CPU per change (ms) | cores used: replicas / readers / "
        "other processes | machine busy | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |",
    ]
    for series in all_series:
        for step in series.steps:
            errors = "; ".join(step.errors[:2]) + (f" (+{len(step.errors) - 2})" if len(step.errors) > 2 else "")
            lines.append(
                f"| {series.kind} | {series.replicas} | {step.readers} | {step.per_second:.1f} | {fmt_ms(step.p50_ms)}"
                f" | {fmt_ms(step.p95_ms)} | {fmt_ms(step.replica_cpu_ms)} | {fmt_ms(step.haproxy_cpu_ms)} | "
                f"{fmt_ms(step.client_cpu_ms)} | "
                f"{step.replica_cores:.2f} / {step.client_cores:.2f} / {step.other_cores:.2f} | "
                f"{step.machine_busy:.0%} | {errors or '0'} |"
            )
    lines += ["", "## How to read this", "", *(f"- {line}" for line in reading(all_series))]
    lines += [
        "",
        "## Memory",
        "",
        "| readers | replicas | RSS of each replica after its ramp (MB) |",
        "| --- | ---: | --- |",
    ]
    for series in all_series:
        lines.append(f"| {series.kind} | {series.replicas} | {', '.join(f'{mb:.0f}' for mb in series.rss_mb)} |")
    return "\n".join(lines) + "\n"


def reading(all_series: list[Series]) -> list[str]:
    """Facts that decide how to read the tables, computed from them."""
    steps = [step for series in all_series for step in series.steps]
    by_kind = {kind: [s for series in all_series if series.kind == kind for s in series.steps] for kind in KINDS}
    server_ms = median([s.replica_cpu_ms for s in steps if s.changes])
    haproxy_ms = median([s.haproxy_cpu_ms for s in steps if s.changes])
    browser_ms = median([s.client_cpu_ms for s in by_kind["browser"] if s.changes])
    per_core = 0.7 / (server_ms / 1000) if server_ms == server_ms and server_ms > 0 else float("nan")
    lines = [
        f"Other processes on this shared machine used {median([s.other_cores for s in steps]):.2f} of its {CORES} "
        f"cores (median over the steps; from {min(s.other_cores for s in steps):.2f} to "
        f"{max(s.other_cores for s in steps):.2f}): the servers and readers had the rest.",
        f"A filter change on the bodies page costs the replicas {fmt_ms(server_ms)} ms of CPU and HAProxy "
        f"{fmt_ms(haproxy_ms)} ms (medians over the steps). At 70% of one core (the GIL keeps a replica's Python on "
        f"one core) that is about {per_core:.0f} changes/s per replica, or {per_core * REAL_THINK_S:.0f} readers "
        f"changing the months every {REAL_THINK_S:.0f} s, on a core of its own.",
        f"The browser readers' side costs {fmt_ms(browser_ms)} ms of CPU per change (Chromium drawing four charts), "
        f"{browser_ms / server_ms:.0f}× the server's: with the browsers on the same cores, they are the limit, and "
        "adding replicas changes little.",
    ]
    for series in all_series:
        over = next((s for s in series.steps if not s.ok), None)
        if over is not None:
            lines.append(
                f"{series.kind}, {series.replicas} replica(s): p95 passed 1 s at {over.readers} readers with the "
                f"replicas using {over.replica_cores:.2f} cores, the readers {over.client_cores:.2f} and other "
                f"processes {over.other_cores:.2f}."
            )
        else:
            last = series.steps[-1].readers if series.steps else 0
            lines.append(
                f"{series.kind}, {series.replicas} replica(s): p95 stayed under 1 s up to the last step measured "
                f"({last} readers; the ramp's time budget ended it)."
            )
    return lines


def haproxy_version() -> str:
    from deploy.cluster import haproxy_path

    path = haproxy_path()
    if path is None:
        return "not found"
    output = subprocess.run([path, "-v"], capture_output=True, text=True).stdout
    return output.splitlines()[0] if output else "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cluster", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run (1 and 2 replicas, short steps)")
    parser.add_argument("--replicas", default="1,2,3", help="comma-separated replica counts (default 1,2,3)")
    parser.add_argument("--output", default=str(RESULTS))
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.replicas.split(",")]
    steps = {"browser": [2, 4, 6, 8, 10, 12], "protocol": [10, 20, 30, 45, 60, 80, 100, 130, 160]}
    window = {"browser": 6.0, "protocol": 6.0}
    budget = {"browser": 60.0, "protocol": 50.0}  # per ramp: the whole run stays within about 6 minutes
    if args.quick:
        counts, steps = counts[:2], {"browser": [1, 2], "protocol": [10, 20]}
        window = {"browser": 5.0, "protocol": 4.0}
    started = time.perf_counter()
    all_series: list[Series] = []
    for kind in KINDS:
        for count in counts:
            log(f"starting {count} replica(s)")
            with cluster(count) as running:
                asyncio.run(warm(running, count))
                # Protocol readers start at 10 per replica: fewer only lengthen the ramp.
                ramp_steps = [n for n in steps[kind] if kind == "browser" or n >= 10 * count]
                all_series.append(asyncio.run(ramp(kind, running, ramp_steps, window[kind], budget[kind])))
    text = report(all_series, time.perf_counter() - started, window)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)
    return 0


async def warm(running: RunningCluster, count: int) -> None:
    """One protocol reader per replica runs the page once (the first run loads the data and imports Plotly)."""
    readers = [ProtocolReader(running.url, 100 + index, Samples()) for index in range(count * 2)]
    try:
        await asyncio.gather(*(reader.open() for reader in readers))
    finally:
        await asyncio.gather(*(reader.close() for reader in readers), return_exceptions=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
