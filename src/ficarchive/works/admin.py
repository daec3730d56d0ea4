from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from ficarchive.core.events import (
    ChapterChange,
    CreatorChange,
    WorkChange,
    announce_chapters,
    announce_creators,
    announce_works,
)
from ficarchive.works.models import (
    Authorship,
    Chapter,
    Creator,
    Series,
    SeriesPart,
    Visibility,
    Work,
)
from ficarchive.works.services import work_delete, works_delete


class AuthorshipInline(admin.TabularInline[Authorship, Work]):
    model = Authorship
    extra = 0
    autocomplete_fields = ["creator"]


class ChapterInline(admin.StackedInline[Chapter, Work]):
    model = Chapter
    extra = 0
    fields = ["position", "title", "is_posted", "notes_begin", "body_html", "notes_end"]


@admin.register(Work)
class WorkAdmin(admin.ModelAdmin[Work]):
    list_display = ["title", "visibility", "rating", "word_count", "updated"]
    list_filter = ["visibility", "rating", "language"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["tags", "betas"]
    inlines = [AuthorshipInline, ChapterInline]

    def save_related(
        self, request: HttpRequest, form: ModelForm[Work], formsets: list[Any], change: bool
    ) -> None:
        """Announced once the tags, creators and chapters are saved: followers read them all."""
        super().save_related(request, form, formsets, change)
        work = form.instance
        work.refresh_word_count()
        if any(f.model is Chapter and f.deleted_objects for f in formsets):
            announce_chapters(ChapterChange.DELETED, [work.pk])  # they took their comments
        announce_works(_work_change(form, change), [work.pk])

    def delete_model(self, request: HttpRequest, obj: Work) -> None:
        work_delete(work=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Work]) -> None:
        works_delete(works=queryset)


def _work_change(form: ModelForm[Work], change: bool) -> WorkChange:
    """What a moderator's save changed, as one event: a draft they post is published, any
    other change of visibility is theirs to hide or show again."""
    if not change:
        return WorkChange.POSTED
    if "visibility" not in form.changed_data:
        return WorkChange.EDITED
    readable = form.instance.visibility in (Visibility.PUBLIC, Visibility.REGISTERED)
    if readable and form.initial.get("visibility") == Visibility.DRAFT:
        return WorkChange.PUBLISHED
    return WorkChange.HIDDEN


@admin.register(Creator)
class CreatorAdmin(admin.ModelAdmin[Creator]):
    list_display = ["name", "user"]
    search_fields = ["name"]
    raw_id_fields = ["user"]

    def save_model(
        self, request: HttpRequest, obj: Creator, form: ModelForm[Creator], change: bool
    ) -> None:
        """A renamed or re-linked creator changes what its works are found by, and by whom."""
        super().save_model(request, obj, form, change)
        announce_creators(CreatorChange.EDITED, [obj.pk])


class SeriesPartInline(admin.TabularInline[SeriesPart, Series]):
    model = SeriesPart
    extra = 0
    raw_id_fields = ["work"]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin[Series]):
    list_display = ["title"]
    search_fields = ["title"]
    inlines = [SeriesPartInline]
