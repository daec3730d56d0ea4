"""Reads for works; every one goes through Work.objects.visible_to()."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404

from ficarchive.accounts.models import User
from ficarchive.works.models import Chapter, Creator, Work, WorkQuerySet


def works_recently_updated(*, user: User | AnonymousUser) -> WorkQuerySet:
    return Work.objects.visible_to(user).with_blurb_data().order_by("-updated", "-pk")


def works_by_creator(*, user: User | AnonymousUser, creator: Creator) -> WorkQuerySet:
    return works_recently_updated(user=user).filter(authorships__creator=creator)


def get_work_for_reader(*, user: User | AnonymousUser, work_id: int) -> Work:
    """The work if this user may read it; otherwise a 404, never a hint that it exists."""
    queryset = Work.objects.visible_to(user).with_blurb_data().prefetch_related("betas")
    return get_object_or_404(queryset, pk=work_id)


def get_work_for_editor(*, user: User | AnonymousUser, work_id: int) -> Work:
    """The work if this user may change it; a 404 for everyone else, as for readers."""
    return get_object_or_404(Work.objects.editable_by(user), pk=work_id)


def user_can_edit(*, user: User | AnonymousUser, work: Work) -> bool:
    return Work.objects.editable_by(user).filter(pk=work.pk).exists()


def posted_chapters(*, work: Work) -> list[Chapter]:
    return list(work.chapters.posted().order_by("position"))


def get_creator(*, creator_id: int) -> Creator:
    return get_object_or_404(Creator, pk=creator_id)
