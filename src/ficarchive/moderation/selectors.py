"""The moderators' reads: who moderates, the queue, a target's reports and history, the log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Min, QuerySet

from ficarchive.accounts.models import User
from ficarchive.moderation.models import AuditEntry, Report, TargetKind

MODERATE_PERMISSION = "moderation.moderate"
QUEUE_GROUPS = 50


def is_moderator(user: User | AnonymousUser) -> bool:
    """The moderator role: staff (who see hidden works and comments, and the admin) with the
    `moderation.moderate` permission, which the "Moderators" group gives (accounts.roles)
    and superusers have."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(MODERATE_PERMISSION)
    )


@dataclass
class QueueGroup:
    """One target's open reports, as the queue lists them."""

    target_kind: str
    target_id: int
    first_reported: datetime
    count: int
    reports: list[Report] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.reports[0].target_label if self.reports else ""

    @property
    def kind_label(self) -> str:
        return TargetKind(self.target_kind).label

    @property
    def reasons(self) -> list[str]:
        return sorted({report.get_reason_display() for report in self.reports})

    @property
    def has_appeal(self) -> bool:
        return any(report.appeal_of_id is not None for report in self.reports)


def queue_groups(*, limit: int = QUEUE_GROUPS) -> tuple[list[QueueGroup], int]:
    """Open reports grouped by target, the longest-waiting target first (two queries), and
    how many targets wait in all."""
    open_reports = Report.objects.filter(status=Report.Status.OPEN)
    rows = list(
        open_reports.values("target_kind", "target_id")
        .annotate(first=Min("created_at"), count=Count("pk"))
        .order_by("first", "target_kind", "target_id")
    )
    groups = {
        (row["target_kind"], row["target_id"]): QueueGroup(
            row["target_kind"], row["target_id"], row["first"], row["count"]
        )
        for row in rows[:limit]
    }
    ids = [target_id for _, target_id in groups]
    for report in open_reports.filter(target_id__in=ids).select_related("reporter"):
        group = groups.get((report.target_kind, report.target_id))
        if group is not None:
            group.reports.append(report)
    return list(groups.values()), len(rows)


def reports_of(*, target_kind: str, target_id: int) -> QuerySet[Report]:
    """Every report about one target, open first, then the most recent."""
    return (
        Report.objects.filter(target_kind=target_kind, target_id=target_id)
        .select_related("reporter", "closed_by", "appeal_of")
        .order_by("-status", "-created_at", "-pk")
    )


def audit_entries(*, target_kind: str = "", target_id: int | None = None) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("member")
    if target_kind and target_id is not None:
        entries = entries.filter(target_kind=target_kind, target_id=target_id)
    return entries
