"""Which work an imported story already is: the same source story, the same text, or a work
that only shares its title and creator (a different story, reported but never replaced)."""

from __future__ import annotations

import difflib
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Substr

from ficarchive.formats.model import ParsedWork
from ficarchive.formats.source_ids import SourceId, source_id
from ficarchive.tags.models import name_key
from ficarchive.works.models import Chapter, Work


class MatchKind(enum.Enum):
    SOURCE = "the same source"
    TEXT = "nearly the same text"
    TITLE = "the same title and creator"


@dataclass(frozen=True)
class ImportMatch:
    """An existing work an imported story matched, and how."""

    work: Work
    kind: MatchKind

    @property
    def same_story(self) -> bool:
        """Same source or nearly the same text; a shared title and creator is not enough."""
        return self.kind is not MatchKind.TITLE


# Nearly the same text: the first words of both, as far as the shorter one goes (a story saved
# again after new chapters starts the same), agree this much by difflib's ratio.
SAMPLE_WORDS = 2000


SAME_TEXT_RATIO = 0.6


def _sample(texts: Iterable[str]) -> list[str]:
    words: list[str] = []
    for text in texts:
        words.extend(text.casefold().split()[: SAMPLE_WORDS - len(words)])
        if len(words) >= SAMPLE_WORDS:
            break
    return words


def _nearly_same(first: list[str], second: list[str]) -> bool:
    length = min(len(first), len(second))
    if length == 0:
        return False
    matcher = difflib.SequenceMatcher(None, first[:length], second[:length], autojunk=False)
    return matcher.quick_ratio() >= SAME_TEXT_RATIO and matcher.ratio() >= SAME_TEXT_RATIO


def _stored_samples(work_ids: list[int]) -> dict[int, list[str]]:
    """The first words of these works, from the beginning of their first chapters only."""
    texts: dict[int, list[str]] = {pk: [] for pk in work_ids}
    rows = (
        Chapter.objects.filter(work_id__in=work_ids, position__lte=5)
        .order_by("work_id", "position")
        .values_list("work_id", Substr("body_text", 1, 20 * SAMPLE_WORDS))
    )
    for work_id, head in rows:
        texts[work_id].append(head)
    return {pk: _sample(parts) for pk, parts in texts.items()}


def _find_match(
    *,
    title: str,
    creator: str | None,
    url: str | None,
    content_hash: str,
    words: Callable[[], list[str]],
    exclude: int = 0,  # a work not to match (itself); no work has the id 0
) -> ImportMatch | None:
    """The work a story was imported as before: the same source story (FanFiction.Net or AO3
    id, whatever the chapter or host) or the same text; else, among works with the same
    title and first creator, one with nearly the same text; else such a work, reported as
    only sharing title and creator (a different story: it is not replaced).

    Looks at ids first, so the common case (a new story) loads no row at all.
    """
    source = source_id(url)
    same = Q(content_hash=content_hash)
    if source is not None:
        same |= same_source(source)
    candidates = list(
        Work.objects.filter(same)
        .exclude(pk=exclude)
        .order_by("pk")
        .values_list("pk", "content_hash")[:5]
    )
    if candidates:
        by_hash = [pk for pk, digest in candidates if digest == content_hash]
        by_source = [pk for pk, digest in candidates if digest != content_hash]
        return ImportMatch(Work.objects.get(pk=(by_source or by_hash)[0]), MatchKind.SOURCE)
    if not creator:
        return None
    same_title = list(
        Work.objects.filter(
            title=title[:255],
            source_format__gt="",
            authorships__position=0,
            authorships__creator__name_key=name_key(creator),
        )
        .exclude(pk=exclude)
        .order_by("pk")
        .values_list("pk", flat=True)[:5]
    )
    if not same_title:
        return None
    sample = words()
    stored = _stored_samples(same_title)
    similar = [pk for pk in same_title if _nearly_same(sample, stored[pk])]
    kind = MatchKind.TEXT if similar else MatchKind.TITLE
    return ImportMatch(Work.objects.get(pk=(similar or same_title)[0]), kind)


def same_source(source: SourceId) -> Q:
    """Works imported from this story, saved from any of its addresses."""
    same = Q(source_url__in=[source.url, *(p for p in source.prefixes if p[-1] != "/")])
    for prefix in (p for p in source.prefixes if p[-1] == "/"):
        same |= Q(source_url__startswith=prefix)
    return same


def parsed_match(parsed: ParsedWork) -> ImportMatch | None:
    return _find_match(
        title=parsed.title,
        creator=parsed.creators[0] if parsed.creators else None,
        url=parsed.source_url,
        content_hash=parsed.content_hash,
        words=lambda: _sample(chapter.plain_text for chapter in parsed.chapters),
    )


def work_import_match(*, work: Work) -> ImportMatch | None:
    """The other work an imported draft matches, by the rules an import follows."""
    creators = work.ordered_creators
    return _find_match(
        title=work.title,
        creator=creators[0].name if creators else None,
        url=work.source_url,
        content_hash=work.content_hash,
        words=lambda: _stored_samples([work.pk])[work.pk],
        exclude=work.pk,
    )


def chapter_matching(work: Work, parsed: ParsedWork) -> Chapter | None:
    """The chapter of `work` that a one-chapter import is a copy of: the same title, or nearly
    the same text; None when it is none of them."""
    [page] = parsed.chapters
    chapters = list(work.chapters.all())
    if page.title:
        for chapter in chapters:
            if chapter.title and chapter.title.casefold() == page.title.casefold():
                return chapter
    words = _sample([page.plain_text])
    similar = [
        (difflib.SequenceMatcher(None, words, sample, autojunk=False).ratio(), chapter)
        for chapter in chapters
        if _nearly_same(words, sample := _sample([chapter.body_text]))
    ]
    return max(similar, key=lambda pair: pair[0])[1] if similar else None
