"""Background jobs: a ``Job`` status row plus a task enqueued once the transaction commits.

Each kind of job is registered once (``job_kind_register``): its task, who may see its jobs
besides their creator, and the temporary files a job leaves behind. A task takes the job's
code and calls ``job_run(code, work)``; ``work`` reports progress with ``job_progress`` or
``job_iter`` and returns a JSON-safe result.

``job_run`` runs the work once even when the queue delivers the task twice: it claims the
job under a row lock, and only a queued job can be claimed.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import traceback
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import JOB_UNFINISHED, Job, JobStatus, StagedUpload

log = logging.getLogger(__name__)

# What users see when a job fails for an unexpected reason; the detail goes to ``Job.detail``.
FAILED_MESSAGE = "The job failed. The operators have the details; try again later or tell the administrator."


class JobError(Exception):
    """A failure whose message is meant for the user (the job is marked failed with it)."""


@dataclass(frozen=True)
class JobKind:
    """A kind of background job.

    ``may_view(actor, job)`` widens who may see a job beyond its creator and ministry admins
    (e.g. every coordinator of the job's region); ``temp_files(job)`` names the storage paths the
    job owns, deleted by ``jobs_cleanup``.
    """

    name: str
    task: Any
    may_view: Callable[[Any, Job], bool] | None = None
    temp_files: Callable[[Job], list[str]] | None = None


JOB_KINDS: dict[str, JobKind] = {}


def job_kind_register(kind: JobKind) -> JobKind:
    """Register a kind (from the app's ``tasks.py``; core imports every app's ``tasks`` at start)."""
    existing = JOB_KINDS.get(kind.name)
    if existing is not None and existing != kind:
        raise ValueError(f"job kind {kind.name!r} is registered twice")
    JOB_KINDS[kind.name] = kind
    return kind


def job_kind(name: str) -> JobKind | None:
    return JOB_KINDS.get(name)


def job_create(
    *,
    kind: str,
    actor: Any,
    region_id: int | None,
    params: dict[str, Any],
    task: Any = None,
    dedupe_key: str = "",
) -> Job:
    """Create the status row and enqueue the kind's task with the job's code after the commit.

    With ``dedupe_key``, an unfinished job of the same key is returned instead of a new one
    (e.g. one roll-up per round); a database constraint keeps it unique under concurrency.
    """
    registered = JOB_KINDS.get(kind)
    task = task or (registered.task if registered else None)
    if task is None:
        raise ValueError(f"unknown job kind {kind!r}: register it with job_kind_register")
    if dedupe_key:
        existing = _unfinished_with_key(dedupe_key)
        if existing is not None:
            return existing
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind, created_by=created_by, region_id=region_id, params=params, dedupe_key=dedupe_key
            )
    except IntegrityError:
        existing = _unfinished_with_key(dedupe_key) if dedupe_key else None
        if existing is None:
            raise
        return existing
    code = str(job.code)
    transaction.on_commit(lambda: task.enqueue(code))
    return job


def _unfinished_with_key(key: str) -> Job | None:
    return Job.objects.filter(dedupe_key=key, status__in=JOB_UNFINISHED).first()


def job_upload_store(file: Any, *, directory: str) -> str:
    """Save an upload (bytes, a path or a file) for the job that will read it, under
    MEDIA_ROOT/``directory``/ with a random name; returns its storage name (a job kind lists
    it in ``temp_files`` so ``jobs_cleanup`` removes it if the job never ran)."""
    name = f"{directory}/{uuid.uuid4().hex}.xlsx"
    if isinstance(file, bytes | bytearray):
        return default_storage.save(name, ContentFile(bytes(file)))
    if isinstance(file, str | Path):
        with open(file, "rb") as fh:
            return default_storage.save(name, File(fh))
    if hasattr(file, "seek"):
        file.seek(0)
    return default_storage.save(name, file if isinstance(file, File) else File(file))


def job_progress(job: Job, *, done: int, total: int, message: str = "") -> None:
    """Record how far the job is (a percentage) and, if given, what it is doing."""
    pct = 100 if total <= 0 else min(100, int(done * 100 / total))
    fields: dict[str, Any] = {"progress": pct, "updated_at": timezone.now()}
    if message:
        fields["message"] = message[:500]
    Job.objects.filter(pk=job.pk).update(**fields)
    job.progress = pct


def job_iter[T](
    job: Job, items: Iterable[T], *, total: int, message: str = "", every_seconds: float = 1.0
) -> Iterator[T]:
    """Yield ``items``, recording progress at most once per ``every_seconds`` (for long loops)."""
    last = time.monotonic()
    done = 0
    for item in items:
        yield item
        done += 1
        now = time.monotonic()
        if now - last >= every_seconds:
            job_progress(job, done=done, total=total, message=message)
            last = now
    job_progress(job, done=done, total=total, message=message)


def _job_claim(code: str) -> Job | None:
    """Mark a queued job running, under a row lock; ``None`` if it is gone or already taken."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(code=code).first()
        if job is None:
            log.warning("job %s: no such job", code)
            return None
        if job.status != JobStatus.QUEUED:
            log.warning("job %s delivered again while %s: not run twice", code, job.status)
            return None
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "attempts", "updated_at"])
    return job


def _user_message(exc: Exception) -> str:
    if isinstance(exc, JobError):
        return str(exc)
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return _(FAILED_MESSAGE)


def job_run(code: str, work: Callable[[Job], dict[str, Any]]) -> bool:
    """Run ``work(job)`` once and record its outcome on the job row (called by a task).

    ``work`` returns a JSON-safe result; ``{"ok": False, ...}`` marks the job failed (e.g. an
    import refused with row errors) without an exception. An unexpected exception shows users a
    safe message and keeps the traceback in ``Job.detail`` for operators. Returns whether the
    work ran (``False`` for a second delivery).
    """
    job = _job_claim(code)
    if job is None:
        return False
    try:
        result = work(job)
    except Exception as exc:  # the row must say what happened, whatever it was
        log.exception("job %s (%s) failed", code, job.kind)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
            message=_user_message(exc)[:500],
            detail=traceback.format_exc()[-20000:],
        )
        return True
    ok = bool(result.get("ok", True))
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED if ok else JobStatus.FAILED,
        progress=100,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
        result=result,
        message=str(result.get("message", ""))[:500],
    )
    return True


def job_temp_files(job: Job) -> list[str]:
    kind = JOB_KINDS.get(job.kind)
    if kind is None or kind.temp_files is None:
        return []
    return [path for path in kind.temp_files(job) if path]


def jobs_cleanup(*, older_than: dt.timedelta, dry_run: bool = False) -> tuple[int, int, int]:
    """Delete jobs last changed longer ago than ``older_than`` and the temporary files they own,
    and the staged uploads past their expiry (applied or not: they can no longer be applied).

    Unfinished jobs that old are abandoned (their worker is gone) and go too. Returns
    ``(jobs, files, staged uploads)`` deleted (or that would be, with ``dry_run``).
    """
    now = timezone.now()
    cutoff = now - older_than
    old = Job.objects.filter(updated_at__lt=cutoff).order_by("pk")
    jobs = files = 0
    for job in old.iterator(chunk_size=500):
        for path in job_temp_files(job):
            if default_storage.exists(path):
                files += 1
                if not dry_run:
                    default_storage.delete(path)
        jobs += 1
        if not dry_run:
            Job.objects.filter(pk=job.pk).delete()
    expired = StagedUpload.objects.filter(expires_at__lt=now)
    staged = expired.count() if dry_run else expired.delete()[1].get(StagedUpload._meta.label, 0)
    return jobs, files, staged
