"""Files people download: chart images (kaleido), standalone HTML, spreadsheet-safe CSV, the data package zip."""

from __future__ import annotations

import functools
import html
import io
import shutil
import threading
import zipfile
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from exchange_tracker.i18n import N_

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXPORT_WIDTH = 1100
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
CHROMIUM_MISSING = N_(
    "PNG and SVG need Chromium, which is not installed on this server. "
    "Install it (Debian/Ubuntu: `apt-get install chromium`; macOS: `brew install --cask chromium`) and restart. "
    "HTML and CSV downloads work without it."
)

# kaleido's sync server keeps one browser alive, but concurrent callers can receive each other's images.
_kaleido_lock = threading.Lock()
_kaleido_started = False


def chromium_path() -> str | None:
    """The Chromium kaleido will drive, if one is on PATH."""
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def figure_image(figure: go.Figure, image_format: str, scale: float = 2) -> bytes:
    """PNG or SVG bytes of `figure`, rendered by one long-lived browser, one caller at a time."""
    global _kaleido_started
    import kaleido  # imported here so that pages load without paying for it

    height = figure.layout.height or 460
    options = {"format": image_format, "width": EXPORT_WIDTH, "height": height, "scale": scale}
    with _kaleido_lock:
        if not _kaleido_started:
            kaleido.start_sync_server(silence_warnings=True)
            _kaleido_started = True
        return kaleido.calc_fig_sync(figure, opts=options)


def figure_html(
    figure: go.Figure, file_stem: str, title: str = "Exchange Tracker chart", language: str = "en"
) -> bytes:
    """A standalone interactive HTML page of the figure (plotly.js inlined, so it works offline), in `language`."""
    config = {"toImageButtonOptions": {"format": "png", "filename": file_stem, "scale": 2}, "displaylogo": False}
    page = figure.to_html(full_html=True, include_plotlyjs=True, config=config)
    page = page.replace("<html>", f'<html lang="{html.escape(language)}">', 1)
    return page.replace("<head>", f"<head>\n    <title>{html.escape(title)}</title>", 1).encode("utf-8")


@functools.cache
def html_megabytes() -> float:
    """About how large each interactive HTML download is (MB): plotly.js inside it is nearly all of it."""
    from plotly.offline import get_plotlyjs

    return (len(get_plotlyjs().encode("utf-8")) + 100_000) / 1_000_000


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula, prefixed with an apostrophe."""
    text_columns = [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c]) or frame[c].dtype == object]
    if not text_columns:
        return frame

    def neutral(values: pd.Series) -> pd.Series:
        text = values.astype("str")
        risky = text.str.startswith(FORMULA_PREFIXES) & values.notna()
        return text.where(~risky, "'" + text).where(values.notna())

    return frame.assign(**{c: neutral(frame[c]) for c in text_columns})


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for spreadsheets: UTF-8 with a byte-order mark (Excel then reads Cyrillic right), formulas neutralised."""
    safe = neutralise_formulas(frame)
    for column in safe.columns:
        if pd.api.types.is_datetime64_any_dtype(safe[column]):
            safe[column] = safe[column].dt.strftime("%Y-%m-%d")
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def data_package_zip(folder: Path, replace: dict[str, bytes] | None = None) -> bytes:
    """A zip of the data folder's CSVs, README, datapackage.json and licence; `replace` swaps in files by name."""
    replace = replace or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(Path(folder).iterdir()):
            documented = path.suffix in {".csv", ".md", ".json"} or path.name.startswith("LICENSE")
            if path.is_file() and documented and path.name not in replace:
                archive.write(path, arcname=f"exchange-tracker-data/{path.name}")
        for name, content in replace.items():
            archive.writestr(f"exchange-tracker-data/{name}", content)
    return buffer.getvalue()
