"""What an eFiction migration remembers: which eFiction id became which row here (so a
second run updates instead of duplicating, and old addresses redirect), and the members'
favourites until they claim their name."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from ficarchive.community.models import Comment
from ficarchive.tags.models import Tag
from ficarchive.works.models import Chapter, Creator, Series, Work


class LegacyKind(models.TextChoices):
    MEMBER = "member", "Member (uid)"
    STORY = "story", "Story (sid)"
    CHAPTER = "chapter", "Chapter (chapid)"
    SERIES = "series", "Series (seriesid)"
    CATEGORY = "category", "Category (catid)"
    CHARACTER = "character", "Character (charid)"
    REVIEW = "review", "Review (reviewid)"


# The field each kind points through; exactly that one is set.
TARGET_FIELD = {
    LegacyKind.MEMBER: "creator",
    LegacyKind.STORY: "work",
    LegacyKind.CHAPTER: "chapter",
    LegacyKind.SERIES: "series",
    LegacyKind.CATEGORY: "tag",
    LegacyKind.CHARACTER: "tag",
    LegacyKind.REVIEW: "comment",
}


class LegacyId(models.Model):
    """An eFiction id and the row it became. Deleting the row here deletes the mapping, so
    an old address of a deleted work answers 404 (and a later run brings it back)."""

    kind = models.CharField(max_length=10, choices=LegacyKind.choices)
    legacy_id = models.PositiveBigIntegerField()
    creator = models.ForeignKey(
        Creator, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    work = models.ForeignKey(
        Work, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    chapter = models.ForeignKey(
        Chapter, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    inorder = models.IntegerField(
        null=True, blank=True,
        help_text="A chapter's eFiction `inorder`: what viewstory.php?chapter= names.",
    )  # fmt: skip
    member = models.PositiveBigIntegerField(
        null=True, blank=True,
        help_text="A review's eFiction member (uid): their comment is theirs once they claim.",
    )  # fmt: skip
    migrated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "eFiction id"
        constraints = [
            models.UniqueConstraint(fields=["kind", "legacy_id"], name="legacyid_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=LegacyKind.values), name="legacyid_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["kind", "member"], name="legacyid_member")]

    def __str__(self) -> str:
        return f"eFiction {self.kind} {self.legacy_id}"


class Favourite(models.Model):
    """A member's eFiction favourite, kept until the member claims their creator name; then
    it becomes a bookmark (a story) or a follow (an author, a series)."""

    class Kind(models.TextChoices):
        STORY = "ST", "Story"
        AUTHOR = "AU", "Author"
        SERIES = "SE", "Series"

    member = models.PositiveBigIntegerField(help_text="The eFiction member (uid).")
    kind = models.CharField(max_length=2, choices=Kind.choices)
    item = models.PositiveBigIntegerField(help_text="The eFiction sid, uid or seriesid.")
    comments = models.TextField(blank=True)
    applied_at = models.DateTimeField(
        null=True, blank=True, help_text="When it became a bookmark or a follow."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "kind", "item"], name="favourite_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=["ST", "AU", "SE"]), name="favourite_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"member {self.member} likes {self.kind} {self.item}"
