"""The one module of the package that touches Streamlit: cached loading, the page frame, the shared filters, rendering.

Every page starts with `page_setup(name)`: the language, the page's title and config, the sidebar (our own
navigation from `page_registry.PAGES`, the language switch, the month filter) and the chart context. The language
(`lang`) and the months (`from`, `to`) live in session state and in the address, so they survive page switches,
reloads and shared links. Streamlit runs `app.py` for `/` and `pages/NAME.py` for `/NAME` (its native multipage
mode); each runs alone, so everything shared is here rather than in `app.py`.
"""

from __future__ import annotations

import datetime as dt
import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from exchange_tracker import chart_registry, citation, export, i18n, markup, wording
from exchange_tracker.errors import DataError
from exchange_tracker.figures import Chart, ChartContext, publishers_by_use
from exchange_tracker.i18n import _, ngettext
from exchange_tracker.loading import SHIPPED_DATA, Dataset, load_folder, load_upload
from exchange_tracker.months import FIRST_MONTH, MonthRange, month_label, month_of, presets, range_from_params
from exchange_tracker.page_registry import BY_NAME, PAGES
from exchange_tracker.streamlit_fixes import tie_built_downloads_to_their_session
from exchange_tracker.transforms import MonthlyIndex, headline_events

tie_built_downloads_to_their_session()

DATA_FOLDER_VARIABLE = "EXCHANGE_TRACKER_DATA"
PUBLIC_URL_VARIABLE = "EXCHANGE_TRACKER_URL"
DEFAULT_PUBLIC_URL = "http://localhost:8501"
UPLOAD_STATE = "upload.dataset"
UPLOAD_FILES = "upload.files"  # the uploaded bytes by file name, for the data zip
CHART_CONTEXT = "page.chart_context"  # this run's chart context, for the embed code and citations beside each chart
SITE_NAME = "Exchange Tracker"


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
# Nothing cached here is in a reader's language: words are added when a page draws them.
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


def use_uploaded_files(exchanges_file, talks_file) -> None:
    """Check the uploaded files and, if they are valid, show them on every page; else say what is wrong, and where."""
    if exchanges_file is None:
        st.error(_("Choose an exchanges.csv file first."))
        return
    files = {"exchanges.csv": exchanges_file.getvalue()}
    if talks_file is not None:
        files["talks.csv"] = talks_file.getvalue()
    try:
        dataset = load_upload(
            files["exchanges.csv"], files.get("talks.csv"), deployment_data().dataset, dt.date.today()
        )
    except DataError as err:
        count = len(err.problems)
        st.error(
            ngettext(
                "Your files were not used: {count} problem found. The pages still show the data they showed before.",
                "Your files were not used: {count} problems found. The pages still show the data they showed before.",
                count,
            ).format(count=i18n.format_number(count)),
            icon=":material/block:",
        )
        st.code(err.summary(), language=None, wrap_lines=True)
        return
    use_upload(prepare(dataset), files)
    st.success(
        _("Your data is in use on every page: {exchanges} rows of exchanges, {talks} rows of talks.").format(
            exchanges=i18n.format_number(len(dataset.exchanges)), talks=i18n.format_number(len(dataset.talks))
        ),
        icon=":material/check_circle:",
    )
    st.rerun()


def current_data() -> LoadedData:
    """This session's data: its upload if it made one, else the deployment's data."""
    return st.session_state.get(UPLOAD_STATE) or deployment_data()


# --- the language ------------------------------------------------------------------------------------------

_LANGUAGE = "filters.language"  # the reader's language, kept across page switches (not a widget key); also ?lang=
_LANGUAGE_SWITCH = "filters.language_switch"  # the switch's key: widget state does not survive a page switch
_LANGUAGE_NOTICE = "filters.language_notice"


def _browser_locale() -> str | None:
    try:
        return st.context.locale
    except Exception:  # outside a browser session (AppTest) there is no browser
        return None


def choose_language() -> str:
    """The reader's language, from the switch, else `?lang=`, else the browser; set for the rest of the run."""
    state = st.session_state
    if _LANGUAGE not in state:
        language, unknown = i18n.language_from(st.query_params.get("lang"), _browser_locale())
        state[_LANGUAGE], state[_LANGUAGE_NOTICE] = language, unknown
    i18n.set_language(state[_LANGUAGE])
    return state[_LANGUAGE]


def _language_switched() -> None:
    chosen = st.session_state.get(_LANGUAGE_SWITCH)
    if chosen in i18n.LANGUAGES:
        st.session_state[_LANGUAGE], st.session_state[_LANGUAGE_NOTICE] = chosen, None


def language_switch(language: str) -> None:
    """Українська / English, in the sidebar."""
    st.session_state[_LANGUAGE_SWITCH] = language
    st.sidebar.segmented_control(
        _("Language"),
        list(i18n.LANGUAGES),
        key=_LANGUAGE_SWITCH,
        format_func=i18n.LANGUAGES.get,
        required=True,
        on_change=_language_switched,
        label_visibility="collapsed",
    )


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
    widget anew.
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
            _("Months shown"),
            options=available.months(),
            value=shown,
            key=slider_key(available),
            format_func=month_label,
            help=_("Every chart and figure on every page follows this range. The link in your address bar keeps it."),
        )
        st.pills(_("Quick ranges"), list(named), key=_PRESET, on_change=_apply_preset, args=(named,), format_func=_)
    if tuple(picked) != shown:
        state[_RANGE], state[_NOTICE] = tuple(picked), None
        shown = tuple(picked)
    return MonthRange(*shown)


def list_filter(label: str, param: str, options: list[str], labels: dict[str, str] | None = None) -> list[str]:
    """A multiselect synced with a repeated query parameter (`?param=a&param=b`); empty means all."""
    key = f"filters.{param}"
    if key not in st.session_state:
        st.session_state[key] = [v for v in st.query_params.get_all(param) if v in options]
    chosen = st.multiselect(
        label, options, key=key, format_func=lambda v: (labels or {}).get(v, v), placeholder=_("All")
    )
    if st.query_params.get_all(param) != chosen:
        st.query_params[param] = chosen
    return chosen


# --- page frame --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageContext:
    """What every page needs: the data, the selected months, the language and the chart context."""

    data: LoadedData
    months: MonthRange
    language: str
    chart_context: ChartContext

    @property
    def events(self) -> pd.DataFrame:
        return self.data.events

    @property
    def talks(self) -> pd.DataFrame:
        return self.data.dataset.talks


def view_params(months: MonthRange, language: str) -> dict[str, str]:
    """The address parameters that reopen a view: its months and its language."""
    return {**months.query_params(), "lang": language}


def public_url() -> str:
    """The site's public address: $EXCHANGE_TRACKER_URL, else the address the browser used, else localhost."""
    configured = os.environ.get(PUBLIC_URL_VARIABLE)
    if configured:
        return configured.rstrip("/")
    try:
        url = st.context.url
    except Exception:  # outside a browser session (AppTest) there is no URL
        url = None
    if url:
        parts = urllib.parse.urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"
    return DEFAULT_PUBLIC_URL


def view_link(page: str, months: MonthRange, language: str) -> str:
    """The address that reopens this page with these months, in this language."""
    path = BY_NAME[page].path
    return f"{public_url()}/{path}?{urllib.parse.urlencode(view_params(months, language))}"


def _navigation(months: MonthRange, language: str) -> None:
    """Our own sidebar navigation (Streamlit's is hidden): every page, carrying the months and the language."""
    params = view_params(months, language)
    for page in PAGES:
        if not page.in_sidebar:
            continue
        st.page_link(page.file, label=_(page.title), icon=page.icon, query_params=params)


def page_setup(name: str, intro: str | None = None) -> PageContext:
    """Language, page config, sidebar (navigation, language, months), title, notices and the chart context.

    `intro` is a catalog message (marked with `N_`), translated here once the reader's language is known.
    """
    info = BY_NAME[name]
    language = choose_language()
    title = _(info.title)
    st.set_page_config(page_title=f"{title} · {SITE_NAME}", page_icon=info.icon, layout="wide")
    navigation = st.sidebar.container()
    language_switch(language)
    try:
        data = current_data()
    except DataError as err:
        st.error(_("The data folder could not be loaded:") + "\n\n" + markup.escape_markdown(err.summary()))
        st.stop()
    months = month_filter(data.available)
    with navigation:
        _navigation(months, language)
    wanted = view_params(months, language)
    if any(st.query_params.get(key) != value for key, value in wanted.items()):
        st.query_params.update(wanted)
    st.title(title)
    if intro:
        st.caption(_(intro))
    if UPLOAD_STATE in st.session_state:
        banner = st.container(border=True)
        banner.warning(
            _("You are looking at **your uploaded data**, in this browser session only."), icon=":material/upload_file:"
        )
        if banner.button(_("Return to the published data"), key="upload.clear"):
            forget_upload()
            st.rerun()
    unknown_language = st.session_state.get(_LANGUAGE_NOTICE)
    for notice in (unknown_language and wording.unknown_language(unknown_language), st.session_state.get(_NOTICE)):
        if notice:
            st.warning(notice, icon=":material/warning:")
    context = chart_context(name, data, months, language)
    st.session_state[CHART_CONTEXT] = context
    return PageContext(data=data, months=months, language=language, chart_context=context)


def chart_context(page: str, data: LoadedData, months: MonthRange, language: str) -> ChartContext:
    """What the charts of a view share: its months, the publishers cited in them, the data date, the view's link."""
    selected = data.events[months.contains(data.events["date"])]
    return ChartContext(
        months=months,
        publishers=publishers_by_use(selected),
        as_of=data.dataset.as_of,
        link=view_link(page, months, language),
    )


def show_key_figures(groups: list[list[markup.KeyFigure]], summary: str = "", note: str = "") -> None:
    """The summary sentence, the key figures and their note as one element, the figures styled like st.metric.

    A sentence, seven st.metric in rows of columns and a caption are seventeen elements that the browser redraws on
    every filter change; this one block measurably shortens the landing page's redraw (see bench/results.md).
    """
    st.html(markup.key_figures_html(groups, summary, note))


def show_notes(notes: list[str]) -> None:
    """Sentences from the package shown as information boxes (already escaped Markdown)."""
    for note in notes:
        st.info(note, icon=":material/info:")


def show_outcomes(cards: list[wording.OutcomeCard], empty: str) -> None:
    """Each round of talks as a bordered card: date, title and place; what was agreed; what was carried out."""
    if not cards:
        st.info(empty)
    for card in cards:
        with st.container(border=True):
            st.markdown(card.heading)
            st.markdown(card.agreed)
            st.markdown(card.carried_out)


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
    if st.toggle(_("Show the data table: {title}").format(title=chart.title), key=f"table.{chart.slug}"):
        st.caption(chart.alt)
        st.dataframe(
            chart.table,
            hide_index=True,
            placeholder=EMPTY_CELL,
            column_config=empty_cells_help(chart.table, _("Empty: no figure for this row.")),
            key=f"table.{chart.slug}.frame",
        )
    # The four files behind one "Download" popover: the browser draws its buttons only when it is opened, not on
    # every filter change (and a page of four charts shows four buttons, not sixteen).
    row = st.container(horizontal=True)
    menu = row.popover(_("Download"), icon=":material/download:", key=f"downloads.{chart.slug}")
    buttons = menu.container(horizontal=True)
    have_chromium = export.chromium_path() is not None
    language = i18n.current_language()
    for image_format in ("png", "svg"):
        buttons.download_button(
            f"{image_format.upper()}",
            data=(lambda fmt=image_format: export.figure_image(chart.figure, fmt)) if have_chromium else b"",
            file_name=f"{stem}.{image_format}",
            mime="image/png" if image_format == "png" else "image/svg+xml",
            key=f"download.{chart.slug}.{image_format}",
            disabled=not have_chromium,
            help=_(export.CHROMIUM_MISSING) if not have_chromium else f"{stem}.{image_format}",
            icon=":material/download:",
            on_click="ignore",
        )
    buttons.download_button(
        _("HTML ({size} MB)").format(size=i18n.format_number(export.html_megabytes(), 1)),
        data=lambda: export.figure_html(chart.figure, stem, f"{chart.title}, {months.label}", language),
        file_name=f"{stem}.html",
        mime="text/html",
        key=f"download.{chart.slug}.html",
        icon=":material/download:",
        help=_("{file} (interactive, works offline)").format(file=f"{stem}.html"),
        on_click="ignore",
    )
    buttons.download_button(
        "CSV",
        data=lambda: export.csv_bytes(chart.table),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"download.{chart.slug}.csv",
        icon=":material/download:",
        help=_("{file}: exactly what the chart shows").format(file=f"{stem}.csv"),
        on_click="ignore",
    )
    share_chart(row, chart, months, language)
    if not have_chromium:
        st.caption(_(export.CHROMIUM_MISSING))


def view_filters(entry: chart_registry.ChartEntry) -> dict[str, list[str]]:
    """The filters of the current view (besides months and language) that the chart follows, as address parameters."""
    return {param: st.query_params.get_all(param) for param in entry.filters if st.query_params.get_all(param)}


def share_chart(row, chart: Chart, months: MonthRange, language: str) -> None:
    """The "Embed and cite" popover: the iframe code, a citation of the chart and one of the dataset, to copy."""
    entry = chart_registry.CHARTS.get(chart.slug)
    context = st.session_state.get(CHART_CONTEXT)
    if entry is None or context is None:
        return
    site = public_url()
    today = dt.date.today()
    src = citation.embed_url(site, chart.slug, months, language, view_filters(entry))
    share = row.popover(_("Embed and cite"), icon=":material/code:", key=f"share.{chart.slug}")
    share.caption(_("Embed this chart: paste this HTML into your page. It draws this chart alone, for these months."))
    title = f"{chart.title}, {months.label}"
    share.code(citation.iframe_code(src, title, chart.figure.layout.height or 460), language="html", wrap_lines=True)
    share.caption(_("Cite this chart"))
    share.code(
        citation.chart_citation(chart.title, months, context.as_of, context.link, today), language=None, wrap_lines=True
    )
    share.caption(_("Cite the dataset"))
    dataset_link = f"{site}/{BY_NAME['sources'].path}?{urllib.parse.urlencode({'lang': language})}"  # all months
    share.code(citation.dataset_citation(context.as_of, dataset_link, today), language=None, wrap_lines=True)


def embed_page() -> None:
    """/embed: one chart alone, by slug, for the months and language in the address; a sentence for a bad address.

    No sidebar, no title: the frame around it is the embedding page. The published data is drawn (never a
    session's upload), and the chart's footer links back to its full view.
    """
    language = choose_language()
    st.set_page_config(page_title=SITE_NAME, layout="wide", initial_sidebar_state="collapsed")
    slug = st.query_params.get("chart") or ""
    entry = chart_registry.CHARTS.get(slug)
    if entry is None:
        st.info(
            _("There is no chart called “{chart}”. Copy the embed code again from the chart's page.").format(
                chart=markup.escape_markdown(slug)
            )
        )
        return
    try:
        data = deployment_data()
    except DataError:
        st.info(_("This chart cannot be drawn now: the data could not be loaded."))
        return
    params = {key: st.query_params.get(key) for key in ("from", "to")}
    months, notice = range_from_params(params, data.available)
    if notice:
        st.info(notice)
        return
    filters = chart_registry.Filters(mediators=tuple(st.query_params.get_all("mediator")))
    source = chart_registry.ChartSource(dataset=data.dataset, events=data.events, monthly=data.monthly)
    chart = chart_registry.build(slug, source, chart_context(entry.page, data, months, language), filters)
    st.set_page_config(page_title=f"{chart.title}, {months.label} · {SITE_NAME}")
    if chart.empty_message:
        st.info(chart.empty_message)
        return
    st.plotly_chart(
        chart.figure, key=f"chart.{chart.slug}", config=chart_config(chart, months), alt=chart.alt, theme=None
    )


def render_charts(charts: list[Chart], months: MonthRange) -> None:
    """Several charts, one under the other."""
    for chart in charts:
        render_chart(chart, months)


def _number_columns(table: pd.DataFrame) -> list[str]:
    return [
        column
        for column in table.columns
        if pd.api.types.is_numeric_dtype(table[column]) and not pd.api.types.is_bool_dtype(table[column])
    ]


def _columns_with_gaps(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if not pd.api.types.is_bool_dtype(table[c]) and table[c].isna().any()]


# What a missing value shows in st.dataframe (its own default is a grey "None", read as a name or a word).
EMPTY_CELL = ""


def empty_cells_help(table: pd.DataFrame, meaning: str) -> dict:
    """Column help saying what an empty cell means, for each column that has one."""
    return {column: st.column_config.Column(column, help=meaning) for column in _columns_with_gaps(table)}


def show_table(table: pd.DataFrame, key: str, column_help: dict[str, str] | None = None) -> None:
    """A reader-facing table; number columns show an empty cell where there is no figure, and say so in their help."""
    config = {}
    for column in table.columns:
        if column in _number_columns(table):
            gap = _("Empty: no figure for this row.") if table[column].isna().any() else None
            config[column] = st.column_config.NumberColumn(
                column, format="localized", help=(column_help or {}).get(column, gap)
            )
    st.dataframe(table, hide_index=True, column_config=config, key=key, placeholder=EMPTY_CELL)


def claims_column_config(columns: dict[str, str]) -> dict:
    """Column settings of the claims table: sources as links (only https:// addresses pass the schema)."""
    empty = _("Empty: the source gives no figure.")
    return {
        columns["source_url"]: st.column_config.LinkColumn(
            columns["source_url"], display_text=_("open report"), validate=r"^https://"
        ),
        columns["disputed"]: st.column_config.CheckboxColumn(
            columns["disputed"], help=_("The sides' figures for this handover differ")
        ),
        columns["to_ukraine"]: st.column_config.NumberColumn(columns["to_ukraine"], format="%d", help=empty),
        columns["to_russia"]: st.column_config.NumberColumn(columns["to_russia"], format="%d", help=empty),
        **{
            columns[name]: st.column_config.NumberColumn(columns[name], format="%d", help=empty)
            for name in ("civilians_to_ukraine", "civilians_to_russia", "outside_exchange_to_ukraine")
        },
    }


def data_documentation() -> str:
    """The data folder's README (methodology, coverage, known gaps) in the reader's language, as Markdown we wrote."""
    language = i18n.current_language()
    translated = SHIPPED_DATA / f"README.{language}.md"
    readme = translated if translated.exists() else SHIPPED_DATA / "README.md"
    return readme.read_text(encoding="utf-8") if readme.exists() else _("No documentation found.")


def data_package() -> bytes:
    """The zip offered on the Data & sources page: the served data folder, or this session's upload."""
    uploaded = st.session_state.get(UPLOAD_FILES)
    if uploaded:
        return export.data_package_zip(SHIPPED_DATA, replace=uploaded)
    return export.data_package_zip(data_folder())
