"""The audit trail page and background-job status."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_date

from . import selectors
from .keyset import InvalidCursor
from .models import AuditAction

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
    region_id = selectors.audit_region_id(get.get("region", "").strip())
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
    return render(
        request, template, {"job": job, "show_detail": selectors.job_detail_visible(actor=request.user)}
    )


def health(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers: the database answers."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse(f"ok {dt.datetime.now(dt.UTC):%Y-%m-%dT%H:%M:%SZ}", content_type="text/plain")
