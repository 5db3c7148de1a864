"""Upload a bulk-update sheet: read it (bounds first; a big one by a background job), preview what
it would do, stage the preview for its creator, and apply it once, all or nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.jobs import job_create, job_upload_store
from kotacerdas.core.models import Job, StagedUpload
from kotacerdas.core.services import UserLike
from kotacerdas.core.workbooks import (
    RowErrors,
    WorkbookRefused,
    workbook_background_rows,
    workbook_check_bounds,
)
from kotacerdas.organisation.models import Agency
from kotacerdas.regions.models import Region

from .. import selectors, services
from ..models import ReportingPeriod
from .format import (
    EDITABLE,
    HEADERS,
    READ_COLUMNS,
    SHEET_ORDER,
    SHEET_REPORTS,
    STAGED_HOURS,
    STAGED_KIND,
    UPLOAD_DIR,
    BulkRefused,
    refusal,
)
from .read import SheetRow, match_rows, read_rows
from .template import bulk_scope

NEEDS_CONFIRMATION = (services.CONFLICT,)


def _text(value: Any) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        if number.is_finite():
            return f"{number.normalize():f}"
    return str(value)


def _fields(check: services.ReportCheck) -> list[dict[str, str]]:
    """What a row changes, as ``{"field", "old", "new"}`` with the sheet's headers."""
    out = []
    for name in EDITABLE:
        if name not in check.changes:
            continue
        old, new = (_text(v) for v in check.changes[name])
        if old == new == "":
            continue
        out.append({"field": HEADERS[name], "old": old, "new": new})
    return out


def _row_dict(
    row: SheetRow, check: services.ReportCheck, agencies: dict[int, str], applied: bool | None = None
) -> dict[str, Any]:
    item = check.item
    outcome = check.outcome
    message = check.message
    if outcome == services.CONFLICT:
        message = _(
            "The report was changed in the application after this sheet was downloaded (version %(sheet)s, now "
            "%(now)s): tick it to overwrite it with the sheet's values."
        ) % {
            "sheet": check.write.expected_version,
            "now": 0 if check.report is None else check.report.row_version,
        }
    out: dict[str, Any] = {
        "row": row.row,
        "key": row.lineage,
        "code": item.code if item else row.code,
        "name": item.name if item else "",
        "agency": agencies.get(item.agency_id, "") if item else "",
        "outcome": outcome,
        "message": message,
        "needs_confirmation": outcome in NEEDS_CONFIRMATION,
        "fields": _fields(check),
    }
    if applied is not None:
        out["applied"] = applied
    return out


OUTCOMES = (
    services.NEW,
    services.CHANGED,
    services.CONFLICT,
    services.REFUSED,
    services.UNCHANGED,
)


def _counts(outcomes: Iterable[str], skipped: int = 0) -> dict[str, int]:
    counts = dict.fromkeys(OUTCOMES, 0)
    for outcome in outcomes:
        counts[outcome] = counts.get(outcome, 0) + 1
    counts["skipped"] = skipped
    return counts


def _invalid(checks: Sequence[services.ReportCheck], rows: Sequence[SheetRow], errors: RowErrors) -> None:
    for row, check in zip(rows, checks, strict=True):
        for name, message in check.errors.items():
            errors.add(SHEET_REPORTS, row.row, HEADERS.get(name), message)


@dataclass
class Preview:
    """What applying an uploaded sheet would do: a row per new, changed, conflicting or refused
    report (unchanged ones are only counted), and the staged upload to confirm."""

    region: str
    period: str
    period_label: str
    rows: list[dict[str, Any]]
    counts: dict[str, int]
    staged: StagedUpload | None = None

    @property
    def token(self) -> uuid.UUID | None:
        return None if self.staged is None else self.staged.token

    @property
    def message(self) -> str:
        return preview_summary(self.counts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "period": self.period,
            "period_label": self.period_label,
            "counts": self.counts,
            "rows": self.rows,
            "message": self.message,
        }


def preview_summary(counts: dict[str, int]) -> str:
    """One sentence saying what confirming a preview would do."""
    if not (counts[services.NEW] or counts[services.CHANGED] or counts[services.CONFLICT]):
        return (
            _(
                "Nothing to change: the sheet matches the reports (%(unchanged)s unchanged, %(refused)s refused)."
            )
            % counts
        )
    return (
        _(
            "New reports: %(new)s; changed: %(changed)s; conflicts with later changes in the application "
            "(applied only if ticked): %(conflict)s; refused: %(refused)s; unchanged: %(unchanged)s."
        )
        % counts
    )


def result_summary(counts: dict[str, int]) -> str:
    """One sentence saying what an upload did."""
    if not (counts["created"] or counts["updated"]):
        return _("Nothing changed: no report was written.")
    return (
        _(
            "Reports added: %(created)s; updated: %(updated)s; not applied: %(not_applied)s; "
            "unchanged: %(unchanged)s. They are drafts: submit them for approval."
        )
        % counts
    )


@dataclass
class _Checked:
    """A sheet read and checked: its rows, those matched to an item, and each one's check."""

    rows: list[tuple[int, dict[str, Any]]]
    sheet_rows: list[SheetRow]
    checks: list[services.ReportCheck]


def _read_and_check(
    *, actor: UserLike, region: Region, period: ReportingPeriod, file: Any, lock: bool = False
) -> _Checked:
    """Read a sheet with the one worksheet reader, match each row to its item and check every row
    with ``services.reports_check`` (the form's validation, permission, lock, state and version
    checks): the one reading of ``bulk_preview`` and ``bulk_upload``. Any problem refuses the
    whole file (``BulkRefused``, every problem by sheet, row and column)."""
    bulk_scope(actor=actor, region=region, agency_ids=None)
    errors = RowErrors()
    rows, found = read_rows(file, region=region, period=period, errors=errors)
    version = selectors.version_in_force_for_region(region.pk)
    if version is None:
        raise refusal(_("The region has no ratified master plan in force: there is nothing to report on."))
    items = selectors.reportable_items(version)
    sheet_rows = match_rows(rows, found, items, errors)
    checks = services.reports_check(
        actor=actor,
        period=period,
        region_id=region.pk,
        writes=[r.as_write() for r in sheet_rows],
        items=items,
        lock=lock,
    )
    _invalid(checks, sheet_rows, errors)
    if errors.items:
        raise BulkRefused(errors.sorted(SHEET_ORDER, {SHEET_REPORTS: READ_COLUMNS}))
    return _Checked(rows, sheet_rows, checks)


def bulk_preview(
    *, actor: UserLike, region: Region, period: ReportingPeriod, file: Any, filename: str = ""
) -> Preview:
    """Read an uploaded sheet and stage its preview for ``actor`` to confirm (``bulk_apply``).

    Every problem of the file (format, a cell that is not a number, an unknown item, a value the
    report form would refuse) refuses it whole: ``BulkRefused`` with each problem by sheet, row
    and column; nothing is staged. ``PermissionDenied`` for an actor who reports on nothing here.
    """
    checked = _read_and_check(actor=actor, region=region, period=period, file=file)
    rows, sheet_rows, checks = checked.rows, checked.sheet_rows, checked.checks
    agencies = dict(Agency.objects.filter(region=region).values_list("pk", "acronym"))
    shown = [
        _row_dict(r, c, agencies)
        for r, c in zip(sheet_rows, checks, strict=True)
        if c.outcome != services.UNCHANGED
    ]
    counts = _counts((c.outcome for c in checks), skipped=len(rows) - len(sheet_rows))
    # What is staged: the rows to write, each pinned to the report's version it was compared
    # with, so a change made between this preview and its confirmation is a conflict too.
    content = [
        {
            "row": r.row,
            "code": r.code,
            "lineage": r.lineage,
            "data": r.data,
            "expected_version": r.expected_version
            if r.expected_version is not None
            else (0 if c.report is None else c.report.row_version),
        }
        for r, c in zip(sheet_rows, checks, strict=True)
        if c.outcome in (services.NEW, services.CHANGED, services.CONFLICT)
    ]
    preview = Preview(region.code, period.code, str(period.label), shown, counts)
    preview.staged = StagedUpload.objects.create(
        kind=STAGED_KIND,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        region=region,
        target={"period": period.pk, "period_code": period.code},
        filename=filename[:200],
        content={"rows": content},
        preview=preview.as_dict(),
        expires_at=timezone.now() + dt.timedelta(hours=STAGED_HOURS),
    )
    return preview


def staged_get_for_user(*, actor: UserLike, region: Region, token: Any) -> StagedUpload:
    """A staged sheet of ``region``: only its creator may see or apply it (404 otherwise)."""
    try:
        key = token if isinstance(token, uuid.UUID) else uuid.UUID(str(token))
    except ValueError:
        raise Http404("staged upload") from None
    staged = (
        StagedUpload.objects.filter(kind=STAGED_KIND, token=key, region=region).first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if staged is None or staged.created_by_id != getattr(actor, "pk", None):
        raise Http404("staged upload")
    return staged


@dataclass
class BulkResult:
    """What an upload did: each row written or not applied, and the counts."""

    region: str
    period: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.counts.get("created") or self.counts.get("updated"))

    @property
    def message(self) -> str:
        return result_summary(self.counts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "period": self.period,
            "changed": self.changed,
            "counts": self.counts,
            "rows": self.rows,
            "message": self.message,
        }


def bulk_apply(
    *, actor: UserLike, token: Any, overwrite_rows: Collection[str] = (), region: Region | None = None
) -> BulkResult:
    """Apply a staged sheet once (its creator only: 404 otherwise), all or nothing, in one
    transaction: new and changed reports, and the conflicts whose keys are in ``overwrite_rows``.
    Every row is checked again against what is stored now (a report changed since the preview is a
    conflict; one no longer editable, or a period locked since, is refused and not applied)."""
    try:
        key = token if isinstance(token, uuid.UUID) else uuid.UUID(str(token))
    except ValueError:
        raise Http404("staged upload") from None
    overwrite = {str(k) for k in overwrite_rows}
    with transaction.atomic():
        staged = (
            StagedUpload.objects.select_for_update(of=("self",))
            .select_related("region")
            .filter(kind=STAGED_KIND, token=key)
            .first()
        )
        if (
            staged is None
            or staged.region is None
            or not getattr(actor, "is_authenticated", False)
            or staged.created_by_id != actor.pk
            or (region is not None and staged.region_id != region.pk)
        ):
            raise Http404("staged upload")
        if staged.applied_at is not None:
            raise refusal(_("This upload was already confirmed: upload the file again to apply it again."))
        if staged.expires_at < timezone.now():
            raise refusal(_("This preview has expired: upload the file again."))
        region_id: int = staged.region.pk
        period = ReportingPeriod.objects.select_related("reporting_year").get(pk=staged.target["period"])
        rows = [
            SheetRow(r["row"], r["lineage"], r["data"], r["expected_version"], r.get("code", ""))
            for r in staged.content["rows"]
        ]
        checks = services.reports_check(
            actor=actor,
            period=period,
            region_id=region_id,
            writes=[r.as_write() for r in rows],
            lock=True,
        )
        errors = RowErrors()
        _invalid(checks, rows, errors)
        if errors.items:
            raise BulkRefused(errors.sorted(SHEET_ORDER, {SHEET_REPORTS: READ_COLUMNS}))
        chosen = [
            c
            for r, c in zip(rows, checks, strict=True)
            if c.outcome in (services.NEW, services.CHANGED)
            or (c.outcome == services.CONFLICT and r.lineage in overwrite)
        ]
        services.reports_write(actor=actor, period=period, region_id=region_id, checks=chosen)
        staged.applied_at = timezone.now()
        staged.save(update_fields=["applied_at", "updated_at"])
    written = {id(c) for c in chosen}
    agencies = dict(Agency.objects.filter(region_id=region_id).values_list("pk", "acronym"))
    # The rows refused at the preview were not staged: the result lists them as not applied.
    refused = [
        {**row, "applied": False}
        for row in staged.preview.get("rows", [])
        if row["outcome"] == services.REFUSED
    ]
    result = BulkResult(region=staged.region.code, period=period.code)
    result.rows = sorted(
        [
            _row_dict(r, c, agencies, applied=id(c) in written)
            for r, c in zip(rows, checks, strict=True)
            if c.outcome != services.UNCHANGED
        ]
        + refused,
        key=lambda row: row["row"],
    )
    outcomes = [c.outcome for c in checks]
    result.counts = {
        "created": sum(1 for c in chosen if c.report is None),
        "updated": sum(1 for c in chosen if c.report is not None),
        "not_applied": len(rows) - len(chosen) - outcomes.count(services.UNCHANGED) + len(refused),
        "unchanged": outcomes.count(services.UNCHANGED)
        + staged.preview.get("counts", {}).get(services.UNCHANGED, 0),
    }
    return result


# ---------------------------------------------------------------- the one entry point


@dataclass
class BulkStarted:
    """What the page or the API gets back from ``bulk_read``: the preview, or the job making it."""

    preview: Preview | None = None
    job: Job | None = None


def bulk_read(
    *, actor: UserLike, region: Region, period: ReportingPeriod, file: Any, filename: str = ""
) -> BulkStarted:
    """Read an uploaded sheet: the one path of the page and the API. Its bounds are checked before
    anything else reads it (a refusal writes nothing, not even a job); a workbook of more than
    ``WORKBOOK_BACKGROUND_ROWS`` rows is stored and previewed by a background job (the same
    file uploaded twice while its job runs gets that job), a smaller one at once."""
    bulk_scope(actor=actor, region=region, agency_ids=None)
    try:
        bounds = workbook_check_bounds(file)
    except WorkbookRefused as exc:
        raise BulkRefused(exc.rows) from None
    if bounds.total_rows > workbook_background_rows():
        return BulkStarted(
            job=_bulk_job(actor=actor, region=region, period=period, file=file, filename=filename)
        )
    return BulkStarted(
        preview=bulk_preview(actor=actor, region=region, period=period, file=file, filename=filename)
    )


def _digest(file: Any) -> str:
    if isinstance(file, bytes | bytearray):
        return hashlib.sha256(file).hexdigest()
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _bulk_job(*, actor: UserLike, region: Region, period: ReportingPeriod, file: Any, filename: str) -> Job:
    from .. import tasks  # the task module imports this one

    key = f"{STAGED_KIND}:{getattr(actor, 'pk', '')}:{period.code}:{_digest(file)}"
    path = job_upload_store(file, directory=UPLOAD_DIR)
    job = job_create(
        kind=tasks.BULK_JOB_KIND,
        actor=actor,
        region_id=region.pk,
        params={"region": region.code, "period": period.code, "path": path, "filename": filename[:200]},
        dedupe_key=key,
    )
    if job.params.get("path") != path:  # the same file's job was already under way: keep that one
        default_storage.delete(path)
    return job


def bulk_upload(*, actor: UserLike, region: Region, period: ReportingPeriod, file: Any) -> BulkResult:
    """Preview and apply a sheet at once (conflicts are not applied): for scripts and the bench.

    What ``bulk_preview`` then ``bulk_apply`` would do, in one pass and one transaction: the sheet
    is read and every row checked once, the stored reports locked while they are checked
    (so nothing changes between the check and the write), and nothing is staged."""
    with transaction.atomic():
        checked = _read_and_check(actor=actor, region=region, period=period, file=file, lock=True)
        chosen = [c for c in checked.checks if c.outcome in (services.NEW, services.CHANGED)]
        services.reports_write(actor=actor, period=period, region_id=region.pk, checks=chosen)
    written = {id(c) for c in chosen}
    agencies = dict(Agency.objects.filter(region=region).values_list("pk", "acronym"))
    result = BulkResult(region=region.code, period=period.code)
    result.rows = [
        _row_dict(r, c, agencies, applied=id(c) in written)
        for r, c in zip(checked.sheet_rows, checked.checks, strict=True)
        if c.outcome != services.UNCHANGED
    ]
    outcomes = [c.outcome for c in checked.checks]
    unchanged = outcomes.count(services.UNCHANGED)
    result.counts = {
        "created": sum(1 for c in chosen if c.report is None),
        "updated": sum(1 for c in chosen if c.report is not None),
        "not_applied": len(checked.checks) - len(chosen) - unchanged,
        "unchanged": unchanged,
    }
    return result
