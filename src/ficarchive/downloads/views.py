"""Download views: check that the reader may read the work (a 404 otherwise, before any cache
is consulted), then serve the file built for this version, or say it is on its way.

Downloads are reads: an ordinary work is built on the spot into the file cache (no row is
written); a very big work, a series and Calibre's formats are built by a background task
while the page tells the reader to wait (202, reloading itself)."""

from __future__ import annotations

import re

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from ficarchive.core.tasks import enqueue
from ficarchive.downloads import builds
from ficarchive.downloads.selectors import (
    get_series_for_download,
    get_work_for_download,
    title_slug,
)
from ficarchive.downloads.tasks import (
    BUILDING_SECONDS,
    building_key,
    series_download_build,
    work_download_build,
)
from ficarchive.reader.selectors import reader_preferences_for

REFRESH_SECONDS = 5
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def download_filename(title: str, creators: list[str], fmt: str) -> str:
    """'Title - Author.epub', without the characters file systems refuse."""
    title = _UNSAFE.sub(" ", title).strip(" .") or "Untitled"
    author = _UNSAFE.sub(" ", ", ".join(creators)).strip(" .") or "Anonymous"
    return f"{' '.join(title.split())[:120]} - {' '.join(author.split())[:80]}.{fmt}"


def _file_response(data: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=builds.MEDIA_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    # A registered-only work must not sit in a shared proxy's cache.
    patch_cache_control(response, private=True, max_age=0)
    return response


def _pending(
    request: HttpRequest, *, filename: str, back_url: str, back_label: str
) -> HttpResponse:
    response = render(
        request,
        "downloads/pending.html",
        {
            "filename": filename,
            "refresh_seconds": REFRESH_SECONDS,
            "download_url": request.get_full_path(),
            "back_url": back_url,
            "back_label": back_label,
        },
        status=202,
    )
    patch_cache_control(response, no_store=True)
    return response


def _claim_build(request: HttpRequest, key: str) -> bool:
    """Whether this request should queue the build: a GET (not a HEAD) and the first one."""
    return request.method == "GET" and cache.add(building_key(key), True, BUILDING_SECONDS)


@require_safe
def work_download(request: HttpRequest, work_id: int, slug: str, fmt: str) -> HttpResponse:
    work = get_work_for_download(user=request.user, work_id=work_id)
    creators = [creator.name for creator in work.ordered_creators]
    filename = download_filename(work.title, creators, fmt)
    if fmt in builds.CALIBRE_FORMATS and not builds.calibre_available():
        epub_url = reverse("downloads:work", args=[work.pk, title_slug(work.title), "epub"])
        context = {
            "format_label": fmt.upper(), "epub_url": epub_url,
            "back_url": work.get_absolute_url(), "back_label": work.title,
        }  # fmt: skip
        return render(request, "downloads/unavailable.html", context, status=501)
    preferences = reader_preferences_for(request)
    site_url = request.build_absolute_uri("/")
    if not builds.builds_in_background(fmt=fmt, words=work.word_count):
        built = builds.work_file(work=work, fmt=fmt, preferences=preferences, site_url=site_url)
        return _file_response(built, fmt, filename)
    variant = builds.variant_of(fmt, preferences)
    data = builds.cached_work_file(work_id=work.pk, fmt=fmt, variant=variant)
    if data is not None:
        return _file_response(data, fmt, filename)
    key = f"work:{work.pk}:{fmt}:{variant}"
    if _claim_build(request, key):
        enqueue(work_download_build, work.pk, fmt, preferences.to_cookie(), site_url, key)
    return _pending(
        request, filename=filename, back_url=work.get_absolute_url(), back_label=work.title
    )


@require_safe
def series_download(request: HttpRequest, series_id: int, slug: str, fmt: str) -> HttpResponse:
    found = get_series_for_download(user=request.user, series_id=series_id)
    series = found.series
    data = builds.cached_series_file(series_id=series.pk, work_ids=found.work_ids)
    filename = download_filename(series.title, found.creators, "epub")
    if data is not None:
        return _file_response(data, "epub", filename)
    key = f"series:{series.pk}:{builds.series_name(found.work_ids)}"
    if _claim_build(request, key):
        site_url = request.build_absolute_uri("/")
        enqueue(series_download_build, series.pk, found.work_ids, site_url, key)
    return _pending(
        request,
        filename=filename,
        back_url=reverse("works:series", args=[series.pk]),
        back_label=series.title,
    )
