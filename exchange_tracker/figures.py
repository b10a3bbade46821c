"""Plotly figures, each returned with the exact table it draws. No Streamlit here.

Every chart carries its provenance inside the picture: the title with the months shown, a source line
naming the publishers, the data-as-of date and the link that reopens the view.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from exchange_tracker.figure_spec import FigureSpec
from exchange_tracker.months import MonthRange
from exchange_tracker.transforms import (
    body_ratio,
    by_mediator,
    cumulative_by_side,
    monthly_totals,
    talks_periods,
    talks_rounds,
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
# The look every chart carries itself, so that the page and the PNG/SVG/HTML downloads are drawn alike, whatever
# template is Plotly's default in the process (Streamlit sets its own). Small on purpose: plotly.js merges the
# template into the figure on every redraw.
TEMPLATE = {
    "layout": {
        "font": {"family": FONT, "size": 13, "color": "#262730"},
        "title": {"font": {"size": 17, "weight": "bold"}},
        "hoverlabel": {"font": {"family": FONT}},
        "colorway": [UKRAINE_COLOUR, RUSSIA_COLOUR, "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"],
        "xaxis": {"automargin": True},
        "yaxis": {"automargin": True},
    }
}


@dataclass(frozen=True)
class ChartContext:
    """What every chart says about itself: the months, the sources, the data's date and the view's link."""

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
        """'bodies-repatriated_2025-05_2025-08'."""
        return f"{self.slug}_{months.slug}"


def plain(text: object) -> str:
    """Text from data, safe inside Plotly's labels: its tags (<a>, <b>, <br>) shown as text, never followed."""
    return html.escape(str(text), quote=False)


def source_line(publishers: tuple[str, ...], as_of: dt.date) -> str:
    """'Source: Reuters, TASS and 3 others · Exchange Tracker · data as of 2026-11-20'."""
    ranked = [plain(p) for p in publishers]
    named = ", ".join(ranked[:MAX_PUBLISHERS_NAMED]) or "no source"
    others = len(ranked) - MAX_PUBLISHERS_NAMED
    if others > 0:
        named += f" and {others} other{'s' if others > 1 else ''}"
    return f"Source: {named} · Exchange Tracker · data as of {as_of.isoformat()}"


def publishers_by_use(frame: pd.DataFrame, column: str = "publishers") -> tuple[str, ...]:
    """Publishers named in `column` ('; '-separated), most cited first."""
    if frame.empty:
        return ()
    counts = frame[column].dropna().str.split("; ").explode().value_counts(sort=False)
    return tuple(counts.sort_values(ascending=False, kind="stable").index)


def _finish(
    fig: FigureSpec, title: str, context: ChartContext, y_title: str | None = None, bottom: int = 110
) -> FigureSpec:
    """Title with the months, source line and link under the plot, shared fonts and margins.

    `bottom` is the margin (px) under the plot: room for the axis labels, with the source line at its foot.
    """
    fig.update_layout(
        template=TEMPLATE,
        title={"text": f"{title}<br><sup>{context.months.label}</sup>", "x": 0.01, "xanchor": "left"},
        margin={"l": 60, "r": 20, "t": 80, "b": bottom},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        plot_bgcolor="white",
        paper_bgcolor="white",
        height=460,
        annotations=[
            *fig.layout.get("annotations", []),
            {
                "text": f"{source_line(context.publishers, context.as_of)}<br>{context.link}",
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "yshift": -(bottom - 6),
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "align": "left",
                "font": {"size": 11, "color": "#444"},
            },
        ],
    )
    fig.update_xaxes(showgrid=False, linecolor="#888")
    fig.update_yaxes(gridcolor="#e5e5e5", zerolinecolor="#888")
    if y_title:
        fig.update_yaxes(title_text=y_title)
    return fig


def _month_axis(fig: FigureSpec, months: MonthRange) -> None:
    """Months labelled 'May 2025' under their bars: a tick every 1, 3 or 6 months, on the first of the month."""
    count = len(months.months())
    step = 1 if count <= 12 else 3 if count <= 30 else 6
    fig.update_xaxes(type="date", tickformat="%b %Y", dtick=f"M{step}", tick0=f"{months.first}-01")


def _month_starts(months: pd.Series) -> pd.Series:
    return pd.to_datetime(months + "-01")


def _side_bars(fig: FigureSpec, x, to_ukraine, to_russia, unit: str) -> None:
    for name, values, colour in (
        ("To Ukraine", to_ukraine, UKRAINE_COLOUR),
        ("To Russia", to_russia, RUSSIA_COLOUR),
    ):
        fig.add_bar(
            x=x,
            y=values,
            name=name,
            marker_color=colour,
            hovertemplate=f"%{{x|%b %Y}}<br>{name}: %{{y:,}} {unit}<extra></extra>",
        )


def monthly_people_chart(
    totals: pd.DataFrame, context: ChartContext, slug: str = "people-returned-monthly", civilians_apart: bool = True
) -> Chart:
    """Bars per month of people returned to each side, from `monthly_totals` of the exchanges of people.

    With `civilians_apart`, civilians are drawn as patterned bars on top of the military ones (the
    prisoners page); without, one bar per side whose hover gives the civilians among them (the landing
    page, where half the bars and no patterns redraw noticeably faster on every filter change).
    """
    months = _month_starts(totals["month"])
    fig = FigureSpec()
    for side, colour, name in (("ukraine", UKRAINE_COLOUR, "Ukraine"), ("russia", RUSSIA_COLOUR, "Russia")):
        civilians = totals[f"civilians_to_{side}"]
        if not civilians_apart:
            fig.add_bar(
                x=months,
                y=totals[f"to_{side}"],
                customdata=civilians,
                name=f"To {name}",
                marker_color=colour,
                hovertemplate=f"%{{x|%b %Y}}<br>To {name}: %{{y:,}} people, of whom %{{customdata:,}} civilians"
                "<extra></extra>",
            )
            continue
        military = totals[f"to_{side}"] - civilians
        fig.add_bar(
            x=months,
            y=military,
            name=f"To {name}",
            marker_color=colour,
            offsetgroup=side,
            legendgroup=side,
            hovertemplate=f"%{{x|%b %Y}}<br>To {name}: %{{y:,}} people (not counting civilians)<extra></extra>",
        )
        if civilians.any():
            fig.add_bar(
                x=months,
                y=civilians,
                name=f"Civilians to {name}",
                offsetgroup=side,
                base=military,
                legendgroup=side,
                marker={
                    "color": "white",
                    "line": {"color": colour, "width": 1.5},
                    "pattern": {"shape": CIVILIAN_PATTERN, "fgcolor": colour},
                },
                hovertemplate=f"%{{x|%b %Y}}<br>Civilians to {name}: %{{y:,}} people<extra></extra>",
            )
    fig.update_layout(barmode="group", bargap=0.15)
    _month_axis(fig, context.months)
    title = "People returned in exchanges, per month"
    _finish(fig, title, context, y_title="people")
    table = totals.rename(
        columns={
            "month": "Month",
            "to_ukraine": "People returned to Ukraine",
            "to_russia": "People returned to Russia",
            "civilians_to_ukraine": "Of whom civilians, to Ukraine",
            "civilians_to_russia": "Of whom civilians, to Russia",
            "handovers": "Exchanges",
        }
    )
    alt = (
        f"Bar chart, {context.months.label}: people returned to Ukraine ({int(totals['to_ukraine'].sum()):,} in all) "
        f"and to Russia ({int(totals['to_russia'].sum()):,}) per month."
    )
    recorded = totals["handovers"].sum() > 0
    empty = None if recorded else f"No exchanges of people are recorded for {context.months.label}."
    return Chart(slug, title, fig.figure(), table, alt, empty)


def per_handover_chart(
    events: pd.DataFrame, context: ChartContext, unit: str, slug: str, log_scale: bool = False
) -> Chart:
    """Bars per handover, to Ukraine vs to Russia; hover gives the figures, mediator, claimant and source."""
    ordered = events.sort_values("date")
    labels = ordered["date"].dt.strftime("%Y-%m-%d") + (ordered["event_id"].str.endswith("-2")).map(
        {True: " (2)", False: ""}
    )
    fig = FigureSpec()
    for column, name, colour in (
        ("to_ukraine", "To Ukraine", UKRAINE_COLOUR),
        ("to_russia", "To Russia", RUSSIA_COLOUR),
    ):
        hover = [
            f"<b>{d}</b><br>{name}: {'unknown' if pd.isna(v) else f'{int(v):,}'} {unit}"
            f" (claimed by {c if isinstance(c, str) else '—'})"
            f"<br>Mediator: {plain(m) if isinstance(m, str) else 'none stated'}<br>Source: {plain(p)}"
            + (f"<br><b>Disputed:</b> {plain(dispute)}" if disputed else "")
            for d, v, c, m, p, disputed, dispute in zip(
                labels,
                ordered[column],
                ordered[f"{column}_claimed_by"],
                ordered["mediator"],
                ordered["publishers"],
                ordered["disputed"],
                ordered["dispute"],
                strict=False,
            )
        ]
        fig.add_bar(
            x=labels,
            y=ordered[column].astype("Float64"),
            name=name,
            marker_color=colour,
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            marker_line={"color": ["black" if d else colour for d in ordered["disputed"]], "width": 2},
        )
    # Markers on a hidden 0-1 axis, so they sit at the same height whatever the scale of the bars.
    disputed_x = labels[ordered["disputed"].to_numpy()]
    if len(disputed_x):
        fig.add_scatter(
            x=disputed_x,
            y=[1.1] * len(disputed_x),
            mode="markers",
            marker={"symbol": "star", "color": "black", "size": 11},
            name="Disputed figures",
            yaxis="y2",
            hoverinfo="skip",
        )
    unknown = ordered["to_ukraine"].isna() & ordered["to_russia"].isna()
    if unknown.any():
        fig.add_scatter(
            x=labels[unknown.to_numpy()],
            y=[0.02] * int(unknown.sum()),
            mode="markers",
            marker={"symbol": "x-thin", "color": "#555", "size": 9, "line": {"width": 2, "color": "#555"}},
            name="Figures not published",
            yaxis="y2",
            hovertemplate="%{x}: figures not published<extra></extra>",
        )
    if len(disputed_x) or unknown.any():
        fig.update_layout(yaxis2={"overlaying": "y", "range": [0, 1.15], "visible": False})
    fig.update_layout(barmode="group", xaxis={"type": "category", "title": "handover date"})
    if log_scale:
        fig.update_layout(yaxis_type="log")  # the bars only; the markers keep their own 0-1 axis
    title = f"{unit.capitalize()} received by each side, per handover"
    _finish(
        fig,
        title + (" (log scale)" if log_scale else ""),
        context,
        y_title=unit + (" (log scale)" if log_scale else ""),
        bottom=170,  # dates are written at an angle
    )
    table = ordered.assign(Date=labels)[
        [
            "Date",
            "kind",
            "to_ukraine",
            "to_russia",
            "to_ukraine_claimed_by",
            "to_russia_claimed_by",
            "mediator",
            "dispute",
            "publishers",
            "source_urls",
        ]
    ].rename(
        columns={
            "kind": "Kind",
            "to_ukraine": f"{unit.capitalize()} to Ukraine",
            "to_russia": f"{unit.capitalize()} to Russia",
            "to_ukraine_claimed_by": "Figure to Ukraine claimed by",
            "to_russia_claimed_by": "Figure to Russia claimed by",
            "mediator": "Mediator",
            "dispute": "Differing claims",
            "publishers": "Sources",
            "source_urls": "Source links",
        }
    )
    alt = (
        f"Bar chart of {len(ordered)} handovers in {context.months.label}: "
        f"{unit} received by Ukraine and by Russia in each."
    )
    empty = None if len(ordered) else f"No handovers of {unit} are recorded for {context.months.label}."
    return Chart(slug, title, fig.figure(), table, alt, empty)


def cumulative_chart(events: pd.DataFrame, talks: pd.DataFrame, context: ChartContext, unit: str, slug: str) -> Chart:
    """Running total per side, with rounds of talks marked and paused periods shaded."""
    running = cumulative_by_side(events)
    fig = FigureSpec()
    for column, name, colour, dash in (
        ("to_ukraine", "To Ukraine", UKRAINE_COLOUR, "solid"),
        ("to_russia", "To Russia", RUSSIA_COLOUR, "dash"),
    ):
        fig.add_scatter(
            x=running["date"],
            y=running[column],
            name=name,
            mode="lines",
            line={"color": colour, "dash": dash, "shape": "hv", "width": 2.5},
            hovertemplate=f"%{{x|%Y-%m-%d}}<br>{name}, in all: %{{y:,}} {unit}<extra></extra>",
        )
    start, end = context.months.start, context.months.end
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
    rounds = talks_rounds(talks)
    rounds = rounds[context.months.contains(rounds["start_date"])]
    if not rounds.empty:
        fig.add_scatter(
            x=rounds["start_date"],
            y=[0] * len(rounds),
            mode="markers",
            name="Round of talks",
            marker={"symbol": "diamond", "size": 11, "color": "black"},
            hovertext=rounds["title"].map(plain),
            hovertemplate="%{x|%Y-%m-%d}: %{hovertext}<extra></extra>",
        )
    fig.update_xaxes(range=[start, end])
    title = f"{unit.capitalize()} received by each side, running total over the months shown"
    _finish(fig, title, context, y_title=unit)
    fig.add_annotation(
        text="Shaded: talks paused, suspended or frozen",
        xref="paper",
        yref="paper",
        x=0,
        y=1.0,
        yanchor="bottom",
        showarrow=False,
        font={"size": 11, "color": "#555"},
    )
    table = running.assign(date=running["date"].dt.strftime("%Y-%m-%d")).rename(
        columns={
            "date": "Date",
            "to_ukraine": f"{unit.capitalize()} to Ukraine, running total",
            "to_russia": f"{unit.capitalize()} to Russia, running total",
        }
    )
    alt = (
        f"Line chart of the running total of {unit} received by each side in {context.months.label}, "
        "with rounds of talks marked."
    )
    empty = None if len(events) else f"No handovers of {unit} are recorded for {context.months.label}."
    return Chart(slug, title, fig.figure(), table, alt, empty)


def mediator_chart(events: pd.DataFrame, context: ChartContext) -> Chart:
    """Exchanges per mediator (horizontal bars)."""
    table = by_mediator(events)
    fig = FigureSpec()
    fig.add_bar(
        y=table["mediator"].map(plain),
        x=table["exchanges"],
        orientation="h",
        marker_color="#56B4E9",
        text=table["exchanges"],
        textposition="outside",
        hovertemplate="%{y}: %{x} exchanges<extra></extra>",
        name="Exchanges",
    )
    fig.update_yaxes(autorange="reversed")
    title = "Prisoner exchanges by mediator"
    _finish(fig, title, context)
    fig.update_xaxes(title_text="exchanges")
    fig.update_layout(showlegend=False)
    readable = table.rename(
        columns={
            "mediator": "Mediator",
            "exchanges": "Exchanges",
            "to_ukraine": "People returned to Ukraine",
            "to_russia": "People returned to Russia",
        }
    )
    alt = (
        f"Horizontal bar chart of exchanges per mediator in {context.months.label}; "
        "an exchange with two mediators counts for each."
    )
    empty = None if len(events) else f"No exchanges are recorded for {context.months.label}."
    return Chart("exchanges-by-mediator", title, fig.figure(), readable, alt, empty)


def monthly_bodies_chart(events: pd.DataFrame, context: ChartContext) -> Chart:
    """Bodies received by each side per month."""
    totals = monthly_totals(events, context.months)
    fig = FigureSpec()
    _side_bars(fig, _month_starts(totals["month"]), totals["to_ukraine"], totals["to_russia"], "bodies")
    fig.update_layout(barmode="group")
    _month_axis(fig, context.months)
    title = "Bodies repatriated, per month"
    _finish(fig, title, context, y_title="bodies")
    table = totals[["month", "to_ukraine", "to_russia", "handovers"]].rename(
        columns={
            "month": "Month",
            "to_ukraine": "Bodies returned to Ukraine",
            "to_russia": "Bodies returned to Russia",
            "handovers": "Handovers",
        }
    )
    alt = f"Bar chart of bodies returned to each side per month in {context.months.label}."
    empty = None if len(events) else f"No repatriations of bodies are recorded for {context.months.label}."
    return Chart("bodies-repatriated-monthly", title, fig.figure(), table, alt, empty)


def body_ratio_chart(events: pd.DataFrame, context: ChartContext) -> Chart:
    """Bodies to Ukraine for each body to Russia, per handover."""
    ratios = body_ratio(events.sort_values("date"))
    known = ratios[ratios["ratio"].notna()]
    fig = FigureSpec()
    fig.add_scatter(
        x=known["date"],
        y=known["ratio"].astype("float64"),
        mode="markers+lines",
        marker={"color": "#333", "size": 8},
        line={"color": "#bbb"},
        name="Bodies to Ukraine per body to Russia",
        customdata=known[["to_ukraine", "to_russia"]].astype("float64").to_numpy(),
        hovertemplate=(
            "%{x|%Y-%m-%d}: %{y} to 1 (%{customdata[0]:,} to Ukraine, %{customdata[1]:,} to Russia)<extra></extra>"
        ),
    )
    title = "Ratio of bodies returned: to Ukraine for each one to Russia"
    _finish(fig, title, context, y_title="bodies to Ukraine per body to Russia")
    table = ratios.assign(date=ratios["date"].dt.strftime("%Y-%m-%d")).rename(
        columns={
            "date": "Date",
            "event_id": "Event",
            "to_ukraine": "Bodies to Ukraine",
            "to_russia": "Bodies to Russia",
            "ratio": "Bodies to Ukraine per body to Russia",
        }
    )
    total_ua, total_ru = int(events["to_ukraine"].sum()), int(events["to_russia"].sum())
    overall = f"{total_ua / total_ru:.1f} to 1" if total_ru else "not defined (none to Russia)"
    alt = f"Ratio per handover in {context.months.label}; overall {overall}."
    empty = None if len(known) else f"No handover in {context.months.label} states figures for both sides."
    return Chart("bodies-ratio", title, fig.figure(), table, alt, empty)


def talks_timeline_chart(talks: pd.DataFrame, events: pd.DataFrame, context: ChartContext) -> Chart:
    """Status of talks as coloured periods, rounds marked, and the exchanges on the same time axis."""
    start, end = context.months.start, context.months.end
    periods = talks_periods(talks, until=end.date())
    periods = periods[(periods["end"] >= start) & (periods["start"] <= end)]
    # Two rows on one time axis: the talks band above (35%), the exchanges below, 8% apart.
    fig = FigureSpec(rows=2)
    fig.update_layout(
        xaxis={"anchor": "y", "domain": [0, 1], "matches": "x2", "showticklabels": False},
        yaxis={"anchor": "x", "domain": [0.678, 1]},
        xaxis2={"anchor": "y2", "domain": [0, 1]},
        yaxis2={"anchor": "x2", "domain": [0, 0.598]},
    )
    seen = set()
    for period in periods.itertuples():
        x0, x1 = max(period.start, start), min(period.end, end)
        fig.add_bar(
            x=[(x1 - x0).total_seconds() * 1000],
            base=[x0],
            y=["Talks"],
            orientation="h",
            row=1,
            col=1,
            marker_color=STATUS_COLOURS.get(period.status, "#ccc"),
            name=period.status.capitalize(),
            offsetgroup="status",  # one band: periods follow each other, they are not grouped side by side
            legendgroup=period.status,
            showlegend=period.status not in seen,
            text=period.status,
            textposition="inside",
            hovertext=[f"{period.status.capitalize()}: {x0:%Y-%m-%d} – {x1:%Y-%m-%d}<br>{plain(period.title)}"],
            hovertemplate="%{hovertext}<extra></extra>",
        )
        seen.add(period.status)
    rounds = talks_rounds(talks)
    rounds = rounds[context.months.contains(rounds["start_date"])]
    fig.add_scatter(
        x=rounds["start_date"],
        y=["Rounds"] * len(rounds),
        mode="markers",
        marker={"symbol": "diamond", "size": 13, "color": "black"},
        name="Round of talks",
        hovertext=(rounds["title"] + " — " + rounds["location"].fillna("")).map(plain),
        hovertemplate="%{x|%Y-%m-%d}: %{hovertext}<extra></extra>",
        row=1,
        col=1,
    )
    people = events[events["kind"] != "body_repatriation"]
    for column, name, colour in (
        ("to_ukraine", "People to Ukraine", UKRAINE_COLOUR),
        ("to_russia", "People to Russia", RUSSIA_COLOUR),
    ):
        fig.add_bar(
            x=people["date"],
            y=people[column].astype("Float64"),
            name=name,
            marker_color=colour,
            offsetgroup=column,
            width=3 * 86_400_000,  # three days, in ms: one-day bars vanish on a multi-year axis
            row=2,
            col=1,
            hovertemplate=f"%{{x|%Y-%m-%d}}<br>{name}: %{{y:,}}<extra></extra>",
        )
    fig.update_layout(barmode="group", height=560)
    fig.update_xaxes(type="date", range=[start, end])
    title = "Status of talks, rounds, and people exchanged"
    _finish(fig, title, context)
    fig.update_layout(height=560)
    fig.update_yaxes(title_text="people per exchange", row=2, col=1)
    # Periods are drawn clipped to the months shown; the table says so and keeps the whole period beside.
    table = periods.assign(
        start=periods["start"].clip(lower=start).dt.strftime("%Y-%m-%d"),
        end=periods["end"].clip(upper=end).dt.strftime("%Y-%m-%d"),
        whole=periods["start"].dt.strftime("%Y-%m-%d") + " to " + periods["end"].dt.strftime("%Y-%m-%d"),
    )[["start", "end", "status", "title", "whole", "source_publisher", "source_url"]].rename(
        columns={
            "start": "From",
            "end": "To",
            "status": "Status",
            "title": "What",
            "whole": "Whole period",
            "source_publisher": "Source",
            "source_url": "Source link",
        }
    )
    rounds_table = (
        rounds.assign(
            From=rounds["start_date"].dt.strftime("%Y-%m-%d"),
            To=rounds["end_date"].dt.strftime("%Y-%m-%d"),
            Status="round",
        )[["From", "To", "Status", "title", "source_publisher", "source_url"]]
        .assign(**{"Whole period": None})[
            ["From", "To", "Status", "title", "Whole period", "source_publisher", "source_url"]
        ]
        .rename(columns={"title": "What", "source_publisher": "Source", "source_url": "Source link"})
    )
    table = pd.concat([table, rounds_table]).sort_values("From", kind="stable").reset_index(drop=True)
    alt = (
        f"Timeline of the status of talks in {context.months.label}, with {len(rounds)} rounds marked "
        "and the exchanges of people below."
    )
    empty = None if len(periods) or len(rounds) else f"No talks are recorded for {context.months.label}."
    return Chart("talks-timeline", title, fig.figure(), table, alt, empty)
