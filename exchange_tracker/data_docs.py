"""The figures data/README.md states about the data (rows, events and sources per year), generated from the data.

`python -m exchange_tracker.data_docs` rewrites the block between the `<!-- counts:start -->` and
`<!-- counts:end -->` markers of each language's README (`README.md`, `README.uk.md`); tests/test_data_docs.py
fails when a block is not what the data gives, so the documentation cannot drift from the data.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pandas as pd

from exchange_tracker.i18n import LANGUAGES, _, format_date, format_number, ngettext, use_language
from exchange_tracker.loading import SHIPPED_DATA, Dataset, load_folder
from exchange_tracker.transforms import headline_events
from exchange_tracker.wording import dispute_in_words

START, END = "<!-- counts:start -->", "<!-- counts:end -->"
KINDS = ("prisoner_exchange", "civilian_return", "body_repatriation")


def counts_block(dataset: Dataset) -> str:
    """Markdown, in the current language: the rows, events and sources of the dataset, a table per year and kind,
    and the handovers whose claims differ."""
    exchanges, talks, totals = dataset.exchanges, dataset.talks, dataset.official_totals
    events = headline_events(exchanges)
    urls = pd.concat([exchanges["source_url"], talks["source_url"], totals["source_url"]]).nunique()
    publishers = pd.concat([exchanges["source_publisher"], talks["source_publisher"], totals["source_publisher"]])
    lines = [
        "- "
        + _(
            "{exchanges} rows of exchanges ({handovers} handovers, and {totals} rows of a side's total over several "
            "handovers), {talks} rows of talks and {official} official running totals, citing {urls} distinct "
            "reports from {publishers} publishers."
        ).format(
            exchanges=format_number(len(exchanges)),
            handovers=format_number(len(events)),
            totals=format_number(int((exchanges["scope"] == "total").sum())),
            talks=format_number(len(talks)),
            official=format_number(len(totals)),
            urls=format_number(urls),
            publishers=format_number(publishers.nunique()),
        ),
        "- " + _("The latest handover recorded is of {date}.").format(date=format_date(events["date"].max().date())),
        "",
        "| {} |".format(
            " | ".join(
                [_("year"), _("prisoner exchanges"), _("civilian returns"), _("body repatriations"), _("rows in all")]
            )
        ),
        "| --- | --- | --- | --- | --- |",
    ]
    year_of_event, year_of_row = events["date"].dt.year, exchanges["date"].dt.year
    for year in sorted(year_of_row.unique()):
        cells = []
        for kind in KINDS:
            n_events = int(((year_of_event == year) & (events["kind"] == kind)).sum())
            n_rows = int(((year_of_row == year) & (exchanges["kind"] == kind)).sum())
            cells.append(
                ngettext("{count} event", "{count} events", n_events).format(count=n_events)
                + " ("
                + ngettext("{count} row", "{count} rows", n_rows).format(count=n_rows)
                + ")"
            )
        lines.append(f"| {year} | {' | '.join(cells)} | {int((year_of_row == year).sum())} |")
    lines += ["", _("Handovers whose claims differ (each side's own count is the headline; every claim is a row):"), ""]
    handover, claims = _("handover"), _("claims")
    lines += [f"| {handover} | {claims} |", "| --- | --- |"]
    for event in events[events["disputed"]].to_dict("records"):
        lines.append(f"| {event['event_id']} | {dispute_in_words(event['dispute'])} |")
    return "\n".join(lines)


def readme_path(folder: Path, language: str) -> Path:
    """The data documentation in `language`: README.md (English) or README.<language>.md."""
    return folder / ("README.md" if language == "en" else f"README.{language}.md")


def with_counts(readme: str, dataset: Dataset) -> str:
    """The README text with its counts block made anew."""
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(readme):
        raise ValueError(f"data/README.md has no {START} ... {END} block")
    return pattern.sub(lambda _match: f"{START}\n{counts_block(dataset)}\n{END}", readme)


def main(folder: Path = SHIPPED_DATA) -> int:
    dataset = load_folder(folder, today=dt.date.today())
    for language in LANGUAGES:
        readme = readme_path(folder, language)
        if readme.exists():
            with use_language(language):
                readme.write_text(with_counts(readme.read_text(encoding="utf-8"), dataset), encoding="utf-8")
            print(f"{readme}: counts written")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else SHIPPED_DATA))
