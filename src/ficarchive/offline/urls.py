from __future__ import annotations

from django.urls import path

from ficarchive.offline import views

app_name = "offline"
urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="worker"),
    path("saved/", views.saved_works, name="saved"),
    path("saved/status/", views.saved_status, name="status"),
]
