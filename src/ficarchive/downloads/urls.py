from __future__ import annotations

from django.urls import path, register_converter

from ficarchive.downloads import views
from ficarchive.downloads.builds import FORMATS


class FormatConverter:
    regex = "|".join(FORMATS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class EpubConverter(FormatConverter):
    regex = "epub"


register_converter(FormatConverter, "download_format")
register_converter(EpubConverter, "epub_format")

app_name = "downloads"
urlpatterns = [
    path(
        "works/<int:work_id>/download/<slug:slug>.<download_format:fmt>",
        views.work_download,
        name="work",
    ),
    path(
        "series/<int:series_id>/download/<slug:slug>.<epub_format:fmt>",
        views.series_download,
        name="series",
    ),
]
