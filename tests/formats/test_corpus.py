"""The shared import corpus (../shared/corpus), checked by its own acceptance checker."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from ficarchive.formats import parse
from tests.conftest import SHARED

CASES = sorted(
    p.name.removesuffix(".expected.json") for p in (SHARED / "corpus").glob("*.expected.json")
)


def _load_checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "check_import", SHARED / "acceptance" / "check_import.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("case", CASES or ["(corpus absent)"])
def test_corpus_case(case: str, corpus_dir: Path) -> None:
    expected = json.loads((corpus_dir / f"{case}.expected.json").read_text(encoding="utf-8"))
    [source] = [p for p in corpus_dir.glob(f"{case}.*") if not p.name.endswith(".expected.json")]
    work = json.loads(parse(source.read_bytes(), name=source.name).to_json())
    assert _load_checker().check(work, expected) == []
