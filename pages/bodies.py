"""Body repatriations: per handover (log scale on demand), per month, running totals and the ratio."""

import streamlit as st

from exchange_tracker import figures, transforms, ui, wording
from exchange_tracker.i18n import N_, _

page = ui.page_setup(
    "bodies",
    N_(
        "Bodies of fallen soldiers handed back by each side. Where the sides' figures differ, each side's own count "
        "of the bodies it received is shown."
    ),
)
bodies = transforms.in_months(transforms.with_kinds(page.events, (transforms.BODIES_KIND,)), page.months)
context = page.chart_context
log_scale = st.toggle(
    _("Logarithmic scale"),
    key="bodies.log",
    help=_("Makes small and large handovers readable together (for example 6,060 and 78)"),
)
ui.render_chart(figures.per_handover_chart(bodies, context, unit="bodies", log_scale=log_scale), page.months)
totals = transforms.claimed_totals(page.data.dataset.exchanges, page.months, (transforms.BODIES_KIND,))
ui.show_notes(wording.total_claim_notes(totals, unit="bodies"))
ui.render_chart(figures.monthly_bodies_chart(bodies, context), page.months)
ui.render_chart(figures.cumulative_chart(bodies, page.talks, context, unit="bodies"), page.months)
ui.render_chart(figures.body_ratio_chart(bodies, context), page.months)
