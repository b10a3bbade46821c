"""Figures as data: titles with months, source lines, one colour per side everywhere, tables equal to bars."""

import datetime as dt

import pytest

from exchange_tracker import figures
from exchange_tracker.figures import RUSSIA_COLOUR, UKRAINE_COLOUR, ChartContext, source_line
from exchange_tracker.loading import load_folder
from exchange_tracker.months import MonthRange
from exchange_tracker.transforms import (
    BODIES_KIND,
    PEOPLE_KINDS,
    headline_events,
    in_months,
    monthly_totals,
    with_kinds,
)

MONTHS = MonthRange("2025-05", "2025-08")
DATA = load_folder(figures.__file__.rsplit("/", 2)[0] + "/data", today=dt.date.today())
EVENTS = headline_events(DATA.exchanges)
CONTEXT = ChartContext(
    MONTHS, ("Reuters", "TASS"), dt.date(2026, 3, 6), "http://localhost:8501/?from=2025-05&to=2025-08"
)
PEOPLE = with_kinds(in_months(EVENTS, MONTHS), PEOPLE_KINDS)
BODIES = with_kinds(in_months(EVENTS, MONTHS), (BODIES_KIND,))


def all_charts(months_events=(PEOPLE, BODIES)):
    people, bodies = months_events
    return [
        figures.monthly_people_chart(monthly_totals(people, MONTHS), CONTEXT),
        figures.per_handover_chart(people, CONTEXT, unit="people", slug="prisoners-per-exchange"),
        figures.cumulative_chart(people, DATA.talks, CONTEXT, unit="people", slug="prisoners-cumulative"),
        figures.mediator_chart(people, CONTEXT),
        figures.per_handover_chart(bodies, CONTEXT, unit="bodies", slug="bodies-repatriated"),
        figures.monthly_bodies_chart(bodies, CONTEXT),
        figures.body_ratio_chart(bodies, CONTEXT),
        figures.talks_timeline_chart(DATA.talks, in_months(EVENTS, MONTHS), CONTEXT),
    ]


@pytest.mark.parametrize("chart", all_charts(), ids=lambda c: c.slug)
def test_every_chart_carries_title_months_source_and_link(chart):
    layout = chart.figure.layout
    assert chart.title in layout.title.text and MONTHS.label in layout.title.text
    footer = [a.text for a in layout.annotations if "Source:" in (a.text or "")]
    assert footer == [f"{source_line(CONTEXT.publishers, CONTEXT.as_of)}<br>{CONTEXT.link}"]
    assert chart.alt and not chart.table.empty and chart.empty_message is None


@pytest.mark.parametrize("chart", all_charts(), ids=lambda c: c.slug)
def test_ukraine_and_russia_keep_their_colours_and_are_named(chart):
    for trace in chart.figure.data:
        name = trace.name or ""
        colour = getattr(trace.marker, "color", None) if trace.type == "bar" else getattr(trace.line, "color", None)
        if "per body" in name or "Civilians" in name:
            continue  # the ratio is one series of both sides; civilians are patterned in the side's colour
        if "Ukraine" in name:
            assert colour == UKRAINE_COLOUR, name
        if "Russia" in name:
            assert colour == RUSSIA_COLOUR, name


def test_source_line_names_the_most_cited_publishers_and_counts_the_rest():
    line = source_line(("A", "B", "C", "D", "E", "F"), dt.date(2026, 3, 6))
    assert line == "Source: A, B, C, D and 2 others · Exchange Tracker · data as of 2026-03-06"


def test_per_handover_bars_equal_the_table_and_mark_disputes():
    chart = figures.per_handover_chart(BODIES, CONTEXT, unit="bodies", slug="bodies-repatriated")
    to_ukraine = next(t for t in chart.figure.data if t.name == "To Ukraine")
    assert list(to_ukraine.y) == [float(v) for v in chart.table["Bodies to Ukraine"]]
    assert list(to_ukraine.x) == chart.table["Date"].tolist()
    assert "2025-06-16" in chart.table.loc[chart.table["Differing claims"].notna(), "Date"].tolist()
    assert any(t.name == "Disputed figures" for t in chart.figure.data)


def test_log_scale_makes_small_and_large_handovers_readable():
    chart = figures.per_handover_chart(BODIES, CONTEXT, unit="bodies", slug="bodies-repatriated", log_scale=True)
    assert chart.figure.layout.yaxis.type == "log"
    assert "log scale" in chart.figure.layout.yaxis.title.text


def test_people_and_bodies_are_never_drawn_in_one_chart():
    for chart in all_charts()[:4]:
        assert "bod" not in " ".join(t.name or "" for t in chart.figure.data).lower()
    for chart in all_charts()[4:7]:
        assert "people" not in " ".join(t.name or "" for t in chart.figure.data).lower()


def test_monthly_people_table_sums_what_the_bars_draw():
    chart = figures.monthly_people_chart(monthly_totals(PEOPLE, MONTHS), CONTEXT)
    assert chart.table["Month"].tolist() == MONTHS.months()
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
    assert list(to_ukraine.customdata) == chart.table["Of whom civilians, to Ukraine"].tolist()
    assert "civilians" in to_ukraine.hovertemplate and "customdata" in to_ukraine.hovertemplate
    assert chart.table.equals(figures.monthly_people_chart(monthly_totals(PEOPLE, MONTHS), CONTEXT).table)


def test_an_empty_selection_gives_a_sentence_not_an_empty_axis():
    empty = EVENTS.iloc[0:0]
    for chart in all_charts((empty, empty))[:7]:
        assert chart.empty_message and MONTHS.label in chart.empty_message


def test_log_scale_leaves_the_dispute_markers_on_their_own_linear_axis():
    chart = figures.per_handover_chart(BODIES, CONTEXT, unit="bodies", slug="bodies-repatriated", log_scale=True)
    assert chart.figure.layout.yaxis2.type in (None, "linear", "-")
    assert chart.figure.layout.yaxis2.range == (0, 1.15)


@pytest.mark.parametrize("chart", all_charts(), ids=lambda c: c.slug)
def test_backgrounds_are_white_for_publication(chart):
    assert chart.figure.layout.plot_bgcolor == "white"
    assert chart.figure.layout.paper_bgcolor == "white"


def test_monthly_bars_sit_on_their_month_label():
    chart = figures.monthly_bodies_chart(BODIES, CONTEXT)
    assert chart.figure.layout.xaxis.tick0 == "2025-05-01"
    assert chart.figure.layout.xaxis.dtick == "M1"
    assert chart.figure.data[0].x[0].startswith("2025-05-01")
    assert chart.figure.data[0].xperiodalignment is None


@pytest.mark.parametrize("chart", all_charts(), ids=lambda c: c.slug)
def test_every_chart_carries_its_own_small_template(chart):
    """The page and the downloads draw the same figure, whatever Plotly's default template in the process."""
    assert chart.figure.layout.template.to_plotly_json() == figures.TEMPLATE
