from __future__ import annotations

from django import forms

from ficarchive.offline.selectors import MAX_WORKS


class SavedStatusForm(forms.Form):
    """The saved works a device asks about: ids separated by commas."""

    works = forms.CharField(max_length=MAX_WORKS * 12, required=False)

    def work_ids(self) -> list[int]:
        raw = self.cleaned_data.get("works", "") if self.is_valid() else ""
        return [int(part) for part in raw.split(",") if part.strip().isdigit()][:MAX_WORKS]
