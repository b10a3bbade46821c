"""In Chromium: four sessions at once on one server each keep their own months, in the address, the charts and
the downloads (the small version of the load test in bench/run.py; correctness only, no timings)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import download_button, no_exception, wait_for_app

pytestmark = pytest.mark.browser

SESSIONS = 4
# A different twelve months per session, each with repatriations of bodies in it.
RANGES = [("2023-01", "2023-12"), ("2023-04", "2024-03"), ("2024-02", "2025-01"), ("2024-07", "2025-06")]
SLIDER = '[data-testid="stSidebar"] [aria-label="Months shown — {thumb}"]'
TIMEOUT = 60_000


def month_add(month: str, count: int) -> str:
    index = int(month[:4]) * 12 + int(month[5:]) - 1 + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def label(first: str, last: str) -> str:
    """As the chart titles say it: 'Jan 2023 – Nov 2023'."""

    def one(month: str) -> str:
        return dt.date(int(month[:4]), int(month[5:]), 1).strftime("%b %Y")

    return f"{one(first)} – {one(last)}"


def expect_titles(page: Page, first: str, last: str) -> None:
    """Every chart on the page names the session's months (waits for the rerun to replace them all)."""
    page.wait_for_function(
        """(label) => {
          const titles = [...document.querySelectorAll('.js-plotly-plot .gtitle')].map((e) => e.textContent);
          return titles.length > 0 && titles.every((t) => t.includes(label));
        }""",
        arg=label(first, last),
        timeout=TIMEOUT,
    )


def test_concurrent_sessions_keep_their_own_months(browser: Browser, app_url: str):
    contexts = [browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True) for _ in RANGES]
    pages = [context.new_page() for context in contexts]
    ranges = list(RANGES)
    try:
        # Each step is started in every session before any is waited for, so the server runs them side by side.
        for page, (first, last) in zip(pages, ranges, strict=True):
            page.goto(f"{app_url}/?from={first}&to={last}", wait_until="commit")
        for page, (first, last) in zip(pages, ranges, strict=True):
            expect_titles(page, first, last)
            wait_for_app(page)

        for page in pages:
            page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Body repatriations").click()
        for page, (first, last) in zip(pages, ranges, strict=True):
            expect(page).to_have_url(re.compile(rf"/bodies\?.*from={first}&to={last}"), timeout=TIMEOUT)
            expect_titles(page, first, last)
            wait_for_app(page)

        for thumb, key, move in (("end", "ArrowLeft", (0, -1)), ("start", "ArrowRight", (1, 0))):
            for page in pages:
                page.locator(SLIDER.format(thumb=thumb)).press(key)
            ranges = [(month_add(first, move[0]), month_add(last, move[1])) for first, last in ranges]
            for page, (first, last) in zip(pages, ranges, strict=True):
                expect_titles(page, first, last)
                wait_for_app(page)

        for page, (first, last) in zip(pages, ranges, strict=True):
            expect(page).to_have_url(re.compile(rf"/bodies\?.*from={first}&to={last}"))
            button = download_button(page, "bodies-repatriated", "csv")
            with page.expect_download(timeout=TIMEOUT) as info:
                button.click()
            download = info.value
            assert download.suggested_filename == f"bodies-repatriated_{first}_{last}.csv"
            rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_bytes().decode("utf-8-sig"))))
            assert rows, f"no rows for {first}..{last}"
            assert all(first <= row["Date"][:7] <= last for row in rows), [row["Date"] for row in rows]
            no_exception(page)
        assert len({tuple(r) for r in ranges}) == SESSIONS
    finally:
        for context in contexts:
            context.close()
