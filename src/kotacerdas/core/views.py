"""Home pages (by role), the audit trail page and background-job status."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.dateparse import parse_date

from kotacerdas.accounts.choices import Role
from kotacerdas.programme import selectors as programme_selectors

from . import selectors
from .keyset import InvalidCursor
from .models import AuditAction
from .permissions import actor_for


def home(request: HttpRequest) -> HttpResponse:
    """Ministry home for admins; a region's home for its coordinator and officers."""
    actor = actor_for(request.user)
    if actor.is_ministry_admin:
        return render(request, "core/home_ministry.html", programme_selectors.programme_overview())
    if actor.is_authenticated and actor.home_region_ids:
        from kotacerdas.regions.models import Region

        regions = list(Region.objects.filter(pk__in=actor.home_region_ids).order_by("code"))
        if len(regions) == 1 and Role.PENDAMPING not in actor.roles:
            return HttpResponseRedirect(reverse("regions:detail", args=[regions[0].code]))
        return render(
            request,
            "core/home_regions.html",
            {"participations": programme_selectors.participation_list(actor=request.user)},
        )
    context = programme_selectors.programme_overview()
    return render(request, "core/home_public.html", context)


AUDIT_PAGE_SIZE = 50


def _date(value: str) -> dt.date | None:
    try:
        return parse_date(value.strip()) if value.strip() else None
    except ValueError:  # well formed but impossible, e.g. 2026-02-31
        return None


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    """The audit trail the actor may read, filterable; per object with ``object_type`` + ``object_id``.

    Paged by keyset (``?cursor=``): every page costs the same and nothing is counted."""
    get = request.GET
    region_code = get.get("region", "").strip()
    region_id = None
    if region_code:
        from kotacerdas.regions.models import Region

        region_id = Region.objects.filter(code=region_code).values_list("pk", flat=True).first() or -1
    events = selectors.audit_event_list(
        actor=request.user,
        region_id=region_id,
        object_type=get.get("object_type", ""),
        object_id=get.get("object_id", ""),
        action=get.get("action", ""),
        actor_query=get.get("actor", "").strip(),
        date_from=_date(get.get("from", "")),
        date_to=_date(get.get("to", "")),
    )
    try:
        page = selectors.AUDIT_KEYSET.page(events, cursor=get.get("cursor", ""), size=AUDIT_PAGE_SIZE)
    except InvalidCursor:
        page = selectors.AUDIT_KEYSET.page(events, size=AUDIT_PAGE_SIZE)
    filters = get.copy()
    filters.pop("cursor", None)
    return render(
        request,
        "core/audit_list.html",
        {
            "page": page,
            "actions": AuditAction.choices,
            "object_types": selectors.audit_object_types(),
            "filters": get,
            "filter_query": filters.urlencode(),
        },
    )


@login_required
def job_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A job's progress; HTMX polls the partial until the job has finished."""
    job = selectors.job_get_for_user(actor=request.user, code=code)
    template = "core/_job_progress.html" if request.headers.get("HX-Request") else "core/job_detail.html"
    return render(request, template, {"job": job})


def health(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers: the database answers."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse(f"ok {dt.datetime.now(dt.UTC):%Y-%m-%dT%H:%M:%SZ}", content_type="text/plain")
