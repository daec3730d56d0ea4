"""Filtering and sorting any list of works, AO3-style; the URL's query string holds it all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Count, QuerySet
from django.db.models.functions import Lower
from django.http import QueryDict

from ficarchive.core.numbers import NumberField
from ficarchive.tags.models import ArchiveWarning, Tag, TagKind, name_key
from ficarchive.works.models import Rating, Work, WorkQuerySet

SORTS = {
    "updated": "Date updated",
    "published": "Date posted",
    "words": "Word count",
    "title": "Title",
    "creator": "Creator",
    "kudos": "Kudos",
    "comments": "Comments",
    "bookmarks": "Bookmarks",
    "hits": "Hits",
    "best": "Best match (searches)",
}
_ORDERING: dict[str, list[Any]] = {
    "updated": ["-updated", "-pk"],
    "published": ["-published", "-pk"],
    "words": ["-word_count", "-pk"],
    "title": [Lower("title"), "pk"],
    "creator": ["first_creator", "pk"],
    "kudos": ["-kudos_count", "-pk"],
    "comments": ["-comment_count", "-pk"],
    "bookmarks": ["-bookmark_count", "-pk"],
    "hits": ["-hit_count", "-pk"],
}


class WorkFilterForm(forms.Form):
    sort = forms.ChoiceField(choices=list(SORTS.items()), required=False)
    rating = forms.MultipleChoiceField(
        choices=Rating.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    warning = forms.MultipleChoiceField(
        label="Archive warnings", choices=ArchiveWarning.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    complete = forms.ChoiceField(
        label="Completion",
        choices=[("", "All works"), ("yes", "Complete only"), ("no", "In progress only")],
        required=False,
        widget=forms.RadioSelect,
    )
    language = forms.CharField(required=False, max_length=35)
    words_from = NumberField(label="Words from", required=False)
    words_to = NumberField(label="Words to", required=False)
    updated_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    updated_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    published_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    published_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    include = forms.CharField(
        label="Include tags", required=False, max_length=1000,
        help_text="Fandoms, relationships, characters or tags, comma-separated.",
    )  # fmt: skip
    exclude = forms.CharField(label="Exclude tags", required=False, max_length=1000)


@dataclass
class Facet:
    name: str
    label: str
    options: list[dict[str, Any]]


def tag_id_groups(names: str) -> list[list[int]]:
    """For each name, the ids of the tag(s) it means, synonyms included."""
    groups: list[list[int]] = []
    for name in [n.strip() for n in names.split(",") if n.strip()][:20]:
        tags = list(Tag.objects.filter(name_key=name_key(name)).select_related("synonym_of"))
        ids: set[int] = set()
        for tag in tags:
            canonical = tag.canonical_tag
            ids.add(canonical.pk)
            ids.update(canonical.synonyms.values_list("pk", flat=True))
        groups.append(sorted(ids) or [-1])
    return groups


def apply_filters(works: WorkQuerySet, data: dict[str, Any]) -> WorkQuerySet:
    """Narrow the works by every filter that is set."""
    if data.get("rating"):
        works = works.filter(rating__in=data["rating"])
    for warning in data.get("warning") or []:
        works = works.filter(tags__kind=TagKind.WARNING, tags__name=warning)
    if data.get("complete") == "yes":
        works = works.complete()
    elif data.get("complete") == "no":
        works = works.in_progress()
    if data.get("language"):
        works = works.filter(language__iexact=data["language"])
    if data.get("words_from") is not None:
        works = works.filter(word_count__gte=data["words_from"])
    if data.get("words_to") is not None:
        works = works.filter(word_count__lte=data["words_to"])
    date_ranges = {
        "updated_from": "updated__gte", "updated_to": "updated__lte",
        "published_from": "published__gte", "published_to": "published__lte",
    }  # fmt: skip
    for field, lookup in date_ranges.items():
        if data.get(field):
            works = works.filter(**{lookup: data[field]})
    for ids in tag_id_groups(data.get("include") or ""):
        works = works.filter(
            pk__in=Work.tags.through.objects.filter(tag_id__in=ids).values("work_id")
        )
    for ids in tag_id_groups(data.get("exclude") or ""):
        works = works.exclude(
            pk__in=Work.tags.through.objects.filter(tag_id__in=ids).values("work_id")
        )
    return works


def apply_sort(works: WorkQuerySet, sort: str) -> WorkQuerySet:
    if sort == "creator":
        from django.db.models import Min

        works = works.annotate(first_creator=Min("authorships__creator__name_key"))
    return works.order_by(*_ORDERING.get(sort, _ORDERING["updated"]))


FACET_SAMPLE = 10_000


def facets(works: QuerySet[Work]) -> list[Facet]:
    """The count of matching works beside each filter option.

    Counted over at most FACET_SAMPLE matches, so a very common word costs no more than that,
    in two queries (ratings; every tag kind at once), so the matches are found only twice.
    """
    ids = works.order_by().values("pk")[:FACET_SAMPLE]
    ratings = dict(
        Work.objects.filter(pk__in=ids).order_by().values_list("rating").annotate(n=Count("pk"))
    )
    tag_counts = (
        Work.tags.through.objects.filter(work_id__in=ids)
        .values_list("tag__kind", "tag__name")
        .annotate(n=Count("work_id"))
    )
    by_kind: dict[str, list[tuple[str, int]]] = {}
    for kind, name, count in tag_counts:
        by_kind.setdefault(kind, []).append((name, count))
    return facets_from_counts(ratings, by_kind)


def facets_from_counts(
    ratings: dict[str, int], tags_by_kind: dict[str, list[tuple[str, int]]]
) -> list[Facet]:
    """The facets from counted matches: ratings in their order, each tag kind's ten commonest."""
    result = [
        Facet("rating", "Rating", [
            {"value": value, "label": label, "count": ratings[value]}
            for value, label in Rating.choices if ratings.get(value)
        ]),
    ]  # fmt: skip
    for kind, label in ((TagKind.WARNING, "Archive warnings"), (TagKind.FANDOM, "Fandoms"),
                        (TagKind.RELATIONSHIP, "Relationships"), (TagKind.CHARACTER, "Characters"),
                        (TagKind.FREEFORM, "Additional tags")):  # fmt: skip
        counted = sorted(tags_by_kind.get(kind, []), key=lambda item: (-item[1], item[0]))[:10]
        if counted:
            name = "warning" if kind == TagKind.WARNING else "include"
            options = [{"value": tag, "label": tag, "count": n} for tag, n in counted]
            result.append(Facet(name, label, options))
    return result


def with_facet_links(found: list[Facet], params: QueryDict) -> list[Facet]:
    """Each option's link: the current URL plus that option (AO3's "filter by this")."""
    for facet in found:
        for option in facet.options:
            linked = params.copy()
            linked.pop("page", None)
            if facet.name == "include":
                current = linked.get("include", "")
                linked["include"] = ", ".join(p for p in (current, option["value"]) if p)
            elif option["value"] not in linked.getlist(facet.name):
                linked.appendlist(facet.name, option["value"])
            option["href"] = "?" + linked.urlencode()
    return found
