"""The round set-up pages under /evaluasi/ (``evaluation.manage``): a new round with its scope
(``putaran-baru/``), and a round's set-up page (``<round>/pengaturan/``): its phases with their
dates, moving on (with a confirmation), locks, and its regions with their groups.

Every write goes through ``round_setup`` (the services); a refused write shows the page again
with the message beside its form (400).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kotacerdas.core.forms import add_service_errors
from kotacerdas.core.permissions import require

from . import round_setup as services
from .assessor_selectors import round_get
from .choices import Phase
from .models import MethodGroup, Round, RoundRegion
from .phases import ORDER, phase_label
from .round_setup_forms import AdvanceForm, GroupForm, LockForm, PhaseDatesForm, RoundSetupForm, ScopeForm

MANAGE = "evaluation.manage"
PAGE_SIZE = 50


def _setup_url(round_: Round) -> str:
    return reverse("evaluation:round_setup", args=[round_.code])


def _next_phase(round_: Round) -> str | None:
    position = ORDER.index(round_.phase)
    following = ORDER[position + 1] if position + 1 < len(ORDER) else None
    return None if following in (None, Phase.PUBLISHED) or round_.historical else following


def _setup_page(
    request: HttpRequest,
    round_: Round,
    status: int = 200,
    *,
    errors: list[str] | None = None,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    forms_ = bound or {}
    phases = services.round_phases(round_)
    initial: dict[str, Any] = {}
    for row in phases:
        initial[f"{row.phase}_opens"] = row.opens_on
        initial[f"{row.phase}_closes"] = row.closes_on
    entries = (
        RoundRegion.objects.filter(round=round_)
        .select_related("region__province", "group")
        .order_by("region__code")
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/setup/round_setup.html",
        {
            "round": round_,
            "phases": phases,
            "dates_form": forms_.get("dates_form") or PhaseDatesForm(initial=initial),
            "lock_form": forms_.get("lock_form") or LockForm(),
            "scope_form": forms_.get("scope_form") or ScopeForm(),
            "errors": errors,
            "next_phase": _next_phase(round_),
            "next_label": phase_label(_next_phase(round_) or round_.phase),
            "preparing": round_.phase == Phase.DRAFT,
            "page": page,
            "groups": list(
                MethodGroup.objects.filter(method_id=round_.method_id).order_by("position", "code")
            ),
        },
        status=status,
    )


@login_required
def round_setup_create(request: HttpRequest) -> HttpResponse:
    """A new live round: its code, year, stage, method, and the regions it evaluates."""
    require(request.user, MANAGE)
    form = RoundSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            round_ = services.round_setup_create(
                actor=request.user,
                code=d["code"],
                year=d["year"],
                stage=d["stage"],
                method=d["method"],
                name=d["name"],
                previous=d["previous"],
                scope=form.scope(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            count = RoundRegion.objects.filter(round=round_).count()
            messages.success(
                request,
                ngettext(
                    "Round %(code)s created with %(count)s region, in preparation.",
                    "Round %(code)s created with %(count)s regions, in preparation.",
                    count,
                )
                % {"code": round_.code, "count": count},
            )
            return HttpResponseRedirect(_setup_url(round_))
    return render(
        request, "evaluation/setup/round_create.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def round_setup(request: HttpRequest, round_code: str) -> HttpResponse:
    require(request.user, MANAGE)
    return _setup_page(request, round_get(code=round_code))


def _refused(
    request: HttpRequest, round_: Round, form: forms.Form, exc: ValidationError, name: str
) -> HttpResponse:
    add_service_errors(form, exc)
    return _setup_page(request, round_, 400, bound={name: form})


@login_required
@require_POST
def round_setup_dates(request: HttpRequest, round_code: str) -> HttpResponse:
    require(request.user, MANAGE)
    round_ = round_get(code=round_code)
    form = PhaseDatesForm(request.POST)
    if not form.is_valid():
        return _setup_page(request, round_, status=400, bound={"dates_form": form})
    try:
        services.round_phase_dates(actor=request.user, round_=round_, dates=form.dates())
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            exc = ValidationError({(f"{k}_opens" if k in ORDER else k): v for k, v in exc.error_dict.items()})
        return _refused(request, round_, form, exc, "dates_form")
    messages.success(request, _("The phase dates are saved."))
    return HttpResponseRedirect(_setup_url(round_))


@login_required
def round_setup_advance(request: HttpRequest, round_code: str) -> HttpResponse:
    """A confirmation page (GET), then the move to the next phase (POST)."""
    require(request.user, MANAGE)
    round_ = round_get(code=round_code)
    following = _next_phase(round_)
    form = AdvanceForm(request.POST or None, initial={"current": round_.phase})
    if request.method == "POST" and form.is_valid():
        try:
            services.round_phase_advance(
                actor=request.user, round_=round_, current=form.cleaned_data["current"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(round)s is in its %(phase)s phase.")
                % {"round": round_.name, "phase": phase_label(round_.phase)},
            )
            return HttpResponseRedirect(_setup_url(round_))
    return render(
        request,
        "evaluation/setup/round_advance.html",
        {
            "round": round_,
            "form": form,
            "current": phase_label(round_.phase),
            "following": phase_label(following) if following else None,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def round_setup_lock(request: HttpRequest, round_code: str) -> HttpResponse:
    require(request.user, MANAGE)
    round_ = round_get(code=round_code)
    form = LockForm(request.POST)
    if not form.is_valid():
        return _setup_page(request, round_, status=400, bound={"lock_form": form})
    d = form.cleaned_data
    try:
        services.round_phase_lock(
            actor=request.user, round_=round_, phase=d["phase"], locked=d["locked"], note=d["note"]
        )
    except ValidationError as exc:
        return _refused(request, round_, form, exc, "lock_form")
    messages.success(
        request,
        (_("The %(phase)s phase is locked.") if d["locked"] else _("The %(phase)s phase is unlocked."))
        % {"phase": phase_label(d["phase"])},
    )
    return HttpResponseRedirect(_setup_url(round_))


@login_required
@require_POST
def round_setup_regions_add(request: HttpRequest, round_code: str) -> HttpResponse:
    require(request.user, MANAGE)
    round_ = round_get(code=round_code)
    form = ScopeForm(request.POST)
    if not form.is_valid():
        return _setup_page(request, round_, status=400, bound={"scope_form": form})
    try:
        result = services.round_regions_add(actor=request.user, round_=round_, scope=form.scope())
    except ValidationError as exc:
        return _refused(request, round_, form, exc, "scope_form")
    messages.success(
        request,
        _("%(added)s regions added; %(already)s were already in the round.")
        % {"added": len(result.added), "already": len(result.already)},
    )
    return HttpResponseRedirect(_setup_url(round_))


def _entry(round_: Round, region_code: str) -> RoundRegion:
    entry = (
        RoundRegion.objects.select_related("round", "region", "group")
        .filter(round=round_, region__code=region_code)
        .first()
    )
    if entry is None:
        raise Http404("region in round")
    return entry


@login_required
@require_POST
def round_setup_region_group(request: HttpRequest, round_code: str, region_code: str) -> HttpResponse:
    require(request.user, MANAGE)
    round_ = round_get(code=round_code)
    entry = _entry(round_, region_code)
    form = GroupForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"group": _("Choose a group.")})
        services.round_region_set_group(actor=request.user, entry=entry, group=form.cleaned_data["group"])
    except ValidationError as exc:
        return _setup_page(request, round_, status=400, errors=exc.messages)
    messages.success(request, _("The group of %(region)s is saved.") % {"region": entry.region.name})
    return HttpResponseRedirect(_setup_url(round_))


@login_required
@require_POST
def round_setup_region_remove(request: HttpRequest, round_code: str, region_code: str) -> HttpResponse:
    require(request.user, MANAGE)
    round_ = round_get(code=round_code)
    entry = _entry(round_, region_code)
    try:
        services.round_region_remove(actor=request.user, entry=entry)
    except ValidationError as exc:
        return _setup_page(request, round_, status=400, errors=exc.messages)
    messages.success(request, _("%(region)s is no longer in the round.") % {"region": entry.region.name})
    return HttpResponseRedirect(_setup_url(round_))
