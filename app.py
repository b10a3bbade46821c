"""The Overview, served at `/`: key figures for the selected months and the monthly chart (the first page).

Streamlit's native multipage mode: this file is the first page and each file in `pages/` another, at its own
address. Everything the pages share (language, navigation, filters, data) is set up by `ui.page_setup`.
"""

import datetime as dt

from exchange_tracker import figures, transforms, ui, wording
from exchange_tracker.i18n import N_

page = ui.page_setup(
    "overview",
    N_(
        "Prisoner-of-war swaps, returns of civilians and repatriations of soldiers' bodies since 24 February 2022, "
        "beside the record of the peace talks. Every figure links to a published report (see Data & sources)."
    ),
)
today = dt.date.today()
key = transforms.key_figures(page.data.monthly, page.talks, page.months, today)
ui.show_key_figures(
    wording.key_figure_groups(key),
    summary=wording.summary_sentence(key, page.months),
    note=wording.data_note(page.data.dataset.as_of, today, key.disputed),
)
people = page.data.monthly.people_totals(page.months)
ui.render_chart(figures.monthly_people_chart(people, page.chart_context, civilians_apart=False), page.months)
