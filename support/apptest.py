"""AppTest helpers: run the app (or one page) with query parameters, read charts and metrics by key."""

from __future__ import annotations

import html
import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from exchange_tracker.page_registry import PAGES

ROOT = Path(__file__).resolve().parent.parent
PAGE_FILES = {page.name: page.file for page in PAGES}


def run_app(query: dict[str, str] | None = None, page: str | None = None, timeout: float = 60) -> AppTest:
    """The first page (`app.py`) or, when `page` is given, that page switched to; query params set first.

    `AppTest.switch_page` runs the page through the entrypoint, as a page link in the browser does.
    """
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.run()
    if page and PAGE_FILES[page] != "app.py":
        app.switch_page(PAGE_FILES[page]).run()
    return app


def charts(app: AppTest) -> list[dict]:
    """The Plotly figures on the page, as JSON."""
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def chart_titles(app: AppTest) -> list[str]:
    return [figure["layout"]["title"]["text"] for figure in charts(app)]


def metrics(app: AppTest) -> dict[str, str]:
    """The key figures shown (label -> value as shown), read from the overview's key-figures block."""
    import re

    bodies = [element.proto.body for element in app.get("html") if "key-figures" in element.proto.body]
    pairs = re.findall(r"<dt[^>]*>(.*?)</dt><dd class=\"key-figure-value\"[^>]*>(.*?)</dd>", "".join(bodies))
    return {html.unescape(label): html.unescape(value) for label, value in pairs}


def month_slider(app: AppTest):
    """The sidebar month slider (its key carries a version that changes with quick ranges)."""
    return next(s for s in app.select_slider if str(s.key).startswith("filters.months"))


def query(app: AppTest) -> dict[str, str]:
    return {key: app.query_params[key] for key in app.query_params}


def values(field) -> list:
    """A trace's x or y as a list (Plotly may encode arrays as base64 typed arrays in JSON)."""
    if isinstance(field, dict) and "bdata" in field:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(field["bdata"]), dtype=field["dtype"]).tolist()
    return list(field)
