"""Prisoner exchanges: per month, per exchange, running totals with the talks, and by mediator."""

from exchange_tracker import figures, transforms, ui, wording
from exchange_tracker.i18n import N_, _

page = ui.page_setup(
    "prisoners",
    N_(
        "Exchanges of prisoners of war and returns of civilians. Where the sides' figures differ, each side's own "
        "count of the people it received is shown; hover a bar to see who claimed it and the source."
    ),
)
people = transforms.with_kinds(page.events, transforms.PEOPLE_KINDS)
chosen = ui.list_filter(
    _("Mediator"), "mediator", [*transforms.mediators(people), transforms.NO_MEDIATOR], labels=wording.mediator_labels()
)
selected = transforms.with_mediator(transforms.in_months(people, page.months), chosen)
context = page.chart_context

monthly = transforms.monthly_totals(selected, page.months)
ui.render_chart(figures.monthly_people_chart(monthly, context, slug="prisoners-monthly"), page.months)
ui.render_chart(figures.per_handover_chart(selected, context, unit="people"), page.months)
totals = transforms.claimed_totals(page.data.dataset.exchanges, page.months, transforms.PEOPLE_KINDS)
ui.show_notes(wording.total_claim_notes(totals, unit="people"))
ui.render_chart(figures.cumulative_chart(selected, page.talks, context, unit="people"), page.months)
ui.render_chart(figures.mediator_chart(selected, context), page.months)
