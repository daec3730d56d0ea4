"""The digests of the EPUB files served, per version of a work: KOReader names a document by
a digest of its file, so progress synced from any version served can be mapped back."""

from __future__ import annotations

from django.db import models

from ficarchive.works.models import Work


class DownloadDigest(models.Model):
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="download_digests")
    version = models.CharField(max_length=64, help_text="The build's version key.")
    format = models.CharField(max_length=10, default="epub")
    md5 = models.CharField(max_length=32, help_text="MD5 of the whole file.")
    partial_md5 = models.CharField(
        max_length=32, help_text="KOReader's partial MD5 (samples of the file)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["work", "md5"], name="downloaddigest_unique_file"),
        ]
        indexes = [
            models.Index(fields=["partial_md5"], name="downloaddigest_partial"),
            models.Index(fields=["md5"], name="downloaddigest_md5"),
        ]

    def __str__(self) -> str:
        return f"{self.work_id} {self.format} {self.md5}"
