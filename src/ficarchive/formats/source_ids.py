"""Where a story came from, as one key: a story's address on FanFiction.Net, AO3 or Twisting
the Hellmouth names the same story whatever chapter, host or scheme it was saved from; on an
eFiction archive, whatever chapter, view or text size."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

_FFN = re.compile(r"^(?:www\.|m\.)?(fanfiction\.net|fictionpress\.com)$")
_FFN_PATH = re.compile(r"^/s/(\d+)(?:/|$)")
_AO3 = re.compile(r"^(?:www\.)?(archiveofourown\.org)$")
_AO3_PATH = re.compile(r"^/works/(\d+)(?:/|$)")
# eFiction 3.x: viewstory.php?sid=N, wherever the archive is installed on its host.
_EFICTION_SCRIPT = re.compile(r"/viewstory\.php$", re.IGNORECASE)
# Twisting the Hellmouth answers on www., on the bare domain and on other hosts of its own
# (wylfa.); a chapter is Story-123-4, an old link's path may start with a T-999/ token, and the
# oldest addresses are story.php?no=123.
_TTH = re.compile(r"^(?:(?P<sub>[a-z0-9-]+)\.)?tthfanfic\.org$")
_TTH_PATH = re.compile(r"^/(?:T-\d+/)?Story-(\d+)(?:-\d+)?(?:/|$)", re.IGNORECASE)
_TTH_QUERY = re.compile(r"(?:^|&)no=(\d+)(?:&|$)")


@dataclass(frozen=True)
class SourceId:
    """A story's address: its canonical URL, and the beginnings older saved copies had."""

    url: str
    prefixes: tuple[str, ...] = ()


def source_id(url: str | None) -> SourceId | None:
    """The story a URL points to: fanfiction.net/s/123/4/title and m.fanfiction.net/s/123/1
    are FanFiction.Net story 123; archiveofourown.org/works/456/chapters/789 is AO3 work 456;
    archive.example.org/fics/viewstory.php?sid=7&chapter=2 is that archive's story 7;
    tthfanfic.org/Story-789-3/title.htm is Twisting the Hellmouth's story 789.
    Other addresses stand for themselves, without their fragment."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if tth := _TTH.match(host):
        path_match = _TTH_PATH.match(parts.path)
        if parts.path.casefold() == "/story.php":
            path_match = _TTH_QUERY.search(parts.query)
        if path_match:
            return _tth_story(path_match.group(1), tth["sub"])
    for site, path, hosts, section in (
        (_FFN, _FFN_PATH, ("www.", "m.", ""), "s"),
        (_AO3, _AO3_PATH, ("", "www."), "works"),
    ):
        site_match, path_match = site.match(host), path.match(parts.path)
        if site_match and path_match:
            domain, number = site_match.group(1), path_match.group(1)
            canonical = f"https://{hosts[0]}{domain}/{section}/{number}"
            prefixes = tuple(
                f"{scheme}://{sub}{domain}/{section}/{number}{end}"
                for scheme in ("https", "http")
                for sub in hosts
                for end in ("", "/")
            )
            return SourceId(canonical, prefixes)
    if _EFICTION_SCRIPT.search(parts.path) and (story := _efiction_story(parts.query)):
        return _efiction(parts.scheme.lower() or "http", host, parts.port, parts.path, story)
    return SourceId(parts._replace(fragment="").geturl())


def _efiction_story(query: str) -> str | None:
    """The sid of an eFiction story address; pages saved from the browser sometimes keep
    the HTML's "&amp;" in it."""
    for key, value in parse_qsl(query.replace("&amp;", "&")):
        if key == "sid" and value.isdigit():
            return str(int(value))
    return None


def _efiction(scheme: str, host: str, port: int | None, path: str, story: str) -> SourceId:
    """viewstory.php?sid=N&chapter=M, &i=1, &action=printable, &textsize=2 are one story:
    `<scheme>://<host>/<path>/viewstory.php?sid=N`. Most archives answer with and without
    "www." and on both schemes, and older imports kept the address they were given."""
    where = f"{host}:{port}" if port else host
    canonical = f"{scheme}://{where}{path}?sid={story}"
    bare = where.removeprefix("www.")
    prefixes = tuple(
        f"{other}://{sub}{bare}{path}?sid={story}"
        for other in ("http", "https")
        for sub in ("", "www.")
    )
    return SourceId(canonical, tuple(p for p in prefixes if p != canonical))


def _tth_story(number: str, sub: str | None) -> SourceId:
    """TtH's story `number`; older copies' addresses on any of its hosts begin the same way."""
    canonical = f"https://www.tthfanfic.org/Story-{number}"
    hosts = dict.fromkeys(("www.", "", f"{sub}." if sub else "www."))
    prefixes = tuple(
        f"{scheme}://{host}tthfanfic.org/Story-{number}{end}"
        for scheme in ("https", "http")
        for host in hosts
        for end in ("", "/")
    )
    return SourceId(canonical, prefixes)


_CHAPTER_IN_PATH = (
    (_FFN, re.compile(r"^/s/\d+/(\d+)(?:/|$)")),
    (_TTH, re.compile(r"^/(?:T-\d+/)?Story-\d+-(\d+)(?:/|$)", re.IGNORECASE)),
)


def chapter_number(url: str | None) -> int | None:
    """The chapter a story page's address shows: FanFiction.Net's /s/123/4/, Twisting the
    Hellmouth's Story-123-4, eFiction's viewstory.php?sid=7&chapter=4 (its order in the
    story); None when the address does not say."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    for site, path in _CHAPTER_IN_PATH:
        if site.match(host) and (found := path.match(parts.path)):
            return int(found.group(1))
    if _EFICTION_SCRIPT.search(parts.path):
        for key, value in parse_qsl(parts.query.replace("&amp;", "&")):
            if key == "chapter" and value.isdigit():
                return int(value)
    return None
