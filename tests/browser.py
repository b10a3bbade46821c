"""Browser helpers for the tests; they live in `support.browser`, shared with the benchmarks."""

from support.browser import (
    PAGE_PATHS,
    download_button,
    nav_link,
    no_exception,
    open_page,
    wait_for_app,
    wait_for_charts,
)

__all__ = [
    "PAGE_PATHS",
    "download_button",
    "nav_link",
    "no_exception",
    "open_page",
    "wait_for_app",
    "wait_for_charts",
]
