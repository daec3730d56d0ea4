from __future__ import annotations

from django import forms

from ficarchive.community.services import COMMENT_MAX_LENGTH
from ficarchive.core.numbers import NumberField


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Comment", max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Plain text; a blank line starts a new paragraph.",
    )  # fmt: skip
    parent = NumberField(required=False, widget=forms.HiddenInput)


class BookmarkForm(forms.Form):
    notes = forms.CharField(
        label="Your notes", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    is_private = forms.BooleanField(label="Private (only you see it)", required=False)
