"""A small stand-in for plotly's Figure while a chart is assembled: plain dicts, turned into a Figure once.

plotly.py validates every property through its object model as it is set; for the few hundred properties of a
page's charts that cost about 55 ms per rerun (bench/results.md), while building the same figures from plain
dicts without validation takes about 2 ms. tests/test_figures.py has plotly.py validate every chart of every page
in every language. Supports what figures.py uses: traces, layout updates with plotly's "magic underscore" names
(marker_color -> marker.color), axis updates per row, vertical rectangles and annotations.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go


def json_ready(value: Any) -> Any:
    """Values plotly.js can read: arrays as lists, missing as None, dates as ISO strings."""
    if isinstance(value, np.ndarray) and value.ndim > 1:
        return [json_ready(row) for row in value]
    if isinstance(value, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray, np.ndarray)):
        series = pd.Series(value)
        if pd.api.types.is_datetime64_any_dtype(series):
            return [None if pd.isna(v) else v.isoformat() for v in series]
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            return [None if pd.isna(v) else float(v) if not float(v).is_integer() else int(v) for v in series]
        return [None if (not isinstance(v, (list, np.ndarray)) and pd.isna(v)) else json_ready(v) for v in series]
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    return value


# Property names that contain an underscore themselves, so are not paths.
UNDERSCORED_NAMES = {"plot_bgcolor", "paper_bgcolor", "error_x", "error_y", "error_z"}


def _merge(target: dict, updates: dict) -> dict:
    """Deep-merge `updates` (with magic-underscore names expanded) into `target`."""
    for key, value in updates.items():
        path = [key] if key in UNDERSCORED_NAMES else key.split("_")
        node = target
        for part in path[:-1]:
            node = node.setdefault(part, {})
        leaf = path[-1]
        if isinstance(value, dict) and isinstance(node.get(leaf), dict):
            _merge(node[leaf], value)
        elif isinstance(value, dict):
            node[leaf] = _merge({}, value)
        else:
            node[leaf] = json_ready(value)
    return target


class FigureSpec:
    """Traces and layout as plain dicts; `figure()` gives the plotly Figure (built without re-validation)."""

    def __init__(self, rows: int = 1) -> None:
        self.data: list[dict] = []
        self.layout: dict = {}
        self.rows = rows

    def _axis(self, letter: str, row: int | None) -> str:
        return f"{letter}axis" if not row or row == 1 else f"{letter}axis{row}"

    def add_trace(self, trace_type: str, row: int | None = None, col: int | None = None, **properties: Any) -> None:
        trace = _merge({"type": trace_type}, properties)
        if row and row > 1:
            trace.setdefault("xaxis", f"x{row}")
            trace.setdefault("yaxis", f"y{row}")
        self.data.append(trace)

    def add_bar(self, row: int | None = None, col: int | None = None, **properties: Any) -> None:
        self.add_trace("bar", row, col, **properties)

    def add_scatter(self, row: int | None = None, col: int | None = None, **properties: Any) -> None:
        self.add_trace("scatter", row, col, **properties)

    def update_layout(self, **properties: Any) -> FigureSpec:
        _merge(self.layout, properties)
        return self

    def _axes(self, letter: str, row: int | None) -> list[str]:
        if row:
            return [self._axis(letter, row)]
        return [self._axis(letter, r) for r in range(1, self.rows + 1)]

    def update_xaxes(self, row: int | None = None, col: int | None = None, **properties: Any) -> None:
        for name in self._axes("x", row):
            _merge(self.layout.setdefault(name, {}), properties)

    def update_yaxes(self, row: int | None = None, col: int | None = None, **properties: Any) -> None:
        for name in self._axes("y", row):
            _merge(self.layout.setdefault(name, {}), properties)

    def add_vrect(self, x0: Any, x1: Any, **properties: Any) -> None:
        shape = {"type": "rect", "xref": "x", "yref": "paper", "x0": x0, "x1": x1, "y0": 0, "y1": 1, "layer": "below"}
        self.layout.setdefault("shapes", []).append(_merge(shape, properties))

    def add_annotation(self, **properties: Any) -> None:
        self.layout.setdefault("annotations", []).append(_merge({}, properties))

    def figure(self) -> go.Figure:
        return go.Figure({"data": self.data, "layout": self.layout}, _validate=False)
