"""Reads of the audit trail and jobs, scoped to the actor."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.text import capfirst

from .keyset import Keyset
from .models import AuditEvent, Job
from .permissions import can, readable_region_ids

# The order of the audit trail, newest first; the indexes of AuditEvent serve it.
AUDIT_KEYSET = Keyset(AuditEvent, ["-created_at", "-id"])
# A name search that matches more people than this is narrowed to the first ones (by username).
ACTOR_MATCH_LIMIT = 100


def audit_actor_ids(query: str) -> list[int]:
    """The ids of the people whose username or name contains ``query``, looked up in the user
    table (small) before the events are filtered by actor id (indexed)."""
    words = query.split()
    if not words:
        return []
    condition = Q()
    for word in words:
        condition &= (
            Q(username__icontains=word)
            | Q(full_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
        )
    users = get_user_model().objects.filter(condition).order_by("username")
    return list(users.values_list("pk", flat=True)[:ACTOR_MATCH_LIMIT])


def audit_region_id(code: str) -> int | None:
    """The id of the region with Kemendagri ``code`` for the audit filters (-1 when there is none,
    so the filter finds nothing); found through the events' own region relation, so core names no app."""
    if not code:
        return None
    region_model = AuditEvent._meta.get_field("region").related_model
    found = region_model._default_manager.filter(code=code).values_list("pk", flat=True).first()
    return int(found) if found is not None else -1


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_event_list(
    *,
    actor: Any,
    region_id: int | None = None,
    object_type: str = "",
    object_id: str = "",
    action: str = "",
    actor_query: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events the actor may read: everything for ministry admins, else their regions' events.

    ``actor_query`` finds people by name first (``audit_actor_ids``), then their events; the
    days are turned into time ranges so that the index on the time serves them."""
    qs = AuditEvent.objects.select_related("region")
    if not can(actor, "audit.view_all"):
        regions = readable_region_ids(actor, "audit.view")
        if not regions:
            return AuditEvent.objects.none()
        qs = qs.filter(region_id__in=regions)
    if region_id is not None:
        qs = qs.filter(region_id=region_id)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if action:
        qs = qs.filter(action=action)
    if actor_query:
        actor_ids = audit_actor_ids(actor_query)
        if not actor_ids:
            return AuditEvent.objects.none()
        qs = qs.filter(actor_id=actor_ids[0]) if len(actor_ids) == 1 else qs.filter(actor_id__in=actor_ids)
    if date_from:
        qs = qs.filter(created_at__gte=_day_start(date_from))
    if date_to:
        qs = qs.filter(created_at__lt=_day_start(date_to + dt.timedelta(days=1)))
    return qs.order_by("-created_at", "-id")


def audited_models() -> list[type[Any]]:
    """The models whose changes the audit trail records: every model of the project's apps
    (any of them may be passed to ``audit_record``), but the audit trail and job rows
    themselves. Read from Django's app registry, never from the (large) events table."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_config is not None
        and model._meta.app_config.name.startswith("kotacerdas.")
        and model not in (AuditEvent, Job)
    ]


def audit_object_types() -> list[tuple[str, str]]:
    """``(object_type, label)`` for the object-type filter, sorted by label; no query."""
    types = [(m._meta.label_lower, f"{capfirst(m._meta.verbose_name)}") for m in audited_models()]
    return sorted(types, key=lambda t: (t[1].lower(), t[0]))


def job_get_for_user(*, actor: Any, code: str) -> Job:
    """A job row: its creator, ministry admins, and whom its kind names may see it; 404 otherwise."""
    from .jobs import job_kind

    job = Job.objects.filter(code=code).first()
    if job is None or not job_may_view(
        actor=actor, job=job, kind_rule=getattr(job_kind(job.kind), "may_view", None)
    ):
        raise Http404("job")
    return job


def job_may_view(*, actor: Any, job: Job, kind_rule: Any = None) -> bool:
    if not getattr(actor, "is_authenticated", False):
        return False
    if job.created_by_id is not None and job.created_by_id == actor.pk:
        return True
    return can(actor, "audit.view_all") or bool(kind_rule and kind_rule(actor, job))


def job_detail_visible(*, actor: Any) -> bool:
    """Operators' detail of a failed job (a traceback) is for ministry admins only."""
    return can(actor, "audit.view_all")
