from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ficarchive.community.models import Bookmark, Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin[Comment]):
    """Moderators read comments here; deleting one goes through the page's delete button,
    which keeps the work's count right."""

    list_display = ["pk", "work", "user", "created_at", "is_deleted"]
    list_filter = ["is_deleted"]
    search_fields = ["body_html", "user__username"]
    readonly_fields = ["work", "chapter", "user", "parent", "body_html", "is_deleted", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Comment | None = None) -> bool:
        return False


@admin.register(Bookmark)
class BookmarkAdmin(admin.ModelAdmin[Bookmark]):
    list_display = ["user", "work", "is_private", "updated_at"]
    raw_id_fields = ["user", "work"]
    readonly_fields = ["user", "work", "notes", "is_private"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
