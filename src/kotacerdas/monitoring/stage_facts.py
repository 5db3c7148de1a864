"""Monitoring's answer to the programme's stage rules: "Implementing" (and every later stage)
needs an approved progress report of the region, and takes the date its first one was approved.

Registered from ``MonitoringConfig.ready()``; the programme never imports this app.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.programme.models import Participation
from kotacerdas.programme.stage_rules import StageEvidence

from .choices import ReportState
from .models import ProgressReport


def first_approved_report_evidence(participation: Participation) -> StageEvidence | None:
    """The region's first approved progress report (by the time it was approved), if any."""
    report = (
        ProgressReport.objects.filter(
            region_id=participation.region_id, state=ReportState.APPROVED, decided_at__isnull=False
        )
        .select_related("period")
        .order_by("decided_at", "pk")
        .first()
    )
    if report is None or report.decided_at is None:
        return None
    return StageEvidence(
        date=timezone.localdate(report.decided_at),
        label=_("the first approved progress report (%(item)s, %(period)s)")
        % {"item": report.item_code, "period": report.period.label},
    )
