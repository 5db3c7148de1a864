"""Downloads of the master-plan document: ``/rencana-induk/52.04/dokumen.pdf?versi=2``."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from kotacerdas.accounts.ratelimit import rate_limited
from kotacerdas.regions.selectors import region_get_private

from . import documents
from .models import PlanVersion
from .selectors import version_get_for_user


def _version(request: HttpRequest, code: str) -> PlanVersion:
    """The requested version (``?versi=N``, else the draft or the newest): 404 if not readable."""
    region = region_get_private(actor=request.user, code=code, perm="masterplan.view")
    raw = request.GET.get("versi", "").strip()
    if raw and not (raw.isdigit() and len(raw) <= 4):
        raise Http404("version")
    return version_get_for_user(actor=request.user, region_code=region.code, number=int(raw) if raw else None)


def _download(
    request: HttpRequest,
    code: str,
    render: Callable[[PlanVersion], bytes],
    content_type: str,
    extension: str,
) -> HttpResponse:
    version = _version(request, code)
    response = HttpResponse(documents.document_bytes(version, render, extension), content_type=content_type)
    filename = documents.document_filename(version, extension)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@rate_limited("documents")
def document_pdf(request: HttpRequest, code: str) -> HttpResponse:
    return _download(request, code, documents.render_pdf, documents.PDF_CONTENT_TYPE, "pdf")


@login_required
@rate_limited("documents")
def document_docx(request: HttpRequest, code: str) -> HttpResponse:
    return _download(request, code, documents.render_docx, documents.DOCX_CONTENT_TYPE, "docx")
