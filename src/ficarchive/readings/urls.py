from __future__ import annotations

from django.urls import path

from ficarchive.readings import views

app_name = "readings"
urlpatterns = [
    path("users/<str:username>/readings/", views.history, name="history"),
    path("users/<str:username>/readings/later/", views.later, name="later"),
    path("readings/progress/", views.progress, name="progress"),
    path("readings/pause/", views.pause, name="pause"),
    path("readings/clear/", views.clear, name="clear"),
    path("readings/works/<int:work_id>/remove/", views.remove, name="remove"),
    path("works/<int:work_id>/later/", views.later_toggle, name="later_toggle"),
]
