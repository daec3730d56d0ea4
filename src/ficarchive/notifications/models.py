"""Subscriptions, the inbox and each member's choice of email per kind of notice.

A subscription names what it follows by kind and id (a work, a series, a creator name, a
tag), or by the normalized address of a search or filtered list: no foreign key, so a
deleted work's subscribers can still be found and told, and the works app knows nothing of
this one. Inbox items point at the work they are about (when there still is one): the inbox
and the emails show only those the member may see at that moment.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class Subscription(models.Model):
    class Kind(models.TextChoices):
        WORK = "work", "Work"
        SERIES = "series", "Series"
        CREATOR = "creator", "Creator"
        TAG = "tag", "Tag"
        SEARCH = "search", "Search or list"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    query = models.CharField(
        max_length=2000, blank=True, help_text="A search or list: its path and sorted query."
    )
    label = models.CharField(max_length=255, help_text="What it was called when subscribed.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "target_id"], name="subscription_target")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "target_id"],
                condition=Q(target_id__isnull=False),
                name="subscription_once_per_target",
            ),
            models.UniqueConstraint(
                fields=["user", "query"], condition=~Q(query=""), name="subscription_once_per_query"
            ),
            models.CheckConstraint(
                condition=(Q(kind="search") & ~Q(query="") & Q(target_id__isnull=True))
                | (~Q(kind="search") & Q(query="") & Q(target_id__isnull=False)),
                name="subscription_has_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.key}"

    @property
    def key(self) -> str:
        return subscription_key(self.kind, self.target_id, self.query)

    @property
    def target_url(self) -> str:
        if self.kind == self.Kind.SEARCH:
            return self.query
        names = {
            self.Kind.WORK: "reader:work",
            self.Kind.SERIES: "works:series",
            self.Kind.CREATOR: "works:creator",
            self.Kind.TAG: "works:tag",
        }
        return reverse(names[self.Kind(self.kind)], args=[self.target_id])


def subscription_key(kind: str, target_id: int | None, query: str = "") -> str:
    """What a subscription follows, as one string (the per-member cached set holds these)."""
    return f"search:{query}" if kind == Subscription.Kind.SEARCH else f"{kind}:{target_id}"


class NoticeKind(models.TextChoices):
    NEW_WORK = "new_work", "New works from your subscriptions"
    NEW_CHAPTER = "new_chapter", "New chapters from your subscriptions"
    WORK_GONE = "work_gone", "Works you follow deleted or hidden"
    COMMENT = "comment", "Comments on your works"
    REPLY = "reply", "Replies to your comments"
    INVITATION = "invitation", "Co-creator invitations"
    MODERATION = "moderation", "Messages from the moderators"


class Delivery(models.TextChoices):
    IMMEDIATELY = "now", "Email at once"
    DIGEST = "digest", "Daily digest"
    NEVER = "never", "No email (inbox only)"


class InboxItem(models.Model):
    class Mail(models.TextChoices):
        NONE = "", "Not mailed"
        NOW = "now", "To mail at once"
        DIGEST = "digest", "For the next digest"
        SENT = "sent", "Mailed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_items"
    )
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    work = models.ForeignKey(
        "works.Work", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    chapter = models.ForeignKey(
        "works.Chapter", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        "community.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subscription_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The subscription it came from (its emails' unsubscribe)."
    )
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True, help_text="Plain text.")
    url = models.CharField(max_length=500, blank=True)
    is_read = models.BooleanField(default=False)
    mail = models.CharField(max_length=10, choices=Mail.choices, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "is_read"], name="inbox_unread"),
            models.Index(fields=["mail", "user"], name="inbox_mail"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}: {self.subject}"


class NoticePreference(models.Model):
    """A member's choice for one kind; a kind with no row has its default (DEFAULT_DELIVERY)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences"
    )
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notice_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} {self.delivery}"


DEFAULT_DELIVERY: dict[str, str] = {
    NoticeKind.NEW_WORK: Delivery.DIGEST,
    NoticeKind.NEW_CHAPTER: Delivery.DIGEST,
    NoticeKind.WORK_GONE: Delivery.DIGEST,
    NoticeKind.COMMENT: Delivery.IMMEDIATELY,
    NoticeKind.REPLY: Delivery.IMMEDIATELY,
    NoticeKind.INVITATION: Delivery.IMMEDIATELY,
    NoticeKind.MODERATION: Delivery.IMMEDIATELY,
}
