"""Pages of the bulk update: download a period's sheet, upload it, preview and confirm.

Every page needs ``monitoring.view`` for the region (404 otherwise) and reporting on some of its
items (``monitoring.report``, or ``monitoring.report_own`` for one's agency: 403 otherwise). An
upload has two steps: ``bulk.bulk_read`` checks the file's bounds and stages a preview (a big
file is read by a background job whose page polls); its creator confirms it on the preview page,
ticking the conflicts to overwrite, and sees what changed.
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
from kotacerdas.core.workbooks import XLSX_MIME, RowError, workbook_background_rows, workbook_limits
from kotacerdas.organisation.models import Agency
from kotacerdas.regions.selectors import region_get_private

from . import bulk, selectors
from .models import ReportingPeriod

OUTCOME_LABELS = {
    "new": gettext_lazy("New report"),
    "changed": gettext_lazy("Changed"),
    "conflict": gettext_lazy("Conflict"),
    "refused": gettext_lazy("Refused"),
    "unchanged": gettext_lazy("Unchanged"),
}


def _periods() -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.select_related("reporting_year").order_by("-starts_on"))


def _period(code: str | None) -> ReportingPeriod:
    """``?periode=2024-1`` (404 when unknown), else the period open for reporting now."""
    if code:
        return selectors.period_get(code)
    period = selectors.period_current()
    if period is None:
        raise Http404("period")
    return period


class BulkUploadForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Period"))
    file = forms.FileField(
        label=gettext_lazy("Filled-in sheet (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_MIME}),
    )

    def __init__(self, *args: Any, periods: list[ReportingPeriod], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.periods = {p.code: p for p in periods}
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(p.code, f"{p.label} ({p.code})") for p in periods]


@login_required
def bulk_template(request: HttpRequest, code: str) -> HttpResponse:
    """The sheet of ``?periode=`` (the current period by default), of ``?opd=`` (an agency's code)
    or of every agency the user reports on."""
    region = region_get_private(actor=request.user, code=code, perm="monitoring.view")
    period = _period(request.GET.get("periode"))
    agencies: list[Agency] = []
    if request.GET.get("opd"):
        agency = Agency.objects.filter(region=region, code=request.GET["opd"]).first()
        if agency is None:
            raise Http404("agency")
        agencies = [agency]
    content = bulk.bulk_template(
        actor=request.user,
        region=region,
        period=period,
        agency_ids=[a.pk for a in agencies] if agencies else None,
    )
    return bytes_download(content, bulk.template_filename(region, period, agencies), content_type=XLSX_MIME)


@login_required
def bulk_upload(request: HttpRequest, code: str) -> HttpResponse:
    """Download the sheet, and upload it: every problem by sheet, row and column, or on to its preview."""
    region = region_get_private(actor=request.user, code=code, perm="monitoring.view")
    bulk.bulk_scope(actor=request.user, region=region, agency_ids=None)
    periods = _periods()
    chosen = request.GET.get("periode") or ""
    if not chosen:
        current = selectors.period_current()
        chosen = current.code if current else ""
    form = BulkUploadForm(
        request.POST or None, request.FILES or None, periods=periods, initial={"period": chosen}
    )
    errors: list[RowError] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                started = bulk.bulk_read(
                    actor=request.user,
                    region=region,
                    period=form.periods[form.cleaned_data["period"]],
                    file=upload,
                    filename=upload.name,
                )
            except bulk.BulkRefused as exc:
                errors = exc.rows
            else:
                if started.job is not None:
                    return HttpResponseRedirect(reverse("core:job_detail", args=[started.job.code]))
                assert started.preview is not None and started.preview.staged is not None
                return HttpResponseRedirect(
                    reverse("monitoring:bulk_preview", args=[region.code, started.preview.staged.token])
                )
        status = 400
    return render(
        request,
        "monitoring/bulk.html",
        {
            "region": region,
            "form": form,
            "errors": errors,
            "periods": periods,
            "chosen": chosen,
            "agencies": bulk.bulk_agencies(actor=request.user, region=region),
            "has_plan": selectors.version_in_force_for_region(region.pk) is not None,
            "background_rows": workbook_background_rows(),
            "max_bytes": workbook_limits().max_file_bytes,
        },
        status=status,
    )


def _labelled(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "outcome_label": OUTCOME_LABELS.get(row["outcome"], row["outcome"])} for row in rows]


@login_required
def bulk_preview(request: HttpRequest, code: str, token: uuid.UUID) -> HttpResponse:
    """A staged sheet's preview; confirming it (POST, with the ticked conflicts in ``overwrite``)
    applies it and lists what changed."""
    region = region_get_private(actor=request.user, code=code, perm="monitoring.view")
    bulk.bulk_scope(actor=request.user, region=region, agency_ids=None)
    staged = bulk.staged_get_for_user(actor=request.user, region=region, token=token)
    errors: list[RowError] = []
    result: bulk.BulkResult | None = None
    status = 200
    if request.method == "POST":
        try:
            result = bulk.bulk_apply(
                actor=request.user,
                token=staged.token,
                overwrite_rows=request.POST.getlist("overwrite"),
                region=region,
            )
        except bulk.BulkRefused as exc:
            errors, status = exc.rows, 400
    preview = staged.preview
    return render(
        request,
        "monitoring/bulk_preview.html",
        {
            "region": region,
            "staged": staged,
            "preview": preview,
            "rows": _labelled(result.rows if result else preview.get("rows", [])),
            "result": result,
            "summary": result.message if result else preview.get("message", ""),
            "errors": errors,
            "applied": staged.applied_at is not None and result is None,
        },
        status=status,
    )
