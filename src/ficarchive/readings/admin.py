from __future__ import annotations

from django.contrib import admin

from ficarchive.readings.models import HistoryPause, MarkedForLater, Reading


@admin.register(Reading)
class ReadingAdmin(admin.ModelAdmin[Reading]):
    list_display = ["user", "work", "chapter_position", "paragraph", "last_visit", "visits"]
    raw_id_fields = ["user", "work"]


@admin.register(MarkedForLater)
class MarkedForLaterAdmin(admin.ModelAdmin[MarkedForLater]):
    list_display = ["user", "work", "created_at"]
    raw_id_fields = ["user", "work"]


@admin.register(HistoryPause)
class HistoryPauseAdmin(admin.ModelAdmin[HistoryPause]):
    list_display = ["user", "paused_at"]
    raw_id_fields = ["user"]
