"""Accounts: a custom user from the first migration, invitations, creator claims."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ficarchive.tags.models import name_key

# Django's own salt (AbstractBaseUser.get_session_auth_hash), so generation 0 matches it.
USERNAME_TAKEN = (
    "A member already has that name (names that differ only in capitals are the same name). "
    "Choose another."
)
SESSION_HASH_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"


class MemberManager(UserManager["User"]):
    def with_name(self, username: str) -> models.QuerySet[User]:
        """The member with this name whatever its capitals or how its letters are written."""
        return self.filter(username_key=name_key(username))


class User(AbstractUser):
    """A member of the archive: reader, author or moderator."""

    bio = models.TextField(blank=True, max_length=5000, help_text="Plain text.")
    email_confirmed = models.BooleanField(default=False)
    # The reader's display choices, so they follow the account across devices.
    reader_preferences = models.JSONField(default=dict, blank=True)
    # Set by the moderators (moderation.services): no login, posting or commenting meanwhile.
    suspended_until = models.DateTimeField(null=True, blank=True)
    is_banned = models.BooleanField(default=False)
    # Raised to sign the member out of every session at once (a suspension or ban).
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    terms_accepted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the member accepted the terms, at sign-up."
    )

    objects: ClassVar[MemberManager] = MemberManager()
    # name_key(username), unique: "Émile" and "émile" are one name on every database (SQLite's
    # LOWER() and LIKE fold only ASCII), and two sign-ups at once cannot both take it. Null only
    # for a member signed up by the release before it, during an upgrade (migration 0006).
    username_key = models.TextField(unique=True, null=True, editable=False)  # noqa: DJ001 - NULLs never clash

    def __str__(self) -> str:
        return self.username

    def clean(self) -> None:
        """Every form saving a member (sign-up, the admin's) refuses a name that differs from
        another member's only in capitals or in how its letters are written."""
        super().clean()
        taken = User.objects.with_name(self.username).exclude(pk=self.pk)
        if self.username and taken.exists():
            raise ValidationError({"username": USERNAME_TAKEN}, code="unique")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.username_key = name_key(self.username)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "username" in update_fields:
            kwargs["update_fields"] = {*update_fields, "username_key"}
        super().save(*args, **kwargs)

    def get_session_auth_hash(self) -> str:
        """Django's hash of the password, which every session carries, with the session
        generation mixed in once it was raised: raising it ends every session of the member
        for good (a password change does the same). Generation 0 gives Django's own hash, so
        no session ended when this came in."""
        return self._session_hash(secret=None)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret=secret)

    def _session_hash(self, *, secret: str | bytes | None) -> str:
        material = self.password
        if self.session_generation:
            material = f"{material}|{self.session_generation}"
        return salted_hmac(
            SESSION_HASH_SALT, material, secret=secret, algorithm="sha256"
        ).hexdigest()

    @property
    def is_restricted(self) -> bool:
        """Banned, or suspended until a time still to come."""
        if self.is_banned:
            return True
        return self.suspended_until is not None and self.suspended_until > timezone.now()

    @property
    def may_contribute(self) -> bool:
        """Posting and commenting need a confirmed address (moderators are trusted), so a
        throwaway sign-up cannot spam the archive; never while suspended or banned."""
        return (self.email_confirmed or self.is_staff) and not self.is_restricted

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", args=[self.username])

    def remember_reader_preferences(self, preferences: dict[str, Any]) -> None:
        """Store the reader's display choices on the account."""
        self.reader_preferences = preferences
        self.save(update_fields=["reader_preferences"])


def _new_code() -> str:
    return secrets.token_urlsafe(12)


class SignupInvitation(models.Model):
    """A one-use code for archives that only take members by invitation."""

    code = models.CharField(max_length=32, unique=True, default=_new_code)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    used_by = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signup_invitation",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.code


class CreatorClaim(models.Model):
    """A member asking to own an imported creator name; a moderator decides."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="creator_claims"
    )
    creator = models.ForeignKey("works.Creator", on_delete=models.CASCADE, related_name="claims")
    message = models.TextField(blank=True, max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "creator"],
                condition=models.Q(status="pending"),
                name="one_pending_claim_per_creator",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} claims {self.creator} ({self.status})"


class AppPassword(models.Model):
    """A password for one e-reader or feed reader (KOReader, an OPDS app), revocable alone.

    Never reversible: `password_hash` is Django's slow hash of the MD5 hex of the password,
    so the clear password (MD5 it first) and KOReader's `x-auth-key` (the MD5 itself) can both
    be checked. `lookup` is four hex digits of a SHA-256 of that MD5: it picks the one row to
    check without trying every slow hash of the member (16 bits, not enough to help a guess).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="app_passwords"
    )
    name = models.CharField(max_length=60, help_text="Which device or app, e.g. “Kobo”.")
    lookup = models.CharField(max_length=8)
    password_hash = models.CharField(max_length=256)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "lookup"], name="app_password_lookup")]

    def __str__(self) -> str:
        return f"{self.user}: {self.name}"
