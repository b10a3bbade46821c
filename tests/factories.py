"""Tiny inline data for tests: rows of exchanges.csv and talks.csv as dicts, and frames built from them."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd

from exchange_tracker.loading import read_table
from exchange_tracker.schema import EXCHANGES, TALKS

TODAY = dt.date(2026, 11, 25)


def exchange_row(**overrides) -> dict[str, str]:
    """A valid row of exchanges.csv (a 2024-01-03 UAE-mediated swap claimed by both sides)."""
    row = {
        "event_id": "2024-01-03-prisoners",
        "date": "2024-01-03",
        "kind": "prisoner_exchange",
        "to_ukraine": "230",
        "to_russia": "248",
        "civilians_to_ukraine": "6",
        "civilians_to_russia": "",
        "outside_exchange_to_ukraine": "",
        "mediator": "UAE",
        "series": "",
        "scope": "handover",
        "claimed_by": "both",
        "source_url": "https://www.example.org/swap",
        "source_publisher": "Example News",
        "notes": "test row",
    }
    return {**row, **{k: str(v) for k, v in overrides.items()}}


def talks_row(**overrides) -> dict[str, str]:
    """A valid row of talks.csv (a one-day round)."""
    row = {
        "talks_id": "istanbul-2025-1",
        "start_date": "2025-05-16",
        "end_date": "",
        "kind": "round",
        "status": "",
        "title": "First Istanbul round",
        "location": "Istanbul, Turkey",
        "mediators": "Turkey",
        "agreed": "exchange 1,000 prisoners for 1,000",
        "source_url": "https://www.example.org/talks",
        "source_publisher": "Example News",
    }
    return {**row, **{k: str(v) for k, v in overrides.items()}}


def csv_text(rows: list[dict[str, str]], columns: list[str] | None = None, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns or list(rows[0]), delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def exchanges_frame(*rows: dict[str, str]) -> pd.DataFrame:
    """A validated exchanges frame from rows (as the loader would build it)."""
    return read_table(csv_text(list(rows)).encode(), EXCHANGES, TODAY)


def talks_frame(*rows: dict[str, str]) -> pd.DataFrame:
    return read_table(csv_text(list(rows)).encode(), TALKS, TODAY)
