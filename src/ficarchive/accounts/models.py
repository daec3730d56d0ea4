"""Accounts: a custom user from the first migration, so the project can grow it safely."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A member of the archive: reader, author or moderator."""

    # The reader's display choices, so they follow the account across devices.
    reader_preferences = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return self.username

    def remember_reader_preferences(self, preferences: dict[str, Any]) -> None:
        """Store the reader's display choices on the account."""
        self.reader_preferences = preferences
        self.save(update_fields=["reader_preferences"])
