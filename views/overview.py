"""Overview: key figures for the selected months, the monthly chart and a summary in words."""

import datetime as dt

import streamlit as st

from exchange_tracker import figures, transforms, ui

page = ui.page_setup(
    "Russia–Ukraine humanitarian exchanges",
    "Prisoner-of-war swaps, returns of civilians and repatriations of soldiers' bodies since 24 February 2022, "
    "beside the record of the peace talks. Every figure links to a published report (see Data & sources).",
)
key = transforms.key_figures(page.events, page.talks, page.months, dt.date.today())

st.markdown(f"**{transforms.summary_sentence(key, page.months)}**")
# Horizontal containers rather than st.columns: the same rows (wrapping on a phone) in half the elements.
counts = st.container(horizontal=True)
counts.metric("People to Ukraine", f"{key.people_to_ukraine:,}", help="Ukraine's own count where the sides differ")
counts.metric("People to Russia", f"{key.people_to_russia:,}", help="Russia's own count where the sides differ")
counts.metric("Bodies to Ukraine", f"{key.bodies_to_ukraine:,}")
counts.metric("Bodies to Russia", f"{key.bodies_to_russia:,}")
status = st.container(horizontal=True)
status.metric("Exchanges of people", f"{key.exchanges:,}", help="Prisoner exchanges and returns of civilians")
status.metric(
    "Last exchange in range",
    f"{key.last_exchange:%d %b %Y}" if key.last_exchange else "none",
    delta=f"{key.days_since_last:,} days ago" if key.days_since_last is not None else None,
    delta_color="off",
    delta_arrow="off",
)
status.metric(
    "Talks",
    key.talks_status.capitalize() if key.talks_status else "no record",
    delta=f"since {key.talks_status_since:%d %b %Y}" if key.talks_status_since else None,
    delta_color="off",
    delta_arrow="off",
    help="The status of direct talks at the end of the selected months (or today)",
)
stale = (dt.date.today() - page.data.dataset.as_of).days > 30
st.caption(
    f"Data as of {page.data.dataset.as_of:%d %B %Y}"
    + (". No later report is recorded yet, so exchanges since then may be missing" if stale else "")
    + f". Handovers with differing claims in this range: {key.disputed} (both claims are listed under Data & sources)."
)

people = transforms.with_kinds(transforms.in_months(page.events, page.months), transforms.PEOPLE_KINDS)
ui.render_chart(figures.monthly_people_chart(people, page.chart_context, civilians_apart=False), page.months)
