from __future__ import annotations

from django.urls import path

from ficarchive.works import views

app_name = "works"
urlpatterns = [
    path("", views.home, name="home"),
    path("works/new/", views.work_new, name="new"),
    path("works/import/", views.import_upload, name="import"),
    path("works/import/<int:work_id>/match/", views.import_match, name="import_match"),
    path("works/<int:work_id>/edit/", views.work_edit, name="edit"),
    path("works/<int:work_id>/publish/", views.work_publish_view, name="publish"),
    path("works/<int:work_id>/delete/", views.work_delete_view, name="delete"),
    path("works/<int:work_id>/invite/", views.cocreator_invite_view, name="invite"),
    path("works/<int:work_id>/chapters/new/", views.chapter_new, name="chapter_new"),
    path("works/<int:work_id>/chapters/order/", views.chapters_reorder_view, name="reorder"),
    path(
        "works/<int:work_id>/chapters/<int:position>/edit/",
        views.chapter_edit,
        name="chapter_edit",
    ),
    path(
        "works/<int:work_id>/chapters/<int:position>/post/",
        views.chapter_post_view,
        name="chapter_post",
    ),
    path(
        "works/<int:work_id>/chapters/<int:position>/delete/",
        views.chapter_delete_view,
        name="chapter_delete",
    ),
    path("invitations/<int:invitation_id>/", views.invitation_respond_view, name="invitation"),
    path("creators/<int:creator_id>/", views.creator_detail, name="creator"),
    path("fandoms/", views.fandom_index, name="fandoms"),
    path("tags/<int:tag_id>/works/", views.tag_works, name="tag"),
    path("series/<int:series_id>/", views.series_detail, name="series"),
]
