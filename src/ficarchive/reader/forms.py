from __future__ import annotations

from django import forms

from ficarchive.reader.preferences import (
    FONTS,
    SIZE_STEPS,
    SKINS,
    SPACING_STEPS,
    WIDTHS,
    ReaderPreferences,
)

SETTINGS = ("width", "skin", "size", "spacing", "font", "reset")


class PreferenceChangeForm(forms.Form):
    """One toolbar button press: which setting, what value, and where to go back to."""

    next = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in SETTINGS:
            self.fields[name] = forms.CharField(required=False, max_length=20)

    def change(self) -> tuple[str, str] | None:
        """The (setting, value) pressed, or None when the form names none."""
        for name in SETTINGS:
            value = self.cleaned_data.get(name)
            if value:
                return name, value
        return None


SKIN_DESCRIPTIONS = {"auto": "Auto (follow the device)", "contrast": "High contrast (large text)"}


class ReaderSettingsForm(forms.Form):
    """Every reader setting at once, for the account settings page."""

    skin = forms.ChoiceField(
        choices=[(value, SKIN_DESCRIPTIONS.get(value, label)) for value, label in SKINS.items()],
        widget=forms.RadioSelect,
    )
    width = forms.ChoiceField(
        choices=list(WIDTHS.items()),
        widget=forms.RadioSelect,
        help_text="Auto keeps lines at a comfortable length. On a phone the text always "
        "takes the whole screen.",
    )
    size = forms.TypedChoiceField(
        label="Text size",
        coerce=int,
        choices=[(step, f"{step * 10} %") for step in SIZE_STEPS],
    )
    spacing = forms.TypedChoiceField(
        label="Line spacing",
        coerce=int,
        choices=[(step, f"{step / 100:.2f}") for step in SPACING_STEPS],
    )
    font = forms.ChoiceField(choices=list(FONTS.items()), widget=forms.RadioSelect)

    def preferences(self) -> ReaderPreferences:
        return ReaderPreferences.from_mapping(self.cleaned_data)
