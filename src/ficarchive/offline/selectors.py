"""Reads for offline reading: which saved works a reader may still see, and their versions."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from ficarchive.accounts.models import User
from ficarchive.works.models import Work

MAX_WORKS = 200  # one status request covers at most this many saved works
_VERSION_KEY = "offline:version:{}"


def offline_account(user: User | AnonymousUser) -> str:
    """The name a device's saved copies are kept under: one per account, "guest" for guests.

    Keyed, so the page does not tell scripts the account's id; stable, so a member's copies
    survive a new session."""
    if not user.is_authenticated:
        return "guest"
    return salted_hmac("ficarchive.offline.account", str(user.pk)).hexdigest()[:20]


def work_versions_bump(*, work_ids: Iterable[int]) -> None:
    """A new offline version for these works: saved copies of them are stale."""
    version = uuid.uuid4().hex[:12]
    cache.set_many({_VERSION_KEY.format(pk): version for pk in work_ids}, timeout=None)


def saved_work_versions(*, user: User | AnonymousUser, work_ids: list[int]) -> dict[str, str]:
    """The offline version of each of these works the reader may see, by id; a work missing
    from the answer is gone for this reader (deleted, hidden, unpublished), and its saved copy
    must go too. One query, and one read of the cache."""
    ids = list(dict.fromkeys(work_ids))[:MAX_WORKS]
    if not ids:
        return {}
    rows = Work.objects.visible_to(user).filter(pk__in=ids).values_list("pk", "modified_at")
    found = dict(rows)
    if not found:
        return {}
    bumped = cache.get_many([_VERSION_KEY.format(pk) for pk in found])
    return {
        str(pk): f"{modified.isoformat()}/{bumped.get(_VERSION_KEY.format(pk), '0')}"
        for pk, modified in found.items()
    }
