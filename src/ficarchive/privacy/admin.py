from __future__ import annotations

from django.contrib import admin

from ficarchive.privacy.models import PolicyPage


@admin.register(PolicyPage)
class PolicyPageAdmin(admin.ModelAdmin[PolicyPage]):
    list_display = ["title", "slug", "updated_at"]
    readonly_fields = ["updated_at"]
