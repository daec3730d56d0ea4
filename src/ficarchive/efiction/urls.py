"""eFiction's old addresses, at the site root where eFiction had them."""

from __future__ import annotations

from django.urls import path

from ficarchive.efiction import views

app_name = "efiction"
urlpatterns = [
    path("viewstory.php", views.viewstory, name="viewstory"),
    path("viewuser.php", views.viewuser, name="viewuser"),
    path("viewseries.php", views.viewseries, name="viewseries"),
    path("browse.php", views.browse, name="browse"),
]
