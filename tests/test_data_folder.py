"""A deployment's own data folder (EXCHANGE_TRACKER_DATA): validated at start, its problems said clearly."""

import shutil
import subprocess
import sys

import pytest
from playwright.sync_api import Page, expect

from tests.browser import open_page
from tests.conftest import ROOT, StreamlitServer
from tests.factories import csv_text, exchange_row


def make_folder(tmp_path, exchanges: str):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "exchanges.csv").write_text(exchanges, encoding="utf-8")
    shutil.copy(ROOT / "data" / "talks.csv", folder / "talks.csv")
    return folder


def check_data(folder) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "exchange_tracker.check_data", str(folder)], cwd=ROOT, capture_output=True, text=True
    )


def test_check_data_passes_the_shipped_folder_and_holds_it_against_the_official_totals():
    result = check_data(ROOT / "data")
    assert "Official running totals:" in result.stdout and "within tolerance" in result.stdout
    assert "unexplained" not in result.stdout
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


def test_check_data_names_each_problem_and_fails(tmp_path):
    folder = make_folder(tmp_path, csv_text([exchange_row(date="2025-13-01", to_ukraine="-4")]))
    result = check_data(folder)
    assert result.returncode == 1
    assert 'exchanges.csv, line 2, column date: "2025-13-01" is not a date in YYYY-MM-DD' in result.stderr
    assert 'line 2, column to_ukraine: "-4" must be a whole number of 0 or more' in result.stderr


def test_check_data_says_which_file_is_missing(tmp_path):
    result = check_data(tmp_path)
    assert result.returncode == 1
    assert "exchanges.csv: is missing from the data folder" in result.stderr


@pytest.mark.browser
def test_a_broken_data_folder_stops_the_app_with_its_problems(page: Page, tmp_path):
    folder = make_folder(tmp_path, csv_text([exchange_row(kind="swap")]))
    server = StreamlitServer(env={"EXCHANGE_TRACKER_DATA": str(folder)})
    try:
        server.wait_until_healthy()
        page.goto(server.url)
        expect(page.get_by_text("The data folder could not be loaded")).to_be_visible(timeout=30_000)
        expect(page.get_by_text('column kind: "swap" must be one of')).to_be_visible()
        expect(page.locator(".js-plotly-plot")).to_have_count(0)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    finally:
        server.stop()


@pytest.mark.browser
def test_a_valid_data_folder_is_served(page: Page, tmp_path):
    folder = make_folder(tmp_path, csv_text([exchange_row(to_ukraine=4321, to_russia=1234, civilians_to_ukraine="")]))
    server = StreamlitServer(env={"EXCHANGE_TRACKER_DATA": str(folder)})
    try:
        server.wait_until_healthy()
        open_page(page, server.url, "overview")
        expect(page.locator(".key-figure", has_text="People to Ukraine")).to_contain_text("4,321")
    finally:
        server.stop()


def test_check_data_read_only_in_part_stops_without_a_traceback():
    """`make check-data | head -1`: the reader stops reading; the report stops quietly."""
    command = f"'{sys.executable}' -m exchange_tracker.check_data data | head -1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.startswith("data: OK.") and result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr, result.stderr
