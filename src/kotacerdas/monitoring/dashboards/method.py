"""The page "Bagaimana progres dihitung": the year's vocabulary and thresholds, and a tiny fixed plan
rolled up by the one rule (``rollup.rollup``) so the example is computed, never typed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .. import rollup, selectors
from ..choices import DEFAULT_STATUSES, Weighting
from ..models import ProgressStatus, ReportingYear


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
