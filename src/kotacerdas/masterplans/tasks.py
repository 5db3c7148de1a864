"""Background reading of a big worksheet: the upload is stored under MEDIA_ROOT/imports/, a job
row tracks it (``core.jobs``), and this task reads it through the same service as a worksheet
read at once (``importer.worksheet_read_now``), leaving the outcome on the job.

The job's result: ``{"ok", "message", "token"?, "preview"?, "counts"?, "errors"?: [{sheet, row,
column, message}], "redirect"}``: for the page and the API, the staged preview's ``token`` and
``redirect`` to the preview page where it is confirmed (``core/_job_progress.html`` shows the
errors table and a link to ``redirect``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from kotacerdas.core.jobs import job_progress, job_run
from kotacerdas.core.models import Job
from kotacerdas.regions.models import Region

from .importer import STAGE, ImportRefused, import_summary, preview_summary, worksheet_read_now

JOB_KIND = "masterplan_import"


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
