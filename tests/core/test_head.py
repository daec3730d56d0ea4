"""HEAD answers like GET on every page: uptime monitors and link checkers send HEAD, and a 405
reads to them as "the site is down".

The crawl walks the URL conf itself, so a new view that forgets HEAD (or a route with a
parameter this file cannot fill yet) fails here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ficarchive.accounts.models import User
from ficarchive.community.models import Comment
from ficarchive.tags.models import TagKind
from ficarchive.works.models import CoCreatorInvitation, Creator, Series, SeriesPart, Work
from tests.factories import CreatorFactory, TagFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass
class Archive:
    """One of each thing a URL can name, all public and real."""

    owner: User
    moderator: User
    creator: Creator
    work: Work
    series: Series
    comment: Comment
    invitation: CoCreatorInvitation


@pytest.fixture
def archive() -> Archive:
    owner = UserFactory(username="alice")
    moderator = UserFactory(username="mod", is_staff=True)
    creator = CreatorFactory(name="Alice", user=owner)
    work = WorkFactory(creators=[creator], chapters=2)
    work.tags.add(TagFactory(name="Buffy", kind=TagKind.FANDOM))
    series = Series.objects.create(title="A series")
    SeriesPart.objects.create(series=series, work=work, position=1)
    comment = Comment.objects.create(
        work=work, chapter=work.chapters.get(position=1), user=moderator, body_html="<p>Hi</p>"
    )
    invitation = CoCreatorInvitation.objects.create(work=work, invited=moderator, invited_by=owner)
    return Archive(owner, moderator, creator, work, series, comment, invitation)


# What each route parameter is filled with. A route with a parameter missing here fails the
# crawl: add it, with a real row, so the new page is checked too.
PARAMETERS: dict[str, Callable[[Archive], object]] = {
    "work_id": lambda a: a.work.pk,
    "position": lambda a: 1,
    "tag_id": lambda a: a.work.tags.get().pk,
    "creator_id": lambda a: a.creator.pk,
    "series_id": lambda a: a.series.pk,
    "username": lambda a: a.owner.username,
    "comment_id": lambda a: a.comment.pk,
    "invitation_id": lambda a: a.invitation.pk,
    "token": lambda a: default_token_generator.make_token(a.owner),
    "uidb64": lambda a: urlsafe_base64_encode(force_bytes(a.owner.pk)),
    "slug": lambda a: "a-title",
    "fmt": lambda a: "epub",
    "shelf": lambda a: "bookmarks",
    "app_password_id": lambda a: 1,
    "document": lambda a: "0123456789abcdef0123456789abcdef",
    "kind": lambda a: "work",
    "target_id": lambda a: a.work.pk,
    "entry_id": lambda a: 1,
}


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    """Every route of the URL conf as a template ("works/<int:work_id>/"), the admin aside:
    its hundreds of model pages are Django's own class-based views, which answer HEAD."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
            continue
        assert isinstance(entry.pattern, RoutePattern), f"{entry}: use path(), not re_path()"
        yield prefix + str(entry.pattern)


def _urls(archive: Archive, visitor: str) -> list[str]:
    urls = []
    for route in _routes(get_resolver().url_patterns):
        for name in PARAMETER.findall(route):
            if name not in PARAMETERS:
                pytest.fail(f"/{route}: no value for <{name}> in PARAMETERS")
        urls.append("/" + PARAMETER.sub(lambda m: str(PARAMETERS[m.group(1)](archive)), route))
    if visitor != "moderator":
        # Django's admin sends a signed-in moderator from its login page to its index on GET
        # only (`request.method == "GET"` in AdminSite.login); a HEAD gets the login page.
        urls.append(reverse("admin:login"))
    return list(dict.fromkeys(urls))


@pytest.mark.parametrize("visitor", ["guest", "owner", "moderator"])
def test_head_answers_like_get_on_every_url(archive: Archive, visitor: str) -> None:
    client = Client()
    if visitor != "guest":
        client.force_login(getattr(archive, visitor))
    statuses = {}
    for url in _urls(archive, visitor):
        got = client.get(url)
        head = client.head(url)
        assert (url, head.status_code) == (url, got.status_code)
        assert (url, head.get("Content-Type")) == (url, got.get("Content-Type"))
        assert head.content == b""
        statuses[url] = got.status_code
    # The crawl reached real pages, not a wall of 404s.
    for page in ("/", archive.work.get_absolute_url(), f"/users/{archive.owner.username}/"):
        assert statuses[page] == 200


def test_post_only_urls_still_refuse_head(archive: Archive) -> None:
    client = Client()
    client.force_login(archive.owner)
    response = client.head(reverse("works:publish", args=[archive.work.pk]))
    assert response.status_code == 405
