"""Background jobs of the evaluation (``core.jobs``), each leaving its outcome on the job row.

- Every result letter of a round in one zip (``evaluation_letters``): the ministry starts it
  from the round's letters page or the API; the zip is written letter by letter to a
  temporary file, then stored under MEDIA_ROOT/evaluation/letters/ (``letters_job_path``), and
  ``redirect`` is its permission-checked download. Memory stays flat in the number of letters
  (``letters.archive``).
"""

from __future__ import annotations

import tempfile
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.jobs import JobError, JobKind, job_create, job_kind_register, job_progress, job_run
from kotacerdas.core.models import Job
from kotacerdas.core.permissions import require

from .letters.archive import letters_zip_write
from .models import Round

LETTERS_JOB_KIND = "evaluation_letters"
LETTERS_DIR = "evaluation/letters"


def letters_job_path(job: Job) -> str:
    """Where a letters job leaves its zip."""
    return f"{LETTERS_DIR}/{job.code}.zip"


def letters_job_start(*, actor: Any, round_: Round) -> Job:
    """Queue the zip of every letter of ``round_`` (the ministry; one unfinished job per round:
    asking again while it runs returns the same job)."""
    require(actor, "evaluation.manage")
    if round_.snapshot_id is None:
        raise ValidationError({"round": _("Compute the round's index first: its letters show the results.")})
    return job_create(
        kind=LETTERS_JOB_KIND,
        actor=actor,
        region_id=None,
        params={"round": round_.code},
        task=evaluation_letters,
        dedupe_key=f"{LETTERS_JOB_KIND}:{round_.code}",
    )


def letters_work(job: Job) -> dict[str, Any]:
    """Write the letters of the round ``job.params["round"]`` into one zip file.

    The job was created by the ministry (the view checked ``evaluation.manage``); the download
    checks it again."""
    round_ = Round.objects.select_related("method").filter(code=job.params.get("round", "")).first()
    if round_ is None or round_.snapshot_id is None:
        raise JobError(_("The round's index has not been computed: there is no letter to make."))
    job_progress(job, done=0, total=1, message=_("Writing the letters…"))

    last = time.monotonic()

    def progress(done: int, total: int) -> None:
        # the job row at most once a second (and at the end), as core.jobs.job_iter does
        nonlocal last
        now = time.monotonic()
        if done == total or now - last >= 1.0:
            last = now
            job_progress(
                job,
                done=done,
                total=total,
                message=_("%(done)s of %(total)s letters written…") % {"done": done, "total": total},
            )

    with tempfile.TemporaryFile(suffix=".zip") as handle:
        count = letters_zip_write(round_, handle, today=timezone.localdate(), progress=progress)
        handle.seek(0)
        path = letters_job_path(job)
        if default_storage.exists(path):
            default_storage.delete(path)
        default_storage.save(path, File(handle, name=path))
    return {
        "ok": True,
        "message": _("%(count)s letters are ready in one zip file.") % {"count": count},
        "letters": count,
        "redirect": reverse("evaluation:letter_zip_file", args=[round_.code, job.code]),
    }


@task
def evaluation_letters(job_code: str) -> None:
    """The task behind ``job_create(kind="evaluation_letters", ...)``."""
    job_run(job_code, letters_work)


# The zip is the job's temporary file: `kotacerdas jobs_cleanup` removes it with the job.
job_kind_register(
    JobKind(LETTERS_JOB_KIND, evaluation_letters, temp_files=lambda job: [letters_job_path(job)])
)
