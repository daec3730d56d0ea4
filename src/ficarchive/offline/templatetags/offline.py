"""The account a page's saved copies belong to, for the offline script."""

from __future__ import annotations

from typing import Any

from django import template

from ficarchive.offline.selectors import offline_account

register = template.Library()


@register.simple_tag(takes_context=True)
def offline_account_name(context: dict[str, Any]) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    return "guest" if user is None else offline_account(user)


@register.filter
def offline_ids(works: Any) -> str:
    """A work, or works, as the ids the save control carries: "12" or "12 15 31"."""
    if hasattr(works, "pk"):
        return str(works.pk)
    return " ".join(str(work.pk) for work in works)
