from __future__ import annotations

from django.contrib import admin

from ficarchive.muting.models import Block, TagMute, UserMute


@admin.register(UserMute)
class UserMuteAdmin(admin.ModelAdmin[UserMute]):
    list_display = ["member", "muted", "created_at"]
    raw_id_fields = ["member", "muted"]


@admin.register(TagMute)
class TagMuteAdmin(admin.ModelAdmin[TagMute]):
    list_display = ["member", "tag", "created_at"]
    raw_id_fields = ["member", "tag"]


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin[Block]):
    list_display = ["member", "blocked", "created_at"]
    raw_id_fields = ["member", "blocked"]
