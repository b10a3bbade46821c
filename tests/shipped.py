"""The shipped dataset, loaded once for the tests, on a fixed day (tests must not depend on today's date)."""

from __future__ import annotations

import datetime as dt

from exchange_tracker.loading import SHIPPED_DATA, load_folder
from exchange_tracker.transforms import headline_events

# After every date in the data; a row dated later than this fails the loader's "on or before today" check, which
# then says so (move this day forward with the data).
FIXED_TODAY = dt.date(2026, 11, 30)
SHIPPED = load_folder(SHIPPED_DATA, today=FIXED_TODAY, origin="shipped")
EVENTS = headline_events(SHIPPED.exchanges)
