"""Reads for works; every one goes through Work.objects.visible_to()."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404

from ficarchive.accounts.models import User
from ficarchive.works.models import Chapter, CoCreatorInvitation, Creator, Work, WorkQuerySet


def works_recently_updated(*, user: User | AnonymousUser) -> WorkQuerySet:
    return Work.objects.visible_to(user).with_blurb_data().order_by("-updated", "-pk")


def works_by_creator(*, user: User | AnonymousUser, creator: Creator) -> WorkQuerySet:
    return works_recently_updated(user=user).filter(authorships__creator=creator)


def works_by_user(*, viewer: User | AnonymousUser, member: User) -> WorkQuerySet:
    """A member's works as this viewer may see them (drafts only for the member)."""
    return works_recently_updated(user=viewer).filter(authorships__creator__user=member).distinct()


def pending_invitations_for(*, user: User) -> list[CoCreatorInvitation]:
    return list(
        CoCreatorInvitation.objects.filter(
            invited=user, status=CoCreatorInvitation.Status.PENDING
        ).select_related("work", "invited_by")
    )


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


def chapters_for(*, work: Work, user: User | AnonymousUser) -> list[Chapter]:
    """Readers see posted chapters; the work's editors also see chapter drafts."""
    chapters = work.chapters.order_by("position")
    if not user_can_edit(user=user, work=work):
        chapters = chapters.posted()
    return list(chapters)


def work_form_initial(*, work: Work) -> dict[str, object]:
    """The edit form's starting values, from the work as stored."""

    def names(kind: str) -> str:
        return ", ".join(tag.name for tag in work.tags.all() if tag.kind == kind)

    part = work.series_parts.select_related("series").first()
    return {
        "title": work.title, "fandoms": names("fandom"), "rating": work.rating,
        "warnings": [tag.name for tag in work.tags.all() if tag.kind == "warning"],
        "relationships": names("relationship"), "characters": names("character"),
        "freeforms": names("freeform"), "summary": work.summary,
        "notes_begin": work.notes_begin, "notes_end": work.notes_end,
        "betas": ", ".join(beta.name for beta in work.betas.all()),
        "language": work.language,
        "series_title": part.series.title if part else "",
        "series_position": part.position if part else None,
        "complete": work.is_complete, "expected_chapters": work.expected_chapters,
        "published": work.published, "visibility": work.visibility, "text_format": "html",
    }  # fmt: skip


def get_creator(*, creator_id: int) -> Creator:
    return get_object_or_404(Creator, pk=creator_id)
