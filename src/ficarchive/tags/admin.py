from __future__ import annotations

from django.contrib import admin

from ficarchive.tags.models import Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin[Tag]):
    list_display = ["name", "kind", "synonym_of"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["synonym_of"]
