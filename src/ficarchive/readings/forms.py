from __future__ import annotations

from django import forms

from ficarchive.core.numbers import NumberField
from ficarchive.readings.services import MAX_PARAGRAPH


class ProgressForm(forms.Form):
    """The place the reader's script sends: the work, the chapter's position, the paragraph
    at the top of the window (0: the chapter's top)."""

    work = NumberField(min_value=1)
    chapter = NumberField(min_value=1)
    paragraph = NumberField(max_value=MAX_PARAGRAPH)


class LaterForm(forms.Form):
    marked = forms.TypedChoiceField(choices=[("1", "mark"), ("0", "unmark")], coerce=int)
    next = forms.CharField(required=False, max_length=2000)


class PauseForm(forms.Form):
    paused = forms.TypedChoiceField(choices=[("1", "pause"), ("0", "resume")], coerce=int)
