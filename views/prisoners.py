"""Prisoner exchanges: per month, per exchange, running totals with the talks, and by mediator."""

from exchange_tracker import figures, transforms, ui

page = ui.page_setup(
    "Prisoner exchanges",
    "Exchanges of prisoners of war and returns of civilians. Where the sides' figures differ, each side's own count "
    "of the people it received is shown; hover a bar to see who claimed it and the source.",
)
people = transforms.with_kinds(page.events, transforms.PEOPLE_KINDS)
chosen = ui.list_filter("Mediator", "mediator", [*transforms.mediators(people), "None stated"])
selected = transforms.with_mediator(transforms.in_months(people, page.months), chosen)
context = page.chart_context

monthly = transforms.monthly_totals(selected, page.months)
ui.render_chart(figures.monthly_people_chart(monthly, context, slug="prisoners-monthly"), page.months)
ui.render_chart(
    figures.per_handover_chart(selected, context, unit="people", slug="prisoners-per-exchange"), page.months
)
ui.render_chart(
    figures.cumulative_chart(selected, page.talks, context, unit="people", slug="prisoners-cumulative"), page.months
)
ui.render_chart(figures.mediator_chart(selected, context), page.months)
