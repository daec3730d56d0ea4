from __future__ import annotations

from django.urls import path

from ficarchive.reader import views

app_name = "reader"
urlpatterns = [
    path("works/<int:work_id>/", views.work_detail, name="work"),
    path("works/<int:work_id>/chapters/", views.chapter_jump, name="chapter_jump"),
    path("works/<int:work_id>/chapters/<int:position>/", views.chapter_detail, name="chapter"),
    path("reader/preferences/", views.change_preferences, name="preferences"),
    path("reader/settings/", views.save_settings, name="settings"),
]
