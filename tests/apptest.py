"""AppTest helpers for the tests; they live in `support.apptest`, shared with the benchmarks."""

from support.apptest import PAGE_FILES, ROOT, chart_titles, charts, metrics, month_slider, query, run_app, values

__all__ = ["PAGE_FILES", "ROOT", "chart_titles", "charts", "metrics", "month_slider", "query", "run_app", "values"]
