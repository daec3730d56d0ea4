"""Writes for tags."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db.models import Q

from ficarchive.tags.models import Tag, TagKind


def _clean(names: Iterable[str]) -> list[str]:
    """Names with whitespace collapsed, blanks and case-insensitive repeats dropped, in order."""
    seen: set[str] = set()
    cleaned: list[str] = []
    for raw in names:
        name = " ".join(raw.split())[:150]
        if name and name.lower() not in seen:
            seen.add(name.lower())
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
        condition |= Q(kind=kind, name__lower__in=[name.lower() for name in names])
    found = {(tag.kind, tag.name.lower()): tag for tag in Tag.objects.filter(condition)}
    missing = [
        Tag(kind=kind, name=name)
        for kind, names in wanted.items()
        for name in names
        if (kind, name.lower()) not in found
    ]
    for tag in Tag.objects.bulk_create(missing):
        found[(tag.kind, tag.name.lower())] = tag
    return [found[(kind, name.lower())] for kind, names in wanted.items() for name in names]
