"""The national table: every participating region the actor may read with its stored roll-up of a
period (no data stays no data), filters, sorting, the falling-behind rule and SQL aggregates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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

from kotacerdas.core.permissions import readable_region_ids
from kotacerdas.programme.models import Cohort, Dimension, Kawasan, Participation
from kotacerdas.regions.choices import RegionLevel
from kotacerdas.regions.models import Region

from ..models import RegionProgress, ReportingPeriod

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
    (two queries: the count, then the middle value or values; the participations are a subquery,
    not a join, and the model's ordering is left out, so that neither joins the regions)."""
    values = RegionProgress.objects.filter(
        period=period,
        plan_percent__isnull=False,
        region_id__in=Participation.objects.order_by().values("region_id"),
    ).order_by()
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
    # Without the model's ordering (region code, period start): each figure's subquery reads the
    # one stored row by its key, with no join to the regions and periods.
    stored = RegionProgress.objects.filter(region_id=OuterRef("region_id"), period=period).order_by()
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
        .order_by()
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
