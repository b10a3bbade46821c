"""Talks: the status of the talks over time, each round, what it agreed and what was carried out."""

import streamlit as st

from exchange_tracker import figures, transforms, ui, wording
from exchange_tracker.i18n import N_, _

page = ui.page_setup(
    "talks",
    N_(
        "Direct talks between Russia's and Ukraine's delegations: the periods when they were active, paused, "
        "suspended or frozen, each round, and what the exchanges agreed at a round carried out afterwards."
    ),
)
events = transforms.in_months(page.events, page.months)
ui.render_chart(figures.talks_timeline_chart(page.talks, events, page.chart_context), page.months)

st.subheader(_("Agreed at each round or in an announced agreement, and carried out afterwards"))
outcomes = transforms.agreements_and_outcomes(page.talks, page.events, page.months)
ui.show_outcomes(
    wording.outcome_cards(outcomes, page.language),
    empty=_("No rounds of talks or announced agreements are recorded for {months}.").format(months=page.months.label),
)
