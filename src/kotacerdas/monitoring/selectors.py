"""Reads of implementation monitoring, each scoped to what the actor may see.

Visibility of a progress report: an approved report is read by everyone with
``monitoring.view`` on its region; a report that is not approved yet only by those who may
write it (its agency's officers, the region's coordinator) and those who approve it.
The roll-up inputs are gathered here and handed to ``rollup.rollup`` (the one rule).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from kotacerdas.core.permissions import actor_for, can, readable_region_ids
from kotacerdas.masterplans.choices import VersionStatus
from kotacerdas.masterplans.models import (
    ActionBudget,
    ActionPlan,
    ActionTarget,
    PlanVersion,
    Programme,
    QuickWin,
)
from kotacerdas.organisation.models import Agency
from kotacerdas.programme.models import Dimension
from kotacerdas.regions.models import Region

from . import rollup
from .choices import ReportState, Weighting
from .models import (
    LockException,
    ProgressReport,
    RegionProgress,
    RegionSettings,
    ReportingPeriod,
    ReportingYear,
)

# ---------------------------------------------------------------- periods and locks


def today() -> dt.date:
    return timezone.localdate()


def period_current(*, on: dt.date | None = None) -> ReportingPeriod | None:
    """The period whose reporting window holds ``on`` (today): the earliest open one not past its
    deadline, else the latest period that has opened."""
    on = on or today()
    open_now = ReportingPeriod.objects.filter(opens_on__lte=on, deadline__gte=on).order_by("deadline").first()
    if open_now is not None:
        return open_now
    return ReportingPeriod.objects.filter(opens_on__lte=on).order_by("-starts_on").first()


def period_get(code: str) -> ReportingPeriod:
    """The period with code ``2025-2`` (404 when there is none)."""
    try:
        year_text, number_text = code.split("-", 1)
        year, number = int(year_text), int(number_text)
    except ValueError as exc:
        raise Http404("period") from exc
    period = (
        ReportingPeriod.objects.select_related("reporting_year")
        .filter(reporting_year__year=year, number=number)
        .first()
    )
    if period is None:
        raise Http404("period")
    return period


# The states of a period's reporting window on a day (the dates ``period_lock`` reads).
UPCOMING, OPEN, LOCKED = "upcoming", "open", "locked"


def period_state(period: ReportingPeriod, *, on: dt.date | None = None) -> str:
    """``upcoming`` before the period opens, ``open`` until its deadline, ``locked`` after it
    (for every region without a lock exception)."""
    on = on or today()
    if on < period.opens_on:
        return UPCOMING
    return OPEN if on <= period.deadline else LOCKED


@dataclass(frozen=True)
class Lock:
    """Why a period refuses writes, and who can open it."""

    message: str


def period_lock(
    period: ReportingPeriod, *, region_id: int | None, agency_id: int | None, on: dt.date | None = None
) -> Lock | None:
    """``None`` while the period takes reports from the agency; else the reason it refuses them.
    Without a region (the period as such), no lock exception applies."""
    from django.utils import formats
    from django.utils.translation import gettext as _

    on = on or today()
    if on < period.opens_on:
        return Lock(
            _("%(period)s opens for reporting on %(date)s.")
            % {"period": period.label, "date": formats.date_format(period.opens_on, "j F Y")}
        )
    if on <= period.deadline:
        return None
    exception = region_id is not None and (
        LockException.objects.filter(period=period, region_id=region_id, until__gte=on)
        .filter(Q(agency__isnull=True) | Q(agency_id=agency_id))
        .exists()
    )
    if exception:
        return None
    return Lock(
        _(
            "%(period)s is locked: its deadline was %(date)s. Only the ministry can open it again for "
            "your region or agency (a lock exception, with a reason and an end date); ask your "
            "pendamping or the ministry's programme admin."
        )
        % {"period": period.label, "date": formats.date_format(period.deadline, "j F Y")}
    )


# ---------------------------------------------------------------- the plan in force


def version_in_force_for_region(region_id: int) -> PlanVersion | None:
    """The ratified version of the region's latest master plan (monitoring reports on it)."""
    return (
        PlanVersion.objects.filter(plan__region_id=region_id, status=VersionStatus.RATIFIED)
        .select_related("plan")
        .order_by("-plan__start_year")
        .first()
    )


def versions_in_force() -> dict[int, int]:
    """Each region's version in force (the rule of ``version_in_force_for_region``) as
    ``{region id: version id}``, for every region at once: one query."""
    rows = (
        PlanVersion.objects.filter(status=VersionStatus.RATIFIED)
        .order_by("plan__region_id", "-plan__start_year")
        .values_list("plan__region_id", "pk")
    )
    found: dict[int, int] = {}
    for region_id, version_id in rows:
        found.setdefault(region_id, version_id)
    return found


@dataclass(frozen=True)
class Item:
    """A reportable plan item of the version in force (an action or a quick win)."""

    kind: str  # ItemKind value
    lineage_id: Any
    pk: int
    code: str
    name: str
    agency_id: int
    dimension_id: int | None
    programme_lineage: Any | None


# The columns an ``Item`` is made of, read with ``.values()`` (no model instances).
ACTION_FIELDS = (
    "pk",
    "lineage",
    "code",
    "name",
    "agency_id",
    "programme__subdimension__dimension_id",
    "programme__lineage",
)
QUICK_WIN_FIELDS = ("pk", "lineage", "code", "name", "agency_id", "dimension_id")


def _action_item(row: dict[str, Any]) -> Item:
    return Item(
        "action",
        row["lineage"],
        row["pk"],
        row["code"],
        row["name"],
        row["agency_id"],
        row["programme__subdimension__dimension_id"],
        row["programme__lineage"],
    )


def _quick_win_item(row: dict[str, Any]) -> Item:
    return Item(
        "quick_win",
        row["lineage"],
        row["pk"],
        row["code"],
        row["name"],
        row["agency_id"],
        row["dimension_id"],
        None,
    )


def reportable_items(
    version: PlanVersion,
    *,
    agency_ids: Iterable[int] | None = None,
    lineage_ids: Iterable[Any] | None = None,
) -> list[Item]:
    """The actions and quick wins of ``version`` (of ``agency_ids`` only, and of ``lineage_ids``
    only, when given): two queries."""
    actions = ActionPlan.objects.filter(version=version).order_by("programme__position", "position", "pk")
    wins = QuickWin.objects.filter(version=version).order_by("position", "pk")
    if agency_ids is not None:
        ids = list(agency_ids)
        actions = actions.filter(agency_id__in=ids)
        wins = wins.filter(agency_id__in=ids)
    if lineage_ids is not None:
        lineages = list(lineage_ids)
        actions = actions.filter(lineage__in=lineages)
        wins = wins.filter(lineage__in=lineages)
    items = [_action_item(a) for a in actions.values(*ACTION_FIELDS)]
    items += [_quick_win_item(w) for w in wins.values(*QUICK_WIN_FIELDS)]
    return items


def item_in_force(*, region_id: int, lineage_id: Any) -> tuple[PlanVersion, Item] | None:
    """The item of ``lineage_id`` in the region's version in force, or ``None`` (no plan in force,
    or the item was dropped from it: its history is then read-only)."""
    version = version_in_force_for_region(region_id)
    if version is None:
        return None
    action = ActionPlan.objects.filter(version=version, lineage=lineage_id).values(*ACTION_FIELDS).first()
    if action is not None:
        return version, _action_item(action)
    win = QuickWin.objects.filter(version=version, lineage=lineage_id).values(*QUICK_WIN_FIELDS).first()
    return None if win is None else (version, _quick_win_item(win))


def plan_figures_for_year(
    *, action_ids: list[int], year: int
) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """Each action's planned budget (all sources) and target for ``year``: two queries."""
    budgets = {
        row["action_id"]: row["total"] or Decimal(0)
        for row in ActionBudget.objects.filter(action_id__in=action_ids, year=year)
        .values("action_id")
        .annotate(total=Sum("amount"))
    }
    targets = dict(
        ActionTarget.objects.filter(action_id__in=action_ids, year=year).values_list("action_id", "value")
    )
    return budgets, targets


# ---------------------------------------------------------------- reports and who sees them


def may_report(actor: Any, *, region_id: int, agency_id: int) -> bool:
    """May the actor write the reports of ``agency_id``'s items in the region?"""
    return can(actor, "monitoring.report", region_id=region_id) or can(
        actor, "monitoring.report_own", agency_id=agency_id
    )


def item_lineage_in_force(*, region_id: int, code: str) -> Any | None:
    """The lineage of the item coded ``code`` (any case) in the region's version in force: the
    action of that code, else the quick win; ``None`` when there is none (or no plan in force)."""
    version = version_in_force_for_region(region_id)
    code = code.strip()
    if version is None or not code:
        return None
    for model in (ActionPlan, QuickWin):
        lineage = (
            model.objects.filter(version=version, code__iexact=code).values_list("lineage", flat=True).first()
        )
        if lineage is not None:
            return lineage
    return None


def regions_monitored(actor: Any) -> QuerySet[Region]:
    """The regions with a ratified master plan (so with items to report on) whose monitoring the
    actor may read, by code."""
    qs = Region.objects.filter(
        pk__in=PlanVersion.objects.filter(status=VersionStatus.RATIFIED).values("plan__region_id")
    )
    readable = readable_region_ids(actor, "monitoring.view")
    if readable is not None:
        qs = qs.filter(pk__in=readable)
    return qs.select_related("province").order_by("code")


def may_report_in_region(actor: Any, *, region_id: int) -> bool:
    """May the actor write some report of the region (any agency's, or its own agency's)?"""
    if can(actor, "monitoring.report", region_id=region_id):
        return True
    own = [aid for aid, perms in actor_for(actor).agency_perms.items() if "monitoring.report_own" in perms]
    return bool(own) and Agency.objects.filter(pk__in=own, region_id=region_id).exists()


def may_approve_somewhere(actor: Any) -> bool:
    """Does the actor approve reports in some region (or everywhere)?"""
    perms = actor_for(actor)
    return "monitoring.approve" in perms.global_perms or any(
        "monitoring.approve" in region_perms for region_perms in perms.region_perms.values()
    )


def reporting_agency_ids(actor: Any, *, region_id: int) -> list[int] | None:
    """The agencies of the region whose items the actor reports on: ``None`` for all of them
    (a coordinator, the ministry), else the officer's own agencies (possibly none); no query."""
    if can(actor, "monitoring.report", region_id=region_id):
        return None
    return sorted(
        aid for aid, perms in actor_for(actor).agency_perms.items() if "monitoring.report_own" in perms
    )


def reports_visible(actor: Any, qs: QuerySet[ProgressReport] | None = None) -> QuerySet[ProgressReport]:
    """The reports ``actor`` may read: approved ones of readable regions, and those not approved
    yet that the actor may write or approve."""
    qs = ProgressReport.objects.all() if qs is None else qs
    regions = readable_region_ids(actor, "monitoring.view")
    approved = Q(state=ReportState.APPROVED)
    if regions is not None:
        approved &= Q(region_id__in=regions)
    actor_perms = actor_for(actor)
    if "monitoring.report" in actor_perms.global_perms or "monitoring.approve" in actor_perms.global_perms:
        return qs
    writable_regions = [
        rid
        for rid, perms in actor_perms.region_perms.items()
        if {"monitoring.report", "monitoring.approve"} & perms
    ]
    own_agencies = [
        aid for aid, perms in actor_perms.agency_perms.items() if "monitoring.report_own" in perms
    ]
    unapproved = Q(region_id__in=writable_regions) | Q(agency_id__in=own_agencies)
    return qs.filter(approved | unapproved)


def latest_approved(*, region_id: int, period: ReportingPeriod) -> dict[Any, ProgressReport]:
    """Each lineage's latest approved report of the region in ``period``'s year up to ``period``
    (the report that sets the item's % in the roll-up): one query."""
    rows = (
        ProgressReport.objects.filter(
            region_id=region_id,
            state=ReportState.APPROVED,
            period__reporting_year_id=period.reporting_year_id,
            period__number__lte=period.number,
        )
        .select_related("status")
        .order_by("lineage_id", "-period__number")
    )
    latest: dict[Any, ProgressReport] = {}
    for report in rows:
        latest.setdefault(report.lineage_id, report)
    return latest


# ---------------------------------------------------------------- the roll-up of a region


@dataclass(frozen=True)
class RegionRollup:
    """The roll-up of a region in a period, with the names the pages show."""

    result: rollup.Rollup
    weighting: str
    thresholds: rollup.Thresholds
    dimensions: list[Dimension]
    items: list[Item]
    reports: dict[Any, ProgressReport]
    version: PlanVersion | None


def region_weighting(region_id: int) -> str:
    """The region's choice of programme weighting (equal until it chooses)."""
    chosen = RegionSettings.objects.filter(region_id=region_id).values_list("weighting", flat=True).first()
    return chosen or Weighting.EQUAL


def region_rollup(*, region_id: int, period: ReportingPeriod, weighting: str | None = None) -> RegionRollup:
    """Gather the inputs of the roll-up of ``region_id`` in ``period`` and apply the one rule
    (with the region's weighting, or ``weighting`` to show what another choice would give)."""
    year: ReportingYear = period.reporting_year
    thresholds = rollup.Thresholds(amber_gap=float(year.amber_gap), red_gap=float(year.red_gap))
    weighting = weighting or region_weighting(region_id)
    dimensions = list(Dimension.objects.order_by("position", "code"))
    version = version_in_force_for_region(region_id)
    if version is None:
        empty = rollup.rollup(
            [], [], dimensions=[str(d.pk) for d in dimensions], weighting=weighting, thresholds=thresholds
        )
        return RegionRollup(empty, weighting, thresholds, dimensions, [], {}, None)
    items = reportable_items(version)
    reports = latest_approved(region_id=region_id, period=period)
    action_items = [i for i in items if i.kind == "action"]
    budgets, _targets = plan_figures_for_year(action_ids=[i.pk for i in action_items], year=period.year)
    programmes = [
        rollup.ProgrammeInput(key=str(p["lineage"]), dimension=str(p["subdimension__dimension_id"]))
        for p in Programme.objects.filter(version=version).values("lineage", "subdimension__dimension_id")
    ]
    inputs = []
    for item in action_items:
        report = reports.get(item.lineage_id)
        excluded = report is not None and report.status.percent is None
        percent = None if report is None or excluded else float(report.percent or 0)
        inputs.append(
            rollup.ActionInput(
                key=str(item.lineage_id),
                programme=str(item.programme_lineage),
                dimension=str(item.dimension_id),
                agency=str(item.agency_id),
                percent=percent,
                excluded=excluded,
                budget_planned=budgets.get(item.pk, Decimal(0)),
                budget_realised=None if report is None else report.budget_realised,
            )
        )
    result = rollup.rollup(
        inputs,
        programmes,
        dimensions=[str(d.pk) for d in dimensions],
        weighting=weighting,
        thresholds=thresholds,
    )
    return RegionRollup(result, weighting, thresholds, dimensions, items, reports, version)


def region_progress(*, region_ids: Iterable[int] | None, period: ReportingPeriod) -> QuerySet[RegionProgress]:
    """The stored roll-ups of ``period`` (of ``region_ids``, all when ``None``)."""
    qs = RegionProgress.objects.filter(period=period).select_related("region")
    if region_ids is not None:
        qs = qs.filter(region_id__in=list(region_ids))
    return qs


def status_usage(reporting_year: ReportingYear) -> dict[int, tuple[int, int]]:
    """How many approved reports, and of how many regions, use each status of the year
    (what a change of its % would recompute): ``{status id: (reports, regions)}``, one query."""
    rows = (
        ProgressReport.objects.filter(status__reporting_year=reporting_year, state=ReportState.APPROVED)
        .values("status_id")
        .annotate(reports=Count("pk"), regions=Count("region_id", distinct=True))
        .order_by()
    )
    return {row["status_id"]: (row["reports"], row["regions"]) for row in rows}


# ---------------------------------------------------------------- the settings pages


def reporting_year_list() -> QuerySet[ReportingYear]:
    """Every reporting year, newest first, with how many periods and statuses it has."""
    return ReportingYear.objects.annotate(
        period_count=Count("periods", distinct=True), status_count=Count("statuses", distinct=True)
    ).order_by("-year")


def reporting_year_get(year: int) -> ReportingYear:
    """The reporting year ``year`` (404 when it is not set up)."""
    found = ReportingYear.objects.filter(year=year).first()
    if found is None:
        raise Http404("reporting year")
    return found


def period_list(reporting_year: ReportingYear, *, on: dt.date | None = None) -> list[ReportingPeriod]:
    """The year's periods, each with ``exceptions_active``: its lock exceptions still running."""
    on = on or today()
    return list(
        reporting_year.periods.annotate(
            exceptions_active=Count("lock_exceptions", filter=Q(lock_exceptions__until__gte=on))
        ).order_by("number")
    )


def lock_exception_list(reporting_year: ReportingYear) -> QuerySet[LockException]:
    """The lock exceptions of the year's periods, the latest end date first."""
    return (
        LockException.objects.filter(period__reporting_year=reporting_year)
        .select_related("period", "region", "agency", "granted_by")
        .order_by("-until", "-id")
    )


@dataclass(frozen=True)
class WeightingEffect:
    """A region's progress in one period under each weighting (what changing it would do)."""

    period: ReportingPeriod | None
    dimensions: list[tuple[Dimension, dict[str, float | None]]]
    plan: dict[str, float | None]
    periods_stored: int


def weighting_effect(*, region_id: int) -> WeightingEffect:
    """The region's latest period with stored progress (else the current period), rolled up both
    ways, and how many stored periods a change of weighting recomputes."""
    stored = RegionProgress.objects.filter(region_id=region_id)
    latest = stored.select_related("period__reporting_year").order_by("-period__starts_on").first()
    period = latest.period if latest is not None else period_current()
    if period is None:
        return WeightingEffect(None, [], {}, 0)
    if latest is None:
        period = ReportingPeriod.objects.select_related("reporting_year").get(pk=period.pk)
    results = {w: region_rollup(region_id=region_id, period=period, weighting=w) for w in Weighting.values}
    dimensions = next(iter(results.values())).dimensions
    return WeightingEffect(
        period=period,
        dimensions=[
            (d, {w: r.result.dimensions[str(d.pk)].figure.percent for w, r in results.items()})
            for d in dimensions
            if str(d.pk) in next(iter(results.values())).result.dimensions
        ],
        plan={w: r.result.plan.percent for w, r in results.items()},
        periods_stored=stored.count(),
    )
