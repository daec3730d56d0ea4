"""Reporting: anyone who can see a thing can report it, once, within a limit; the reporter is
acknowledged and the reported member never learns who it was."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client, override_settings

from ficarchive.accounts.models import User
from ficarchive.community.models import Comment
from ficarchive.moderation.models import Report
from ficarchive.notifications.models import InboxItem, NoticeKind
from ficarchive.works.models import Visibility, Work
from tests.factories import WorkFactory
from tests.humans import as_a_person
from tests.moderation.conftest import client_of

pytestmark = pytest.mark.django_db


def test_a_member_reports_a_comment_and_is_acknowledged_in_their_inbox(
    comment: Comment, bob: User
) -> None:
    response = client_of(bob).post(
        f"/report/comment/{comment.pk}/", {"reason": "spam", "note": "A link farm."}
    )
    assert response.status_code == 302
    assert response["Location"] == "/report/sent/"
    report = Report.objects.get()
    assert (report.target_kind, report.target_id, report.reason) == ("comment", comment.pk, "spam")
    assert report.reporter == bob
    assert report.note == "A link farm."
    assert "mallory" in report.target_label
    acknowledgement = InboxItem.objects.get(user=bob)
    assert acknowledgement.kind == NoticeKind.MODERATION
    assert acknowledgement.subject.startswith("We received your report")


def test_a_guest_reports_with_an_address_and_is_acknowledged_by_email(
    comment: Comment, run_tasks: Callable[[], int]
) -> None:
    guest = client_of(None)
    without = guest.post(f"/report/comment/{comment.pk}/", {"reason": "spam", **as_a_person()})
    assert without.status_code == 400
    assert not Report.objects.exists()
    response = guest.post(
        f"/report/comment/{comment.pk}/",
        {"reason": "spam", "email": "reader@example.org", **as_a_person()},
    )
    assert response.status_code == 302
    assert Report.objects.get().reporter_email == "reader@example.org"
    run_tasks()
    to_guest = [message for message in mail.outbox if message.to == ["reader@example.org"]]
    assert [message.subject for message in to_guest] == ["We received your report"]
    assert "mallory" not in to_guest[0].body, "nothing a stranger chose is mailed to a guest"


def test_the_report_form_is_offered_on_the_work_the_comment_and_the_profile(
    comment: Comment, work: Work, bob: User, mallory: User
) -> None:
    reader = client_of(bob)
    chapter_page = reader.get(f"/works/{work.pk}/chapters/1/").content.decode()
    assert f'href="/report/comment/{comment.pk}/"' in chapter_page
    assert f'href="/report/work/{work.pk}/"' in chapter_page
    chapter = work.chapters.get(position=1)
    assert f'href="/report/chapter/{chapter.pk}/"' in chapter_page
    profile = reader.get(f"/users/{mallory.username}/").content.decode()
    assert f'href="/report/member/{mallory.pk}/"' in profile
    form = reader.get(f"/report/comment/{comment.pk}/")
    assert form.status_code == 200
    assert "Wrong rating or warnings" in form.content.decode()
    assert "Appeal" not in form.content.decode(), "appeals come from the decision, not here"


def test_what_a_reader_cannot_see_cannot_be_reported(alice_creator: object, bob: User) -> None:
    draft = WorkFactory(visibility=Visibility.DRAFT, creators=[alice_creator])
    registered = WorkFactory(visibility=Visibility.REGISTERED, creators=[alice_creator])
    assert client_of(bob).get(f"/report/work/{draft.pk}/").status_code == 404
    assert client_of(None).get(f"/report/work/{registered.pk}/").status_code == 404
    assert client_of(bob).get(f"/report/work/{registered.pk}/").status_code == 200
    assert client_of(bob).get("/report/planet/1/").status_code == 404
    assert client_of(bob).post(f"/report/work/{draft.pk}/", {"reason": "spam"}).status_code == 404
    assert not Report.objects.exists()


def test_a_wrong_reason_changes_nothing(work: Work, bob: User) -> None:
    for reason in ("appeal", "nonsense", ""):
        response = client_of(bob).post(f"/report/work/{work.pk}/", {"reason": reason})
        assert response.status_code == 400
    assert not Report.objects.exists()


def test_creators_cannot_report_their_own_work(work: Work, alice: User) -> None:
    response = client_of(alice).post(f"/report/work/{work.pk}/", {"reason": "spam"})
    assert response.status_code == 400
    assert "your own" in response.content.decode()
    assert not Report.objects.exists()


def test_a_member_reports_one_thing_once_while_it_is_open(work: Work, bob: User) -> None:
    reader = client_of(bob)
    assert reader.post(f"/report/work/{work.pk}/", {"reason": "rating"}).status_code == 302
    again = reader.post(f"/report/work/{work.pk}/", {"reason": "rating"})
    assert again.status_code == 400
    assert Report.objects.count() == 1


@override_settings(FICARCHIVE_REPORTS_PER_HOUR=3)
def test_reports_are_rate_limited_per_guest_address(alice_creator: object) -> None:
    works = [WorkFactory(creators=[alice_creator]) for _ in range(5)]
    guest = client_of(None)
    codes = [
        guest.post(
            f"/report/work/{work.pk}/",
            {"reason": "spam", "email": "a@example.org", **as_a_person()},
        ).status_code
        for work in works
    ]
    assert codes == [302, 302, 302, 400, 400]
    assert Report.objects.count() == 3


def test_robots_are_turned_away_from_the_guest_form(work: Work) -> None:
    """A filled honeypot, a form sent back at once, or no token: refused, nothing saved."""
    guest = client_of(None)
    data = {"reason": "spam", "email": "bot@example.org"}
    for extra in (
        {**as_a_person(), "website": "http://spam.example"},
        as_a_person(seconds_ago=0.5),
        {},
        {"issued": "forged"},
    ):
        response = guest.post(f"/report/work/{work.pk}/", {**data, **extra})
        assert response.status_code == 400, extra
    assert not Report.objects.exists()
    page = guest.get(f"/report/work/{work.pk}/").content.decode()
    assert 'class="human-trap" aria-hidden="true"' in page
    assert 'tabindex="-1"' in page


def test_a_form_token_is_good_for_one_sending(alice_creator: object) -> None:
    first, second = (WorkFactory(creators=[alice_creator]) for _ in range(2))
    token = as_a_person()
    guest = client_of(None)
    data = {"reason": "spam", "email": "a@example.org", **token}
    assert guest.post(f"/report/work/{first.pk}/", data).status_code == 302
    replayed = guest.post(f"/report/work/{second.pk}/", data)
    assert replayed.status_code == 400
    assert "sent already" in replayed.content.decode()
    assert Report.objects.count() == 1


@override_settings(FICARCHIVE_REPORTS_PER_HOUR=2)
def test_guest_reports_are_limited_per_email_address_too(alice_creator: object) -> None:
    works = [WorkFactory(creators=[alice_creator]) for _ in range(3)]
    codes = [
        Client(REMOTE_ADDR=f"192.0.2.{n}")
        .post(
            f"/report/work/{work.pk}/",
            {"reason": "spam", "email": "victim@example.org", **as_a_person()},
        )
        .status_code
        for n, work in enumerate(works)
    ]
    assert codes == [302, 302, 400]
