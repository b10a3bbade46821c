"""The one list of the app's pages: file, address, title and icon, in the order of the sidebar.

The sidebar, the tests and the benchmarks all read it, so adding a page is one line here and one file in
`pages/`. Streamlit serves `app.py` at `/` and `pages/NAME.py` at `/NAME` (its native multipage mode);
`tests/test_page_registry.py` checks that the files and this list agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from exchange_tracker.i18n import N_  # titles are translated where they are drawn


@dataclass(frozen=True)
class PageInfo:
    """One page: `name` is its address (`/name`, the landing page at `/`), `file` the script Streamlit runs."""

    name: str
    file: str
    title: str  # a catalog message, in English
    icon: str
    in_sidebar: bool = True  # False for a page reached only by its address (e.g. a chart embedded elsewhere)

    @property
    def path(self) -> str:
        """The page's address below the site root: "" for the landing page."""
        return "" if self.file == "app.py" else self.name


PAGES = (
    PageInfo("overview", "app.py", N_("Overview"), ":material/dashboard:"),
    PageInfo("prisoners", "pages/prisoners.py", N_("Prisoner exchanges"), ":material/groups:"),
    PageInfo("bodies", "pages/bodies.py", N_("Body repatriations"), ":material/deceased:"),
    PageInfo("talks", "pages/talks.py", N_("Talks"), ":material/handshake:"),
    PageInfo("sources", "pages/sources.py", N_("Data & sources"), ":material/table:"),
    PageInfo("completeness", "pages/completeness.py", N_("How complete is this data?"), ":material/fact_check:"),
    PageInfo("upload", "pages/upload.py", N_("Use your own data"), ":material/upload_file:"),
    PageInfo("embed", "pages/embed.py", N_("Chart"), ":material/code:", in_sidebar=False),
)
BY_NAME = {page.name: page for page in PAGES}
