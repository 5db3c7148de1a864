"""Progress history written in bulk: the rows ``report_save`` → ``report_submit`` →
``report_decide`` would write, for many reports at once.

The demo's past quarters (and the national-scale data, ``demo.scale``) hold thousands of
reports dated in the past; writing them one by one through the services would take minutes
and date every step "now". This writer stores exactly what the services store instead:

- each report's values pass through ``monitoring.services.report_clean`` (the one check of a
  report's content), so a value the form would refuse is refused here too;
- the report row has the services' fields, state and ``row_version`` (1 for a draft, 2 once
  submitted, 3 once approved or returned), with the submit and decision times given;
- the audit trail gets the three events the services write (created, submitted, decided), built
  by ``core.services.audit_event`` and saved by ``audit_record_many`` (optional: the national
  data leaves them out);
- the stored roll-up of every region and period with an approved report is recomputed by
  ``monitoring.services.region_progress_refresh``, and the participation stage follows the
  first approval through ``programme.services.participation_stage_established``, as approval
  does.

Notifications are not written: they announce a step to the next person, and these steps are
history. ``tests/test_monitoring_demo.py`` compares this writer's rows with the services'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from kotacerdas.core.models import AuditAction, AuditEvent
from kotacerdas.core.services import audit_event, audit_record_many, snapshot
from kotacerdas.monitoring import services
from kotacerdas.monitoring.choices import ReportState
from kotacerdas.monitoring.models import ProgressReport, ReportingPeriod
from kotacerdas.monitoring.selectors import Item
from kotacerdas.programme.choices import Stage
from kotacerdas.programme.services import participation_stage_established

BATCH = 2000

# The row version of a report in each state, as the services leave it (created 1, submitted +1,
# decided +1).
ROW_VERSION = {
    ReportState.DRAFT: 1,
    ReportState.SUBMITTED: 2,
    ReportState.APPROVED: 3,
    ReportState.RETURNED: 3,
}


@dataclass
class Report:
    """One report of the history: what it says (``data``, as the form sends it, the status as a
    ``ProgressStatus`` row) and how far it went through moderation."""

    region_id: int
    period: ReportingPeriod
    item: Item
    data: Mapping[str, Any]
    state: str = ReportState.APPROVED
    writer: Any = None  # who wrote and submitted it
    approver: Any = None  # who approved or returned it
    submitted_at: dt.datetime | None = None
    decided_at: dt.datetime | None = None
    comment: str = ""  # the comment of a returned report


def _row(report: Report) -> ProgressReport:
    cleaned = services.report_clean(period=report.period, data=report.data, kind=report.item.kind)
    state = ReportState(report.state)
    item = report.item
    submitted = state != ReportState.DRAFT
    decided = state in (ReportState.APPROVED, ReportState.RETURNED)
    user = report.writer if getattr(report.writer, "is_authenticated", False) else None
    approver = report.approver if getattr(report.approver, "is_authenticated", False) else None
    return ProgressReport(
        region_id=report.region_id,
        period=report.period,
        lineage_id=item.lineage_id,
        kind=item.kind,
        action_id=item.pk if item.kind == "action" else None,
        quick_win_id=item.pk if item.kind == "quick_win" else None,
        item_code=item.code,
        item_name=item.name,
        agency_id=item.agency_id,
        created_by=user,
        state=state,
        row_version=ROW_VERSION[state],
        submitted_at=report.submitted_at if submitted else None,
        submitted_by=user if submitted else None,
        decided_at=report.decided_at if decided else None,
        decided_by=approver if decided else None,
        return_comment=report.comment if state == ReportState.RETURNED else "",
        **cleaned,
    )


def _events(report: Report, row: ProgressReport) -> list[AuditEvent]:
    """The audit events the services write on the way to the report's state."""
    events = [
        audit_event(
            actor=report.writer,
            action=AuditAction.CREATE,
            obj=row,
            changes={k: [None, v] for k, v in snapshot(row, services.REPORT_FIELDS).items()},
        )
    ]
    if row.state == ReportState.DRAFT:
        return events
    events.append(
        audit_event(
            actor=report.writer,
            action=AuditAction.TRANSITION,
            obj=row,
            changes={"state": [ReportState.DRAFT, ReportState.SUBMITTED]},
        )
    )
    if row.state in (ReportState.APPROVED, ReportState.RETURNED):
        changes: dict[str, Any] = {"state": [ReportState.SUBMITTED, row.state]}
        if row.state == ReportState.RETURNED:
            changes["return_comment"] = ["", row.return_comment]
        events.append(
            audit_event(
                actor=report.approver,
                action=AuditAction.TRANSITION,
                obj=row,
                changes=changes,
                message=row.return_comment,
            )
        )
    return events


def reports_write(reports: Sequence[Report], *, audit: bool = True) -> list[ProgressReport]:
    """Store ``reports`` (and their audit events) with bulk inserts; returns the rows.

    Call ``progress_settle`` afterwards (once, after the last batch) for the stored roll-ups and
    the stage. A report that the services would refuse raises ``ValidationError``.
    """
    rows = [_row(report) for report in reports]
    with transaction.atomic():
        ProgressReport.objects.bulk_create(rows, batch_size=BATCH)
        if audit:
            audit_record_many(
                event for report, row in zip(reports, rows, strict=True) for event in _events(report, row)
            )
    return rows


def progress_settle(rows: Iterable[ProgressReport], *, actor: Any) -> int:
    """What approval does after the rows are written: the stored roll-up of each region and
    period with an approved report, then the stage of each region ("Implementing" from its
    first approved report). Returns how many roll-ups were computed."""
    touched: dict[tuple[int, int], ReportingPeriod] = {}
    regions: set[int] = set()
    for row in rows:
        if row.state == ReportState.APPROVED:
            touched[(row.region_id, row.period_id)] = row.period
            regions.add(row.region_id)
    with transaction.atomic():
        for (region_id, _period_id), period in sorted(touched.items()):
            services.region_progress_refresh(region_id=region_id, period=period)
        for region_id in sorted(regions):
            participation_stage_established(actor=actor, region_id=region_id, stage=Stage.IMPLEMENTING)
    return len(touched)
