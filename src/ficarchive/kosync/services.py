"""KOReader progress sync: store what devices send, and map our own EPUBs to the web reader.

A document is the digest KOReader computes of the file (partial MD5 by default, the whole
file's MD5 as well when it is ours: `downloads.DownloadDigest` keeps both for every EPUB
version served). Progress is kept per (member, document) as a plain kosync server keeps it.
When the document is an EPUB Ficarchive built of a work the member may read, the place is
also recorded as their reading position (`readings.progress_record`), and a later place read
on the web is answered back to the device as an xpointer.

The EPUB's spine is: title page, contents (nav), then the posted chapters in order, so
`DocFragment[n]` is the (n - 2)-th posted chapter, in every version: a new chapter is added at
the end, so an old file's places still map. The paragraph is the `p[N]` of the chapter text,
counted as the web reader counts them.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction

from ficarchive.accounts.models import User
from ficarchive.downloads.models import DownloadDigest
from ficarchive.downloads.services import downloads_digests_record
from ficarchive.kosync.models import DocumentProgress
from ficarchive.readings.models import Reading
from ficarchive.readings.services import progress_record
from ficarchive.works.models import Chapter, Work

FRONT_MATTER = 2  # title page and contents before the first chapter
WEB_DEVICE = "Ficarchive"
_FRAGMENT = re.compile(r"DocFragment\[(\d+)\]")
_PARAGRAPH = re.compile(r"/p\[(\d+)\]")


@dataclass(frozen=True)
class Place:
    chapter_index: int  # 1-based among the posted chapters
    paragraph: int  # 0: the chapter's top


def place_of_xpointer(xpointer: str) -> Place | None:
    """The chapter and paragraph of a KOReader xpointer into one of our EPUBs."""
    fragment = _FRAGMENT.search(xpointer)
    if fragment is None:
        return None
    index = int(fragment.group(1)) - FRONT_MATTER
    if index < 1:
        return None
    paragraphs = _PARAGRAPH.findall(xpointer[fragment.end() :])
    return Place(index, int(paragraphs[-1]) if paragraphs else 0)


def xpointer_of_place(place: Place) -> str:
    fragment = f"/body/DocFragment[{place.chapter_index + FRONT_MATTER}]/body/section"
    if place.paragraph < 1:
        return f"{fragment}/h2/text().0"
    return f"{fragment}/div/p[{place.paragraph}]/text().0"


def _digest_work_id(document: str) -> int | None:
    row = DownloadDigest.objects.filter(partial_md5=document).values_list(
        "work_id", flat=True
    ) or DownloadDigest.objects.filter(md5=document).values_list("work_id", flat=True)
    return next(iter(row), None)


def document_work(*, user: User, document: str, refresh: bool = False) -> Work | None:
    """The work this document is a build of, if the member may read it; None otherwise (not
    ours, or not for them: then it is a plain document and nothing of the work leaks)."""
    document = document.lower()
    work_id = _digest_work_id(document)
    if work_id is None and refresh and downloads_digests_record():
        work_id = _digest_work_id(document)
    if work_id is None:
        return None
    return Work.objects.visible_to(user).filter(pk=work_id).first()


def _posted_positions(work: Work) -> list[int]:
    return list(Chapter.objects.posted().filter(work=work).values_list("position", flat=True))


@transaction.atomic
def progress_save(
    *, user: User, document: str, progress: str, percentage: float, device: str, device_id: str
) -> DocumentProgress:
    """Keep the device's place; for our own EPUB also the member's reading position."""
    now = time.time()
    row, _ = DocumentProgress.objects.update_or_create(
        user=user,
        document=document.lower()[:64],
        defaults={
            "progress": progress[:1000],
            "percentage": max(0.0, min(float(percentage), 1.0)),
            "device": device[:100],
            "device_id": device_id[:100],
            "timestamp": int(now),
        },
    )
    work = document_work(user=user, document=document, refresh=True)
    place = place_of_xpointer(progress)
    if work is not None and place is not None:
        positions = _posted_positions(work)
        if place.chapter_index <= len(positions):
            progress_record(
                user=user,
                work=work,
                chapter_position=positions[place.chapter_index - 1],
                paragraph=place.paragraph,
                at=datetime.fromtimestamp(now, tz=UTC),
                device=device or "your e-reader",
            )
    return row


def progress_get(*, user: User, document: str) -> dict[str, object]:
    """What kosync answers for a document: the device's last place, or the web reader's when
    the member read further on the site since (newer wins); {} when nothing is known."""
    document = document.lower()[:64]
    row = DocumentProgress.objects.filter(user=user, document=document).first()
    answer: dict[str, object] = {}
    if row is not None:
        answer = {
            "document": row.document,
            "progress": row.progress,
            "percentage": row.percentage,
            "device": row.device,
            "device_id": row.device_id,
            "timestamp": row.timestamp,
        }
    work = document_work(user=user, document=document)
    if work is None:
        return answer
    reading = Reading.objects.filter(user=user, work=work).first()
    if reading is None:
        return answer
    at = int(reading.position_at.timestamp())
    if row is not None and at <= row.timestamp:
        return answer
    positions = _posted_positions(work)
    if reading.chapter_position not in positions:
        return answer
    index = positions.index(reading.chapter_position) + 1
    return {
        "document": document,
        "progress": xpointer_of_place(Place(index, reading.paragraph)),
        "percentage": round((index - 1) / len(positions), 4),
        "device": WEB_DEVICE,
        "device_id": WEB_DEVICE.lower(),
        "timestamp": at,
    }
