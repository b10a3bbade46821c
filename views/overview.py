"""Overview: key figures for the selected months, the monthly chart and a summary in words."""

import datetime as dt

from exchange_tracker import figures, transforms, ui

page = ui.page_setup(
    "Russia–Ukraine humanitarian exchanges",
    "Prisoner-of-war swaps, returns of civilians and repatriations of soldiers' bodies since 24 February 2022, "
    "beside the record of the peace talks. Every figure links to a published report (see Data & sources).",
)
key = transforms.key_figures(page.data.monthly, page.talks, page.months, dt.date.today())

last = f"{key.last_exchange:%d %b %Y}" if key.last_exchange else "none"
stale = (dt.date.today() - page.data.dataset.as_of).days > 30
note = (
    f"Data as of {page.data.dataset.as_of:%d %B %Y}"
    + (". No later report is recorded yet, so exchanges since then may be missing" if stale else "")
    + ". Where the sides' figures differ, each side's own count of the people (or bodies) it received is shown"
    + f"; handovers with differing claims in this range: {key.disputed} (both claims are listed under Data & sources)."
)
ui.show_key_figures(
    [
        [
            ui.KeyFigure(
                "People to Ukraine", f"{key.people_to_ukraine:,}", help="Ukraine's own count where the sides differ"
            ),
            ui.KeyFigure(
                "People to Russia", f"{key.people_to_russia:,}", help="Russia's own count where the sides differ"
            ),
            ui.KeyFigure("Bodies to Ukraine", f"{key.bodies_to_ukraine:,}"),
            ui.KeyFigure("Bodies to Russia", f"{key.bodies_to_russia:,}"),
        ],
        [
            ui.KeyFigure(
                "Exchanges of people", f"{key.exchanges:,}", help="Prisoner exchanges and returns of civilians"
            ),
            ui.KeyFigure(
                "Last exchange in range",
                last,
                note=f"{key.days_since_last:,} days ago" if key.days_since_last is not None else None,
            ),
            ui.KeyFigure(
                "Talks",
                key.talks_status.capitalize() if key.talks_status else "no record",
                note=f"since {key.talks_status_since:%d %b %Y}" if key.talks_status_since else None,
                help="The status of direct talks at the end of the selected months (or today)",
            ),
        ],
    ],
    summary=transforms.summary_sentence(key, page.months),
    note=note,
)

people = page.data.monthly.people_totals(page.months)
ui.render_chart(figures.monthly_people_chart(people, page.chart_context, civilians_apart=False), page.months)
