"""Use your own data: upload exchanges.csv (and optionally talks.csv) for this browser session only."""

import datetime as dt

import streamlit as st

from exchange_tracker import loading, ui
from exchange_tracker.errors import DataError

page = ui.page_setup(
    "Use your own data",
    "See every page on your own list of exchanges. The files stay in this browser session: nothing is saved on the "
    "server, the published data is not changed, and other visitors do not see your files.",
)
st.markdown(
    f"Upload files in the documented format (the columns of `exchanges.csv` and `talks.csv`, UTF-8, comma-separated, "
    f"at most {loading.MAX_FILE_MB} MB each). Extra columns are refused rather than dropped. Without a talks file, "
    "the published talks are shown beside your exchanges. The column reference is under Data & sources."
)
with st.form("upload.form", clear_on_submit=False, border=True):
    exchanges_file = st.file_uploader("exchanges.csv (required)", type=["csv", "txt"], key="upload.exchanges")
    talks_file = st.file_uploader("talks.csv (optional)", type=["csv", "txt"], key="upload.talks")
    submitted = st.form_submit_button("Check and use these files", type="primary")

if submitted:
    if exchanges_file is None:
        st.error("Choose an exchanges.csv file first.")
    else:
        files = {"exchanges.csv": exchanges_file.getvalue()}
        if talks_file is not None:
            files["talks.csv"] = talks_file.getvalue()
        try:
            dataset = loading.load_upload(
                files["exchanges.csv"], files.get("talks.csv"), ui.deployment_data().dataset, dt.date.today()
            )
        except DataError as err:
            count = len(err.problems)
            st.error(
                f"Your files were not used: {count} problem{'s' if count != 1 else ''} found. "
                "The pages still show the data they showed before.",
                icon=":material/block:",
            )
            st.code(err.summary(), language=None, wrap_lines=True)
        else:
            ui.use_upload(ui.prepare(dataset), files)
            st.success(
                f"Your data is in use on every page: {len(dataset.exchanges):,} rows of exchanges, "
                f"{len(dataset.talks):,} rows of talks.",
                icon=":material/check_circle:",
            )
            st.rerun()
