"""What a person's browser sends with a guest form (core/humans.py): the token its page
carried, issued a while before, and the honeypot left empty."""

from __future__ import annotations

import time

from ficarchive.core.humans import human_token


def as_a_person(seconds_ago: float = 30) -> dict[str, str]:
    return {"issued": human_token(time.time() - seconds_ago), "website": ""}
