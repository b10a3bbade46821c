"""The figures data/README.md states about the data (rows, events and sources per year), generated from the data.

`python -m exchange_tracker.data_docs` rewrites the block between the README's `<!-- counts:start -->` and
`<!-- counts:end -->` markers; tests/test_data_docs.py fails when the block is not what the data gives, so the
documentation cannot drift from the data.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pandas as pd

from exchange_tracker.loading import SHIPPED_DATA, Dataset, load_folder
from exchange_tracker.transforms import headline_events
from exchange_tracker.wording import dispute_in_words

START, END = "<!-- counts:start -->", "<!-- counts:end -->"
KINDS = ("prisoner_exchange", "civilian_return", "body_repatriation")


def counts_block(dataset: Dataset) -> str:
    """Markdown: the rows, events and sources of the dataset, and a table per year and kind."""
    exchanges, talks, totals = dataset.exchanges, dataset.talks, dataset.official_totals
    events = headline_events(exchanges)
    urls = pd.concat([exchanges["source_url"], talks["source_url"], totals["source_url"]]).nunique()
    publishers = pd.concat([exchanges["source_publisher"], talks["source_publisher"], totals["source_publisher"]])
    scope_totals = int((exchanges["scope"] == "total").sum())
    lines = [
        f"- {len(exchanges)} rows of exchanges ({len(events)} handovers, and {scope_totals} rows of a side's total "
        f"over several handovers), {len(talks)} rows of talks and {len(totals)} official running totals, citing "
        f"{urls} distinct reports from {publishers.nunique()} publishers.",
        f"- The latest handover recorded is of {events['date'].max():%-d %B %Y}.",
        "",
        "| year | prisoner exchanges | civilian returns | body repatriations | rows in all |",
        "| --- | --- | --- | --- | --- |",
    ]
    year_of_event, year_of_row = events["date"].dt.year, exchanges["date"].dt.year
    for year in sorted(year_of_row.unique()):
        cells = []
        for kind in KINDS:
            n_events = int(((year_of_event == year) & (events["kind"] == kind)).sum())
            n_rows = int(((year_of_row == year) & (exchanges["kind"] == kind)).sum())
            cells.append(f"{_count(n_events, 'event')} ({_count(n_rows, 'row')})")
        lines.append(f"| {year} | {' | '.join(cells)} | {int((year_of_row == year).sum())} |")
    lines += ["", "Handovers whose claims differ (each side's own count is the headline; every claim is a row):", ""]
    lines += ["| handover | claims |", "| --- | --- |"]
    for event in events[events["disputed"]].to_dict("records"):
        lines.append(f"| {event['event_id']} | {dispute_in_words(event['dispute'])} |")
    return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def with_counts(readme: str, dataset: Dataset) -> str:
    """The README text with its counts block made anew."""
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(readme):
        raise ValueError(f"data/README.md has no {START} ... {END} block")
    return pattern.sub(lambda _match: f"{START}\n{counts_block(dataset)}\n{END}", readme)


def main(folder: Path = SHIPPED_DATA) -> int:
    readme = folder / "README.md"
    dataset = load_folder(folder, today=dt.date.today())
    readme.write_text(with_counts(readme.read_text(encoding="utf-8"), dataset), encoding="utf-8")
    print(f"{readme}: counts written")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else SHIPPED_DATA))
