"""Mutes and blocks reach the notices: a member who muted a creator, a tag (or its synonym) or
the one who acted is not told."""

from __future__ import annotations

import pytest

from ficarchive.muting.models import Block, TagMute, UserMute
from ficarchive.notifications.recipients import notification_recipients
from ficarchive.tags.models import TagKind
from tests.factories import CreatorFactory, TagFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db


def test_members_who_muted_the_creator_or_a_tag_are_not_told_of_a_new_chapter() -> None:
    author = UserFactory()
    canonical = TagFactory(kind=TagKind.FREEFORM, name="Angst")
    synonym = TagFactory(kind=TagKind.FREEFORM, name="angsty", synonym_of=canonical)
    work = WorkFactory(creators=[CreatorFactory(user=author)])
    work.tags.set([synonym])
    told, mutes_author, mutes_tag, blocks_author = (UserFactory() for _ in range(4))
    UserMute.objects.create(member=mutes_author, muted=author)
    TagMute.objects.create(member=mutes_tag, tag=canonical)
    Block.objects.create(member=blocks_author, blocked=author)
    candidates = dict.fromkeys([told.pk, mutes_author.pk, mutes_tag.pk, blocks_author.pk])
    recipients = notification_recipients(kind="new_chapter", candidates=candidates, work=work)
    assert set(recipients) == {told.pk}


def test_a_member_who_muted_the_commenter_is_not_told_of_the_reply() -> None:
    commenter, muter, other = UserFactory(), UserFactory(), UserFactory()
    UserMute.objects.create(member=muter, muted=commenter)
    recipients = notification_recipients(
        kind="reply", candidates=dict.fromkeys([muter.pk, other.pk]), actor_id=commenter.pk
    )
    assert set(recipients) == {other.pk}
