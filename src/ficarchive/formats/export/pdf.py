"""PDF through WeasyPrint, from the HTML export in the light skin (paper is light)."""

from __future__ import annotations

from ficarchive.formats.export.book import Book, HtmlStyle
from ficarchive.formats.export.html import build_html

_PAGE = "@page { size: A5; margin: 16mm 14mm; @bottom-center { content: counter(page); } }"


def build_pdf(book: Book) -> bytes:
    """The work as a PDF (A5, page numbers), with the title and creators in its metadata."""
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]  # imported when used: it loads Pango at import

    style = HtmlStyle(max_width="none", font_size_em=1.0)
    document = HTML(
        string=build_html(book, style).decode("utf-8"), base_url=None, url_fetcher=_refuse
    )
    result: bytes | None = document.write_pdf(stylesheets=[CSS(string=_PAGE)])
    return result or b""


def _refuse(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    """The PDF fetches nothing: an author's markup must not make the server request URLs."""
    raise ValueError(f"not fetched: {url}")
