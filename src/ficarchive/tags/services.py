"""Writes for tags."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Q, QuerySet

from ficarchive.core.events import WorkChange, announce_tags, announce_works
from ficarchive.tags.models import Tag, TagKind, name_key

# Kinds that belong to fandoms (a wrangler sets which).
FANDOM_MEMBER_KINDS = (TagKind.CHARACTER, TagKind.RELATIONSHIP)


class WranglingRefused(Exception):
    """A tag wrangling that would not make sense, with a message for the moderator."""


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


def _synonym_target(tag: Tag, other: Tag) -> Tag:
    canonical = other.canonical_tag
    if other.kind != tag.kind:
        raise WranglingRefused(f"“{other.name}” is a {other.get_kind_display().lower()} tag, "
                               f"not a {tag.get_kind_display().lower()} tag.")  # fmt: skip
    if canonical.pk == tag.pk:
        raise WranglingRefused("A tag cannot be a synonym of itself.")
    return canonical


@transaction.atomic
def tag_make_canonical(*, tag: Tag) -> Tag:
    """A synonym stands for itself again: its works are found under its own name."""
    if tag.synonym_of_id is None:
        raise WranglingRefused(f"“{tag.name}” is canonical already.")
    former = tag.synonym_of_id
    tag.synonym_of = None
    tag.save(update_fields=["synonym_of"])
    announce_tags([tag.pk, former])
    return tag


@transaction.atomic
def tag_make_synonym(*, tag: Tag, of: Tag) -> Tag:
    """The tag means `of` (its canonical tag): both find the same works; the tag's own
    synonyms follow it to the canonical tag, so no chain forms."""
    canonical = _synonym_target(tag, of)
    tag.synonym_of = canonical
    tag.save(update_fields=["synonym_of"])
    followers = list(Tag.objects.filter(synonym_of=tag).values_list("pk", flat=True))
    Tag.objects.filter(pk__in=followers).update(synonym_of=canonical)
    announce_tags([tag.pk, canonical.pk, *followers])
    return tag


@transaction.atomic
def tag_merge(*, tag: Tag, into: Tag) -> Tag:
    """The works carrying the tag carry `into` (its canonical tag) instead, and the tag stays
    as a synonym so its name still finds them."""
    canonical = _synonym_target(tag, into)
    through = Tag.works.through
    work_ids = set(through.objects.filter(tag_id=tag.pk).values_list("work_id", flat=True))
    having = set(
        through.objects.filter(tag_id=canonical.pk, work_id__in=work_ids).values_list(
            "work_id", flat=True
        )
    )
    through.objects.bulk_create(
        [through(tag_id=canonical.pk, work_id=work_id) for work_id in sorted(work_ids - having)]
    )
    through.objects.filter(tag_id=tag.pk).delete()
    tag_make_synonym(tag=tag, of=canonical)
    announce_works(WorkChange.EDITED, work_ids)
    return canonical


@transaction.atomic
def tag_set_fandoms(*, tag: Tag, fandom_names: Iterable[str]) -> list[Tag]:
    """The fandoms a character or relationship belongs to, by name (their canonical tags;
    a fandom not yet known is created)."""
    if tag.kind not in FANDOM_MEMBER_KINDS:
        raise WranglingRefused("Only characters and relationships belong to fandoms.")
    fandoms = tags_get_or_create(names_by_kind={TagKind.FANDOM: fandom_names})
    canonical = list({fandom.canonical_tag.pk: fandom.canonical_tag for fandom in fandoms}.values())
    owner = tag.canonical_tag  # a synonym's fandoms are its canonical tag's
    owner.fandoms.set(canonical)
    announce_tags([tag.pk, owner.pk])
    return canonical


def tag_by_name(*, kind: str, name: str) -> Tag | None:
    return (
        Tag.objects.filter(kind=kind, name_key=name_key(name)).select_related("synonym_of").first()
    )
