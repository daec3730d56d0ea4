"""Comment spam rules that need no outside service, for the spam waves small archives drown
in (AO3's guest-comment waves of late 2025): links from new writers, the same words posted
across works, too many guest comments on one work, and new members' first comments held.

Guests count as new writers. Each rule refuses with a message the writer can act on; the
rate limits themselves live beside the services that count (community.services).
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone

from ficarchive.accounts.models import User
from ficarchive.community.models import Comment
from ficarchive.formats.text_of_html import html_to_text

LINK = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\"']+", re.IGNORECASE)
# Short words ("Thank you!", "Kudos!") are said on many works by the same reader: only longer
# words, or words with a link, count as duplicates.
DUPLICATE_MIN_CHARACTERS = 30
SAME_WRITER_WINDOW = timedelta(days=1)
ANYONE_WINDOW = timedelta(hours=1)


class CommentSpam(Exception):
    """A comment the spam rules refuse, with the message for its writer."""


def body_key(text: str) -> str:
    """What duplicates are found by: the words, case and spacing aside."""
    words = " ".join(text.casefold().split())
    return hashlib.sha256(words.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def links_in(text: str) -> int:
    return len(LINK.findall(text))


def link_hosts(text: str) -> set[str]:
    """The sites a text links to (`www.` and the port aside), for the same-site rule."""
    hosts = set()
    for link in LINK.findall(text):
        address = link if "://" in link else f"http://{link}"
        host = (urlsplit(address).hostname or "").removeprefix("www.")
        if "." in host:
            hosts.add(host)
    return hosts


def is_new_writer(user: User | AnonymousUser) -> bool:
    """A guest, or a member whose account is younger than FICARCHIVE_NEW_ACCOUNT_DAYS."""
    if not isinstance(user, User):
        return True
    if user.is_staff:
        return False
    return user.date_joined > timezone.now() - timedelta(days=settings.FICARCHIVE_NEW_ACCOUNT_DAYS)


def links_check(*, user: User | AnonymousUser, text: str) -> int:
    """Refuse more links than a new writer may post; return how many there are."""
    links = links_in(text)
    allowed = settings.FICARCHIVE_NEW_ACCOUNT_LINKS
    if links > allowed and is_new_writer(user):
        plural = "link" if allowed == 1 else "links"
        raise CommentSpam(
            f"New members and guests may put at most {allowed} {plural} in a comment."
        )
    return links


def comment_spam_check(
    *, user: User | AnonymousUser, guest_email: str, work_id: int, text: str
) -> str:
    """Refuse (CommentSpam) what the rules catch; return the text's body key to store.

    The duplicate rules look at new writers (guests, young accounts) and at any comment with
    a link: a long-standing member may say the same kind words on many works.
    """
    key = body_key(text)
    links = links_check(user=user, text=text)
    new = is_new_writer(user)
    if not (new or links) or (not links and len(" ".join(text.split())) < DUPLICATE_MIN_CHARACTERS):
        return key
    now = timezone.now()
    writer = Q(user=user) if isinstance(user, User) else Q(guest_email__iexact=guest_email)
    elsewhere = Comment.objects.filter(
        writer, body_key=key, created_at__gte=now - SAME_WRITER_WINDOW
    ).exclude(work_id=work_id)
    # With a link, once elsewhere is a wave; kind words may be said on two works a day.
    if elsewhere.values("work_id").distinct().count() >= (1 if links else 2):
        raise CommentSpam("You posted these same words on other works today.")
    limit = settings.FICARCHIVE_DUPLICATE_COMMENTS_PER_HOUR
    recent = Comment.objects.filter(created_at__gte=now - ANYONE_WINDOW)
    # A writer answering several readers on one work in the same words is not a wave.
    others = recent.filter(body_key=key).exclude(writer & Q(work_id=work_id))
    if others.count() >= limit:
        raise CommentSpam("These same words were just posted many times: this looks like spam.")
    if not new:
        return key
    joined = now - timedelta(days=settings.FICARCHIVE_NEW_ACCOUNT_DAYS)
    from_new = recent.filter(Q(user__isnull=True) | Q(user__date_joined__gt=joined))
    for host in sorted(link_hosts(text) - _own_hosts()):
        # The same site advertised in many new writers' comments, however their words vary.
        near = from_new.filter(body_html__icontains=host).values_list("body_html", flat=True)
        same_site = [body for body in near[:200] if host in link_hosts(html_to_text(body))]
        if len(same_site) >= limit:
            raise CommentSpam(f"A link to {host} was just posted many times: this looks like spam.")
    return key


def _own_hosts() -> set[str]:
    """The archive's own site: links to it are never advertising."""
    return link_hosts(settings.FICARCHIVE_SITE_URL) | {
        (urlsplit(settings.FICARCHIVE_SITE_URL).hostname or "").removeprefix("www.")
    }


def holds_first_comment(user: User | AnonymousUser) -> bool:
    """When the archive turns it on (FICARCHIVE_HOLD_FIRST_COMMENTS > 0), a member's first
    comments wait for approval until that many of theirs were approved."""
    first = settings.FICARCHIVE_HOLD_FIRST_COMMENTS
    if first <= 0 or not isinstance(user, User) or user.is_staff:
        return False
    # Approved by someone else: a member's comments on their own works do not count.
    own = Comment.objects.filter(work__authorships__creator__user=user).values("pk")
    approved = Comment.objects.filter(user=user, is_approved=True, is_deleted=False)
    return approved.exclude(pk__in=own).count() < first
