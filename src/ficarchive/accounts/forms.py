from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm

from ficarchive.accounts.models import User
from ficarchive.formats.sanitize import xml_safe


class SignupForm(UserCreationForm[User]):
    email = forms.EmailField(help_text="For confirming your account and resetting your password.")
    invitation_code = forms.CharField(required=False, max_length=32)

    class Meta:
        model = User
        fields = ("username", "email")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not settings.FICARCHIVE_INVITE_ONLY:
            del self.fields["invitation_code"]

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email address already exists.")
        return email


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ("bio", "email")
        widgets = {"bio": forms.Textarea(attrs={"rows": 6})}

    def clean_bio(self) -> str:
        return xml_safe(self.cleaned_data["bio"])

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip()
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("An account with this email address already exists.")
        return email


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
