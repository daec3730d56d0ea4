"""`ficarchive import-efiction`, run as an archive's owner runs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficarchive.cli import main
from ficarchive.works.models import Work


@pytest.mark.django_db
def test_the_command_reports_a_summary_and_a_second_run_updates(
    efiction_url: str, stories_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-efiction", efiction_url, "--stories-dir", str(stories_dir)]) == 0
    err = capsys.readouterr().err
    assert "eFiction migration summary" in err
    assert "story 3: no chapters (kept as a draft)" in err
    assert Work.objects.count() == 5

    assert main(["import-efiction", efiction_url, "--stories-dir", str(stories_dir)]) == 0
    assert Work.objects.count() == 5


@pytest.mark.django_db
def test_a_wrong_prefix_is_one_clear_line(
    efiction_url: str, stories_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["import-efiction", efiction_url, "--stories-dir", str(stories_dir), "--prefix", "nope_"]
    assert main(argv) == 2
    assert "no eFiction tables with the prefix 'nope_'" in capsys.readouterr().err
    assert not Work.objects.exists()
