"""Figures as data: titles with months, source lines, one colour per side, tables equal to bars, no bar hidden."""

import datetime as dt
import itertools
import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from exchange_tracker import figures
from exchange_tracker.figures import RUSSIA_COLOUR, UKRAINE_COLOUR, ChartContext, source_line
from exchange_tracker.i18n import use_language
from exchange_tracker.months import MonthRange
from exchange_tracker.transforms import BODIES_KIND, PEOPLE_KINDS, in_months, monthly_totals, with_kinds
from tests.shipped import EVENTS, SHIPPED

MONTHS = MonthRange("2025-05", "2025-08")
CONTEXT = ChartContext(
    MONTHS, ("Reuters", "TASS"), dt.date(2026, 3, 6), "http://localhost:8501/?from=2025-05&to=2025-08&lang=en"
)
PEOPLE = with_kinds(in_months(EVENTS, MONTHS), PEOPLE_KINDS)
BODIES = with_kinds(in_months(EVENTS, MONTHS), (BODIES_KIND,))
PEOPLE_CHARTS = ("people-returned-monthly", "prisoners-per-exchange", "prisoners-cumulative", "exchanges-by-mediator")
BODIES_CHARTS = ("bodies-repatriated", "bodies-repatriated-monthly", "bodies-ratio", "bodies-cumulative")


def all_charts(people=PEOPLE, bodies=BODIES, months=MONTHS, context=CONTEXT) -> dict[str, figures.Chart]:
    """Every chart the pages draw, by slug."""
    charts = [
        figures.monthly_people_chart(monthly_totals(people, months), context),
        figures.per_handover_chart(people, context, unit="people"),
        figures.cumulative_chart(people, SHIPPED.talks, context, unit="people"),
        figures.mediator_chart(people, context),
        figures.per_handover_chart(bodies, context, unit="bodies"),
        figures.monthly_bodies_chart(bodies, context),
        figures.body_ratio_chart(bodies, context),
        figures.cumulative_chart(bodies, SHIPPED.talks, context, unit="bodies"),
        figures.talks_timeline_chart(SHIPPED.talks, in_months(EVENTS, months), context),
    ]
    return {chart.slug: chart for chart in charts}


CHARTS = all_charts()


def bar_spans(trace) -> list[tuple[float, float]]:
    """(start, end) in ms of each bar placed on a time axis by an explicit base or offset and width."""
    if trace.orientation == "h" and trace.base is not None:
        return [(ms(b), ms(b) + float(x)) for b, x in zip(trace.base, trace.x, strict=True)]
    if trace.width is not None and trace.offset is not None:
        return [(ms(x) + trace.offset, ms(x) + trace.offset + trace.width) for x in trace.x]
    return []


def chart_note(chart) -> str | None:
    """The note a chart carries above its source line (the running totals explain their shading)."""
    return "Shaded: talks paused, suspended or frozen" if chart.slug.endswith("-cumulative") else None


def ms(value) -> float:
    return pd.Timestamp(value).value / 1e6


@pytest.mark.parametrize("slug", list(CHARTS))
def test_every_chart_carries_title_months_source_and_link(slug):
    chart = CHARTS[slug]
    layout = chart.figure.layout
    assert chart.title in layout.title.text.replace("<br>", " ") and MONTHS.label in layout.title.text
    footer = [a.text for a in layout.annotations if "Source:" in (a.text or "")]
    assert footer == ["<br>".join(figures.footer_lines(CONTEXT, chart_note(chart)))]
    assert source_line(CONTEXT.publishers, CONTEXT.as_of) in re.sub(r"<br>(?!<a)", " ", footer[0])
    assert f'<a href="{CONTEXT.link}" target="_blank">' in footer[0]
    assert chart.alt and not chart.table.empty and chart.empty_message is None


@pytest.mark.parametrize("slug", list(CHARTS))
def test_every_chart_passes_plotlys_own_validation(slug):
    """Figures are assembled unvalidated for speed (figure_spec.py); here plotly.py validates every property."""
    go.Figure(CHARTS[slug].figure.to_plotly_json())


@pytest.mark.parametrize("language", ["en", "uk"])
def test_every_chart_validates_in_every_language(language):
    with use_language(language):
        for chart in all_charts().values():
            go.Figure(chart.figure.to_plotly_json())


@pytest.mark.parametrize("slug", list(CHARTS))
def test_ukraine_and_russia_keep_their_colours_and_are_named(slug):
    for trace in CHARTS[slug].figure.data:
        name = trace.name or ""
        colour = getattr(trace.marker, "color", None) if trace.type == "bar" else getattr(trace.line, "color", None)
        if "per body" in name or "Civilians" in name:
            continue  # the ratio is one series of both sides; civilians are patterned in the side's colour
        if "Ukraine" in name:
            assert colour == UKRAINE_COLOUR, name
        if "Russia" in name:
            assert colour == RUSSIA_COLOUR, name


@pytest.mark.parametrize("slug", list(CHARTS))
def test_in_every_bar_chart_each_category_is_drawn_once_and_no_bar_covers_another(slug):
    bars = [trace for trace in CHARTS[slug].figure.data if trace.type == "bar"]
    for trace in bars:
        positions = list(trace.y if trace.orientation == "h" else trace.x)
        if trace.orientation != "h" or trace.base is None:
            assert len(positions) == len(set(positions)), f"{trace.name}: a category appears twice"
    for row in {trace.yaxis or "y" for trace in bars}:  # bars on one row of the chart
        spans = sorted(span for trace in bars if (trace.yaxis or "y") == row for span in bar_spans(trace))
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert start >= end - 1e-6, f"{slug}: a bar covers another"


def test_the_timeline_shows_both_sides_side_by_side_at_every_range():
    for months in (
        MonthRange("2025-01", "2025-12"),
        MonthRange("2022-02", "2026-03"),
        MonthRange("2025-05", "2025-05"),
    ):
        context = ChartContext(months, (), dt.date(2026, 3, 6), "http://localhost:8501/")
        chart = figures.talks_timeline_chart(SHIPPED.talks, in_months(EVENTS, months), context)
        sides = [t for t in chart.figure.data if t.type == "bar" and t.orientation != "h"]
        assert [t.marker.color for t in sides] == [UKRAINE_COLOUR, RUSSIA_COLOUR]
        ukraine, russia = sides
        assert ukraine.width == russia.width > 0
        assert ukraine.offset + ukraine.width <= russia.offset  # Ukraine's bar ends where Russia's begins


def test_source_line_names_the_most_cited_publishers_and_counts_the_rest():
    line = source_line(("A", "B", "C", "D", "E", "F"), dt.date(2026, 3, 6))
    assert line == "Source: A, B, C, D and 2 others · Exchange Tracker · data as of 6 Mar 2026"
    with use_language("uk"):
        assert "ще 2" in source_line(("A", "B", "C", "D", "E", "F"), dt.date(2026, 3, 6))


def test_per_handover_bars_equal_the_table_and_mark_disputes():
    chart = CHARTS["bodies-repatriated"]
    to_ukraine = next(t for t in chart.figure.data if t.name == "To Ukraine")
    assert [None if v != v else v for v in to_ukraine.y] == [
        None if v != v else float(v) for v in chart.table["Bodies to Ukraine"].astype("Float64").fillna(float("nan"))
    ]
    assert list(to_ukraine.x) == chart.table["Event"].tolist()
    disputed = chart.table.loc[chart.table["Differing claims"] != "", "Date"].tolist()
    assert "2025-06-16" in disputed
    assert any(t.name == "Disputed figures" for t in chart.figure.data)


def test_two_handovers_on_one_day_get_two_slots_labelled_by_kind():
    day = MonthRange("2022-03", "2022-03")
    people = with_kinds(in_months(EVENTS, day), PEOPLE_KINDS)
    chart = figures.per_handover_chart(people, CONTEXT, unit="people")
    axis = chart.figure.layout.xaxis
    labels = dict(zip(axis.tickvals, axis.ticktext, strict=True))
    assert labels["2022-03-24-civilians"] != labels["2022-03-24-prisoners"]
    assert labels["2022-03-24-civilians"].startswith("24 Mar 2022")


def test_log_scale_makes_small_and_large_handovers_readable():
    chart = figures.per_handover_chart(BODIES, CONTEXT, unit="bodies", log_scale=True)
    assert chart.figure.layout.yaxis.type == "log"
    assert "log scale" in chart.figure.layout.yaxis.title.text
    assert chart.slug == "bodies-repatriated-log"


def test_people_and_bodies_are_never_drawn_in_one_chart():
    for slug in PEOPLE_CHARTS:
        assert "bod" not in " ".join(t.name or "" for t in CHARTS[slug].figure.data).lower()
    for slug in BODIES_CHARTS:
        assert "people" not in " ".join(t.name or "" for t in CHARTS[slug].figure.data).lower()


def test_monthly_people_table_sums_what_the_bars_draw():
    chart = figures.monthly_people_chart(monthly_totals(PEOPLE, MONTHS), CONTEXT)
    assert chart.table["Month"].tolist() == ["May 2025", "Jun 2025", "Jul 2025", "Aug 2025"]
    drawn = {t.name: list(t.y) for t in chart.figure.data}
    table = chart.table
    military = (table["People returned to Ukraine"] - table["Of whom civilians, to Ukraine"]).tolist()
    assert drawn["To Ukraine"] == military
    assert drawn["Civilians to Ukraine"] == chart.table["Of whom civilians, to Ukraine"].tolist()


def test_monthly_people_without_civilians_apart_draws_one_bar_per_side_with_civilians_on_hover():
    chart = figures.monthly_people_chart(monthly_totals(PEOPLE, MONTHS), CONTEXT, civilians_apart=False)
    assert [t.name for t in chart.figure.data] == ["To Ukraine", "To Russia"]
    to_ukraine = chart.figure.data[0]
    assert list(to_ukraine.y) == chart.table["People returned to Ukraine"].tolist()
    civilians = chart.table["Of whom civilians, to Ukraine"].tolist()
    assert all(f"of whom {c:,} civilians" in text for c, text in zip(civilians, to_ukraine.hovertext, strict=True))
    assert chart.table.equals(figures.monthly_people_chart(monthly_totals(PEOPLE, MONTHS), CONTEXT).table)


def test_an_empty_selection_gives_a_sentence_not_an_empty_axis():
    empty = EVENTS.iloc[0:0]
    charts = all_charts(empty, empty)
    for slug in (*PEOPLE_CHARTS, *BODIES_CHARTS):
        assert charts[slug].empty_message and MONTHS.label in charts[slug].empty_message, slug


def test_log_scale_leaves_the_dispute_markers_on_their_own_linear_axis():
    chart = figures.per_handover_chart(BODIES, CONTEXT, unit="bodies", log_scale=True)
    assert chart.figure.layout.yaxis2.type in (None, "linear", "-")
    assert chart.figure.layout.yaxis2.range == (0, 1.15)


@pytest.mark.parametrize("slug", list(CHARTS))
def test_backgrounds_are_white_for_publication(slug):
    assert CHARTS[slug].figure.layout.plot_bgcolor == "white"
    assert CHARTS[slug].figure.layout.paper_bgcolor == "white"


def test_monthly_bars_sit_on_their_month_label_in_the_readers_language():
    chart = CHARTS["bodies-repatriated-monthly"]
    axis = chart.figure.layout.xaxis
    assert list(axis.tickvals) == ["2025-05-01", "2025-06-01", "2025-07-01", "2025-08-01"]
    assert list(axis.ticktext) == ["May<br>2025", "Jun<br>2025", "Jul<br>2025", "Aug<br>2025"]
    assert chart.figure.data[0].x[0].startswith("2025-05-01")
    with use_language("uk"):
        ukrainian = figures.monthly_bodies_chart(BODIES, CONTEXT).figure.layout.xaxis
    assert list(ukrainian.ticktext) == ["трав.<br>2025", "черв.<br>2025", "лип.<br>2025", "серп.<br>2025"]


@pytest.mark.parametrize("slug", list(CHARTS))
def test_every_chart_carries_its_own_small_template(slug):
    """The page and the downloads draw the same figure, whatever Plotly's default template in the process."""
    assert CHARTS[slug].figure.layout.template.to_plotly_json() == figures.TEMPLATE


def test_the_talks_band_is_drawn_on_a_date_axis_matched_with_the_exchanges_below():
    """Left to guess, plotly.js takes the band's durations for numbers and drops the match with the axis below."""
    layout = CHARTS["talks-timeline"].figure.layout
    assert layout.xaxis.type == "date" and layout.xaxis2.type == "date" and layout.xaxis.matches == "x2"


@pytest.mark.parametrize("language", ["en", "uk"])
@pytest.mark.parametrize("slug", list(CHARTS))
def test_titles_and_footers_are_wrapped_to_fit_a_phone(slug, language):
    with use_language(language):
        chart = all_charts()[slug]
    layout = chart.figure.layout
    title_lines = layout.title.text.split("<br>")[:-1]  # the last line is the months
    assert all(len(line) <= figures.TITLE_LINE for line in title_lines)
    footer = next(a.text for a in layout.annotations if "Exchange Tracker" in (a.text or ""))
    visible = [re.sub(r"<[^>]+>", "", line) for line in footer.split("<br>")]
    assert all(len(line) <= figures.FOOTER_LINE for line in visible), visible
    assert layout.legend.orientation == "h" and layout.legend.yref == "container"


def test_month_axis_keeps_at_most_six_labels():
    for months in (
        MonthRange("2025-05", "2025-05"),
        MonthRange("2025-01", "2025-12"),
        MonthRange("2022-02", "2026-06"),
    ):
        spec = figures.FigureSpec()
        figures._month_axis(spec, months)
        assert 1 <= len(spec.layout["xaxis"]["ticktext"]) <= 6


def test_an_agreement_announced_without_a_meeting_is_not_drawn_as_a_round():
    months = MonthRange("2026-01", "2026-06")
    context = ChartContext(months, (), dt.date(2026, 6, 7), "http://localhost:8501/")
    chart = figures.talks_timeline_chart(SHIPPED.talks, in_months(EVENTS, months), context)
    markers = {t.name: t for t in chart.figure.data if t.type == "scatter"}
    agreements = SHIPPED.talks[(SHIPPED.talks["kind"] == "agreement") & months.contains(SHIPPED.talks["start_date"])]
    rounds = SHIPPED.talks[(SHIPPED.talks["kind"] == "round") & months.contains(SHIPPED.talks["start_date"])]
    assert len(agreements) >= 1 and len(rounds) >= 1
    assert len(markers["Round of talks"].x) == len(rounds)
    announced = markers["Agreement announced, no meeting"]
    assert announced.marker.symbol == "diamond-open"
    assert sorted(pd.to_datetime(announced.x)) == sorted(agreements["start_date"])
    assert (chart.table["Status"] == "agreement announced").sum() == len(agreements)
    # A range without an announced agreement has no legend entry for one.
    before = MonthRange("2025-01", "2025-12")
    context = ChartContext(before, (), dt.date(2026, 6, 7), "http://localhost:8501/")
    chart = figures.talks_timeline_chart(SHIPPED.talks, in_months(EVENTS, before), context)
    assert "Agreement announced, no meeting" not in {t.name for t in chart.figure.data}


def test_the_running_totals_mark_rounds_and_announced_agreements_apart():
    months = MonthRange("2026-01", "2026-06")
    context = ChartContext(months, (), dt.date(2026, 6, 7), "http://localhost:8501/")
    people = with_kinds(in_months(EVENTS, months), PEOPLE_KINDS)
    chart = figures.cumulative_chart(people, SHIPPED.talks, context, unit="people")
    markers = {t.name: t for t in chart.figure.data if t.type == "scatter" and t.mode == "markers"}
    assert markers["Round of talks"].marker.symbol == "diamond"
    assert markers["Agreement announced, no meeting"].marker.symbol == "diamond-open"
    assert len(markers["Agreement announced, no meeting"].x) == 1
