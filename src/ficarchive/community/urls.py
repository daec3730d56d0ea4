from __future__ import annotations

from django.urls import path

from ficarchive.community import views

app_name = "community"
urlpatterns = [
    path("works/<int:work_id>/kudos/", views.kudos_view, name="kudos"),
    path("works/<int:work_id>/bookmark/", views.bookmark_view, name="bookmark"),
    path("works/<int:work_id>/bookmark/delete/", views.bookmark_delete_view, name="unbookmark"),
    path(
        "works/<int:work_id>/chapters/<int:position>/comments/",
        views.comment_view,
        name="comment",
    ),
    path(
        "works/<int:work_id>/chapters/<int:position>/comments/new/",
        views.comment_new_view,
        name="comment_new",
    ),
    path(
        "works/<int:work_id>/comment-settings/",
        views.comment_settings_view,
        name="comment_settings",
    ),
    path("comments/<int:comment_id>/", views.comment_link_view, name="comment_link"),
    path("comments/<int:comment_id>/edit/", views.comment_edit_view, name="comment_edit"),
    path("comments/<int:comment_id>/delete/", views.comment_delete_view, name="comment_delete"),
    path("comments/<int:comment_id>/approve/", views.comment_approve_view, name="comment_approve"),
    path(
        "comments/<int:comment_id>/freeze/",
        views.comment_freeze_view,
        {"frozen": True},
        name="comment_freeze",
    ),
    path(
        "comments/<int:comment_id>/unfreeze/",
        views.comment_freeze_view,
        {"frozen": False},
        name="comment_unfreeze",
    ),
    path("users/<str:username>/bookmarks/", views.bookmarks_list, name="bookmarks"),
]
