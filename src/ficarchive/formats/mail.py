"""Stories posted to mailing lists and Usenet, saved from a list archive as text.

Such a file is one message: its headers (From:, To:, Subject:, Date:) until the first blank
line, then the story with its own header (TITLE:, AUTHOR:, ...), then perhaps a signature
under a "-- " line. The message's headers are not the story's, but they say who posted it,
when, and under what subject, which stand in for an author, date and title the story omits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from email.utils import parseaddr, parsedate_to_datetime

from ficarchive.formats.fields import parse_date

_HEADER = re.compile(r"^(?P<name>[A-Za-z][A-Za-z0-9-]{1,40}):(?:\s+(?P<value>.*))?$")
# RFC 5322 and Usenet (RFC 5536) header fields a saved message shows; X-... as well.
_MAIL_HEADERS = {
    "from", "to", "cc", "subject", "date", "newsgroups", "message-id", "reply-to", "sender",
    "organization", "lines", "path", "references", "in-reply-to", "mime-version",
    "content-type", "content-transfer-encoding", "list-id", "return-path", "received",
    "precedence", "followup-to", "nntp-posting-host", "xref", "user-agent", "mailing-list",
}  # fmt: skip
# "From someone@example.net Sat Mar 14 22:41:07 1998": an mbox file's separator line.
_MBOX_FROM = re.compile(r"^From \S+ .*\d{4}\s*$")
# Announcement tags lists put before a story's subject: "[senfic] NEW: FIC: Tidewater".
_SUBJECT_TAGS = re.compile(
    r"^(?:\s*(?:\[[^\]]{1,40}\]|(?:re|fwd?|new|fic|story|repost|part|announce|ann)\s*:))+\s*",
    re.IGNORECASE,
)
# What follows the title in a subject: a part count, a rating or pairing in brackets.
_SUBJECT_TAIL = re.compile(r"\s+(?:\d+\s*/\s*\d+|\(|\[|-\s).*$")
# RFC 3676's signature separator; many clients lose its trailing space.
_SIGNATURE_LINE = re.compile(r"^--\s?$")
# A signature is a few lines; a "--" higher up than this is the story's own.
_SIGNATURE_LINES = 8


@dataclass(frozen=True)
class Message:
    """What a message's headers say about the story it carries."""

    sender: str | None
    subject_title: str | None
    sent: date | None


def split_message(text: str) -> tuple[Message | None, str]:
    """The message's headers and the text under them (signature removed), or (None, text)."""
    lines = text.split("\n")
    index = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if index < len(lines) and _MBOX_FROM.match(lines[index]):
        index += 1
    fields: dict[str, str] = {}
    last = ""
    while index < len(lines) and lines[index].strip():
        line = lines[index]
        match = _HEADER.match(line)
        if line[:1] in {" ", "\t"} and last:
            fields[last] += " " + line.strip()  # a folded header line
        elif match and _is_mail_header(match["name"]):
            last = match["name"].casefold()
            fields[last] = (match["value"] or "").strip()
        else:
            return None, text
        index += 1
    if "from" not in fields or not ({"subject", "date", "newsgroups"} & fields.keys()):
        return None, text
    message = Message(
        sender=parseaddr(fields["from"])[0].strip() or None,
        subject_title=_title_of(fields.get("subject", "")),
        sent=_sent(fields.get("date", "")),
    )
    return message, without_signature("\n".join(lines[index:]))


def _is_mail_header(name: str) -> bool:
    lowered = name.casefold()
    return lowered in _MAIL_HEADERS or lowered.startswith("x-")


def _title_of(subject: str) -> str | None:
    title = _SUBJECT_TAIL.sub("", _SUBJECT_TAGS.sub("", subject)).strip(" :-")
    return title or None


def _sent(value: str) -> date | None:
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return parse_date(value)


def without_signature(body: str) -> str:
    """The text without the signature a "-- " line sets off in its last few lines."""
    lines = body.rstrip().split("\n")
    for index in range(len(lines) - 1, max(len(lines) - _SIGNATURE_LINES, 0) - 1, -1):
        if _SIGNATURE_LINE.match(lines[index]):
            return "\n".join(lines[:index])
    return body
