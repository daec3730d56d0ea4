from __future__ import annotations

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from ficarchive.core.pagecache import guest_pages_invalidate
from ficarchive.privacy.models import PolicyPage


@admin.register(PolicyPage)
class PolicyPageAdmin(admin.ModelAdmin[PolicyPage]):
    list_display = ["title", "slug", "updated_at"]
    readonly_fields = ["updated_at"]

    def save_model(
        self, request: HttpRequest, obj: PolicyPage, form: ModelForm[PolicyPage], change: bool
    ) -> None:
        """Guests' cached pages carry the old text (and footers): they are made again."""
        super().save_model(request, obj, form, change)
        guest_pages_invalidate()
