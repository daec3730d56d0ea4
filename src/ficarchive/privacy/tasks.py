from __future__ import annotations

from ficarchive.core.tasks import background_task, periodic
from ficarchive.privacy.models import DataExport
from ficarchive.privacy.services import export_write, exports_prune

DAY = 24 * 3600


@background_task(attempts=2)
def export_build(export_id: int) -> None:
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.PENDING:
        return
    try:
        export_write(export=export)
    except Exception:
        DataExport.objects.filter(pk=export_id).update(status=DataExport.Status.FAILED)
        raise


@periodic(DAY)
@background_task()
def exports_expire() -> int:
    return exports_prune()
