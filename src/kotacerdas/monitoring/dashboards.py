"""Reads behind the monitoring dashboards: the method page, the region, agency and quick-win
dashboards and the national table.

Every figure comes from the one rule (``rollup.py``): the region dashboard reads the stored
roll-up of the period (``RegionProgress``, rewritten when a report is approved) and, while
none is stored, shows the rule computed now; reading never writes. The national table reads
only the stored roll-ups, with SQL aggregates, so its cost does not grow with the plans.
Each function runs a fixed number of queries, whatever the size of the data.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Case,
    Count,
    DateTimeField,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Cast, NullIf
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.permissions import actor_for, can, readable_region_ids
from kotacerdas.masterplans.models import PlanVersion, QuickWin
from kotacerdas.organisation.models import Agency
from kotacerdas.programme.models import Cohort, Dimension, Kawasan, Participation
from kotacerdas.regions.choices import RegionLevel
from kotacerdas.regions.models import Region

from . import rollup, selectors
from .choices import DEFAULT_STATUSES, ReportState, Weighting
from .models import (
    Evidence,
    ProgressReport,
    ProgressStatus,
    RegionProgress,
    RegionSettings,
    ReportingPeriod,
    ReportingYear,
)
from .services import rollup_json

# ---------------------------------------------------------------- periods


def period_for(code: str | None) -> ReportingPeriod | None:
    """The period a dashboard shows: ``?periode=2024-1`` (404 when unknown), else the current one
    (``None`` when no reporting year is set up)."""
    if code:
        return selectors.period_get(code)
    current = selectors.period_current()
    if current is None:
        return None
    return ReportingPeriod.objects.select_related("reporting_year").get(pk=current.pk)


def period_choices() -> list[ReportingPeriod]:
    """Every reporting period, newest first (for the period picker): one query."""
    return list(ReportingPeriod.objects.order_by("-starts_on"))


# ---------------------------------------------------------------- the method page


@dataclass(frozen=True)
class ExampleAction:
    """An action of the method page's example (names are for reading, not data)."""

    key: str
    programme: str
    dimension: str
    status: str
    percent: float | None
    manual: bool
    excluded: bool
    budget_planned: Decimal
    budget_realised: Decimal | None


@dataclass(frozen=True)
class MethodExample:
    actions: list[ExampleAction]
    programmes: list[tuple[str, str, rollup.Figure, rollup.Figure]]  # key, dimension, equal, weighted
    dimensions: list[tuple[str, rollup.DimensionResult]]
    result: rollup.Rollup
    weighted: rollup.Rollup


def _status_percent(statuses: Sequence[tuple[str, str, int | None]], code: str) -> tuple[str, int | None]:
    for row_code, label, percent in statuses:
        if row_code == code:
            return label, percent
    return code, None


def method_example(
    statuses: Sequence[tuple[str, str, int | None]], thresholds: rollup.Thresholds
) -> MethodExample:
    """A tiny fixed plan rolled up by ``rollup.rollup`` with the year's vocabulary and thresholds,
    so the method page shows what the rule computes, not numbers typed by hand."""
    million = Decimal(1_000_000)
    spec = [
        # key, programme, dimension, status code, manual %, planned, realised
        ("A1", "P1", "G", "operational", None, 100 * million, 90 * million),
        ("A2", "P1", "G", "in_progress", None, 300 * million, 150 * million),
        ("A3", "P1", "G", None, None, 50 * million, None),
        ("A4", "P2", "G", "cancelled", None, 80 * million, None),
        ("A5", "P3", "E", "pilot", 40.0, 200 * million, 180 * million),
        ("A6", "P4", "E", "not_started", None, 100 * million, 10 * million),
    ]
    shown: list[ExampleAction] = []
    inputs: list[rollup.ActionInput] = []
    for key, programme, dimension, code, manual, planned, realised in spec:
        label, status_percent = _status_percent(statuses, code) if code else ("", None)
        excluded = code is not None and status_percent is None
        percent: float | None = None
        if code is not None and not excluded:
            percent = manual if manual is not None else float(status_percent or 0)
        shown.append(
            ExampleAction(
                key, programme, dimension, label, percent, manual is not None, excluded, planned, realised
            )
        )
        inputs.append(
            rollup.ActionInput(
                key=key,
                programme=programme,
                dimension=dimension,
                agency="",
                percent=percent,
                excluded=excluded,
                budget_planned=planned,
                budget_realised=realised,
            )
        )
    programmes = [
        rollup.ProgrammeInput("P1", "G"),
        rollup.ProgrammeInput("P2", "G"),
        rollup.ProgrammeInput("P3", "E"),
        rollup.ProgrammeInput("P4", "E"),
    ]
    result = rollup.rollup(inputs, programmes, dimensions=["G", "E"], thresholds=thresholds)
    weighted = rollup.rollup(
        inputs, programmes, dimensions=["G", "E"], weighting=rollup.BUDGET, thresholds=thresholds
    )
    return MethodExample(
        actions=shown,
        programmes=[
            (p.key, p.dimension, result.programmes[p.key], weighted.programmes[p.key]) for p in programmes
        ],
        dimensions=list(result.dimensions.items()),
        result=result,
        weighted=weighted,
    )


def method_context() -> dict[str, Any]:
    """The status vocabulary and thresholds of the current reporting year (or the defaults when
    none is set up) and the worked example computed with them."""
    current = selectors.period_current()
    year = (
        ReportingYear.objects.filter(pk=current.reporting_year_id).first()
        if current is not None
        else ReportingYear.objects.order_by("-year").first()
    )
    if year is not None:
        rows = list(ProgressStatus.objects.filter(reporting_year=year))
        statuses = [(s.code, s.label, s.percent) for s in rows]
        thresholds = rollup.Thresholds(amber_gap=float(year.amber_gap), red_gap=float(year.red_gap))
    else:
        statuses = [(code, str(label), percent) for code, label, percent in DEFAULT_STATUSES]
        thresholds = rollup.Thresholds()
    return {
        "year": year,
        "statuses": statuses,
        "thresholds": thresholds,
        "example": method_example(statuses, thresholds),
        "weightings": Weighting.choices,
    }


# ---------------------------------------------------------------- the region dashboard


@dataclass(frozen=True)
class DimensionRow:
    dimension: Dimension
    percent: float | None
    counted: int
    no_data: int
    excluded: int
    running: int
    programmes: int
    planned: Decimal
    realised: Decimal | None
    absorption: float | None
    light: str | None


@dataclass(frozen=True)
class AgencyRow:
    agency: Agency
    percent: float | None
    planned: Decimal
    realised: Decimal | None
    absorption: float | None
    light: str | None


@dataclass(frozen=True)
class ItemRow:
    """A plan item listed on a dashboard (no data, excluded, overdue)."""

    item: selectors.Item
    agency: Agency | None
    status: str = ""


@dataclass
class OverdueRow:
    agency: Agency | None
    items: list[ItemRow] = field(default_factory=list)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _dimension_rows(
    dimensions: Iterable[Dimension], data: dict[str, Any], thresholds: rollup.Thresholds
) -> list[DimensionRow]:
    rows = []
    for dimension in dimensions:
        d = data.get("dimensions", {}).get(str(dimension.pk), {})
        budget = d.get("budget", {})
        percent = d.get("percent")
        absorption = budget.get("absorption")
        rows.append(
            DimensionRow(
                dimension=dimension,
                percent=percent,
                counted=d.get("counted", 0),
                no_data=d.get("no_data", 0),
                excluded=d.get("excluded", 0),
                running=d.get("running", 0),
                programmes=d.get("programmes", 0),
                planned=_decimal(budget.get("planned")) or Decimal(0),
                realised=_decimal(budget.get("realised")),
                absorption=absorption,
                # lights follow the year's thresholds as they are now (stored figures, current rule)
                light=rollup.light(percent, absorption, thresholds),
            )
        )
    return rows


def _agency_rows(
    agencies: Iterable[Agency], data: dict[str, Any], thresholds: rollup.Thresholds
) -> list[AgencyRow]:
    budgets = data.get("agencies", {})
    progress = data.get("agency_progress", {})
    rows = []
    for agency in agencies:
        key = str(agency.pk)
        if key not in budgets:
            continue
        budget = budgets[key]
        percent = progress.get(key, {}).get("percent")
        absorption = budget.get("absorption")
        rows.append(
            AgencyRow(
                agency=agency,
                percent=percent,
                planned=_decimal(budget.get("planned")) or Decimal(0),
                realised=_decimal(budget.get("realised")),
                absorption=absorption,
                light=rollup.light(percent, absorption, thresholds),
            )
        )
    return rows


def _latest_status_labels(
    *, region_id: int, period: ReportingPeriod, lineage_ids: Sequence[str]
) -> dict[str, str]:
    """The status label of each lineage's latest approved report up to ``period``: one query."""
    if not lineage_ids:
        return {}
    rows = (
        ProgressReport.objects.filter(
            region_id=region_id,
            state=ReportState.APPROVED,
            lineage_id__in=list(lineage_ids),
            period__reporting_year_id=period.reporting_year_id,
            period__number__lte=period.number,
        )
        .order_by("lineage_id", "-period__number")
        .values_list("lineage_id", "status__label")
    )
    labels: dict[str, str] = {}
    for lineage_id, label in rows:
        labels.setdefault(str(lineage_id), label)
    return labels


def overdue_by_agency(
    *, region_id: int, period: ReportingPeriod, items: Sequence[selectors.Item], agencies: dict[int, Agency]
) -> list[OverdueRow]:
    """The items of the period without a submitted or approved report, by agency (one query).
    Only the fact that a report was sent is read, never an unapproved report's content."""
    sent = set(
        ProgressReport.objects.filter(
            region_id=region_id,
            period=period,
            state__in=[ReportState.SUBMITTED, ReportState.APPROVED],
        ).values_list("lineage_id", flat=True)
    )
    by_agency: dict[int, OverdueRow] = {}
    for item in items:
        if item.lineage_id in sent:
            continue
        row = by_agency.setdefault(item.agency_id, OverdueRow(agencies.get(item.agency_id)))
        row.items.append(ItemRow(item, row.agency))
    return sorted(by_agency.values(), key=lambda r: (-len(r.items), r.agency.acronym if r.agency else ""))


def region_dashboard(*, region: Region, period: ReportingPeriod) -> dict[str, Any]:
    """Everything the region dashboard shows for ``period`` (the caller checked access)."""
    year = period.reporting_year
    stored = RegionProgress.objects.filter(region=region, period=period).first()
    if stored is None:
        live = selectors.region_rollup(region_id=region.pk, period=period)
        data = rollup_json(live.result)
        dimensions, items, version = live.dimensions, live.items, live.version
        weighting, thresholds = live.weighting, live.thresholds
        computed_at = timezone.now()
    else:
        data = stored.rollup
        dimensions = list(Dimension.objects.order_by("position", "code"))
        version = selectors.version_in_force_for_region(region.pk)
        items = selectors.reportable_items(version) if version is not None else []
        weighting = (
            RegionSettings.objects.filter(region=region).values_list("weighting", flat=True).first()
            or Weighting.EQUAL
        )
        thresholds = rollup.Thresholds(amber_gap=float(year.amber_gap), red_gap=float(year.red_gap))
        computed_at = stored.computed_at
    agency_list = list(Agency.objects.filter(region=region).order_by("acronym"))
    agencies = {a.pk: a for a in agency_list}
    by_lineage = {str(i.lineage_id): i for i in items}

    def listed(keys: Iterable[str], labels: dict[str, str] | None = None) -> list[ItemRow]:
        rows = []
        for key in keys:
            item = by_lineage.get(key)
            if item is not None:
                rows.append(ItemRow(item, agencies.get(item.agency_id), (labels or {}).get(key, "")))
        return rows

    excluded_keys = list(data.get("excluded", []))
    dimension_rows = _dimension_rows(dimensions, data, thresholds)
    plan = data.get("plan", {})
    budget = data.get("budget", {})
    today = selectors.today()
    overdue = overdue_by_agency(region_id=region.pk, period=period, items=items, agencies=agencies)
    latest = list(
        ProgressReport.objects.filter(
            region=region,
            state=ReportState.APPROVED,
            period__reporting_year_id=period.reporting_year_id,
            period__number__lte=period.number,
        )
        .select_related("agency", "status", "period")
        .order_by("-decided_at", "-pk")[:10]
    )
    return {
        "stored": stored,
        "live": stored is None,
        "computed_at": computed_at,
        "version": version,
        "weighting": weighting,
        "weighting_label": Weighting(weighting).label,
        "thresholds": thresholds,
        "plan_percent": plan.get("percent"),
        "plan_counted": plan.get("counted", 0),
        "plan_no_data": plan.get("no_data", 0),
        "dimensions": dimension_rows,
        "chart": {
            "labels": [row.dimension.label for row in dimension_rows],
            "values": [None if row.percent is None else round(row.percent, 1) for row in dimension_rows],
            "label": _("Progress (%)"),
        },
        "budget_planned": _decimal(budget.get("planned")) or Decimal(0),
        "budget_realised": _decimal(budget.get("realised")),
        "budget_absorption": budget.get("absorption"),
        "budget_light": rollup.light(plan.get("percent"), budget.get("absorption"), thresholds),
        "agencies": _agency_rows(agency_list, data, thresholds),
        "no_data": listed(data.get("no_data", [])),
        "excluded": listed(
            excluded_keys,
            _latest_status_labels(region_id=region.pk, period=period, lineage_ids=excluded_keys),
        ),
        "overdue": overdue,
        "overdue_items": sum(len(row.items) for row in overdue),
        "deadline_passed": today > period.deadline,
        "latest": latest,
        "item_count": len(items),
    }


# ---------------------------------------------------------------- quick wins


@dataclass
class QuickWinRow:
    quick_win: QuickWin
    percent: float | None  # completion as of the period shown
    status: str
    excluded: bool
    trend: list[tuple[ReportingPeriod, float | None]]
    evidence: Evidence | None = None
    report: ProgressReport | None = None


def _quick_win_reports(
    *, region_id: int, period: ReportingPeriod, lineage_ids: Sequence[Any]
) -> list[ProgressReport]:
    return list(
        ProgressReport.objects.filter(
            region_id=region_id,
            state=ReportState.APPROVED,
            lineage_id__in=list(lineage_ids),
            period__reporting_year_id=period.reporting_year_id,
        )
        .select_related("status", "period")
        .order_by("period__number")
    )


def _report_completion(report: ProgressReport) -> float | None:
    excluded = report.status.percent is None
    return rollup.quick_win_percent(None if report.percent is None else float(report.percent), excluded)


def quick_win_rows(
    *, region_id: int, period: ReportingPeriod, version: PlanVersion | None, detail: bool = True
) -> tuple[list[QuickWinRow], list[ReportingPeriod]]:
    """The quick wins of the plan in force, each with its completion as of ``period`` (its latest
    approved report of the year up to then: ``rollup.quick_win_percent``) and, with ``detail``,
    its trend over the year's periods and its latest evidence. Four queries (two without detail)."""
    if version is None:
        return [], []
    wins = list(
        QuickWin.objects.filter(version=version)
        .select_related("agency", "dimension")
        .order_by("dimension__position", "position", "code")
    )
    periods = (
        list(ReportingPeriod.objects.filter(reporting_year_id=period.reporting_year_id).order_by("number"))
        if detail
        else []
    )
    reports = _quick_win_reports(region_id=region_id, period=period, lineage_ids=[w.lineage for w in wins])
    by_lineage: dict[Any, dict[int, ProgressReport]] = defaultdict(dict)
    for report in reports:
        by_lineage[report.lineage_id][report.period.number] = report
    evidence: dict[Any, Evidence] = {}
    if detail and reports:
        shown = [r.pk for r in reports if r.period.number <= period.number]
        for item in (
            Evidence.objects.filter(report_id__in=shown)
            .select_related("report")
            .order_by("-report__period__number", "-created_at", "-pk")
        ):
            evidence.setdefault(item.report.lineage_id, item)
    rows = []
    for win in wins:
        history = by_lineage.get(win.lineage, {})
        upto = [n for n in history if n <= period.number]
        as_of = history[max(upto)] if upto else None
        trend: list[tuple[ReportingPeriod, float | None]] = []
        latest: ProgressReport | None = None
        for p in periods:
            latest = history.get(p.number, latest)  # a period without a report keeps the last one
            shown_value = latest is not None and p.number <= period.number
            trend.append((p, _report_completion(latest) if shown_value and latest is not None else None))
        rows.append(
            QuickWinRow(
                quick_win=win,
                percent=None if as_of is None else _report_completion(as_of),
                status=as_of.status.label if as_of is not None else "",
                excluded=as_of is not None and as_of.status.percent is None,
                trend=trend,
                evidence=evidence.get(win.lineage),
                report=as_of,
            )
        )
    return rows, periods


@dataclass(frozen=True)
class QuickWinSummary:
    total: int
    with_data: int
    complete: int
    mean: float | None
    period: ReportingPeriod | None


def quick_win_summary_of(rows: Sequence[QuickWinRow], period: ReportingPeriod | None) -> QuickWinSummary:
    values = [r.percent for r in rows if r.percent is not None]
    return QuickWinSummary(
        total=sum(1 for r in rows if not r.excluded),
        with_data=len(values),
        complete=sum(1 for v in values if v >= 100),
        mean=rollup.mean(values),
        period=period,
    )


def quick_win_board(*, region: Region, period: ReportingPeriod) -> dict[str, Any]:
    version = selectors.version_in_force_for_region(region.pk)
    rows, periods = quick_win_rows(region_id=region.pk, period=period, version=version)
    return {
        "version": version,
        "rows": rows,
        "periods": periods,
        "summary": quick_win_summary_of(rows, period),
    }


def quick_win_summary(*, region: Region, actor: Any) -> QuickWinSummary | None:
    """The quick wins' completion in the current period, for the region home (``None`` when the
    actor may not see monitoring or nothing is set up)."""
    if not can(actor, "monitoring.view", region_id=region.pk):
        return None
    period = selectors.period_current()
    if period is None:
        return None
    version = selectors.version_in_force_for_region(region.pk)
    if version is None:
        return None
    rows, _periods = quick_win_rows(region_id=region.pk, period=period, version=version, detail=False)
    return quick_win_summary_of(rows, period) if rows else None


# ---------------------------------------------------------------- the agency dashboard


def agencies_of(region: Region) -> list[Agency]:
    return list(Agency.objects.filter(region=region).order_by("acronym"))


def agency_for(*, actor: Any, region: Region, agencies: Sequence[Agency], code: str | None) -> Agency | None:
    """The agency the dashboard shows: ``?opd=<code>`` (404 when not of the region), else the
    actor's own agency in the region, else the first one."""
    if code:
        for agency in agencies:
            if agency.code == code:
                return agency
        raise Http404("agency")
    own = actor_for(actor).agency_perms
    for agency in agencies:
        if "monitoring.report_own" in own.get(agency.pk, frozenset()):
            return agency
    return agencies[0] if agencies else None


@dataclass(frozen=True)
class AgencyItem:
    item: selectors.Item
    report: ProgressReport | None  # the period's report, if the actor may see it


def agency_dashboard(
    *, actor: Any, region: Region, agency: Agency, period: ReportingPeriod
) -> dict[str, Any]:
    """An agency's items in ``period`` with the state of each report the actor may see, what is
    due and what was returned (with the coordinator's comment)."""
    version = selectors.version_in_force_for_region(region.pk)
    items = selectors.reportable_items(version, agency_ids=[agency.pk]) if version is not None else []
    reports = {
        r.lineage_id: r
        for r in selectors.reports_visible(
            actor, ProgressReport.objects.filter(region=region, period=period, agency=agency)
        ).select_related("status")
    }
    rows = [AgencyItem(item, reports.get(item.lineage_id)) for item in items]
    sent = {ReportState.SUBMITTED, ReportState.APPROVED}
    due = [row for row in rows if row.report is None or row.report.state not in sent]
    returned = list(
        selectors.reports_visible(
            actor,
            ProgressReport.objects.filter(
                region=region,
                agency=agency,
                state=ReportState.RETURNED,
                period__reporting_year_id=period.reporting_year_id,
            ),
        )
        .select_related("period", "decided_by")
        .order_by("-decided_at", "-pk")
    )
    today = selectors.today()
    lock = selectors.period_lock(period, region_id=region.pk, agency_id=agency.pk)
    return {
        "version": version,
        "rows": rows,
        "due": due,
        "returned": returned,
        "deadline": period.deadline,
        "days_left": (period.deadline - today).days,
        "days_overdue": max(0, (today - period.deadline).days),
        "lock": lock,
        "may_report": selectors.may_report(actor, region_id=region.pk, agency_id=agency.pk),
        "counts": {
            state: sum(1 for r in rows if r.report is not None and r.report.state == state)
            for state in ReportState.values
        },
        "without_report": sum(1 for r in rows if r.report is None),
    }


# ---------------------------------------------------------------- the national table

# A region falls behind when its plan % is more than this many points under the national median
# of the period, or when fewer than REPORTING_FLOOR % of its expected reports are approved.
BEHIND_MARGIN = Decimal(15)
REPORTING_FLOOR = 50
PAGE_SIZE = 50

# ?urut= values and the column each sorts by (a leading "-" sorts descending; no data last).
SORTS = {
    "kode": "region__code",
    "wilayah": "region__name",
    "provinsi": "region__province__name",
    "rencana": "plan_percent",
    "pelaporan": "reporting_rate",
    "ketepatan": "timeliness",
}


@dataclass(frozen=True)
class NationalFilters:
    province: str = ""
    cohort: int | None = None
    kind: str = ""
    kawasan: str = ""
    behind: bool = False
    sort: str = "kode"

    @classmethod
    def from_query(cls, get: Any) -> NationalFilters:
        cohort = str(get.get("angkatan", "")).strip()
        kind = str(get.get("jenis", "")).strip()
        sort = str(get.get("urut", "")).strip()
        return cls(
            province=str(get.get("provinsi", "")).strip()[:2],
            cohort=int(cohort) if cohort.isdigit() else None,
            kind=kind if kind in (RegionLevel.KABUPATEN, RegionLevel.KOTA) else "",
            kawasan=str(get.get("kawasan", "")).strip()[:40],
            behind=get.get("tertinggal") in ("1", "on", "true"),
            sort=sort if sort.lstrip("-") in SORTS else "kode",
        )


def national_median(period: ReportingPeriod) -> Decimal | None:
    """The median plan % of every participating region with a stored roll-up in ``period``
    (two queries: the count, then the middle value or values)."""
    values = RegionProgress.objects.filter(
        period=period, plan_percent__isnull=False, region__participation__isnull=False
    )
    n = values.count()
    if n == 0:
        return None
    middle = [
        v
        for v in values.order_by("plan_percent").values_list("plan_percent", flat=True)[
            (n - 1) // 2 : n // 2 + 1
        ]
        if v is not None
    ]
    return sum(middle, Decimal(0)) / len(middle) if middle else None


def _percent_of(numerator: str, denominator: str) -> ExpressionWrapper:
    return ExpressionWrapper(
        Cast(F(numerator), FloatField())
        * Value(100.0)
        / NullIf(Cast(F(denominator), FloatField()), Value(0.0)),
        output_field=FloatField(),
    )


def national_rows(
    *, actor: Any, period: ReportingPeriod, filters: NationalFilters, median: Decimal | None
) -> QuerySet[Participation]:
    """The participating regions the actor may read, filtered, each with its stored roll-up of the
    period (regions without one have no data: every figure is NULL, never 0), sorted."""
    qs = Participation.objects.select_related("region", "region__province", "cohort", "kawasan")
    regions = readable_region_ids(actor, "monitoring.view")
    if regions is not None:
        qs = qs.filter(region_id__in=regions)
    if filters.province:
        qs = qs.filter(region__province__code=filters.province)
    if filters.cohort:
        qs = qs.filter(cohort__year=filters.cohort)
    if filters.kind:
        qs = qs.filter(region__level=filters.kind)
    if filters.kawasan:
        qs = qs.filter(kawasan__code=filters.kawasan)
    stored = RegionProgress.objects.filter(region_id=OuterRef("region_id"), period=period)
    stored = stored.annotate(
        rate=_percent_of("items_approved", "items_expected"),
        on_time=_percent_of("items_on_time", "items_expected"),
    )

    def column(name: str, output: Any) -> Subquery:
        return Subquery(stored.values(name)[:1], output_field=output)

    qs = qs.annotate(
        plan_percent=column("plan_percent", DecimalField(max_digits=5, decimal_places=2)),
        reporting_rate=column("rate", FloatField()),
        timeliness=column("on_time", FloatField()),
        items_expected=column("items_expected", IntegerField()),
        items_approved=column("items_approved", IntegerField()),
        items_on_time=column("items_on_time", IntegerField()),
        budget_planned=column("budget_planned", DecimalField(max_digits=20, decimal_places=2)),
        budget_realised=column("budget_realised", DecimalField(max_digits=20, decimal_places=2)),
        computed_at=column("computed_at", DateTimeField()),
    )
    behind = Q(reporting_rate__lt=REPORTING_FLOOR)
    if median is not None:
        behind |= Q(plan_percent__lt=median - BEHIND_MARGIN)
    qs = qs.annotate(behind=Case(When(behind, then=Value(True)), default=Value(False)))
    if filters.behind:
        qs = qs.filter(behind=True)
    name = SORTS[filters.sort.lstrip("-")]
    order = F(name).desc(nulls_last=True) if filters.sort.startswith("-") else F(name).asc(nulls_last=True)
    return qs.order_by(order, "region__code")


def national_dimension_percents(
    *, period: ReportingPeriod, region_ids: Sequence[int], dimensions: Sequence[Dimension]
) -> dict[int, dict[int, float | None]]:
    """Each region's % per dimension from its stored roll-up (only the JSON's "dimensions" part is
    read, not its programmes and item lists): one query for the given regions."""
    if not region_ids:
        return {}
    rows = (
        RegionProgress.objects.filter(period=period, region_id__in=list(region_ids))
        .annotate(dims=KeyTransform("dimensions", "rollup"))
        .values_list("region_id", "dims")
    )
    result: dict[int, dict[int, float | None]] = {}
    for region_id, dims in rows:
        dims = dims or {}
        result[region_id] = {d.pk: (dims.get(str(d.pk)) or {}).get("percent") for d in dimensions}
    return result


def national_totals(*, rows: QuerySet[Participation], period: ReportingPeriod) -> dict[str, Any]:
    """Aggregates of the regions in the table (SQL aggregates over their stored roll-ups): one query."""
    totals = RegionProgress.objects.filter(
        period=period, region_id__in=rows.order_by().values("region_id")
    ).aggregate(
        with_data=Count("pk"),
        mean=Avg("plan_percent"),
        expected=Sum("items_expected"),
        approved=Sum("items_approved"),
        on_time=Sum("items_on_time"),
        planned=Sum("budget_planned"),
        realised=Sum("budget_realised"),
    )
    expected = totals["expected"] or 0
    totals["reporting_rate"] = (totals["approved"] or 0) * 100 / expected if expected else None
    totals["timeliness"] = (totals["on_time"] or 0) * 100 / expected if expected else None
    planned = totals["planned"] or Decimal(0)
    totals["absorption"] = (
        float(totals["realised"] / planned * 100) if totals["realised"] is not None and planned > 0 else None
    )
    return totals


def national_filter_options() -> dict[str, Any]:
    """The choices of the filters: provinces, cohorts, kinds, kawasan (three queries)."""
    return {
        "provinces": list(Region.objects.provinces().order_by("code").values("code", "name")),
        "cohorts": list(Cohort.objects.order_by("-year").values_list("year", flat=True)),
        "kinds": [
            (RegionLevel.KABUPATEN.value, RegionLevel.KABUPATEN.label),
            (RegionLevel.KOTA.value, RegionLevel.KOTA.label),
        ],
        "kawasan": list(Kawasan.objects.order_by("name").values("code", "name")),
    }


def national_readable(actor: Any) -> bool:
    """May the actor open the national table (monitoring.view anywhere)?"""
    regions = readable_region_ids(actor, "monitoring.view")
    return regions is None or bool(regions)


def today() -> dt.date:
    return selectors.today()
