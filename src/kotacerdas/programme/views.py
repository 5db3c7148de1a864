"""Programme pages: cohorts, the list of participants, a participant's enrolment page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.files import file_download
from kotacerdas.core.forms import add_service_errors, rebind_row_version
from kotacerdas.core.permissions import can, require

from . import selectors, services, stage_rules
from .choices import STAGE_ORDER, Stage
from .forms import AdvanceForm, CohortForm, EnrolForm, MoUForm
from .models import Participation

# The service's field names -> the enrolment form's.
ENROL_FORM_FIELDS = {"region": "region_code", "cohort": "cohort_year", "kawasan": "kawasan_code"}


@login_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "programme.manage")
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cohort created."))
            return HttpResponseRedirect(request.path)
    return render(
        request,
        "programme/cohort_list.html",
        {"cohorts": selectors.cohort_list(), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def participation_list(request: HttpRequest) -> HttpResponse:
    get = request.GET
    cohort = get.get("cohort", "")
    qs = selectors.participation_list(
        actor=request.user,
        cohort_year=int(cohort) if cohort.isdigit() else None,
        stage=get.get("stage", "") if get.get("stage", "") in STAGE_ORDER else "",
        province=get.get("province", "").strip(),
        query=get.get("q", "").strip(),
    )
    page = Paginator(qs, 50).get_page(get.get("page"))
    return render(
        request,
        "programme/participation_list.html",
        {
            "page": page,
            "cohorts": selectors.cohort_list(),
            "stages": Stage.choices,
            "filters": get,
            "can_enrol": can(request.user, "programme.manage"),
            "form": EnrolForm(),
        },
    )


@login_required
@require_POST
def participation_enrol(request: HttpRequest) -> HttpResponse:
    require(request.user, "programme.manage")
    form = EnrolForm(request.POST)
    if form.is_valid():
        try:
            participation = services.participation_enrol(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):  # the service names its fields as the API does
                exc = ValidationError({ENROL_FORM_FIELDS.get(k, k): v for k, v in exc.error_dict.items()})
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(region)s enrolled.") % {"region": participation.region.name})
            return HttpResponseRedirect(
                reverse("programme:participation_detail", args=[participation.region.code])
            )
    page = Paginator(selectors.participation_list(actor=request.user), 50).get_page(1)
    return render(
        request,
        "programme/participation_list.html",
        {
            "page": page,
            "cohorts": selectors.cohort_list(),
            "stages": Stage.choices,
            "filters": {},
            "can_enrol": True,
            "form": form,
        },
        status=400,
    )


@login_required
def mou_document(request: HttpRequest, code: str) -> HttpResponseBase:
    """The signed MoU's file, for those who may see the region's enrolment."""
    participation = selectors.participation_get_for_user(actor=request.user, region_code=code)
    mou = getattr(participation, "mou", None)
    if mou is None:
        raise Http404("mou")
    return file_download(mou.document, filename=f"mou-{participation.region.code}.pdf")


@login_required
def participation_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A participant's enrolment: timeline, stage advance and MoU (POST with ``form=advance|mou``)."""
    participation = selectors.participation_get_for_user(actor=request.user, region_code=code)
    may_change = can(request.user, "participation.change", region_id=participation.region_id)
    next_index = STAGE_ORDER.index(participation.stage) + 1
    next_stage = STAGE_ORDER[next_index] if next_index < len(STAGE_ORDER) else ""
    # Only the next stage is offered, and only when the facts it needs are there (else: why not).
    next_refusal = stage_rules.stage_refusal(participation, next_stage) if next_stage else None
    evidence = stage_rules.stage_evidence(participation, next_stage) if next_stage else None
    advance_form = AdvanceForm(
        next_stage=next_stage,
        initial={
            "stage": next_stage,
            "date": evidence.date if evidence else None,
            "note": evidence.label if evidence else "",
            "row_version": participation.row_version,
        },
    )
    mou = getattr(participation, "mou", None)
    mou_form = MoUForm(
        initial={"number": mou.number, "date": mou.date, "signatories": mou.signatories} if mou else None
    )
    conflict = None
    status = 200
    if request.method == "POST":
        require(request.user, "participation.change", region_id=participation.region_id)
        which = request.POST.get("form")
        try:
            if which == "advance":
                advance_form = AdvanceForm(request.POST, next_stage=next_stage)
                if advance_form.is_valid():
                    data = advance_form.cleaned_data
                    services.participation_advance(
                        actor=request.user,
                        participation=participation,
                        stage=data["stage"],
                        date=data["date"],
                        note=data["note"],
                        expected_version=data["row_version"],
                    )
                    messages.success(request, _("Stage recorded."))
                    return HttpResponseRedirect(request.path)
            elif which == "mou":
                mou_form = MoUForm(request.POST, request.FILES)
                if mou_form.is_valid():
                    services.mou_record(
                        actor=request.user, participation=participation, **mou_form.cleaned_data
                    )
                    messages.success(request, _("MoU saved."))
                    return HttpResponseRedirect(request.path)
        except ValidationError as exc:
            add_service_errors(advance_form if which == "advance" else mou_form, exc)
        except ConflictError as exc:
            conflict = exc
            rebind_row_version(advance_form, Participation, participation.pk)
        status = 409 if conflict else 400
    timeline = {c.stage: c for c in participation.stage_changes.all()}
    steps = [
        {"stage": s, "label": Stage(s).label, "change": timeline.get(s), "reached": s in timeline}
        for s in STAGE_ORDER
    ]
    return render(
        request,
        "programme/participation_detail.html",
        {
            "participation": participation,
            "steps": steps,
            "may_change": may_change,
            "next_stage": next_stage,
            "next_stage_label": Stage(next_stage).label if next_stage else "",
            "next_refusal": next_refusal,
            "advance_form": advance_form,
            "mou_form": mou_form,
            "mou": mou,
            "conflict": conflict,
        },
        status=status,
    )
