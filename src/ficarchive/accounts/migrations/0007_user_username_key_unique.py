from __future__ import annotations

from django.db import migrations, models

import ficarchive.accounts.models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_user_username_key"),
    ]

    operations = [
        migrations.AlterModelManagers(
            name="user",
            managers=[("objects", ficarchive.accounts.models.MemberManager())],
        ),
        migrations.AlterField(
            model_name="user",
            name="username_key",
            field=models.TextField(editable=False, null=True, unique=True),
        ),
    ]
