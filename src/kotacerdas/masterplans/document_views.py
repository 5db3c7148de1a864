"""Downloads of the master-plan document: ``/rencana-induk/52.04/dokumen.pdf?versi=2``.

A frozen version's stored file is served at once; a document quick to make (expected under a
second) is made in the request; a slower one goes to a background job whose page shows a
progress bar and ends in a link to ``document_job_file``. Fresh renders are limited per user.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from kotacerdas.core.files import bytes_download
from kotacerdas.core.jobs import job_create
from kotacerdas.core.models import JobStatus
from kotacerdas.core.selectors import job_get_for_user
from kotacerdas.regions.selectors import region_get_private

from . import documents, tasks
from .models import PlanVersion
from .selectors import version_get_for_user


def _version(request: HttpRequest, code: str) -> PlanVersion:
    """The requested version (``?versi=N``, else the draft or the newest): 404 if not readable."""
    region = region_get_private(actor=request.user, code=code, perm="masterplan.view")
    raw = request.GET.get("versi", "").strip()
    if raw and not (raw.isdigit() and len(raw) <= 4):
        raise Http404("version")
    return version_get_for_user(actor=request.user, region_code=region.code, number=int(raw) if raw else None)


def _attachment(content: bytes, extension: str, filename: str) -> HttpResponse:
    response = bytes_download(content, filename, content_type=documents.CONTENT_TYPES[extension])
    response["Cache-Control"] = "private, no-store"
    return response


def _document(request: HttpRequest, code: str, extension: str) -> HttpResponse:
    version = _version(request, code)
    filename = documents.document_filename(version, extension)
    content = documents.cached_document(version, extension)
    if content is not None:
        return _attachment(content, extension, filename)
    retry = documents.generation_retry_after(int(request.user.pk or 0))
    if retry:
        response = render(request, "masterplans/document/rate_limited.html", {"version": version}, status=429)
        response["Retry-After"] = str(retry)
        return response
    if documents.expected_seconds(version, extension) <= documents.INLINE_SECONDS:
        content = documents.render_timed(version, extension)
        documents.store_document(version, extension, content)
        return _attachment(content, extension, filename)
    job = job_create(
        kind=tasks.DOCUMENT_JOB_KIND,
        actor=request.user,
        region_id=version.plan.region_id,
        params={"region": version.plan.region.code, "version": version.number, "format": extension},
        task=tasks.masterplan_document,
    )
    return HttpResponseRedirect(reverse("core:job_detail", args=[job.code]))


@login_required
def document_pdf(request: HttpRequest, code: str) -> HttpResponse:
    return _document(request, code, "pdf")


@login_required
def document_docx(request: HttpRequest, code: str) -> HttpResponse:
    return _document(request, code, "docx")


@login_required
def document_job_file(request: HttpRequest, code: str, job: str) -> HttpResponse:
    """The file a document job made: for the job's creator, while they may still read the plan."""
    found = job_get_for_user(actor=request.user, code=job)
    region = region_get_private(actor=request.user, code=code, perm="masterplan.view")
    if (
        found.kind != tasks.DOCUMENT_JOB_KIND
        or found.status != JobStatus.SUCCEEDED
        or found.params.get("region") != region.code
    ):
        raise Http404("document")
    version = version_get_for_user(
        actor=request.user, region_code=region.code, number=found.params["version"]
    )
    path = tasks.document_job_path(found)
    if not default_storage.exists(path):
        raise Http404("document")
    with default_storage.open(path, "rb") as handle:
        content = bytes(handle.read())
    extension = found.params["format"]
    return _attachment(content, extension, documents.document_filename(version, extension))
