"""What a member read and where they stopped (their history), the works they keep for later,
and whether they paused the history. Rows belong to the member; none is ever public."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ficarchive.works.models import Work


class Reading(models.Model):
    """One per member and work: when they last visited it and the place they reached.

    The place (chapter position, paragraph) is the latest one recorded, with the time it was
    recorded (`position_at`), so a page visit buffered in the cache (no paragraph) never
    overwrites a later place sent by the reader's script.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="readings"
    )
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="readings")
    chapter_position = models.PositiveIntegerField(default=1)
    paragraph = models.PositiveIntegerField(default=0, help_text="0: the chapter's top.")
    position_at = models.DateTimeField()
    device = models.CharField(
        max_length=100, blank=True, default="",
        help_text="The e-reader the place was reached on (KOReader sync); blank: the site.",
    )  # fmt: skip
    last_visit = models.DateTimeField()
    visits = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-last_visit", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "work"], name="reading_once_per_work"),
            models.CheckConstraint(
                condition=Q(chapter_position__gte=1), name="reading_chapter_positive"
            ),
        ]
        indexes = [models.Index(fields=["user", "-last_visit"], name="reading_history")]

    def __str__(self) -> str:
        return f"{self.user} read {self.work}"

    def get_absolute_url(self) -> str:
        """Where the member stopped: the chapter, at the paragraph."""
        return resume_url(self.work_id, self.chapter_position, self.paragraph)


class MarkedForLater(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="marked_for_later"
    )
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="marked_for_later")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "work marked for later"
        verbose_name_plural = "works marked for later"
        constraints = [
            models.UniqueConstraint(fields=["user", "work"], name="marked_for_later_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} marked {self.work} for later"


class HistoryPause(models.Model):
    """Its presence means the member paused their history: nothing new is recorded."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="history_pause"
    )
    paused_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user}'s history paused"


def resume_url(work_id: int, chapter_position: int, paragraph: int) -> str:
    url = reverse("reader:chapter", args=[work_id, chapter_position])
    return f"{url}#p-{paragraph}" if paragraph > 0 else url
