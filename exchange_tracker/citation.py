"""What a newsroom pastes: the iframe code that embeds a chart, and citations of a chart and of the dataset.

Plain text in the reader's language (the catalog owns each sentence); dates by Babel.
"""

from __future__ import annotations

import datetime as dt
import html
import urllib.parse

from exchange_tracker.i18n import N_, _, format_date
from exchange_tracker.months import MonthRange

PUBLISHER = "Exchange Tracker"
DATASET_TITLE = N_("Russia–Ukraine humanitarian exchanges and peace talks")
EMBED_PATH = "embed"
EMBED_EXTRA_HEIGHT = 40  # px around the chart inside the iframe


def embed_params(
    slug: str, months: MonthRange, language: str, filters: dict[str, list[str]] | None = None
) -> dict[str, str | list[str]]:
    """The address parameters of a chart drawn alone: which chart, its months, language and filters.

    `embed=true` is Streamlit's own: it hides its toolbar, menu and padding.
    """
    return {"chart": slug, **months.query_params(), "lang": language, **(filters or {}), "embed": "true"}


def embed_url(
    site: str, slug: str, months: MonthRange, language: str, filters: dict[str, list[str]] | None = None
) -> str:
    """'https://…/embed?chart=bodies-ratio&from=2025-01&to=2025-12&lang=en&embed=true'."""
    query = urllib.parse.urlencode(embed_params(slug, months, language, filters), doseq=True)
    return f"{site.rstrip('/')}/{EMBED_PATH}?{query}"


def iframe_code(src: str, title: str, height: int) -> str:
    """The HTML that embeds a chart: full width, the chart's height, lazily loaded, with a title for screen readers."""
    return (
        f'<iframe src="{html.escape(src, quote=True)}" width="100%" height="{height + EMBED_EXTRA_HEIGHT}" '
        f'title="{html.escape(title, quote=True)}" loading="lazy" style="border:0"></iframe>'
    )


def chart_citation(title: str, months: MonthRange, as_of: dt.date, url: str, accessed: dt.date) -> str:
    """A citation of one chart as shown: publisher, title with the months, data date, address and access date."""
    return _("{publisher}, “{title}, {months}” (chart). Data as of {as_of}. {url} (accessed {accessed}).").format(
        publisher=PUBLISHER,
        title=title,
        months=months.label,
        as_of=format_date(as_of),
        url=url,
        accessed=format_date(accessed),
    )


def dataset_citation(as_of: dt.date, url: str, accessed: dt.date) -> str:
    """A citation of the whole dataset: publisher, title, licence, data date, address and access date."""
    return _("{publisher}, “{title}” (dataset, CC BY 4.0). Data as of {as_of}. {url} (accessed {accessed}).").format(
        publisher=PUBLISHER, title=_(DATASET_TITLE), as_of=format_date(as_of), url=url, accessed=format_date(accessed)
    )
