from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from ficarchive.tags.models import Tag
from ficarchive.tags.services import tag_save, tags_delete


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin[Tag]):
    list_display = ["name", "kind", "synonym_of"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["synonym_of"]

    def save_model(
        self, request: HttpRequest, obj: Tag, form: ModelForm[Tag], change: bool
    ) -> None:
        tag_save(tag=obj)

    def delete_model(self, request: HttpRequest, obj: Tag) -> None:
        tags_delete(tags=Tag.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Tag]) -> None:
        tags_delete(tags=queryset)
