"""Pages for the Excel worksheets (kertas kerja): download the template, export a version, import.

Reading (template, export) needs ``masterplan.view`` for the region (404 otherwise); importing
needs ``masterplan.change`` (403). Small files are imported at once; bigger ones (from
``INLINE_IMPORT_BYTES``) are stored and imported by a background job whose page polls.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from kotacerdas.core.jobs import job_create
from kotacerdas.core.permissions import can, require
from kotacerdas.regions.models import Region
from kotacerdas.regions.selectors import region_get_private

from . import selectors, tasks
from .importer import (
    ImportRefused,
    ImportResult,
    export_filename,
    import_summary,
    plan_export,
    plan_import,
    template_build,
    template_filename,
)
from .worksheets import XLSX_MIME, RowError, max_worksheet_bytes, workbook_parse

INLINE_IMPORT_BYTES = 1024 * 1024  # bigger uploads go to a background job


class WorksheetUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Worksheet (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_MIME}),
    )


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def version_number(raw: str | None) -> int | None:
    """``?version=N`` (or the plan pages' ``?versi=N``): a positive number, else 404."""
    if raw in (None, ""):
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise Http404("version")
    return int(raw)


@login_required
def worksheet_template(request: HttpRequest, code: str) -> HttpResponse:
    region = region_get_private(actor=request.user, code=code, perm="masterplan.view")
    return xlsx_response(template_build(region), template_filename(region))


@login_required
def worksheet_export(request: HttpRequest, code: str) -> HttpResponse:
    region_get_private(actor=request.user, code=code, perm="masterplan.view")
    version = selectors.version_get_for_user(
        actor=request.user,
        region_code=code,
        number=version_number(request.GET.get("version") or request.GET.get("versi")),
    )
    return xlsx_response(plan_export(version), export_filename(version))


def _store_upload(upload: Any) -> str:
    return default_storage.save(f"{tasks.UPLOAD_DIR}/{uuid.uuid4().hex}.xlsx", upload)


@login_required
def worksheet_import(request: HttpRequest, code: str) -> HttpResponse:
    """Upload a worksheet; show every problem by sheet, row and column, or what was imported."""
    region = region_get_private(actor=request.user, code=code, perm="masterplan.view")
    require(request.user, "masterplan.change", region_id=region.pk)
    form = (
        WorksheetUploadForm(request.POST, request.FILES)
        if request.method == "POST"
        else WorksheetUploadForm()
    )
    errors: list[RowError] = []
    result: ImportResult | None = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if INLINE_IMPORT_BYTES < upload.size <= max_worksheet_bytes():
                job = job_create(
                    kind=tasks.JOB_KIND,
                    actor=request.user,
                    region_id=region.pk,
                    params={"region": region.code, "path": _store_upload(upload), "filename": upload.name},
                    task=tasks.masterplan_import,
                )
                return HttpResponseRedirect(reverse("core:job_detail", args=[job.code]))
            errors, result = _import_now(request, region, upload)
        if errors or form.errors:
            status = 400
    return render(
        request,
        "masterplans/worksheets/import.html",
        {
            "region": region,
            "form": form,
            "errors": errors,
            "result": result,
            "summary": import_summary(result) if result else "",
            "plan": selectors.plan_summary_for_region(region=region),
            "may_view": can(request.user, "masterplan.view", region_id=region.pk),
            "inline_limit": INLINE_IMPORT_BYTES,
            "max_bytes": max_worksheet_bytes(),
        },
        status=status,
    )


def _import_now(
    request: HttpRequest, region: Region, upload: Any
) -> tuple[list[RowError], ImportResult | None]:
    parsed = workbook_parse(upload, region=region)
    if isinstance(parsed, list):
        return parsed, None
    try:
        return [], plan_import(actor=request.user, region=region, parsed=parsed)
    except ImportRefused as exc:
        return exc.rows, None
