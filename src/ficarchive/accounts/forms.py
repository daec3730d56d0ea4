from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm

from ficarchive.accounts.models import USERNAME_TAKEN, User
from ficarchive.accounts.services import PASSWORD_RESET_MAILS
from ficarchive.core.humans import HumanCheckMixin
from ficarchive.formats.sanitize import xml_safe


class SignupForm(HumanCheckMixin, UserCreationForm[User]):
    email = forms.EmailField(help_text="For confirming your account and resetting your password.")
    invitation_code = forms.CharField(required=False, max_length=32)
    accept_terms = forms.BooleanField(
        label="I accept the terms of service and the content policy",
        error_messages={"required": "To make an account, accept the terms."},
    )

    class Meta:
        model = User
        fields = ("username", "email")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not settings.FICARCHIVE_INVITE_ONLY:
            del self.fields["invitation_code"]

    def clean_username(self) -> str:
        """A name that differs from a member's only in capitals is that member's: "Wren" and
        "wren" would be told apart by nobody reading a comment or a byline."""
        username: str = self.cleaned_data["username"]
        if User.objects.with_name(username).exists():
            raise forms.ValidationError(USERNAME_TAKEN, code="unique")
        return username

    def clean_email(self) -> str:
        # No "already registered" error: that would tell anyone which addresses have accounts.
        # An address another account has confirmed gets a note instead of a link
        # (accounts.services.email_confirmation_send).
        email: str = self.cleaned_data["email"].strip()
        return email


class ProfileForm(forms.ModelForm[User]):
    """The bio is saved at once; a new email address only once its owner opens the link
    mailed to it, and asking for one needs the account's password."""

    email = forms.EmailField(
        help_text="A new address takes effect when you open the link we mail to it."
    )
    current_password = forms.CharField(
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Needed to change your email address.",
    )

    class Meta:
        model = User
        fields = ("bio",)
        widgets = {"bio": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].initial = self.instance.email

    def clean_bio(self) -> str:
        return xml_safe(self.cleaned_data["bio"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.new_email and not self.instance.check_password(cleaned.get("current_password", "")):
            self.add_error("current_password", "Enter your password to change your address.")
        return cleaned

    @property
    def new_email(self) -> str:
        """The address asked for, if it differs from the account's ('' if not)."""
        email = str(self.cleaned_data.get("email", "")).strip()
        return email if email and email.casefold() != self.instance.email.casefold() else ""


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form (same page whether the address is known or not), mailing one
    address at most a few times an hour, and only the account that has confirmed it when
    there is one: an unconfirmed sign-up with someone else's address gets no reset link."""

    def get_users(self, email: str) -> Iterator[User]:
        users = list(super().get_users(email))
        confirmed = [user for user in users if user.email_confirmed]
        chosen = confirmed or users
        if chosen and PASSWORD_RESET_MAILS.attempt(email.strip().casefold()):
            yield from chosen


class DeleteAccountForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, help_text="To be sure it is you.")
    works = forms.ChoiceField(
        choices=[
            ("orphan", "Keep my works on the archive, credited to “orphan_account”"),
            ("delete", "Delete my works too"),
        ],
        widget=forms.RadioSelect,
        initial="orphan",
        label="Your works",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class ClaimForm(forms.Form):
    message = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Tell the moderators how they can see this name is yours.",
    )


class AppPasswordForm(forms.Form):
    name = forms.CharField(
        max_length=60,
        label="Device or app",
        help_text="A name to recognise it by, e.g. “Kobo” or “KOReader on my phone”.",
    )
