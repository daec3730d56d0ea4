"""Read a member's place and mark off a work loaded with their annotations (no query)."""

from __future__ import annotations

from django import template

from ficarchive.readings.selectors import Resume, is_marked_for_later, resume_of
from ficarchive.works.models import Work

register = template.Library()


@register.filter
def resume_point(work: Work) -> Resume | None:
    return resume_of(work)


@register.filter
def marked_for_later(work: Work) -> bool | None:
    """None where the list was not loaded with the member's marks (nothing to show)."""
    if not hasattr(work, "marked_later"):
        return None
    return is_marked_for_later(work)
