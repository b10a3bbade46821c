"""Exchange Tracker: the entrypoint. Page config and navigation only; each page sets up its own filters.

The page files live in views/, not pages/: a pages/ folder puts Streamlit in its automatic multipage mode
for every deep link opened before this script has run once in the process.
"""

import streamlit as st

st.set_page_config(
    page_title="Exchange Tracker", page_icon=":material/sync_alt:", layout="wide", initial_sidebar_state="auto"
)

PAGES = [
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("views/prisoners.py", title="Prisoner exchanges", icon=":material/groups:", url_path="prisoners"),
    st.Page("views/bodies.py", title="Body repatriations", icon=":material/deceased:", url_path="bodies"),
    st.Page("views/talks.py", title="Talks", icon=":material/handshake:", url_path="talks"),
    st.Page("views/sources.py", title="Data & sources", icon=":material/table:", url_path="sources"),
    st.Page("views/upload.py", title="Use your own data", icon=":material/upload_file:", url_path="upload"),
]

st.navigation(PAGES).run()
