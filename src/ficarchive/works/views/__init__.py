"""The works app's views, by role: browsing, importing, posting (reading is the reader's)."""

from __future__ import annotations

from ficarchive.works.views.browsing import (
    creator_detail,
    fandom_index,
    home,
    series_detail,
    tag_works,
)
from ficarchive.works.views.importing import import_match, import_upload
from ficarchive.works.views.posting import (
    chapter_delete_view,
    chapter_edit,
    chapter_new,
    chapter_post_view,
    chapters_reorder_view,
    cocreator_invite_view,
    invitation_respond_view,
    work_delete_view,
    work_edit,
    work_new,
    work_publish_view,
)

__all__ = [
    "chapter_delete_view",
    "chapter_edit",
    "chapter_new",
    "chapter_post_view",
    "chapters_reorder_view",
    "cocreator_invite_view",
    "creator_detail",
    "fandom_index",
    "home",
    "import_match",
    "import_upload",
    "invitation_respond_view",
    "series_detail",
    "tag_works",
    "work_delete_view",
    "work_edit",
    "work_new",
    "work_publish_view",
]  # fmt: skip
