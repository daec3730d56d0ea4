"""Top-level URL map: each app owns its own routes."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("ficarchive.works.urls")),
    path("reader/", include("ficarchive.reader.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "ficarchive.core.views.page_not_found"
handler500 = "ficarchive.core.views.server_error"
