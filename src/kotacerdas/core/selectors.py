"""Reads of the audit trail and jobs, scoped to the actor."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from .models import AuditEvent, Job
from .permissions import can, readable_region_ids


def audit_event_list(
    *,
    actor: Any,
    region_id: int | None = None,
    object_type: str = "",
    object_id: str = "",
    action: str = "",
    actor_query: str = "",
    date_from: Any = None,
    date_to: Any = None,
) -> QuerySet[AuditEvent]:
    """Audit events the actor may read: everything for ministry admins, else their regions' events."""
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
        qs = qs.filter(actor_label__icontains=actor_query)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs.order_by("-created_at", "-id")


def audit_object_types() -> list[str]:
    return list(AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct())


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
