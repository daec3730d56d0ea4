"""Writes for tags."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Q, QuerySet

from ficarchive.core.events import WorkChange, announce_tags, announce_works
from ficarchive.tags.models import Tag, TagKind, name_key


def _clean(names: Iterable[str]) -> list[str]:
    """Names with whitespace collapsed, blanks and repeats (by name_key) dropped, in order."""
    seen: set[str] = set()
    cleaned: list[str] = []
    for raw in names:
        name = " ".join(raw.split())[:150]
        if name and name_key(name) not in seen:
            seen.add(name_key(name))
            cleaned.append(name)
    return cleaned


def tags_get_or_create(*, names_by_kind: Mapping[TagKind, Iterable[str]]) -> list[Tag]:
    """The tags with these names, created when new: one query to find, one to create."""
    wanted = {kind: _clean(names) for kind, names in names_by_kind.items()}
    wanted = {kind: names for kind, names in wanted.items() if names}
    if not wanted:
        return []
    condition = Q()
    for kind, names in wanted.items():
        condition |= Q(kind=kind, name_key__in=[name_key(name) for name in names])
    found = {(tag.kind, tag.name_key): tag for tag in Tag.objects.filter(condition)}
    missing = [
        Tag(kind=kind, name=name, name_key=name_key(name))
        for kind, names in wanted.items()
        for name in names
        if (kind, name_key(name)) not in found
    ]
    for tag in Tag.objects.bulk_create(missing):
        found[(tag.kind, tag.name_key)] = tag
    return [found[(kind, name_key(name))] for kind, names in wanted.items() for name in names]


@transaction.atomic
def tag_save(*, tag: Tag) -> Tag:
    """A moderator's edit: a tag renamed, re-kinded or merged into another (made its synonym)
    is announced, so every work carrying it is found by what it is now."""
    tag.save()
    announce_tags([tag.pk])
    return tag


@transaction.atomic
def tags_delete(*, tags: QuerySet[Tag]) -> None:
    """Tags gone from every work: the works that carried them are announced as edited."""
    tag_ids = list(tags.values_list("pk", flat=True))
    tagged = Tag.objects.filter(pk__in=tag_ids, works__isnull=False).values_list("works")
    work_ids = {work_id for (work_id,) in tagged}
    Tag.objects.filter(pk__in=tag_ids).delete()
    announce_works(WorkChange.EDITED, work_ids)
