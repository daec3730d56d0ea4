from __future__ import annotations

from django.urls import path

from ficarchive.search import views

app_name = "search"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/help/", views.search_help, name="help"),
]
