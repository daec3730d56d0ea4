from __future__ import annotations

from django import forms

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
