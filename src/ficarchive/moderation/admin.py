"""Reports and the audit log, read-only in the admin: decisions are taken from the queue
(so each is logged once), and the log is never changed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ficarchive.moderation.models import AuditEntry, Report


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["target_label", "reason", "status", "created_at"]
    list_filter = ["status", "reason", "target_kind"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "moderator_name", "action", "target_label", "member"]
    list_filter = ["action", "target_kind"]
    search_fields = ["moderator_name", "target_label", "reason"]
