"""Writes of implementation monitoring: progress reports and their moderation, evidence; the
settings (``configure``) and the stored roll-up (``progress``) are re-exported from here.

Every write checks the actor's permission, the period's lock and the report's state here, so the
report form, the API and the bulk upload refuse the same things with the same messages.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.models import AuditAction
from kotacerdas.core.permissions import require
from kotacerdas.core.services import (
    UserLike,
    audit_event,
    audit_record,
    audit_record_many,
    diff,
    json_value,
    snapshot,
)
from kotacerdas.masterplans.models import PlanItemLineage

from . import selectors
from .access import (
    conflict_message,
    not_in_force_message,
    require_open,
    require_writer,
    state_message,
    writer_message,
)
from .choices import (
    EDITABLE_STATES,
    ReportState,
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
from .evidence import evidence_add as evidence_add  # re-exported
from .evidence import evidence_limits as evidence_limits
from .evidence import evidence_remove as evidence_remove
from .models import (
    ProgressReport,
    ProgressStatus,
    RegionProgress,
    ReportingPeriod,
)
from .progress import deadline_end as deadline_end  # re-exported with the stored roll-up
from .progress import region_progress_refresh as region_progress_refresh
from .progress import rollup_json as rollup_json

MAX_LINKS = 10
# The fields a reporting agency writes (the audit trail and the conflict answer show these).
REPORT_FIELDS = (
    "status",
    "manual_percent",
    "manual_reason",
    "budget_realised",
    "indicator_actual",
    "narrative",
    "links",
)


# ---------------------------------------------------------------- progress reports


def _clean_decimal(value: Any, field: str, *, minimum: Decimal | None = None) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: _("Enter a number.")}) from exc
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    if minimum is not None and number < minimum:
        raise ValidationError({field: _("The value cannot be negative.")})
    if abs(number) >= Decimal(10) ** 16:
        raise ValidationError({field: _("The number is too large.")})
    return number.quantize(Decimal("0.01"))


def _clean_links(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    items = value.split() if isinstance(value, str) else list(value)
    links = []
    for raw in items:
        link = str(raw).strip()
        if not link:
            continue
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(link) > 500:
            raise ValidationError(
                {
                    "links": _("“%(link)s” is not a web address (it must start with https:// or http://).")
                    % {"link": link[:80]}
                }
            )
        links.append(link)
    if len(links) > MAX_LINKS:
        raise ValidationError({"links": _("Give at most %(n)s links.") % {"n": MAX_LINKS}})
    return links


def _status_for(
    period: ReportingPeriod, status: Any, statuses: Sequence[ProgressStatus] | None = None
) -> ProgressStatus | None:
    """The status of the period's year given as a row, its code or its label (looked up in
    ``statuses``, the year's vocabulary, when the caller has it: a batch reads it once)."""
    if isinstance(status, ProgressStatus):
        return status if status.reporting_year_id == period.reporting_year_id else None
    code = str(status or "").strip()
    if not code:
        return None
    if statuses is not None:
        folded = code.casefold()
        return next((s for s in statuses if s.code == code), None) or next(
            (s for s in statuses if s.label.casefold() == folded), None
        )
    rows = ProgressStatus.objects.filter(reporting_year_id=period.reporting_year_id)
    return rows.filter(code=code).first() or rows.filter(label__iexact=code).first()


def report_clean(
    *,
    period: ReportingPeriod,
    data: Mapping[str, Any],
    kind: str,
    statuses: Sequence[ProgressStatus] | None = None,
) -> dict[str, Any]:
    """Validate what an agency reports (the form, the API and the bulk upload call this): the status
    from the period's vocabulary (``statuses``: the year's, when the caller has read it), a manual %
    only with its reason and not on an excluded status, non-negative budgets, web links. Returns
    the values to store."""
    errors: dict[str, str] = {}
    status_row = _status_for(period, data.get("status"), statuses)
    if status_row is None:
        errors["status"] = _("Choose a status from the list of %(year)s.") % {"year": period.year}
    cleaned: dict[str, Any] = {"status": status_row}
    for field, minimum in (
        ("manual_percent", Decimal(0)),
        ("budget_realised", Decimal(0)),
        ("indicator_actual", None),
    ):
        try:
            cleaned[field] = _clean_decimal(data.get(field), field, minimum=minimum)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    manual = cleaned.get("manual_percent")
    reason = str(data.get("manual_reason") or "").strip()
    if manual is not None and manual > 100:
        errors["manual_percent"] = _("A progress lies between 0 and 100 %.")
    if manual is not None and not reason:
        errors["manual_reason"] = _(
            "Say why the progress differs from the status's (a manual % needs a reason)."
        )
    if manual is not None and status_row is not None and status_row.percent is None:
        errors["manual_percent"] = _(
            "A cancelled or postponed item has no progress %: leave the manual % empty."
        )
    cleaned["manual_reason"] = reason if manual is not None else ""
    cleaned["narrative"] = str(data.get("narrative") or "").strip()
    if len(cleaned["narrative"]) > 5000:
        errors["narrative"] = _("Keep the description under 5,000 characters.")
    try:
        cleaned["links"] = _clean_links(data.get("links"))
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if kind == "quick_win":
        cleaned["indicator_actual"] = None
    if errors:
        raise ValidationError(errors)
    return cleaned


# What writing a report would do (``ReportCheck.outcome``).
NEW, CHANGED, UNCHANGED, CONFLICT, REFUSED, INVALID = (
    "new",
    "changed",
    "unchanged",
    "conflict",
    "refused",
    "invalid",
)
_UPDATED_FIELDS = [
    *REPORT_FIELDS,
    "item_code",
    "item_name",
    "agency",
    "action",
    "quick_win",
    "client_key",
    "row_version",
    "updated_at",
]


@dataclass(frozen=True)
class ReportWrite:
    """One report an agency writes: its item (``lineage_id``), the values (as ``report_clean``
    takes them), the report's ``row_version`` the writer saw (``0``: there was no report yet;
    ``None``: do not check) and the browser's ``client_key``. With ``partial``, a value absent
    from ``data`` keeps the stored one (links always do when absent)."""

    lineage_id: Any
    data: Mapping[str, Any]
    expected_version: int | None = None
    client_key: str = ""
    partial: bool = False


@dataclass
class ReportCheck:
    """What writing ``write`` would do now (``reports_check``); nothing is written.

    ``refusal`` (``refusal_code``: not_in_force, permission or locked) when the item may not be
    reported on at all; else ``errors`` (field → message) when the values are invalid; else the
    ``cleaned`` values and the ``changes`` (field → [stored, new]) they make to the stored
    ``report`` (``None``: there is none yet).
    """

    write: ReportWrite
    item: selectors.Item | None = None
    report: ProgressReport | None = None
    refusal: str = ""
    refusal_code: str = ""
    errors: dict[str, str] = dataclasses.field(default_factory=dict)
    cleaned: dict[str, Any] = dataclasses.field(default_factory=dict)
    changes: dict[str, list[Any]] = dataclasses.field(default_factory=dict)

    @property
    def editable(self) -> bool:
        return self.report is None or self.report.state in EDITABLE_STATES

    @property
    def stale(self) -> bool:
        """The report changed (or was created) after the writer saw it."""
        expected = self.write.expected_version
        if expected is None:
            return False
        return (0 if self.report is None else self.report.row_version) != expected

    @property
    def outcome(self) -> str:
        """new, changed, unchanged, conflict (stale and changing), refused or invalid."""
        if self.refusal:
            return REFUSED
        if self.errors:
            return INVALID
        if not self.changes:
            return UNCHANGED
        if not self.editable:
            return REFUSED
        if self.stale:
            return CONFLICT
        return NEW if self.report is None else CHANGED

    @property
    def message(self) -> str:
        """Why the write is refused (empty when it is not)."""
        if self.refusal:
            return self.refusal
        if self.report is not None and self.changes and not self.editable:
            return state_message(self.report)
        return ""


def _stored_values(report: ProgressReport) -> dict[str, Any]:
    return {name: getattr(report, name) for name in REPORT_FIELDS}


def _lineage_key(value: Any) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def reports_check(
    *,
    actor: UserLike,
    period: ReportingPeriod,
    region_id: int,
    writes: Sequence[ReportWrite],
    lock: bool = False,
    items: Sequence[selectors.Item] | None = None,
) -> list[ReportCheck]:
    """Check report writes against what is stored, one ``ReportCheck`` per write, in a fixed
    number of queries whatever their number: the item must be in the region's plan in force (an
    item dropped from it keeps its history read-only), the actor must report for its agency, the
    period must be open for that agency, the values must pass ``report_clean``; then the stored
    report says what would change, whether it is still editable (draft or returned) and whether
    it changed since the writer saw it. Nothing is written. With ``lock`` (inside a
    transaction) the stored reports stay locked until it ends. ``items``: the reportable items of
    the region's plan in force, when the caller has just read them (``selectors.reportable_items``).

    The one check of ``report_save`` and of the bulk upload (``bulk.py``)."""
    lineages = [_lineage_key(w.lineage_id) for w in writes]
    wanted = [key for key in lineages if key is not None]
    if items is None:
        version = selectors.version_in_force_for_region(region_id) if wanted else None
        items = [] if version is None else selectors.reportable_items(version, lineage_ids=wanted)
    in_force = {i.lineage_id: i for i in items}
    statuses = list(ProgressStatus.objects.filter(reporting_year_id=period.reporting_year_id))
    by_pk = {s.pk: s for s in statuses}
    stored = ProgressReport.objects.filter(period=period, lineage_id__in=[k for k in wanted if k in in_force])
    if lock:
        stored = stored.select_for_update(of=("self",))
    reports = {r.lineage_id: r for r in stored} if in_force else {}
    for report in reports.values():  # the rows already read, so that nothing is read per report
        report.period = period
        report.status = by_pk.get(report.status_id) or report.status
    locks: dict[int, selectors.Lock | None] = {}
    checks: list[ReportCheck] = []
    for write, lineage in zip(writes, lineages, strict=True):
        check = ReportCheck(write=write)
        checks.append(check)
        item = in_force.get(lineage) if lineage is not None else None
        if item is None:
            check.refusal_code, check.refusal = "not_in_force", not_in_force_message()
            continue
        check.item, check.report = item, reports.get(item.lineage_id)
        if not selectors.may_report(actor, region_id=region_id, agency_id=item.agency_id):
            check.refusal_code, check.refusal = "permission", writer_message()
            continue
        if item.agency_id not in locks:
            locks[item.agency_id] = selectors.period_lock(
                period, region_id=region_id, agency_id=item.agency_id
            )
        period_lock = locks[item.agency_id]
        if period_lock is not None:
            check.refusal_code, check.refusal = "locked", period_lock.message
            continue
        _check_values(check, period=period, statuses=statuses)
    return checks


def _check_values(check: ReportCheck, *, period: ReportingPeriod, statuses: Sequence[ProgressStatus]) -> None:
    """Clean the values of a write the actor may make, and find what they change."""
    assert check.item is not None
    data = dict(check.write.data)
    if check.report is not None and check.write.partial:
        data = {**_stored_values(check.report), **data}
    try:
        check.cleaned = report_clean(period=period, data=data, kind=check.item.kind, statuses=statuses)
    except ValidationError as exc:
        check.errors = {name: messages[0] for name, messages in exc.message_dict.items()}
        return
    after = {name: json_value(check.cleaned[name]) for name in REPORT_FIELDS}
    if check.report is None:
        check.changes = {name: [None, value] for name, value in after.items()}
        return
    check.changes = diff(snapshot(check.report, REPORT_FIELDS), after)
    if check.report.status_id != check.cleaned["status"].pk and "status" not in check.changes:
        check.changes["status"] = [str(check.report.status), str(check.cleaned["status"])]


def reports_write(
    *, actor: UserLike, period: ReportingPeriod, region_id: int, checks: Sequence[ReportCheck]
) -> list[ProgressReport]:
    """Write checked reports (from ``reports_check``: new, changed, or a conflict the writer chose
    to overwrite) as drafts, with one audit event each, in one transaction (the caller's, when it
    has one) and a fixed number of statements: new reports in one insert, changed ones in one
    upsert, their events in one insert. Every value written was validated by ``report_clean`` or
    comes from the plan item (the database's constraints hold the rest). Returns the reports in
    the order of ``checks``."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    written: list[tuple[ProgressReport, ReportCheck, bool]] = []
    changed_rows: list[ProgressReport] = []
    for check in checks:
        if check.outcome not in (NEW, CHANGED, CONFLICT) or check.item is None:
            raise ValueError(f"a {check.outcome} report is not written")
        item, report = check.item, check.report
        created = report is None
        if report is None:
            report = ProgressReport(
                region_id=region_id,
                period=period,
                lineage_id=item.lineage_id,
                kind=item.kind,
                created_by=user,
                **check.cleaned,
            )
        else:
            for name, value in check.cleaned.items():
                setattr(report, name, value)
            report.row_version += 1
            report.updated_at = now
        report.item_code, report.item_name, report.agency_id = item.code, item.name, item.agency_id
        report.action_id = item.pk if item.kind == "action" else None
        report.quick_win_id = item.pk if item.kind == "quick_win" else None
        if check.write.client_key:
            report.client_key = check.write.client_key[:64]
        written.append((report, check, created))
        if not created:
            changed_rows.append(_upsert_row(report))
    with transaction.atomic():
        ProgressReport.objects.bulk_create([r for r, _c, created in written if created])
        # Django's bulk_update builds a CASE per field and row (minutes for thousands of rows):
        # an insert that updates the stored row of the same item and period is one statement.
        ProgressReport.objects.bulk_create(
            changed_rows,
            update_conflicts=True,
            unique_fields=["lineage", "period"],
            update_fields=_UPDATED_FIELDS,
        )
        audit_record_many(
            audit_event(
                actor=actor,
                action=AuditAction.CREATE if created else AuditAction.UPDATE,
                obj=report,
                changes=check.changes,
            )
            for report, check, created in written
        )
    return [report for report, _c, _created in written]


def _upsert_row(report: ProgressReport) -> ProgressReport:
    """A copy of a stored report to upsert: it updates ``_UPDATED_FIELDS`` of the stored row of
    the same item and period (its id, uid and creation stay as they are)."""
    row = ProgressReport(
        **{f.attname: getattr(report, f.attname) for f in ProgressReport._meta.concrete_fields}
    )
    row.pk, row.uid = None, uuid.uuid4()
    return row


def report_save(
    *,
    actor: UserLike,
    period: ReportingPeriod,
    region_id: int,
    lineage_id: Any,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    client_key: str = "",
) -> ProgressReport:
    """Create or update the draft report of one item in one period.

    The item must be in the region's plan in force (an item dropped from it keeps its history
    read-only); the period must be open for the item's agency; a report already submitted or
    approved is not edited. A stale ``expected_version`` raises ``ConflictError`` with the values
    saved by the other writer. A resent offline draft (same ``client_key`` as the last accepted
    send) is recognised and not applied twice. Values the report already holds are no change:
    sent again (with any ``expected_version``, in any state) they write nothing, so the same
    send twice (an agency's own system, a sheet uploaded again) leaves no trace the second time.
    The checks are ``reports_check``'s, the write ``reports_write``'s: the same as a bulk upload's.
    """
    write = ReportWrite(lineage_id, data, expected_version, client_key)
    with transaction.atomic():
        check = reports_check(actor=actor, period=period, region_id=region_id, writes=[write], lock=True)[0]
        if check.refusal_code == "permission":
            raise PermissionDenied(check.refusal)
        if check.refusal:
            raise ValidationError(check.refusal, code=check.refusal_code)
        if check.errors:
            raise ValidationError(check.errors)
        report = check.report
        if report is not None:
            if client_key and report.client_key == client_key:
                return report  # this send was accepted before (a retry after a dropped connection)
            if not check.changes:
                # The same values sent again (an agency's system syncing, a sheet uploaded twice):
                # nothing to write, so no state or version rule is broken and nothing is lost.
                if client_key and check.editable:
                    report.client_key = client_key[:64]
                    report.save(update_fields=["client_key", "updated_at"])
                return report
            if not check.editable:
                raise ValidationError(state_message(report), code="state")
            if check.stale:
                raise ConflictError(
                    conflict_message(),
                    current=snapshot(report, REPORT_FIELDS),
                    row_version=report.row_version,
                )
        try:
            with transaction.atomic():
                return reports_write(actor=actor, period=period, region_id=region_id, checks=[check])[0]
        except IntegrityError:
            # Two writers created the same report at once (the unique item-and-period constraint):
            # the second gets the first one's values as a conflict, never a server error.
            other = ProgressReport.objects.get(lineage_id=lineage_id, period=period)
            raise ConflictError(
                conflict_message(), current=snapshot(other, REPORT_FIELDS), row_version=other.row_version
            ) from None


def report_send(
    *,
    actor: UserLike,
    period: ReportingPeriod,
    region_id: int,
    lineage_id: Any,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    client_key: str = "",
    upload: Any = None,
) -> tuple[ProgressReport, bool]:
    """What the report form sends: the draft (``report_save``) and, if given, one evidence file
    (``evidence_add``), both or neither. Returns the report and whether this send is new:
    a send whose ``client_key`` was accepted before (a resent offline draft, or a form sent twice)
    changes nothing, not even a second copy of its file."""
    key = client_key[:64]
    with transaction.atomic():
        if key:
            seen = (
                ProgressReport.objects.select_for_update()
                .filter(lineage_id=lineage_id, period=period, client_key=key)
                .first()
            )
            if seen is not None:
                require_writer(actor, region_id=seen.region_id, agency_id=seen.agency_id)
                return seen, False
        report = report_save(
            actor=actor,
            period=period,
            region_id=region_id,
            lineage_id=lineage_id,
            data=data,
            expected_version=expected_version,
            client_key=key,
        )
        if upload:
            evidence_add(actor=actor, report=report, upload=upload)
    return report, True


def report_submit(
    *, actor: UserLike, report: ProgressReport, expected_version: int | None = None
) -> ProgressReport:
    """The agency sends a draft (or a returned report) to the region's coordinator for approval."""
    require_writer(actor, region_id=report.region_id, agency_id=report.agency_id)
    require_open(report.period, region_id=report.region_id, agency_id=report.agency_id)
    with transaction.atomic():
        current = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if expected_version is not None and current.row_version != expected_version:
            raise ConflictError(
                conflict_message(), current=snapshot(current, REPORT_FIELDS), row_version=current.row_version
            )
        if current.state not in EDITABLE_STATES:
            raise ValidationError(
                _("This report is %(state)s; only a draft or a returned report can be submitted.")
                % {"state": current.get_state_display().lower()},
                code="state",
            )
        if selectors.item_in_force(region_id=current.region_id, lineage_id=current.lineage_id) is None:
            raise ValidationError(not_in_force_message(), code="not_in_force")
        old_state = current.state
        current.state = ReportState.SUBMITTED
        current.submitted_at = timezone.now()
        current.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
        current.row_version += 1
        current.save()
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=current,
            changes={"state": [old_state, current.state]},
        )
        _notify_submitted([current])
    return current


def report_decide(
    *, actor: UserLike, reports: Sequence[ProgressReport], approve: bool, comment: str = ""
) -> list[ProgressReport]:
    """The coordinator approves submitted reports, or returns them with a comment, one or many at
    once. All or nothing: a report not submitted (or of a region the actor does not approve in)
    refuses the whole batch. Approval rewrites the stored roll-up of each region and period
    touched, in the same transaction, so dashboards show it at once."""
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError(
            {"comment": _("Say what the agency should change (a returned report needs a comment).")}
        )
    if not reports:
        raise ValidationError(_("Choose at least one report."))
    for report in reports:
        require(actor, "monitoring.approve", region_id=report.region_id)
    user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    decided: list[ProgressReport] = []
    with transaction.atomic():
        rows = list(
            ProgressReport.objects.select_for_update()
            .filter(pk__in=[r.pk for r in reports])
            .select_related("period__reporting_year")
            .order_by("pk")
        )
        for current in rows:
            if current.state != ReportState.SUBMITTED:
                raise ValidationError(
                    _("The report on %(code)s is %(state)s, not waiting for approval: nothing was changed.")
                    % {"code": current.item_code, "state": current.get_state_display().lower()},
                    code="state",
                )
        for current in rows:
            old_state = current.state
            current.state = ReportState.APPROVED if approve else ReportState.RETURNED
            current.decided_at, current.decided_by = now, user
            current.return_comment = "" if approve else comment
            current.row_version += 1
            current.save()
            changes: dict[str, Any] = {"state": [old_state, current.state]}
            if not approve:
                changes["return_comment"] = ["", comment]
            audit_record(
                actor=actor, action=AuditAction.TRANSITION, obj=current, changes=changes, message=comment
            )
            decided.append(current)
        if approve:
            touched = {(r.region_id, r.period_id): r.period for r in decided}
            for (region_id, _period_id), period in sorted(touched.items()):
                _stored_rollups_refresh(region_id=region_id, period=period, this_one_too=True)
                _stage_implementing(actor=actor, region_id=region_id)
        _notify_decided(decided, approved=approve)
    return decided


def _stored_rollups_refresh(*, region_id: int, period: ReportingPeriod, this_one_too: bool) -> None:
    """Rewrite the region's stored roll-ups from ``period`` to the end of its year (a report of
    ``period`` counts, or stops counting, in each of them): the later ones that are stored, and
    ``period``'s own even when none is stored yet if ``this_one_too`` (an approval creates it)."""
    for later in ReportingPeriod.objects.filter(
        reporting_year_id=period.reporting_year_id, number__gte=period.number
    ).select_related("reporting_year"):
        if (this_one_too and later.pk == period.pk) or RegionProgress.objects.filter(
            region_id=region_id, period=later
        ).exists():
            region_progress_refresh(region_id=region_id, period=later)


def report_reopen(*, actor: UserLike, report: ProgressReport, comment: str) -> ProgressReport:
    """The coordinator takes back an approved report to be corrected (it stops counting at once)."""
    require(actor, "monitoring.approve", region_id=report.region_id)
    comment = comment.strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Say what the agency should change (a returned report needs a comment).")}
        )
    with transaction.atomic():
        current = (
            ProgressReport.objects.select_for_update()
            .select_related("period__reporting_year")
            .get(pk=report.pk)
        )
        if current.state != ReportState.APPROVED:
            raise ValidationError(_("Only an approved report can be reopened."), code="state")
        current.state = ReportState.RETURNED
        current.return_comment = comment
        current.decided_at = timezone.now()
        current.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        current.row_version += 1
        current.save()
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=current,
            changes={"state": [ReportState.APPROVED, ReportState.RETURNED], "return_comment": ["", comment]},
            message=comment,
        )
        _stored_rollups_refresh(region_id=current.region_id, period=current.period, this_one_too=False)
        _notify_decided([current], approved=False)
    return current


# ---------------------------------------------------------------- hooks into other parts


def _stage_implementing(*, actor: UserLike, region_id: int) -> None:
    """The first approved report of a region with a ratified plan moves it to "implementing"."""
    from kotacerdas.programme.choices import Stage
    from kotacerdas.programme.services import participation_stage_established

    participation_stage_established(actor=actor, region_id=region_id, stage=Stage.IMPLEMENTING)


def _notify_submitted(reports: Iterable[ProgressReport]) -> None:
    """Tell the region's coordinators that reports wait for their approval (after commit)."""
    from .notices import reports_submitted

    reports_submitted(list(reports))


def _notify_decided(reports: Iterable[ProgressReport], *, approved: bool) -> None:
    """Tell the reporting agency that its reports were approved or returned (after commit)."""
    from .notices import reports_decided

    reports_decided(list(reports), approved=approved)


def lineage_region_id(lineage_id: Any) -> int | None:
    """The region of a plan item's lineage (the API's bulk calls address items by lineage)."""
    return PlanItemLineage.objects.filter(pk=lineage_id).values_list("region_id", flat=True).first()
