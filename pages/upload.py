"""Use your own data: upload exchanges.csv (and optionally talks.csv) for this browser session only."""

import streamlit as st

from exchange_tracker import loading, ui
from exchange_tracker.i18n import N_, _

page = ui.page_setup(
    "upload",
    N_(
        "See every page on your own list of exchanges. The files stay in this browser session: nothing is saved on "
        "the server, the published data is not changed, and other visitors do not see your files."
    ),
)
st.markdown(
    _(
        "Upload files in the documented format (the columns of `exchanges.csv` and `talks.csv`, UTF-8, "
        "comma-separated, at most {size} MB each). Columns that may be empty may also be left out; extra columns are "
        "refused rather than dropped. Without a talks file, the published talks are shown beside your exchanges. The "
        "column reference is under Data & sources."
    ).format(size=loading.MAX_FILE_MB)
)
with st.form("upload.form", clear_on_submit=False, border=True):
    exchanges_file = st.file_uploader(_("exchanges.csv (required)"), type=["csv", "txt"], key="upload.exchanges")
    talks_file = st.file_uploader(_("talks.csv (optional)"), type=["csv", "txt"], key="upload.talks")
    submitted = st.form_submit_button(_("Check and use these files"), type="primary")

if submitted:
    ui.use_uploaded_files(exchanges_file, talks_file)
