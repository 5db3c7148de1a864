"""The stored roll-up of a region in a period (``RegionProgress``): computed by the one rule
(``rollup.rollup`` through ``selectors.region_rollup``) and written inside the transactions that
change what counts (an approval, a return, a reopened report, a new status %, a new weighting)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from . import rollup, selectors
from .choices import (
    ReportState,
)
from .models import (
    ProgressReport,
    RegionProgress,
    ReportingPeriod,
)


def deadline_end(period: ReportingPeriod) -> dt.datetime:
    """The moment a period's deadline day ends: a report submitted before it was on time."""
    return timezone.make_aware(dt.datetime.combine(period.deadline + dt.timedelta(days=1), dt.time()))


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
    on_time_before = deadline_end(period)
    values = {
        "plan_percent": None if result.plan.percent is None else Decimal(str(round(result.plan.percent, 2))),
        "items_expected": expected,
        "items_approved": approved.count(),
        "items_on_time": approved.filter(submitted_at__lt=on_time_before).count(),
        "budget_planned": result.budget.planned,
        "budget_realised": result.budget.realised,
        "rollup": rollup_json(result),
        "computed_at": timezone.now(),
    }
    row, _created = RegionProgress.objects.update_or_create(
        region_id=region_id, period=period, defaults=values
    )
    return row
