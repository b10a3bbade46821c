"""Load: concurrent browser sessions against one server, each checking that it sees its own months and downloads.

A session that goes wrong (a timeout, a wrong file, an exception on the page) is recorded with the step it was on:
"sessions with an error" is the measure, and `bench.run` exits non-zero when there is one.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import async_playwright

from bench.common import (
    APP_SLIDER,
    MARK_INPUT,
    RESET_INPUT,
    TITLES_READY,
    TITLES_SHOW,
    VIEWPORT,
    log,
    month_add,
    proc_cpu_seconds,
    proc_status_kb,
    range_label,
)
from exchange_tracker.i18n import _ as translate
from exchange_tracker.i18n import use_language
from exchange_tracker.page_registry import BY_NAME
from support.browser import CHROMIUM_FLAGS, IDLE, nav_link
from support.servers import streamlit_servers

LOAD_TIMEOUT_MS = 150_000  # per step under load: 20 pages drawing charts on the same few CPUs as the server
LOAD_OPENING = 4  # landing pages opened at a time
# Assumptions behind the sessions-per-process estimate (stated in the results).
SECONDS_BETWEEN_RERUNS = 10.0  # an active reader changes a filter or a page about every 10 s
CPU_BUDGET = 0.7  # of the one core a Streamlit process can use for Python (the GIL)
MEMORY_BUDGET_MB = 1024  # per replica


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
    bodies = BY_NAME["bodies"]
    with use_language("en"):
        bodies_title = translate(bodies.title)
    step = "open the landing page"
    arrived = False
    try:
        async with gate.opening:
            await page.goto(f"{url}/?lang=en&from={first}&to={last}", wait_until="commit", timeout=LOAD_TIMEOUT_MS)
            await page.wait_for_function(
                TITLES_READY, arg=[range_label(first, last), 1], polling=100, timeout=LOAD_TIMEOUT_MS
            )
            await page.wait_for_function(IDLE, timeout=LOAD_TIMEOUT_MS)
        gate.arrive()
        arrived = True
        step = "wait for the other sessions to open"
        await asyncio.wait_for(gate.all_open.wait(), timeout=LOAD_TIMEOUT_MS / 1000 * 2)
        await asyncio.sleep(index * 0.05)
        step = f"switch to the {bodies.name} page"
        await nav_link(page, bodies_title).click()
        await page.wait_for_url(re.compile(rf"/{re.escape(bodies.path)}\?"), timeout=LOAD_TIMEOUT_MS)
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
            await page.evaluate(RESET_INPUT)
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
    except (PlaywrightError, AssertionError, TimeoutError) as err:  # what a reader would hit; bench bugs propagate
        message = str(err).strip().splitlines()[0] if str(err).strip() else ""
        result.errors.append(f"session {index} ({first}..{last}), {step}: {type(err).__name__}: {message[:400]}")
    finally:
        if not arrived:
            gate.arrive()
        await context.close()


async def load_all(url: str, sessions: int, result: LoadResults, time_limit: float, chromium: str) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
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


def run_load(sessions: int, time_limit: float, chromium: str) -> LoadResults:
    """Warm the server with one session, then run `sessions` together, sampling its memory and CPU."""
    result = LoadResults(sessions=sessions)
    with streamlit_servers("app.py") as (server,):
        pid = server.process.pid
        log("load: warming up the server with one session")
        warm_up = LoadResults(sessions=1)
        asyncio.run(load_all(server.url, 1, warm_up, time_limit, chromium))
        if warm_up.errors:
            raise RuntimeError(f"load: the warm-up session failed: {warm_up.errors[0]}")
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
            asyncio.run(load_all(server.url, sessions, result, time_limit, chromium))
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
