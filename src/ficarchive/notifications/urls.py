from __future__ import annotations

from django.urls import path

from ficarchive.notifications import views

app_name = "notifications"
urlpatterns = [
    path("subscriptions/add/", views.subscribe, name="subscribe"),
    path("subscriptions/remove/", views.unsubscribe_here, name="unsubscribe_here"),
    path("users/<str:username>/subscriptions/", views.subscriptions, name="subscriptions"),
    path("users/<str:username>/inbox/", views.inbox, name="inbox"),
    path("users/<str:username>/inbox/update/", views.inbox_update, name="inbox_update"),
    path("users/<str:username>/inbox/reply/", views.inbox_reply_view, name="inbox_reply"),
    path("users/<str:username>/inbox/settings/", views.inbox_settings, name="settings"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
