"""Downloads: images carry their provenance, CSVs are spreadsheet-safe, concurrent exports do not mix."""

import csv
import io
import xml.etree.ElementTree as ET
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import plotly.graph_objects as go
import pytest

from exchange_tracker import export, figures
from exchange_tracker.loading import SHIPPED_DATA
from tests.test_figures import CHARTS, CONTEXT, MONTHS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_formula_cells_are_neutralised_and_other_text_kept():
    frame = pd.DataFrame(
        {
            "notes": ['=HYPERLINK("https://evil","x")', "+1", "-2", "@SUM(A1)", "Обмін полоненими", None],
            "count": [1, 2, 3, 4, 5, 6],
        }
    )
    rows = list(csv.reader(io.StringIO(export.csv_bytes(frame).decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [
        '\'=HYPERLINK("https://evil","x")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "Обмін полоненими",
        "",
    ]
    assert [r[1] for r in rows[1:]] == ["1", "2", "3", "4", "5", "6"]


def test_csv_is_utf8_with_a_byte_order_mark_for_excel():
    data = export.csv_bytes(pd.DataFrame({"publisher": ["Українська правда", "ТАСС"]}))
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Українська правда" in data.decode("utf-8-sig")


def test_csv_dates_are_plain_days():
    data = export.csv_bytes(pd.DataFrame({"date": pd.to_datetime(["2025-05-23"])}))
    assert data.decode("utf-8-sig").splitlines()[1] == "2025-05-23"


def test_html_is_standalone_and_names_the_camera_file():
    chart = CHARTS["people-returned-monthly"]
    html = export.figure_html(chart.figure, chart.file_stem(MONTHS), f"{chart.title}, {MONTHS.label}").decode()
    assert '<html lang="en">' in html and "Plotly.newPlot" in html
    assert f'"filename": "{chart.file_stem(MONTHS)}"' in html
    assert f"<title>{chart.title}, {MONTHS.label}</title>" in html


def test_html_says_its_language():
    chart = CHARTS["people-returned-monthly"]
    html = export.figure_html(chart.figure, "stem", "Назва", language="uk").decode()
    assert '<html lang="uk">' in html and "<title>Назва</title>" in html


def test_data_package_zip_holds_data_documentation_and_licence():
    names = zipfile.ZipFile(io.BytesIO(export.data_package_zip(SHIPPED_DATA))).namelist()
    for name in ("exchanges.csv", "talks.csv", "README.md", "datapackage.json", "LICENSE-DATA.md"):
        assert f"exchange-tracker-data/{name}" in names


def test_data_package_zip_can_swap_in_uploaded_files():
    archive = zipfile.ZipFile(io.BytesIO(export.data_package_zip(SHIPPED_DATA, replace={"exchanges.csv": b"mine"})))
    assert archive.read("exchange-tracker-data/exchanges.csv") == b"mine"
    assert archive.namelist().count("exchange-tracker-data/exchanges.csv") == 1


needs_chromium = pytest.mark.usefixtures("chromium")


@needs_chromium
def test_png_is_a_2x_image_of_the_chart():
    png = export.figure_image(CHARTS["people-returned-monthly"].figure, "png")
    assert png.startswith(PNG_SIGNATURE)
    width = int.from_bytes(png[16:20], "big")
    assert width == export.EXPORT_WIDTH * 2


@needs_chromium
def test_svg_carries_title_months_source_and_link():
    chart = CHARTS["bodies-repatriated"]
    svg = export.figure_image(chart.figure, "svg").decode()
    ET.fromstring(svg)  # well-formed
    # The title and the link are written on lines that fit a phone, each line its own SVG text.
    for text in (
        *figures.wrap(chart.title, figures.TITLE_LINE),
        MONTHS.label,
        "Source: Reuters, TASS · Exchange Tracker",
        *(part.replace("&", "&amp;") for part in figures.wrap_link(CONTEXT.link, figures.FOOTER_LINE)),
    ):
        assert text in svg, text


@needs_chromium
def test_eight_threads_exporting_eight_figures_each_get_their_own_image():
    figures = [
        go.Figure(go.Bar(x=[1, 2], y=[i, 8 - i]), layout={"title": {"text": f"figure number {i}"}}) for i in range(8)
    ]
    with ThreadPoolExecutor(max_workers=8) as pool:
        svgs = list(pool.map(lambda f: export.figure_image(f, "svg").decode(), figures))
    for i, svg in enumerate(svgs):
        assert f"figure number {i}" in svg
        assert all(f"figure number {j}" not in svg for j in range(8) if j != i)


def test_the_html_download_says_about_its_size():
    """The button's label gives the size: plotly.js inlined (so that the file opens offline) is nearly all of it."""
    size = len(export.figure_html(CHARTS["bodies-ratio"].figure, "x")) / 1_000_000
    assert abs(export.html_megabytes() - size) < 0.2
