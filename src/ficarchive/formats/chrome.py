"""The site around a story, in any format: reader toolbars, navigation, breadcrumbs, pointers to
other parts and requests for feedback; none of it is story text."""

from __future__ import annotations

import re

# FanFiction.Net's reader toolbars over the years: "full 3/4 1/2 skin light dark",
# "+ Font Size - Font Size Full 3/4 1/2 Expand Tighten".
_TOOLBAR_WORDS = {
    "full", "3/4", "1/2", "skin", "light", "dark", "font", "size", "+", "-", "expand",
    "tighten", "a", "a+", "a-", "width", "text", "sepia",
}  # fmt: skip


_SITE_CHROME = re.compile(
    r"^(?:<<\s*|<\s*)?(?:prev(?:ious)?|next)(?:\s+chapter)?(?:\s*>>|\s*>)?$"
    r"|^(?:follow/fav|fav|review|reviews|back to top|print|report abuse|share|top)$"
    r"|^(?:please drop by the archive and comment|leave a comment|post review)\b.*$"
    r"|^(?:please\s+)?(?:read\s+and\s+review|r\s*&\s*r|review,?\s+please)[\s.!]*$",
    re.IGNORECASE,
)


# Links between an entry's parts or back up the site, as authors and hand-made pages
# write them: "« Part 1 | Part 3 »", "<< Prev | Index | Next >>", "Back to Poetry · Home".
_NAV_SEPARATOR = re.compile(r"\s+[|·•]\s+|\s*\|\s*")


_NAV_ARROWS = "«»‹›←→<>"


_NAV_PIECE = re.compile(
    r"^(?:prev(?:ious)?|next|home|index|contents|table\s+of\s+contents|top|up|main\s+page|"
    r"master\s*post|masterlist|(?:back|return)(?:\s+to\b.{1,40})?|"
    r"(?:prev(?:ious)?|next|first|last)\s+(?:part|chapter|page|entry)|"
    r"(?:part|chapter|ch\.?|page)\s+\w{1,12}(?:\s*/\s*\w{1,4})?)$",
    re.IGNORECASE,
)


# "Ithilien Scriptorium > Fiction > Tengwa by Tengwa": where the page sits in its site.
_BREADCRUMB = re.compile(r"^[^>»›.!?]{1,50}(?:\s+[>»›]\s+[^>»›]{1,60}){2,}$")


# An entry's pointer to the part before or after it: "Continued in part two.", "Part one
# is here.", "Next part: The Primer". Only at the edges of the text.
_PART_POINTER = re.compile(
    r"^(?:(?:to\s+be\s+)?continued|concluded)\s+(?:in|on|at|with)\b.{0,60}$"
    r"|^(?:on|onward|go|continue)\s+to\s+(?:the\s+next\s+)?(?:part|chapter)\b.{0,40}$"
    r"|^(?:next|previous|prev)\s+(?:part|chapter)\b.{0,60}$"
    r"|^(?:part|chapter)\s+\w{1,12}\s+(?:is\s+)?(?:here|next|to\s+follow|coming\s+soon)\b.{0,30}$",
    re.IGNORECASE,
)


# What an author writes under the story asking for word back: "Feedback welcome!",
# "Comments are always welcome: me@example.org", "Please send C&C to ...".
_FEEDBACK = re.compile(
    r"^(?:please\s+)?(?:send\s+)?(?:any\s+|all\s+)?"
    r"(?:feedback|comments?|concrit|c\s*&\s*c|reviews?|e-?mail\s+me|write\s+to\s+me)\b",
    re.IGNORECASE,
)


_FEEDBACK_WORDS = 40


def is_toolbar(text: str) -> bool:
    tokens = text.lower().split()
    return (
        len(tokens) >= 3
        and all(token in _TOOLBAR_WORDS for token in tokens)
        and any(token.isalnum() for token in tokens)  # "+ + +" is a scene break
    )


def is_site_chrome(text: str) -> bool:
    stripped = text.strip()
    return (
        bool(_SITE_CHROME.match(stripped) or _BREADCRUMB.match(stripped))
        or is_toolbar(text)
        or is_navigation(stripped)
    )


def is_navigation(text: str) -> bool:
    """A line of links to other parts or pages: separated pieces, or one with an arrow."""
    pieces = [piece.strip(f" {_NAV_ARROWS}[]():-–—") for piece in _NAV_SEPARATOR.split(text)]
    pieces = [piece for piece in pieces if piece]
    if not pieces or (len(pieces) < 2 and not any(arrow in text for arrow in _NAV_ARROWS)):
        return False  # "Part Two" alone is a heading, not a link
    return len(text) <= 120 and all(_NAV_PIECE.match(piece) for piece in pieces)


def is_part_pointer(text: str) -> bool:
    """A link to the entry's previous or next part, in words: "Continued in part two.",
    "(continued in Part 2)"."""
    return bool(_PART_POINTER.match(text.strip().strip("()[]").strip()))


def is_feedback_request(text: str) -> bool:
    """The author's plea for feedback or address under the story, not the story itself."""
    return bool(_FEEDBACK.match(text.strip())) and len(text.split()) <= _FEEDBACK_WORDS
