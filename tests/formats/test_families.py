"""Our own saved files of every family the importer reads (tests/formats/families/<family>/),
each beside what a careful reader says it holds (NAME.expected.json, the corpus's keys)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ficarchive.formats import parse

FAMILIES = Path(__file__).parent / "families"
CASES = sorted(
    path.relative_to(FAMILIES).as_posix().removesuffix(".expected.json")
    for path in FAMILIES.glob("*/*.expected.json")
)
EQUAL = ("title", "creators", "rating", "language", "status", "summary", "published", "updated")
AS_SETS = ("fandoms", "relationships", "characters", "tags", "warnings", "betas")
CONTAINS = {
    "notes_begin_contains": "notes_begin",
    "notes_end_contains": "notes_end",
    "disclaimer_contains": "disclaimer",
    "summary_contains": "summary",
}


def _paragraphs(chapter: dict[str, Any]) -> list[str]:
    return [b["text"] for b in chapter["blocks"] if b["type"] == "paragraph"]


def _chapter_differences(got: dict[str, Any], want: dict[str, Any], where: str) -> list[str]:
    found: list[str] = []
    paragraphs = _paragraphs(got)
    actual = {
        "title": got["title"],
        "summary": got["summary"],
        "paragraphs": len(paragraphs),
        "scene_breaks": sum(1 for b in got["blocks"] if b["type"] == "scene_break"),
        "first": paragraphs[0] if paragraphs else None,
        "last": paragraphs[-1] if paragraphs else None,
    }
    for key, value in want.items():
        if key == "title_any":
            if got["title"] not in value:
                found.append(f"{where} title: {got['title']!r} is none of {value!r}")
        elif key in CONTAINS.keys() - {"disclaimer_contains", "summary_contains"}:
            if value not in (got[CONTAINS[key]] or ""):
                found.append(f"{where} {key}: {value!r} not in {got[CONTAINS[key]]!r}")
        elif actual[key] != value:
            found.append(f"{where} {key}: got {actual[key]!r}, want {value!r}")
    return found


def differences(work: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Every way the parsed work differs from what its expected file says, one line each."""
    found: list[str] = []
    for key, value in expected.items():
        if key in EQUAL and work[key] != value:
            found.append(f"{key}: got {work[key]!r}, want {value!r}")
        elif key in AS_SETS and set(work[key]) != set(value):
            found.append(f"{key}: got {sorted(work[key])!r}, want {sorted(value)!r}")
        elif key in CONTAINS and value not in (work[CONTAINS[key]] or ""):
            found.append(f"{key}: {value!r} not in {work[CONTAINS[key]]!r}")
        elif key == "chapter_count" and len(work["chapters"]) != value:
            found.append(f"chapter_count: got {len(work['chapters'])}, want {value}")
        elif key == "word_count" and abs(work["word_count"] - value) > 0.02 * value:
            found.append(f"word_count: got {work['word_count']}, want {value} (within 2 %)")
        elif key == "body_must_not_contain":
            text = "\n".join(
                b.get("text", "") for chapter in work["chapters"] for b in chapter["blocks"]
            )
            found.extend(f"the text holds {bad!r}" for bad in value if bad in text)
        elif key == "chapters":
            for number, (got, want) in enumerate(zip(work["chapters"], value, strict=False), 1):
                found.extend(_chapter_differences(got, want, f"chapter {number}"))
    return found


def test_every_family_has_several_files_of_its_own() -> None:
    families = {case.split("/")[0] for case in CASES}
    assert families >= {"ao3", "fanficfare", "ffn", "efiction", "tth", "journal", "handmade"}
    for family in families:
        assert sum(1 for case in CASES if case.startswith(f"{family}/")) >= 4, family


@pytest.mark.parametrize("case", CASES)
def test_family_file_imports_as_a_reader_would_say(case: str) -> None:
    expected_path = FAMILIES / f"{case}.expected.json"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    [source] = [
        path
        for path in expected_path.parent.glob(f"{Path(case).name}.*")
        if not path.name.endswith(".expected.json")
    ]
    work = json.loads(parse(source.read_bytes(), name=source.name).to_json())
    assert differences(work, expected) == []
