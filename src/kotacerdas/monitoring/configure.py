"""The ministry's and the regions' monitoring settings: reporting years and their periods, the
status vocabulary, the traffic light's thresholds, lock exceptions, a region's weighting.
Each change that moves a stored figure rewrites it (``progress.region_progress_refresh``)."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotacerdas.core.models import AuditAction
from kotacerdas.core.permissions import require
from kotacerdas.core.services import (
    UserLike,
    audit_record,
    diff,
    object_create,
    object_delete,
    object_update,
    snapshot,
)

from . import rollup
from .choices import (
    DEFAULT_STATUSES,
    PERIODS_PER_YEAR,
    PeriodScheme,
    ReportState,
    Weighting,
)
from .models import (
    LockException,
    ProgressReport,
    ProgressStatus,
    RegionProgress,
    RegionSettings,
    ReportingPeriod,
    ReportingYear,
)
from .progress import deadline_end, region_progress_refresh

# Days after a period's end until its deadline, by default.
DEADLINE_DAYS = 15


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


def _on_time_refresh(period: ReportingPeriod) -> None:
    """Recount the stored on-time reports of every region in ``period`` (its deadline moved):
    two queries and one bulk update, whatever the number of regions."""
    on_time = dict(
        ProgressReport.objects.filter(
            period=period, state=ReportState.APPROVED, submitted_at__lt=deadline_end(period)
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
