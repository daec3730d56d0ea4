"""A real OPDS client reads the catalogue: Readium's r2-opds-js (the parser of the Thorium
reader) turns the root, a navigation feed and an acquisition feed into OPDS 2, and we check
the entries and links it found.

The node packages live in tests/opds/node (git-ignored); the first run installs them from the
npm registry. Without node or npm, or with no way to reach the registry, the test is skipped.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ficarchive.tags.models import TagKind
from tests.factories import CreatorFactory, TagFactory, WorkFactory

pytestmark = pytest.mark.django_db

HERE = Path(__file__).parent
NODE_DIR = HERE / "node"
PACKAGES = ["r2-opds-js@1", "r2-utils-js@1", "r2-lcp-js@1", "xmldom@0.6", "reflect-metadata@0.2"]


def _node_ready() -> bool:
    if (NODE_DIR / "node_modules" / "r2-opds-js").is_dir():
        return True
    if not (shutil.which("node") and shutil.which("npm")):
        return False
    NODE_DIR.mkdir(exist_ok=True)
    package = NODE_DIR / "package.json"
    if not package.exists():
        package.write_text('{"name": "opds-check", "private": true}\n')
    # --ignore-scripts: r2-opds-js's postinstall calls rimraf, which it does not depend on.
    done = subprocess.run(
        ["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", *PACKAGES],
        cwd=NODE_DIR, capture_output=True, timeout=300, check=False,
    )  # fmt: skip
    return done.returncode == 0


@pytest.fixture(scope="module")
def reader() -> None:
    if not _node_ready():
        pytest.skip("node/npm or the npm registry is not available for r2-opds-js")


def _read(client: Client, tmp_path: Path, urls: dict[str, str]) -> dict[str, Any]:
    files = []
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / name
        path.write_bytes(response.content)
        files.append(str(path))
    out = subprocess.run(
        ["node", str(HERE / "read_opds.js"), *files],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def test_r2_opds_reads_root_navigation_and_acquisition(
    reader: None, client: Client, tmp_path: Path
) -> None:
    fandom = TagFactory(name="Harbour Lights", kind=TagKind.FANDOM)
    work = WorkFactory(title="Salt Roads", creators=[CreatorFactory(name="Ann Author")])
    work.tags.add(fandom)
    feeds = _read(client, tmp_path, {
        "root": reverse("feeds:opds"),
        "fandoms": reverse("feeds:opds_fandoms"),
        "recent": reverse("feeds:opds_recent"),
    })  # fmt: skip
    root = feeds["root"]
    assert root["metadata"]["title"] == "Ficarchive"
    titles = [link["title"] for link in root["navigation"]]
    assert titles == ["Recently updated", "Fandoms", "Tags", "Series", "Complete works", "Search"]
    assert root["navigation"][1]["href"] == "http://testserver/opds/fandoms/"
    assert root["navigation"][1]["type"].endswith("kind=navigation")
    assert any(link["rel"] == ["search"] or "search" in link["rel"] for link in root["links"])

    [fandom_link] = feeds["fandoms"]["navigation"]
    assert fandom_link["title"] == "Harbour Lights"
    assert fandom_link["href"] == f"http://testserver/opds/tags/{fandom.pk}/"

    recent = feeds["recent"]
    [publication] = recent["publications"]
    assert publication["metadata"]["title"] == "Salt Roads"
    assert publication["metadata"]["author"] in ("Ann Author", [{"name": "Ann Author"}])
    acquisitions = {
        link["type"]: link["href"]
        for link in publication["links"]
        if "http://opds-spec.org/acquisition" in link["rel"]
    }
    assert acquisitions["application/epub+zip"] == (
        f"http://testserver/works/{work.pk}/download/salt-roads.epub"
    )
    facets = {facet["metadata"]["title"] for facet in recent["facets"]}
    assert {"Sort", "Completion", "Fandoms"} <= facets
