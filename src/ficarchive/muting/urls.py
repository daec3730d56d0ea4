from __future__ import annotations

from django.urls import path

from ficarchive.muting import views

app_name = "muting"
urlpatterns = [
    path("users/<str:username>/muted/", views.muted_list, name="muted"),
    path("users/<str:username>/blocked/", views.blocked_list, name="blocked"),
    path("users/<str:username>/mute/", views.user_mute_view, name="user_mute"),
    path("users/<str:username>/unmute/", views.user_unmute_view, name="user_unmute"),
    path("users/<str:username>/block/", views.user_block_view, name="user_block"),
    path("users/<str:username>/unblock/", views.user_unblock_view, name="user_unblock"),
    path("tags/<int:tag_id>/mute/", views.tag_mute_view, name="tag_mute"),
    path("tags/<int:tag_id>/unmute/", views.tag_unmute_view, name="tag_unmute"),
]
