"""AppTest helpers for the tests; they live in `support.apptest`, shared with the benchmarks."""

from support.apptest import PAGE_FILES, ROOT, chart_titles, charts, metrics, month_slider, query, run_app, values

# The charts each page draws with its default filters (the embed page draws one only when asked for one).
CHARTS_PER_PAGE = {
    "overview": 1, "prisoners": 4, "bodies": 4, "talks": 1, "sources": 0, "completeness": 3, "upload": 0, "embed": 0
}  # fmt: skip
CHART_PAGES = {name: count for name, count in CHARTS_PER_PAGE.items() if count}

__all__ = [
    "CHARTS_PER_PAGE",
    "CHART_PAGES",
    "PAGE_FILES",
    "ROOT",
    "chart_titles",
    "charts",
    "metrics",
    "month_slider",
    "query",
    "run_app",
    "values",
]
