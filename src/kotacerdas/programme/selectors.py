"""Reads of the programme: cohorts, participations, timelines — scoped to the actor."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from kotacerdas.core.permissions import readable_region_ids

from .choices import STAGE_ORDER, Stage
from .models import Cohort, Participation


def cohort_list() -> QuerySet[Cohort]:
    """Cohorts with their number of participants (public information)."""
    return Cohort.objects.annotate(participant_count=Count("participations")).order_by("year")


def participation_list(
    *,
    actor: Any,
    cohort_year: int | None = None,
    stage: str = "",
    province: str = "",
    query: str = "",
    public: bool = False,
) -> QuerySet[Participation]:
    """Participations the actor may see (``public``: the programme's public list of participants)."""
    qs = Participation.objects.select_related("region", "region__province", "cohort", "kawasan")
    if not public:
        regions = readable_region_ids(actor)
        if regions is not None:
            qs = qs.filter(region_id__in=regions)
    if cohort_year:
        qs = qs.filter(cohort__year=cohort_year)
    if stage:
        qs = qs.filter(stage=stage)
    if province:
        qs = qs.filter(Q(region__province__code=province) | Q(region__code=province))
    if query:
        qs = qs.filter(Q(region__name__icontains=query) | Q(region__code__startswith=query))
    return qs.order_by("region__code")


def participation_get_for_user(*, actor: Any, region_code: str) -> Participation:
    """A region's participation if the actor may see its private pages; 404 for missing and forbidden."""
    participation = (
        participation_list(actor=actor)
        .select_related("mou")
        .prefetch_related("stage_changes")
        .filter(region__code=region_code)
        .first()
    )
    if participation is None:
        raise Http404("participation")
    return participation


def stage_counts() -> list[dict[str, Any]]:
    """Participants per stage, in programme order (zeros included)."""
    counts = dict(Participation.objects.order_by().values_list("stage").annotate(n=Count("id")))
    return [{"stage": s, "label": Stage(s).label, "count": counts.get(s, 0)} for s in STAGE_ORDER]


def programme_overview() -> dict[str, Any]:
    """Figures for the ministry home: cohorts, participants by stage, totals."""
    from kotacerdas.regions.models import Region

    stages = stage_counts()
    total = sum(s["count"] for s in stages)
    regions = Region.objects.current().kabupaten_kota().count()
    return {
        "cohorts": list(cohort_list()),
        "stages": stages,
        "participant_total": total,
        "region_total": regions,
        "mou_total": Participation.objects.filter(mou__isnull=False).count(),
        "max_stage_count": max([s["count"] for s in stages] + [1]),
    }
