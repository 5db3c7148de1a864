"""Result letters and findings pages under /evaluasi/ (``urls_letters``).

- ``<round>/<region>/surat.pdf``: a region's result letter, made in the request (one page or
  two, well under a second): the region's people once the round is published, the ministry
  always (a preview before publication, marked as such);
- ``<round>/surat/``: the ministry's page to make every letter of the round as one zip (a
  background job with a progress bar), and ``<round>/surat/<job>/`` its download;
- ``<round>/<region>/temuan/``: a region's findings, with the forms each reader may use: an
  assessor's own findings while scoring, the panel's in the panel phase, the region's follow-up
  after publication.

Reads go through ``letters.selectors`` (404 for missing and hidden alike), writes through
``findings`` (403 for a reader who may not write, a message on the form when the phase is
closed).
"""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kotacerdas.core.files import bytes_download, file_download
from kotacerdas.core.forms import add_service_errors, save_edit
from kotacerdas.core.models import Job, JobStatus
from kotacerdas.core.permissions import require
from kotacerdas.core.selectors import job_get_for_user

from . import findings, tasks
from .letters import PDF_CONTENT_TYPE, entry_letter_filename, letter_bytes, selectors
from .letters import data as letter_data
from .letters.forms import FindingEditForm, FindingForm, ResponseForm
from .models import Finding

ZIP_CONTENT_TYPE = "application/zip"


# ---------------------------------------------------------------- one letter


@login_required
@require_safe
def letter_pdf(request: HttpRequest, code: str, region_code: str) -> HttpResponse:
    """A region's result letter as PDF."""
    entry = selectors.letter_entry_get_for_user(actor=request.user, round_code=code, region_code=region_code)
    content = letter_bytes(entry, today=timezone.localdate())
    if content is None:
        raise Http404("letter")
    response = bytes_download(content, entry_letter_filename(entry), content_type=PDF_CONTENT_TYPE)
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- every letter of a round


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def letter_zip(request: HttpRequest, code: str) -> HttpResponse:
    """The ministry's page for the round's letters: make them all as one zip (a background job)."""
    round_ = selectors.round_get_for_user(actor=request.user, code=code)
    require(request.user, "evaluation.manage")
    if request.method == "POST":
        try:
            job = tasks.letters_job_start(actor=request.user, round_=round_)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(reverse("evaluation:letter_zip", args=[round_.code]))
        return HttpResponseRedirect(reverse("core:job_detail", args=[job.code]))
    jobs = Job.objects.filter(kind=tasks.LETTERS_JOB_KIND, params__round=round_.code).order_by("-created_at")[
        :5
    ]
    return render(
        request,
        "evaluation/letters/letter_zip.html",
        {
            "round": round_,
            "count": letter_data.letter_count(round_) if round_.snapshot_id else 0,
            "jobs": jobs,
        },
    )


@login_required
@require_safe
def letter_zip_file(request: HttpRequest, code: str, job: str) -> HttpResponseBase:
    """The zip a letters job made: for the ministry."""
    round_ = selectors.round_get_for_user(actor=request.user, code=code)
    require(request.user, "evaluation.manage")
    found = job_get_for_user(actor=request.user, code=job)
    if (
        found.kind != tasks.LETTERS_JOB_KIND
        or found.status != JobStatus.SUCCEEDED
        or found.params.get("round") != round_.code
    ):
        raise Http404("letters")
    path = tasks.letters_job_path(found)
    if not default_storage.exists(path):
        raise Http404("letters")
    stored = SimpleNamespace(storage=default_storage, name=path, size=default_storage.size(path))
    response = file_download(stored, filename=f"surat-{round_.code}.zip", content_type=ZIP_CONTENT_TYPE)
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- findings


def _findings_page(
    request: HttpRequest,
    access: selectors.FindingsAccess,
    *,
    add_form: FindingForm | None = None,
    edit: Finding | None = None,
    edit_form: FindingEditForm | None = None,
    respond: Finding | None = None,
    respond_form: ResponseForm | None = None,
    status: int = 200,
    conflict: str = "",
) -> HttpResponse:
    entry = access.entry
    rows = []
    for finding in selectors.finding_list(access):
        form: ResponseForm | None = None
        if respond is not None and respond.pk == finding.pk:
            form = respond_form  # as sent, with its errors
        elif access.may_respond(finding):
            form = ResponseForm(
                initial={"response": finding.response, "row_version": finding.row_version},
                prefix=str(finding.uid),
            )
        rows.append(
            {
                "finding": finding,
                "may_change": access.may_change(finding),
                "edit_form": edit_form if edit is not None and edit.pk == finding.pk else None,
                "respond_form": form,
            }
        )
    # the letter: for the ministry, and for the region's people (who see this page once published)
    letter = entry.round.snapshot_id is not None and (access.manage or access.assignment is None)
    return render(
        request,
        "evaluation/letters/finding_list.html",
        {
            "entry": entry,
            "round": entry.round,
            "region": entry.region,
            "access": access,
            "rows": rows,
            "add_form": add_form if add_form is not None else (FindingForm() if access.may_write else None),
            "show_letter": letter,
            "conflict": conflict,
        },
        status=status,
    )


@login_required
@require_safe
def finding_list(request: HttpRequest, code: str, region_code: str) -> HttpResponse:
    """A region's findings in a round, with the forms the reader may use."""
    access = selectors.findings_access(actor=request.user, round_code=code, region_code=region_code)
    return _findings_page(request, access)


def _back(access: selectors.FindingsAccess) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        reverse("evaluation:finding_list", args=[access.entry.round.code, access.entry.region.code])
    )


@login_required
@require_POST
def finding_add(request: HttpRequest, code: str, region_code: str) -> HttpResponse:
    access = selectors.findings_access(actor=request.user, round_code=code, region_code=region_code)
    form = FindingForm(request.POST)
    if form.is_valid():
        try:
            findings.finding_add(
                actor=request.user,
                entry=access.entry,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Finding added."))
            return _back(access)
    return _findings_page(request, access, add_form=form, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def finding_edit(request: HttpRequest, code: str, region_code: str, uid: str) -> HttpResponse:
    """The findings page with one finding's edit form; POST saves it."""
    access = selectors.findings_access(actor=request.user, round_code=code, region_code=region_code)
    finding = selectors.finding_get(access, uid)
    if request.method != "POST":
        try:
            findings.finding_change_check(actor=request.user, finding=finding)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return _back(access)
        form = FindingEditForm(
            initial={"kind": finding.kind, "text": finding.text, "row_version": finding.row_version}
        )
        return _findings_page(request, access, edit=finding, edit_form=form)
    form = FindingEditForm(request.POST)
    outcome = save_edit(
        form,
        Finding,
        finding.pk,
        lambda data, version: findings.finding_edit(
            actor=request.user,
            finding=finding,
            kind=data["kind"],
            text=data["text"],
            expected_version=version,
        ),
    )
    if outcome.saved:
        messages.success(request, _("Finding saved."))
        return _back(access)
    return _findings_page(
        request,
        access,
        edit=finding,
        edit_form=form,
        status=outcome.status,
        conflict=outcome.conflict.message if outcome.conflict else "",
    )


@login_required
@require_POST
def finding_remove(request: HttpRequest, code: str, region_code: str, uid: str) -> HttpResponse:
    access = selectors.findings_access(actor=request.user, round_code=code, region_code=region_code)
    finding = selectors.finding_get(access, uid)
    try:
        findings.finding_remove(actor=request.user, finding=finding)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _findings_page(request, access, status=400)
    messages.success(request, _("Finding removed."))
    return _back(access)


@login_required
@require_POST
def finding_respond(request: HttpRequest, code: str, region_code: str, uid: str) -> HttpResponse:
    """The region's follow-up of one finding."""
    access = selectors.findings_access(actor=request.user, round_code=code, region_code=region_code)
    finding = selectors.finding_get(access, uid)
    form = ResponseForm(request.POST, prefix=str(finding.uid))
    outcome = save_edit(
        form,
        Finding,
        finding.pk,
        lambda data, version: findings.finding_respond(
            actor=request.user, finding=finding, response=data["response"], expected_version=version
        ),
    )
    if outcome.saved:
        messages.success(request, _("Follow-up saved."))
        return _back(access)
    return _findings_page(
        request,
        access,
        respond=finding,
        respond_form=form,
        status=outcome.status,
        conflict=outcome.conflict.message if outcome.conflict else "",
    )
