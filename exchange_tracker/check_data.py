"""`python -m exchange_tracker.check_data [FOLDER]`: validate a data folder and say what is wrong, line by line."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from exchange_tracker.errors import DataError
from exchange_tracker.loading import SHIPPED_DATA, load_folder
from exchange_tracker.transforms import headline_events


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else SHIPPED_DATA
    try:
        dataset = load_folder(folder, today=dt.date.today())
    except DataError as err:
        print(f"{folder}: {len(err.problems)} problem(s)\n{err.summary(limit=200)}", file=sys.stderr)
        return 1
    events = headline_events(dataset.exchanges)
    print(
        f"{folder}: OK. {len(dataset.exchanges)} rows of exchanges ({len(events)} handovers, "
        f"{int(events['disputed'].sum())} with differing claims), {len(dataset.talks)} rows of talks; "
        f"data as of {dataset.as_of.isoformat()}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
