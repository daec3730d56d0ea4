from __future__ import annotations

from django.urls import path

from ficarchive.reader import views

app_name = "reader"
urlpatterns = [
    path("preferences/", views.change_preferences, name="preferences"),
]
