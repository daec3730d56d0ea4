"""What readers leave on a work: kudos, comments and bookmarks.

Each work keeps their totals itself (Work.kudos_count and friends), updated by the services
in the same transaction, so every list can sort and filter on them without counting rows.
Hits have no rows: they are counted in the cache and folded into Work.hit_count
(community.services.hits_flush).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from ficarchive.works.models import Chapter, Work


class Kudos(models.Model):
    """One per account, or per guest (a keyed hash of their address: no address is stored)."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="kudos")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
        related_name="kudos",
    )  # fmt: skip
    guest_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "kudos"
        constraints = [
            models.UniqueConstraint(
                fields=["work", "user"], condition=Q(user__isnull=False), name="kudos_once_per_user"
            ),
            models.UniqueConstraint(
                fields=["work", "guest_key"],
                condition=~Q(guest_key=""),
                name="kudos_once_per_guest",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(guest_key=""), name="kudos_has_a_giver"
            ),
        ]

    def __str__(self) -> str:
        return f"kudos on {self.work_id}"


class Bookmark(models.Model):
    """A member keeps a work, with their own notes; private ones are theirs alone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="bookmarks")
    notes = models.TextField(blank=True, max_length=2000)
    is_private = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "work"], name="bookmark_once_per_work")
        ]

    def __str__(self) -> str:
        return f"{self.user} keeps {self.work_id}"


class Comment(models.Model):
    """A member's comment on a chapter, or a reply to another comment."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="comments")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="comments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body_html = models.TextField(help_text="Sanitized HTML.")
    is_deleted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["chapter", "created_at"], name="comment_chapter_order")]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.work_id}"
