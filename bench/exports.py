"""Export benchmarks (issue: downloads): PNG export times with one long-lived browser, and whether the
download buttons slow a page down. Run by `python -m bench.run`; `python -m bench.exports` runs them alone.

Times are medians; the page comparison is a ratio measured in the same process, interleaved.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def png_export_times(warm_runs: int = 15) -> dict[str, float | list[float]]:
    """First PNG export (starts the browser) and warm exports of the bodies chart, in ms."""
    from exchange_tracker import export, figures
    from exchange_tracker.loading import SHIPPED_DATA, load_folder
    from exchange_tracker.months import MonthRange
    from exchange_tracker.transforms import BODIES_KIND, headline_events, in_months, with_kinds

    data = load_folder(SHIPPED_DATA, dt.date.today())
    months = MonthRange("2025-05", "2025-08")
    bodies = with_kinds(in_months(headline_events(data.exchanges), months), (BODIES_KIND,))
    context = figures.ChartContext(months, ("Reuters",), data.as_of, "http://localhost:8501/bodies")
    figure = figures.per_handover_chart(bodies, context, unit="bodies").figure
    started = time.perf_counter()
    first = export.figure_image(figure, "png")
    first_ms = (time.perf_counter() - started) * 1000
    assert first.startswith(b"\x89PNG")
    warm = []
    for _ in range(warm_runs):
        started = time.perf_counter()
        export.figure_image(figure, "png")
        warm.append((time.perf_counter() - started) * 1000)
    return {"first_ms": first_ms, "warm_ms": warm}


@contextmanager
def _without_download_buttons():
    """Streamlit's download_button replaced by a no-op: the same page, minus its buttons."""
    from streamlit.delta_generator import DeltaGenerator

    original = DeltaGenerator.download_button
    DeltaGenerator.download_button = lambda self, *args, **kwargs: False
    try:
        yield
    finally:
        DeltaGenerator.download_button = original


def page_render_times(runs: int = 11, page: str = "bodies") -> dict[str, list[float]]:
    """Script run time (ms) of a page with and without its download buttons, interleaved runs.

    The page is run as the browser runs it: `app.py` first, then the page (from the page registry) switched to;
    only the page's run is timed.
    """
    from streamlit.testing.v1 import AppTest

    from exchange_tracker.page_registry import BY_NAME

    with_buttons, without_buttons = [], []
    for _ in range(runs):
        for bucket, patched in ((with_buttons, False), (without_buttons, True)):
            app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
            app.query_params["from"], app.query_params["to"] = "2025-05", "2025-08"
            app.run()
            app.switch_page(BY_NAME[page].file)
            with _without_download_buttons() if patched else nullcontext():
                started = time.perf_counter()
                app.run()
                bucket.append((time.perf_counter() - started) * 1000)
            if app.exception:
                raise RuntimeError(f"{page}: {[e.value for e in app.exception]}")
    return {"with_ms": with_buttons[1:], "without_ms": without_buttons[1:]}  # first run warms caches


def measure() -> dict:
    """Both export measures, as `bench.run` reports them."""
    return {"images": png_export_times(), "pages": page_render_times()}


def main() -> None:
    measured = measure()
    images, pages = measured["images"], measured["pages"]
    warm = statistics.median(images["warm_ms"])
    with_buttons, without = statistics.median(pages["with_ms"]), statistics.median(pages["without_ms"])
    print(f"first PNG export: {images['first_ms']:.0f} ms (target <= 3000)")
    print(f"warm PNG export: median {warm:.0f} ms over {len(images['warm_ms'])} (target <= 300)")
    print(
        f"bodies page run: {with_buttons:.1f} ms with download buttons, {without:.1f} ms without "
        f"(ratio {with_buttons / without:.2f})"
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["--json"]:  # what bench.run reads, from a process of its own
        print(json.dumps(measure()), flush=True)
    else:
        main()
