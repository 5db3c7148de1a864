"""The one path of every entry point (page, API, command line, background job): read a file within its
bounds, then stage its preview for a confirmation, only preview it, or apply it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.jobs import job_create, job_upload_store
from kotacerdas.core.models import Job, StagedUpload
from kotacerdas.core.permissions import require
from kotacerdas.core.services import UserLike
from kotacerdas.core.workbooks import WorkbookRefused, workbook_background_rows, workbook_check_bounds
from kotacerdas.regions.models import Region

from ..worksheets import (
    RowError,
    plan_from_dict,
    workbook_parse,
)
from .plan_import import plan_import
from .result import ImportRefused, ImportResult, preview_summary

# ---------------------------------------------------------------- the one path of every entry point

UPLOAD_DIR = "imports"  # MEDIA_ROOT/imports/: uploads waiting for their background job


STAGED_KIND = "masterplan_worksheet"
STAGED_HOURS = 24  # a preview waits this long for its confirmation
STAGE, PREVIEW, APPLY = "stage", "preview", "apply"


@dataclass
class ImportStarted:
    """What an entry point gets back from ``worksheet_read``: the staged preview (page, API),
    the preview alone or the applied result (command line), or the job doing it."""

    staged: StagedUpload | None = None
    preview: ImportResult | None = None
    result: ImportResult | None = None
    job: Job | None = None


def background_rows() -> int:
    """Workbooks with more rows than this (all sheets) are read by a background job."""
    return workbook_background_rows()


def worksheet_read(
    *,
    actor: UserLike,
    region: Region,
    file: Any,
    filename: str = "",
    then: str = STAGE,
    overwrite: bool = False,
) -> ImportStarted:
    """Read a worksheet file: the one path of the page, the API and the command line.

    The file's bounds are checked before anything else reads it (``core.workbooks``): a
    refusal raises ``ImportRefused`` and writes nothing, not even a job. A workbook of more
    than ``WORKBOOK_BACKGROUND_ROWS`` rows is stored and read by a background job (the caller
    shows the job); a smaller one at once. Then (``then``): ``stage`` keeps the preview for
    its creator to confirm (``worksheet_apply``); ``preview`` only computes it (nothing
    written); ``apply`` imports what has no conflict, removals included, and the conflicts
    too with ``overwrite`` (the command line's ``--apply``). ``actor=None`` is the system.
    """
    if actor is not None:
        require(actor, "masterplan.change", region_id=region.pk)
    try:
        bounds = workbook_check_bounds(file)
    except WorkbookRefused as exc:
        raise ImportRefused(exc.rows) from None
    if bounds.total_rows > background_rows():
        return ImportStarted(
            job=_import_job(
                actor=actor, region=region, file=file, filename=filename, then=then, overwrite=overwrite
            )
        )
    return worksheet_read_now(
        actor=actor, region=region, file=file, filename=filename, then=then, overwrite=overwrite
    )


def worksheet_read_now(
    *, actor: UserLike, region: Region, file: Any, filename: str, then: str, overwrite: bool = False
) -> ImportStarted:
    """Read (bounds checked again) and preview, stage or apply a worksheet; the job runs it too."""
    parsed = workbook_parse(file, region=region)
    if isinstance(parsed, list):
        raise ImportRefused(parsed)
    preview = plan_import(actor=actor, region=region, parsed=parsed, dry_run=True)
    if then == PREVIEW:
        return ImportStarted(preview=preview)
    if then == APPLY:
        confirm = [c.key for c in preview.waiting if overwrite or not c.conflict]
        result = plan_import(actor=actor, region=region, parsed=parsed, confirm=confirm)
        return ImportStarted(preview=preview, result=result)
    staged = StagedUpload.objects.create(
        kind=STAGED_KIND,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        region=region,
        target={
            "start_year": parsed.start_year,
            "version": None if preview.plan_created else preview.version.number,
        },
        filename=filename[:200],
        content=parsed.as_dict(),
        preview={**preview.as_dict(), "message": preview_summary(preview)},
        expires_at=timezone.now() + dt.timedelta(hours=STAGED_HOURS),
    )
    return ImportStarted(staged=staged, preview=preview)


def staged_get_for_user(*, actor: UserLike, region: Region, token: Any) -> StagedUpload:
    """A staged worksheet of ``region``: only its creator may see or apply it (404 otherwise)."""
    staged = (
        StagedUpload.objects.filter(kind=STAGED_KIND, token=token, region=region).first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if staged is None or staged.created_by_id != getattr(actor, "pk", None):
        raise Http404("staged upload")
    return staged


def worksheet_apply(*, actor: UserLike, staged: StagedUpload, confirm: Collection[str]) -> ImportResult:
    """Apply a staged worksheet once: additions and changes, and the confirmed removals and
    conflicts (keys from its preview). The draft is compared again, so what changed in the
    meantime is a conflict too (applied only if confirmed)."""
    assert staged.region is not None
    with transaction.atomic():
        locked = StagedUpload.objects.select_for_update().get(pk=staged.pk)
        if locked.applied_at is not None:
            raise _staged_refusal(
                _("This import was already confirmed: upload the file again to import it again.")
            )
        if locked.expires_at < timezone.now():
            raise _staged_refusal(_("This preview has expired: upload the file again."))
        result = plan_import(
            actor=actor, region=staged.region, parsed=plan_from_dict(locked.content), confirm=confirm
        )
        locked.applied_at = timezone.now()
        locked.save(update_fields=["applied_at", "updated_at"])
    return result


def _staged_refusal(message: str) -> ImportRefused:
    return ImportRefused([RowError("", None, None, message)])


def _import_job(
    *, actor: UserLike, region: Region, file: Any, filename: str, then: str, overwrite: bool
) -> Job:
    from .. import tasks  # the task module imports this one

    return job_create(
        kind=tasks.JOB_KIND,
        actor=actor,
        region_id=region.pk,
        params={
            "region": region.code,
            "path": job_upload_store(file, directory=UPLOAD_DIR),
            "filename": filename[:200],
            "then": then,
            "overwrite": overwrite,
        },
        task=tasks.masterplan_import,
    )
