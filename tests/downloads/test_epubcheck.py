"""Every EPUB the archive serves passes epubcheck 5 with no error and no warning: the seed
story, every demo work, a series of them, and a work full of hostile markup. One JVM checks
them all (tests/formats/epubcheck.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ficarchive.formats import parse
from ficarchive.works.models import Chapter, Series, SeriesPart, Work
from ficarchive.works.services import work_import
from tests.factories import CreatorFactory, WorkFactory
from tests.formats.epubcheck import check_epubs, problems
from tests.formats.test_export import HOSTILE

pytestmark = pytest.mark.django_db


def _hostile_work() -> Work:
    nasty = "".join(HOSTILE)
    work = WorkFactory(
        title='<b>Tags</b> & "entities" &amp;amp; \x07 ]]>',
        creators=[CreatorFactory(name="<script>x</script> & Co")],
        summary=nasty, notes_begin=nasty, notes_end=nasty, language="?? not a tag",
        chapters=0, source_url="https://example.org/s/1?a=1&b=<2>",
    )  # fmt: skip
    for position in (1, 2):
        Chapter.objects.create(
            work=work, position=position, title=f"<i>{position}</i> & \x1b",
            body_html=nasty, notes_begin=nasty, notes_end=nasty,
        )  # fmt: skip
    return work


def test_every_epub_passes_epubcheck(corpus_dir: Path, tmp_path: Path, run_tasks: object) -> None:
    seed = corpus_dir / "ffn-escape.txt"
    works = [work_import(parsed=parse(seed.read_bytes(), name=seed.name)).work]
    call_command("load_demo", verbosity=0)
    works += list(Work.objects.exclude(pk=works[0].pk).order_by("pk"))
    works.append(_hostile_work())
    Work.objects.update(visibility="public")
    series = Series.objects.create(title="Everything & <more>", summary="<p>All of it.</p>")
    for position, work in enumerate(works, start=1):
        SeriesPart.objects.create(series=series, work=work, position=position)

    client = Client()
    files = []
    for work in works:
        response = client.get(reverse("downloads:work", args=[work.pk, "w", "epub"]))
        assert response.status_code == 200
        files.append(tmp_path / f"work-{work.pk}.epub")
        files[-1].write_bytes(response.content)
    series_url = reverse("downloads:series", args=[series.pk, "s", "epub"])
    assert client.get(series_url).status_code == 202
    run_tasks()  # type: ignore[operator]
    response = client.get(series_url)
    assert response.status_code == 200
    files.append(tmp_path / "series.epub")
    files[-1].write_bytes(response.content)
    assert len(files) >= 6  # the seed, four demo works, the hostile one, the series

    reports = check_epubs(files)
    for path in files:
        report = reports.get(str(path), "")
        assert problems(report) == (0, 0, 0), f"{path.name}:\n{report}"
