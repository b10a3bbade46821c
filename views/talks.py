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
for _, outcome in outcomes.iterrows():
    with st.container(border=True):
        title, place = ui.markdown_text(outcome["title"]), ui.markdown_text(outcome["location"])
        st.markdown(f"**{outcome['date']:%d %B %Y} · {title}** — {place}")
        st.markdown(f"Agreed: {ui.markdown_text(outcome['agreed'], 'nothing recorded')}")
        st.markdown(ui.markdown_text(transforms.describe_outcome(outcome)))
