from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ficarchive.community.models import Bookmark, Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin[Comment]):
    """Moderators read comments here; deleting one goes through the page's delete button,
    which keeps the work's count right."""

    list_display = ["pk", "work", "user", "guest_name", "created_at", "is_approved", "is_deleted"]
    list_filter = ["is_approved", "is_frozen", "is_deleted"]
    search_fields = ["body_html", "user__username", "guest_name"]
    # A guest's email address is shown to moderators here, and nowhere else.
    readonly_fields = [
        "work", "chapter", "user", "guest_name", "guest_email", "parent", "body_html",
        "is_approved", "is_frozen", "is_deleted", "created_at", "edited_at",
    ]  # fmt: skip

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
