"""What the tests and the benchmarks share: a Streamlit server on a free port, Chromium, waits in the page, AppTest.

`servers` and `apptest` need only the app's dependencies; `browser` imports Playwright. The app's own package
(`exchange_tracker`) imports none of this.
"""
