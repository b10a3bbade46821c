"""Talks: the status of the talks over time, each round, what it agreed and what was carried out."""

import streamlit as st

from exchange_tracker import figures, transforms, ui

page = ui.page_setup(
    "Peace talks",
    "Direct talks between Russia's and Ukraine's delegations: the periods when they were active, paused, suspended "
    "or frozen, each round, and what the exchanges agreed at a round carried out afterwards.",
)
events = transforms.in_months(page.events, page.months)
ui.render_chart(figures.talks_timeline_chart(page.talks, events, page.chart_context), page.months)

st.subheader("Agreed at each round, and carried out afterwards")
outcomes = transforms.agreements_and_outcomes(page.talks, page.events)
outcomes = outcomes[page.months.contains(outcomes["date"])]
if outcomes.empty:
    st.info(f"No rounds of talks are recorded for {page.months.label}.")
for round_ in outcomes.itertuples():
    with st.container(border=True):
        place = ui.escape_markdown(round_.location or "")
        st.markdown(f"**{round_.date:%d %B %Y} · {ui.escape_markdown(round_.title)}** — {place}")
        st.markdown(f"Agreed: {ui.escape_markdown(round_.agreed or 'nothing recorded')}")
        if round_.handovers:
            st.markdown(
                f"Carried out: {round_.handovers} handover{'s' if round_.handovers != 1 else ''} from "
                f"{round_.first_handover:%d %B %Y} to {round_.last_handover:%d %B %Y}: "
                f"{round_.to_ukraine:,} people to Ukraine and {round_.to_russia:,} to Russia"
                + (
                    f"; {round_.bodies_to_ukraine:,} bodies to Ukraine and {round_.bodies_to_russia:,} to Russia"
                    if round_.bodies_to_ukraine or round_.bodies_to_russia
                    else ""
                )
                + " (stated figures only; some stages were not given a number)."
            )
        else:
            st.markdown("Carried out: no handover in the data is linked to this round.")
