from __future__ import annotations

import pytest

from ficarchive.reader.preferences import ReaderPreferences


def test_defaults_follow_the_device_skin() -> None:
    prefs = ReaderPreferences()
    assert (prefs.width, prefs.skin, prefs.size, prefs.spacing, prefs.font) == (
        "auto", "auto", 10, 150, "serif",
    )  # fmt: skip


def test_cookie_round_trip() -> None:
    prefs = ReaderPreferences(width="half", skin="dark", size=13, spacing=175, font="sans")
    assert ReaderPreferences.from_cookie(prefs.to_cookie()) == prefs


@pytest.mark.parametrize(
    "cookie",
    ["width=huge&skin=neon&size=99&spacing=3&font=comic", "garbage", "size=abc", "%%%", ""],
)
def test_tampered_cookie_falls_back_to_defaults(cookie: str) -> None:
    assert ReaderPreferences.from_cookie(cookie) == ReaderPreferences()


def test_size_steps_by_a_tenth_and_stops_at_the_edges() -> None:
    prefs = ReaderPreferences(size=19)
    prefs = prefs.changed("size", "larger")
    assert prefs.size == 20
    assert prefs.changed("size", "larger").size == 20
    assert ReaderPreferences(size=8).changed("size", "smaller").size == 8


def test_spacing_moves_between_fixed_steps() -> None:
    prefs = ReaderPreferences()
    assert prefs.changed("spacing", "looser").spacing == 175
    assert prefs.changed("spacing", "tighter").changed("spacing", "tighter").spacing == 125


def test_invalid_choice_changes_nothing() -> None:
    prefs = ReaderPreferences(width="half")
    assert prefs.changed("width", "'><script>") == prefs
    assert prefs.changed("colour", "red") == prefs


def test_controls_mark_the_current_choice() -> None:
    groups = {g["name"]: g for g in ReaderPreferences(width="half").controls}
    pressed = {o["value"]: o["pressed"] for o in groups["width"]["options"]}
    assert pressed == {"auto": "false", "full": "false", "three-quarters": "false", "half": "true"}


def test_first_visit_shows_the_auto_width_and_skin_as_chosen() -> None:
    groups = {g["name"]: g for g in ReaderPreferences().controls}
    for name in ("width", "skin"):
        chosen = [o["value"] for o in groups[name]["options"] if o["pressed"] == "true"]
        assert chosen == ["auto"], name


def test_every_skin_can_be_chosen_and_kept() -> None:
    for skin in ("auto", "light", "dark", "sepia", "contrast"):
        prefs = ReaderPreferences(skin="dark").changed("skin", skin)
        assert ReaderPreferences.from_cookie(prefs.to_cookie()).skin == skin


def test_only_the_width_group_is_left_out_on_phones() -> None:
    wide = [g["name"] for g in ReaderPreferences().controls if g["desktop_only"]]
    assert wide == ["width"]
