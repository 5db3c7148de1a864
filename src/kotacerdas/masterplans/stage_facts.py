"""The master plan's answer to the programme's stage rules: "Master plan ratified" (and every
later stage) needs a ratified version of the region's plan, and takes its regulation's date.

Registered from ``MasterplansConfig.ready()``; the programme never imports this app.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from kotacerdas.programme.models import Participation
from kotacerdas.programme.stage_rules import StageEvidence

from .models import PlanVersion


def ratified_plan_evidence(participation: Participation) -> StageEvidence | None:
    """The first regulation that ratified a version of the region's master plan, if any."""
    version = (
        PlanVersion.objects.filter(plan__region_id=participation.region_id, ratification_date__isnull=False)
        .order_by("ratification_date", "pk")
        .first()
    )
    if version is None or version.ratification_date is None:
        return None
    return StageEvidence(
        date=version.ratification_date,
        label=_("%(kind)s number %(number)s")
        % {"kind": version.get_ratification_kind_display(), "number": version.ratification_number},
    )
