"""Master-plan pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kotacerdas.regions.selectors import region_get_private

from .selectors import plan_summary_for_region


def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = region_get_private(actor=request.user, code=code, perm="masterplan.view")
    return render(
        request,
        "masterplans/plan_detail.html",
        {"region": region, "plan": plan_summary_for_region(region=region)},
    )
