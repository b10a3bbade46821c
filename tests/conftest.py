"""Shared fixtures: a real Streamlit server, Playwright on the system Chromium, AppTest and screenshot helpers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# The server and Chromium helpers are shared with the benchmarks; imported here so `tests.conftest.X` keeps working.
from support.browser import CHROMIUM_FLAGS, CHROMIUM_MISSING, chromium_executable
from support.servers import ROOT, StreamlitServer, free_port, streamlit_servers

__all__ = ["CHROMIUM_FLAGS", "ROOT", "StreamlitServer", "free_port", "save_screenshot"]
SCREENSHOTS = ROOT / "tests" / "screenshots"


@pytest.fixture(scope="session")
def app_server() -> Iterator[StreamlitServer]:
    """The app on the shipped data, for the whole test session."""
    with streamlit_servers("app.py") as (server,):
        yield server


@pytest.fixture(scope="session")
def app_url(app_server: StreamlitServer) -> str:
    return app_server.url


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of the system Chromium; a missing browser fails under CI=true and skips elsewhere."""
    executable = chromium_executable()  # the same lookup the app's PNG/SVG export uses
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail(CHROMIUM_MISSING)
        pytest.skip(CHROMIUM_MISSING)
    return executable


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, chromium: str) -> dict:
    """Playwright on Debian's Chromium: `playwright install` cannot download browsers here."""
    return {**browser_type_launch_args, "executable_path": chromium, "args": CHROMIUM_FLAGS}


@pytest.fixture
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1366, "height": 900}, "accept_downloads": True}


def save_screenshot(page, name: str) -> Path:
    """Save a screenshot of the whole page under tests/screenshots/ (to look at; not compared).

    Streamlit scrolls inside its main block, so the viewport is made as tall as the content for the shot.
    """
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    viewport = page.viewport_size
    height = page.evaluate(
        "() => (document.querySelector('[data-testid=\"stMainBlockContainer\"]') || document.body).scrollHeight"
    )
    page.set_viewport_size({"width": viewport["width"], "height": min(max(height + 150, viewport["height"]), 8000)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path))
    page.set_viewport_size(viewport)
    return path
