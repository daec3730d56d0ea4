"""Tags match on a stored name_key (NFKC, case-folded) instead of SQL LOWER(name).

SQLite's LOWER() folds only ASCII, so an existing archive may hold "Élite" and "élite" as
two tags of one kind: they are merged into the oldest, its works keeping every link.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import migrations, models


def _key(name: str) -> str:
    # A copy of tags.models.name_key as it is today: a migration must not change later.
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


def fill_and_merge(apps: Any, schema_editor: Any) -> None:
    Tag = apps.get_model("tags", "Tag")
    WorkTag = apps.get_model("works", "Work").tags.through
    keeper: dict[tuple[str, str], Any] = {}
    for tag in Tag.objects.order_by("pk").iterator():
        key = (tag.kind, _key(tag.name))
        kept = keeper.get(key)
        if kept is None:
            keeper[key] = tag
            Tag.objects.filter(pk=tag.pk).update(name_key=key[1])
            continue
        tagged = set(WorkTag.objects.filter(tag_id=kept.pk).values_list("work_id", flat=True))
        moved = WorkTag.objects.filter(tag_id=tag.pk).exclude(work_id__in=tagged)
        moved.update(tag_id=kept.pk)
        WorkTag.objects.filter(tag_id=tag.pk).delete()
        Tag.objects.filter(synonym_of_id=tag.pk).exclude(pk=kept.pk).update(synonym_of_id=kept.pk)
        Tag.objects.filter(pk=kept.pk, synonym_of_id=tag.pk).update(synonym_of_id=None)
        Tag.objects.filter(pk=tag.pk).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tags", "0001_initial"),
        ("works", "0006_community_counts"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="tag", name="tag_unique_name_per_kind"),
        migrations.AddField(
            model_name="tag",
            name="name_key",
            field=models.TextField(
                default="", editable=False, help_text="name_key(name): what names match on."
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_and_merge, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="tag", index=models.Index(fields=["name_key"], name="tag_name_key")
        ),
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.UniqueConstraint(
                fields=("kind", "name_key"), name="tag_unique_name_per_kind"
            ),
        ),
    ]
