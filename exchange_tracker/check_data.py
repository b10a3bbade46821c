"""`python -m exchange_tracker.check_data [FOLDER]`: validate a data folder, line by line, and hold its running
totals against the official ones (official_totals.csv)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pandas as pd

from exchange_tracker import completeness, i18n
from exchange_tracker.errors import DataError
from exchange_tracker.loading import SHIPPED_DATA, load_folder
from exchange_tracker.transforms import headline_events


def totals_report(comparison: pd.DataFrame) -> list[str]:
    """The official totals against the data's own running totals, in lines for a terminal."""
    if comparison.empty:
        return ["No official_totals.csv: nothing to hold the running totals against."]
    held = comparison[comparison["checked"].notna()]
    lines = [
        f"Official running totals: {len(comparison)}; held against the data (same scope, exact): {len(held)}, "
        f"within tolerance: {int(held['within'].eq(True).sum())}.",
        "",
        f"{'date':<10}  {'measure':<36} {'official':>9} {'data':>9} {'diff':>7} {'share':>7}  assessment",
    ]
    for row in comparison.to_dict("records"):
        if pd.isna(row["dataset"]):
            continue
        if isinstance(row["scope_difference"], str):
            verdict = f"other scope: {row['scope_difference']}"
        elif row["bound"] == "lower":
            verdict = "lower bound: " + ("reached" if row["dataset"] >= row["value"] else "NOT REACHED")
        elif row["measure"] in completeness.NOT_HELD:
            verdict = f"not held: {completeness.NOT_HELD[row['measure']]}"
        elif pd.isna(row["checked"]):
            verdict = "not held: before the counts are comparable (bodies: from September 2023)"
        elif row["within"]:
            verdict = "within tolerance"
        elif isinstance(row["known_gap"], str):
            verdict = f"KNOWN GAP: {row['known_gap']}"
        else:
            verdict = "OUTSIDE TOLERANCE, unexplained"
        lines.append(
            f"{row['date']:%Y-%m-%d}  {row['measure']:<36} {row['value']:>9,} {row['dataset']:>9,} "
            f"{row['difference']:>+7,} {row['share']:>+7.1%}  {verdict}"
        )
    return lines


def main(argv: list[str]) -> int:
    # Problems in the terminal's language (LANG=uk_UA.UTF-8 gives Ukrainian), as the upload page gives them.
    i18n.set_language(i18n.language_from(None, os.environ.get("LANG"))[0])
    folder = Path(argv[0]) if argv else SHIPPED_DATA
    try:
        dataset = load_folder(folder, today=dt.date.today())
    except DataError as err:
        print(f"{folder}: {len(err.problems)} problem(s)\n{err.summary(limit=200)}", file=sys.stderr)
        return 1
    events = headline_events(dataset.exchanges)
    print(
        f"{folder}: OK. {len(dataset.exchanges)} rows of exchanges ({len(events)} handovers, "
        f"{int(events['disputed'].sum())} with differing claims), {len(dataset.talks)} rows of talks, "
        f"{len(dataset.official_totals)} official totals; data as of {dataset.as_of.isoformat()}."
    )
    comparison = completeness.compare(dataset.official_totals, events, dataset.exchanges)
    print("\n".join(["", *totals_report(comparison)]))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # the report piped into `head` or a pager that stopped reading: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
