from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from ficarchive.community.services import comments_recount
from ficarchive.search.services import search_index_work, search_remove_work
from ficarchive.works.models import Authorship, Chapter, Creator, Series, SeriesPart, Work
from ficarchive.works.services import names_prune


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
        """After the tags, creators and chapters are saved: the index reads them all."""
        super().save_related(request, form, formsets, change)
        form.instance.refresh_word_count()
        comments_recount(work_id=form.instance.pk)  # a chapter deleted here takes its comments
        search_index_work(work_id=form.instance.pk)

    def delete_model(self, request: HttpRequest, obj: Work) -> None:
        work_id = obj.pk
        super().delete_model(request, obj)
        search_remove_work(work_id=work_id)
        names_prune()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Work]) -> None:
        work_ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        for work_id in work_ids:
            search_remove_work(work_id=work_id)
        names_prune()


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
        for work_id in obj.authorships.values_list("work_id", flat=True):
            search_index_work(work_id=work_id)


class SeriesPartInline(admin.TabularInline[SeriesPart, Series]):
    model = SeriesPart
    extra = 0
    raw_id_fields = ["work"]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin[Series]):
    list_display = ["title"]
    search_fields = ["title"]
    inlines = [SeriesPartInline]
