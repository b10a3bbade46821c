"""Exchange Tracker: everything that is not UI (loading, schema, transforms, figures, export).

Only `exchange_tracker.ui` imports Streamlit; the rest takes plain arguments.
"""
