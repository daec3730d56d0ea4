"""Error pages in the site's style, the icon browsers ask for by its old name, and the
health check for load balancers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from ficarchive.core.health import health_report


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: whatever broke must not break the error page too.
    return HttpResponseServerError(loader.get_template("500.html").render())


@require_safe
@cache_control(max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    """Feed readers, link checkers and pages without our <head> still ask for /favicon.ico:
    send them to the SVG rather than a 404. Temporary, as the static name changes with it."""
    return redirect(static("ficarchive/favicon.svg"))


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database and the shared cache answer (with the task queue's depth and
    the age of its oldest waiting task), 503 when either does not."""
    report = health_report()
    return JsonResponse(report.as_dict(), status=200 if report.ok else 503)
