"""Evidence files of a progress report: checked by the one file check (``core.files``), stored
under random names, with a thumbnail for images; written only while the report may be edited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from kotacerdas.core.files import evidence_check, file_delete_on_commit, image_thumbnail
from kotacerdas.core.services import (
    UserLike,
    object_create,
    object_delete,
)

from . import selectors
from .access import require_open, require_writer
from .choices import (
    EDITABLE_STATES,
)
from .configure import DEADLINE_DAYS as DEADLINE_DAYS  # re-exported: monitoring's writes, from one module
from .configure import lock_exception_grant as lock_exception_grant
from .configure import lock_exception_revoke as lock_exception_revoke
from .configure import period_dates as period_dates
from .configure import period_update as period_update
from .configure import region_settings_update as region_settings_update
from .configure import reporting_year_setup as reporting_year_setup
from .configure import status_add as status_add
from .configure import status_save as status_save
from .configure import thresholds_update as thresholds_update
from .models import (
    Evidence,
    ProgressReport,
)
from .progress import deadline_end as deadline_end  # re-exported with the stored roll-up
from .progress import region_progress_refresh as region_progress_refresh
from .progress import rollup_json as rollup_json

# Evidence of one report: at most this many files and this many bytes in all (settings
# MONITORING_EVIDENCE_MAX_FILES / MONITORING_EVIDENCE_MAX_TOTAL_BYTES change them); each file is
# limited by core.files.evidence_check (settings.EVIDENCE_MAX_BYTES).
EVIDENCE_MAX_FILES = 10
EVIDENCE_MAX_TOTAL_BYTES = 50 * 1024 * 1024
EVIDENCE_NAME_CHARS = 200  # Evidence.name


def evidence_limits() -> tuple[int, int]:
    """How many evidence files a report may hold, and how many bytes in all."""
    return (
        int(getattr(settings, "MONITORING_EVIDENCE_MAX_FILES", EVIDENCE_MAX_FILES)),
        int(getattr(settings, "MONITORING_EVIDENCE_MAX_TOTAL_BYTES", EVIDENCE_MAX_TOTAL_BYTES)),
    )


def _require_report_editable(actor: UserLike, report: ProgressReport, *, field: str) -> None:
    """The checks every change to a report's evidence passes: the writer, the open period, and an
    item still in the plan in force (the report's own state is checked under the row lock)."""
    require_writer(actor, region_id=report.region_id, agency_id=report.agency_id)
    require_open(report.period, region_id=report.region_id, agency_id=report.agency_id)
    if selectors.item_in_force(region_id=report.region_id, lineage_id=report.lineage_id) is None:
        raise ValidationError(
            {
                field: _(
                    "This item is not in the region's master plan in force: its reports are kept, read-only."
                )
            }
        )


def _locked_editable(report: ProgressReport, *, field: str) -> ProgressReport:
    current = ProgressReport.objects.select_for_update().select_related("period").get(pk=report.pk)
    if current.state not in EDITABLE_STATES:
        raise ValidationError(
            {
                field: _("This report is %(state)s and can no longer be changed.")
                % {"state": current.get_state_display().lower()}
            }
        )
    return current


def _short_name(name: str) -> str:
    """The display name within ``Evidence.name``, keeping its ending."""
    if len(name) <= EVIDENCE_NAME_CHARS:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 10:
        return name[:EVIDENCE_NAME_CHARS]
    return stem[: EVIDENCE_NAME_CHARS - len(suffix) - 1] + "." + suffix


def evidence_add(*, actor: UserLike, report: ProgressReport, upload: Any) -> Evidence:
    """Attach a supporting file to a report its agency may still edit (a draft or a returned report).

    The file is checked by its content before anything is written (``core.files.evidence_check``:
    PDF, PNG, JPEG, .xlsx or .docx, a plain file name, within the size limit); it is stored under
    a random name, an image with a thumbnail. A report holds at most ``evidence_limits()`` files
    and bytes. Refused: a ``ValidationError`` on ``evidence`` saying why, nothing written."""
    _require_report_editable(actor, report, field="evidence")
    checked = evidence_check(upload, field="evidence")
    max_files, max_bytes = evidence_limits()
    stored: list[str] = []
    try:
        with transaction.atomic():
            current = _locked_editable(report, field="evidence")
            held = Evidence.objects.filter(report=current).aggregate(n=Count("pk"), total=Sum("size"))
            if held["n"] >= max_files:
                raise ValidationError(
                    {
                        "evidence": _(
                            "A report holds at most %(n)s files: remove one before adding %(name)s."
                        )
                        % {"n": max_files, "name": checked.display_name}
                    }
                )
            total = (held["total"] or 0) + checked.size
            if total > max_bytes:
                raise ValidationError(
                    {
                        "evidence": _(
                            "%(name)s would bring the report's files to %(total)s; together they may hold "
                            "at most %(limit)s. Remove a file or send a smaller one."
                        )
                        % {
                            "name": checked.display_name,
                            "total": filesizeformat(total),
                            "limit": filesizeformat(max_bytes),
                        }
                    }
                )
            evidence = Evidence(
                report=current,
                name=_short_name(checked.display_name),
                kind=checked.kind.value,
                size=checked.size,
                uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            # the stored name is random (models.evidence_upload_to), its ending the content's kind
            evidence.file.save(f"evidence.{checked.kind.extension}", upload, save=False)
            stored.append(evidence.file.name or "")
            if checked.kind.is_image:
                thumbnail = image_thumbnail(upload)
                evidence.thumbnail.save(thumbnail.name or "thumbnail.jpg", thumbnail, save=False)
                stored.append(evidence.thumbnail.name or "")
            object_create(
                actor=actor,
                obj=evidence,
                fields=["name", "kind", "size"],
                message=str(current),
            )
    except Exception:
        for name in filter(None, stored):  # nothing of a refused or failed upload stays on disk
            Evidence.file.field.storage.delete(name)
        raise
    return evidence


def evidence_remove(*, actor: UserLike, evidence: Evidence) -> None:
    """Remove a supporting file from a report its agency may still edit; the stored file and its
    thumbnail are deleted once the removal commits."""
    report = evidence.report
    _require_report_editable(actor, report, field="evidence")
    with transaction.atomic():
        current = _locked_editable(report, field="evidence")
        row = Evidence.objects.filter(pk=evidence.pk, report=current).first()
        if row is None:
            return  # already removed
        names = [row.file.name, row.thumbnail.name]
        object_delete(actor=actor, obj=row, fields=["name", "kind", "size"], message=str(current))
        for name in names:
            file_delete_on_commit(name, storage=Evidence.file.field.storage)
