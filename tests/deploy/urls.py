"""The archive's URLs and one guest page that sets a cookie (for the micro-cache's rule)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def sets_a_cookie(request: HttpRequest) -> HttpResponse:
    """A guest page with no Cache-Control at all, only a cookie: nginx must not keep it."""
    response = HttpResponse("<p>a page that belongs to someone</p>")
    response.set_cookie("someone", "1")
    return response


urlpatterns = [
    path("test/sets-a-cookie/", sets_a_cookie),
    path("", include("ficarchive.urls")),
]
