from __future__ import annotations

from django.urls import path

from ficarchive.kosync import views

app_name = "kosync"
urlpatterns = [
    path("kosync/users/create", views.users_create, name="users_create"),
    path("kosync/users/auth", views.users_auth, name="users_auth"),
    path("kosync/syncs/progress", views.progress_update, name="progress_update"),
    path("kosync/syncs/progress/<str:document>", views.progress_get, name="progress_get"),
]
