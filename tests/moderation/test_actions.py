"""The moderators' decisions: hide and restore, warn, suspend, ban and lift; each one closes
the reports, tells the reporters and the member, and is written to the audit log."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import Client
from django.urls import reverse

from ficarchive.accounts.app_passwords import app_password_create
from ficarchive.accounts.models import User
from ficarchive.community.models import Comment
from ficarchive.moderation.models import AuditEntry, Report
from ficarchive.notifications.models import InboxItem, NoticeKind
from ficarchive.search.services import search_index_work
from ficarchive.works.models import Creator, Visibility, Work
from tests.factories import CreatorFactory, WorkFactory
from tests.humans import as_a_person
from tests.moderation.conftest import client_of

pytestmark = pytest.mark.django_db


def act(moderator: User, kind: str, target_id: int, **data: object) -> Client:
    client = client_of(moderator)
    response = client.post(f"/moderation/{kind}/{target_id}/act/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return client


def report(user: User | None, kind: str, target_id: int, **extra: str) -> None:
    data = {"reason": "harassment", "note": "", **as_a_person(), **extra}
    response = client_of(user).post(f"/report/{kind}/{target_id}/", data)
    assert response.status_code == 302


def test_a_hidden_comment_is_gone_for_everyone_but_its_writer_and_the_moderators(
    comment: Comment,
    work: Work,
    moderator: User,
    mallory: User,
    alice: User,
    bob: User,
    run_tasks: Callable[[], int],
) -> None:
    run_tasks()  # Alice is told of the comment
    inbox_url = f"/users/{alice.username}/inbox/"
    assert "spam.example" in client_of(alice).get(inbox_url).content.decode()
    report(bob, "comment", comment.pk)
    act(moderator, "comment", comment.pk, action="hide", reason="Spam links.")
    chapter_url = f"/works/{work.pk}/chapters/1/"
    for viewer in (None, bob, alice):
        page = client_of(viewer).get(chapter_url).content.decode()
        assert "spam.example" not in page, viewer
        assert client_of(viewer).get(f"/comments/{comment.pk}/").status_code == 404
    for viewer in (mallory, moderator):
        page = client_of(viewer).get(chapter_url).content.decode()
        assert "spam.example" in page
        assert "Hidden by the moderators" in page
        assert client_of(viewer).get(f"/comments/{comment.pk}/").status_code == 302
    work.refresh_from_db()
    assert work.comment_count == 0
    inbox = client_of(alice).get(inbox_url).content.decode()
    assert "spam.example" not in inbox, "the creator's notice of it goes too"


def test_replies_under_a_hidden_comment_keep_their_place(
    comment: Comment, work: Work, moderator: User, bob: User
) -> None:
    reply = client_of(bob).post(
        f"/works/{work.pk}/chapters/1/comments/",
        {"text": "Reported, thanks.", "parent": comment.pk},
    )
    assert reply.status_code == 302
    act(moderator, "comment", comment.pk, action="hide", reason="Spam.")
    page = client_of(None).get(f"/works/{work.pk}/chapters/1/").content.decode()
    assert "Reported, thanks." in page
    assert "This comment was hidden by the moderators" in page
    assert "mallory" not in page


def test_restoring_a_comment_shows_it_again_and_counts_it(
    comment: Comment, work: Work, moderator: User
) -> None:
    act(moderator, "comment", comment.pk, action="hide", reason="Spam.")
    act(moderator, "comment", comment.pk, action="restore", reason="It was a real shop.")
    assert "spam.example" in client_of(None).get(f"/works/{work.pk}/chapters/1/").content.decode()
    work.refresh_from_db()
    assert work.comment_count == 1
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["hide", "restore"]


def test_a_hidden_work_leaks_nowhere_and_comes_back_as_it_was(
    alice_creator: Creator, alice: User, moderator: User, bob: User
) -> None:
    work = WorkFactory(
        title="Quarantined Story", creators=[alice_creator], visibility=Visibility.REGISTERED
    )
    search_index_work(work_id=work.pk)
    act(moderator, "work", work.pk, action="hide", reason="Plagiarised.")
    work.refresh_from_db()
    assert work.visibility == Visibility.HIDDEN
    probes = [
        "/", f"/creators/{alice_creator.pk}/", "/search/?q=Quarantined", "/works/feed.atom",
        f"/creators/{alice_creator.pk}/feed.atom", "/opds/recent/",
    ]  # fmt: skip
    for viewer in (None, bob):
        client = client_of(viewer)
        assert client.get(work.get_absolute_url()).status_code == 404
        epub = reverse("downloads:work", args=[work.pk, "quarantined-story", "epub"])
        assert client.get(epub).status_code == 404
        assert client.get(f"/works/{work.pk}/feed.atom").status_code == 404
        for url in probes:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "Quarantined Story" not in response.content.decode(), url
    for viewer in (alice, moderator):
        assert client_of(viewer).get(work.get_absolute_url()).status_code == 200
    act(moderator, "work", work.pk, action="restore", reason="The source was her own.")
    work.refresh_from_db()
    assert work.visibility == Visibility.REGISTERED
    assert client_of(bob).get(work.get_absolute_url()).status_code == 200
    assert "Quarantined" in client_of(bob).get("/search/?q=Quarantined").content.decode()


def test_a_reported_chapter_hides_its_work(work: Work, moderator: User, bob: User) -> None:
    chapter = work.chapters.get(position=2)
    report(bob, "chapter", chapter.pk)
    act(moderator, "chapter", chapter.pk, action="hide", reason="Illegal content.")
    work.refresh_from_db()
    assert work.visibility == Visibility.HIDDEN
    assert Report.objects.get().status == Report.Status.ACTIONED


def test_the_creator_is_told_what_was_hidden_and_why_and_appeals_once(
    work: Work, alice: User, moderator: User, bob: User
) -> None:
    report(bob, "work", work.pk)
    act(moderator, "work", work.pk, action="hide", reason="Wrong rating: explicit content.")
    notice = InboxItem.objects.get(user=alice, kind=NoticeKind.MODERATION)
    assert "hid your work" in notice.subject
    assert "Wrong rating: explicit content." in notice.body
    assert "bob" not in notice.subject + notice.body, "the reporter stays unknown"
    entry = AuditEntry.objects.get(action="hide")
    assert notice.url == f"/moderation/appeals/{entry.pk}/"
    assert client_of(bob).get(notice.url).status_code == 404, "only the member it concerns"
    author = client_of(alice)
    assert author.get(notice.url).status_code == 200
    sent = author.post(notice.url, {"text": "It is rated Explicit now."})
    assert sent.status_code == 302
    appeal = Report.objects.get(reason="appeal")
    assert (appeal.target_kind, appeal.target_id, appeal.reporter) == ("work", work.pk, alice)
    assert appeal.status == Report.Status.OPEN
    assert author.post(notice.url, {"text": "Again!"}).status_code == 200
    assert Report.objects.filter(reason="appeal").count() == 1, "one appeal per decision"
    queue = client_of(moderator).get("/moderation/").content.decode()
    assert "appeal" in queue
    assert work.title in queue


def test_reporters_are_told_the_outcome_in_their_inbox_or_by_email(
    comment: Comment, moderator: User, bob: User, run_tasks: Callable[[], int]
) -> None:
    report(bob, "comment", comment.pk)
    report(None, "comment", comment.pk, email="guest@example.org")
    act(moderator, "comment", comment.pk, action="dismiss", reason="Not spam: a real shop.")
    assert set(Report.objects.values_list("status", flat=True)) == {"dismissed"}
    outcome = InboxItem.objects.filter(user=bob).order_by("pk").last()
    assert outcome is not None
    assert "took no action" in outcome.body
    run_tasks()
    to_guest = [message.body for message in mail.outbox if message.to == ["guest@example.org"]]
    assert len(to_guest) == 2  # the acknowledgement, then the outcome
    assert "took no action" in to_guest[1]


def test_a_warning_reaches_the_member_inbox(
    comment: Comment, mallory: User, moderator: User
) -> None:
    act(moderator, "comment", comment.pk, action="warn", reason="No advertising, please.")
    notice = InboxItem.objects.get(user=mallory, kind=NoticeKind.MODERATION)
    assert notice.subject == "A warning from the moderators"
    assert "No advertising, please." in notice.body
    assert AuditEntry.objects.get().member == mallory


def test_a_suspended_member_cannot_log_in_post_or_comment_and_loses_sessions_and_app_passwords(
    comment: Comment, work: Work, mallory: User, moderator: User
) -> None:
    session = client_of(mallory)
    app_password_create(user=mallory, name="Kobo")
    assert session.get("/works/new/").status_code == 200
    act(moderator, "comment", comment.pk, action="suspend", days=7, reason="Spam wave.")
    mallory.refresh_from_db()
    assert mallory.is_restricted
    entry = AuditEntry.objects.get(action="suspend")
    assert entry.until is not None
    assert entry.member == mallory
    assert not mallory.app_passwords.exists()
    assert session.get("/works/new/").status_code == 302, "the open session is signed out"
    assert not Client().login(username="mallory", password="correct horse battery staple")
    login = Client().post(
        "/accounts/login/", {"username": "mallory", "password": "correct horse battery staple"}
    )
    assert login.status_code == 200
    assert "_auth_user_id" not in login.client.session
    assert not mallory.may_contribute


def test_a_ban_can_hide_the_members_works_and_a_lift_restores_the_account(
    alice: User, alice_creator: Creator, work: Work, moderator: User, bob: User
) -> None:
    before = client_of(alice)
    assert before.get("/works/new/").status_code == 200
    other = WorkFactory(title="Second Story", creators=[alice_creator, CreatorFactory()])
    act(moderator, "member", alice.pk, action="ban", hide_works="on", reason="Harassment.")
    alice.refresh_from_db()
    assert alice.is_banned
    for hidden in (work, other):
        hidden.refresh_from_db()
        assert hidden.visibility == Visibility.HIDDEN
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "ban", "hide", "hide",
    ]  # fmt: skip
    act(moderator, "member", alice.pk, action="lift", reason="Appeal upheld.")
    alice.refresh_from_db()
    assert not alice.is_restricted
    assert Client().login(username="alice", password="correct horse battery staple")
    assert before.get("/works/new/").status_code == 302, "the session from before stays ended"


def test_impossible_actions_change_nothing(
    comment: Comment, work: Work, moderator: User, admin: User, mallory: User
) -> None:
    client = client_of(moderator)
    cases = [
        ("comment", comment.pk, {"action": "hide", "reason": ""}),  # no reason
        ("comment", comment.pk, {"action": "restore", "reason": "x"}),  # not hidden
        ("comment", comment.pk, {"action": "dismiss", "reason": "x"}),  # no reports
        ("comment", comment.pk, {"action": "suspend", "reason": "x"}),  # no days
        ("comment", comment.pk, {"action": "suspend", "reason": "x", "days": "0"}),
        ("comment", comment.pk, {"action": "explode", "reason": "x"}),
        ("member", mallory.pk, {"action": "hide", "reason": "x"}),  # a member is not hidden
        ("member", admin.pk, {"action": "ban", "reason": "x"}),  # an administrator
        ("member", moderator.pk, {"action": "ban", "reason": "x"}),  # oneself
        ("member", mallory.pk, {"action": "lift", "reason": "x"}),  # not suspended
        ("work", work.pk, {"action": "warn", "reason": "x", "member": "999"}),
    ]
    for kind, target_id, data in cases:
        response = client.post(f"/moderation/{kind}/{target_id}/act/", data)
        assert response.status_code == 400, (kind, data)
    assert not AuditEntry.objects.exists()
    mallory.refresh_from_db()
    assert not mallory.is_restricted
    assert client.post("/moderation/comment/999999/act/", {}).status_code == 404


def test_notes_between_moderators_are_in_the_target_history(work: Work, moderator: User) -> None:
    act(moderator, "work", work.pk, action="note", reason="Watch this one: the author is new.")
    page = client_of(moderator).get(f"/moderation/work/{work.pk}/").content.decode()
    assert "Watch this one: the author is new." in page
    assert AuditEntry.objects.get().action == "note"


def test_one_button_removes_everything_a_spam_account_posted(
    comment: Comment, work: Work, mallory: User, moderator: User, bob: User
) -> None:
    from ficarchive.community.models import Bookmark, Kudos
    from ficarchive.community.services import bookmark_save, comment_post, kudos_leave

    other = WorkFactory(title="Second Harbour")
    answered = comment_post(chapter=other.chapters.get(), user=mallory, text="More pills.")
    comment_post(chapter=other.chapters.get(), user=bob, text="Go away.", parent=answered)
    bookmark_save(user=mallory, work=other, notes="pills.example", is_private=False)
    kudos_leave(work=other, user=mallory, address="192.0.2.1")
    own = WorkFactory(title="Pills Catalogue", creators=[CreatorFactory(name="M", user=mallory)])
    act(moderator, "comment", comment.pk, action="purge", reason="Spam account.")
    assert not Comment.objects.filter(pk=comment.pk).exists()
    answered.refresh_from_db()
    assert answered.is_deleted, "a comment with replies keeps its place"
    assert answered.body_html == ""
    assert not Bookmark.objects.filter(user=mallory).exists()
    assert not Kudos.objects.filter(user=mallory).exists()
    other.refresh_from_db()
    work.refresh_from_db()
    own.refresh_from_db()
    assert (other.comment_count, other.bookmark_count, other.kudos_count) == (1, 0, 0)
    assert work.comment_count == 0
    assert own.visibility == Visibility.HIDDEN
    mallory.refresh_from_db()
    assert mallory.is_banned
    purge = AuditEntry.objects.get(action="purge")
    assert "2 comments, 1 bookmarks, 1 kudos; 1 works hidden" in purge.reason
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {"ban", "hide", "purge"}


def test_one_button_removes_every_comment_from_a_spamming_guest_address(
    work: Work, moderator: User
) -> None:
    from ficarchive.community.models import WorkCommentSettings
    from ficarchive.community.services import GuestAuthor, comment_post

    WorkCommentSettings.objects.create(work=work, who_may_comment="everyone")
    spammer = GuestAuthor(name="Deals", email="Bot@Spam.example", address="192.0.2.7")
    honest = GuestAuthor(name="Reader", email="reader@example.org", address="192.0.2.8")
    chapters = list(work.chapters.all())
    posted = [
        comment_post(chapter=chapter, user=AnonymousUser(), text=f"Deal {n}", guest=spammer)
        for n, chapter in enumerate(chapters)
    ]
    kept = comment_post(chapter=chapters[0], user=AnonymousUser(), text="Kind words", guest=honest)
    posted[1].guest_email = "bot@spam.example"  # the same address, another spelling
    posted[1].save(update_fields=["guest_email"])
    act(moderator, "comment", posted[0].pk, action="purge", reason="Guest spam.")
    assert list(Comment.objects.all()) == [kept]
    work.refresh_from_db()
    assert work.comment_count == 1
    assert "2 comments from the guest Deals" in AuditEntry.objects.get().reason


def test_a_hidden_comment_cannot_be_read_through_the_reply_page_or_mail(
    comment: Comment, work: Work, moderator: User, bob: User, alice: User,
    run_tasks: Callable[[], int],
) -> None:  # fmt: skip
    from ficarchive.community.models import WorkCommentSettings
    from ficarchive.notifications.models import NoticePreference

    WorkCommentSettings.objects.create(work=work, who_may_comment="everyone")
    NoticePreference.objects.create(user=alice, kind="comment", delivery="digest")
    run_tasks()  # Alice's notice of the comment waits for her digest
    act(moderator, "comment", comment.pk, action="hide", reason="Spam.")
    reply_page = f"/works/{work.pk}/chapters/1/comments/new/?parent={comment.pk}"
    assert client_of(bob).get(reply_page).status_code == 404
    assert client_of(None).get(reply_page).status_code == 404
    from ficarchive.notifications.tasks import mail_digests

    mail.outbox.clear()
    mail_digests.call()
    assert not [m for m in mail.outbox if "spam.example" in m.body or "mallory" in m.subject]


def test_deleting_or_approving_a_hidden_comment_keeps_the_count_right(
    comment: Comment, work: Work, moderator: User, mallory: User, bob: User
) -> None:
    from ficarchive.community.services import comment_delete, comment_post

    kept = comment_post(chapter=work.chapters.get(position=1), user=bob, text="Kind words.")
    act(moderator, "comment", comment.pk, action="hide", reason="Spam.")
    work.refresh_from_db()
    assert work.comment_count == 1
    comment.refresh_from_db()
    comment_delete(comment=comment, user=mallory)  # the writer may still delete it
    work.refresh_from_db()
    assert work.comment_count == 1
    assert Comment.objects.filter(pk=kept.pk).exists()


def test_an_answered_appeal_is_told_to_the_member(work: Work, alice: User, moderator: User) -> None:
    act(moderator, "work", work.pk, action="hide", reason="Wrong rating.")
    entry = AuditEntry.objects.get()
    client_of(alice).post(f"/moderation/appeals/{entry.pk}/", {"text": "It is Teen."})
    act(moderator, "work", work.pk, action="dismiss", reason="Still Explicit.")
    answer = InboxItem.objects.filter(user=alice).order_by("pk").last()
    assert answer is not None
    assert answer.subject.startswith("The moderators answered your appeal")
    assert "kept their decision" in answer.body


def test_a_moderator_cannot_suspend_another_moderator(moderator: User, admin: User) -> None:
    from tests.factories import UserFactory

    colleague = UserFactory(username="colleague", is_staff=True)
    response = client_of(moderator).post(
        f"/moderation/member/{colleague.pk}/act/", {"action": "ban", "reason": "x"}
    )
    assert response.status_code == 400
    act(admin, "member", colleague.pk, action="ban", reason="Abuse of the role.")
    colleague.refresh_from_db()
    assert colleague.is_banned


def test_the_audit_log_refuses_bulk_changes_too(work: Work, moderator: User) -> None:
    act(moderator, "work", work.pk, action="note", reason="Keep an eye on it.")
    with pytest.raises(ValueError, match="never changed"):
        AuditEntry.objects.filter(action="note").update(reason="Nothing.")
    with pytest.raises(ValueError, match="never changed"):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().reason == "Keep an eye on it."
