"""Downloads of the master-plan document: readers of region A's plan only (404 for the rest)."""

from .cases import LOGIN, Case, expect


def _plan(world):
    from kotacerdas.masterplans import services

    services.plan_create(
        actor=world.users["coordinator_a"],
        region=world.region_a,
        title="Masterplan Smart City Sumbawa",
        start_year=2024,
        end_year=2028,
    )


READERS = {"ministry_admin": 200, "pendamping": 200, "coordinator_a": 200, "officer_a": 200}

CASES = [
    Case(
        "masterplans:document_pdf",
        lambda w: "/rencana-induk/52.04/dokumen.pdf",
        expect(404, anonymous=LOGIN, **READERS),
        setup=_plan,
        id="master-plan PDF of region A",
    ),
    Case(
        "masterplans:document_docx",
        lambda w: "/rencana-induk/52.04/dokumen.docx?versi=1",
        expect(404, anonymous=LOGIN, **READERS),
        setup=_plan,
        id="master-plan DOCX of region A, version 1",
    ),
    Case(
        "masterplans:document_pdf",
        lambda w: "/rencana-induk/52.04/dokumen.pdf?versi=9",
        expect(404, anonymous=LOGIN),
        setup=_plan,
        id="master-plan PDF of a version that does not exist",
    ),
]


def _document_job(world):
    """A finished document job of coordinator_a, its file stored."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from kotacerdas.core.models import Job, JobStatus
    from kotacerdas.masterplans import tasks

    _plan(world)
    job = Job.objects.create(
        kind=tasks.DOCUMENT_JOB_KIND,
        created_by=world.users["coordinator_a"],
        region=world.region_a,
        status=JobStatus.SUCCEEDED,
        params={"region": "52.04", "version": 1, "format": "pdf"},
    )
    default_storage.save(tasks.document_job_path(job), ContentFile(b"%PDF-1.7 test"))
    world.document_job = job


CASES += [
    Case(
        "masterplans:document_job_file",
        lambda w: f"/rencana-induk/52.04/dokumen/{w.document_job.code}/",
        expect(404, anonymous=LOGIN, coordinator_a=200, ministry_admin=200),
        setup=_document_job,
        id="master-plan document made by coordinator_a's job",
    ),
]
