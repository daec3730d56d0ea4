"""A FanFiction.Net story page copied or saved as text, the site around the story included.

The page reads, top to bottom: the site's menu, the breadcrumb ("Books » Title", or
"A + B Crossover"), "Follow/Fav", the story's title, "By: author", the summary, the stats
line, the reader toolbar, the chapter select (one "N. Title" line per chapter, or all on one
line) between "< Prev" and "Next >", the chapter, the same navigation again, then the review
box and the footer. The stats line is what identifies such a page: everything else is found
relative to it.
"""

from __future__ import annotations

import re

from ficarchive.formats import chrome, conventions, ffn_stats, structure
from ficarchive.formats.model import ParsedWork

_BY = re.compile(r"^By:\s*(?P<author>\S.*)$")
_CROSSOVER = re.compile(r"^(?P<fandoms>.+?)\s+Crossover$")
_TOC_ENTRY = re.compile(r"(?:^|\s)(?P<number>\d{1,3})\.\s+(?P<title>.+?)(?=\s+\d{1,3}\.\s|$)")
# FanFiction.Net's sections, the breadcrumb's first step.
_SECTIONS = {
    "Anime/Manga", "Anime", "Books", "Cartoons", "Comics", "Games", "Misc", "Movies",
    "Plays/Musicals", "TV Shows", "TV", "Plays", "Crossovers",
}  # fmt: skip
# The reader's font-size buttons, copied as "+ -" (or with "A" letters).
_SIZE_BUTTONS = re.compile(r"^(?:[+\-–−]|A[+\-]?)(?:\s+(?:[+\-–−]|A[+\-]?))*$")
_NAVIGATION = re.compile(r"^(?:<\s*Prev|Next\s*>|<\s*Prev\s+Next\s*>)$", re.IGNORECASE)
# Where the page around the story starts again below it.
_PAGE_FOOT = re.compile(
    r"^(?:\+\s*)?(?:Review|Reviews|Post Review(?: as.*)?|Post your review.*|Share:?|"
    r"Type your review.*|Follow/Fav|Help\s*[-–.·|]\s*(?:Privacy|Sitemap|Terms).*|"
    r"Privacy\s*[-–.·|].*|(?:FanFiction|FictionPress)(?:\.Net|\.com)?\s*©.*)$",
    re.IGNORECASE,
)


def find_stats(lines: list[str]) -> tuple[int, int] | None:
    """Where the stats line starts and ends, when the text is a whole FanFiction.Net page
    (a browser saving as text may wrap it over a few lines)."""
    for index, line in enumerate(lines[:80]):
        if not line.lstrip().startswith(("Rated:", "Crossover")):
            continue
        end = index + 1
        while end < min(len(lines), index + 5) and lines[end].strip():
            end += 1
        for stop in range(index + 1, end + 1):
            if ffn_stats.STATS_LINE.match(" ".join(part.strip() for part in lines[index:stop])):
                return index, (end if _stats_continue(lines, stop, end) else stop)
    return None


def _stats_continue(lines: list[str], stop: int, end: int) -> bool:
    """Whether the wrapped stats line goes on past where it first matched."""
    done = " ".join(part.strip() for part in lines[:stop][-4:])
    rest = " ".join(part.strip() for part in lines[stop:end])
    if not rest or ffn_stats.story_id(done):
        return False  # the line ends with the story's id
    return bool(re.match(r"^(?:-\s|[A-Za-z]+:|\d)", rest)) or " - " in rest or "id:" in rest


def _toc(line: str) -> list[tuple[int, str]]:
    """'1. Wrong Sky' (one entry) or '1. A 2. B 3. C' (a select copied on one line)."""
    return [(int(m["number"]), m["title"].strip()) for m in _TOC_ENTRY.finditer(line.strip())]


def _read_above(lines: list[str], work: ParsedWork) -> None:
    """Title, author, summary and fandoms from the lines above the stats line."""
    by = next((i for i in range(len(lines) - 1, -1, -1) if _BY.match(lines[i].strip())), None)
    if by is None:
        return
    work.creators = [_BY.match(lines[by].strip())["author"].strip()]  # type: ignore[index]
    above = [line.strip() for line in lines[:by] if line.strip()]
    if above:
        work.title = above[-1]
    summary = " ".join(" ".join(line.split()) for line in lines[by + 1 :] if line.strip())
    work.summary = summary or None
    for position, line in enumerate(above[:-1]):
        if " » " in line or "»" in line:
            work.fandoms = work.fandoms or [line.split("»")[-1].strip()]
        elif crossover := _CROSSOVER.match(line):
            work.fandoms = work.fandoms or [
                name.strip() for name in crossover["fandoms"].split(" + ") if name.strip()
            ]
        elif line in _SECTIONS and position + 1 < len(above) - 1:
            # The breadcrumb's arrow is an icon: copied, section and fandom are two lines.
            following = above[position + 1]
            if following not in {"Follow/Fav", "Crossover"}:
                work.fandoms = work.fandoms or [following]


def parse(text: str, *, fallback_title: str) -> ParsedWork:
    lines = text.split("\n")
    found_stats = find_stats(lines)
    assert found_stats is not None, "callers check find_stats first"
    start, index = found_stats
    stats = " ".join(line.strip() for line in lines[start:index])
    work = ParsedWork(title="", source_format="text", chapters=[], source_site="fanfiction.net")
    ffn_stats.apply_stats(stats, work)
    if story := ffn_stats.story_id(stats):
        work.source_url = f"https://www.fanfiction.net/s/{story}"
    _read_above(lines[:start], work)

    toc: list[tuple[int, str]] = []
    selected: list[tuple[int, str]] = []
    navigation: set[str] = set()
    while index < len(lines):
        line = lines[index].strip()
        entries = _toc(line)
        if _NAVIGATION.match(line):
            navigation.add(line.casefold().replace(" ", ""))
        elif entries and (not toc or entries[0][0] == toc[-1][0] + 1) and _is_toc_run(lines, index):
            toc.extend(entries)
        elif len(entries) == 1 and not toc and not selected and _is_selected(entries[0], work):
            selected = entries  # a select copied as its chosen option only
        elif line and not chrome.is_site_chrome(line) and not _SIZE_BUTTONS.match(line):
            break
        index += 1
    end = _story_end(lines, index, toc)
    units = structure.drop_chrome(structure.split_units("\n".join(lines[index:end])))
    heading_number, heading_title = None, None
    titles = {title.casefold(): number for number, title in toc}
    if units and (heading := conventions.chapter_heading(units[0].text))[0]:
        heading_title = heading[1]
        digits = re.match(r"\D*(\d+)", units[0].text)
        heading_number = int(digits[1]) if digits else None
        units = units[1:]
    elif units and units[0].text.casefold() in titles and len(titles) > 1:
        # The author repeated the chapter's title above its text.
        heading_title, heading_number = units[0].text, titles[units[0].text.casefold()]
        units = units[1:]
    chapter = structure.read_chapter(units, heading_title)
    work.chapters = [chapter]
    if selected and not toc:
        number, title = selected[0]
        chapter.title = chapter.title or conventions.strip_numbering(title) or None
        if (work.story_chapters or 1) > 1:
            work.chapter_number = number
    if len(toc) > 1:
        shown = _current_chapter(toc, heading_number, heading_title, navigation)
        if shown is not None:
            work.chapter_number, work.story_chapters = shown, len(toc)
            chapter.title = conventions.strip_numbering(dict(toc)[shown]) or None
    return structure.finish(work, fallback_title=fallback_title)


def _is_selected(entry: tuple[int, str], work: ParsedWork) -> bool:
    """'3. Title' alone under the toolbar: the chapter select's chosen option, when the story
    has that many chapters."""
    return 1 <= entry[0] <= (work.story_chapters or 1) and len(entry[1]) <= 100


def _is_toc_run(lines: list[str], index: int) -> bool:
    """A numbered line belongs to the chapter select when it is one of a run numbered from 1
    (a story paragraph that starts "1." stands alone among sentences)."""
    entries = _toc(lines[index].strip())
    if len(entries) > 1:
        return entries[0][0] == 1
    start = index
    while start > 0 and _toc(lines[start - 1].strip()):
        start -= 1
    run_end = index
    while run_end + 1 < len(lines) and _toc(lines[run_end + 1].strip()):
        run_end += 1
    numbers = [_toc(lines[i].strip())[0][0] for i in range(start, run_end + 1)]
    return run_end > start and numbers == list(range(1, len(numbers) + 1))


def _story_end(lines: list[str], start: int, toc: list[tuple[int, str]]) -> int:
    """Where the page around the story begins again: navigation, the select, reviews."""
    toc_lines = {f"{number}. {title}" for number, title in toc}
    for index in range(start, len(lines)):
        line = " ".join(lines[index].split())
        if (
            _NAVIGATION.match(line)
            or _PAGE_FOOT.match(line)
            or (line in toc_lines and _is_toc_run(lines, index))
            or (len(_toc(line)) > 1 and _toc(line)[0][0] == 1)
        ):
            return index
    return len(lines)


def _current_chapter(
    toc: list[tuple[int, str]],
    heading_number: int | None,
    heading_title: str | None,
    navigation: set[str],
) -> int | None:
    """Which chapter the page shows: its own heading, else the one its select names, else
    what the buttons tell (only "Next >": the first; only "< Prev": the last)."""
    numbers = [number for number, _ in toc]
    if heading_title:
        for number, title in toc:
            if title.casefold() == heading_title.casefold():
                return number
    if heading_number in numbers:
        return heading_number
    if navigation == {"next>"}:
        return 1
    if navigation == {"<prev"}:
        return numbers[-1]
    if navigation == {"<prev", "next>"} and len(numbers) == 3:
        return numbers[1]  # neither first nor last of three
    return None
