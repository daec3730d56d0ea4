"""KOReader progress sync: the last place each member's devices sent, per document."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DocumentProgress(models.Model):
    """What a plain kosync server keeps: one row per (member, document digest)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kosync_progress"
    )
    document = models.CharField(max_length=64)
    progress = models.CharField(max_length=1000)
    percentage = models.FloatField(default=0)
    device = models.CharField(max_length=100, blank=True)
    device_id = models.CharField(max_length=100, blank=True)
    timestamp = models.PositiveBigIntegerField(help_text="Unix seconds, as kosync sends back.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "document"], name="kosync_once_per_document")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.document}"
