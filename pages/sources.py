"""Data & sources: the filtered table with its sources, the disputed figures, the methodology and downloads."""

import streamlit as st

from exchange_tracker import export, tables, ui, wording
from exchange_tracker.i18n import N_, _, format_date, format_number, ngettext

page = ui.page_setup(
    "sources", N_("Every row is one side's claim about one handover, with the published report it comes from.")
)
kinds = ui.list_filter(_("Kind"), "kind", list(wording.KIND_LABELS), labels=wording.kind_labels())
claims = tables.claims_table(page.data.dataset.exchanges, page.events, page.months, kinds)
st.caption(
    ngettext(
        "{count} row for {months} · data as of {date} · Links open the source report.",
        "{count} rows for {months} · data as of {date} · Links open the source report.",
        len(claims),
    ).format(count=format_number(len(claims)), months=page.months.label, date=format_date(page.data.dataset.as_of))
)
if claims.empty:
    st.info(_("No rows for {months} with the chosen kinds.").format(months=page.months.label))
else:
    st.dataframe(
        claims,
        hide_index=True,
        placeholder=ui.EMPTY_CELL,
        column_config=ui.claims_column_config(tables.claims_columns()),
        key="sources.table",
    )

disputes = tables.disputed_events(page.events, page.months, kinds)
st.subheader(_("Figures the sides report differently ({count})").format(count=format_number(len(disputes))))
if disputes.empty:
    st.write(_("No handover in this range has differing figures."))
else:
    st.write(
        _(
            "The headline figures use each side's own count of the people (or bodies) it received; "
            "both claims are listed here."
        )
    )
    ui.show_table(disputes, key="sources.disputes")

stem = f"exchange-tracker-data_{page.months.slug}"
left, right = st.columns(2)
left.download_button(
    _("Filtered data (CSV)"),
    data=lambda: export.csv_bytes(claims),
    file_name=f"{stem}.csv",
    mime="text/csv",
    key="download.sources.csv",
    icon=":material/download:",
    on_click="ignore",
)
right.download_button(
    _("All data with documentation and licence (zip)"),
    data=ui.data_package,
    file_name="exchange-tracker-data.zip",
    mime="application/zip",
    key="download.sources.zip",
    icon=":material/download:",
    on_click="ignore",
)

with st.expander(_("Methodology, coverage and known gaps"), expanded=False):
    st.markdown(ui.data_documentation())
