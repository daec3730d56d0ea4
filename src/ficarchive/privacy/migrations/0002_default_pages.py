"""The starting policy pages (privacy/defaults.py), for the admins to rewrite."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from ficarchive.formats.sanitize import sanitize_html
from ficarchive.formats.text_input import text_to_html
from ficarchive.privacy.defaults import PAGES


def create_pages(apps: Any, schema_editor: Any) -> None:
    page = apps.get_model("privacy", "PolicyPage")
    for slug, title, body in PAGES:
        html = sanitize_html(text_to_html(body, "markdown"))
        page.objects.get_or_create(
            slug=slug, defaults={"title": title, "body": body, "body_html": html}
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
