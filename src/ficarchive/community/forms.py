from __future__ import annotations

from django import forms

from ficarchive.community.models import CommentModeration, WhoMayComment
from ficarchive.community.services import COMMENT_MAX_LENGTH
from ficarchive.core.humans import HumanCheckMixin
from ficarchive.core.numbers import NumberField


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Comment", max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Plain text; a blank line starts a new paragraph.",
    )  # fmt: skip
    parent = NumberField(required=False, widget=forms.HiddenInput)


class GuestCommentForm(HumanCheckMixin, CommentForm):
    """A guest signs with a name and an address; the address is never shown to anyone but
    the archive's moderators. Robots are turned away by core.humans."""

    name = forms.CharField(label="Your name", max_length=100)
    email = forms.EmailField(
        label="Your email address", max_length=254,
        help_text="Required, and kept private: it is never shown on the archive.",
    )  # fmt: skip
    field_order = ["name", "email", "text", "parent"]


class CommentEditForm(forms.Form):
    text = forms.CharField(
        label="Your comment", max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Plain text; a blank line starts a new paragraph.",
    )  # fmt: skip


class CommentSettingsForm(forms.Form):
    who_may_comment = forms.ChoiceField(
        label="Who may comment", choices=WhoMayComment.choices, widget=forms.RadioSelect
    )
    moderation = forms.ChoiceField(
        label="Moderation", choices=CommentModeration.choices, widget=forms.RadioSelect
    )


class BookmarkForm(forms.Form):
    notes = forms.CharField(
        label="Your notes", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    is_private = forms.BooleanField(label="Private (only you see it)", required=False)
