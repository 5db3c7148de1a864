"""Background jobs of master plans (``core.jobs``), each leaving its outcome on the job row.

- Reading of a big worksheet: the upload is stored under MEDIA_ROOT/imports/ and this task
  reads it through the same service as a worksheet read at once (``importer.worksheet_read_now``).
  Result: ``{"ok", "message", "token"?, "preview"?, "counts"?, "errors"?: [{sheet, row, column,
  message}], "redirect"}``: the staged preview's ``token`` and ``redirect`` to the preview page
  where it is confirmed (``core/_job_progress.html`` shows the errors and a link to ``redirect``).
- The master-plan document (PDF or DOCX) too slow to make inside the request: the file is
  written to MEDIA_ROOT/documents/jobs/ and ``redirect`` is its permission-checked download.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.jobs import JobKind, job_kind_register, job_progress, job_run
from kotacerdas.core.models import Job
from kotacerdas.regions.models import Region

from . import documents
from .importer import STAGE, ImportRefused, import_summary, preview_summary, worksheet_read_now
from .models import PlanVersion

JOB_KIND = "masterplan_import"
DOCUMENT_JOB_KIND = "masterplan_document"
DOCUMENT_DIR = "documents/jobs"


def import_work(job: Job) -> dict[str, Any]:
    """Read the stored workbook of ``job`` and import it; the file is removed afterwards."""
    params = job.params
    region = Region.objects.get(code=params["region"])
    path = params["path"]
    redirect = reverse("masterplans:worksheet_import", args=[region.code])
    try:
        job_progress(job, done=1, total=2, message=_("Reading the worksheet…"))
        try:
            with default_storage.open(path, "rb") as fh:
                done = worksheet_read_now(
                    actor=job.created_by,
                    region=region,
                    file=fh,
                    filename=params.get("filename", ""),
                    then=params.get("then", STAGE),
                    overwrite=bool(params.get("overwrite")),
                )
        except ImportRefused as exc:
            return {
                "ok": False,
                "message": _("The worksheet has %(n)s problems; nothing was imported.")
                % {"n": len(exc.rows)},
                "errors": [e.as_dict() for e in exc.rows],
                "redirect": redirect,
            }
        except PermissionDenied as exc:
            return {"ok": False, "message": str(exc), "redirect": redirect}
        if done.result is not None:
            return {
                "ok": True,
                "message": import_summary(done.result),
                "counts": done.result.as_dict(),
                "redirect": reverse("masterplans:plan_detail", args=[region.code]),
            }
        assert done.preview is not None
        out: dict[str, Any] = {
            "ok": True,
            "message": preview_summary(done.preview),
            "preview": done.preview.as_dict(),
        }
        if done.staged is not None:
            out["token"] = str(done.staged.token)
            out["redirect"] = reverse("masterplans:worksheet_preview", args=[region.code, done.staged.token])
        return out
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


# ---------------------------------------------------------------- the master-plan document


def document_job_path(job: Job) -> str:
    """Where a document job leaves its file."""
    return f"{DOCUMENT_DIR}/{job.code}.{job.params['format']}"


def document_work(job: Job) -> dict[str, Any]:
    """Render the document of ``job.params`` (region code, version number, format) to a file.

    The job was created by a reader of the plan (the view checked ``masterplan.view``); the
    download of the file checks it again."""
    params = job.params
    extension = params["format"]
    version = PlanVersion.objects.select_related("plan__region").get(
        plan__region__code=params["region"], number=params["version"]
    )
    job_progress(job, done=1, total=3, message=_("Reading the plan…"))
    content = documents.cached_document(version, extension)
    if content is None:
        job_progress(job, done=2, total=3, message=_("Laying out the pages…"))
        content = documents.render_timed(version, extension)
        documents.store_document(version, extension, content)
    default_storage.save(document_job_path(job), ContentFile(content))
    _remove_old_document_files()
    return {
        "ok": True,
        "message": _("The document is ready."),
        "redirect": reverse("masterplans:document_job_file", args=[params["region"], job.code]),
    }


def _remove_old_document_files(keep_days: int = 1) -> None:
    """A document job's file is for downloading once: remove those of jobs older than a day."""
    now = timezone.now()
    old = Job.objects.filter(
        kind=DOCUMENT_JOB_KIND,
        created_at__lt=now - dt.timedelta(days=keep_days),
        created_at__gte=now - dt.timedelta(days=keep_days + 7),
    ).order_by("created_at")[:200]
    for job in old:
        path = document_job_path(job)
        if default_storage.exists(path):
            default_storage.delete(path)


@task
def masterplan_document(job_code: str) -> None:
    """The task behind ``job_create(kind="masterplan_document", ...)``."""
    job_run(job_code, document_work)


# The rendered file is the job's temporary file: `kotacerdas jobs_cleanup` removes it with the job.
job_kind_register(
    JobKind(DOCUMENT_JOB_KIND, masterplan_document, temp_files=lambda job: [document_job_path(job)])
)
