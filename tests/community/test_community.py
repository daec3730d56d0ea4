"""Kudos, comments, bookmarks and hits, through the pages readers use."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from ficarchive.accounts.models import User
from ficarchive.community.models import Bookmark, Comment, Kudos
from ficarchive.community.services import hits_flush
from ficarchive.works.models import Creator, Visibility, Work
from tests.factories import ChapterFactory, UserFactory, WorkFactory
from tests.security.payloads import PAYLOADS
from tests.security.test_xss import inert_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(alice_creator: Creator) -> Work:
    return WorkFactory(title="Lantern", creators=[alice_creator])


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fresh(work: Work) -> Work:
    return Work.objects.get(pk=work.pk)


def test_kudos_once_per_guest_and_per_member_never_from_a_creator(
    work: Work, alice: User, bob: User
) -> None:
    guest = Client(REMOTE_ADDR="203.0.113.9")
    assert guest.post(f"/works/{work.pk}/kudos/").status_code == 302
    guest.post(f"/works/{work.pk}/kudos/")
    signed_in(bob).post(f"/works/{work.pk}/kudos/")
    signed_in(bob).post(f"/works/{work.pk}/kudos/")
    response = signed_in(alice).post(f"/works/{work.pk}/kudos/", follow=True)
    assert "can&#x27;t leave kudos on your own work" in response.content.decode()
    assert fresh(work).kudos_count == 2
    assert Kudos.objects.count() == 2
    assert not Kudos.objects.filter(guest_key__contains="203.0.113.9").exists(), "no address kept"
    page = Client().get(work.get_absolute_url()).content.decode()
    assert "bob as well as 1 guest left kudos on this work!" in page


@override_settings(FICARCHIVE_KUDOS_PER_HOUR=3)
def test_one_visitor_leaves_a_few_kudos_an_hour_across_works(alice_creator: Creator) -> None:
    works = [WorkFactory(creators=[alice_creator]) for _ in range(5)]
    guest = Client(REMOTE_ADDR="203.0.113.9")
    for target in works:
        guest.post(f"/works/{target.pk}/kudos/")
    assert [fresh(target).kudos_count for target in works] == [1, 1, 1, 0, 0]
    refused = guest.post(f"/works/{works[4].pk}/kudos/", follow=True).content.decode()
    assert "a lot of kudos in the last hour" in refused
    Client(REMOTE_ADDR="198.51.100.4").post(f"/works/{works[4].pk}/kudos/")
    assert fresh(works[4]).kudos_count == 1, "another visitor is not held back"


def test_nobody_reaches_a_work_they_may_not_see(alice_creator: Creator, bob: User) -> None:
    draft = WorkFactory(creators=[alice_creator], visibility=Visibility.DRAFT)
    members = WorkFactory(creators=[alice_creator], visibility=Visibility.REGISTERED)
    for target in (draft, members):
        assert Client().post(f"/works/{target.pk}/kudos/").status_code == 404
    assert signed_in(bob).post(f"/works/{draft.pk}/bookmark/").status_code == 404
    chapter_url = f"/works/{draft.pk}/chapters/1/comments/"
    assert signed_in(bob).post(chapter_url, {"text": "hi"}).status_code == 404
    assert not Kudos.objects.exists()
    assert not Bookmark.objects.exists()
    assert not Comment.objects.exists()


def test_forms_need_their_csrf_token(work: Work, bob: User) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(f"/works/{work.pk}/kudos/").status_code == 403
    client.force_login(bob)
    assert client.post(f"/works/{work.pk}/chapters/1/comments/", {"text": "x"}).status_code == 403
    assert fresh(work).kudos_count == 0
    assert not Comment.objects.exists()


def test_comments_thread_and_count(work: Work, bob: User) -> None:
    carol = UserFactory(username="carol")
    url = f"/works/{work.pk}/chapters/1/comments/"
    response = signed_in(bob).post(url, {"text": "Loved the lantern.\n\nAnd the sea."})
    first = Comment.objects.get()
    assert response["Location"].endswith(f"#comment-{first.pk}")
    signed_in(carol).post(url, {"text": "Me too!", "parent": first.pk})
    page = Client().get(work.get_absolute_url()).content.decode()
    assert "<p>Loved the lantern.</p>" in page
    assert page.index("Loved the lantern") < page.index("Me too!")
    assert 'class="comment comment--depth-1"' in page
    assert fresh(work).comment_count == 2
    assert "<dt>Comments</dt><dd>2</dd>" in Client().get("/").content.decode()


def test_bad_comments_change_nothing(work: Work, bob: User) -> None:
    url = f"/works/{work.pk}/chapters/1/comments/"
    response = signed_in(bob).post(url, {"text": "   "}, follow=True)
    assert "required" in response.content.decode() or "empty" in response.content.decode()
    assert signed_in(bob).post(url, {"text": "x" * 10_001}).status_code == 302
    assert signed_in(bob).post(url, {"text": "hi", "parent": 999_999}).status_code == 404
    assert (
        signed_in(bob).post(f"/works/{work.pk}/chapters/9/comments/", {"text": "hi"}).status_code
        == 404
    )
    anonymous = Client().post(url, {"text": "hi"})
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert not Comment.objects.exists()
    assert fresh(work).comment_count == 0


def test_hostile_comments_are_text(work: Work, bob: User) -> None:
    url = f"/works/{work.pk}/chapters/1/comments/"
    with override_settings(FICARCHIVE_COMMENTS_PER_HOUR=1000):
        for payload in PAYLOADS:
            signed_in(bob).post(url, {"text": payload})
    assert Comment.objects.count() == len(PAYLOADS)
    page = Client().get(work.get_absolute_url()).content.decode()
    assert inert_problems(page) == []


def test_comment_rate_limit(work: Work, bob: User) -> None:
    url = f"/works/{work.pk}/chapters/1/comments/"
    with override_settings(FICARCHIVE_COMMENTS_PER_HOUR=2):
        for n in range(3):
            response = signed_in(bob).post(url, {"text": f"comment {n}"}, follow=True)
    assert "commented a lot" in response.content.decode()
    assert Comment.objects.count() == 2


def test_who_may_delete_a_comment(work: Work, alice: User, bob: User) -> None:
    carol = UserFactory(username="carol")
    url = f"/works/{work.pk}/chapters/1/comments/"
    signed_in(bob).post(url, {"text": "First"})
    first = Comment.objects.get()
    signed_in(carol).post(url, {"text": "Reply", "parent": first.pk})
    reply = Comment.objects.get(parent=first)
    assert signed_in(carol).post(f"/comments/{first.pk}/delete/").status_code == 404
    signed_in(bob).post(f"/comments/{first.pk}/delete/")  # has a reply: its place stays
    page = Client().get(work.get_absolute_url()).content.decode()
    assert "(This comment was deleted.)" in page
    assert "Reply" in page
    signed_in(alice).post(f"/comments/{reply.pk}/delete/")  # the work's creator may
    assert not Comment.objects.filter(pk=reply.pk).exists()
    assert fresh(work).comment_count == 0


def test_bookmarks_private_and_public(work: Work, bob: User) -> None:
    hidden = WorkFactory(title="Members Only", visibility=Visibility.REGISTERED)
    signed_in(bob).post(f"/works/{work.pk}/bookmark/", {"notes": "Read again <b>soon</b>"})
    signed_in(bob).post(f"/works/{hidden.pk}/bookmark/", {"notes": "", "is_private": "on"})
    assert fresh(work).bookmark_count == 1
    assert fresh(hidden).bookmark_count == 0, "private bookmarks are not counted"
    public = Client().get("/users/bob/bookmarks/").content.decode()
    assert "Lantern" in public
    assert "Read again &lt;b&gt;soon&lt;/b&gt;" in public
    assert "Members Only" not in public
    own = signed_in(bob).get("/users/bob/bookmarks/").content.decode()
    assert "Members Only" in own
    assert "Private" in own
    signed_in(bob).post(f"/works/{work.pk}/bookmark/delete/")
    assert fresh(work).bookmark_count == 0
    assert (
        signed_in(bob).post(f"/works/{work.pk}/bookmark/", {"notes": "x" * 2001}).status_code == 302
    )
    assert not Bookmark.objects.filter(work=work).exists()


def test_hits_count_each_visitor_once_a_day_but_not_the_creator(work: Work, alice: User) -> None:
    ChapterFactory(work=work, position=2)
    visitor = Client(REMOTE_ADDR="198.51.100.7")
    visitor.get(work.get_absolute_url())
    visitor.get(f"/works/{work.pk}/chapters/2/")
    Client(REMOTE_ADDR="198.51.100.8").get(work.get_absolute_url())
    signed_in(alice).get(work.get_absolute_url())
    hits_flush()  # hits wait in the cache until the flusher adds them
    assert fresh(work).hit_count == 2


def test_lists_sort_by_kudos_comments_bookmarks_and_hits(alice_creator: Creator) -> None:
    quiet = WorkFactory(title="Quiet")
    loved = WorkFactory(title="Loved")
    Work.objects.filter(pk=loved.pk).update(
        kudos_count=5, comment_count=3, bookmark_count=2, hit_count=90
    )
    for sort in ("kudos", "comments", "bookmarks", "hits"):
        response = Client().get("/", {"sort": sort})
        titles = [work.title for work in response.context["page"].object_list]
        assert titles[:2] == ["Loved", "Quiet"], sort
    assert quiet.kudos_count == 0


def test_a_deleted_account_leaves_the_totals_right(work: Work, bob: User) -> None:
    from ficarchive.accounts.services import account_delete

    signed_in(bob).post(f"/works/{work.pk}/kudos/")
    signed_in(bob).post(f"/works/{work.pk}/bookmark/", {"notes": ""})
    signed_in(bob).post(f"/works/{work.pk}/chapters/1/comments/", {"text": "Lovely."})
    account_delete(user=bob, keep_works=True)
    work = fresh(work)
    assert (work.kudos_count, work.bookmark_count, work.comment_count) == (0, 0, 1)
    assert "A former member" in Client().get(work.get_absolute_url()).content.decode()


def test_moderators_read_comments_and_bookmarks_in_the_admin(work: Work, bob: User) -> None:
    signed_in(bob).post(f"/works/{work.pk}/chapters/1/comments/", {"text": "Spam?"})
    signed_in(bob).post(f"/works/{work.pk}/bookmark/", {"notes": "keep"})
    moderator = User.objects.create_superuser("mod", "mod@example.org", "pw-long-enough-1")
    client = signed_in(moderator)
    comment = Comment.objects.get()
    for url in ("/admin/community/comment/", f"/admin/community/comment/{comment.pk}/change/",
                "/admin/community/bookmark/"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/community/comment/add/").status_code == 403


def test_the_forms_take_posts_only(work: Work, bob: User) -> None:
    client = signed_in(bob)
    base = f"/works/{work.pk}"
    for url in (f"{base}/bookmark/", f"{base}/bookmark/delete/", f"{base}/chapters/1/comments/"):
        assert client.get(url).status_code == 405, url
    # Kudos answer GET with their confirmation page (the no-JavaScript path from a cached page).
    assert "Kudos for" in client.get(f"{base}/kudos/").content.decode()
    assert Client().get("/users/nobody/bookmarks/").status_code == 404


def test_comments_go_with_their_chapter(work: Work, bob: User) -> None:
    from ficarchive.works.posting import chapter_delete

    second = ChapterFactory(work=work, position=2)
    signed_in(bob).post(f"/works/{work.pk}/chapters/1/comments/", {"text": "On one"})
    signed_in(bob).post(f"/works/{work.pk}/chapters/2/comments/", {"text": "On two"})
    chapter_delete(chapter=second)
    assert fresh(work).comment_count == 1


def test_a_long_bookmark_list_pages(bob: User) -> None:
    works = WorkFactory.create_batch(21)
    for kept in works:
        Bookmark.objects.create(user=bob, work=kept)
    first = Client().get("/users/bob/bookmarks/")
    assert len(first.context["rows"]) == 20
    assert "page=2" in first.content.decode()
    assert len(Client().get("/users/bob/bookmarks/", {"page": 2}).context["rows"]) == 1
