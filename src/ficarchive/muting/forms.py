from __future__ import annotations

from django import forms


class BackForm(forms.Form):
    """Where to go after a mute or block: the page its button was on (checked by the view)."""

    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
