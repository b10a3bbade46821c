"""The benchmarks' pure helpers: months, medians and percentiles (bench/common.py); and every benchmark imports."""

import importlib
import math

import pytest

from bench.common import (
    ROOT,
    app_slider,
    fmt_ms,
    fmt_ratio,
    median,
    month_add,
    month_from_label,
    percentile,
    range_label,
    ratio,
)


@pytest.mark.parametrize(
    ("month", "count", "expected"),
    [("2024-12", 1, "2025-01"), ("2025-01", -1, "2024-12"), ("2023-01", 23, "2024-12"), ("2025-05", 0, "2025-05")],
)
def test_month_add(month, count, expected):
    assert month_add(month, count) == expected


def test_range_label_is_the_apps_own_in_each_language():
    assert range_label("2025-05", "2025-08") == "May 2025 – Aug 2025"
    assert range_label("2025-05", "2025-08", "uk") == "трав. 2025 – серп. 2025"
    assert range_label("2025-05", "2025-05") == "May 2025"


def test_month_from_label_reads_the_english_slider():
    assert month_from_label("Aug 2025") == "2025-08"


def nearest_rank(values: list[float], share: float) -> float:
    """The textbook definition, slowly: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return next(v for v in ordered if sum(x <= v for x in ordered) >= share * len(ordered))


@pytest.mark.parametrize("share", [0.5, 0.9, 0.95, 1.0])
@pytest.mark.parametrize("values", [[5.0], [3.0, 1.0], [4.0, 1.0, 3.0, 2.0], list(map(float, range(40, 0, -1)))])
def test_percentile_is_the_nearest_rank(values, share):
    assert percentile(values, share) == nearest_rank(values, share)


def test_empty_figures_are_not_a_number_and_shown_as_n_a():
    assert math.isnan(median([])) and math.isnan(percentile([], 0.5)) and math.isnan(ratio([], [1.0]))
    assert fmt_ms(math.nan) == "n/a" and fmt_ratio(math.nan) == "n/a"


def test_ratio_of_medians_and_formatting():
    assert ratio([1.0, 2.0, 9.0], [1.0, 1.0, 1.0]) == 2.0
    assert fmt_ms(84.24) == "84.2" and fmt_ms(1924.4) == "1,924" and fmt_ratio(1.454) == "1.45"


def test_the_slider_selector_follows_the_language():
    assert app_slider("en").format(thumb="end").endswith('[aria-label="Months shown — end"]')
    assert "Months shown" not in app_slider("uk")


@pytest.mark.parametrize("module", sorted(p.stem for p in (ROOT / "bench").glob("*.py") if p.stem != "__init__"))
def test_every_benchmark_module_imports(module: str):
    """A helper moved elsewhere leaves no benchmark failing on its imports (`make bench-cluster` once did)."""
    importlib.import_module(f"bench.{module}")
