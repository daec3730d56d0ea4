from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from ficarchive.core.languages import language_choices
from ficarchive.formats.registry import MAX_FILE_BYTES
from ficarchive.formats.text_input import FORMATS
from ficarchive.tags.models import ArchiveWarning
from ficarchive.works.models import Category, Rating, Visibility

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def split_names(value: str) -> list[str]:
    """'A, B,, C ' -> ['A', 'B', 'C']: how tag and beta fields are typed."""
    return [" ".join(part.split()) for part in value.split(",") if part.strip()][:75]


class StoryFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB.")
        return upload


class ImportForm(forms.Form):
    """One story file: scraped text, a saved page, or an EPUB."""

    file = StoryFileField(
        label="Story file",
        help_text="A .txt, .html, .epub or .docx file, up to 20 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.htm,.html,.xhtml,.epub,.docx"}),
    )

    def clean_file(self) -> tuple[str, bytes]:
        """The upload's name and bytes."""
        upload = self.cleaned_data["file"]
        return upload.name or "upload", upload.read()


class ChapterFields(forms.Form):
    """A chapter's own fields; the work form includes them for the first chapter."""

    chapter_title = forms.CharField(label="Chapter title", required=False, max_length=255)
    chapter_notes_begin = forms.CharField(
        label="Chapter notes (beginning)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    chapter_notes_end = forms.CharField(
        label="Chapter notes (end)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    text = forms.CharField(
        label="Chapter text", required=False, widget=forms.Textarea(attrs={"rows": 18})
    )
    text_format = forms.ChoiceField(
        label="Text is", choices=list(FORMATS.items()), initial="html", widget=forms.RadioSelect
    )
    text_file = StoryFileField(
        label="…or upload the text",
        required=False,
        help_text="A .txt, .html, .epub or .docx file; it replaces the text above.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.htm,.html,.xhtml,.epub,.docx"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("text", "").strip() and not cleaned.get("text_file"):
            self.add_error("text", "Write the chapter's text, or upload a file with it.")
        return cleaned


class WorkForm(ChapterFields):
    """Every field a work has; the chapter fields are the first chapter's."""

    title = forms.CharField(max_length=255)
    fandoms = forms.CharField(
        max_length=2000,
        help_text="Separate several with commas.",
        widget=forms.TextInput(attrs={"data-autocomplete": "fandom", "autocomplete": "off"}),
    )
    rating = forms.ChoiceField(choices=Rating.choices, initial=Rating.NOT_RATED)
    warnings = forms.MultipleChoiceField(
        label="Archive warnings",
        choices=ArchiveWarning.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[ArchiveWarning.CHOSE_NOT_TO_WARN],
    )
    categories = forms.MultipleChoiceField(
        label="Category",
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="AO3’s categories: choose every one that fits, or none.",
    )
    relationships = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"data-autocomplete": "relationship", "autocomplete": "off"}),
    )
    characters = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"data-autocomplete": "character", "autocomplete": "off"}),
    )
    freeforms = forms.CharField(
        label="Additional tags",
        required=False,
        max_length=4000,
        widget=forms.TextInput(attrs={"data-autocomplete": "freeform", "autocomplete": "off"}),
    )
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    notes_begin = forms.CharField(
        label="Notes (beginning of work)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes_end = forms.CharField(
        label="Notes (end of work)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    betas = forms.CharField(
        label="Beta readers", required=False, max_length=500, help_text="Names, comma-separated."
    )
    language = forms.ChoiceField(choices=language_choices, initial="en")
    series_title = forms.CharField(
        label="Series", required=False, max_length=255, help_text="A new or an existing series."
    )
    series_position = forms.IntegerField(label="Part", required=False, min_value=1, max_value=1000)
    # A new work is a one-shot (1/1) unless the author says it goes on, as on AO3.
    complete = forms.BooleanField(label="This work is complete", required=False, initial=True)
    expected_chapters = forms.IntegerField(
        label="Chapters planned", required=False, min_value=1, max_value=10000,
        help_text="Leave empty if you do not know yet.",
    )  # fmt: skip
    published = forms.DateField(
        label="Publication date",
        required=False,
        help_text="Set an earlier date for a work first posted elsewhere.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    visibility = forms.ChoiceField(
        label="Who can read it",
        choices=[(Visibility.PUBLIC, "Everyone"), (Visibility.REGISTERED, "Registered users only")],
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )

    def __init__(
        self, *args: Any, with_chapter: bool = True, with_visibility: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not with_chapter:
            for name in ChapterFields.base_fields:
                del self.fields[name]
        if not with_visibility:  # a hidden work: only moderators decide who sees it
            del self.fields["visibility"]
        # An imported work's code outside the menu (pt-BR) stays choosable when it is edited.
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = language_choices(str(self["language"].value() or ""))

    def clean(self) -> dict[str, Any]:
        cleaned = forms.Form.clean(self) or {}
        if "text" in self.fields:
            cleaned = super().clean()
        if not split_names(cleaned.get("fandoms", "")):
            self.add_error("fandoms", "Name at least one fandom (or “Original Work”).")
        return cleaned

    def clean_language(self) -> str:
        language: str = self.cleaned_data["language"].strip()
        if not _LANGUAGE.match(language):
            raise forms.ValidationError("Choose the work's language from the list.")
        return language

    def clean_published(self) -> date | None:
        published: date | None = self.cleaned_data.get("published")
        if published and published > timezone.localdate():
            raise forms.ValidationError("The publication date cannot be in the future.")
        return published


class ChapterForm(ChapterFields):
    pass


class InviteForm(forms.Form):
    username = forms.CharField(max_length=150, label="Invite a co-creator (username)")


class ReorderForm(forms.Form):
    """One position field per chapter, named chapter_<id>."""

    def __init__(self, *args: Any, chapters: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.chapters = chapters
        for chapter in chapters:
            self.fields[f"chapter_{chapter.pk}"] = forms.IntegerField(
                label=chapter.display_title, min_value=1, max_value=len(chapters),
                initial=chapter.position,
            )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        positions = [cleaned.get(f"chapter_{c.pk}") for c in self.chapters]
        if None not in positions and sorted(positions) != list(range(1, len(self.chapters) + 1)):  # type: ignore[type-var]
            raise forms.ValidationError("Give every chapter a different position, from 1 up.")
        return cleaned

    def ordered_ids(self) -> list[int]:
        return [
            c.pk for c in sorted(self.chapters, key=lambda c: self.cleaned_data[f"chapter_{c.pk}"])
        ]
