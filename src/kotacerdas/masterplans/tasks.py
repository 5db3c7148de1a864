"""Background import of a big worksheet: the upload is stored under MEDIA_ROOT/imports/, a job row
tracks it (``core.jobs``), and this task reads and imports it, leaving the outcome on the job.

The job's result: ``{"ok", "message", "counts"?, "errors"?: [{sheet, row, column, message}],
"redirect"}`` (``core/_job_progress.html`` shows the errors table and a link to ``redirect``).
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

from .importer import ImportRefused, import_summary, plan_import
from .worksheets import workbook_parse

JOB_KIND = "masterplan_import"
UPLOAD_DIR = "imports"


def import_work(job: Job) -> dict[str, Any]:
    """Read the stored workbook of ``job`` and import it; the file is removed afterwards."""
    params = job.params
    region = Region.objects.get(code=params["region"])
    path = params["path"]
    redirect = reverse("masterplans:worksheet_import", args=[region.code])
    try:
        job_progress(job, done=1, total=3, message=_("Reading the worksheet…"))
        with default_storage.open(path, "rb") as fh:
            parsed = workbook_parse(fh, region=region)
        if isinstance(parsed, list):
            return {
                "ok": False,
                "message": _("The worksheet has %(n)s problems; nothing was imported.") % {"n": len(parsed)},
                "errors": [e.as_dict() for e in parsed],
                "redirect": redirect,
            }
        job_progress(job, done=2, total=3, message=_("Importing…"))
        try:
            result = plan_import(actor=job.created_by, region=region, parsed=parsed)
        except ImportRefused as exc:
            return {
                "ok": False,
                "message": _("The import was refused; nothing was imported."),
                "errors": [e.as_dict() for e in exc.rows],
                "redirect": redirect,
            }
        except PermissionDenied as exc:
            return {"ok": False, "message": str(exc), "redirect": redirect}
        return {
            "ok": True,
            "message": import_summary(result),
            "counts": result.as_dict(),
            "redirect": reverse("masterplans:plan_detail", args=[region.code]),
        }
    finally:
        default_storage.delete(path)


@task
def masterplan_import(job_code: str) -> None:
    """The task behind ``job_create(kind="masterplan_import", ...)``."""
    job_run(job_code, import_work)


# The stored upload is the job's temporary file: `kotacerdas jobs_cleanup` removes it if the job never ran.
job_kind_register(
    JobKind(JOB_KIND, masterplan_import, temp_files=lambda job: [str(job.params.get("path", ""))])
)
