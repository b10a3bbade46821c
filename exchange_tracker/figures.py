"""Plotly figures, each returned with the exact table it draws, in the reader's language. No Streamlit here.

Every chart carries its provenance inside the picture: the title with the months shown, a source line
naming the publishers, the data-as-of date and the link that reopens the view. Dates on axes and in hover
text are written by Babel (`i18n.format_month`, `i18n.format_date`): Streamlit's chart component does not load
plotly.js's locale bundles, so the tick labels are set here.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from exchange_tracker import chart_room
from exchange_tracker.figure_spec import FigureSpec
from exchange_tracker.i18n import (
    N_,
    _,
    current_language,
    format_date,
    format_month,
    format_number,
    format_signed_number,
    ngettext,
)
from exchange_tracker.months import MonthRange, month_of
from exchange_tracker.tables import official_totals_table
from exchange_tracker.transforms import (
    body_ratio,
    by_mediator,
    cumulative_by_side,
    monthly_totals,
    rounds_and_agreements,
    talks_periods,
)
from exchange_tracker.wording import (
    dispute_in_words,
    kind_label,
    localised_column,
    mediator_name,
    place_name,
    publisher_name,
    side_name,
    status_name,
)

# Okabe-Ito blue and orange: told apart with every common colour-vision deficiency. Always with a label too.
UKRAINE_COLOUR = "#0072B2"
RUSSIA_COLOUR = "#E69F00"
CIVILIAN_PATTERN = "/"
STATUS_COLOURS = {
    "active": "#009E73",
    "paused": "#F0E442",
    "suspended": "#CC79A7",
    "frozen": "#999999",
    "ended": "#555555",
}
FONT = "Arial, Helvetica, sans-serif"
MAX_PUBLISHERS_NAMED = 4
DAY_MS = 86_400_000
# The look every chart carries itself, so that the page and the PNG/SVG/HTML downloads are drawn alike, whatever
# template is Plotly's default in the process (Streamlit sets its own). Small on purpose: plotly.js merges the
# template into the figure on every redraw.
TEMPLATE = {
    "layout": {
        "font": {"family": FONT, "size": 13, "color": "#262730"},
        "title": {"font": {"size": 17, "weight": "bold"}},
        "hoverlabel": {"font": {"family": FONT}},
        "colorway": [UKRAINE_COLOUR, RUSSIA_COLOUR, "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"],
        # The bottom margin is computed for the x labels (`_finish`'s `bottom`); plotly's automargin on x would
        # lay each chart out a second time on every redraw (about 6 % of a month change on the landing page,
        # measured against the reference in interleaved runs). y keeps it as a fallback: `chart_room` reserves
        # the y labels' room at laptop width, so it only acts where that estimate is short.
        "xaxis": {"automargin": False},
        "yaxis": {"automargin": True},
    }
}


@dataclass(frozen=True)
class ChartContext:
    """What every chart of a page shares: the months shown, the publishers cited, the data date and the view's link."""

    months: MonthRange
    publishers: tuple[str, ...]
    as_of: dt.date
    link: str


@dataclass(frozen=True)
class Chart:
    """A figure, the table it draws (plain-word columns), its alt text and its file-name stem."""

    slug: str
    title: str
    figure: go.Figure
    table: pd.DataFrame
    alt: str
    empty_message: str | None = None

    def file_stem(self, months: MonthRange) -> str:
        """'bodies-repatriated_2025-05_2025-08' (ASCII in every language)."""
        return f"{self.slug}_{months.slug}"


def plain(text: object) -> str:
    """Text from data, safe inside Plotly's labels: its tags (<a>, <b>, <br>) shown as text, never followed."""
    return html.escape(str(text), quote=False)


def source_line(publishers: tuple[str, ...], as_of: dt.date) -> str:
    """'Source: Reuters, TASS and 3 others · Exchange Tracker · data as of 20 Nov 2026'."""
    ranked = [plain(publisher_name(p)) for p in publishers]
    named = ", ".join(ranked[:MAX_PUBLISHERS_NAMED]) or _("no source")
    others = len(ranked) - MAX_PUBLISHERS_NAMED
    if others > 0:
        named = ngettext("{named} and {count} other", "{named} and {count} others", others).format(
            named=named, count=format_number(others)
        )
    return _("Source: {publishers} · Exchange Tracker · data as of {date}").format(
        publishers=named, date=format_date(as_of, "short")
    )


def publishers_by_use(frame: pd.DataFrame, column: str = "publishers") -> tuple[str, ...]:
    """Publishers named in `column` ('; '-separated), most cited first."""
    if frame.empty:
        return ()
    counts = frame[column].dropna().str.split("; ").explode().value_counts(sort=False)
    return tuple(counts.sort_values(ascending=False, kind="stable").index)


# Plotly does not wrap text, and the server does not know the window's width: titles, the source line and long
# labels are broken into lines, by word, at lengths that fit a 390 px phone in either language (Ukrainian words
# are longer), so the same figure reads at every width.
TITLE_LINE = 30  # characters of the bold 17 px title
FOOTER_LINE = 50  # characters of the 11 px source line and notes
LABEL_LINE = 16  # characters of a category label (a mediator's name)
LEGEND_LINE = 36  # characters of a legend entry
MAX_CATEGORY_TICKS = 14  # per-handover dates labelled at most; every bar keeps its date in the hover
FOOTER_LINE_PX = 14
TITLE_LINE_PX = 22
MONTH_AXIS_PX = 44  # two-line month labels under the plot


def wrap(text: str, width: int) -> list[str]:
    """`text` as lines of at most `width` characters, broken at spaces (a longer word keeps its own line)."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def wrap_link(link: str, width: int) -> list[str]:
    """An address as lines of at most `width` characters, broken before its `?` and `&`."""
    lines: list[str] = []
    for piece in re.split(r"(?=[?&])", link):
        if lines and len(lines[-1]) + len(piece) <= width:
            lines[-1] += piece
        else:
            lines.append(piece)
    return lines


def footer_lines(context: ChartContext, note: str | None = None) -> list[str]:
    """The lines under a chart: its note, the source line, and the link that reopens the view (a live link)."""
    lines = wrap(note, FOOTER_LINE) if note else []
    lines += wrap(source_line(context.publishers, context.as_of), FOOTER_LINE)
    href = context.link.replace('"', "%22")  # plotly.js reads the address as written (no entities)
    lines += [
        f'<a href="{href}" target="_blank">{html.escape(part)}</a>' for part in wrap_link(context.link, FOOTER_LINE)
    ]
    return lines


def _finish(
    fig: FigureSpec,
    title: str,
    context: ChartContext,
    y_title: str | None = None,
    bottom: int = MONTH_AXIS_PX,
    height: int = 460,
    note: str | None = None,
) -> FigureSpec:
    """Title with the months, legend, then the plot; under it the axis labels, the note, source line and link.

    Top to bottom, nothing shares a row at any width: the title is pinned to the top of the figure and reserves
    its height (`automargin`), the legend sits between it and the plot (it wraps into rows on a phone and pushes
    the plot down), and the footer is placed `bottom` px (room for the axis labels) under the plot.
    """
    title_lines = wrap(title, TITLE_LINE)
    footer = footer_lines(context, note)
    footer_px = len(footer) * FOOTER_LINE_PX
    margin_bottom = bottom + footer_px + 10
    figure_height = height + (len(title_lines) - 1) * TITLE_LINE_PX + footer_px
    # The title's own automargin would move a title of several lines up out of the figure (plotly.js shifts
    # multi-line titles for a bottom anchor), so its height is reserved here: the legend starts below it and
    # reserves the rows it wraps into, and the plot starts below both.
    title_px = 8 + (len(title_lines) + 1) * TITLE_LINE_PX
    fig.update_layout(
        template=TEMPLATE,
        title={
            "text": "<br>".join(title_lines) + f"<br><sup>{context.months.label}</sup>",
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"l": 8, "t": 21},
        },
        margin={"l": 60, "r": 16, "t": title_px + 10, "b": margin_bottom, "autoexpand": True},
        legend={
            "orientation": "h",
            "xref": "container",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1 - title_px / figure_height,
            "yanchor": "top",
            "font": {"size": 12},
        },
        plot_bgcolor="white",
        paper_bgcolor="white",
        height=figure_height,
        annotations=[
            *fig.layout.get("annotations", []),
            {
                "text": "<br>".join(footer),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "xshift": -52,  # from 8 px inside the figure's left edge (the left margin is 60 px)
                "yshift": -(margin_bottom - 6),
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "align": "left",
                "font": {"size": 11, "color": "#444"},
            },
        ],
    )
    fig.update_layout(separators=number_separators())
    for trace in fig.data:  # a long legend entry on lines that fit a phone
        if len(trace.get("name") or "") > LEGEND_LINE:
            trace["name"] = "<br>".join(wrap(trace["name"], LEGEND_LINE))
    # Standoff: the x labels start below the y axis's lowest label, which hangs below the corner.
    fig.update_xaxes(showgrid=False, linecolor="#888", tickfont={"size": 12}, ticklabelstandoff=8)
    fig.update_yaxes(gridcolor="#e5e5e5", zerolinecolor="#888", tickfont={"size": 12}, tickformat=",d")
    if y_title:
        fig.update_yaxes(title_text=y_title)
    return fig


def _built(fig: FigureSpec) -> go.Figure:
    """The plotly figure, its margins holding its legend and y labels at laptop width (one layout pass to draw)."""
    chart_room.reserve(fig.layout, fig.data)
    return fig.figure()


def number_separators() -> str:
    """Plotly's `separators` (decimal mark, then thousands) in the reader's locale, from Babel's symbols."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    locale = current_language()
    return get_decimal_symbol(locale) + get_group_symbol(locale)


def _month_axis(fig: FigureSpec, months: MonthRange, row: int | None = None) -> None:
    """Months labelled in the reader's language on two lines ('May' over '2025'), at most six labels.

    Six two-line labels fit under a phone-wide plot; over more than six years, each January is labelled
    with its year alone.
    """
    every = months.months()
    step = next((s for s in (1, 2, 3, 6, 12) if len(every) <= 6 * s), 12 * (len(every) // 72 + 1))
    if step >= 12:
        ticks = [m for m in every if m.endswith("-01")][:: step // 12]
        if int(every[0][5:]) <= 9:  # the first year named too, when its label has room before the next
            ticks = [every[0], *ticks]
        text = [m[:4] for m in ticks]
    else:
        ticks = every[::step]
        text = ["<br>".join(format_month(month).rsplit(" ", 1)) for month in ticks]
    fig.update_xaxes(
        row=row,
        type="date",
        tickmode="array",
        tickvals=[f"{month}-01" for month in ticks],
        ticktext=text,
        tickangle=0,
    )


def _month_starts(months: pd.Series) -> pd.Series:
    return pd.to_datetime(months + "-01")


def _side_bars(fig: FigureSpec, months: pd.Series, to_ukraine, to_russia, unit_hover: str) -> None:
    """A bar per month and side; `unit_hover` is a message with {side}, {month} and {count}."""
    labels = months.map(format_month)
    for side, values, colour in (("UA", to_ukraine, UKRAINE_COLOUR), ("RU", to_russia, RUSSIA_COLOUR)):
        name = _to_side(side)
        fig.add_bar(
            x=_month_starts(months),
            y=values,
            name=name,
            marker_color=colour,
            hovertext=[
                unit_hover.format(month=m, side=name, count=format_number(v))
                for m, v in zip(labels, values, strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )


def _to_side(side: str) -> str:
    return _("To Ukraine") if side == "UA" else _("To Russia")


def monthly_people_chart(
    totals: pd.DataFrame, context: ChartContext, slug: str = "people-returned-monthly", civilians_apart: bool = True
) -> Chart:
    """Bars per month of people returned to each side, from `monthly_totals` of the exchanges of people.

    With `civilians_apart`, civilians are drawn as patterned bars on top of the military ones (the
    prisoners page); without, one bar per side whose hover gives the civilians among them (the landing
    page, where half the bars and no patterns redraw noticeably faster on every filter change).
    """
    labels = totals["month"].map(format_month)
    fig = FigureSpec()
    _monthly_people_bars(fig, totals, labels, civilians_apart)
    fig.update_layout(barmode="group", bargap=0.15)
    _month_axis(fig, context.months)
    title = _("People returned in exchanges, per month")
    _finish(fig, title, context, y_title=_("people"))
    table = totals.assign(month=labels).rename(
        columns={
            "month": _("Month"),
            "to_ukraine": _("People returned to Ukraine"),
            "to_russia": _("People returned to Russia"),
            "civilians_to_ukraine": _("Of whom civilians, to Ukraine"),
            "civilians_to_russia": _("Of whom civilians, to Russia"),
            "handovers": _("Exchanges"),
        }
    )
    alt = _(
        "Bar chart, {months}: people returned to Ukraine ({to_ukraine} in all) and to Russia ({to_russia}) per month."
    ).format(
        months=context.months.label,
        to_ukraine=format_number(int(totals["to_ukraine"].sum())),
        to_russia=format_number(int(totals["to_russia"].sum())),
    )
    recorded = totals["handovers"].sum() > 0
    empty = (
        None if recorded else _("No exchanges of people are recorded for {months}.").format(months=context.months.label)
    )
    return Chart(slug, title, _built(fig), table, alt, empty)


def _monthly_people_bars(fig: FigureSpec, totals: pd.DataFrame, labels: pd.Series, civilians_apart: bool) -> None:
    """A bar per month and side; with `civilians_apart`, civilians as patterned bars on top of the military ones."""
    months = _month_starts(totals["month"])
    for side, code, colour in (("ukraine", "UA", UKRAINE_COLOUR), ("russia", "RU", RUSSIA_COLOUR)):
        name = _to_side(code)
        civilians = totals[f"civilians_to_{side}"]
        if not civilians_apart:
            hover = _("{month}<br>{side}: {count} people, of whom {civilians} civilians")
            fig.add_bar(
                x=months,
                y=totals[f"to_{side}"],
                name=name,
                marker_color=colour,
                hovertext=[
                    hover.format(month=m, side=name, count=format_number(n), civilians=format_number(c))
                    for m, n, c in zip(labels, totals[f"to_{side}"], civilians, strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
            continue
        military = totals[f"to_{side}"] - civilians
        hover = _("{month}<br>{side}: {count} people (not counting civilians)")
        fig.add_bar(
            x=months,
            y=military,
            name=name,
            marker_color=colour,
            offsetgroup=side,
            legendgroup=side,
            hovertext=[
                hover.format(month=m, side=name, count=format_number(n)) for m, n in zip(labels, military, strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
        if civilians.any():
            civilian_name = _("Civilians to Ukraine") if code == "UA" else _("Civilians to Russia")
            hover = _("{month}<br>{side}: {count} people")
            fig.add_bar(
                x=months,
                y=civilians,
                name=civilian_name,
                offsetgroup=side,
                base=military,
                legendgroup=side,
                marker={
                    "color": "white",
                    "line": {"color": colour, "width": 1.5},
                    "pattern": {"shape": CIVILIAN_PATTERN, "fgcolor": colour},
                },
                hovertext=[
                    hover.format(month=m, side=civilian_name, count=format_number(n))
                    for m, n in zip(labels, civilians, strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )


def handover_labels(events: pd.DataFrame) -> pd.Series:
    """A label per handover for a category axis: its date, and its kind where two handovers share a day."""
    shared = events["date"].duplicated(keep=False)
    labels = [
        format_date(day.date(), "short") + (f" · {kind_label(kind).lower()}" if twice else "")
        for day, kind, twice in zip(events["date"], events["kind"], shared, strict=True)
    ]
    return pd.Series(labels, index=events.index, dtype="str")


def _handover_hover(ordered: pd.DataFrame, labels: pd.Series, column: str, side: str, people: bool) -> list[str]:
    """Each handover's hover text for one side: figure and claimant, mediator, sources, and any differing claims."""
    hover = []
    for label, value, claimant, mediator, publishers, dispute in zip(
        labels,
        ordered[column],
        ordered[f"{column}_claimed_by"],
        ordered["mediator"],
        ordered["publishers"],
        ordered["dispute"],
        strict=True,
    ):
        figure = _("unknown") if pd.isna(value) else format_number(int(value))
        text = (
            _("<b>{date}</b><br>{side}: {count} people (claimed by {claimant})")
            if people
            else _("<b>{date}</b><br>{side}: {count} bodies (claimed by {claimant})")
        ).format(date=label, side=side, count=figure, claimant=side_name(claimant))
        text += "<br>" + _("Mediator: {mediator}").format(mediator=plain(mediator_name(mediator)))
        text += "<br>" + _("Source: {publishers}").format(publishers=plain(publishers))
        if isinstance(dispute, str):
            text += "<br>" + _("<b>Disputed:</b> {claims}").format(claims=plain(dispute_in_words(dispute)))
        hover.append(text)
    return hover


def _handover_markers(fig: FigureSpec, ordered: pd.DataFrame, categories: pd.Series, labels: pd.Series) -> None:
    """A star over each disputed handover, a cross at the foot of each without figures.

    Markers on a hidden 0-1 axis, so they sit at the same height whatever the scale of the bars.
    """
    disputed_x = categories[ordered["disputed"].to_numpy()]
    if len(disputed_x):
        fig.add_scatter(
            x=disputed_x,
            y=[1.1] * len(disputed_x),
            mode="markers",
            marker={"symbol": "star", "color": "black", "size": 11},
            name=_("Disputed figures"),
            yaxis="y2",
            hoverinfo="skip",
        )
    unknown = ordered["to_ukraine"].isna() & ordered["to_russia"].isna()
    if unknown.any():
        fig.add_scatter(
            x=categories[unknown.to_numpy()],
            y=[0.02] * int(unknown.sum()),
            mode="markers",
            marker={"symbol": "x-thin", "color": "#555", "size": 9, "line": {"width": 2, "color": "#555"}},
            name=_("Figures not published"),
            yaxis="y2",
            hovertext=[_("{date}: figures not published").format(date=d) for d in labels[unknown.to_numpy()]],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    if len(disputed_x) or unknown.any():
        fig.update_layout(yaxis2={"overlaying": "y", "range": [0, 1.15], "visible": False})


def _handover_table(ordered: pd.DataFrame, people: bool) -> pd.DataFrame:
    """What the per-handover chart draws, one row per handover, with who claimed each figure and the sources."""
    to_ukraine, to_russia = (
        (_("People to Ukraine"), _("People to Russia")) if people else (_("Bodies to Ukraine"), _("Bodies to Russia"))
    )
    return pd.DataFrame(
        {
            _("Date"): ordered["date"].dt.strftime("%Y-%m-%d"),
            _("Event"): ordered["event_id"],
            _("Kind"): ordered["kind"].map(kind_label),
            to_ukraine: ordered["to_ukraine"],
            to_russia: ordered["to_russia"],
            _("Figure to Ukraine claimed by"): ordered["to_ukraine_claimed_by"].map(side_name),
            _("Figure to Russia claimed by"): ordered["to_russia_claimed_by"].map(side_name),
            _("Mediator"): ordered["mediator"].map(mediator_name),
            _("Differing claims"): ordered["dispute"].map(dispute_in_words),
            _("Sources"): ordered["publishers"],
            _("Source links"): ordered["source_urls"],
        }
    )


def per_handover_chart(events: pd.DataFrame, context: ChartContext, unit: str, log_scale: bool = False) -> Chart:
    """Bars per handover, to Ukraine vs to Russia; hover gives the figures, mediator, claimant and source.

    Each handover is its own category (its event id), labelled by its date (and kind where two share a day), so
    no bar hides another.
    """
    ordered = events.sort_values(["date", "event_id"])
    categories = ordered["event_id"]
    labels = handover_labels(ordered)
    people = unit == "people"
    slug = "prisoners-per-exchange" if people else "bodies-repatriated" + ("-log" if log_scale else "")
    fig = FigureSpec()
    for column, side, colour in (("to_ukraine", "UA", UKRAINE_COLOUR), ("to_russia", "RU", RUSSIA_COLOUR)):
        name = _to_side(side)
        hover = _handover_hover(ordered, labels, column, name, people)
        fig.add_bar(
            x=categories,
            y=ordered[column].astype("Float64"),
            name=name,
            marker_color=colour,
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            marker_line={"color": ["black" if d else colour for d in ordered["disputed"]], "width": 2},
        )
    _handover_markers(fig, ordered, categories, labels)
    # At most MAX_CATEGORY_TICKS dates are written, upright, so that they fit under a phone-wide plot.
    step = -(-len(categories) // MAX_CATEGORY_TICKS) if len(categories) else 1
    # With every handover labelled, two on one day are told apart by their kind; thinned, the date alone.
    ticktext = labels.tolist() if step == 1 else [format_date(d.date(), "short") for d in ordered["date"].iloc[::step]]
    longest = max((len(text) for text in ticktext), default=0)
    fig.update_layout(
        barmode="group",
        bargap=0.1 if len(categories) > MAX_CATEGORY_TICKS else 0.2,
        xaxis={
            "type": "category",
            "title": _("handover date"),
            "tickmode": "array",
            "tickvals": categories.iloc[::step].tolist(),
            "ticktext": ticktext,
            "tickangle": -90,
        },
    )
    if log_scale:
        fig.update_layout(yaxis_type="log")  # the bars only; the markers keep their own 0-1 axis
    y_title = _("people") if people else _("bodies")
    title = (
        _("People received by each side, per handover") if people else _("Bodies received by each side, per handover")
    )
    if log_scale:
        title, y_title = _("{title} (log scale)").format(title=title), _("{title} (log scale)").format(title=y_title)
    # Room under the plot for the upright dates (about 7 px a character) and the axis title.
    _finish(fig, title, context, y_title=y_title, bottom=longest * 7 + 40, height=500)
    table = _handover_table(ordered, people)
    alt = (
        ngettext(
            "Bar chart of {count} handover in {months}: people received by Ukraine and by Russia in each.",
            "Bar chart of {count} handovers in {months}: people received by Ukraine and by Russia in each.",
            len(ordered),
        )
        if people
        else ngettext(
            "Bar chart of {count} handover in {months}: bodies received by Ukraine and by Russia in each.",
            "Bar chart of {count} handovers in {months}: bodies received by Ukraine and by Russia in each.",
            len(ordered),
        )
    ).format(count=format_number(len(ordered)), months=context.months.label)
    return Chart(slug, title, _built(fig), table, alt, None if len(ordered) else _no_handovers(unit, context))


def _no_handovers(unit: str, context: ChartContext) -> str:
    if unit == "people":
        return _("No handovers of people are recorded for {months}.").format(months=context.months.label)
    return _("No handovers of bodies are recorded for {months}.").format(months=context.months.label)


def cumulative_chart(events: pd.DataFrame, talks: pd.DataFrame, context: ChartContext, unit: str) -> Chart:
    """Running total per side, with rounds of talks marked and paused periods shaded."""
    people = unit == "people"
    running = cumulative_by_side(events)
    days = running["date"].map(lambda day: format_date(day.date(), "short"))
    fig = FigureSpec()
    hover = _("{date}<br>{side}, in all: {count} people") if people else _("{date}<br>{side}, in all: {count} bodies")
    for column, side, colour, dash in (
        ("to_ukraine", "UA", UKRAINE_COLOUR, "solid"),
        ("to_russia", "RU", RUSSIA_COLOUR, "dash"),
    ):
        name = _to_side(side)
        fig.add_scatter(
            x=running["date"],
            y=running[column],
            name=name,
            mode="lines",
            line={"color": colour, "dash": dash, "shape": "hv", "width": 2.5},
            hovertext=[
                hover.format(date=d, side=name, count=format_number(n))
                for d, n in zip(days, running[column], strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    _shade_talks_not_active(fig, talks, context.months)
    _round_markers(fig, _marked_talks(talks, context.months), y=0, size=11, always_rounds=False)
    fig.update_xaxes(range=[context.months.start, context.months.end])
    _month_axis(fig, context.months)
    title = (
        _("People received by each side, running total over the months shown")
        if people
        else _("Bodies received by each side, running total over the months shown")
    )
    _finish(
        fig,
        title,
        context,
        y_title=_("people") if people else _("bodies"),
        note=_("Shaded: talks paused, suspended or frozen"),
    )
    to_ukraine, to_russia = (
        (_("People to Ukraine, running total"), _("People to Russia, running total"))
        if people
        else (_("Bodies to Ukraine, running total"), _("Bodies to Russia, running total"))
    )
    table = running.assign(date=running["date"].dt.strftime("%Y-%m-%d")).rename(
        columns={"date": _("Date"), "to_ukraine": to_ukraine, "to_russia": to_russia}
    )
    alt = (
        _("Line chart of the running total of people received by each side in {months}, with rounds of talks marked.")
        if people
        else _(
            "Line chart of the running total of bodies received by each side in {months}, with rounds of talks marked."
        )
    ).format(months=context.months.label)
    slug = "prisoners-cumulative" if people else "bodies-cumulative"
    return Chart(slug, title, _built(fig), table, alt, None if len(events) else _no_handovers(unit, context))


def mediator_chart(events: pd.DataFrame, context: ChartContext) -> Chart:
    """Exchanges per mediator (horizontal bars)."""
    table = by_mediator(events)
    names = table["mediator"].map(mediator_name)
    fig = FigureSpec()
    fig.add_bar(
        y=names.map(lambda name: "<br>".join(wrap(plain(name), LABEL_LINE))),
        x=table["exchanges"],
        orientation="h",
        marker_color="#56B4E9",
        text=table["exchanges"].map(format_number),
        textposition="outside",
        hovertext=[
            ngettext("{mediator}: {count} exchange", "{mediator}: {count} exchanges", n).format(
                mediator=plain(m), count=format_number(n)
            )
            for m, n in zip(names, table["exchanges"], strict=True)
        ],
        hovertemplate="%{hovertext}<extra></extra>",
        name=_("Exchanges"),
    )
    fig.update_yaxes(autorange="reversed")
    title = _("Prisoner exchanges by mediator")
    _finish(fig, title, context, bottom=62)
    # Room right of the longest bar for its count, written outside it.
    fig.update_xaxes(title_text=_("exchanges"), range=[0, float(table["exchanges"].max() if len(table) else 1) * 1.2])
    fig.update_layout(showlegend=False)
    readable = pd.DataFrame(
        {
            _("Mediator"): names,
            _("Exchanges"): table["exchanges"],
            _("People returned to Ukraine"): table["to_ukraine"],
            _("People returned to Russia"): table["to_russia"],
        }
    )
    alt = _(
        "Horizontal bar chart of exchanges per mediator in {months}; an exchange with two mediators counts for each."
    ).format(months=context.months.label)
    empty = None if len(events) else _("No exchanges are recorded for {months}.").format(months=context.months.label)
    return Chart("exchanges-by-mediator", title, _built(fig), readable, alt, empty)


def monthly_bodies_chart(events: pd.DataFrame, context: ChartContext) -> Chart:
    """Bodies received by each side per month."""
    totals = monthly_totals(events, context.months)
    fig = FigureSpec()
    _side_bars(fig, totals["month"], totals["to_ukraine"], totals["to_russia"], _("{month}<br>{side}: {count} bodies"))
    fig.update_layout(barmode="group")
    _month_axis(fig, context.months)
    title = _("Bodies repatriated, per month")
    _finish(fig, title, context, y_title=_("bodies"))
    table = pd.DataFrame(
        {
            _("Month"): totals["month"].map(format_month),
            _("Bodies returned to Ukraine"): totals["to_ukraine"],
            _("Bodies returned to Russia"): totals["to_russia"],
            _("Handovers"): totals["handovers"],
        }
    )
    alt = _("Bar chart of bodies returned to each side per month in {months}.").format(months=context.months.label)
    empty = (
        None
        if len(events)
        else _("No repatriations of bodies are recorded for {months}.").format(months=context.months.label)
    )
    return Chart("bodies-repatriated-monthly", title, _built(fig), table, alt, empty)


def body_ratio_chart(events: pd.DataFrame, context: ChartContext) -> Chart:
    """Bodies to Ukraine for each body to Russia, per handover."""
    ratios = body_ratio(events.sort_values("date"))
    known = ratios[ratios["ratio"].notna()]
    fig = FigureSpec()
    hover = _("{date}: {ratio} to 1 ({to_ukraine} to Ukraine, {to_russia} to Russia)")
    fig.add_scatter(
        x=known["date"],
        y=known["ratio"].astype("float64"),
        mode="markers+lines",
        marker={"color": "#333", "size": 8},
        line={"color": "#bbb"},
        name=_("Bodies to Ukraine per body to Russia"),
        hovertext=[
            hover.format(
                date=format_date(d.date(), "short"),
                ratio=format_number(float(r)),
                to_ukraine=format_number(int(u)),
                to_russia=format_number(int(v)),
            )
            for d, r, u, v in zip(known["date"], known["ratio"], known["to_ukraine"], known["to_russia"], strict=True)
        ],
        hovertemplate="%{hovertext}<extra></extra>",
    )
    _month_axis(fig, context.months)
    title = _("Ratio of bodies returned: to Ukraine for each one to Russia")
    _finish(fig, title, context, y_title=_("bodies to Ukraine per body to Russia"))
    fig.update_yaxes(tickformat=",~g")  # ratios have decimals
    table = pd.DataFrame(
        {
            _("Date"): ratios["date"].dt.strftime("%Y-%m-%d"),
            _("Event"): ratios["event_id"],
            _("Bodies to Ukraine"): ratios["to_ukraine"],
            _("Bodies to Russia"): ratios["to_russia"],
            _("Bodies to Ukraine per body to Russia"): ratios["ratio"],
        }
    )
    total_ua, total_ru = int(events["to_ukraine"].sum()), int(events["to_russia"].sum())
    if total_ru:
        alt = _("Ratio per handover in {months}; overall {ratio} to 1.").format(
            months=context.months.label, ratio=format_number(round(total_ua / total_ru, 1))
        )
    else:
        alt = _("Ratio per handover in {months}; overall not defined (none to Russia).").format(
            months=context.months.label
        )
    empty = None
    if not len(known):
        empty = _("No handover in {months} states figures for both sides.").format(months=context.months.label)
    return Chart("bodies-ratio", title, _built(fig), table, alt, empty)


def exchanges_per_period(people: pd.DataFrame, months: MonthRange) -> pd.DataFrame:
    """People exchanged per week (ranges of a year or less) or per month, for the timeline's lower panel.

    Out: columns start (the period's first day), days (its length), to_ukraine, to_russia, exchanges.
    """
    weekly = len(months.months()) <= 12
    starts = people["date"].dt.to_period("W-SUN" if weekly else "M").dt.start_time
    grouped = people.assign(start=starts).groupby("start")
    table = grouped.agg(
        to_ukraine=("to_ukraine", "sum"), to_russia=("to_russia", "sum"), exchanges=("event_id", "count")
    ).reset_index()
    return table.assign(days=7 if weekly else 30)


def _status_band(fig: FigureSpec, periods: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> None:
    """The talks' status periods as one band of horizontal bars on the top row, clipped to the months shown."""
    talks_label = _("Talks")
    seen = set()
    for period in periods.itertuples():
        x0, x1 = max(period.start, start), min(period.end, end)
        status = status_name(period.status)
        fig.add_bar(
            x=[(x1 - x0).total_seconds() * 1000],
            base=[x0],
            y=[talks_label],
            orientation="h",
            row=1,
            col=1,
            marker_color=STATUS_COLOURS.get(period.status, "#ccc"),
            name=status.capitalize(),
            legendgroup=period.status,
            showlegend=period.status not in seen,
            text=status,
            textposition="inside",
            hovertext=[
                f"{status.capitalize()}: {format_date(x0.date(), 'short')} – {format_date(x1.date(), 'short')}"
                f"<br>{plain(period.shown_title)}"
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
        seen.add(period.status)


def _exchanges_panel(fig: FigureSpec, events: pd.DataFrame, months: MonthRange) -> bool:
    """People exchanged per week or month on the bottom row, the two sides side by side; True when weekly."""
    people = events[events["kind"] != "body_repatriation"]
    per_period = exchanges_per_period(people, months)
    weekly = bool(per_period["days"].eq(7).all())
    hover = _("Week of {date}<br>{side}: {count} people") if weekly else _("{date}<br>{side}: {count} people")
    period_labels = [
        format_date(d.date(), "short") if weekly else format_month(month_of(d)) for d in per_period["start"]
    ]
    # Each side's bar takes just under half of its period, Ukraine's on the left and Russia's on the right:
    # both stay visible at every range, and no bar covers another.
    half = per_period["days"].iloc[0] * DAY_MS * 0.45 if len(per_period) else 0
    centre = per_period["start"] + pd.to_timedelta(per_period["days"] / 2, unit="D")
    for column, side, colour, offset in (
        ("to_ukraine", "UA", UKRAINE_COLOUR, -half),
        ("to_russia", "RU", RUSSIA_COLOUR, 0),
    ):
        name = _("People to Ukraine") if side == "UA" else _("People to Russia")
        fig.add_bar(
            x=centre,
            y=per_period[column].astype("Float64"),
            name=name,
            marker_color=colour,
            width=half,
            offset=offset,
            row=2,
            col=1,
            hovertext=[
                hover.format(date=label, side=name, count=format_number(n))
                for label, n in zip(period_labels, per_period[column], strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    return weekly


def _marked_talks(talks: pd.DataFrame, months: MonthRange) -> pd.DataFrame:
    """The rounds and announced agreements that start in `months`, in date order, with `shown_title` in the reader's
    language."""
    marked = rounds_and_agreements(talks)
    marked = marked[months.contains(marked["start_date"])]
    return marked.assign(shown_title=localised_column(marked, "title", current_language()))


def _round_markers(fig: FigureSpec, marked: pd.DataFrame, y: object, size: int, always_rounds: bool, **subplot) -> None:
    """Rounds as black diamonds and agreements announced without a meeting as open ones, on the line `y`.

    A kind the rows do not have gets no legend entry, except rounds when `always_rounds` (the talks timeline).
    """
    kinds = (
        ("round", _("Round of talks"), "diamond"),
        ("agreement", _("Agreement announced, no meeting"), "diamond-open"),
    )
    for kind, name, symbol in kinds:
        part = marked[marked["kind"] == kind]
        if part.empty and not (always_rounds and kind == "round"):
            continue
        fig.add_scatter(
            x=part["start_date"],
            y=[y] * len(part),
            mode="markers",
            marker={"symbol": symbol, "size": size, "color": "black", "line": {"color": "black", "width": 2}},
            name=name,
            hovertext=[
                f"{format_date(d.date(), 'short')}: {plain(t)}" + (f" — {plain(p)}" if isinstance(p, str) else "")
                for d, t, p in zip(
                    part["start_date"], part["shown_title"], part["location"].map(place_name), strict=True
                )
            ],
            hovertemplate="%{hovertext}<extra></extra>",
            **subplot,
        )


def _shade_talks_not_active(fig: FigureSpec, talks: pd.DataFrame, months: MonthRange) -> None:
    """Shade the periods of `months` in which the talks were paused, suspended, frozen or ended."""
    start, end = months.start, months.end
    for period in talks_periods(talks, until=end.date()).itertuples():
        if period.status == "active" or period.end < start or period.start > end:
            continue
        fig.add_vrect(
            x0=max(period.start, start),
            x1=min(period.end, end),
            fillcolor=STATUS_COLOURS.get(period.status, "#ccc"),
            opacity=0.18,
            line_width=0,
        )


def _timeline_table(
    periods: pd.DataFrame, rounds: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    """The periods (clipped to the months shown, the whole period beside) and the rounds and announced agreements
    (`shown_title` in the reader's language), in date order."""
    table = pd.DataFrame(
        {
            "From": periods["start"].clip(lower=start).dt.strftime("%Y-%m-%d"),
            "To": periods["end"].clip(upper=end).dt.strftime("%Y-%m-%d"),
            "Status": periods["status"].map(status_name),
            "What": periods["shown_title"],
            "Whole period": periods["start"].dt.strftime("%Y-%m-%d") + " – " + periods["end"].dt.strftime("%Y-%m-%d"),
            "Source": periods["source_publisher"],
            "Source link": periods["source_url"],
        }
    )
    rounds_table = pd.DataFrame(
        {
            "From": rounds["start_date"].dt.strftime("%Y-%m-%d"),
            "To": rounds["end_date"].dt.strftime("%Y-%m-%d"),
            "Status": rounds["kind"].map({"round": _("round"), "agreement": _("agreement announced")}),
            "What": rounds["shown_title"],
            "Whole period": None,
            "Source": rounds["source_publisher"],
            "Source link": rounds["source_url"],
        }
    )
    table = pd.concat([table, rounds_table]).sort_values("From", kind="stable").reset_index(drop=True)
    return table.rename(
        columns={
            "From": _("From"),
            "To": _("To"),
            "Status": _("Status"),
            "What": _("What"),
            "Whole period": _("Whole period"),
            "Source": _("Source"),
            "Source link": _("Source link"),
        }
    )


def talks_timeline_chart(talks: pd.DataFrame, events: pd.DataFrame, context: ChartContext) -> Chart:
    """Status of talks as coloured periods, rounds marked, and the people exchanged per week or month below."""
    start, end = context.months.start, context.months.end
    periods = talks_periods(talks, until=end.date())
    periods = periods[(periods["end"] >= start) & (periods["start"] <= end)]
    periods = periods.assign(shown_title=localised_column(periods, "title", current_language()))
    # Two rows on one time axis: the talks band above (35%), the exchanges below, 8% apart.
    fig = FigureSpec(rows=2)
    fig.update_layout(
        # A date axis like the panel below (durations in ms on a date base): left to detect its type, plotly.js
        # would take the durations for numbers and drop the match with the axis below.
        xaxis={"anchor": "y", "domain": [0, 1], "matches": "x2", "showticklabels": False, "type": "date"},
        yaxis={"anchor": "x", "domain": [0.678, 1]},
        xaxis2={"anchor": "y2", "domain": [0, 1]},
        yaxis2={"anchor": "x2", "domain": [0, 0.598]},
    )
    _status_band(fig, periods, start, end)
    marked = _marked_talks(talks, context.months)
    rounds = marked[marked["kind"] == "round"]
    _round_markers(fig, marked, y=_("Rounds"), size=13, always_rounds=True, row=1, col=1)
    weekly = _exchanges_panel(fig, events, context.months)
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(range=[start, end])
    _month_axis(fig, context.months, row=2)
    title = _("Status of talks, rounds, and people exchanged")
    _finish(fig, title, context, height=560)
    y_title = _("people exchanged per week") if weekly else _("people exchanged per month")
    fig.update_yaxes(title_text=y_title, row=2, col=1)
    table = _timeline_table(periods, marked, start, end)
    alt = ngettext(
        "Timeline of the status of talks in {months}, with {count} round marked and the exchanges of people below.",
        "Timeline of the status of talks in {months}, with {count} rounds marked and the exchanges of people below.",
        len(rounds),
    ).format(months=context.months.label, count=format_number(len(rounds)))
    empty = None
    if not (len(periods) or len(marked)):
        empty = _("No talks are recorded for {months}.").format(months=context.months.label)
    return Chart("talks-timeline", title, _built(fig), table, alt, empty)


# --- how complete is the data -------------------------------------------------------------------------------

COMPLETENESS_GROUPS = {
    "people": ("people_to_ukraine", ("people_to_ukraine", "people_to_ukraine_all")),
    "bodies": ("bodies_to_ukraine", ("bodies_to_ukraine",)),
    "exchanges": ("exchange_number", ("exchange_number",)),
}
OFFICIAL_SYMBOLS = {"people_to_ukraine": "circle", "people_to_ukraine_all": "diamond", "bodies_to_ukraine": "circle"}
OFFICIAL_SYMBOLS["exchange_number"] = "circle"
# Short names of the official series for the legend (the table names them in full).
LEGEND_LABELS = {
    "people_to_ukraine": N_("in exchanges"),
    "people_to_ukraine_all": N_("all returns"),
    "bodies_to_ukraine": N_("bodies returned"),
    "exchange_number": N_("exchange number"),
}


def completeness_chart(comparison: pd.DataFrame, running: pd.DataFrame, context: ChartContext, group: str) -> Chart:
    """The dataset's running total (a line) beside the official running totals (markers) of one measure group.

    `comparison`: `completeness.compare`; `running`: `completeness.running_totals`. Hollow markers are lower
    bounds ("more than"); hover gives who said it, the dataset's figure and the difference.
    """
    line_measure, official_measures = COMPLETENESS_GROUPS[group]
    start, end = context.months.start, context.months.end
    shown = running[(running["date"] <= end)]
    before = shown[shown["date"] < start].tail(1).assign(date=start)  # the total carried into the range
    shown = pd.concat([before, shown[shown["date"] >= start]])
    # Totals that count something else (another side's numbering, soldiers only) are in the table, not the chart.
    same_scope = comparison["scope_difference"].isna()
    official = comparison[
        comparison["measure"].isin(official_measures) & same_scope & context.months.contains(comparison["date"])
    ]
    titles = {
        "people": _("People returned to Ukraine: this data's running total and the official totals"),
        "bodies": _("Bodies returned to Ukraine: this data's running total and the official totals"),
        "exchanges": _("Exchanges of prisoners: this data's count and the official numbers"),
    }
    fig = FigureSpec()
    fig.add_scatter(
        x=shown["date"],
        y=shown[line_measure],
        mode="lines",
        line={"color": UKRAINE_COLOUR, "shape": "hv", "width": 2.5},
        name=_("This data"),
        hovertext=[
            f"{format_date(d.date(), 'short')}: {format_number(v)}"
            for d, v in zip(shown["date"], shown[line_measure], strict=True)
        ],
        hovertemplate="%{hovertext}<extra></extra>",
    )
    hover = _("{date}: {value} ({who})<br>This data: {dataset}; difference {difference}")
    language = current_language()
    for measure in official_measures:
        rows = official[official["measure"] == measure]
        for bound, fill in (("exact", "black"), ("lower", "white")):
            part = rows[rows["bound"] == bound]
            if part.empty:
                continue
            label = _(LEGEND_LABELS[measure])
            if bound == "lower":
                label = _("{measure}, more than").format(measure=label)
            fig.add_scatter(
                x=part["date"],
                y=part["value"],
                mode="markers",
                marker={
                    "symbol": OFFICIAL_SYMBOLS.get(measure, "circle"),
                    "size": 10,
                    "color": fill,
                    "line": {"color": "black", "width": 1.5},
                },
                name=_("Official: {label}").format(label=label),
                hovertext=[
                    hover.format(
                        date=format_date(d.date(), "short"),
                        value=format_number(v),
                        who=plain(w),
                        dataset="—" if pd.isna(x) else format_number(x),
                        difference="—" if pd.isna(x) else format_signed_number(int(x - v)),
                    )
                    for d, v, w, x in zip(
                        part["date"],
                        part["value"],
                        localised_column(part, "said_by", language),
                        part["dataset"],
                        strict=True,
                    )
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
    fig.update_xaxes(range=[start, end])
    _month_axis(fig, context.months)
    y_title = {"people": _("people"), "bodies": _("bodies"), "exchanges": _("exchanges")}[group]
    _finish(fig, titles[group], context, y_title=y_title)
    table = official_totals_table(official)
    alt = ngettext(
        "Line chart of this data's running total in {months}, with {count} official total marked.",
        "Line chart of this data's running total in {months}, with {count} official totals marked.",
        len(official),
    ).format(months=context.months.label, count=format_number(len(official)))
    empty = None
    if shown.empty and official.empty:
        empty = _("No official totals or handovers are recorded for {months}.").format(months=context.months.label)
    return Chart(f"completeness-{group}", titles[group], _built(fig), table, alt, empty)


def completeness_charts(comparison: pd.DataFrame, running: pd.DataFrame, context: ChartContext) -> list[Chart]:
    """The completeness charts of people, bodies and exchanges."""
    return [completeness_chart(comparison, running, context, group) for group in COMPLETENESS_GROUPS]
