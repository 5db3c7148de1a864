"""Background jobs run once: a second delivery is skipped, failures show a safe message, keys
deduplicate, progress is reported in loops, old jobs and their files are cleaned up."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import override

from kotacerdas.core import jobs
from kotacerdas.core.jobs import (
    JobError,
    JobKind,
    job_create,
    job_iter,
    job_kind_register,
    job_run,
    jobs_cleanup,
)
from kotacerdas.core.models import Job, JobStatus, StagedUpload


class FakeTask:
    """Stands for a django.tasks task: records what was enqueued."""

    def __init__(self) -> None:
        self.enqueued: list[str] = []

    def enqueue(self, code: str) -> None:
        self.enqueued.append(code)


@pytest.fixture
def kind():
    """A registered kind for the test; the registry is restored afterwards."""
    saved = dict(jobs.JOB_KINDS)
    task = FakeTask()
    registered = job_kind_register(
        JobKind(
            "test_rollup",
            task,
            may_view=lambda actor, job: job.region_id in getattr(actor, "_test_regions", ()),
            temp_files=lambda job: [job.params.get("path", "")],
        )
    )
    yield registered
    jobs.JOB_KINDS.clear()
    jobs.JOB_KINDS.update(saved)


def test_job_delivered_twice_runs_its_work_once(world, kind, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(kind="test_rollup", actor=world.users["coordinator_a"], region_id=None, params={})
    assert kind.task.enqueued == [str(job.code)]  # enqueued once, after the commit
    runs: list[str] = []

    def work(job: Job) -> dict:
        runs.append(str(job.code))
        # the queue delivers the task again while this one is still running
        assert job_run(str(job.code), work) is False
        return {"ok": True, "message": "done"}

    assert job_run(str(job.code), work) is True
    assert job_run(str(job.code), work) is False  # and once more after it finished
    assert runs == [str(job.code)]
    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts, job.message) == (JobStatus.SUCCEEDED, 100, 1, "done")


def test_unknown_kind_and_double_registration_are_refused(world, kind):
    with pytest.raises(ValueError):
        job_create(kind="no_such_kind", actor=None, region_id=None, params={})
    with pytest.raises(ValueError):
        job_kind_register(JobKind("test_rollup", FakeTask()))
    assert Job.objects.count() == 0
    # the product's own kinds register themselves when the apps load
    assert jobs.job_kind("masterplan_import") is not None


def test_failure_shows_a_safe_message_and_keeps_the_detail_for_operators(world, kind):
    job = job_create(kind="test_rollup", actor=world.users["coordinator_a"], region_id=None, params={})

    def work(job: Job) -> dict:
        raise RuntimeError("connection to 10.1.2.3 refused: secret-internal-detail")

    with override("en"):
        job_run(str(job.code), work)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "secret-internal-detail" not in job.message and job.message == jobs.FAILED_MESSAGE
    assert "RuntimeError" in job.detail and "secret-internal-detail" in job.detail
    creator_page = world.client_for("coordinator_a").get(f"/tugas/{job.code}/")
    assert creator_page.status_code == 200 and b"secret-internal-detail" not in creator_page.content
    admin_page = world.client_for("ministry_admin").get(f"/tugas/{job.code}/")
    assert b"secret-internal-detail" in admin_page.content
    api = world.client_for("coordinator_a").get(f"/api/v1/jobs/{job.code}/").json()
    assert "detail" not in api and "secret-internal-detail" not in str(api)


def test_a_job_error_message_is_shown_to_the_user(world, kind):
    job = job_create(kind="test_rollup", actor=None, region_id=None, params={})

    def work(job: Job) -> dict:
        raise JobError("The round is closed.")

    job_run(str(job.code), work)
    job.refresh_from_db()
    assert (job.status, job.message) == (JobStatus.FAILED, "The round is closed.")


def test_dedupe_key_gives_one_unfinished_job_per_key(world, kind, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = job_create(
            kind="test_rollup", actor=None, region_id=None, params={}, dedupe_key="rollup:52.04:1"
        )
        again = job_create(
            kind="test_rollup", actor=None, region_id=None, params={}, dedupe_key="rollup:52.04:1"
        )
        other = job_create(
            kind="test_rollup", actor=None, region_id=None, params={}, dedupe_key="rollup:52.04:2"
        )
    assert again.pk == first.pk and other.pk != first.pk
    assert kind.task.enqueued == [str(first.code), str(other.code)]
    # the database refuses a second unfinished job with the key, whoever writes it
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(kind="test_rollup", dedupe_key="rollup:52.04:1")
    job_run(str(first.code), lambda job: {"ok": True})
    after = job_create(kind="test_rollup", actor=None, region_id=None, params={}, dedupe_key="rollup:52.04:1")
    assert after.pk != first.pk  # finished jobs do not block a new round


def test_job_iter_reports_progress_inside_the_loop(world, kind):
    job = job_create(kind="test_rollup", actor=None, region_id=None, params={})
    seen: list[int] = []
    for _item in job_iter(job, range(4), total=4, every_seconds=0):
        seen.append(Job.objects.get(pk=job.pk).progress)
    assert seen == [0, 25, 50, 75]
    assert Job.objects.get(pk=job.pk).progress == 100


def test_job_visibility_follows_the_kind_rule(world, kind):
    job = job_create(
        kind="test_rollup", actor=world.users["coordinator_a"], region_id=world.region_a.pk, params={}
    )
    assert world.client_for("coordinator_b").get(f"/tugas/{job.code}/").status_code == 404
    kind_rule_user = world.users["coordinator_b"]
    kind_rule_user._test_regions = (world.region_a.pk,)
    from kotacerdas.core.selectors import job_get_for_user

    assert job_get_for_user(actor=kind_rule_user, code=str(job.code)) == job


def test_jobs_cleanup_removes_old_jobs_and_their_files(world, kind, settings):
    settings.JOB_RETENTION_DAYS = 30
    path = default_storage.save("imports/old.xlsx", ContentFile(b"x"))
    old = job_create(kind="test_rollup", actor=None, region_id=None, params={"path": path})
    recent = job_create(
        kind="test_rollup", actor=None, region_id=None, params={"path": "imports/recent.xlsx"}
    )
    Job.objects.filter(pk=old.pk).update(
        status=JobStatus.SUCCEEDED, updated_at=timezone.now() - dt.timedelta(days=31)
    )
    call_command("jobs_cleanup", "--dry-run")
    assert Job.objects.filter(pk=old.pk).exists() and default_storage.exists(path)
    call_command("jobs_cleanup")
    assert not Job.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(path)
    assert Job.objects.filter(pk=recent.pk).exists()


def test_jobs_cleanup_removes_expired_staged_uploads_and_says_how_many(db):
    now = timezone.now()
    expired = [
        StagedUpload.objects.create(kind="test", expires_at=now - dt.timedelta(minutes=1)),
        StagedUpload.objects.create(
            kind="test", expires_at=now - dt.timedelta(hours=2), applied_at=now - dt.timedelta(hours=3)
        ),
    ]
    waiting = StagedUpload.objects.create(kind="test", expires_at=now + dt.timedelta(hours=23))
    out = io.StringIO()
    call_command("jobs_cleanup", "--dry-run", stdout=out)
    assert "2 expired staged uploads" in out.getvalue()
    assert StagedUpload.objects.count() == 3
    assert jobs_cleanup(older_than=dt.timedelta(days=30)) == (0, 0, 2)
    assert not StagedUpload.objects.filter(pk__in=[s.pk for s in expired]).exists()
    assert list(StagedUpload.objects.values_list("pk", flat=True)) == [waiting.pk]
    out = io.StringIO()
    call_command("jobs_cleanup", stdout=out)
    assert "0 expired staged uploads" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_once_run_the_work_once(kind):
    """Two deliveries at the same moment (PostgreSQL's row lock; SQLite serialises writers)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent claims need a server database")
    job = job_create(kind="test_rollup", actor=None, region_id=None, params={})
    runs: list[str] = []
    barrier = threading.Barrier(2)

    def work(job: Job) -> dict:
        runs.append(str(job.code))
        time.sleep(0.5)
        return {"ok": True}

    def deliver() -> None:
        try:
            barrier.wait()
            job_run(str(job.code), work)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert runs == [str(job.code)]
    assert Job.objects.get(pk=job.pk).status == JobStatus.SUCCEEDED
