"""Scale: synthetic exchanges.csv of 10k, 100k and 1M rows, loaded, validated and aggregated in a fresh process each.

`python -m bench.scale FILE` measures one file and prints one JSON line per stage (what `run_scale` reads).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import ROOT, log, median, proc_status_kb, run_child

TARGET_ROWS = 1_000_000
TARGET_S = 2.0  # issue #15 (was 3 s)
TARGET_MB = 1536


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


# --- measured in a process of its own ---


def measure_file(path: str) -> None:
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


# --- run by bench.run ---


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

    @property
    def total_ms(self) -> float | None:
        needed = ("read_table", "headline_events", "monthly_totals")
        return sum(self.stages[s] for s in needed) if all(s in self.stages for s in needed) else None


def run_scale(sizes: list[int], timeout: float, runs: int = 3) -> list[ScaleResult]:
    """Each size measured in `runs` fresh processes: stage times are their medians, peaks the highest.

    A size that takes longer than `timeout` is stopped and reported as such (a result: too slow); a process that
    fails raises with its error.
    """
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
                child = run_child("bench.scale", [str(path)], timeout)
                result.timed_out = child.timed_out
                finished = any(line["stage"] == "done" for line in child.lines)
                if not child.timed_out and (child.returncode != 0 or not finished):
                    raise RuntimeError(f"scale, {rows:,} rows: the measuring process failed:\n{child.errors}")
                peak_kb = child.peak_kb
                for line in child.lines:
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
                if result.timed_out:
                    break
            result.stages = {stage: median(times) for stage, times in stage_times.items()}
            result.peak_mb = max(peaks) if peaks else None
            results.append(result)
            path.unlink()
    return results


if __name__ == "__main__":
    measure_file(sys.argv[1])
