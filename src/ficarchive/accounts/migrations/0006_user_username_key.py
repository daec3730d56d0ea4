"""Each member's name_key(username), unique: names differing only in capitals or in how their
letters are written are one name on SQLite as on PostgreSQL.

Members who already share a key (possible on SQLite before this) keep their names: the later
ones get their id appended to the key ("#" is never in a username), so nothing is renamed and
nobody can sign up with that name again. The key becomes unique in the next migration: on
PostgreSQL, rows changed in a transaction cannot be altered in the same one. It stays nullable
(NULLs never clash), so the previous release's code, which knows no key, still signs members
up while the new code is being rolled out (README: Upgrades)."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

from ficarchive.tags.models import name_key


def fill_keys(apps: Any, schema_editor: Any) -> None:
    User = apps.get_model("accounts", "User")
    taken: set[str] = set()
    batch = []
    for user in User.objects.order_by("pk").only("pk", "username").iterator(chunk_size=2000):
        key = name_key(user.username)
        if key in taken:
            key = f"{key}#{user.pk}"
        taken.add(key)
        user.username_key = key
        batch.append(user)
        if len(batch) == 2000:
            User.objects.bulk_update(batch, ["username_key"])
            batch = []
    User.objects.bulk_update(batch, ["username_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_user_restrictions_and_terms"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="username_key",
            field=models.TextField(editable=False, null=True),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
