"""The house rules a reader relies on: only ui.py touches Streamlit; pages stay thin; columns are documented."""

import ast
import json
from pathlib import Path

import pytest

from exchange_tracker.schema import EXCHANGES_COLUMNS, TALKS_COLUMNS

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


@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "views").glob("*.py")))
def test_pages_hold_no_data_work(page):
    source = (ROOT / "views" / page).read_text(encoding="utf-8")
    for forbidden in (".groupby(", "read_csv(", "unsafe_allow_html", "for _, row in"):
        assert forbidden not in source, f"{page} does {forbidden}: that belongs in the package"


@pytest.mark.parametrize(("resource", "columns"), [("exchanges", EXCHANGES_COLUMNS), ("talks", TALKS_COLUMNS)])
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
    for path in [*PACKAGE.glob("*.py"), *(ROOT / "views").glob("*.py"), ROOT / "app.py"]:
        assert "unsafe_allow_html" not in path.read_text(encoding="utf-8"), path.name


def test_xsrf_protection_stays_on_and_upload_limit_matches_the_loader():
    from exchange_tracker.loading import MAX_FILE_MB

    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "enableXsrfProtection = true" in config
    assert f"maxUploadSize = {MAX_FILE_MB}" in config
