"""AppTest: every page runs without exception, follows the month filter, and keeps it in the URL."""

import pytest

from exchange_tracker.page_registry import PAGES
from tests.apptest import (
    CHARTS_PER_PAGE,
    PAGE_FILES,
    chart_titles,
    charts,
    metrics,
    month_slider,
    query,
    run_app,
    values,
)
from tests.shipped import FIXED_TODAY

SIDEBAR_PAGES = [page.name for page in PAGES if page.in_sidebar]  # /embed draws a chart only when asked for one


@pytest.mark.parametrize("page", list(PAGE_FILES))
def test_every_page_runs_without_exception(page):
    app = run_app(page=page)
    assert not app.exception, [e.value for e in app.exception]
    assert len(charts(app)) == CHARTS_PER_PAGE[page]


@pytest.mark.parametrize("page", SIDEBAR_PAGES)
def test_a_page_follows_the_months_of_its_link(page):
    app = run_app({"from": "2025-05", "to": "2025-08"}, page=page)
    assert not app.exception
    assert all("May 2025 – Aug 2025" in title for title in chart_titles(app))
    assert query(app) == {"from": "2025-05", "to": "2025-08", "lang": "en"}


def test_key_figures_change_with_the_month_range():
    everything = metrics(run_app())
    summer_2025 = metrics(run_app({"from": "2025-05", "to": "2025-08"}))
    assert everything["People to Ukraine"] != summer_2025["People to Ukraine"]
    assert int(summer_2025["Bodies to Ukraine"].replace(",", "")) < int(
        everything["Bodies to Ukraine"].replace(",", "")
    )


def test_query_params_round_trip_and_set_the_slider():
    app = run_app({"from": "2025-05", "to": "2025-08"}, page="bodies")
    assert query(app) == {"from": "2025-05", "to": "2025-08", "lang": "en"}
    assert tuple(month_slider(app).value) == ("2025-05", "2025-08")
    assert all("May 2025 – Aug 2025" in title for title in chart_titles(app))


def test_moving_the_slider_updates_the_url_and_the_charts():
    app = run_app(page="prisoners")
    month_slider(app).set_range("2024-01", "2024-12").run()
    assert query(app)["from"] == "2024-01" and query(app)["to"] == "2024-12"
    assert all("Jan 2024 – Dec 2024" in title for title in chart_titles(app))


def test_a_quick_range_sets_the_slider_and_the_url():
    app = run_app()
    app.button_group(key="filters.preset").set_value("2023").run()
    assert query(app) == {"from": "2023-01", "to": "2023-12", "lang": "en"}
    assert tuple(month_slider(app).value) == ("2023-01", "2023-12")


def test_the_filter_survives_page_switches():
    app = run_app({"from": "2025-05", "to": "2025-08"})
    for page in ("prisoners", "talks", "sources", "overview"):
        app.switch_page(PAGE_FILES[page]).run()
        assert query(app)["from"] == "2025-05" and query(app)["to"] == "2025-08", page


@pytest.mark.parametrize(
    "params", [{"from": "2025-13", "to": "2025-08"}, {"from": "2025-08", "to": "2025-05"}, {"from": "x", "to": "y"}]
)
def test_an_invalid_link_shows_a_notice_and_all_months(params):
    app = run_app(params)
    assert any("The link's months were not used" in w.value for w in app.warning)
    assert query(app)["from"] == "2022-02"
    assert not app.exception


def test_a_range_without_data_says_so_in_words():
    app = run_app({"from": "2023-09", "to": "2023-09"}, page="prisoners")
    assert not app.exception
    assert any("No exchanges of people are recorded for Sep 2023" in i.value for i in app.info)


def test_mediator_filter_narrows_the_prisoner_charts_and_is_in_the_url():
    app = run_app({"from": "2022-02", "to": "2026-03", "mediator": "Turkey"}, page="prisoners")
    assert app.multiselect(key="filters.mediator").value == ["Turkey"]
    bars = charts(app)[3]["data"][0]
    assert values(bars["y"]) == ["Turkey"]
    assert values(bars["x"]) == [_exchanges_mediated_by("Turkey")]
    app.multiselect(key="filters.mediator").set_value(["UAE", "Qatar"]).run()
    assert query(app)["mediator"] == ["UAE", "Qatar"]
    assert {"UAE", "Qatar"} <= set(values(charts(app)[3]["data"][0]["y"]))


def _exchanges_mediated_by(mediator: str) -> int:

    from exchange_tracker.loading import SHIPPED_DATA, load_folder
    from exchange_tracker.transforms import PEOPLE_KINDS, headline_events

    events = headline_events(load_folder(SHIPPED_DATA, FIXED_TODAY).exchanges)
    people = events[events["kind"].isin(PEOPLE_KINDS)]
    return int(people["mediator"].fillna("").str.split("; ").map(lambda names: mediator in names).sum())


def test_bodies_log_switch_changes_the_axis():
    app = run_app({"from": "2025-05", "to": "2025-08"}, page="bodies")
    app.toggle(key="bodies.log").set_value(True).run()
    assert charts(app)[0]["layout"]["yaxis"]["type"] == "log"


def test_sources_page_lists_claims_with_links_and_disputes():
    app = run_app({"from": "2025-06", "to": "2025-06"}, page="sources")
    claims, disputes = (frame.value for frame in app.dataframe)
    assert (claims["Source"].str.startswith("https://")).all()
    assert claims["Disputed"].any()
    assert claims["Date"].str.startswith("2025-06").all()
    assert "2025-06-16" in disputes["Date"].tolist()


def test_a_chart_data_table_is_shown_on_request():
    app = run_app({"from": "2025-05", "to": "2025-08"}, page="bodies")
    assert len(app.dataframe) == 0
    app.toggle(key="table.bodies-repatriated").set_value(True).run()
    assert len(app.dataframe) == 1
    assert app.dataframe[0].value["Date"].tolist()[0].startswith("2025-05")


def test_pages_leave_the_shared_dataset_unchanged():
    """The validated data is one object shared by every session (st.cache_resource): no page may change it."""

    import pandas as pd

    from exchange_tracker import ui
    from exchange_tracker.loading import SHIPPED_DATA, load_folder

    for page in PAGE_FILES:
        app = run_app(query={"from": "2025-01", "to": "2025-06"}, page=page)
        for toggle in app.toggle:
            toggle.set_value(True).run()
        assert not app.exception, [e.value for e in app.exception]
    shared = ui.deployment_data()
    fresh = ui.prepare(load_folder(SHIPPED_DATA, today=FIXED_TODAY, origin="shipped"))
    pd.testing.assert_frame_equal(shared.events, fresh.events)
    pd.testing.assert_frame_equal(shared.dataset.exchanges, fresh.dataset.exchanges)
    pd.testing.assert_frame_equal(shared.dataset.talks, fresh.dataset.talks)


def test_the_landing_page_shows_its_summary_all_seven_key_figures_and_the_data_date():
    from exchange_tracker import ui

    app = run_app({"from": "2025-05", "to": "2025-08"})
    shown = metrics(app)
    assert list(shown) == [
        "People to Ukraine",
        "People to Russia",
        "Bodies to Ukraine",
        "Bodies to Russia",
        "Exchanges of people",
        "Last exchange in range",
        "Talks",
    ]
    block = next(e.proto.body for e in app.get("html") if "key-figures" in e.proto.body)
    assert "days ago</dd>" in block and ">since " in block
    assert 'title="Ukraine&#x27;s own count where the sides differ"' in block
    assert "<strong>In May 2025 – Aug 2025, " in block
    as_of = ui.deployment_data().dataset.as_of
    assert f"Data as of {as_of.day} {as_of:%B %Y}." in block
    assert "in this range has differing claims" in block or "in this range have differing claims" in block


@pytest.mark.parametrize("page", ["overview", "prisoners", "bodies", "talks"])
def test_charts_are_sent_without_streamlits_theme(page):
    """theme=None: the browser draws the figure's own template, as the PNG/SVG/HTML downloads do."""
    app = run_app(page=page)
    assert [chart.proto.theme for chart in app.get("plotly_chart")] == [""] * CHARTS_PER_PAGE[page]
    assert all(figure["layout"]["template"]["layout"]["font"]["family"].startswith("Arial") for figure in charts(app))


def shown_text(app) -> str:
    """Every text an AppTest page shows: titles, captions, Markdown, notices, labels, charts and table headers."""
    parts = [e.value for kind in ("title", "caption", "markdown", "subheader", "info", "warning", "error")
             for e in getattr(app, kind)]  # fmt: skip
    parts += [e.label for kind in ("toggle", "multiselect", "select_slider", "button") for e in getattr(app, kind)]
    parts += [e.proto.body for e in app.get("html")]
    for figure in charts(app):
        layout = figure["layout"]
        parts.append(layout["title"]["text"])
        parts += [a.get("text", "") for a in layout.get("annotations", [])]
        parts += [str(axis.get("title", {}).get("text", "")) for key, axis in layout.items() if key.startswith("yaxis")]
        parts += [trace.get("name", "") or "" for trace in figure["data"]]
    parts += [" ".join(map(str, frame.value.columns)) for frame in app.dataframe]
    return "\n".join(parts)


@pytest.mark.parametrize("page", list(PAGE_FILES))
def test_a_ukrainian_page_shows_no_english_interface_text(page):
    from tests.catalog import english_in

    query = {"lang": "uk", "from": "2025-01", "to": "2025-12"} | ({"chart": "bodies-ratio"} if page == "embed" else {})
    app = run_app(query, page=page)
    assert not app.exception
    text = shown_text(app)
    assert not english_in(text), english_in(text)
    assert "січ. 2025" in text or page in ("upload",)
