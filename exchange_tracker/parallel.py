"""Two worker threads for the column work of large tables (the loader's checks, the headline's columns).

pyarrow's kernels and numpy's sorts let go of the GIL, so work on different columns runs side by side: at a
million rows this takes a fifth off loading and working out the headline (bench/results.md, Scale). Two, as the
machines the app runs on have two cores or more. The threads start on first use and are reused; a job runs in a
copy of its caller's context, so it speaks the reader's language (`i18n` keeps it in a context variable).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

_WORKERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="exchange-tracker")


def in_background(function: Callable[..., Any], *args: Any) -> Future:
    """`function(*args)` on a worker thread; `.result()` gives its value or raises its exception.

    Callers must not be worker jobs themselves (a job waiting on jobs could wait forever)."""
    return _WORKERS.submit(contextvars.copy_context().run, function, *args)
