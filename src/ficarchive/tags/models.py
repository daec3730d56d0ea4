"""Tags: fandoms, relationships, characters, free-form tags and archive warnings."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import models


def name_key(name: str) -> str:
    """What two names must share to be the same name: NFKC, case-folded, spaces collapsed.

    Computed here, in Python, and stored: SQLite's LOWER() folds only ASCII and PostgreSQL's
    follows its collation, so comparing in SQL would make the databases disagree (and a name
    with an uppercase non-ASCII letter would collide with itself under a LOWER() constraint).
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


class TagKind(models.TextChoices):
    FANDOM = "fandom", "Fandom"
    RELATIONSHIP = "relationship", "Relationship"
    CHARACTER = "character", "Character"
    FREEFORM = "freeform", "Additional tag"
    WARNING = "warning", "Archive warning"


class ArchiveWarning(models.TextChoices):
    """AO3's fixed archive warnings; works may carry several."""

    CHOSE_NOT_TO_WARN = (
        "Creator Chose Not To Use Archive Warnings",
        "Creator Chose Not To Use Archive Warnings",
    )
    NONE_APPLY = "No Archive Warnings Apply", "No Archive Warnings Apply"
    VIOLENCE = "Graphic Depictions Of Violence", "Graphic Depictions Of Violence"
    MAJOR_CHARACTER_DEATH = "Major Character Death", "Major Character Death"
    RAPE = "Rape/Non-Con", "Rape/Non-Con"
    UNDERAGE = "Underage Sex", "Underage Sex"


class TagQuerySet(models.QuerySet["Tag"]):
    def canonical(self) -> TagQuerySet:
        return self.filter(synonym_of__isnull=True)


class Tag(models.Model):
    """A named tag of one kind; a synonym points at its canonical tag."""

    name = models.CharField(max_length=150)
    name_key = models.TextField(editable=False, help_text="name_key(name): what names match on.")
    kind = models.CharField(max_length=20, choices=TagKind.choices)
    synonym_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="synonyms",
        help_text="The canonical tag this name means, so both find the same works.",
    )
    fandoms = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="members",
        limit_choices_to={"kind": "fandom"},
        help_text="For a character or relationship: the fandoms it belongs to (wrangled).",
    )  # fmt: skip

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["name_key"], name="tag_name_key")]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name_key"], name="tag_unique_name_per_kind"),
            models.CheckConstraint(
                condition=~models.Q(synonym_of=models.F("id")), name="tag_not_own_synonym"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)

    @property
    def canonical_tag(self) -> Tag:
        """The tag readers should search by: itself, or what it is a synonym of."""
        return self.synonym_of or self
