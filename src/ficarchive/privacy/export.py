"""Everything the archive holds about a member, as one ZIP: JSON files of their account,
works (with chapters), comments, kudos, bookmarks, history, Marked for Later, subscriptions,
inbox, mutes and blocks, app passwords (names and dates: never a secret), reports they made
and moderators' decisions about them; and each of their works as an EPUB.

A read of many apps' rows: it lives here, not in accounts, because the accounts app never
imports the apps that follow it.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.text import slugify

from ficarchive.accounts.models import AppPassword, User
from ficarchive.community.models import Bookmark, Comment, Kudos
from ficarchive.downloads.builds import work_epub
from ficarchive.formats.text_of_html import html_to_text
from ficarchive.moderation.models import AuditEntry, Report
from ficarchive.muting.models import Block, TagMute, UserMute
from ficarchive.notifications.models import NoticePreference, Subscription
from ficarchive.notifications.selectors import inbox_items
from ficarchive.readings.models import MarkedForLater, Reading
from ficarchive.works.models import Authorship, Chapter, Work


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _rows(rows: QuerySet[Any] | Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: _plain(value) for key, value in row.items()} for row in rows]


def _values(queryset: QuerySet[Any], *fields: str) -> list[dict[str, Any]]:
    return _rows(queryset.order_by("pk").values(*fields))


def _account(user: User) -> dict[str, Any]:
    return {
        "username": user.username, "email": user.email, "email_confirmed": user.email_confirmed,
        "date_joined": _plain(user.date_joined), "last_login": _plain(user.last_login),
        "bio": user.bio, "reader_preferences": user.reader_preferences,
        "terms_accepted_at": _plain(user.terms_accepted_at),
        "suspended_until": _plain(user.suspended_until), "is_banned": user.is_banned,
        "creator_names": list(user.creators.values_list("name", flat=True)),
    }  # fmt: skip


def _works(user: User) -> list[Work]:
    mine = Authorship.objects.filter(creator__user=user).values("work")
    return list(
        Work.objects.filter(pk__in=mine)
        .prefetch_related("chapters", "tags", "authorships__creator")
        .order_by("pk")
    )


def _work(work: Work) -> dict[str, Any]:
    fields = [
        "title", "summary", "rating", "language", "notes_begin", "notes_end", "visibility",
        "published", "updated", "word_count", "expected_chapters", "source_url",
        "kudos_count", "comment_count", "bookmark_count", "hit_count",
    ]  # fmt: skip
    data = {name: _plain(getattr(work, name)) for name in fields}
    data["id"] = work.pk
    data["creators"] = [a.creator.name for a in work.authorships.all()]
    data["tags"] = [{"kind": tag.kind, "name": tag.name} for tag in work.tags.all()]
    data["chapters"] = [_chapter(chapter) for chapter in work.chapters.all()]
    return data


def _chapter(chapter: Chapter) -> dict[str, Any]:
    return {
        "position": chapter.position, "title": chapter.title, "is_posted": chapter.is_posted,
        "notes_begin": chapter.notes_begin, "notes_end": chapter.notes_end,
        "body_html": chapter.body_html,
    }  # fmt: skip


def _comments(user: User) -> list[dict[str, Any]]:
    comments = Comment.objects.filter(user=user).select_related("work", "chapter").order_by("pk")
    return [_comment(comment) for comment in comments]


def _comment(c: Comment) -> dict[str, Any]:
    return {
        "id": c.pk, "work": c.work.title, "work_id": c.work_id, "chapter": c.chapter.position,
        "text": html_to_text(c.body_html), "created_at": _plain(c.created_at),
        "edited_at": _plain(c.edited_at), "reply_to": c.parent_id, "deleted": c.is_deleted,
        "approved": c.is_approved, "hidden_by_moderators": c.is_hidden,
    }  # fmt: skip


def _of(model: type[Model], user: User, *fields: str, owner: str = "user") -> list[dict[str, Any]]:
    return _values(model._default_manager.filter(**{owner: user}), *fields)


def member_data(
    *, user: User, works: list[Work]
) -> dict[str, list[dict[str, Any]] | dict[str, Any]]:
    """The JSON files of the export, by name (without the works' EPUBs); `works` are the
    member's, as `_works` reads them."""
    return {
        "account": _account(user),
        "works": [_work(work) for work in works],
        "comments": _comments(user),
        "kudos": _of(Kudos, user, "work_id", "work__title", "created_at"),
        "bookmarks": _of(
            Bookmark,
            user,
            "work_id",
            "work__title",
            "notes",
            "is_private",
            "created_at",
            "updated_at",
        ),
        "history": _of(
            Reading,
            user,
            "work_id",
            "work__title",
            "chapter_position",
            "paragraph",
            "device",
            "last_visit",
            "visits",
        ),
        "marked_for_later": _of(MarkedForLater, user, "work_id", "work__title", "created_at"),
        "subscriptions": _of(
            Subscription, user, "kind", "target_id", "query", "label", "created_at"
        ),
        # Through the inbox's own selector: never a notice of what they may no longer see.
        "inbox": _values(
            inbox_items(user=user), "kind", "subject", "body", "url", "is_read", "created_at"
        ),
        "email_settings": _of(NoticePreference, user, "kind", "delivery"),
        "muted_members": _of(UserMute, user, "muted__username", "created_at", owner="member"),
        "muted_tags": _of(TagMute, user, "tag__name", "tag__kind", "created_at", owner="member"),
        "blocked_members": _of(Block, user, "blocked__username", "created_at", owner="member"),
        "app_passwords": _of(AppPassword, user, "name", "created_at", "last_used_at"),
        "reports_made": _of(
            Report,
            user,
            "target_label",
            "reason",
            "note",
            "status",
            "outcome",
            "created_at",
            owner="reporter",
        ),
        "moderation_decisions": _of(
            AuditEntry,
            user,
            "action",
            "target_label",
            "reason",
            "until",
            "created_at",
            owner="member",
        ),
    }


def member_export_zip(*, user: User, site_url: str) -> bytes:
    """The ZIP a member downloads: `<name>.json` for each part, and `works/<title>.epub`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        works = _works(user)  # read once: the JSON and the EPUBs
        for name, data in member_data(user=user, works=works).items():
            text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
            archive.writestr(f"{name}.json", text)
        for work in works:
            if not work.chapters.all():
                continue
            epub = work_epub(work_id=work.pk, site_url=site_url)
            slug = slugify(work.title)[:60] or "work"
            archive.writestr(f"works/{work.pk}-{slug}.epub", epub.data)
    return buffer.getvalue()
