"""A Twisting the Hellmouth story page copied or saved as text, the site around it included.

Top to bottom: the site's banner and menu ("Twisting The Hellmouth ... Home | Browse | ..."),
the title, "by Author" or labelled fields ("Title", "Author", "Rating", "Summary", with a
colon or a tab), "Large Print  Handheld", the header table (a row of column names over a row
of values, cells apart by tabs), the chapter select (every "N. Title" option, or only the one
shown), the site's disclaimer, the chapter heading, the chapter, then "Previous Chapter" /
"Next Chapter", the story's actions (Story, Review, Tracking, Recommend, Report) and the
footer. The header table is what identifies such a page: the rest is found around it.
"""

from __future__ import annotations

import re

from ficarchive.formats import chrome, conventions, fields, structure, tth_stats
from ficarchive.formats.model import ParsedChapter, ParsedWork

_CELL_SPLIT = re.compile(r"\s{2,}")
_LABELLED = re.compile(r"^(?P<label>[A-Za-z][A-Za-z' ]{0,24}?)\s*(?::|\t|:?$)\s*(?P<value>.*)$")
_BY = re.compile(r"^by:?\s+(?P<authors>\S.*)$", re.IGNORECASE)
_SERIES = re.compile(r"^This story is No\.\s*\d+ in the series\b", re.IGNORECASE)
_FORMAT_LINKS = {"large", "print", "handheld", "|"}
# One option a line, or a whole select copied onto one line ("1. Wrong Side 2. Grave Dirt").
_OPTION = re.compile(r"(?:^|\s)(?P<number>\d{1,3})\.\s+(?P<title>\S.*?)(?=\s+\d{1,3}\.\s|$)")
_NAVIGATION = re.compile(
    r"^(?:[<«]+\s*)?(?:previous|prev|next)(?:\s+chapter)?(?:\s*[>»]+)?$", re.IGNORECASE
)
# The story's actions under the text, copied as one run ("StoryReviewTracking") or apart.
_ACTIONS = re.compile(
    r"^(?:[\s|]*(?:review\s+this\s+story|recommend(?:\s+this\s+story)?|report(?:\s+this\s+story)?"
    r"|story|reviews?|tracking|statistics|related\s+stories))+[\s|]*$",
    re.IGNORECASE,
)
_SITE_NAME = re.compile(r"^Twisting\s+The\s+Hellmouth\b", re.IGNORECASE)
# "Chapter Five": how TtH's chapter headings often spell the number.
_NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split(),
        start=1,
    )
}
# Labels a TtH page sets above its table (notes and disclaimers are the chapter's, below).
_ABOVE_LABELS = {"title", "author", "rating", "summary", "fandom", "tag", "language"}


def _cells(line: str) -> list[str]:
    """A table row's cells: apart by tabs as browsers copy them (an empty cell kept in its
    place), else by runs of spaces."""
    row = line.strip(" \r\n")
    if "\t" in row:
        cells = [cell.strip() for cell in row.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        return cells
    return [cell for cell in _CELL_SPLIT.split(row.strip()) if cell]


def find_table(lines: list[str]) -> tuple[int, int] | None:
    """(names row, values row) of the header table, when the text is a whole TtH page."""
    for index, line in enumerate(lines[:120]):
        if not tth_stats.is_header_row(_cells(line)):
            continue
        below = next((i for i in range(index + 1, len(lines)) if lines[i].strip()), None)
        if below is not None and len(_cells(lines[below])) == len(_cells(line)):
            return index, below
    return None


def is_tth_text(text: str) -> bool:
    """The header table, and the site's name or its FR ratings above the story."""
    lines = text.split("\n")
    found = find_table(lines)
    if found is None:
        return False
    head = lines[: found[1] + 1]
    return any(_SITE_NAME.match(line.strip()) for line in head) or any(
        tth_stats.RATING.match(word) for line in head for word in _cells(line) + line.split()
    )


def parse(text: str, *, fallback_title: str) -> ParsedWork:
    lines = text.split("\n")
    found = find_table(lines)
    assert found is not None, "callers check is_tth_text first"
    names_at, values_at = found
    work = ParsedWork(title="", source_format="text", chapters=[], source_site=tth_stats.SITE)
    work.source_url = tth_stats.story_url(text)
    _read_above(lines[:names_at], work)
    columns = dict(zip(_cells(lines[names_at]), _cells(lines[values_at]), strict=True))
    categories = next(
        (v for k, v in columns.items() if k.casefold() in {"categories", "category"}), ""
    )
    tth_stats.apply_table(columns, work, categories=_category_paths(categories))

    index, options = _read_select(lines, values_at + 1)
    end = _story_end(lines, index)
    navigation = {
        "next" if piece.casefold().lstrip("<« ").startswith("next") else "previous"
        for line in lines[end:]
        for piece in line.split("|")
        if _NAVIGATION.match(piece.strip())
    }
    units = structure.drop_chrome(structure.split_units("\n".join(lines[index:end])))
    heading, units = _heading(units, options, work.title)
    chapter = structure.read_chapter(units, heading[1] if heading else None)
    work.chapters = [chapter]
    _place_chapter(work, chapter, options, heading, navigation)
    return structure.finish(work, fallback_title=fallback_title)


def _read_above(lines: list[str], work: ParsedWork) -> None:
    """Title, authors, rating and summary from the lines above the header table."""
    summary: list[str] | None = None
    pending: str | None = None  # a label alone on its line: its value is on the next one
    for raw in lines:
        line = " ".join(raw.split())
        if not line or _is_chrome_above(line):
            continue
        label, value = _label(raw)
        if pending is not None:
            label, value, pending = pending, line, None
        elif label is not None and not value:
            pending = label
            continue
        if label == "summary":
            summary = [value]
        elif label == "title":
            work.title = value  # the labelled title outranks the heading above it
        elif label is not None:
            fields.apply_field(work, label, value)
        elif by := _BY.match(line):
            work.creators = work.creators or fields.split_values(by["authors"])
        elif summary is not None:
            summary.append(line)  # the summary's later paragraphs
        else:
            work.title = work.title or line
    if summary:
        work.summary = " ".join(" ".join(summary).split()) or None


def _label(raw: str) -> tuple[str | None, str]:
    """("summary", "A door...") for "Summary:<tab>A door..."; (None, "") for other lines."""
    match = _LABELLED.match(raw.strip())
    if match is None:
        return None, ""
    label = fields.HEADER_LABELS.get(match["label"].strip().casefold())
    if label not in _ABOVE_LABELS:
        return None, ""
    return label, " ".join(match["value"].split())


def _is_chrome_above(line: str) -> bool:
    """The banner and menu, the format links, the series line."""
    return (
        bool(_SITE_NAME.match(line))
        or line.count("|") >= 3
        or set(line.casefold().split()) <= _FORMAT_LINKS
        or bool(_SERIES.match(line))
        or chrome.is_site_chrome(line)
    )


def _category_paths(value: str) -> list[str]:
    return [path.strip() for path in re.split(r"\s*[,;]\s*", value) if path.strip()]


def _read_select(lines: list[str], index: int) -> tuple[int, list[tuple[int, str]]]:
    """The chapter select under the table: its options, and where the text after it starts."""
    options: list[tuple[int, str]] = []
    while index < len(lines):
        line = " ".join(lines[index].split())
        found = _options(line)
        if found and (not options or found[0][0] > options[-1][0]):
            options.extend(found)
        elif line and not set(line.casefold().split()) <= _FORMAT_LINKS:
            break
        index += 1
    return index, options


def _options(line: str) -> list[tuple[int, str]]:
    """A line's options: "4. Cold Iron", or "1. A 2. B 3. C" (a select copied onto one line)."""
    found = [(int(m["number"]), m["title"]) for m in _OPTION.finditer(line)]
    if not found or not line.startswith(f"{found[0][0]}."):
        return []
    numbers = [number for number, _ in found]
    if numbers != list(range(numbers[0], numbers[0] + len(found))):
        found = [(numbers[0], line.split(".", 1)[1].strip())]  # one title with "2. " inside
    return [(number, conventions.strip_numbering(f"{number}. {title}")) for number, title in found]


# The page under a story: the end-of-story message, the notes switch, and the site's own
# disclaimer (a paragraph the browser may have wrapped over several lines).
_PAGE_UNDER = re.compile(
    r"^(?:you have reached the end of\b.*|hide author['’]s notes\s*/\s*show author['’]s notes"
    r"|(?:the\s+)?buffyverse characters are the property of\b.*"
    r"|(?:powered by efiction|site map|terms of service|privacy policy)\b.*)$",
    re.IGNORECASE,
)


def _story_end(lines: list[str], start: int) -> int:
    """Where the page around the story starts again: navigation, actions, footer, read
    from the bottom up so that a story's own line can never end it early."""
    end = len(lines)
    while end > start:
        # A paragraph of the page below the story, whole (however the browser wrapped it).
        top = end
        while top > start and lines[top - 1].strip():
            top -= 1
        paragraph = " ".join(" ".join(lines[top:end]).split())
        if paragraph and top < end and _PAGE_UNDER.match(paragraph):
            end = top
            continue
        line = " ".join(lines[end - 1].split())
        pieces = [piece.strip() for piece in line.split("|") if piece.strip()]
        if (
            line
            and not _SITE_NAME.match(line)
            and not _ACTIONS.match(line)
            and not (pieces and all(_NAVIGATION.match(piece) for piece in pieces))
            and line.count("|") < 3
        ):
            break
        end -= 1
    return end


def _heading(
    units: list[structure.Unit], options: list[tuple[int, str]], story_title: str
) -> tuple[tuple[int | None, str | None] | None, list[structure.Unit]]:
    """The chapter heading over the text ("Chapter Five: Title", or the option's title), found
    under the site's disclaimer: (its number, its title), and the units without it. A heading
    that only repeats the story's title is dropped and gives none."""
    titles = {title.casefold() for _, title in options}
    for position, unit in enumerate(units[:4]):
        is_heading, title = conventions.chapter_heading(unit.text)
        if unit.text.casefold() == story_title.casefold():
            return None, [*units[:position], *units[position + 1 :]]
        if is_heading or unit.text.casefold() in titles:
            number = _heading_number(unit.text) if is_heading else None
            return (number, title if is_heading else unit.text), [
                *units[:position],
                *units[position + 1 :],
            ]
        if (
            conventions.disclaimer_body(unit.text) is None
            and conventions.note_body(unit.text) is None
            and not conventions.is_scene_break(unit.text)
        ):
            break
    return None, units


def _heading_number(text: str) -> int | None:
    word = text.split()[1].rstrip(":.-–—").casefold() if len(text.split()) > 1 else ""
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def _place_chapter(
    work: ParsedWork,
    chapter: ParsedChapter,
    options: list[tuple[int, str]],
    heading: tuple[int | None, str | None] | None,
    navigation: set[str],
) -> None:
    """Which chapter of how many the page shows, and its title as the select names it."""
    total = work.story_chapters or (options[-1][0] if options else None)
    if not total or total < 2:
        return
    number = _shown_chapter(options, heading, navigation, total)
    if number is None:
        return
    work.chapter_number, work.story_chapters = number, total
    chapter.title = dict(options).get(number) or chapter.title


def _shown_chapter(
    options: list[tuple[int, str]],
    heading: tuple[int | None, str | None] | None,
    navigation: set[str],
    total: int,
) -> int | None:
    """The heading's title among the options, else its number, else the one option a copy of
    the select kept, else what the buttons say (only "Next": the first; only "Previous": the
    last)."""
    heading_number, heading_title = heading or (None, None)
    if heading_title:
        for number, title in options:
            if title.casefold() == heading_title.casefold():
                return number
    if heading_number is not None and 1 <= heading_number <= total:
        return heading_number
    if len(options) == 1:
        return options[0][0]
    if navigation == {"next"}:
        return 1
    if navigation == {"previous"}:
        return total
    return None
