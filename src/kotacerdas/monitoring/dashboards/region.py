"""The region dashboard: the stored roll-up of a period (or the rule computed now while none is
stored), per dimension and agency with the traffic light, overdue reports, latest approvals,
items with no data and excluded items."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.organisation.models import Agency
from kotacerdas.programme.models import Dimension
from kotacerdas.regions.models import Region

from .. import rollup, selectors
from ..choices import ReportState, Weighting
from ..models import ProgressReport, RegionProgress, RegionSettings, ReportingPeriod
from ..services import rollup_json


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
