"""Pages for the Excel worksheets (kertas kerja): download the template, export a version, import.

Reading (template, export) needs ``masterplan.view`` for the region (404 otherwise); importing
needs ``masterplan.change`` (403). An import has two steps: the upload (``importer.worksheet_read``:
bounds checked first; workbooks of more than ``WORKBOOK_BACKGROUND_ROWS`` rows are read by a
background job whose page polls) stages a preview of every addition, change, removal and
conflict; its creator confirms it on the preview page, ticking the removals and conflicts to
apply, and sees what changed.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from kotacerdas.core.files import bytes_download
from kotacerdas.core.permissions import can, require
from kotacerdas.core.workbooks import workbook_limits
from kotacerdas.regions.selectors import region_get_private

from . import importer, selectors
from .importer import (
    ImportRefused,
    ImportResult,
    background_rows,
    export_filename,
    import_summary,
    plan_export,
    template_build,
    template_filename,
)
from .worksheets import XLSX_MIME, RowError


class WorksheetUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Worksheet (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_MIME}),
    )


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    return bytes_download(content, filename, content_type=XLSX_MIME)


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


@login_required
def worksheet_import(request: HttpRequest, code: str) -> HttpResponse:
    """Upload a worksheet: every problem by sheet, row and column, or on to its preview."""
    region = region_get_private(actor=request.user, code=code, perm="masterplan.view")
    require(request.user, "masterplan.change", region_id=region.pk)
    form = (
        WorksheetUploadForm(request.POST, request.FILES)
        if request.method == "POST"
        else WorksheetUploadForm()
    )
    errors: list[RowError] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                started = importer.worksheet_read(
                    actor=request.user, region=region, file=upload, filename=upload.name
                )
            except ImportRefused as exc:
                errors = exc.rows
            else:
                if started.job is not None:
                    return HttpResponseRedirect(reverse("core:job_detail", args=[started.job.code]))
                assert started.staged is not None
                return HttpResponseRedirect(
                    reverse("masterplans:worksheet_preview", args=[region.code, started.staged.token])
                )
        if errors or form.errors:
            status = 400
    return render(
        request,
        "masterplans/worksheets/import.html",
        {
            "region": region,
            "form": form,
            "errors": errors,
            "plan": selectors.plan_summary_for_region(region=region),
            "may_view": can(request.user, "masterplan.view", region_id=region.pk),
            "background_rows": background_rows(),
            "max_bytes": workbook_limits().max_file_bytes,
        },
        status=status,
    )


KIND_LABELS = {
    "header": gettext_lazy("Plan header"),
    "programmes": gettext_lazy("Programmes"),
    "actions": gettext_lazy("Action plans"),
    "quick_wins": gettext_lazy("Quick wins"),
}


def _groups(changes: list[dict[str, Any]]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """The changes by kind, in the worksheet's order: ``(kind, label, changes)``."""
    return [
        (kind, str(label), [c for c in changes if c["kind"] == kind])
        for kind, label in KIND_LABELS.items()
        if any(c["kind"] == kind for c in changes)
    ]


@login_required
def worksheet_preview(request: HttpRequest, code: str, token: uuid.UUID) -> HttpResponse:
    """A staged worksheet's preview; confirming it (POST, with the ticked removals and
    conflicts in ``confirm``) applies it and lists what changed."""
    region = region_get_private(actor=request.user, code=code, perm="masterplan.view")
    require(request.user, "masterplan.change", region_id=region.pk)
    staged = importer.staged_get_for_user(actor=request.user, region=region, token=token)
    errors: list[RowError] = []
    result: ImportResult | None = None
    status = 200
    if request.method == "POST":
        try:
            result = importer.worksheet_apply(
                actor=request.user, staged=staged, confirm=request.POST.getlist("confirm")
            )
        except ImportRefused as exc:
            errors, status = exc.rows, 400
    changes = [c.as_dict() for c in result.changes] if result else staged.preview.get("changes", [])
    return render(
        request,
        "masterplans/worksheets/preview.html",
        {
            "region": region,
            "staged": staged,
            "preview": staged.preview,
            "groups": _groups(changes),
            "result": result,
            "summary": import_summary(result) if result else staged.preview.get("message", ""),
            "errors": errors,
            "applied": staged.applied_at is not None and result is None,
        },
        status=status,
    )
