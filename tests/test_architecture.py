"""The house rules a reader relies on: only ui.py touches Streamlit; pages stay thin; columns are documented."""

import ast
import json
from pathlib import Path

import pytest

from exchange_tracker.schema import EXCHANGES_COLUMNS, MAX_PER_HANDOVER, OFFICIAL_TOTALS_COLUMNS, TALKS_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "exchange_tracker"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


STREAMLIT_MODULES = {"ui.py", "streamlit_fixes.py"}  # the UI glue, and a fix to Streamlit it applies


@pytest.mark.parametrize("module", sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in STREAMLIT_MODULES))
def test_only_ui_imports_streamlit(module):
    assert "streamlit" not in imported_modules(PACKAGE / module)


PAGE_SCRIPTS = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
# What a thin page may not do: loop, filter or compare (a business rule), reshape frames, or write HTML.
DATA_WORK_CALLS = {"groupby", "iterrows", "itertuples", "apply", "merge", "pivot_table", "read_csv", "query", "agg"}


def data_work(source: str) -> list[str]:
    """What a page does that belongs in the package, by line: loops, comprehensions, comparisons, frame work."""
    found = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", "?")
        if isinstance(node, (ast.For, ast.While, ast.AsyncFor)):
            found.append(f"line {line}: a loop")
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            found.append(f"line {line}: a comprehension")
        elif isinstance(node, ast.Compare):
            found.append(f"line {line}: a comparison (a rule)")
        elif isinstance(node, ast.Subscript) and not isinstance(node.ctx, ast.Store):
            found.append(f"line {line}: indexing (filtering a frame)")
        elif isinstance(node, ast.Attribute) and node.attr in DATA_WORK_CALLS:
            found.append(f"line {line}: .{node.attr}")
        elif isinstance(node, ast.keyword) and node.arg == "unsafe_allow_html":
            found.append(f"line {line}: unsafe_allow_html")
    return found


@pytest.mark.parametrize("script", PAGE_SCRIPTS, ids=lambda p: p.name)
def test_pages_hold_no_data_work(script):
    found = data_work(script.read_text(encoding="utf-8"))
    assert not found, f"{script.name} does work that belongs in the package: {found}"


def test_the_guard_catches_what_pages_used_to_do():
    leaked = "for _, claim in totals.iterrows():\n    st.info(claim['x'])\nstale = (today - as_of).days > 30\n"
    found = data_work(leaked)
    assert any("loop" in f for f in found) and any("comparison" in f for f in found)
    assert any(".iterrows" in f for f in found) and any("indexing" in f for f in found)


def test_views_folder_is_gone_and_every_page_file_is_in_the_registry():
    from exchange_tracker.page_registry import PAGES

    assert not (ROOT / "views").exists()
    assert {page.file for page in PAGES} == {str(p.relative_to(ROOT)) for p in PAGE_SCRIPTS} | {
        page.file for page in PAGES if page.file.startswith("pages/") and not page.in_sidebar
    }
    assert [page.name for page in PAGES if page.file.startswith("pages/")] == [
        Path(page.file).stem for page in PAGES if page.file.startswith("pages/")
    ], "a page's name is its address: pages/NAME.py is served at /NAME"


def test_streamlits_own_navigation_is_hidden():
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "showSidebarNavigation = false" in config
    for script in PAGE_SCRIPTS:
        assert "st.navigation" not in script.read_text(encoding="utf-8"), script.name


RESOURCES = [("exchanges", EXCHANGES_COLUMNS), ("talks", TALKS_COLUMNS), ("official_totals", OFFICIAL_TOTALS_COLUMNS)]


@pytest.mark.parametrize(("resource", "columns"), RESOURCES)
def test_datapackage_constraints_match_the_schema(resource, columns):
    """Required columns, choices and limits are declared once in schema.py; datapackage.json must say the same."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in next(r for r in package["resources"] if r["name"] == resource)["schema"]["fields"]}
    for column in columns:
        constraints = fields[column.name].get("constraints", {})
        assert constraints.get("required", False) == column.required, column.name
        assert constraints.get("enum") == (list(column.choices) or None), column.name
        if column.type == "count":
            assert (constraints["minimum"], constraints["maximum"]) == (0, MAX_PER_HANDOVER), column.name
            assert fields[column.name]["type"] == "integer"
        if column.type == "date":
            assert fields[column.name]["type"] == "date" and constraints["minimum"] == "2022-02-24"


@pytest.mark.parametrize(("resource", "columns"), RESOURCES)
def test_every_column_is_documented_in_datapackage_and_readme(resource, columns):
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    fields = next(r for r in package["resources"] if r["name"] == resource)["schema"]["fields"]
    assert [f["name"] for f in fields] == [c.name for c in columns]
    assert all(f["description"] for f in fields)
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"## `{resource}.csv`", 1)[1].split("\n## ", 1)[0]
    for column in columns:
        assert f"| `{column.name}` |" in section, f"{column.name} is not documented in data/README.md"


def test_no_unsafe_html_anywhere():
    for path in [*PACKAGE.glob("*.py"), *PAGE_SCRIPTS]:
        assert "unsafe_allow_html" not in path.read_text(encoding="utf-8"), path.name


def test_xsrf_protection_stays_on_and_upload_limit_matches_the_loader():
    from exchange_tracker.loading import MAX_FILE_MB

    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "enableXsrfProtection = true" in config
    assert f"maxUploadSize = {MAX_FILE_MB}" in config
