"""Exchange Tracker: the entrypoint. Page config and navigation only; each page sets up its own filters."""

import streamlit as st

st.set_page_config(page_title="Exchange Tracker", page_icon="🔁", layout="wide", initial_sidebar_state="expanded")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("pages/prisoners.py", title="Prisoner exchanges", icon=":material/groups:", url_path="prisoners"),
    st.Page("pages/bodies.py", title="Body repatriations", icon=":material/deceased:", url_path="bodies"),
    st.Page("pages/talks.py", title="Talks", icon=":material/handshake:", url_path="talks"),
    st.Page("pages/sources.py", title="Data & sources", icon=":material/table:", url_path="sources"),
    st.Page("pages/upload.py", title="Use your own data", icon=":material/upload_file:", url_path="upload"),
]

st.navigation(PAGES).run()
