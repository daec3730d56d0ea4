from __future__ import annotations

from django.contrib import admin

from ficarchive.works.models import Authorship, Chapter, Creator, Series, SeriesPart, Work


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


@admin.register(Creator)
class CreatorAdmin(admin.ModelAdmin[Creator]):
    list_display = ["name", "user"]
    search_fields = ["name"]
    raw_id_fields = ["user"]


class SeriesPartInline(admin.TabularInline[SeriesPart, Series]):
    model = SeriesPart
    extra = 0
    raw_id_fields = ["work"]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin[Series]):
    list_display = ["title"]
    search_fields = ["title"]
    inlines = [SeriesPartInline]
