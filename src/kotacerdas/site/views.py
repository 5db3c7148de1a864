"""Home pages, by role: they gather what the apps below offer."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from kotacerdas.core.permissions import actor_for, can
from kotacerdas.core.roles import Role
from kotacerdas.evaluation.self_selectors import region_rounds
from kotacerdas.programme import selectors as programme_selectors
from kotacerdas.regions.models import Region
from kotacerdas.regions.selectors import region_get

from .region_home import region_home


def home(request: HttpRequest) -> HttpResponse:
    """Ministry home for admins; a region's home for its coordinator and officers."""
    actor = actor_for(request.user)
    if actor.is_ministry_admin:
        return render(request, "site/home_ministry.html", programme_selectors.programme_overview())
    if actor.is_authenticated and actor.home_region_ids:
        regions = list(Region.objects.filter(pk__in=actor.home_region_ids).order_by("code"))
        if len(regions) == 1 and Role.PENDAMPING not in actor.roles:
            return HttpResponseRedirect(reverse("site:region", args=[regions[0].code]))
        return render(
            request,
            "site/home_regions.html",
            {"participations": programme_selectors.participation_list(actor=request.user)},
        )
    context = programme_selectors.programme_overview()
    return render(request, "site/home_public.html", context)


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Region home: public facts for everyone; stage timeline, organisation and what is due
    for those who may see the region's private pages."""
    region = region_get(code=code)
    rounds = region_rounds(actor=request.user, region_id=region.pk)
    context: dict[str, object] = {"region": region, "private": False, "evaluation_rounds": rounds}
    if can(request.user, "region.view_private", region_id=region.pk):
        context.update(region_home(region=region, actor=request.user, evaluation_rounds=rounds))
        context["private"] = True
    return render(request, "site/region_detail.html", context)
