"""Writes for tags."""

from __future__ import annotations

from collections.abc import Iterable

from ficarchive.tags.models import Tag, TagKind


def tags_get_or_create(*, kind: TagKind, names: Iterable[str]) -> list[Tag]:
    """The tags of ``kind`` with these names, created when new; case-insensitive, order kept."""
    tags: list[Tag] = []
    seen: set[str] = set()
    for raw in names:
        name = " ".join(raw.split())[:150]
        if not name or name.casefold() in seen:
            continue
        seen.add(name.casefold())
        tag = Tag.objects.filter(kind=kind, name__iexact=name).first()
        if tag is None:
            tag = Tag.objects.create(kind=kind, name=name)
        tags.append(tag)
    return tags
