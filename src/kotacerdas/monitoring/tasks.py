"""Background jobs of monitoring (``core.jobs``), each leaving its outcome on the job row.

- Reading of a big bulk-update sheet: the upload is stored under MEDIA_ROOT/imports/ and this
  task previews it through the same service as a sheet read at once (``bulk.bulk_preview``).
  Result: ``{"ok", "message", "token"?, "preview"?, "errors"?: [{sheet, row, column, message}],
  "redirect"}``: ``redirect`` is the staged preview's page, where it is confirmed
  (``core/_job_progress.html`` shows the errors and a link to ``redirect``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from kotacerdas.core.jobs import JobKind, job_kind_register, job_progress, job_run
from kotacerdas.core.models import Job
from kotacerdas.regions.models import Region

from . import selectors
from .bulk import BulkRefused, bulk_preview

BULK_JOB_KIND = "monitoring_bulk"


def bulk_work(job: Job) -> dict[str, Any]:
    """Preview the stored sheet of ``job`` for its creator; the file is removed afterwards."""
    params = job.params
    region = Region.objects.get(code=params["region"])
    path = params["path"]
    redirect = reverse("monitoring:bulk", args=[region.code])
    try:
        job_progress(job, done=1, total=3, message=_("Reading the sheet…"))
        period = selectors.period_get(params["period"])
        try:
            with default_storage.open(path, "rb") as fh:
                preview = bulk_preview(
                    actor=job.created_by,
                    region=region,
                    period=period,
                    file=fh,
                    filename=params.get("filename", ""),
                )
        except BulkRefused as exc:
            return {
                "ok": False,
                "message": _("The sheet has %(n)s problems; nothing was saved.") % {"n": len(exc.rows)},
                "errors": [e.as_dict() for e in exc.rows],
                "redirect": redirect,
            }
        except PermissionDenied as exc:
            return {"ok": False, "message": str(exc), "redirect": redirect}
        job_progress(job, done=2, total=3, message=_("Checking the reports…"))
        assert preview.staged is not None
        return {
            "ok": True,
            "message": preview.message,
            "preview": preview.as_dict(),
            "token": str(preview.staged.token),
            "redirect": reverse("monitoring:bulk_preview", args=[region.code, preview.staged.token]),
        }
    finally:
        default_storage.delete(path)


@task
def monitoring_bulk(job_code: str) -> None:
    """The task behind ``job_create(kind="monitoring_bulk", ...)``."""
    job_run(job_code, bulk_work)


# The stored upload is the job's temporary file: `kotacerdas jobs_cleanup` removes it if the job never ran.
job_kind_register(
    JobKind(BULK_JOB_KIND, monitoring_bulk, temp_files=lambda job: [str(job.params.get("path", ""))])
)
