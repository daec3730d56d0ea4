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
    path("comments/<int:comment_id>/delete/", views.comment_delete_view, name="comment_delete"),
    path("users/<str:username>/bookmarks/", views.bookmarks_list, name="bookmarks"),
]
