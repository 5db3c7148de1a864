"""Evaluation's answer to the programme's stage rules: "Evaluated" needs the region's results in a
published round, and takes the date of its first publication.

Registered from ``EvaluationConfig.ready()``; the programme never imports this app.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.programme.models import Participation
from kotacerdas.programme.stage_rules import StageEvidence

from .choices import Phase
from .models import RoundRegion


def first_published_round_evidence(participation: Participation) -> StageEvidence | None:
    """The first published round that evaluated the region, if any."""
    entry = (
        RoundRegion.objects.filter(
            region_id=participation.region_id, round__phase=Phase.PUBLISHED, round__published_at__isnull=False
        )
        .select_related("round")
        .order_by("round__published_at", "pk")
        .first()
    )
    if entry is None or entry.round.published_at is None:
        return None
    return StageEvidence(
        date=timezone.localdate(entry.round.published_at),
        label=_("the published results of %(round)s") % {"round": entry.round},
    )
