"""A member's mutes (users and tags whose works, comments and bookmarks leave their lists) and
blocks (users who may no longer comment on, kudos or invite them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from ficarchive.tags.models import Tag


class UserMute(models.Model):
    """The member no longer sees the muted user's works, comments or bookmarks in lists."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="user_mutes"
    )
    muted = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "muted"], name="usermute_once"),
            models.CheckConstraint(condition=~Q(muted=F("member")), name="usermute_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} mutes user {self.muted_id}"


class TagMute(models.Model):
    """The member no longer sees works carrying the tag (or one of its synonyms) in lists."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tag_mutes"
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="muted_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["member", "tag"], name="tagmute_once")]

    def __str__(self) -> str:
        return f"{self.member_id} mutes tag {self.tag_id}"


class Block(models.Model):
    """The blocked user may not comment on the member's works or reply to their comments,
    leave kudos on their works, or invite them to co-create."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocked_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "blocked"], name="block_once"),
            models.CheckConstraint(condition=~Q(blocked=F("member")), name="block_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} blocks {self.blocked_id}"
