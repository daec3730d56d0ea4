"""The languages a work may be written in: ISO 639-1 codes, each shown by its own name.

AO3 lists languages by their own names ("Français", not "French"); so does the posting form's
menu, every blurb and the work page. Imports map a source's words onto these codes
(formats/structure.py); a code outside the list (an imported "pt-BR") is kept, and shown by
its language's name when its first part is one of these.
"""

from __future__ import annotations

LANGUAGES: tuple[tuple[str, str], ...] = (
    ("af", "Afrikaans"), ("ar", "العربية"), ("bg", "Български"), ("ca", "Català"),
    ("cs", "Čeština"), ("cy", "Cymraeg"), ("da", "Dansk"), ("de", "Deutsch"),
    ("el", "Ελληνικά"), ("en", "English"), ("eo", "Esperanto"), ("es", "Español"),
    ("et", "Eesti"), ("eu", "Euskara"), ("fa", "فارسی"), ("fi", "Suomi"),
    ("fr", "Français"), ("ga", "Gaeilge"), ("gl", "Galego"), ("he", "עברית"),
    ("hi", "हिन्दी"), ("hr", "Hrvatski"), ("hu", "Magyar"), ("id", "Bahasa Indonesia"),
    ("is", "Íslenska"), ("it", "Italiano"), ("ja", "日本語"), ("ko", "한국어"),
    ("la", "Lingua latina"), ("lt", "Lietuvių"), ("lv", "Latviešu"), ("ms", "Bahasa Melayu"),
    ("nl", "Nederlands"), ("no", "Norsk"), ("pl", "Polski"), ("pt", "Português"),
    ("ro", "Română"), ("ru", "Русский"), ("sk", "Slovenčina"), ("sl", "Slovenščina"),
    ("sr", "Српски"), ("sv", "Svenska"), ("th", "ไทย"), ("tl", "Tagalog"),
    ("tr", "Türkçe"), ("uk", "Українська"), ("vi", "Tiếng Việt"), ("zh", "中文"),
)  # fmt: skip

_NAMES = dict(LANGUAGES)
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he"})


def primary_subtag(code: str) -> str:
    """'pt-BR' -> 'pt': the language itself, without region or script."""
    return code.split("-", 1)[0].casefold()


def language_name(code: str) -> str:
    """A code shown by its language's own name; an unknown code as it is."""
    return _NAMES.get(code.casefold()) or _NAMES.get(primary_subtag(code)) or code


def language_choices(current: str = "") -> list[tuple[str, str]]:
    """The posting form's menu, sorted by name as readers look for them; a stored code
    outside the list stays choosable, so editing a work never changes its language."""
    choices = sorted(LANGUAGES, key=lambda item: item[1].casefold())
    if current and current not in _NAMES:
        choices.insert(0, (current, f"{language_name(current)} ({current})"))
    return choices


def text_direction(code: str) -> str:
    return "rtl" if primary_subtag(code) in RIGHT_TO_LEFT else "ltr"
