"""Writes of implementation monitoring: reporting years and periods, lock exceptions, progress
reports and their moderation, evidence, and the stored roll-up that approval keeps fresh.

Every write checks the actor's permission, the period's lock and the report's state here, so the
report form, the API and the bulk upload refuse the same things with the same messages.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.files import evidence_check, file_delete_on_commit, image_thumbnail
from kotacerdas.core.models import AuditAction
from kotacerdas.core.permissions import can, require
from kotacerdas.core.services import (
    UserLike,
    audit_event,
    audit_record,
    audit_record_many,
    diff,
    json_value,
    object_create,
    object_delete,
    object_update,
    snapshot,
)
from kotacerdas.masterplans.models import PlanItemLineage

from . import rollup, selectors
from .choices import (
    DEFAULT_STATUSES,
    EDITABLE_STATES,
    PERIODS_PER_YEAR,
    PeriodScheme,
    ReportState,
    Weighting,
)
from .models import (
    Evidence,
    LockException,
    ProgressReport,
    ProgressStatus,
    RegionProgress,
    RegionSettings,
    ReportingPeriod,
    ReportingYear,
)

# Days after a period's end until its deadline, by default.
DEADLINE_DAYS = 15
MAX_LINKS = 10
# Evidence of one report: at most this many files and this many bytes in all (settings
# MONITORING_EVIDENCE_MAX_FILES / MONITORING_EVIDENCE_MAX_TOTAL_BYTES change them); each file is
# limited by core.files.evidence_check (settings.EVIDENCE_MAX_BYTES).
EVIDENCE_MAX_FILES = 10
EVIDENCE_MAX_TOTAL_BYTES = 50 * 1024 * 1024
EVIDENCE_NAME_CHARS = 200  # Evidence.name
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


# ---------------------------------------------------------------- years, periods, vocabulary


def period_dates(year: int, scheme: str) -> list[tuple[int, dt.date, dt.date, dt.date, dt.date]]:
    """``(number, covers from, covers until, opens, deadline)`` of each period of ``year``: a period
    opens on its first day and its deadline is ``DEADLINE_DAYS`` after its last day."""
    count = PERIODS_PER_YEAR[scheme]
    months = 12 // count
    rows = []
    for number in range(1, count + 1):
        first_month = (number - 1) * months + 1
        last_month = first_month + months - 1
        starts = dt.date(year, first_month, 1)
        ends = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
        rows.append((number, starts, ends, starts, ends + dt.timedelta(days=DEADLINE_DAYS)))
    return rows


def reporting_year_setup(
    *, actor: UserLike, year: int, scheme: str = PeriodScheme.QUARTERLY
) -> ReportingYear:
    """Open ``year`` for monitoring: its periods by ``scheme`` and the default status vocabulary."""
    require(actor, "monitoring.configure")
    if scheme not in PERIODS_PER_YEAR:
        raise ValidationError({"scheme": _("Choose quarterly, half-yearly or yearly periods.")})
    with transaction.atomic():
        if ReportingYear.objects.filter(year=year).exists():
            raise ValidationError({"year": _("Monitoring of %(year)s is already set up.") % {"year": year}})
        reporting_year = object_create(
            actor=actor,
            obj=ReportingYear(year=year, scheme=scheme),
            fields=["year", "scheme", "amber_gap", "red_gap"],
        )
        ReportingPeriod.objects.bulk_create(
            ReportingPeriod(
                reporting_year=reporting_year, number=n, starts_on=s, ends_on=e, opens_on=o, deadline=d
            )
            for n, s, e, o, d in period_dates(year, scheme)
        )
        ProgressStatus.objects.bulk_create(
            ProgressStatus(
                reporting_year=reporting_year, code=code, label=str(label), percent=percent, position=i
            )
            for i, (code, label, percent) in enumerate(DEFAULT_STATUSES)
        )
    return reporting_year


def period_update(
    *, actor: UserLike, period: ReportingPeriod, opens_on: dt.date, deadline: dt.date
) -> ReportingPeriod:
    """Move a period's reporting window (its span stays that of its number)."""
    require(actor, "monitoring.configure")
    if deadline < opens_on:
        raise ValidationError({"deadline": _("The deadline cannot be before reporting opens.")})
    with transaction.atomic():
        current = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
        before = snapshot(current, ["opens_on", "deadline"])
        current.opens_on, current.deadline = opens_on, deadline
        current.save(update_fields=["opens_on", "deadline", "updated_at"])
        changes = diff(before, snapshot(current, ["opens_on", "deadline"]))
        if changes:
            audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, changes=changes)
        if "deadline" in changes:
            _on_time_refresh(current)
    return current


def _deadline_end(period: ReportingPeriod) -> dt.datetime:
    """The moment a period's deadline day ends: a report submitted before it was on time."""
    return timezone.make_aware(dt.datetime.combine(period.deadline + dt.timedelta(days=1), dt.time()))


def _on_time_refresh(period: ReportingPeriod) -> None:
    """Recount the stored on-time reports of every region in ``period`` (its deadline moved):
    two queries and one bulk update, whatever the number of regions."""
    on_time = dict(
        ProgressReport.objects.filter(
            period=period, state=ReportState.APPROVED, submitted_at__lt=_deadline_end(period)
        )
        .values("region_id")
        .annotate(n=Count("pk"))
        .values_list("region_id", "n")
        .order_by()
    )
    rows = list(RegionProgress.objects.filter(period=period).only("pk", "region_id", "items_on_time"))
    for row in rows:
        row.items_on_time = on_time.get(row.region_id, 0)
    RegionProgress.objects.bulk_update(rows, ["items_on_time"], batch_size=500)


def status_save(
    *,
    actor: UserLike,
    reporting_year: ReportingYear,
    code: str,
    label: str,
    percent: int | None,
    position: int = 0,
) -> ProgressStatus:
    """Add a status to a year's vocabulary or change one (its label, % or order)."""
    require(actor, "monitoring.configure")
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError({"percent": _("A status's progress lies between 0 and 100 %.")})
    if not label.strip():
        raise ValidationError({"label": _("Give the status a label.")})
    with transaction.atomic():
        existing = (
            ProgressStatus.objects.select_for_update()
            .filter(reporting_year=reporting_year, code=code)
            .first()
        )
        if existing is None:
            return object_create(
                actor=actor,
                obj=ProgressStatus(
                    reporting_year=reporting_year,
                    code=code,
                    label=label.strip(),
                    percent=percent,
                    position=position,
                ),
                fields=["code", "label", "percent", "position"],
            )
        old_percent = existing.percent
        saved = object_update(
            actor=actor,
            obj=existing,
            data={"label": label.strip(), "percent": percent, "position": position},
            expected_version=None,
        )
        if saved.percent != old_percent:
            # Every item reported with this status changes its %: the stored progress of the
            # regions whose approved reports use it is recomputed in this transaction.
            regions = ProgressReport.objects.filter(status=saved, state=ReportState.APPROVED).values(
                "region_id"
            )
            for row in RegionProgress.objects.filter(
                period__reporting_year=reporting_year, region_id__in=regions
            ).select_related("period__reporting_year"):
                region_progress_refresh(region_id=row.region_id, period=row.period)
        return saved


def status_add(
    *,
    actor: UserLike,
    reporting_year: ReportingYear,
    label: str,
    percent: int | None,
    position: int | None = None,
) -> ProgressStatus:
    """Add a status to a year's vocabulary; its code is made from the label (``Uji coba terbatas``
    gives ``uji_coba_terbatas``) and must be new; without ``position`` it comes last."""
    require(actor, "monitoring.configure")
    code = slugify(label).replace("-", "_")[:30].strip("_")
    if not code:
        raise ValidationError({"label": _("Give the status a label with letters or digits.")})
    existing = ProgressStatus.objects.filter(reporting_year=reporting_year, code=code).first()
    if existing is not None:
        raise ValidationError(
            {
                "label": _("%(year)s already has the status “%(label)s”: change it in the list instead.")
                % {"year": reporting_year.year, "label": existing.label}
            }
        )
    if position is None:
        last = ProgressStatus.objects.filter(reporting_year=reporting_year).aggregate(m=Max("position"))["m"]
        position = 0 if last is None else last + 1
    return status_save(
        actor=actor,
        reporting_year=reporting_year,
        code=code,
        label=label,
        percent=percent,
        position=position,
    )


def thresholds_update(
    *,
    actor: UserLike,
    reporting_year: ReportingYear,
    amber_gap: Decimal,
    red_gap: Decimal,
    expected_version: int | None,
) -> ReportingYear:
    """Change the traffic light's thresholds of a year; the lights kept in the year's stored
    roll-ups are recomputed from their stored figures in the same transaction (one query and one
    bulk update)."""
    require(actor, "monitoring.configure")
    if not Decimal(0) <= amber_gap <= red_gap <= Decimal(100):
        raise ValidationError(
            {"red_gap": _("The thresholds must satisfy 0 ≤ amber ≤ red ≤ 100 percentage points.")}
        )
    with transaction.atomic():
        before = (reporting_year.amber_gap, reporting_year.red_gap)
        saved = object_update(
            actor=actor,
            obj=reporting_year,
            data={"amber_gap": amber_gap, "red_gap": red_gap},
            expected_version=expected_version,
        )
        if (saved.amber_gap, saved.red_gap) != before:
            _lights_refresh(saved)
    return saved


def _lights_refresh(reporting_year: ReportingYear) -> None:
    """Recompute each dimension's light in the year's stored roll-ups with its thresholds."""
    thresholds = rollup.Thresholds(
        amber_gap=float(reporting_year.amber_gap), red_gap=float(reporting_year.red_gap)
    )
    rows = list(RegionProgress.objects.filter(period__reporting_year=reporting_year).only("pk", "rollup"))
    for row in rows:
        for dimension in (row.rollup or {}).get("dimensions", {}).values():
            dimension["light"] = rollup.light(
                dimension.get("percent"), (dimension.get("budget") or {}).get("absorption"), thresholds
            )
    RegionProgress.objects.bulk_update(rows, ["rollup"], batch_size=500)


def lock_exception_grant(
    *,
    actor: UserLike,
    period: ReportingPeriod,
    region_id: int,
    agency_id: int | None = None,
    until: dt.date,
    reason: str,
) -> LockException:
    """Let one region (or one agency of it) report in a locked period until ``until``."""
    require(actor, "monitoring.configure")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the period is opened again.")})
    if until < timezone.localdate():
        raise ValidationError({"until": _("The end date of the exception has already passed.")})
    if until <= period.deadline:
        raise ValidationError(
            {
                "until": _(
                    "%(period)s takes reports until its deadline, %(date)s, anyway: give a later date."
                )
                % {"period": period.label, "date": formats.date_format(period.deadline, "j F Y")}
            }
        )
    if agency_id is not None:
        from kotacerdas.organisation.models import Agency

        if not Agency.objects.filter(pk=agency_id, region_id=region_id).exists():
            raise ValidationError({"agency": _("The agency is not one of the region's agencies.")})
    return object_create(
        actor=actor,
        obj=LockException(
            period=period,
            region_id=region_id,
            agency_id=agency_id,
            until=until,
            reason=reason.strip(),
            granted_by=actor if getattr(actor, "is_authenticated", False) else None,
        ),
        fields=["period", "region", "agency", "until", "reason"],
    )


def lock_exception_revoke(*, actor: UserLike, exception: LockException) -> None:
    require(actor, "monitoring.configure")
    object_delete(actor=actor, obj=exception, fields=["period", "region", "agency", "until", "reason"])


def region_settings_update(*, actor: UserLike, region_id: int, weighting: str) -> RegionSettings:
    """A region chooses how its programmes' % is formed. When the choice changes, every stored
    roll-up of the region (each period with one) is recomputed in the same transaction, so its
    dashboards, the national figures and the exports show the new figures at once."""
    require(actor, "monitoring.approve", region_id=region_id)
    if weighting not in Weighting.values:
        raise ValidationError({"weighting": _("Choose the mean of the actions or the budget-weighted mean.")})
    with transaction.atomic():
        row, created = RegionSettings.objects.select_for_update().get_or_create(region_id=region_id)
        if created:  # the row holds the default until now: its creation is a change too
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=row,
                changes={k: [None, v] for k, v in snapshot(row, ["weighting"]).items()},
            )
        if row.weighting != weighting:
            row = object_update(actor=actor, obj=row, data={"weighting": weighting}, expected_version=None)
            for period in ReportingPeriod.objects.filter(region_progress__region_id=region_id).select_related(
                "reporting_year"
            ):
                region_progress_refresh(region_id=region_id, period=period)
    return row


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


def _writer_message() -> str:
    return _("Only the owning agency and the region's coordinator report on this item.")


def _not_in_force_message() -> str:
    return _("This item is not in the region's master plan in force: its reports are kept, read-only.")


def _require_writer(actor: UserLike, *, region_id: int, agency_id: int) -> None:
    if not selectors.may_report(actor, region_id=region_id, agency_id=agency_id):
        raise PermissionDenied(_writer_message())


def _require_open(period: ReportingPeriod, *, region_id: int, agency_id: int) -> None:
    lock = selectors.period_lock(period, region_id=region_id, agency_id=agency_id)
    if lock is not None:
        raise ValidationError(lock.message, code="locked")


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
            return _state_message(self.report)
        return ""


def _conflict_message() -> str:
    return _(
        "Someone else changed this report after you opened it. Their values are shown; nothing was saved."
    )


def _state_message(report: ProgressReport) -> str:
    return _("This report is %(state)s and can no longer be changed.") % {
        "state": report.get_state_display().lower()
    }


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
            check.refusal_code, check.refusal = "not_in_force", _not_in_force_message()
            continue
        check.item, check.report = item, reports.get(item.lineage_id)
        if not selectors.may_report(actor, region_id=region_id, agency_id=item.agency_id):
            check.refusal_code, check.refusal = "permission", _writer_message()
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
                raise ValidationError(_state_message(report), code="state")
            if check.stale:
                raise ConflictError(
                    _conflict_message(),
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
                _conflict_message(), current=snapshot(other, REPORT_FIELDS), row_version=other.row_version
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
                _require_writer(actor, region_id=seen.region_id, agency_id=seen.agency_id)
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
    _require_writer(actor, region_id=report.region_id, agency_id=report.agency_id)
    _require_open(report.period, region_id=report.region_id, agency_id=report.agency_id)
    with transaction.atomic():
        current = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if expected_version is not None and current.row_version != expected_version:
            raise ConflictError(
                _(
                    "Someone else changed this report after you opened it. Their values are shown; nothing was saved."
                ),
                current=snapshot(current, REPORT_FIELDS),
                row_version=current.row_version,
            )
        if current.state not in EDITABLE_STATES:
            raise ValidationError(
                _("This report is %(state)s; only a draft or a returned report can be submitted.")
                % {"state": current.get_state_display().lower()},
                code="state",
            )
        if selectors.item_in_force(region_id=current.region_id, lineage_id=current.lineage_id) is None:
            raise ValidationError(_not_in_force_message(), code="not_in_force")
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
                for later in ReportingPeriod.objects.filter(
                    reporting_year_id=period.reporting_year_id, number__gte=period.number
                ).select_related("reporting_year"):
                    if (
                        later.pk == period.pk
                        or RegionProgress.objects.filter(region_id=region_id, period=later).exists()
                    ):
                        region_progress_refresh(region_id=region_id, period=later)
                _stage_implementing(actor=actor, region_id=region_id)
        _notify_decided(decided, approved=approve)
    return decided


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
        for later in ReportingPeriod.objects.filter(
            reporting_year_id=current.period.reporting_year_id, number__gte=current.period.number
        ).select_related("reporting_year"):
            if RegionProgress.objects.filter(region_id=current.region_id, period=later).exists():
                region_progress_refresh(region_id=current.region_id, period=later)
        _notify_decided([current], approved=False)
    return current


# ---------------------------------------------------------------- evidence files


def evidence_limits() -> tuple[int, int]:
    """How many evidence files a report may hold, and how many bytes in all."""
    return (
        int(getattr(settings, "MONITORING_EVIDENCE_MAX_FILES", EVIDENCE_MAX_FILES)),
        int(getattr(settings, "MONITORING_EVIDENCE_MAX_TOTAL_BYTES", EVIDENCE_MAX_TOTAL_BYTES)),
    )


def _require_report_editable(actor: UserLike, report: ProgressReport, *, field: str) -> None:
    """The checks every change to a report's evidence passes: the writer, the open period, and an
    item still in the plan in force (the report's own state is checked under the row lock)."""
    _require_writer(actor, region_id=report.region_id, agency_id=report.agency_id)
    _require_open(report.period, region_id=report.region_id, agency_id=report.agency_id)
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


# ---------------------------------------------------------------- the stored roll-up


def rollup_json(result: rollup.Rollup) -> dict[str, Any]:
    """The roll-up as stored in ``RegionProgress.rollup`` (numbers as JSON numbers and strings)."""

    def figure(f: rollup.Figure) -> dict[str, Any]:
        return {"percent": f.percent, "counted": f.counted, "no_data": f.no_data, "excluded": f.excluded}

    def budget(b: rollup.Budget) -> dict[str, Any]:
        return {
            "planned": str(b.planned),
            "realised": None if b.realised is None else str(b.realised),
            "absorption": b.absorption,
        }

    return {
        "plan": figure(result.plan),
        "dimensions": {
            key: {
                **figure(d.figure),
                "running": d.programmes_running,
                "programmes": d.programmes_total,
                "budget": budget(d.budget),
                "light": d.light,
            }
            for key, d in result.dimensions.items()
        },
        "programmes": {key: figure(f) for key, f in result.programmes.items()},
        "agencies": {key: budget(b) for key, b in result.agencies.items()},
        "agency_progress": {key: figure(f) for key, f in result.agency_progress.items()},
        "budget": budget(result.budget),
        "excluded": result.excluded,
        "no_data": result.no_data,
    }


def region_progress_refresh(*, region_id: int, period: ReportingPeriod) -> RegionProgress:
    """Recompute and store the roll-up of a region in a period (call inside the approving transaction)."""
    computed = selectors.region_rollup(region_id=region_id, period=period)
    result = computed.result
    expected = len(computed.items)
    approved = ProgressReport.objects.filter(region_id=region_id, period=period, state=ReportState.APPROVED)
    deadline_end = _deadline_end(period)
    values = {
        "plan_percent": None if result.plan.percent is None else Decimal(str(round(result.plan.percent, 2))),
        "items_expected": expected,
        "items_approved": approved.count(),
        "items_on_time": approved.filter(submitted_at__lt=deadline_end).count(),
        "budget_planned": result.budget.planned,
        "budget_realised": result.budget.realised,
        "rollup": rollup_json(result),
        "computed_at": timezone.now(),
    }
    row, _created = RegionProgress.objects.update_or_create(
        region_id=region_id, period=period, defaults=values
    )
    return row


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


def may_configure(actor: UserLike) -> bool:
    return can(actor, "monitoring.configure")
