"""Every chart by its slug, built from the dataset for a month range: what a page draws, and what /embed draws alone.

A builder takes the dataset (`ChartSource`), the chart context (months, publishers, data date, link back to the
view) and the view's filters, and returns the same `figures.Chart` as the page it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from exchange_tracker import completeness, figures, transforms
from exchange_tracker.figures import Chart, ChartContext
from exchange_tracker.loading import Dataset
from exchange_tracker.transforms import MonthlyIndex


@dataclass(frozen=True)
class ChartSource:
    """The data every chart is built from: the dataset, its headline events and their monthly sums."""

    dataset: Dataset
    events: pd.DataFrame
    monthly: MonthlyIndex


@dataclass(frozen=True)
class Filters:
    """A view's filters besides its months (the prisoners page's mediators; empty means all)."""

    mediators: tuple[str, ...] = ()


Builder = Callable[[ChartSource, ChartContext, Filters], Chart]


@dataclass(frozen=True)
class ChartEntry:
    """A chart: its slug, the page whose view it belongs to, its builder and the filters it follows."""

    slug: str
    page: str
    build: Builder
    filters: tuple[str, ...] = ()


def _people(source: ChartSource, context: ChartContext, filters: Filters) -> pd.DataFrame:
    people = transforms.with_kinds(source.events, transforms.PEOPLE_KINDS)
    return transforms.with_mediator(transforms.in_months(people, context.months), list(filters.mediators))


def _bodies(source: ChartSource, context: ChartContext) -> pd.DataFrame:
    return transforms.in_months(transforms.with_kinds(source.events, (transforms.BODIES_KIND,)), context.months)


def _completeness(group: str) -> Builder:
    def build(source: ChartSource, context: ChartContext, filters: Filters) -> Chart:
        dataset = source.dataset
        running = completeness.running_totals(source.events, dataset.exchanges)
        comparison = completeness.compare(dataset.official_totals, source.events, dataset.exchanges)
        return figures.completeness_chart(comparison, running, context, group)

    return build


ENTRIES = (
    ChartEntry(
        "people-returned-monthly",
        "overview",
        lambda s, c, f: figures.monthly_people_chart(s.monthly.people_totals(c.months), c, civilians_apart=False),
    ),
    ChartEntry(
        "prisoners-monthly",
        "prisoners",
        lambda s, c, f: figures.monthly_people_chart(
            transforms.monthly_totals(_people(s, c, f), c.months), c, slug="prisoners-monthly"
        ),
        ("mediator",),
    ),
    ChartEntry(
        "prisoners-per-exchange",
        "prisoners",
        lambda s, c, f: figures.per_handover_chart(_people(s, c, f), c, unit="people"),
        ("mediator",),
    ),
    ChartEntry(
        "prisoners-cumulative",
        "prisoners",
        lambda s, c, f: figures.cumulative_chart(_people(s, c, f), s.dataset.talks, c, unit="people"),
        ("mediator",),
    ),
    ChartEntry(
        "exchanges-by-mediator",
        "prisoners",
        lambda s, c, f: figures.mediator_chart(_people(s, c, f), c),
        ("mediator",),
    ),
    ChartEntry("bodies-repatriated", "bodies", lambda s, c, f: figures.per_handover_chart(_bodies(s, c), c, "bodies")),
    ChartEntry(
        "bodies-repatriated-log",
        "bodies",
        lambda s, c, f: figures.per_handover_chart(_bodies(s, c), c, "bodies", log_scale=True),
    ),
    ChartEntry("bodies-repatriated-monthly", "bodies", lambda s, c, f: figures.monthly_bodies_chart(_bodies(s, c), c)),
    ChartEntry(
        "bodies-cumulative",
        "bodies",
        lambda s, c, f: figures.cumulative_chart(_bodies(s, c), s.dataset.talks, c, unit="bodies"),
    ),
    ChartEntry("bodies-ratio", "bodies", lambda s, c, f: figures.body_ratio_chart(_bodies(s, c), c)),
    ChartEntry(
        "talks-timeline",
        "talks",
        lambda s, c, f: figures.talks_timeline_chart(s.dataset.talks, transforms.in_months(s.events, c.months), c),
    ),
    *(
        ChartEntry(f"completeness-{group}", "completeness", _completeness(group))
        for group in figures.COMPLETENESS_GROUPS
    ),
)
CHARTS = {entry.slug: entry for entry in ENTRIES}


def build(slug: str, source: ChartSource, context: ChartContext, filters: Filters = Filters()) -> Chart:
    """The chart `slug` for the context's months (KeyError for a slug no page draws)."""
    return CHARTS[slug].build(source, context, filters)
