"""The moderators' group: what a volunteer who runs the archive may see and do in the admin.

Members who moderate are staff (they sign in to the admin) and belong to "Moderators"; the
group's permissions are kept here, in code, and applied after every `migrate`, so a new
capability reaches every moderator with the upgrade that brings it.
"""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.db import DEFAULT_DB_ALIAS, router

MODERATORS_GROUP = "Moderators"

# (app label, codename)
MODERATOR_PERMISSIONS: list[tuple[str, str]] = [
    ("django_tasks_database", "view_dbtaskresult"),  # background tasks, failures and retries
    ("moderation", "moderate"),  # the queue at /moderation/ and its actions
    ("moderation", "view_report"),
    ("moderation", "view_auditentry"),
]


def moderators_group_sync(sender: AppConfig, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Create the group if needed and give it every permission in MODERATOR_PERMISSIONS that
    this installation has (the task table exists only with the database task backend).

    Connected to `post_migrate`, which is sent once per app: it acts on the accounts app's
    turn, first making the permissions it hands out (auth makes them per app, possibly later).
    """
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    if sender.label != "accounts" or not router.allow_migrate_model(using, Group):
        return
    installed = {config.label: config for config in apps.get_app_configs()}
    for label in {label for label, _ in MODERATOR_PERMISSIONS} & installed.keys():
        create_permissions(installed[label], verbosity=0, using=using)
    group, _ = Group.objects.using(using).get_or_create(name=MODERATORS_GROUP)
    wanted = Q(pk__in=[])
    for app_label, codename in MODERATOR_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.add(*Permission.objects.using(using).filter(wanted))
