"""Tags: fandoms, relationships, characters, free-form tags and archive warnings."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower

# `name__lower=...` compares LOWER(name), which the functional indexes below can serve
# (unlike `name__iexact`, a LIKE that scans the table on SQLite).
models.CharField.register_lookup(Lower)


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
    kind = models.CharField(max_length=20, choices=TagKind.choices)
    synonym_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="synonyms",
        help_text="The canonical tag this name means, so both find the same works.",
    )

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "kind", name="tag_unique_name_per_kind"),
            models.CheckConstraint(
                condition=~models.Q(synonym_of=models.F("id")), name="tag_not_own_synonym"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def canonical_tag(self) -> Tag:
        """The tag readers should search by: itself, or what it is a synonym of."""
        return self.synonym_of or self
