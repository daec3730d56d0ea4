from __future__ import annotations

from django.urls import path

from ficarchive.moderation import views

app_name = "moderation"

urlpatterns = [
    path("report/<str:kind>/<int:target_id>/", views.report, name="report"),
    path("report/sent/", views.report_sent, name="report_sent"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/log/", views.log, name="log"),
    path("moderation/appeals/<int:entry_id>/", views.appeal, name="appeal"),
    path("moderation/tag/<int:tag_id>/wrangle/", views.wrangle, name="wrangle"),
    path("moderation/<str:kind>/<int:target_id>/", views.target_view, name="target"),
    path("moderation/<str:kind>/<int:target_id>/act/", views.act, name="act"),
]
