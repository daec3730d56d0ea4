from __future__ import annotations

from django.urls import path

from ficarchive.tags import views

app_name = "tags"
urlpatterns = [path("tags/autocomplete/", views.autocomplete, name="autocomplete")]
