"""A region's organisation pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kotacerdas.core.permissions import can
from kotacerdas.regions.selectors import region_get_private

from . import selectors


def overview(request: HttpRequest, code: str) -> HttpResponse:
    """Agencies, councils, pokja and forum meetings of one region."""
    region = region_get_private(actor=request.user, code=code)
    return render(
        request,
        "organisation/overview.html",
        {
            "region": region,
            "agencies": selectors.agency_list(actor=request.user, region_id=region.pk),
            "members": selectors.body_member_list(actor=request.user, region_id=region.pk),
            "decrees": selectors.decree_list(actor=request.user, region_id=region.pk),
            "working_groups": selectors.working_group_list(actor=request.user, region_id=region.pk),
            "meetings": selectors.forum_meeting_list(actor=request.user, region_id=region.pk)[:20],
            "may_change": can(request.user, "organisation.change", region_id=region.pk),
        },
    )
