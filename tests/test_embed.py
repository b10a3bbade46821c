"""/embed draws one chart alone, the same as its page; the embed code and the citations beside every chart."""

import datetime as dt
import json

import pytest

from exchange_tracker import chart_registry, citation
from exchange_tracker.i18n import use_language
from exchange_tracker.months import MonthRange
from tests.apptest import PAGE_FILES, charts, run_app

MONTHS = {"from": "2025-05", "to": "2025-08"}


def run_embed(params: dict[str, str]):
    """The /embed page with these address parameters (AppTest runs the page file itself)."""
    from streamlit.testing.v1 import AppTest

    from tests.apptest import ROOT

    app = AppTest.from_file(str(ROOT / PAGE_FILES["embed"]), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def keyed_charts(app) -> dict[str, dict]:
    """The page's Plotly figures by chart slug (their element key is chart.SLUG)."""
    return {
        json.loads(element.proto.spec)["layout"]["title"]["text"]: json.loads(element.proto.spec)
        for element in app.get("plotly_chart")
    }


@pytest.mark.parametrize("page", ["overview", "prisoners", "bodies", "talks", "completeness"])
def test_embed_draws_each_chart_of_a_page_exactly_as_the_page_does(page):
    shown = run_app({**MONTHS, "lang": "en"}, page=page)
    drawn = {figure["layout"]["title"]["text"]: figure for figure in charts(shown)}
    slugs = [entry.slug for entry in chart_registry.ENTRIES if entry.page == page and not entry.slug.endswith("-log")]
    assert len(slugs) == len(drawn)
    for slug in slugs:
        embed = run_embed({"chart": slug, **MONTHS, "lang": "en", "embed": "true"})
        assert not embed.exception, [e.value for e in embed.exception]
        (figure,) = charts(embed)
        assert figure == drawn[figure["layout"]["title"]["text"]], slug
        assert len(embed.sidebar.children) == 0, "no sidebar, no navigation"


def test_embed_follows_language_and_mediators():
    embed = run_embed({"chart": "exchanges-by-mediator", **MONTHS, "lang": "uk", "mediator": "UAE"})
    (figure,) = charts(embed)
    assert "трав. 2025 – серп. 2025" in figure["layout"]["title"]["text"]
    assert len(figure["data"][0]["y"]) == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"chart": "no-such-chart", **MONTHS}, "There is no chart called “no-such-chart”"),
        ({**MONTHS}, "There is no chart called"),
        ({"chart": "bodies-ratio", "from": "2025-13", "to": "2025-02"}, "The link's months were not used"),
        ({"chart": "bodies-ratio", "from": "2030-01", "to": "2030-02"}, "outside the data"),
    ],
)
def test_a_bad_embed_address_gives_a_sentence_not_an_exception(params, message):
    embed = run_embed(params)
    assert not embed.exception
    assert charts(embed) == []
    assert any(message in info.value.replace("\\", "") for info in embed.info), [i.value for i in embed.info]


def test_every_chart_has_the_embed_code_and_citations_beside_it():
    app = run_app({**MONTHS, "lang": "en"}, page="bodies")
    codes = [code.value for code in app.code]
    iframes = [c for c in codes if c.startswith("<iframe")]
    assert len(iframes) == 4
    assert (
        'src="http://localhost:8501/embed?chart=bodies-repatriated&amp;from=2025-05&amp;to=2025-08&amp;lang=en'
        in (iframes[0])
    )
    assert (
        'loading="lazy"' in iframes[0] and 'title="Bodies received by each side, per handover, May 2025' in (iframes[0])
    )
    chart_citations = [c for c in codes if "(chart)" in c]
    assert chart_citations[0].startswith(
        "Exchange Tracker, “Bodies received by each side, per handover, May 2025 – Aug 2025” (chart). Data as of "
    )
    assert "http://localhost:8501/bodies?from=2025-05&to=2025-08&lang=en (accessed " in chart_citations[0]
    assert sum("(dataset, CC BY 4.0)" in c for c in codes) == 4


def test_citations_say_title_publisher_data_date_address_and_access_date():
    months = MonthRange("2025-01", "2025-12")
    text = citation.chart_citation(
        "Bodies repatriated, per month", months, dt.date(2026, 3, 6), "https://x.org/bodies", dt.date(2026, 12, 1)
    )
    assert text == (
        "Exchange Tracker, “Bodies repatriated, per month, Jan 2025 – Dec 2025” (chart). Data as of 6 March 2026. "
        "https://x.org/bodies (accessed 1 December 2026)."
    )
    dataset = citation.dataset_citation(dt.date(2026, 3, 6), "https://x.org/sources", dt.date(2026, 12, 1))
    assert dataset == (
        "Exchange Tracker, “Russia–Ukraine humanitarian exchanges and peace talks” (dataset, CC BY 4.0). "
        "Data as of 6 March 2026. https://x.org/sources (accessed 1 December 2026)."
    )
    with use_language("uk"):
        assert "6 березня 2026" in citation.dataset_citation(dt.date(2026, 3, 6), "u", dt.date(2026, 12, 1))


def test_iframe_code_escapes_and_sizes():
    url = citation.embed_url("https://x.org/", "bodies-ratio", MonthRange("2025-01", "2025-12"), "uk", {"m": ["a"]})
    assert url == "https://x.org/embed?chart=bodies-ratio&from=2025-01&to=2025-12&lang=uk&m=a&embed=true"
    code = citation.iframe_code(url, 'A "title" <b>', 460)
    assert code == (
        '<iframe src="https://x.org/embed?chart=bodies-ratio&amp;from=2025-01&amp;to=2025-12&amp;lang=uk&amp;m=a'
        '&amp;embed=true" width="100%" height="500" title="A &quot;title&quot; &lt;b&gt;" loading="lazy" '
        'style="border:0"></iframe>'
    )
