"""One self-contained HTML file: the whole work, its title page, and the reader's skin as
inline CSS (no request leaves the file: an offline reader sees what the web reader showed)."""

from __future__ import annotations

from html import escape as html_escape

from ficarchive.formats.export.book import Book, HtmlStyle
from ficarchive.formats.export.xhtml import safe_href, to_xhtml
from ficarchive.formats.sanitize import xml_safe


def escape(text: str) -> str:
    """Plain text as markup: escaped, without what XML cannot hold."""
    return html_escape(xml_safe(text))


def stylesheet(style: HtmlStyle) -> str:
    return f"""
body {{ background: {style.background}; color: {style.color}; font-family: {style.font_family};
  font-size: {style.font_size_em:.1f}em; line-height: {style.line_height:.2f};
  max-width: {style.max_width}; margin: 0 auto; padding: 1rem 1.25rem 3rem; }}
a {{ color: {style.link}; }}
h1, h2 {{ line-height: 1.25; }}
.byline, .muted {{ color: {style.muted}; }}
.meta dt {{ font-weight: bold; float: left; clear: left; margin-right: 0.5em; }}
.meta dd {{ margin: 0 0 0.3em; }}
.notes {{ border-left: 3px solid {style.muted}; padding-left: 1em; margin: 1em 0; }}
hr.scene-break {{ border: none; text-align: center; margin: 1.5em 0; }}
hr.scene-break::after {{ content: "\\2042"; color: {style.muted}; }}
nav ol {{ padding-left: 1.5em; }}
"""


def build_html(book: Book, style: HtmlStyle | None = None) -> bytes:
    """The work as one HTML document (UTF-8)."""
    style = style or HtmlStyle()
    rows = "".join(
        f"<dt>{escape(label)}:</dt><dd>{escape(', '.join(values))}</dd>"
        for label, values in book.metadata
    )
    parts = [
        f'<!DOCTYPE html>\n<html lang="{book.language_tag}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(book.display_title)} - {escape(book.byline)}</title>\n"
        f'<meta name="author" content="{escape(book.byline)}">\n'
        f'<link rel="canonical" href="{escape(safe_href(book.url))}">\n'
        f"<style>{stylesheet(style)}</style>\n</head>\n<body>\n",
        f"<header><h1>{escape(book.display_title)}</h1>",
        f'<p class="byline">by {escape(book.byline)}</p>',
        f'<dl class="meta">{rows}</dl>',
        f'<p class="muted">Posted at <a href="{escape(safe_href(book.url))}">'
        f"{escape(book.url)}</a></p>",
    ]
    if book.summary_html:
        parts.append(f"<h2>Summary</h2><blockquote>{to_xhtml(book.summary_html)}</blockquote>")
    if book.notes_begin:
        parts.append(f'<h2>Notes</h2><div class="notes">{to_xhtml(book.notes_begin)}</div>')
    parts.append("</header>\n")
    if len(book.chapters) > 1:
        entries = "".join(
            f'<li><a href="#chapter-{chapter.key}">{escape(chapter.title)}</a></li>'
            for chapter in book.chapters
        )
        parts.append(f'<nav aria-label="Chapters"><h2>Chapters</h2><ol>{entries}</ol></nav>\n')
    for chapter in book.chapters:
        parts.append(f'<section class="chapter" id="chapter-{chapter.key}">')
        parts.append(f"<h2>{escape(chapter.title)}</h2>")
        if chapter.notes_begin:
            parts.append(f'<div class="notes">{to_xhtml(chapter.notes_begin)}</div>')
        parts.append(f'<div class="chapter-text">{to_xhtml(chapter.body_html)}</div>')
        if chapter.notes_end:
            parts.append(f'<div class="notes">{to_xhtml(chapter.notes_end)}</div>')
        parts.append("</section>\n")
    if book.notes_end:
        parts.append(f'<h2>End notes</h2><div class="notes">{to_xhtml(book.notes_end)}</div>\n')
    parts.append("</body>\n</html>\n")
    return "".join(parts).encode("utf-8")
