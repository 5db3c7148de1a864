"""The quick-win board: completion as of a period, its trend over the year, the latest evidence;
and the summary the region home shows beside the programme stage."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kotacerdas.core.permissions import can
from kotacerdas.masterplans.models import PlanVersion, QuickWin
from kotacerdas.regions.models import Region

from .. import rollup, selectors
from ..choices import ReportState
from ..models import Evidence, ProgressReport, ReportingPeriod


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
