"""Reads of regions. Regions themselves are public; private pages use the permission helpers."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from .models import Region, RegionQuerySet


def region_list(
    *, province: str | None = None, level: str | None = None, current: bool = True
) -> RegionQuerySet:
    qs = Region.objects.select_related("province")
    if current:
        qs = qs.current()
    if province:
        qs = qs.filter(province__code=province)
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("code")


def region_get(*, code: str) -> Region:
    """A region by Kemendagri code (public data): 404 when unknown."""
    region = Region.objects.select_related("province", "split_from", "replaced_by").filter(code=code).first()
    if region is None:
        raise Http404("region")
    return region


def region_home(*, region: Region, actor: object) -> dict[str, object]:
    """What a region's home shows to those who may see its private pages: the stage timeline,
    the organisation in figures, the master plan's state and what is due next."""
    from kotacerdas.masterplans.selectors import plan_summary_for_region
    from kotacerdas.organisation.selectors import organisation_summary
    from kotacerdas.programme.choices import STAGE_ORDER, Stage
    from kotacerdas.programme.models import Participation

    participation = (
        Participation.objects.select_related("cohort", "kawasan", "mou")
        .prefetch_related("stage_changes")
        .filter(region=region)
        .first()
    )
    timeline = []
    if participation is not None:
        reached = {c.stage: c for c in participation.stage_changes.all()}
        current_index = STAGE_ORDER.index(participation.stage)
        for index, stage in enumerate(STAGE_ORDER):
            change = reached.get(stage)
            timeline.append(
                {
                    "stage": stage,
                    "label": Stage(stage).label,
                    "date": change.date if change else None,
                    "note": change.note if change else "",
                    "state": "done"
                    if index < current_index
                    else ("current" if index == current_index else "todo"),
                }
            )
    organisation = organisation_summary(region=region)
    plan = plan_summary_for_region(region=region)
    return {
        "participation": participation,
        "timeline": timeline,
        "organisation": organisation,
        "plan": plan,
        "due": region_due_items(participation=participation, organisation=organisation, plan=plan),
    }


def region_due_items(
    *, participation: object, organisation: dict[str, Any], plan: dict[str, Any]
) -> list[str]:
    """The next things a region has to do, in programme order (plain sentences)."""
    from django.utils.translation import gettext as _

    from kotacerdas.programme.choices import STAGE_ORDER, Stage

    due: list[str] = []
    if participation is None:
        return [_("The region is not enrolled in the programme yet.")]
    if getattr(participation, "mou", None) is None:
        due.append(_("Record the signed MoU (Nota Kesepakatan)."))
    if not organisation.get("has_dewan_decree"):
        due.append(_("Record the SK of the Dewan Smart City."))
    if not organisation.get("has_tim_decree"):
        due.append(_("Record the SK of the Tim Pelaksana."))
    missing = organisation.get("dimensions_without_pokja") or []
    if missing:
        due.append(_("Form a pokja for: %(dims)s.") % {"dims": ", ".join(str(d) for d in missing)})
    if not organisation.get("recent_forum"):
        due.append(_("Hold a Forum Smart City meeting (none in the last three months)."))
    if not plan.get("exists"):
        due.append(_("Start the master plan."))
    elif not plan.get("ratified"):
        due.append(_("Complete the master plan and record its ratification."))
    stage = getattr(participation, "stage", "")
    index = STAGE_ORDER.index(stage) if stage in STAGE_ORDER else -1
    if 0 <= index < len(STAGE_ORDER) - 1:
        due.append(_("Next stage: %(stage)s.") % {"stage": Stage(STAGE_ORDER[index + 1]).label})
    return due


def region_get_private(*, actor: object, code: str, perm: str = "region.view_private") -> Region:
    """A region whose private pages the actor may see: 404 for missing and forbidden alike."""
    from kotacerdas.core.permissions import can

    region = Region.objects.select_related("province").filter(code=code).first()
    if region is None or not can(actor, perm, region_id=region.pk):
        raise Http404("region")
    return region
