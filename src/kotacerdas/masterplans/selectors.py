"""Reads of master plans, scoped to the actor."""

from __future__ import annotations

from typing import Any

from .choices import VersionStatus
from .models import MasterPlan


def plan_summary_for_region(*, region: Any) -> dict[str, Any]:
    """The state of a region's newest master plan, for the region's home."""
    plan = MasterPlan.objects.filter(region=region).order_by("-start_year").first()
    if plan is None:
        return {"exists": False}
    statuses = set(plan.versions.values_list("status", flat=True))
    return {
        "exists": True,
        "plan": plan,
        "ratified": VersionStatus.RATIFIED in statuses,
        "has_draft": VersionStatus.DRAFT in statuses,
    }
