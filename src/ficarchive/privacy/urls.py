from __future__ import annotations

from django.urls import path

from ficarchive.privacy import views
from ficarchive.privacy.models import PolicyPage

app_name = "privacy"

urlpatterns = [
    path("accounts/export/", views.export, name="export"),
    path("accounts/export/<str:token>/", views.export_file, name="export_file"),
    *(
        path(f"{slug}/", views.policy_page, {"slug": slug}, name=f"page-{slug}")
        for slug in PolicyPage.Slug.values
    ),
]
