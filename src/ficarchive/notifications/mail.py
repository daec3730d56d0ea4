"""The notification emails: one notice, or a member's daily digest, with a signed one-click
unsubscribe (RFC 8058: `List-Unsubscribe` and `List-Unsubscribe-Post` headers, and a link).

The unsubscribe token is signed with the site's key and names the member and what to stop:
one subscription, one kind of email, or the daily digest. It needs no login and no CSRF
token: the signature is the authority, and all it can do is stop mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from ficarchive.accounts.models import User
from ficarchive.notifications.models import InboxItem, NoticeKind

UNSUBSCRIBE_SALT = "ficarchive.notifications.unsubscribe"


@dataclass(frozen=True)
class Unsubscribe:
    """What a token stops: a subscription, a kind of email, or the digest."""

    user_id: int
    subscription_id: int | None = None
    kind: str | None = None
    digest: bool = False


def unsubscribe_token(stop: Unsubscribe) -> str:
    data: dict[str, Any] = {"u": stop.user_id}
    if stop.subscription_id is not None:
        data["s"] = stop.subscription_id
    elif stop.kind is not None:
        data["k"] = stop.kind
    else:
        data["d"] = 1
    return signing.dumps(data, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> Unsubscribe | None:
    """The token's order, or None when it is not one the site signed."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    subscription = data.get("s")
    kind = data.get("k")
    if subscription is not None and isinstance(subscription, int):
        return Unsubscribe(data["u"], subscription_id=subscription)
    if kind in NoticeKind.values:
        return Unsubscribe(data["u"], kind=kind)
    if data.get("d") == 1:
        return Unsubscribe(data["u"], digest=True)
    return None


def absolute(path: str) -> str:
    return settings.FICARCHIVE_SITE_URL.rstrip("/") + path


def _unsubscribe_for(item: InboxItem) -> Unsubscribe:
    if item.subscription_id is not None:
        return Unsubscribe(item.user_id, subscription_id=item.subscription_id)
    return Unsubscribe(item.user_id, kind=item.kind)


def _message(
    *, user: User, subject: str, template: str, context: dict[str, Any], stop: Unsubscribe
) -> EmailMultiAlternatives:
    unsubscribe_url = absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(stop)]))
    context = {
        **context,
        "user": user,
        "unsubscribe_url": unsubscribe_url,
        "settings_url": absolute(reverse("notifications:settings", args=[user.username])),
        "inbox_url": absolute(reverse("notifications:inbox", args=[user.username])),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    return message


def notice_message(item: InboxItem) -> EmailMultiAlternatives:
    return _message(
        user=item.user,
        subject=item.subject,
        template="notice",
        context={"item": item, "link": absolute(item.url) if item.url else ""},
        stop=_unsubscribe_for(item),
    )


def digest_message(user: User, items: list[InboxItem]) -> EmailMultiAlternatives:
    rows = [{"item": item, "link": absolute(item.url) if item.url else ""} for item in items]
    count = len(items)
    return _message(
        user=user,
        subject=f"Your Ficarchive digest: {count} new notice{'s' if count != 1 else ''}",
        template="digest",
        context={"rows": rows},
        stop=Unsubscribe(user.pk, digest=True),
    )
