"""Data & sources: the filtered table with its sources, the disputed figures, the methodology and downloads."""

import streamlit as st

from exchange_tracker import export, tables, transforms, ui

page = ui.page_setup(
    "Data & sources",
    "Every row is one side's claim about one handover, with the published report it comes from.",
)
kinds = ui.list_filter("Kind", "kind", list(transforms.KIND_LABELS), labels=transforms.KIND_LABELS)
claims = tables.claims_table(page.data.dataset.exchanges, page.events, page.months, kinds)
st.caption(
    f"{len(claims):,} rows for {page.months.label} · data as of {page.data.dataset.as_of:%d %B %Y} · "
    "Links open the source report."
)
if claims.empty:
    st.info(f"No rows for {page.months.label} with the chosen kinds.")
else:
    st.dataframe(claims, hide_index=True, column_config=ui.claims_column_config(), key="sources.table")

disputes = tables.disputed_events(page.events, page.months, kinds)
st.subheader(f"Figures the sides report differently ({len(disputes)})")
if disputes.empty:
    st.write("No handover in this range has differing figures.")
else:
    st.write(
        "The headline figures use each side's own count of the people (or bodies) it received; "
        "both claims are listed here."
    )
    st.dataframe(disputes, hide_index=True, key="sources.disputes")

stem = f"exchange-tracker-data_{page.months.slug}"
left, right = st.columns(2)
left.download_button(
    "Filtered data (CSV)",
    data=lambda: export.csv_bytes(claims),
    file_name=f"{stem}.csv",
    mime="text/csv",
    key="download.sources.csv",
    icon=":material/download:",
    on_click="ignore",
)
right.download_button(
    "All data with documentation and licence (zip)",
    data=lambda: ui.data_package(),
    file_name="exchange-tracker-data.zip",
    mime="application/zip",
    key="download.sources.zip",
    icon=":material/download:",
    on_click="ignore",
)

with st.expander("Methodology, coverage and known gaps", expanded=False):
    st.markdown(ui.data_documentation())
