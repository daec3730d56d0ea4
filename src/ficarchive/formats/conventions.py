"""How fan fiction marks its parts in any format: notes, scene breaks, headings, betas.

Shared by every parser, so "A/N:", "* * *" or "Chapter Three – Title" mean the same
thing whether they came from text, HTML or an EPUB.
"""

from __future__ import annotations

import re
import unicodedata

_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_NUMBER = rf"\d+|[ivxlc]+|{'|'.join(_NUMBER_WORDS)}"

# Glyphs an author may centre alone between scenes: "~", "*", "§", "〜", "❦" (full-width
# forms such as "＊＊＊" are compared as their ASCII twins).
_BREAK_GLYPHS = "*~#§•◇◆○●◎☆★※⁂⁕❖❦❧✿❀✦✧✶♦♥♠♣♪〜□■"
# A line made only of ornament: *****, * * *, ~~~, ###, ____, -oOo-, x-X-x, xXx, -o0o-.
_ORNAMENT = re.compile(rf"^[\s*~#_=+\-–—.•·§oO0xX<>|/\\{_BREAK_GLYPHS}]+$")
_HAS_SYMBOL = re.compile(rf"[*~#_=+\-–—•·§<>|/\\{_BREAK_GLYPHS}]")
_ONLY_XO = re.compile(r"^(?:[xX]+|[oO0]+)+$")

_NOTE_START = re.compile(
    r"""^[\s(\[{]*(?:
        A\s?/\s?N | A\.N\. | AN(?=\s*[:\-–—]) | N\s?/\s?A(?=\s*:) | (?i:note\s+de\s+l['’]auteure?) |
        (?i:authou?r['’]?s['’]?\s+notes?) | (?i:author\s+notes?) | (?i:notes?(?=\s*[:\-–—]))
    )\s*[:\-–—.]?\s*""",
    re.VERBOSE,
)
_DISCLAIMER_START = re.compile(r"^[\s(\[{]*(?i:disclaimer)\s*[:\-–—.]\s*")

_CHAPTER_HEADING = re.compile(
    rf"""^(?:chapter|chap\.?|ch\.|part|chapitre|capítulo|capitulo|cap\.|capitolo|kapitel|
        hoofdstuk|rozdział|kapitola|luku|kapittel|глава|partie|parte|teil)\s+
        (?P<number>{_NUMBER})\b
        (?:\s*(?:/|of)\s*(?:{_NUMBER})\b)?   # "Part 1 of 2", "Chapter 3/10"
        (?:\s*[:.\-–—]+\s*(?P<title>.*\S))?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_NAMED_HEADING = re.compile(
    r"^(?P<title>prologue|epilogue|interlude|coda)(?:\s*[:.\-–—]+\s*(?P<rest>.*\S))?\s*$",
    re.IGNORECASE,
)
_NUMBERED_TITLE = re.compile(r"^\d{1,3}\.\s+(?P<title>\S.*)$")

_SIGN_OFF = re.compile(
    r"^[\s~*\-=.]*(?:the\s+end|fin|finis|end|tbc|to\s+be\s+continued|complete)[\s~*\-=.!?]*$",
    re.IGNORECASE,
)
# "End Part 1", "End of Chapter Three", "End part one of two": where a part stops.
_PART_END = re.compile(
    rf"^[\s~*\-=.(\[]*end\s+(?:of\s+)?(?:part|chapter|ch\.?)\s+(?:{_NUMBER})"
    rf"(?:\s*(?:/|of)\s*(?:{_NUMBER}))?[\s~*\-=.!)\]]*$",
    re.IGNORECASE,
)

_BETA_PATTERNS = [
    re.compile(
        r"thanks?(?:\s+(?:so\s+much|a\s+lot|again))?\s+(?:you\s+)?to\s+"
        r"(?:my\s+(?:\w+\s+){0,2}betas?,?\s+)?"
        # An initial's full stop ("Petra K.") is part of the name, not the sentence's end.
        r"(?P<names>(?:[^.!;()]|(?<=\b[A-Z])\.|\([^()]*\))+?)\s+for\s+"
        r"(?:(?:the|a)\s+)?(?:[\w-]+\s+)?beta(?:ing|-?reading|['’]?ing|\s+reading|\s+read)?\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\bbeta(?:['’]?d|ed|-?read|\s+read|-?reader|\s+reader)?\s+by:?\s+"
        r"(?P<names>[^,.!;()—–]+?)(?=\s*(?:[,.!;()—–]|\s-\s|$|\bwho\b))",
        re.IGNORECASE,
    ),
    # "Thanks to my beta, Perpetua_Q, who wrangled my commas."
    re.compile(
        r"\bmy\s+(?:\w+\s+)?betas?(?:[- ]?readers?)?,\s+"
        r"(?P<names>[^,.!;()—–]+?)(?=\s*(?:[,.!;()—–]|\s-\s|$|\bwho\b|\bfor\b))",
        re.IGNORECASE,
    ),
    re.compile(r"\bbetas?(?:\s+reader)?\s*:\s*(?P<names>[^,.!;()]+)", re.IGNORECASE),
]
# "the lovely Mireille", "my wonderful beta Corvid": the praise before a name.
_PRAISE = re.compile(
    r"^(?:(?:the|my|our)\s+)?(?:(?:lovely|wonderful|amazing|awesome|fabulous|fantastic|"
    r"brilliant|great|incredible|excellent|marvell?ous|sweet|dear|ever-?patient|patient|"
    r"talented|darling|beautiful|glorious|super|tireless|long-?suffering)\s+)+",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*(?:,|&|\band\b)\s*(?:to\s+)?")


def is_scene_break(line: str) -> bool:
    """A line drawn only to separate scenes, in any of the usual styles."""
    stripped = unicodedata.normalize("NFKC", line).strip()
    if stripped and all(char in _BREAK_GLYPHS for char in stripped.replace(" ", "")):
        return True
    if len(stripped.replace(" ", "")) < 3:
        return False  # "--", "xo", "..": too little to be drawn on purpose
    if not _ORNAMENT.match(stripped):
        return False
    squeezed = stripped.replace(" ", "")
    return bool(_HAS_SYMBOL.search(squeezed)) or (
        bool(_ONLY_XO.match(squeezed)) and not squeezed.isupper() and not squeezed.islower()
    )


def note_body(text: str) -> str | None:
    """The note's text when the paragraph is an author's note ("A/N: …", "{AN: …}"), else None."""
    match = _NOTE_START.match(text)
    if not match:
        return None
    body = text[match.end() :].strip()
    if text.lstrip().startswith(("(", "[", "{")):
        body = body.rstrip(")]} ")
    return body


def disclaimer_body(text: str) -> str | None:
    match = _DISCLAIMER_START.match(text)
    return text[match.end() :].strip() if match else None


def chapter_heading(text: str) -> tuple[bool, str | None]:
    """(is it a heading, its title without the numbering) for "Chapter 3: Title" and kin."""
    stripped = " ".join(text.split())
    if len(stripped) > 120:
        return False, None
    match = _CHAPTER_HEADING.match(stripped)
    if match:
        return True, (match.group("title") or None)
    named = _NAMED_HEADING.match(stripped)
    if named:
        title = named.group("title").capitalize()
        rest = named.group("rest")
        return True, f"{title}: {rest}" if rest else title
    return False, None


def strip_numbering(title: str) -> str:
    """FanFiction.Net's "3. Salt Roads" and "Chapter 3: Salt Roads" give "Salt Roads"."""
    is_heading, heading_title = chapter_heading(title)
    if is_heading:
        return heading_title or ""
    match = _NUMBERED_TITLE.match(title.strip())
    if not match:
        return title.strip()
    # "1. Chapter 1", as the select shows a chapter its author only numbered: no title.
    rest = match.group("title").strip()
    is_heading, heading_title = chapter_heading(rest)
    return (heading_title or "") if is_heading else rest


def is_sign_off(text: str) -> bool:
    return bool(_SIGN_OFF.match(text))


def is_part_end(text: str) -> bool:
    """A line marking where a part or chapter stops ("End Part 1"): never story text."""
    return bool(_PART_END.match(text.strip()))


def beta_names(notes: str) -> list[str]:
    """Beta readers credited in a note: "Thanks to X for betaing", "Beta'd by X", "beta: X"."""
    names: list[str] = []
    for pattern in _BETA_PATTERNS:
        for match in pattern.finditer(notes):
            for name in _NAME_SPLIT.split(match.group("names")):
                name = _PRAISE.sub("", name.strip(" '\"“”"))
                if (
                    name
                    and len(name) <= 60
                    and len(name.split()) <= 4  # a name, not a clause the pattern overran
                    and name.casefold() not in {n.casefold() for n in names}
                ):
                    names.append(name)
    return names
