"""How complete is this data: its running totals beside the official running totals, and the differences explained."""

import streamlit as st

from exchange_tracker import completeness, figures, tables, ui
from exchange_tracker.i18n import N_, _

page = ui.page_setup(
    "completeness",
    N_(
        "Ukraine's officials publish running totals of the people and bodies returned. Each is shown here beside "
        "this data's own running total on the same day, so that you can see how complete the data is and where "
        "it falls short."
    ),
)
dataset = page.data.dataset
running = completeness.running_totals(page.events, dataset.exchanges)
comparison = completeness.compare(dataset.official_totals, page.events, dataset.exchanges)
ui.render_charts(figures.completeness_charts(comparison, running, page.chart_context), page.months)

st.subheader(_("Each official total and the difference"))
st.caption(
    _(
        "Official totals come in several series that count different things (exchanges only, or every return; "
        "soldiers only, or civilians too). A total is held against this data only where it counts the same thing."
    )
)
ui.show_table(tables.completeness_table(comparison, page.months), key="completeness.table")
