"""The `ficarchive` command, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ficarchive.cli import main
from ficarchive.works.models import Work

ROOT = Path(__file__).resolve().parents[1]
STORY = "Quiet Hours by Linnet Shaw\n\nThe clocks stopped at three.\n\nNobody minded.\n"


def test_parse_json_prints_the_contract_and_touches_no_database(tmp_path: Path) -> None:
    story = tmp_path / "quiet.txt"
    story.write_text(STORY, encoding="utf-8")
    env = {**os.environ, "FICARCHIVE_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run(
        [sys.executable, "-m", "ficarchive.cli", "parse", str(story), "--json"],
        capture_output=True, text=True, env=env, check=True, cwd=ROOT,
    )  # fmt: skip
    work = json.loads(result.stdout)
    assert work["title"] == "Quiet Hours"
    assert work["creators"] == ["Linnet Shaw"]
    assert work["word_count"] == 7
    assert not (tmp_path / "data" / "ficarchive.sqlite3").exists()


def test_parse_of_a_missing_file_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "/no/such/file.txt", "--json"]) == 2
    assert capsys.readouterr().err.strip() == (
        "ficarchive: cannot read /no/such/file.txt: No such file or directory"
    )


@pytest.mark.django_db
def test_import_reports_each_outcome_and_fails_on_bad_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "good.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"   \n")
    assert main(["import", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "imported: " in err
    assert "empty.txt: the file has no text" in err
    assert Work.objects.count() == 1

    (tmp_path / "empty.txt").unlink()
    assert main(["import", str(tmp_path)]) == 0
    assert "unchanged" in capsys.readouterr().err
    assert Work.objects.count() == 1


@pytest.mark.django_db
def test_import_into_a_tantivy_index_catches_up_once_at_the_end(tmp_path: Path) -> None:
    from django.test import override_settings

    from ficarchive.search.backends.tantivy_index import tantivy_backend
    from ficarchive.search.models import PendingIndexUpdate

    stories = tmp_path / "stories"
    stories.mkdir()
    for n in range(3):
        (stories / f"story{n}.txt").write_text(
            STORY.replace("Quiet Hours", f"Quiet Hours {n}"), encoding="utf-8"
        )
    index = tmp_path / "search-index"
    with override_settings(SEARCH_BACKEND="tantivy", SEARCH_INDEX_DIR=index):
        assert main(["import", str(stories)]) == 0
        assert not PendingIndexUpdate.objects.exists()
        assert tantivy_backend(index).index.searcher().num_docs == 3
