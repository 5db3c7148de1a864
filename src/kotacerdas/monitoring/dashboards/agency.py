"""The agency dashboard: an agency's items in a period with the state of each report the actor may
see, what is due and what was returned."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from kotacerdas.core.permissions import actor_for
from kotacerdas.organisation.models import Agency
from kotacerdas.regions.models import Region

from .. import selectors
from ..choices import ReportState
from ..models import ProgressReport, ReportingPeriod


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
