"""Reads for the reading pages: the work with all a page shows of it, the community panel
under it, and the reader's display preferences."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from ficarchive.accounts.models import User
from ficarchive.community.models import Bookmark, WorkCommentSettings
from ficarchive.community.selectors import (
    ChapterComments,
    comment_threads,
    kudos_givers,
    viewer_bookmark,
    viewer_left_kudos,
    with_viewer_state,
)
from ficarchive.community.services import comment_settings_of
from ficarchive.reader.preferences import COOKIE_NAME, ReaderPreferences
from ficarchive.works.models import Chapter, Work
from ficarchive.works.viewer import with_viewer_annotations


def reader_preferences_for(request: HttpRequest) -> ReaderPreferences:
    """The account's choices for a member who saved some, else the cookie's, else defaults."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.reader_preferences:
        return ReaderPreferences.from_mapping(user.reader_preferences)
    return ReaderPreferences.from_cookie(request.COOKIES.get(COOKIE_NAME))


def get_work_for_reading(*, user: User | AnonymousUser, work_id: int) -> Work:
    """The work with all a reading page shows of it (credits, tags, beta names, series, this
    reader's kudos, bookmark, place and mark for later) in one query and its prefetches; a 404
    if this reader may not see it."""
    works = with_viewer_state(Work.objects.visible_to(user).for_reading(), user=user)
    works = with_viewer_annotations(works, user=user)  # the member's place, marked for later
    return get_object_or_404(works, pk=work_id)


@dataclass
class CommunityPanel:
    kudos_names: list[str]
    guest_kudos: int
    has_left_kudos: bool
    is_creator: bool
    bookmark: Bookmark | None
    comments: list[ChapterComments]
    comment_chapter: Chapter | None  # where a new comment goes
    comment_settings: WorkCommentSettings


def community_panel(
    *, work: Work, user: User | AnonymousUser, shown: list[Chapter], comments_page: int = 1
) -> CommunityPanel:
    """Kudos, the member's bookmark and the shown chapters' comments, for a work loaded by
    `get_work_for_reading()`: two queries. A guest's own kudos state is not in it (the page
    is shared by every guest through the page cache)."""
    givers = kudos_givers(work=work)
    posted = [chapter for chapter in shown if chapter.is_posted]
    is_creator = work.is_created_by(user)
    chosen = comment_settings_of(work)
    return CommunityPanel(
        kudos_names=givers.kudos_names,
        guest_kudos=givers.guest_kudos,
        has_left_kudos=viewer_left_kudos(work),
        is_creator=is_creator,
        bookmark=viewer_bookmark(work, user),
        comments=comment_threads(
            posted,
            user,
            moderates=is_creator or user.is_staff,
            settings=chosen,
            page=comments_page,
        ),
        comment_chapter=posted[-1] if posted else None,
        comment_settings=chosen,
    )
