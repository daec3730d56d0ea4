"""The download links of a work or a series (formatting only: names and URLs)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from ficarchive.downloads.selectors import title_slug
from ficarchive.works.models import Series, Work

register = template.Library()

LABELS = {
    "epub": "EPUB", "azw3": "AZW3", "mobi": "MOBI", "pdf": "PDF", "html": "HTML", "txt": "TXT",
}  # fmt: skip


@register.simple_tag
def work_download_links(work: Work) -> list[dict[str, str]]:
    slug = title_slug(work.title)
    return [
        {"label": label, "url": reverse("downloads:work", args=[work.pk, slug, fmt]), "format": fmt}
        for fmt, label in LABELS.items()
    ]


@register.simple_tag
def series_download_url(series: Series) -> str:
    return reverse("downloads:series", args=[series.pk, title_slug(series.title), "epub"])
