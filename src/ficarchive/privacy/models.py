"""The archive's policy pages (terms, privacy, content policy), written by its admins.

Like Django's flatpages, but with a fixed set of pages the footer and sign-up link to, and
written in Markdown that goes through the archive's one text-to-HTML step (sanitized), so an
admin's page can carry no script.
"""

from __future__ import annotations

from typing import Any

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
