"""Reads of a region's organisation, scoped to the actor."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet

from kotacerdas.core.permissions import readable_region_ids

from .choices import DecreeKind
from .models import Agency, BodyMember, Decree, ForumMeeting, WorkingGroup


def _scoped(qs: QuerySet[Any], actor: Any) -> QuerySet[Any]:
    regions = readable_region_ids(actor)
    return qs if regions is None else qs.filter(region_id__in=regions)


def agency_list(*, actor: Any, region_id: int | None = None, public: bool = False) -> QuerySet[Agency]:
    """Agencies the actor may see (agency names are public when ``public``)."""
    qs = Agency.objects.select_related("region")
    if not public:
        qs = _scoped(qs, actor)
    if region_id is not None:
        qs = qs.filter(region_id=region_id)
    return qs.order_by("region__code", "acronym")


def decree_list(*, actor: Any, region_id: int | None = None) -> QuerySet[Decree]:
    qs = _scoped(Decree.objects.select_related("region"), actor)
    return qs.filter(region_id=region_id) if region_id is not None else qs


def body_member_list(*, actor: Any, region_id: int | None = None) -> QuerySet[BodyMember]:
    qs = _scoped(BodyMember.objects.select_related("region", "agency", "decree"), actor)
    return qs.filter(region_id=region_id) if region_id is not None else qs


def working_group_list(*, actor: Any, region_id: int | None = None) -> QuerySet[WorkingGroup]:
    qs = _scoped(
        WorkingGroup.objects.select_related("region", "dimension", "leading_agency", "decree"), actor
    )
    return qs.filter(region_id=region_id) if region_id is not None else qs


def forum_meeting_list(*, actor: Any, region_id: int | None = None) -> QuerySet[ForumMeeting]:
    qs = _scoped(ForumMeeting.objects.select_related("region"), actor)
    return qs.filter(region_id=region_id) if region_id is not None else qs


def organisation_summary(*, region: Any) -> dict[str, Any]:
    """Figures for a region's home (the caller has checked the actor may see the region)."""
    from kotacerdas.programme.models import Dimension

    decree_kinds = set(Decree.objects.filter(region=region).values_list("kind", flat=True))
    pokja_dims = set(WorkingGroup.objects.filter(region=region).values_list("dimension_id", flat=True))
    since = dt.date.today() - dt.timedelta(days=92)
    last_forum = ForumMeeting.objects.filter(region=region).order_by("-date").first()
    return {
        "agency_count": Agency.objects.filter(region=region).count(),
        "dewan_count": BodyMember.objects.filter(region=region, body="dewan").count(),
        "tim_count": BodyMember.objects.filter(region=region, body="tim_pelaksana").count(),
        "pokja_count": len(pokja_dims),
        "has_dewan_decree": DecreeKind.DEWAN in decree_kinds,
        "has_tim_decree": DecreeKind.TIM_PELAKSANA in decree_kinds,
        "dimensions_without_pokja": [d for d in Dimension.objects.all() if d.pk not in pokja_dims],
        "last_forum": last_forum,
        "recent_forum": last_forum is not None and last_forum.date >= since,
    }


def organisation_item_get[T: Model](*, model: type[T], region: Any, uid: Any) -> T:
    """One row of ``region`` by its public id: 404 when it is missing or of another region.

    The caller found ``region`` through ``region_get_private``, so the actor may see it.
    """
    from django.http import Http404

    try:
        return model._default_manager.get(region=region, uid=uid)
    except (ObjectDoesNotExist, ValueError, ValidationError) as exc:
        raise Http404(model._meta.model_name) from exc


def working_groups_by_dimension(*, region: Any) -> list[dict[str, Any]]:
    """Every smart dimension with the region's pokja for it (``None`` when not formed yet)."""
    from kotacerdas.programme.models import Dimension

    groups = {
        wg.dimension_id: wg
        for wg in WorkingGroup.objects.filter(region=region).select_related("leading_agency", "decree")
    }
    return [{"dimension": d, "group": groups.get(d.pk)} for d in Dimension.objects.order_by("position")]


def meeting_list_for_region(*, region: Any) -> QuerySet[ForumMeeting]:
    """A region's Forum Smart City meetings, newest first (stable order for paging)."""
    return ForumMeeting.objects.filter(region=region).order_by("-date", "-id")
