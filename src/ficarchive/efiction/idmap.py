"""The eFiction id map's reads and writes, shared by the migration's steps."""

from __future__ import annotations

from django.db import models

from ficarchive.efiction.models import TARGET_FIELD, LegacyId, LegacyKind


def remember(
    kind: LegacyKind, targets: dict[int, models.Model], **extra: dict[int, object]
) -> None:
    """Record (or move) which row each eFiction id of this kind became."""
    name = TARGET_FIELD[kind]
    known = {
        row.legacy_id: row for row in LegacyId.objects.filter(kind=kind, legacy_id__in=targets)
    }
    changed, created = [], []
    for legacy_id, target in targets.items():
        values: dict[str, object] = {f"{name}_id": target.pk}
        values.update({key: by_id.get(legacy_id) for key, by_id in extra.items()})
        row = known.get(legacy_id)
        if row is None:
            created.append(LegacyId(kind=kind, legacy_id=legacy_id, **values))
        elif any(getattr(row, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            changed.append(row)
    LegacyId.objects.bulk_create(created)
    LegacyId.objects.bulk_update(changed, [f"{name}_id", *extra])


def mapped(kind: LegacyKind) -> dict[int, int]:
    """eFiction id → the primary key of the row it became."""
    column = f"{TARGET_FIELD[kind]}_id"
    return dict(LegacyId.objects.filter(kind=kind).values_list("legacy_id", column))
