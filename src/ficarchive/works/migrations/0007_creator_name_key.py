"""Creators match on a stored name_key (NFKC, case-folded) instead of SQL LOWER(name)."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import migrations, models


def _key(name: str) -> str:
    # A copy of tags.models.name_key as it is today: a migration must not change later.
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


def fill(apps: Any, schema_editor: Any) -> None:
    Creator = apps.get_model("works", "Creator")
    for creator in Creator.objects.only("pk", "name").iterator():
        Creator.objects.filter(pk=creator.pk).update(name_key=_key(creator.name))


class Migration(migrations.Migration):
    dependencies = [
        ("works", "0006_community_counts"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="creator", name="creator_lower_name"),
        migrations.AddField(
            model_name="creator",
            name="name_key",
            field=models.TextField(
                default="", editable=False, help_text="name_key(name): what names match on."
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="creator",
            index=models.Index(fields=["name_key"], name="creator_name_key"),
        ),
    ]
