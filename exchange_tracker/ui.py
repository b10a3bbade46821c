"""The one module of the package that touches Streamlit: cached loading, the shared filters, chart rendering.

Pages call `page_setup()` first. It works whether the page runs under `app.py`'s navigation or alone
(as `AppTest.switch_page` runs it): the month range lives in session state and in the URL (`from`, `to`).
"""

from __future__ import annotations

import datetime as dt
import html
import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from exchange_tracker import export
from exchange_tracker.errors import DataError
from exchange_tracker.figures import Chart, ChartContext, publishers_by_use
from exchange_tracker.loading import SHIPPED_DATA, Dataset, load_folder
from exchange_tracker.months import FIRST_MONTH, MonthRange, month_label, month_of, presets, range_from_params
from exchange_tracker.streamlit_fixes import tie_built_downloads_to_their_session
from exchange_tracker.transforms import MonthlyIndex, headline_events

tie_built_downloads_to_their_session()

DATA_FOLDER_VARIABLE = "EXCHANGE_TRACKER_DATA"
PUBLIC_URL_VARIABLE = "EXCHANGE_TRACKER_URL"
DEFAULT_PUBLIC_URL = "http://localhost:8501"
UPLOAD_STATE = "upload.dataset"
UPLOAD_FILES = "upload.files"  # the uploaded bytes by file name, for the data zip


@dataclass(frozen=True)
class LoadedData:
    """A dataset with its headline events (one row per handover) and their monthly sums, computed once per dataset."""

    dataset: Dataset
    events: pd.DataFrame
    monthly: MonthlyIndex

    @property
    def available(self) -> MonthRange:
        last = max(self.dataset.as_of, self.events["date"].max().date() if len(self.events) else self.dataset.as_of)
        return MonthRange(FIRST_MONTH, max(month_of(last), FIRST_MONTH))


def data_folder() -> Path:
    """The folder the app serves: $EXCHANGE_TRACKER_DATA if set, else the shipped data/."""
    configured = os.environ.get(DATA_FOLDER_VARIABLE)
    return Path(configured) if configured else SHIPPED_DATA


def prepare(dataset: Dataset) -> LoadedData:
    """The dataset, its headline events and their monthly sums."""
    events = headline_events(dataset.exchanges)
    return LoadedData(dataset=dataset, events=events, monthly=MonthlyIndex.of(events))


# A resource, not st.cache_data: cache_data would unpickle a copy of the whole dataset on every rerun of every
# session (about 1 ms on the shipped data, seconds at a million rows). Pages only read it (pandas copy-on-write
# keeps derived frames apart, and tests/test_pages.py checks that the shared frames are unchanged after every page).
@st.cache_resource(show_spinner=False, max_entries=4)
def _load_folder_cached(folder: str, modified: tuple[float, ...], today: dt.date) -> LoadedData:
    # `modified` is part of the cache key: an edited file is read again.
    origin = "shipped" if Path(folder) == SHIPPED_DATA else folder
    return prepare(load_folder(Path(folder), today=today, origin=origin))


def deployment_data() -> LoadedData:
    """The served data folder, validated once per change of its files (cached across sessions)."""
    folder = data_folder()
    modified = tuple(p.stat().st_mtime for p in sorted(folder.glob("*.csv")))
    return _load_folder_cached(str(folder), modified, dt.date.today())


def use_upload(data: LoadedData, files: dict[str, bytes]) -> None:
    """Show `data` on every page, for this browser session only."""
    st.session_state[UPLOAD_STATE] = data
    st.session_state[UPLOAD_FILES] = files


def forget_upload() -> None:
    """Back to the published data."""
    st.session_state.pop(UPLOAD_STATE, None)
    st.session_state.pop(UPLOAD_FILES, None)


def current_data() -> LoadedData:
    """This session's data: its upload if it made one, else the deployment's data."""
    return st.session_state.get(UPLOAD_STATE) or deployment_data()


# --- the shared month filter -------------------------------------------------------------------------------

_RANGE = "filters.range"  # the selection, kept across page switches (not a widget key)
_SLIDER = "filters.months"  # the slider's key is this plus a version, bumped when a quick range is chosen
_VERSION = "filters.version"
_PRESET = "filters.preset"
_NOTICE = "filters.notice"


def _apply_preset(named: dict[str, MonthRange]) -> None:
    choice = st.session_state.get(_PRESET)
    if choice in named:
        chosen = named[choice]
        st.session_state[_RANGE] = (chosen.first, chosen.last)
        st.session_state[_VERSION] = st.session_state.get(_VERSION, 0) + 1  # a new slider, at the chosen range
        st.session_state[_NOTICE] = None
    st.session_state[_PRESET] = None


def _clip(selection: tuple[str, str], available: MonthRange) -> tuple[str, str]:
    first = min(max(selection[0], available.first), available.last)
    last = max(min(selection[1], available.last), first)
    return first, last


def slider_key(available: MonthRange) -> str:
    """The current key of the month slider: a new slider when a quick range is chosen or the data's months change."""
    return f"{_SLIDER}.{st.session_state.get(_VERSION, 0)}.{available.slug}"


def month_filter(available: MonthRange) -> MonthRange:
    """The month-range control in the sidebar, synced with `?from=YYYY-MM&to=YYYY-MM`.

    The selection is kept in session state rather than in the widget, because a page switch creates the
    widget anew (and `AppTest.switch_page` runs a page without the entrypoint).
    """
    state = st.session_state
    if _RANGE not in state:
        params = {key: st.query_params.get(key) for key in ("from", "to")}
        chosen, notice = range_from_params(params, available)
        state[_RANGE], state[_NOTICE] = (chosen.first, chosen.last), notice
    # The wanted range is kept as chosen; what is shown is clipped to the data (an upload may cover less).
    shown = _clip(state[_RANGE], available)
    named = presets(available)
    with st.sidebar:
        picked = st.select_slider(
            "Months shown",
            options=available.months(),
            value=shown,
            key=slider_key(available),
            format_func=month_label,
            help="Every chart and figure on every page follows this range. The link in your address bar keeps it.",
        )
        st.pills("Quick ranges", list(named), key=_PRESET, on_change=_apply_preset, args=(named,))
    if tuple(picked) != shown:
        state[_RANGE], state[_NOTICE] = tuple(picked), None
        shown = tuple(picked)
    selected = MonthRange(*shown)
    if st.query_params.get("from") != selected.first or st.query_params.get("to") != selected.last:
        st.query_params.update(selected.query_params())
    return selected


def list_filter(label: str, param: str, options: list[str], labels: dict[str, str] | None = None) -> list[str]:
    """A multiselect synced with a repeated query parameter (`?param=a&param=b`); empty means all."""
    key = f"filters.{param}"
    if key not in st.session_state:
        st.session_state[key] = [v for v in st.query_params.get_all(param) if v in options]
    chosen = st.multiselect(label, options, key=key, format_func=lambda v: (labels or {}).get(v, v), placeholder="All")
    if st.query_params.get_all(param) != chosen:
        st.query_params[param] = chosen
    return chosen


# --- page frame --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageContext:
    """What every page needs: the data, the selected months and the chart context."""

    data: LoadedData
    months: MonthRange
    chart_context: ChartContext

    @property
    def events(self) -> pd.DataFrame:
        return self.data.events

    @property
    def talks(self) -> pd.DataFrame:
        return self.data.dataset.talks


def view_link(months: MonthRange) -> str:
    """The address that reopens this page with these months."""
    try:
        base = st.context.url or os.environ.get(PUBLIC_URL_VARIABLE, DEFAULT_PUBLIC_URL)
    except Exception:  # outside a browser session (AppTest) there is no URL
        base = os.environ.get(PUBLIC_URL_VARIABLE, DEFAULT_PUBLIC_URL)
    return f"{base}?{urllib.parse.urlencode(months.query_params())}"


def page_setup(title: str, intro: str | None = None) -> PageContext:
    """Title, data banner, the shared month filter and the chart context for the page."""
    try:
        data = current_data()
    except DataError as err:
        st.error("The data folder could not be loaded:\n\n" + escape_markdown(err.summary()))
        st.stop()
    months = month_filter(data.available)
    st.title(title)
    if intro:
        st.caption(intro)
    if UPLOAD_STATE in st.session_state:
        banner = st.container(border=True)
        banner.warning(
            "You are looking at **your uploaded data**, in this browser session only.", icon=":material/upload_file:"
        )
        if banner.button("Return to the published data", key="upload.clear"):
            forget_upload()
            st.rerun()
    notice = st.session_state.get(_NOTICE)
    if notice:
        st.warning(notice, icon=":material/warning:")
    selected = data.events[months.contains(data.events["date"])]
    context = ChartContext(
        months=months,
        publishers=publishers_by_use(selected),
        as_of=data.dataset.as_of,
        link=view_link(months),
    )
    return PageContext(data=data, months=months, chart_context=context)


@dataclass(frozen=True)
class KeyFigure:
    """One headline number: its label, its value as shown, an optional note under it and a tooltip."""

    label: str
    value: str
    note: str | None = None
    help: str | None = None


# Inline styles, not a <style> sheet: a sheet inserted anew on every rerun makes the browser restyle the whole page.
# They also outrank Streamlit's own styles for lists inside st.html.
_STYLES = {
    "summary": "margin: 0 0 1rem 0",
    "row": "display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 1rem;"
    " margin: 0 0 0.75rem 0; padding: 0",
    "label": "font-size: 0.875rem; margin: 0 0 0.25rem 0; padding: 0; font-weight: normal",
    "label_with_help": "font-size: 0.875rem; margin: 0 0 0.25rem 0; padding: 0; font-weight: normal;"
    " text-decoration: underline dotted; text-underline-offset: 0.2em; cursor: help",
    "value": "margin: 0; padding: 0; font-size: 2.25rem; line-height: 1.25",
    "note": "display: inline-block; margin: 0.25rem 0 0 0; padding: 0.05rem 0.5rem; font-size: 0.8rem;"
    " border-radius: 1rem; background: rgba(128, 128, 128, 0.14)",
    "foot": "margin: 0.5rem 0 0 0; font-size: 0.875rem; color: rgba(49, 51, 63, 0.6)",
}


def key_figures_html(groups: list[list[KeyFigure]], summary: str = "", note: str = "") -> str:
    """A bold summary sentence, rows of key figures (one HTML description list per row) and a small note under them.

    All text is escaped.
    """
    rows = []
    for group in groups:
        items = []
        for figure in group:
            if figure.help:
                label = f'<dt style="{_STYLES["label_with_help"]}" title="{html.escape(figure.help)}">'
            else:
                label = f'<dt style="{_STYLES["label"]}">'
            figure_note = ""
            if figure.note:
                figure_note = f'<dd class="key-figure-note" style="{_STYLES["note"]}">{html.escape(figure.note)}</dd>'
            value = f'<dd class="key-figure-value" style="{_STYLES["value"]}">{html.escape(figure.value)}</dd>'
            items.append(f'<div class="key-figure">{label}{html.escape(figure.label)}</dt>{value}{figure_note}</div>')
        rows.append(f'<dl class="key-figures" style="{_STYLES["row"]}">{"".join(items)}</dl>')
    head = ""
    if summary:
        head = (
            f'<p class="key-figures-summary" style="{_STYLES["summary"]}"><strong>{html.escape(summary)}</strong></p>'
        )
    foot = f'<p class="key-figures-note" style="{_STYLES["foot"]}">{html.escape(note)}</p>' if note else ""
    return head + "".join(rows) + foot


def show_key_figures(groups: list[list[KeyFigure]], summary: str = "", note: str = "") -> None:
    """The summary sentence, the key figures and their note as one element, the figures styled like st.metric.

    A sentence, seven st.metric in rows of columns and a caption are seventeen elements that the browser redraws on
    every filter change; this one block measurably shortens the landing page's redraw (see bench/results.md).
    """
    st.html(key_figures_html(groups, summary, note))


def escape_markdown(text: str) -> str:
    """Text from data, safe to interpolate into Markdown (no links, emphasis or HTML)."""
    special = "\\`*_{}[]()<>#+-.!|~$:"
    return "".join("\\" + ch if ch in special else ch for ch in str(text))


def markdown_text(value: object, missing: str = "") -> str:
    """A value from data for interpolation into Markdown: escaped, and `missing` when empty."""
    return escape_markdown(value) if isinstance(value, str) and value else escape_markdown(missing)


def chart_config(chart: Chart, months: MonthRange) -> dict:
    """Plotly's toolbar: its camera gives the 2x PNG under the same name as our download."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": chart.file_stem(months), "scale": 2},
    }


def render_chart(chart: Chart, months: MonthRange) -> None:
    """The chart (or a sentence when there is nothing to draw), its data table and its downloads."""
    if chart.empty_message:
        st.info(chart.empty_message)
        return
    # theme=None: the figure carries its own look (figures.TEMPLATE), the same as its downloads; Streamlit's theme
    # pass over the figure cost about 20 ms of the browser's redraw on every filter change (bench/results.md).
    st.plotly_chart(
        chart.figure, key=f"chart.{chart.slug}", config=chart_config(chart, months), alt=chart.alt, theme=None
    )
    stem = chart.file_stem(months)
    # The table is sent only when asked for: a collapsed expander would still send it (and its component)
    # on every rerun, which measurably slowed the first view and each filter change.
    if st.toggle(f"Show the data table: {chart.title.lower()}", key=f"table.{chart.slug}"):
        st.caption(chart.alt)
        st.dataframe(chart.table, hide_index=True, key=f"table.{chart.slug}.frame")
    # The four files behind one "Download" popover: the browser draws its buttons only when it is opened, not on
    # every filter change (and a page of four charts shows four buttons, not sixteen).
    menu = st.popover("Download", icon=":material/download:", key=f"downloads.{chart.slug}")
    buttons = menu.container(horizontal=True)
    have_chromium = export.chromium_path() is not None
    for image_format in ("png", "svg"):
        buttons.download_button(
            f"{image_format.upper()}",
            data=(lambda fmt=image_format: export.figure_image(chart.figure, fmt)) if have_chromium else b"",
            file_name=f"{stem}.{image_format}",
            mime="image/png" if image_format == "png" else "image/svg+xml",
            key=f"download.{chart.slug}.{image_format}",
            disabled=not have_chromium,
            help=export.CHROMIUM_MISSING if not have_chromium else f"{stem}.{image_format}",
            icon=":material/download:",
            on_click="ignore",
        )
    buttons.download_button(
        "HTML",
        data=lambda: export.figure_html(chart.figure, stem, f"{chart.title}, {months.label}"),
        file_name=f"{stem}.html",
        mime="text/html",
        key=f"download.{chart.slug}.html",
        icon=":material/download:",
        help=f"{stem}.html (interactive, works offline)",
        on_click="ignore",
    )
    buttons.download_button(
        "CSV",
        data=lambda: export.csv_bytes(chart.table),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"download.{chart.slug}.csv",
        icon=":material/download:",
        help=f"{stem}.csv: exactly what the chart shows",
        on_click="ignore",
    )
    if not have_chromium:
        st.caption(export.CHROMIUM_MISSING)


def claims_column_config() -> dict:
    """Column settings of the claims table: sources as links (only https:// addresses pass the schema)."""
    return {
        "Source": st.column_config.LinkColumn("Source", display_text="open report", validate=r"^https://"),
        "Disputed": st.column_config.CheckboxColumn("Disputed", help="The sides' figures for this handover differ"),
        "To Ukraine": st.column_config.NumberColumn("To Ukraine", format="%d"),
        "To Russia": st.column_config.NumberColumn("To Russia", format="%d"),
    }


def data_documentation() -> str:
    """The data folder's README (methodology, coverage, known gaps), as Markdown we wrote ourselves."""
    readme = SHIPPED_DATA / "README.md"
    return readme.read_text(encoding="utf-8") if readme.exists() else "No documentation found."


def data_package() -> bytes:
    """The zip offered on the Data & sources page: the served data folder, or this session's upload."""
    uploaded = st.session_state.get(UPLOAD_FILES)
    if uploaded:
        return export.data_package_zip(SHIPPED_DATA, replace=uploaded)
    return export.data_package_zip(data_folder())
