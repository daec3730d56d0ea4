"""What readers leave on a work: kudos, comments and bookmarks.

Each work keeps their totals itself (Work.kudos_count and friends), updated by the services
in the same transaction, so every list can sort and filter on them without counting rows.
Hits have no rows: they are counted in the cache and folded into Work.hit_count
(community.services.hits_flush).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ficarchive.works.models import Chapter, Work

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from ficarchive.accounts.models import User


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


class WhoMayComment(models.TextChoices):
    MEMBERS = "members", "Members only"
    EVERYONE = "everyone", "Members and guests"
    NOBODY = "nobody", "Nobody"


class CommentModeration(models.TextChoices):
    NONE = "none", "None: comments appear at once"
    GUESTS = "guests", "Hold guests' comments for my approval"
    ALL = "all", "Hold all comments for my approval"


class WorkCommentSettings(models.Model):
    """Who may comment on a work and whose comments wait for its creators' approval, chosen
    by its creators. A work without a row has the defaults (members only, no moderation):
    community keeps them so the works app need not know of comments."""

    work = models.OneToOneField(
        Work, primary_key=True, on_delete=models.CASCADE, related_name="comment_settings"
    )
    who_may_comment = models.CharField(
        max_length=10, choices=WhoMayComment.choices, default=WhoMayComment.MEMBERS
    )
    moderation = models.CharField(
        max_length=10, choices=CommentModeration.choices, default=CommentModeration.NONE
    )

    class Meta:
        verbose_name_plural = "work comment settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(who_may_comment__in=WhoMayComment.values),
                name="comment_settings_who_valid",
            ),
            models.CheckConstraint(
                condition=Q(moderation__in=CommentModeration.values),
                name="comment_settings_moderation_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"comment settings of {self.work_id}"

    @property
    def guests_may_comment(self) -> bool:
        return self.who_may_comment == WhoMayComment.EVERYONE

    @property
    def members_may_comment(self) -> bool:
        return self.who_may_comment != WhoMayComment.NOBODY

    def holds(self, *, guest: bool) -> bool:
        """Whether a new comment (a guest's, or a member's) waits for approval."""
        if self.moderation == CommentModeration.ALL:
            return True
        return guest and self.moderation == CommentModeration.GUESTS


class Comment(models.Model):
    """A member's or a guest's comment on a chapter, or a reply to another comment.

    A guest signs with a name and an email address; the address is for the creators' and
    moderators' eyes only (the admin) and is never put on a page. A comment that waits for
    the creators' approval (`is_approved` false) is not in the work's comment count, nor is
    one the moderators hid (`is_hidden`). A frozen comment takes no more replies, nor do the
    replies under it.
    """

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="comments")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="comments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comments"
    )
    guest_name = models.CharField(max_length=100, blank=True)
    guest_email = models.EmailField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body_html = models.TextField(help_text="Sanitized HTML.")
    is_deleted = models.BooleanField(default=False)
    is_approved = models.BooleanField(default=True)
    is_frozen = models.BooleanField(default=False)
    is_hidden = models.BooleanField(
        default=False, help_text="Hidden by the moderators: seen only by its writer and them."
    )
    body_key = models.CharField(
        max_length=40, blank=True, default="", editable=False,
        help_text="A hash of its words (community.spam): the same words across works.",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["chapter", "created_at"], name="comment_chapter_order"),
            models.Index(fields=["body_key", "created_at"], name="comment_same_words"),
            models.Index(fields=["created_at"], name="comment_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(guest_name="") | Q(user__isnull=True), name="comment_one_signature"
            )
        ]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.work_id}"

    def get_absolute_url(self) -> str:
        return reverse("community:comment_link", args=[self.pk])

    @property
    def is_guest(self) -> bool:
        return bool(self.guest_name)

    def hidden_from(self, user: User | AnonymousUser) -> bool:
        """Hidden by the moderators, and this viewer is neither its writer nor one of them."""
        if not self.is_hidden or user.is_staff:
            return False
        return not (user.is_authenticated and self.user_id == user.pk)

    @property
    def signature(self) -> str:
        """The name the comment is signed with (never a guest's address)."""
        if self.guest_name:
            return self.guest_name
        return self.user.username if self.user is not None else "A former member"
