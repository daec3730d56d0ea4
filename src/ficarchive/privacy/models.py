"""The archive's policy pages (terms, privacy, content policy), written by its admins.

Like Django's flatpages, but with a fixed set of pages the footer and sign-up link to, and
written in Markdown that goes through the archive's one text-to-HTML step (sanitized), so an
admin's page can carry no script.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from ficarchive.formats.sanitize import sanitize_html
from ficarchive.formats.text_input import text_to_html


class PolicyPage(models.Model):
    class Slug(models.TextChoices):
        TERMS = "terms", "Terms of service"
        PRIVACY = "privacy", "Privacy policy"
        CONTENT = "content-policy", "Content policy"

    slug = models.CharField(max_length=20, choices=Slug.choices, unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown.")
    body_html = models.TextField(editable=False, help_text="Sanitized HTML, from the body.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body_html = self.rendered_body()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(f"privacy:page-{self.slug}")

    def rendered_body(self) -> str:
        """The Markdown body as sanitized HTML (an admin's page carries no script)."""
        return sanitize_html(text_to_html(self.body, "markdown"))


class DataExport(models.Model):
    """A member's download of their data, built by a task (it builds every work's EPUB) into
    a file of the data folder that only they can fetch, for EXPORT_DAYS days."""

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    token = models.CharField(max_length=64, unique=True, help_text="Names the file.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"data of {self.user_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("privacy:export_file", args=[self.token])

    @property
    def path(self) -> Path:
        return Path(settings.FICARCHIVE_EXPORTS_DIR) / f"{self.token}.zip"
