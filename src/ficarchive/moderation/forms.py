from __future__ import annotations

from typing import Any

from django import forms

from ficarchive.accounts.models import User
from ficarchive.core.humans import HumanCheckMixin
from ficarchive.moderation.models import REPORT_REASONS, AuditEntry

ACTIONS = [
    (AuditEntry.Action.HIDE, "Hide it"),
    (AuditEntry.Action.RESTORE, "Restore it"),
    (AuditEntry.Action.WARN, "Warn the member"),
    (AuditEntry.Action.SUSPEND, "Suspend the member"),
    (AuditEntry.Action.BAN, "Ban the member"),
    (AuditEntry.Action.LIFT, "Lift the member's suspension or ban"),
    (AuditEntry.Action.PURGE, "Spam: remove everything they posted (and ban the account)"),
    (AuditEntry.Action.DISMISS, "Dismiss the reports"),
    (AuditEntry.Action.NOTE, "Add a note for moderators"),
]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label="What is wrong?", choices=REPORT_REASONS,
                               widget=forms.RadioSelect)  # fmt: skip
    note = forms.CharField(
        label="Tell the moderators more", required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Plain text. Where, what, and anything that helps them decide.",
    )  # fmt: skip


class GuestReportForm(HumanCheckMixin, ReportForm):
    email = forms.EmailField(
        label="Your email address", max_length=254,
        help_text="Required: we write to you with the outcome. Never shown to anyone else.",
    )  # fmt: skip


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Why", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Written to the audit log; a warned, suspended or hidden member reads it.",
    )  # fmt: skip
    member = forms.TypedChoiceField(label="Member (warning, suspension, ban)", coerce=int,
                                    required=False, empty_value=None)  # fmt: skip
    days = forms.IntegerField(label="Days (suspension)", required=False, min_value=1,
                              max_value=3650)  # fmt: skip
    hide_works = forms.BooleanField(
        label="Also hide their works (suspension or ban)", required=False
    )

    def __init__(self, *args: Any, members: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        assert isinstance(member, forms.TypedChoiceField)
        member.choices = [("", "The only one")] if len(members) == 1 else [("", "Choose")]
        member.choices += [(account.pk, account.username) for account in members]


class AppealForm(forms.Form):
    text = forms.CharField(
        label="Why should the moderators change their decision?", max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )  # fmt: skip


WRANGLING = [
    (AuditEntry.Action.SYNONYM, "Make it a synonym of another tag"),
    (AuditEntry.Action.MERGE, "Merge it into another tag (its works carry that tag instead)"),
    (AuditEntry.Action.CANONICAL, "Make it canonical (no longer a synonym)"),
    (AuditEntry.Action.FANDOMS, "Set its fandoms (a character or relationship)"),
]


class WrangleForm(forms.Form):
    action = forms.ChoiceField(label="Wrangle", choices=WRANGLING, widget=forms.RadioSelect)
    other = forms.CharField(
        label="The other tag (synonym or merge)", required=False, max_length=150,
        help_text="Its name, of the same kind.",
    )  # fmt: skip
    fandoms = forms.CharField(
        label="Fandoms", required=False, max_length=2000,
        help_text="Names, separated by commas. Empty: it belongs to none.",
    )  # fmt: skip
    reason = forms.CharField(label="Why", max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
