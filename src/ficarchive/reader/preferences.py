"""The reader's display choices: width, skin, text size, line spacing and font.

Kept in a year-long cookie for guests and on the account for members, and applied by
the server in the first HTML so a page never flashes another skin or width.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, urlencode

COOKIE_NAME = "reader"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60

# "auto" is the readable measure (about 65 characters a line on any screen); Full, 3/4 and 1/2
# are FanFiction.Net's shares of the page. On a phone every width is the whole screen.
WIDTHS = {"auto": "Auto", "full": "Full", "three-quarters": "3/4", "half": "1/2"}
# "auto" follows the device's prefers-color-scheme; "contrast" is for low vision (AO3's Low
# Vision Default: large text, black on white, underlined links).
SKINS = {
    "auto": "Auto", "light": "Light", "dark": "Dark", "sepia": "Sepia", "contrast": "Contrast",
}  # fmt: skip
FONTS = {"serif": "Serif", "sans": "Sans"}
# Spelled out for screen readers where a short label is ambiguous ("Auto" twice).
HINTS = {
    ("width", "auto"): "Auto width", ("skin", "auto"): "Auto skin",
    ("skin", "contrast"): "High contrast",
}  # fmt: skip
SIZE_STEPS = range(8, 21)  # tenths of an em: 0.8 to 2.0, FanFiction.Net's ±0.1 em
SPACING_STEPS = (125, 150, 175, 200)  # hundredths: 1.25 to 2.0 by 0.25


@dataclass(frozen=True)
class ReaderPreferences:
    width: str = "auto"
    skin: str = "auto"
    size: int = 10
    spacing: int = 150
    font: str = "serif"

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> ReaderPreferences:
        """Valid values are kept, anything else falls back to the default."""
        default = cls()
        width = data.get("width")
        skin = data.get("skin")
        font = data.get("font")
        return cls(
            width=width if width in WIDTHS else default.width,
            skin=skin if skin in SKINS else default.skin,
            size=_int_in(data.get("size"), SIZE_STEPS, default.size),
            spacing=_int_in(data.get("spacing"), SPACING_STEPS, default.spacing),
            font=font if font in FONTS else default.font,
        )

    @classmethod
    def from_cookie(cls, value: str | None) -> ReaderPreferences:
        return cls.from_mapping(dict(parse_qsl(value or "")))

    def to_cookie(self) -> str:
        return urlencode(self.to_mapping())

    def to_mapping(self) -> dict[str, Any]:
        return asdict(self)

    def changed(self, setting: str, value: str) -> ReaderPreferences:
        """These preferences after one control was used; an invalid choice changes nothing."""
        if setting == "size":
            step = {"larger": 1, "smaller": -1}.get(value, 0)
            return replace(self, size=min(max(self.size + step, SIZE_STEPS[0]), SIZE_STEPS[-1]))
        if setting == "spacing" and value in {"looser", "tighter"}:
            index = SPACING_STEPS.index(self.spacing) + (1 if value == "looser" else -1)
            return replace(self, spacing=SPACING_STEPS[min(max(index, 0), len(SPACING_STEPS) - 1)])
        if setting == "reset":
            return ReaderPreferences()
        if setting == "width" and value in WIDTHS:
            return replace(self, width=value)
        if setting == "skin" and value in SKINS:
            return replace(self, skin=value)
        if setting == "font" and value in FONTS:
            return replace(self, font=value)
        return self

    @property
    def controls(self) -> list[dict[str, Any]]:
        """The toolbar's groups of buttons: choices know if they are current, steps if spent.
        Built once per combination of settings (a few thousand at most) and shared: every
        page's header draws the skin menu, so this is on every page's path."""
        return _controls(self)

    @property
    def skin_choices(self) -> list[dict[str, Any]]:
        """The skin buttons alone, for the menu every page's header carries."""
        return [group for group in self.controls if group["name"] == "skin"]


@cache
def _controls(preferences: ReaderPreferences) -> list[dict[str, Any]]:
    def choices(legend: str, name: str, options: dict[str, str], current: str) -> ControlGroup:
        return ControlGroup(legend, name, desktop_only=name == "width", options=[
            ControlOption(value, label, HINTS.get((name, value), ""),
                          pressed="true" if value == current else "false")
            for value, label in options.items()
        ])  # fmt: skip

    size, spacing = preferences.size, preferences.spacing
    return [
        choices("Width", "width", WIDTHS, preferences.width).as_dict(),
        choices("Skin", "skin", SKINS, preferences.skin).as_dict(),
        ControlGroup("Size", "size", [
            ControlOption("smaller", "A−", "Smaller text", size <= SIZE_STEPS[0]),
            ControlOption("larger", "A+", "Larger text", size >= SIZE_STEPS[-1]),
        ]).as_dict(),
        ControlGroup("Spacing", "spacing", [
            ControlOption("tighter", "Tighter", "Tighter line spacing",
                          spacing <= SPACING_STEPS[0]),
            ControlOption("looser", "Looser", "Looser line spacing", spacing >= SPACING_STEPS[-1]),
        ]).as_dict(),
        choices("Font", "font", FONTS, preferences.font).as_dict(),
    ]  # fmt: skip


@dataclass(frozen=True)
class ControlOption:
    """One toolbar button; `pressed` is "true"/"false" for choices and "" for steps."""

    value: str
    label: str
    hint: str = ""
    disabled: bool = False
    pressed: str = ""


@dataclass(frozen=True)
class ControlGroup:
    legend: str
    name: str
    options: list[ControlOption]
    # Width means nothing on a phone, where the text always takes the whole screen.
    desktop_only: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _int_in(value: object, allowed: range | tuple[int, ...], default: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return default
    return number if number in allowed else default
