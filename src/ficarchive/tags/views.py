"""Tag autocomplete for the posting form: existing tags first, canonical names suggested."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from ficarchive.tags.models import Tag, TagKind
from ficarchive.works.models import Work

MAX_SUGGESTIONS = 10


@require_safe
def autocomplete(request: HttpRequest) -> JsonResponse:
    """Names of this kind starting with (or containing) the typed text, most used first.

    A synonym is answered with its canonical tag's name, so authors converge on one name.
    Only tags on works this user may read are looked at: a draft's tags stay private.
    """
    kind = request.GET.get("kind", "")
    typed = " ".join(request.GET.get("q", "").split())[:100]
    if kind not in TagKind.values or len(typed) < 2:
        return JsonResponse({"suggestions": []})
    tags = (
        Tag.objects.filter(
            kind=kind, name__icontains=typed, works__in=Work.objects.visible_to(request.user)
        )
        .select_related("synonym_of")
        .annotate(uses=Count("works"))
        .order_by("-uses", "name")[: MAX_SUGGESTIONS * 2]
    )
    names: list[str] = []
    for tag in tags:
        name = tag.canonical_tag.name
        if name not in names:
            names.append(name)
    names.sort(key=lambda n: (not n.casefold().startswith(typed.casefold()), n.casefold()))
    return JsonResponse({"suggestions": names[:MAX_SUGGESTIONS]})
