"""In Chromium: each page's chart downloads (PNG, SVG, HTML, CSV) are the chart the reader sees, with provenance."""

import csv
import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from exchange_tracker.figures import TITLE_LINE, wrap
from tests.browser import download_button, open_page, wait_for_charts

pytestmark = pytest.mark.browser

MONTHS = "from=2025-05&to=2025-08"
LABEL = "May 2025 – Aug 2025"
# (page, chart slug, what its title says)
CHARTS = [
    ("overview", "people-returned-monthly", "People returned in exchanges, per month"),
    ("prisoners", "prisoners-per-exchange", "People received by each side, per handover"),
    ("bodies", "bodies-repatriated", "Bodies received by each side, per handover"),
    ("talks", "talks-timeline", "Status of talks, rounds, and people exchanged"),
]


def download(page: Page, slug: str, file_format: str) -> tuple[str, bytes]:
    """Click the chart's download button for `file_format`; the suggested file name and the bytes."""
    button = download_button(page, slug, file_format)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


@pytest.mark.parametrize(("name", "slug", "title"), CHARTS, ids=[c[0] for c in CHARTS])
def test_chart_downloads_carry_the_view(page: Page, app_url: str, name, slug, title):
    stem = f"{slug}_2025-05_2025-08"
    open_page(page, app_url, name, MONTHS)
    wait_for_charts(page, 1)

    file_name, png = download(page, slug, "png")
    assert file_name == f"{stem}.png"
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000
    assert int.from_bytes(png[16:20], "big") >= 2000  # 2x scale

    file_name, svg = download(page, slug, "svg")
    assert file_name == f"{stem}.svg"
    text = svg.decode()
    ET.fromstring(text)
    # The title is written on lines that fit a phone, each its own text line in the SVG.
    title_lines = wrap(title, TITLE_LINE)
    for expected in (*title_lines, LABEL, "Exchange Tracker", "Source:", f"?{MONTHS.replace('&', '&amp;')}"):
        assert expected in text, expected

    file_name, html = download(page, slug, "html")
    assert file_name == f"{stem}.html"
    assert b"Plotly.newPlot" in html and title.encode() in html

    file_name, data = download(page, slug, "csv")
    assert file_name == f"{stem}.csv"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows, "the CSV has the chart's rows"
    first_column = next(iter(rows[0]))
    if first_column in ("Month", "Date", "From"):
        assert all(r[first_column][:7] >= "2025-05" or r[first_column] == "" for r in rows)


def test_csv_equals_what_the_chart_draws(page: Page, app_url: str):
    open_page(page, app_url, "bodies", MONTHS)
    wait_for_charts(page, 4)
    _, data = download(page, "bodies-repatriated", "csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    drawn = page.locator(".st-key-chart-bodies-repatriated .js-plotly-plot").evaluate(
        """gd => {
            const bars = gd._fullData.filter(t => t.name === 'To Ukraine')[0];
            return {x: Array.from(bars.x), y: Array.from(bars.y)};
        }"""
    )
    assert [r["Event"] for r in rows] == drawn["x"]  # one slot per handover, by its event id
    assert [float(r["Bodies to Ukraine"]) if r["Bodies to Ukraine"] else None for r in rows] == drawn["y"]


def test_the_camera_button_uses_the_same_file_name(page: Page, app_url: str):
    open_page(page, app_url, "bodies", MONTHS)
    wait_for_charts(page, 1)
    chart = page.locator(".st-key-chart-bodies-repatriated .js-plotly-plot")
    expect(chart).to_be_visible()
    options = chart.evaluate("gd => gd._context.toImageButtonOptions")
    assert options == {"format": "png", "filename": "bodies-repatriated_2025-05_2025-08", "scale": 2}


def test_sources_page_offers_filtered_csv_and_the_data_package(page: Page, app_url: str):
    open_page(page, app_url, "sources", MONTHS)
    with page.expect_download() as info:
        page.get_by_role("button", name="Filtered data (CSV)").click()
    assert info.value.suggested_filename == "exchange-tracker-data_2025-05_2025-08.csv"
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows and all("2025-05" <= r["Date"][:7] <= "2025-08" for r in rows)
    assert all(r["Source"].startswith("https://") for r in rows)
    with page.expect_download() as info:
        page.get_by_role("button", name="All data with documentation and licence (zip)").click()
    names = zipfile.ZipFile(info.value.path()).namelist()
    assert "exchange-tracker-data/LICENSE-DATA.md" in names and "exchange-tracker-data/exchanges.csv" in names
