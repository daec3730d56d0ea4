"""The archive's own category tree, characters and classes as our tags."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction

from ficarchive.core.events import announce_tags
from ficarchive.efiction.idmap import remember
from ficarchive.efiction.models import LegacyKind
from ficarchive.efiction.reader import CategoryRow, CharacterRow, ClassRow
from ficarchive.efiction.text import plain_title
from ficarchive.tags.models import ArchiveWarning, Tag, TagKind, name_key
from ficarchive.tags.services import tags_get_or_create

# A sub-category named like a pairing: "Buffy/Spike", "Harry & Draco", "Kirk x Spock".
_PAIRING = re.compile(r"\S\s*/\s*\S|\s&\s|\sx\s", re.I)

# Class names (case-folded, punctuation as spaces) that mean one of AO3's archive warnings.
_ARCHIVE_WARNINGS: dict[str, ArchiveWarning] = {
    "major character death": ArchiveWarning.MAJOR_CHARACTER_DEATH,
    "character death": ArchiveWarning.MAJOR_CHARACTER_DEATH,
    "death": ArchiveWarning.MAJOR_CHARACTER_DEATH,
    "rape non con": ArchiveWarning.RAPE,
    "non con": ArchiveWarning.RAPE,
    "noncon": ArchiveWarning.RAPE,
    "rape": ArchiveWarning.RAPE,
    "non consensual": ArchiveWarning.RAPE,
    "violence": ArchiveWarning.VIOLENCE,
    "graphic violence": ArchiveWarning.VIOLENCE,
    "graphic depictions of violence": ArchiveWarning.VIOLENCE,
    "underage": ArchiveWarning.UNDERAGE,
    "underage sex": ArchiveWarning.UNDERAGE,
    "none": ArchiveWarning.NONE_APPLY,
    "no warnings": ArchiveWarning.NONE_APPLY,
    "no archive warnings apply": ArchiveWarning.NONE_APPLY,
}


def archive_warning(name: str) -> ArchiveWarning | None:
    """The AO3 archive warning an archive's own warning names, if one does."""
    return _ARCHIVE_WARNINGS.get(" ".join(re.sub(r"[^\w]+", " ", name.casefold()).split()))


def _is_warning_kind(kind: str) -> bool:
    return "warning" in kind.casefold()


@dataclass(frozen=True)
class Taxonomy:
    category_tags: dict[int, list[Tag]]
    character_tags: dict[int, Tag]
    class_tags: dict[int, Tag]


@transaction.atomic
def taxonomy_migrate(
    *, categories: list[CategoryRow], characters: list[CharacterRow], classes: list[ClassRow]
) -> Taxonomy:
    """The archive's own tree as tags: top-level categories are fandoms; a sub-category named
    like a pairing is a relationship of its fandom, any other one a fandom (its works also
    carry the fandoms above it); characters belong to their category's fandoms; classes are
    free tags, but a warning class is one of AO3's archive warnings when it means one."""
    by_id = {category.catid: category for category in categories}

    def chain(catid: int) -> list[CategoryRow]:
        """The category and those above it, nearest first (a loop in the tree stops)."""
        found: list[CategoryRow] = []
        current = by_id.get(catid)
        while current is not None and current not in found:
            found.append(current)
            current = by_id.get(current.parent) if current.parent > 0 else None
        return found

    def kind_of(category: CategoryRow) -> TagKind:
        if len(chain(category.catid)) > 1 and _PAIRING.search(plain_title(category.name)):
            return TagKind.RELATIONSHIP
        return TagKind.FANDOM

    names: dict[TagKind, list[str]] = {kind: [] for kind in TagKind}
    for category in categories:
        names[kind_of(category)].append(plain_title(category.name))
    for character in characters:
        names[TagKind.CHARACTER].append(plain_title(character.name))
    class_names: dict[int, tuple[TagKind, str]] = {}
    for value in classes:
        name = plain_title(value.name)
        warning = archive_warning(name) if _is_warning_kind(value.kind) else None
        kind, name = (TagKind.WARNING, warning.value) if warning else (TagKind.FREEFORM, name)
        class_names[value.class_id] = (kind, name)
        names[kind].append(name)
    tags = {(tag.kind, tag.name_key): tag for tag in tags_get_or_create(names_by_kind=names)}

    def tag(kind: TagKind, name: str) -> Tag | None:
        return tags.get((kind, name_key(plain_title(name))))

    own_tags: dict[int, Tag] = {}
    category_tags: dict[int, list[Tag]] = {}
    belonging: dict[Tag, set[Tag]] = {}
    for category in categories:
        own = tag(kind_of(category), category.name)
        above = [tag(kind_of(c), c.name) for c in chain(category.catid)[1:]]
        fandoms = [t for t in above if t is not None and t.kind == TagKind.FANDOM]
        category_tags[category.catid] = [*([own] if own else []), *fandoms]
        if own is not None:
            own_tags[category.catid] = own
            if own.kind == TagKind.RELATIONSHIP:
                belonging.setdefault(own, set()).update(fandoms)
    character_tags: dict[int, Tag] = {}
    for character in characters:
        if (found := tag(TagKind.CHARACTER, character.name)) is None:
            continue
        character_tags[character.charid] = found
        belonging.setdefault(found, set()).update(
            t for t in category_tags.get(character.catid, []) if t.kind == TagKind.FANDOM
        )
    wrangled = []
    for member, wanted in belonging.items():
        missing = {f.pk for f in wanted} - set(member.fandoms.values_list("pk", flat=True))
        if missing:
            member.fandoms.add(*missing)
            wrangled.append(member.pk)
    announce_tags(wrangled)
    class_tags = {
        class_id: value_tag
        for class_id, (kind, name) in class_names.items()
        if (value_tag := tag(kind, name)) is not None
    }
    remember(LegacyKind.CATEGORY, dict(own_tags))
    remember(LegacyKind.CHARACTER, dict(character_tags))
    return Taxonomy(category_tags, character_tags, class_tags)
