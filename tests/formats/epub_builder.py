"""Builds small EPUBs for the tests: generic books, FanFicFare-style, or broken on purpose."""

from __future__ import annotations

import io
import zipfile

CONTAINER = b"""<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf"
 media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


def xhtml(title: str, body: str, body_class: str = "") -> bytes:
    klass = f' class="{body_class}"' if body_class else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head>'
        f"<title>{title}</title></head><body{klass}>{body}</body></html>"
    ).encode()


def build_epub(
    *,
    title: str = "Moth Season",
    creator: str = "quillfeather",
    chapters: list[tuple[str, bytes]],
    metadata: str = "",
    version: str = "3.0",
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """An EPUB whose spine is `chapters` (label, xhtml bytes) in order, with a nav or NCX."""
    manifest, spine, nav_links, ncx_points = [], [], [], []
    files: dict[str, bytes] = {}
    for index, (label, content) in enumerate(chapters, start=1):
        name = f"chapter{index}.xhtml"
        files[f"OEBPS/{name}"] = content
        manifest.append(f'<item id="c{index}" href="{name}" media-type="application/xhtml+xml"/>')
        spine.append(f'<itemref idref="c{index}"/>')
        nav_links.append(f'<li><a href="{name}">{label}</a></li>')
        ncx_points.append(
            f'<navPoint id="n{index}" playOrder="{index}"><navLabel><text>{label}</text>'
            f'</navLabel><content src="{name}"/></navPoint>'
        )
    if version.startswith("3"):
        files["OEBPS/nav.xhtml"] = xhtml(
            "Contents",
            f'<nav epub:type="toc" xmlns:epub="http://www.idpf.org/2007/ops">'
            f"<ol>{''.join(nav_links)}</ol></nav>",
        )
        manifest.append(
            '<item id="nav" href="nav.xhtml" properties="nav" media-type="application/xhtml+xml"/>'
        )
    else:
        files["OEBPS/toc.ncx"] = (
            '<?xml version="1.0"?>'
            '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
            f"<navMap>{''.join(ncx_points)}</navMap></ncx>"
        ).encode()
        manifest.append('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>')
    files["OEBPS/content.opf"] = (
        f'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="{version}" '
        'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:opf="http://www.idpf.org/2007/opf">'
        f'<dc:identifier id="id">test</dc:identifier><dc:title>{title}</dc:title>'
        f"<dc:creator>{creator}</dc:creator><dc:language>en</dc:language>{metadata}</metadata>"
        f'<manifest>{"".join(manifest)}</manifest><spine toc="ncx">{"".join(spine)}</spine>'
        "</package>"
    ).encode()
    files.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), b"application/epub+zip")
        if "META-INF/container.xml" not in files:
            archive.writestr("META-INF/container.xml", CONTAINER)
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
