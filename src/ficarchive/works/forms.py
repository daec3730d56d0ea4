from __future__ import annotations

from django import forms

from ficarchive.formats.registry import MAX_FILE_BYTES


class ImportForm(forms.Form):
    """One story file: scraped text, a saved page, or an EPUB."""

    file = forms.FileField(
        label="Story file",
        help_text="A .txt, .html or .epub file, up to 20 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.htm,.html,.xhtml,.epub"}),
    )

    def clean_file(self) -> tuple[str, bytes]:
        """The upload's name and bytes, refusing an oversized file before reading it."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB.")
        data: bytes = upload.read()
        return upload.name or "upload", data
