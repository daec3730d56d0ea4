"""A seeded generator of varied fan-fiction files for the import benchmark.

Mostly FanFiction.Net-style scraped text (toolbars, notes, chapters, scene breaks),
a few hundred HTML pages (FanFiction.Net, AO3 downloads, personal sites) and EPUBs
(FanFicFare-style and generic). Word counts follow a long-tailed distribution.

    python -m benchmarks.corpus OUT_DIR --count 5000 --seed 7
"""

from __future__ import annotations

import argparse
import html
import io
import random
import zipfile
from pathlib import Path

WORDS = (
    "the a and of to in she he they was were had said looked river lamp night door house "
    "rain station bus tram light dark hand eyes voice quiet slowly again never always before "
    "after under over through window street city sea shore ship bell glass stone garden "
    "winter summer morning evening remembered wanted knew thought felt heard smiled turned "
    "walked waited opened closed kept lost found little old long small cold warm last first "
    "because though while until when where nothing something everything someone nobody"
).split()
NAMES = ["Ada", "Teodor", "Mireille", "Wren", "Corin", "Nell", "Tobias", "Ilse", "Penn", "Tam"]
FANDOMS = ["Lanternfall", "Saltmarsh Chronicles", "Hollowmere", "Stormglass", "Greyhaven"]
BREAKS = ["*****", "* * *", "x-X-x", "~~~", "-oOo-", "###", "<hr>"]
TOOLBARS = [
    "full\u00a03/4\u00a01/2\u00a0\u00a0 skin\u00a0light\u00a0dark",
    "+ Font Size - Font Size Full 3/4 1/2 Expand Tighten",
]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 22))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(NAMES))
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", "?", "!"])


def paragraphs(rng: random.Random, words: int) -> list[str]:
    out: list[str] = []
    total = 0
    while total < words:
        para = " ".join(sentence(rng) for _ in range(rng.randint(1, 5)))
        if rng.random() < 0.25:
            para = f"\u201c{para}\u201d {rng.choice(NAMES)} said."
        out.append(para)
        total += len(para.split())
        if rng.random() < 0.03:
            out.append(rng.choice(BREAKS))
    return out


def story_words(rng: random.Random) -> int:
    return int(min(max(rng.lognormvariate(8.0, 0.9), 300), 40_000))


def text_story(rng: random.Random, index: int) -> bytes:
    title = f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {index}"
    author = f"{rng.choice(NAMES).lower()}_{rng.randint(1, 999)}"
    chapters = rng.choice([1, 1, 1, 2, 3, 5, 8])
    lines = [rng.choice(TOOLBARS), "", f"{title} by {author}", "", title, ""]
    if rng.random() < 0.5:
        lines += [f"A/N: Thanks to {rng.choice(NAMES)} for betaing!", "", "*****", ""]
    words = story_words(rng)
    for number in range(1, chapters + 1):
        if chapters > 1:
            lines += [f"Chapter {number}: {rng.choice(WORDS).title()}", ""]
        for para in paragraphs(rng, words // chapters):
            lines += [para if para != "<hr>" else "* * *", ""]
    if rng.random() < 0.4:
        lines += ["A/N: Please review!", ""]
    encoding = "cp1252" if rng.random() < 0.1 else "utf-8"
    return "\r\n".join(lines).encode(encoding, errors="replace")


def html_story(rng: random.Random, index: int) -> bytes:
    title = f"Page {rng.choice(WORDS).title()} {index}"
    author = f"{rng.choice(NAMES)} {rng.choice(NAMES)}son"
    body = "".join(
        "<hr>" if p in BREAKS else f"<p>{html.escape(p)}</p>"
        for p in paragraphs(rng, story_words(rng))
    )
    if rng.random() < 0.5:
        return (
            "<!DOCTYPE html><html><head><meta charset='utf-8'>"
            f"<link rel='canonical' href='https://www.fanfiction.net/s/{index}/1/x'></head><body>"
            f"<div id='pre_story_links'><a href='/book/'>Books</a><a href='/b/x/'>{rng.choice(FANDOMS)}</a></div>"
            f"<div id=profile_top><b class='xcontrast_txt'>{title}</b> By: <a href='/u/1/x'>{author}</a>"
            "<div class='xcontrast_txt'>A summary.</div><span class='xgray'>Rated: Fiction T - English - "
            "Drama - Chapters: 1 - Words: 9 - Published: 1/2/2015 - id: 1 </span></div>"
            f"<div id='storytext'>{body}</div><div id=review>Post Review</div></body></html>"
        ).encode()
    return (
        f"<html><head><title>{title}</title></head><body><table><tr><td class='sidebar'>"
        "<a href='/'>Home</a></td><td><center><h2>" + title + f"</h2>by {author}</center>"
        f"{body}<p><a href='/stories'>Back</a></p></td></tr></table></body></html>"
    ).encode()


def epub_story(rng: random.Random, index: int) -> bytes:
    title = f"Book {rng.choice(WORDS).title()} {index}"
    chapters = rng.randint(1, 10)
    words = story_words(rng)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        archive.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:'
            'opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" '
            'media-type="application/oebps-package+xml"/></rootfiles></container>',
        )
        manifest, spine, points = [], [], []
        for number in range(1, chapters + 1):
            body = "".join(
                "<hr/>" if p in BREAKS else f"<p>{html.escape(p)}</p>"
                for p in paragraphs(rng, words // chapters)
            )
            archive.writestr(
                f"c{number}.xhtml",
                '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
                f"<head><title>Chapter {number}</title></head><body><h2>Chapter {number}</h2>"
                f"{body}</body></html>",
            )
            manifest.append(
                f'<item id="c{number}" href="c{number}.xhtml" media-type="application/xhtml+xml"/>'
            )
            spine.append(f'<itemref idref="c{number}"/>')
            points.append(
                f'<navPoint id="n{number}" playOrder="{number}"><navLabel><text>Chapter {number}'
                f'</text></navLabel><content src="c{number}.xhtml"/></navPoint>'
            )
        archive.writestr(
            "toc.ncx",
            '<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
            f"<navMap>{''.join(points)}</navMap></ncx>",
        )
        archive.writestr(
            "content.opf",
            '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0" '
            'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<dc:identifier id="id">bench-{index}</dc:identifier><dc:title>{title}</dc:title>'
            f"<dc:creator>{rng.choice(NAMES)}</dc:creator><dc:language>en</dc:language>"
            f"<dc:subject>{rng.choice(FANDOMS)}</dc:subject></metadata>"
            '<manifest><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
            f'{"".join(manifest)}</manifest><spine toc="ncx">{"".join(spine)}</spine></package>',
        )
    return buffer.getvalue()


def generate(out: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    html_count = max(1, count * 6 // 100)
    epub_count = max(1, count * 6 // 100)
    for index in range(count):
        if index < epub_count:
            (out / f"story{index:05d}.epub").write_bytes(epub_story(rng, index))
        elif index < epub_count + html_count:
            (out / f"story{index:05d}.html").write_bytes(html_story(rng, index))
        else:
            (out / f"story{index:05d}.txt").write_bytes(text_story(rng, index))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    generate(arguments.out, arguments.count, arguments.seed)
