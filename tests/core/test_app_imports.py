"""The apps that own rows never import the apps that follow them (DESIGN.md convention 12):
they announce changes through ficarchive.core.events instead. Read from the source, so a
new import breaks this test, not a deployment."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ficarchive

SOURCE = Path(ficarchive.__file__).parent
# The apps that follow works, accounts and community: they connect to the change events.
FOLLOWERS = {
    "ficarchive.search",
    "ficarchive.muting",
    "ficarchive.readings",
    "ficarchive.notifications",
    "ficarchive.offline",
    "ficarchive.downloads",
}
FORBIDDEN = {
    "works": FOLLOWERS | {"ficarchive.community"},
    "accounts": FOLLOWERS | {"ficarchive.community"},
    "community": FOLLOWERS,
    # Mutes reach search through ficarchive.core.relations, as they reach works and community.
    "search": {"ficarchive.muting", "ficarchive.readings", "ficarchive.notifications"},
}


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_does_not_import_the_apps_that_follow_it(app: str) -> None:
    breaches = []
    for path in sorted((SOURCE / app).rglob("*.py")):
        for module in imported_modules(path):
            if any(module == f or module.startswith(f + ".") for f in FORBIDDEN[app]):
                breaches.append(f"{path.relative_to(SOURCE)} imports {module}")
    assert breaches == []
