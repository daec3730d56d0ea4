"""Shared steps for the notifications tests: posting through the real services, so the
change events fire as they do for a member."""

from __future__ import annotations

from ficarchive.accounts.models import User
from ficarchive.works.models import Chapter, Work
from ficarchive.works.posting import ChapterData, WorkData, chapter_create, work_create


def post_work(
    user: User, title: str = "Salt Roads", *, post: bool = True, **fields: object
) -> Work:
    data = WorkData(title=title, fandoms=["Harbour Lights"], rating="teen", **fields)  # type: ignore[arg-type]
    return work_create(
        user=user, data=data, chapter=ChapterData(text="<p>It opens.</p>"), post=post
    )


def post_chapter(user: User, work: Work, text: str = "More of it.") -> Chapter:
    return chapter_create(
        work=work, user=user, chapter=ChapterData(text=f"<p>{text}</p>"), post=True
    )
