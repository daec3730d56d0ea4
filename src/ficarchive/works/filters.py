"""Filtering and sorting any list of works, AO3-style; the URL's query string holds it all.

Which filters and sorts exist is declared in works/fields.py; this module turns them into the
list form, into the database's filters and orderings, and into the counts beside the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Q, QuerySet, Value
from django.http import QueryDict

from ficarchive.accounts.models import User
from ficarchive.core.numbers import NumberField
from ficarchive.tags.models import Tag, TagKind, name_key
from ficarchive.works.fields import (
    DEFAULT_SORT,
    AmongWorks,
    Between,
    Condition,
    Holds,
    Kind,
    NameContains,
    OneOf,
    Tagged,
    WorkField,
    field_named,
    sort_choices,
    tags_named_like,
    work_fields,
    works_named_like,
)
from ficarchive.works.models import Work, WorkQuerySet
from ficarchive.works.viewer import viewer_work_ids

TAG_NAMES_MAX_LENGTH = 1000


class WorkFilterForm(forms.Form):
    """The sort menu, then each declared field's inputs, in the order they are declared (a
    member's own filters, such as "hide works I have read", for members only)."""

    sort = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, user: User | AnonymousUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sort = self.fields["sort"]
        assert isinstance(sort, forms.ChoiceField)
        sort.choices = sort_choices()
        member = user is not None and user.is_authenticated
        for declared in work_fields():
            if declared.kind == Kind.MINE and not member:
                continue
            self.fields.update(_inputs(declared))
            if declared.menu is not None:  # its choices depend on what was asked for
                menu = self.fields[declared.params[0]]
                assert isinstance(menu, forms.ChoiceField)
                asked = str(self.data.get(declared.params[0]) or "")
                menu.choices = [("", f"Any {declared.label.casefold()}"), *declared.menu(asked)]


def _inputs(field: WorkField) -> dict[str, forms.Field]:
    """The form's inputs for a field, one per URL parameter it declares."""
    if not field.params:
        return {}
    first = field.params[0]
    if field.kind in {Kind.NUMBER, Kind.DATE}:
        labels = field.form_labels or (f"{field.label} from", f"{field.label} to")
        return {
            param: (
                NumberField(label=label, required=False)
                if field.kind == Kind.NUMBER
                else forms.DateField(
                    label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
                )
            )
            for param, label in zip(field.params, labels, strict=True)
        }
    if field.choices:  # CHOICE, or TAG with fixed names
        return {
            first: forms.MultipleChoiceField(
                label=field.label, choices=field.choices, required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        }  # fmt: skip
    if field.kind == Kind.BOOL:
        every, yes, no = field.form_labels
        return {
            first: forms.ChoiceField(
                label=field.label, choices=[("", every), ("yes", yes), ("no", no)],
                required=False, widget=forms.RadioSelect,
            )
        }  # fmt: skip
    if field.kind == Kind.MINE:
        return {first: forms.BooleanField(label=field.form_labels[0], required=False)}
    if field.kind == Kind.EXACT and field.menu is not None:
        return {first: forms.ChoiceField(label=field.label, required=False)}
    if field.kind == Kind.EXACT:
        column = Work._meta.get_field(field.attribute)
        return {first: forms.CharField(label=field.label, required=False,
                                       max_length=getattr(column, "max_length", None))}  # fmt: skip
    # TAG: names to include, names to exclude
    return {
        param: forms.CharField(
            label=label, required=False, max_length=TAG_NAMES_MAX_LENGTH,
            help_text=field.help_text if param == first else "",
        )
        for param, label in zip(field.params, field.form_labels, strict=True)
    }  # fmt: skip


@dataclass
class Facet:
    name: str  # the URL parameter its options add to
    label: str
    options: list[dict[str, Any]]
    joined: bool = False  # the parameter is a comma-separated list of names (include)


def tag_id_groups(names: str, kind: TagKind | None = None) -> list[list[int]]:
    """For each name, the ids of the tag(s) it means, synonyms included."""
    groups: list[list[int]] = []
    for name in [n.strip() for n in names.split(",") if n.strip()][:20]:
        tags = Tag.objects.filter(name_key=name_key(name)).select_related("synonym_of")
        if kind is not None:
            tags = tags.filter(kind=kind)
        ids: set[int] = set()
        for tag in tags:
            canonical = tag.canonical_tag
            ids.add(canonical.pk)
            ids.update(canonical.synonyms.values_list("pk", flat=True))
        groups.append(sorted(ids) or [-1])
    return groups


def form_conditions(
    data: dict[str, Any], *, user: User | AnonymousUser | None = None
) -> list[Condition]:
    """The list form's cleaned data as conditions (what every backend applies); a member's
    own filters need the member."""
    found: list[Condition] = []
    for field in work_fields():
        if not field.params:
            continue
        values = [data.get(param) for param in field.params]
        if field.kind == Kind.MINE:
            mine = viewer_work_ids(field.name, user=user) if user is not None else None
            if values[0] and mine is not None:
                found.append(AmongWorks(mine, exclude=True))
            continue
        if field.kind in {Kind.NUMBER, Kind.DATE}:
            if values[0] is not None or values[1] is not None:
                found.append(Between(field, values[0], values[1]))
        elif field.kind in {Kind.CHOICE, Kind.EXACT} and values[0]:
            chosen = values[0] if isinstance(values[0], list) else [values[0]]
            found.append(OneOf(field, tuple(chosen)))
        elif field.kind == Kind.BOOL:
            answer = {"yes": True, "no": False}.get(values[0] or "")
            if answer is not None:
                found.append(Holds(field, answer))
        elif field.kind == Kind.TAG and field.choices:
            for name in values[0] or []:
                named = Tag.objects.filter(kind=field.tag_kind, name=name)
                found.append(Tagged(named.values_list("pk", flat=True)))
        elif field.kind == Kind.TAG:
            include, exclude = values
            found += [Tagged(ids) for ids in tag_id_groups(include or "", field.tag_kind)]
            found += [
                Tagged(ids, exclude=True) for ids in tag_id_groups(exclude or "", field.tag_kind)
            ]
    return found


def apply_conditions(works: WorkQuerySet, conditions: list[Condition]) -> WorkQuerySet:
    """Narrow the works by each condition.

    Every filter on a related table is a subquery, never a join: no duplicate rows, so no
    DISTINCT (which would make counting compare every column of every work).
    """
    for condition in conditions:
        match condition:
            case Between(field=field, low=low, high=high):
                if low is not None:
                    works = works.filter(**{f"{field.attribute}__gte": low})
                if high is not None:
                    works = works.filter(**{f"{field.attribute}__lte": high})
            case OneOf(field=field, values=values) if field.kind == Kind.EXACT:
                any_case = Q()
                for value in values:
                    any_case |= Q(**{f"{field.attribute}__iexact": value})
                works = works.filter(any_case)
            case OneOf(field=field, values=values) if field.multiple:
                any_listed = Q()
                for value in values:
                    any_listed |= field.listed(value)
                works = works.filter(any_listed)
            case OneOf(field=field, values=values):
                works = works.filter(**{f"{field.attribute}__in": values})
            case Holds(field=field, value=value):
                works = getattr(works, field.methods[0 if value else 1])()
            case NameContains(field=field) if field.kind == Kind.TEXT:
                works = works.filter(pk__in=works_named_like(condition).values("pk"))
            case NameContains():
                tags = tags_named_like(condition).values("pk")
                works = works.filter(
                    pk__in=Work.tags.through.objects.filter(tag_id__in=tags).values("work_id")
                )
            case Tagged(tag_ids=ids, exclude=exclude):
                tagged = Work.tags.through.objects.filter(tag_id__in=ids).values("work_id")
                works = works.exclude(pk__in=tagged) if exclude else works.filter(pk__in=tagged)
            case AmongWorks(work_ids=ids, exclude=exclude):
                works = works.exclude(pk__in=ids) if exclude else works.filter(pk__in=ids)
    return works


def apply_filters(
    works: WorkQuerySet, data: dict[str, Any], *, user: User | AnonymousUser | None = None
) -> WorkQuerySet:
    """Narrow the works by every filter of the list form that is set."""
    return apply_conditions(works, form_conditions(data, user=user))


def works_listed(
    works: WorkQuerySet, params: QueryDict, *, user: User | AnonymousUser
) -> tuple[WorkFilterForm, WorkQuerySet, WorkQuerySet]:
    """A list as its query string asks: the form, the filtered works without the member's
    mutes (for counts and facets) and the same works sorted. Every list page and its feed
    call this, so the same query string gives the same works."""
    form = WorkFilterForm(params, user=user)
    filters = form.cleaned_data if form.is_valid() else {}
    # A member's mutes leave every list here, in its own statements: counts and facets agree.
    filtered = apply_filters(works.unmuted_for(user), filters, user=user)
    return form, filtered, apply_sort(filtered, filters.get("sort") or "updated")


def sort_field(sort: str) -> WorkField:
    """The field a sort names; the default sort for anything else ("best", a typo)."""
    field = field_named(sort)
    if field is None or field.sort is None:
        field = field_named(DEFAULT_SORT)
    assert field is not None, "DEFAULT_SORT names a declared field"
    return field


def apply_sort(works: WorkQuerySet, sort: str) -> WorkQuerySet:
    """Order by the sort's field, ties by id, so paging never repeats or skips a work."""
    field = sort_field(sort)
    assert field.sort is not None
    column = field.attribute
    if field.sort.key is not None:
        column = f"sort_{field.name}"
        works = works.annotate(**{column: field.sort.key})
    if field.sort.descending:
        return works.order_by(f"-{column}", "-pk")
    return works.order_by(column, "pk")


FACET_SAMPLE = 10_000
CHOICE_FACET = "choice:"  # marks a fixed choice's rows among the tag kinds' in the facet query


def facets(works: QuerySet[Work]) -> list[Facet]:
    """The count of matching works beside each filter option.

    Counted over at most FACET_SAMPLE matches, so a very common word costs no more than that,
    in one query.
    """
    ids = works.order_by().values("pk")[:FACET_SAMPLE]
    faceted = [field for field in work_fields() if field.facet]
    # One statement: each fixed choice counted by its column, and every tag kind at once,
    # as (facet, value, count) rows joined by UNION ALL.
    parts: list[QuerySet[Any, tuple[Any, ...]]] = [
        Work.objects.filter(pk__in=ids).order_by()
        .annotate(facet=Value(f"{CHOICE_FACET}{field.name}"), value=F(field.attribute))
        .values_list("facet", "value").annotate(n=Count("pk"))
        for field in faceted if field.kind == Kind.CHOICE
    ]  # fmt: skip
    by_kind = {field.tag_kind: field.name for field in faceted if field.kind == Kind.TAG}
    if by_kind:
        parts.append(
            Work.tags.through.objects.filter(work_id__in=ids).order_by()  # type: ignore[misc]  # the plugin misses annotations on a through model
            .annotate(facet=F("tag__kind"), value=F("tag__name"))
            .values_list("facet", "value").annotate(n=Count("work_id"))
        )  # fmt: skip
    counted: dict[str, dict[str, int]] = {}
    if not parts:
        return facets_from_counts(counted)
    for facet, value, count in parts[0].union(*parts[1:], all=True):
        if facet.startswith(CHOICE_FACET):
            name = facet.removeprefix(CHOICE_FACET)
            choice = field_named(name)
            assert choice is not None
            counts = counted.setdefault(name, {})
            for one in choice.values_of(value):  # "ff,mm" counts for F/F and for M/M
                counts[one] = counts.get(one, 0) + count
        elif facet in by_kind:
            counted.setdefault(by_kind[facet], {})[value] = count
    return facets_from_counts(counted)


def facets_from_counts(counted: dict[str, dict[str, int]]) -> list[Facet]:
    """The facets from counted matches (field name → value → count), as declared: a choice's
    options in their order, a tag kind's ten commonest (shown only when there are some)."""
    result = []
    for field in work_fields():
        if not field.facet:
            continue
        counts = counted.get(field.name, {})
        param, joined = _facet_param(field)
        if field.kind == Kind.CHOICE:
            options = [
                {"value": value, "label": label, "count": counts[value]}
                for value, label in field.choices if counts.get(value)
            ]  # fmt: skip
            result.append(Facet(param, field.facet, options, joined))
            continue
        commonest = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:10]
        if commonest:
            options = [{"value": tag, "label": tag, "count": n} for tag, n in commonest]
            result.append(Facet(param, field.facet, options, joined))
    return result


def _facet_param(field: WorkField) -> tuple[str, bool]:
    """Where a facet's option links: the field's own parameter, or else (a tag kind with none)
    the names to include of the any-kind tag field."""
    if field.params:
        return field.params[0], False
    any_tag = next(
        f for f in work_fields() if f.kind == Kind.TAG and f.tag_kind is None and f.params
    )
    return any_tag.params[0], True


def with_facet_links(found: list[Facet], params: QueryDict) -> list[Facet]:
    """Each option's link: the current URL plus that option (AO3's "filter by this")."""
    for facet in found:
        for option in facet.options:
            linked = params.copy()
            linked.pop("page", None)
            if facet.joined:
                current = linked.get(facet.name, "")
                linked[facet.name] = ", ".join(p for p in (current, option["value"]) if p)
            elif option["value"] not in linked.getlist(facet.name):
                linked.appendlist(facet.name, option["value"])
            option["href"] = "?" + linked.urlencode()
    return found
