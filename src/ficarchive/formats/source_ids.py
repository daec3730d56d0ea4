"""Where a story came from, as one key: a story's address on FanFiction.Net, AO3 or Twisting
the Hellmouth names the same story whatever chapter, host or scheme it was saved from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

_FFN = re.compile(r"^(?:www\.|m\.)?(fanfiction\.net|fictionpress\.com)$")
_FFN_PATH = re.compile(r"^/s/(\d+)(?:/|$)")
_AO3 = re.compile(r"^(?:www\.)?(archiveofourown\.org)$")
_AO3_PATH = re.compile(r"^/works/(\d+)(?:/|$)")
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
    return SourceId(parts._replace(fragment="").geturl())


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
