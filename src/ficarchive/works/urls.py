from __future__ import annotations

from django.urls import path

from ficarchive.works import views

app_name = "works"
urlpatterns = [
    path("", views.home, name="home"),
    path("works/import/", views.import_upload, name="import"),
    path("works/<int:work_id>/", views.work_detail, name="work"),
    path("works/<int:work_id>/publish/", views.work_publish_view, name="publish"),
    path("works/<int:work_id>/discard/", views.work_discard_view, name="discard"),
    path("works/<int:work_id>/chapters/", views.chapter_jump, name="chapter_jump"),
    path("works/<int:work_id>/chapters/<int:position>/", views.chapter_detail, name="chapter"),
    path("creators/<int:creator_id>/", views.creator_detail, name="creator"),
]
