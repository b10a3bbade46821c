"""What every benchmark shares: targets, month and statistics helpers, JavaScript timers, children processes."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from exchange_tracker.i18n import _ as translate
from exchange_tracker.i18n import use_language
from exchange_tracker.months import MonthRange

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_SCRIPT = "bench/reference_app.py"
VIEWPORT = {"width": 1366, "height": 900}
TIMEOUT_MS = 60_000

APP_SLIDER = '[data-testid="stSidebar"] [aria-label="Months shown — {thumb}"]'  # in English; see app_slider
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
RESET_INPUT = "() => { window.__benchInput = null; }"
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


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- months -----------------------------------------------------------------------------------------------------


def month_add(month: str, count: int) -> str:
    """'2024-12' + 1 -> '2025-01'."""
    index = int(month[:4]) * 12 + int(month[5:]) - 1 + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def range_label(first: str, last: str, language: str = "en") -> str:
    """As the app's chart titles say it, in `language`: 'May 2025 – Aug 2025', 'трав. 2025 – серп. 2025'."""
    with use_language(language):
        return MonthRange(first, last).label


def app_slider(language: str = "en") -> str:
    """The selector template of the app's month-slider thumbs ({thumb}: start, end): labelled in `language`."""
    with use_language(language):
        label = translate("Months shown")
    return APP_SLIDER.replace("Months shown", label)


def month_from_label(label: str) -> str:
    """'May 2025' (the English slider's aria-valuetext) -> '2025-05'."""
    return dt.datetime.strptime(label, "%b %Y").strftime("%Y-%m")


# --- statistics and formatting -----------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below it."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def ratio(app: list[float], reference: list[float]) -> float:
    """median(app) / median(reference); NaN when either is missing."""
    return median(app) / median(reference) if app and reference else math.nan


def fmt_ms(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def fmt_spread(values: list[float]) -> str:
    """'median (min–max)'."""
    if not values:
        return "n/a"
    return f"{fmt_ms(median(values))} ({fmt_ms(min(values))}–{fmt_ms(max(values))})"


def fmt_ratio(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.2f}"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else "**pass**" if ok else "**FAIL**"


# --- processes ---------------------------------------------------------------------------------------------------


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


@dataclass
class ChildRun:
    """What a measuring subprocess left: its JSON lines on stdout, the end of its stderr, its peak memory."""

    lines: list[dict]
    errors: str
    peak_kb: int | None
    timed_out: bool
    returncode: int | None

    def last(self, what: str) -> dict:
        """The last JSON line; raises with the child's stderr when it failed or printed none."""
        if self.timed_out or self.returncode != 0 or not self.lines:
            state = "timed out" if self.timed_out else f"exit status {self.returncode}"
            raise RuntimeError(f"{what} failed ({state}):\n{self.errors}")
        return self.lines[-1]


def run_child(module: str, arguments: list[str], timeout: float) -> ChildRun:
    """Run `python -m <module> ...` (a benchmark measured in a fresh process of its own), sampling its memory."""
    lines: list[dict] = []
    with tempfile.TemporaryFile(mode="w+") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", module, *arguments], cwd=ROOT, stdout=subprocess.PIPE, stderr=errors, text=True
        )

        def read() -> None:
            for line in process.stdout:
                with contextlib.suppress(json.JSONDecodeError):  # only the JSON lines are results
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
        return ChildRun(lines, errors.read()[-3000:], peak, timed_out, process.returncode)
