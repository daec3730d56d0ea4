"""Reports from readers, and the audit log of what the moderators did about them.

A report names its target by kind and id (a work, a chapter, a comment, a bookmark or a
member) and keeps a label of it, so the queue and the log still read after the target is
gone. The audit log is written by the services only, once per action, and never changed:
the admin shows it read-only and the model refuses updates and deletes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q


class TargetKind(models.TextChoices):
    WORK = "work", "Work"
    CHAPTER = "chapter", "Chapter"
    COMMENT = "comment", "Comment"
    BOOKMARK = "bookmark", "Bookmark note"
    MEMBER = "member", "Member"
    TAG = "tag", "Tag"  # wrangled, never reported


class Reason(models.TextChoices):
    SPAM = "spam", "Spam"
    HARASSMENT = "harassment", "Harassment"
    PLAGIARISM = "plagiarism", "Plagiarism"
    RATING = "rating", "Wrong rating or warnings"
    ILLEGAL = "illegal", "Illegal content"
    OTHER = "other", "Other"
    APPEAL = "appeal", "Appeal against a moderators' decision"  # from the decision's notice


# What a reader may choose on the report form (an appeal comes from its own form).
REPORT_REASONS = [(value, label) for value, label in Reason.choices if value != Reason.APPEAL]


class Report(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DISMISSED = "dismissed", "Dismissed"
        ACTIONED = "actioned", "Acted on"

    target_kind = models.CharField(max_length=10, choices=TargetKind.choices)
    target_id = models.PositiveBigIntegerField()
    target_label = models.CharField(max_length=300)
    reason = models.CharField(max_length=12, choices=Reason.choices)
    note = models.TextField(blank=True, max_length=5000, help_text="Plain text.")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reports_made",
    )  # fmt: skip
    reporter_email = models.EmailField(blank=True, help_text="A guest's, for the outcome.")
    appeal_of = models.OneToOneField(
        "AuditEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="appeal",
        help_text="The decision this appeals against: one appeal each.",
    )  # fmt: skip
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=300, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="report_queue"),
            models.Index(fields=["target_kind", "target_id"], name="report_target"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_kind__in=TargetKind.values), name="report_target_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(reason__in=Reason.values), name="report_reason_valid"
            ),
        ]
        permissions = [("moderate", "Can moderate: the queue, hiding, warnings and suspensions")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.target_label}"


class AuditAction(models.TextChoices):
    """What a moderator did."""

    DISMISS = "dismiss", "Dismissed the reports"
    HIDE = "hide", "Hid"
    RESTORE = "restore", "Restored"
    WARN = "warn", "Warned"
    SUSPEND = "suspend", "Suspended"
    BAN = "ban", "Banned"
    LIFT = "lift", "Lifted the suspension or ban"
    PURGE = "purge", "Removed everything posted by"
    CANONICAL = "canonical", "Made canonical"
    SYNONYM = "synonym", "Made a synonym"
    MERGE = "merge", "Merged"
    FANDOMS = "fandoms", "Set the fandoms of"
    NOTE = "note", "Note for moderators"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """No bulk path changes the log either."""

    def update(self, **kwargs: Any) -> int:
        raise ValueError("The audit log is never changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValueError("The audit log is never changed.")


class AuditEntry(models.Model):
    """One moderator action: who, what, when, why. Written once, never changed: the model
    and its QuerySet refuse updates and deletes, and the admin is read-only."""

    Action = AuditAction

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderator_name = models.CharField(max_length=150, help_text="Kept if the account goes.")
    action = models.CharField(max_length=10, choices=Action.choices)
    target_kind = models.CharField(max_length=10, choices=TargetKind.choices)
    target_id = models.PositiveBigIntegerField()
    target_label = models.CharField(max_length=300)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="The member the action concerns (warned, suspended...).",
    )  # fmt: skip
    member_name = models.CharField(max_length=150, blank=True, help_text="Kept if it goes.")
    reason = models.TextField(max_length=5000)
    until = models.DateTimeField(null=True, blank=True, help_text="A suspension's end.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["target_kind", "target_id"], name="audit_target")]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=AuditAction.values),
                name="audit_action_valid",
            ),
            models.CheckConstraint(
                condition=Q(target_kind__in=TargetKind.values), name="audit_target_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.moderator_name} {self.get_action_display().lower()} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("The audit log is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("The audit log is never changed.")
