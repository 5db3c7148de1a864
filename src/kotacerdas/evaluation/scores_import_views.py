"""The ministry's import of assessors' scores (``evaluation.manage``): download the sheet to
fill, upload it, see every problem by sheet, row and column or a preview of what it changes,
then confirm. The uploaded file is kept between preview and confirmation under a random name
known only to the uploader's session, and read and checked again when confirmed."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from kotacerdas.core.files import bytes_download
from kotacerdas.core.permissions import require
from kotacerdas.core.workbooks import XLSX_MIME, RowError, workbook_limits

from . import scores_import as imports
from .assessor_selectors import round_get
from .models import Round

MANAGE = "evaluation.manage"
SESSION_KEY = "evaluation_score_imports"  # token → round code


class ScoresUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in sheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv," + XLSX_MIME + ",text/csv"}),
    )


def _round(request: HttpRequest, code: str) -> Round:
    require(request.user, MANAGE)
    return round_get(code=code)


def _staged_path(token: str) -> str:
    return f"evaluation/score-imports/{token}"  # the name says its kind (session)


@login_required
@require_GET
def scores_template(request: HttpRequest, round_code: str) -> HttpResponse:
    """The sheet to fill: a row per question of each assignment that still takes scores."""
    round_ = _round(request, round_code)
    content = imports.scores_template(actor=request.user, round_=round_)
    return bytes_download(content, f"nilai-{round_.code}.xlsx", content_type=XLSX_MIME)


@login_required
@require_http_methods(["GET", "POST"])
def scores_upload(request: HttpRequest, round_code: str) -> HttpResponse:
    """Upload the sheet: every problem by sheet, row and column, or on to its preview."""
    round_ = _round(request, round_code)
    form = ScoresUploadForm(request.POST or None, request.FILES or None)
    errors: list[RowError] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                imports.scores_preview(actor=request.user, round_=round_, file=upload, filename=upload.name)
            except imports.ScoresRefused as exc:
                errors = exc.rows
            else:
                token = uuid.uuid4().hex
                upload.seek(0)
                default_storage.save(_staged_path(token), ContentFile(upload.read()))
                staged = dict(request.session.get(SESSION_KEY, {}))
                staged[token] = {"round": round_.code, "name": upload.name}
                request.session[SESSION_KEY] = staged
                return HttpResponseRedirect(
                    reverse("evaluation:scores_import_preview", args=[round_.code, token])
                )
    return render(
        request,
        "evaluation/scoring/import.html",
        {"round": round_, "form": form, "errors": errors, "max_bytes": workbook_limits().max_file_bytes},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def scores_import_preview(request: HttpRequest, round_code: str, token: str) -> HttpResponse:
    """What the staged file changes; confirming writes it (checked again), all or nothing."""
    round_ = _round(request, round_code)
    staged = dict(request.session.get(SESSION_KEY, {}))
    held = staged.get(token)
    path = _staged_path(token)
    if held is None or held.get("round") != round_.code or not default_storage.exists(path):
        raise Http404("import")
    errors: list[RowError] = []
    preview = None
    status = 200
    with default_storage.open(path, "rb") as handle:
        content = handle.read()
    try:
        if request.method == "POST":
            done = imports.scores_import(
                actor=request.user, round_=round_, file=content, filename=held["name"]
            )
        else:
            preview = imports.scores_preview(
                actor=request.user, round_=round_, file=content, filename=held["name"]
            )
    except imports.ScoresRefused as exc:
        errors, status = exc.rows, 400
    if request.method == "POST" and not errors:
        default_storage.delete(path)
        staged.pop(token, None)
        request.session[SESSION_KEY] = staged
        messages.success(request, done.message)
        return HttpResponseRedirect(reverse("evaluation:assessor_assignments", args=[round_.code]))
    return render(
        request,
        "evaluation/scoring/import_preview.html",
        {"round": round_, "preview": preview, "errors": errors, "name": held["name"]},
        status=status,
    )
