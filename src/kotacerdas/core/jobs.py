"""Background jobs: a ``Job`` status row plus a task enqueued once the transaction commits.

A task takes the job's code, calls one service, and reports progress through ``job_progress``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import Job, JobStatus

log = logging.getLogger(__name__)


def job_create(*, kind: str, actor: Any, region_id: int | None, params: dict[str, Any], task: Any) -> Job:
    """Create the status row and enqueue ``task(job_code)`` after the surrounding commit."""
    job = Job.objects.create(
        kind=kind,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        region_id=region_id,
        params=params,
    )
    code = str(job.code)
    transaction.on_commit(lambda: task.enqueue(code))
    return job


def job_progress(job: Job, *, done: int, total: int, message: str = "") -> None:
    pct = 100 if total <= 0 else min(100, int(done * 100 / total))
    Job.objects.filter(pk=job.pk).update(progress=pct, message=message[:500], updated_at=timezone.now())


def job_run(code: str, work: Callable[[Job], dict[str, Any]]) -> None:
    """Run ``work(job)`` and record its outcome on the job row (called by a task).

    ``work`` returns a JSON-safe result; ``{"ok": False, ...}`` marks the job failed
    (e.g. an import refused with row errors) without an exception.
    """
    job = Job.objects.get(code=code)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    try:
        result = work(job)
    except Exception as exc:  # the row must say what happened, whatever it was
        log.exception("job %s failed", code)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), message=str(exc)[:500]
        )
        return
    ok = bool(result.get("ok", True))
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED if ok else JobStatus.FAILED,
        progress=100,
        finished_at=timezone.now(),
        result=result,
        message=str(result.get("message", ""))[:500],
    )
