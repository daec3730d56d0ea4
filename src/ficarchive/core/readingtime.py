"""How long a text takes to read, from its word count: the one estimate every page shows."""

from __future__ import annotations

WORDS_PER_MINUTE = 250


def reading_time(words: int) -> str:
    """'about 12 min', 'about 3 h 20 min', 'about 2 h'; at least a minute for any text."""
    if words <= 0:
        return ""
    minutes = max(1, round(words / WORDS_PER_MINUTE))
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"about {minutes} min"
    return f"about {hours} h {rest} min" if rest else f"about {hours} h"
