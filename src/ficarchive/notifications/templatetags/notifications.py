"""The subscribe button: its state comes from the member's cached subscription keys, so a
page that shows it asks the database nothing more."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.urls import reverse
from django.utils.http import urlencode

from ficarchive.accounts.models import User
from ficarchive.notifications.models import Subscription, subscription_key
from ficarchive.notifications.saved import NotSavable, normalize
from ficarchive.notifications.services import subscription_keys_of

register = template.Library()

NOUNS = {
    Subscription.Kind.WORK: "this work",
    Subscription.Kind.SERIES: "this series",
    Subscription.Kind.CREATOR: "this creator",
    Subscription.Kind.TAG: "this tag",
    Subscription.Kind.SEARCH: "this search",
}


@register.inclusion_tag("notifications/includes/subscribe_form.html", takes_context=True)
def subscribe_button(context: Any, kind: str, target: int | None = None) -> dict[str, Any]:
    """A form to subscribe (or unsubscribe) to a work, series, creator or tag by id, or with
    kind "search", to the page being shown (its filters and words)."""
    request = context["request"]
    here = request.get_full_path()
    address = ""
    if kind == Subscription.Kind.SEARCH:
        try:
            address = normalize(here)
        except NotSavable:
            return {"shown": False}
    user = request.user
    subscribed = isinstance(user, User) and subscription_key(
        kind, target, address
    ) in subscription_keys_of(user.pk)
    noun = NOUNS[Subscription.Kind(kind)]
    if kind == Subscription.Kind.SEARCH and "q=" not in address:
        noun = "this list"
    return {
        "shown": True,
        "member": isinstance(user, User),
        "login_url": f"{reverse('login')}?{urlencode({REDIRECT_FIELD_NAME: here})}",
        "subscribed": subscribed,
        "action": reverse(
            "notifications:unsubscribe_here" if subscribed else "notifications:subscribe"
        ),
        "kind": kind,
        "target": target or "",
        "address": address,
        "next": here,
        "label": f"{'Unsubscribe from' if subscribed else 'Subscribe to'} {noun}",
    }
