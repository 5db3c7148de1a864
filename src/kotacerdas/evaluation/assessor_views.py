"""Assessor pages under /evaluasi/: the ministry's pool of assessors, region partners and a
round's assignment table (``evaluation.manage``), and an assessor's own assignments ("Penilaian
saya", ``evaluation.score``), where they declare whether they have a conflict of interest
before they see a region's material.

Every write goes through ``assessors`` (the services); a refused write shows the page again
with the message beside its field (400), a stale edit with the other writer's values (409).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kotacerdas.core.forms import add_service_errors, save_edit
from kotacerdas.core.permissions import require

from . import assessor_selectors as selectors
from . import assessors as services
from .assessor_forms import (
    AssessorCreateForm,
    AssessorEditForm,
    AssessorFilterForm,
    AssignmentFilterForm,
    ConflictForm,
    GenerateForm,
    OverrideForm,
    PartnerFilterForm,
    PartnerForm,
    ReasonForm,
)
from .choices import ConflictKind
from .models import Assessor, Conflict, RegionPartner, Round, RoundRegion

MANAGE = "evaluation.manage"
SCORE = "evaluation.score"


def _detail_url(assessor: Assessor) -> str:
    return reverse("evaluation:assessor_detail", args=[assessor.code])


# ---------------------------------------------------------------- the pool (the ministry's)


@login_required
@require_GET
def assessor_list(request: HttpRequest) -> HttpResponse:
    """The pool, with filters by category, home province, expertise and status."""
    require(request.user, MANAGE)
    filters = AssessorFilterForm(request.GET or None)
    rows = selectors.assessor_list(**filters.filters())
    page = Paginator(rows, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/assessors/assessor_list.html",
        {"filters": filters, "page": page},
    )


@login_required
def assessor_create(request: HttpRequest) -> HttpResponse:
    require(request.user, MANAGE)
    form = AssessorCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessor = services.assessor_create(
                actor=request.user, user=form.cleaned_data["username"], **form.profile()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is in the pool as %(code)s.")
                % {"name": assessor.user.display_name, "code": assessor.code},
            )
            return HttpResponseRedirect(_detail_url(assessor))
    return render(
        request,
        "evaluation/assessors/assessor_form.html",
        {"form": form, "next_code": services.assessor_next_code()},
        status=400 if form.errors else 200,
    )


def _detail_page(
    request: HttpRequest, assessor: Assessor, *, conflict_form: ConflictForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "evaluation/assessors/assessor_detail.html",
        {
            "assessor": assessor,
            "declared": selectors.assessor_conflicts_declared(assessor),
            "assignments": selectors.assessor_assignments(assessor),
            "conflict_form": conflict_form or ConflictForm(),
        },
        status=status,
    )


@login_required
@require_GET
def assessor_detail(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, MANAGE)
    return _detail_page(request, selectors.assessor_get(code=code))


def _profile_initial(assessor: Assessor) -> dict[str, Any]:
    return {
        "category": assessor.category,
        "institution": assessor.institution,
        "home_province": assessor.home_province.code if assessor.home_province else "",
        "home_region": assessor.home_region.code if assessor.home_region else "",
        "expertise": list(assessor.expertise or []),
        "row_version": assessor.row_version,
    }


@login_required
def assessor_edit(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, MANAGE)
    assessor = selectors.assessor_get(code=code)
    if request.method != "POST":
        form = AssessorEditForm(initial=_profile_initial(assessor))
        return render(
            request, "evaluation/assessors/assessor_form.html", {"form": form, "assessor": assessor}
        )
    form = AssessorEditForm(request.POST)

    def save(_data: dict[str, Any], row_version: int) -> object:
        return services.assessor_update(
            actor=request.user, assessor=assessor, data=form.profile(), expected_version=row_version
        )

    outcome = save_edit(form, Assessor, assessor.pk, save)
    if outcome.saved:
        messages.success(request, _("%(code)s saved.") % {"code": assessor.code})
        return HttpResponseRedirect(_detail_url(assessor))
    return render(
        request,
        "evaluation/assessors/assessor_form.html",
        {"form": form, "assessor": assessor, "conflict": outcome.conflict},
        status=outcome.status,
    )


@login_required
@require_POST
def assessor_active(request: HttpRequest, code: str) -> HttpResponse:
    """Take an assessor out of the pool, or back in (``active`` = 0 or 1)."""
    require(request.user, MANAGE)
    assessor = selectors.assessor_get(code=code)
    value = request.POST.get("active")
    if value not in ("0", "1"):
        messages.error(request, _("Choose whether the assessor is active."))
        return _detail_page(request, assessor, status=400)
    services.assessor_set_active(actor=request.user, assessor=assessor, active=value == "1")
    messages.success(
        request,
        (_("%(code)s is back in the pool.") if value == "1" else _("%(code)s is out of the pool."))
        % {"code": assessor.code},
    )
    return HttpResponseRedirect(_detail_url(assessor))


@login_required
@require_POST
def assessor_conflict_add(request: HttpRequest, code: str) -> HttpResponse:
    """The ministry declares a conflict of interest between an assessor and a region."""
    require(request.user, MANAGE)
    assessor = selectors.assessor_get(code=code)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.conflict_declare(
                actor=request.user,
                assessor=assessor,
                region=form.cleaned_data["region"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Conflict of interest recorded."))
            return HttpResponseRedirect(_detail_url(assessor) + "#konflik")
    return _detail_page(request, assessor, conflict_form=form, status=400)


@login_required
@require_POST
def assessor_conflict_remove(request: HttpRequest, code: str, region_code: str) -> HttpResponse:
    require(request.user, MANAGE)
    assessor = selectors.assessor_get(code=code)
    conflict = (
        Conflict.objects.select_related("assessor", "region")
        .filter(assessor=assessor, region__code=region_code)
        .first()
    )
    if conflict is None:
        raise Http404("conflict")
    services.conflict_withdraw(actor=request.user, conflict=conflict)
    messages.success(request, _("Declared conflict withdrawn."))
    return HttpResponseRedirect(_detail_url(assessor) + "#konflik")


# ---------------------------------------------------------------- region partners


def _partner_page(
    request: HttpRequest, *, form: PartnerForm | None = None, status: int = 200
) -> HttpResponse:
    filters = PartnerFilterForm(request.GET or None)
    region = filters.chosen_region()
    rows = selectors.region_partner_list(region=region.code if region else "")
    page = Paginator(rows, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/assessors/partner_list.html",
        {"filters": filters, "page": page, "form": form or PartnerForm()},
        status=status,
    )


@login_required
def partner_list(request: HttpRequest) -> HttpResponse:
    """Institutions that partner regions (their people conflict with them); add one."""
    require(request.user, MANAGE)
    if request.method != "POST":
        return _partner_page(request)
    form = PartnerForm(request.POST)
    if form.is_valid():
        try:
            services.region_partner_add(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Partner recorded."))
            return HttpResponseRedirect(reverse("evaluation:assessor_partners"))
    return _partner_page(request, form=form, status=400)


@login_required
@require_POST
def partner_remove(request: HttpRequest) -> HttpResponse:
    require(request.user, MANAGE)
    partner = (
        RegionPartner.objects.select_related("region")
        .filter(region__code=request.POST.get("region", ""), institution=request.POST.get("institution", ""))
        .first()
    )
    if partner is None:
        raise Http404("partner")
    services.region_partner_remove(actor=request.user, partner=partner)
    messages.success(request, _("Partner removed."))
    return HttpResponseRedirect(reverse("evaluation:assessor_partners"))


# ---------------------------------------------------------------- a round's assignment table


def _entries(round_: Round, filters: AssignmentFilterForm) -> QuerySet[RoundRegion]:
    rows = RoundRegion.objects.filter(round=round_).select_related("region", "group")
    if not filters.is_valid():
        return rows.order_by("region__code")
    data = filters.cleaned_data
    text = " ".join((data.get("q") or "").split())
    if text:
        rows = rows.filter(Q(region__code__startswith=text) | Q(region__name__icontains=text))
    if data.get("assessor"):
        rows = rows.filter(assignments__assessor__code__iexact=data["assessor"].strip())
    if data.get("show") == "short":
        rows = rows.annotate(n=Count("assignments")).filter(n__lt=selectors.round_per_region(round_))
    elif data.get("show") == "conflict":
        found = selectors.round_conflicts(round_)
        ids = [
            entry_id
            for entry_id, code, region in RoundRegion.objects.filter(round=round_).values_list(
                "pk", "assignments__assessor__code", "region__code"
            )
            if code and region in found.get(code, {})
        ]
        rows = rows.filter(pk__in=ids)
    return rows.order_by("region__code")


def _table_page(
    request: HttpRequest, round_: Round, *, form: GenerateForm | None = None, status: int = 200
) -> HttpResponse:
    filters = AssignmentFilterForm(request.GET or None)
    per_region = selectors.round_per_region(round_)
    page = Paginator(_entries(round_, filters), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    table = selectors.assignment_table(round_, entries=list(page.object_list), per_region=per_region)
    return render(
        request,
        "evaluation/assessors/assignment_table.html",
        {
            "round": round_,
            "table": table,
            "page": page,
            "filters": filters,
            "form": form or GenerateForm(initial={"per_region": per_region}),
            "kinds": _kind_labels(),
        },
        status=status,
    )


def _kind_labels() -> dict[str, str]:
    return {k: str(v) for k, v in ConflictKind.choices}


@login_required
@require_GET
def assignment_table(request: HttpRequest, round_code: str) -> HttpResponse:
    """The round's regions with their assessors, every assessor's load, and conflicts shown."""
    require(request.user, MANAGE)
    return _table_page(request, selectors.round_get(code=round_code))


@login_required
@require_POST
def assignment_generate(request: HttpRequest, round_code: str) -> HttpResponse:
    require(request.user, MANAGE)
    round_ = selectors.round_get(code=round_code)
    form = GenerateForm(request.POST)
    if form.is_valid():
        try:
            result = services.assignment_generate(
                actor=request.user, round_=round_, per_region=form.cleaned_data["per_region"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Assessors assigned: %(created)s new, %(removed)s replaced, %(kept)s kept (with scores).")
                % {"created": result.created, "removed": result.removed, "kept": result.kept},
            )
            if result.explanation:
                messages.warning(request, result.explanation)
            return HttpResponseRedirect(reverse("evaluation:assessor_assignments", args=[round_.code]))
    return _table_page(request, round_, form=form, status=400)


@dataclass(frozen=True)
class _Region:
    """What the page of one region's assessors shows, and its form's choices."""

    assignments: list[Any]
    candidates: list[dict[str, Any]]
    conflicts: dict[str, tuple[str, ...]]


def _region_state(round_: Round, entry: RoundRegion) -> _Region:
    assignments = list(selectors.round_assignments(round_, entries=[entry.pk]))
    found = selectors.round_conflicts(round_, regions=[entry.region_id])
    by_assessor = {code: pairs.get(entry.region.code, ()) for code, pairs in found.items()}
    loads = dict(
        Assessor.objects.filter(active=True)
        .annotate(n=Count("assignments", filter=Q(assignments__entry__round=round_)))
        .values_list("code", "n")
    )
    assigned = {a.assessor.code for a in assignments}
    candidates = [
        {"assessor": a, "load": loads.get(a.code, 0), "conflicts": by_assessor.get(a.code, ())}
        for a in Assessor.objects.filter(active=True).select_related("user", "home_province").order_by("code")
        if a.code not in assigned
    ]
    return _Region(assignments=assignments, candidates=candidates, conflicts=by_assessor)


def _override_form(data: Any, state: _Region) -> OverrideForm:
    labels = _kind_labels()
    candidates = []
    for c in state.candidates:
        label = f"{c['assessor'].code} · {c['assessor'].user.display_name} · " + (
            _("%(count)s regions") % {"count": c["load"]}
        )
        if c["conflicts"]:
            label += " · " + _("conflict: %(why)s") % {"why": ", ".join(labels[k] for k in c["conflicts"])}
        candidates.append((c["assessor"].code, label))
    return OverrideForm(
        data,
        assigned=[
            (a.assessor.code, f"{a.assessor.code} · {a.assessor.user.display_name}")
            for a in state.assignments
        ],
        candidates=candidates,
    )


def _edit_page(
    request: HttpRequest,
    round_: Round,
    entry: RoundRegion,
    state: _Region,
    *,
    form: OverrideForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "evaluation/assessors/assignment_edit.html",
        {
            "round": round_,
            "entry": entry,
            "assignments": [
                {"assignment": a, "conflicts": state.conflicts.get(a.assessor.code, ())}
                for a in state.assignments
            ],
            "candidates": state.candidates,
            "form": form or _override_form(None, state),
            "kinds": _kind_labels(),
        },
        status=status,
    )


def _entry(round_: Round, region_code: str) -> RoundRegion:
    entry = (
        RoundRegion.objects.select_related("region__province", "group")
        .filter(round=round_, region__code=region_code)
        .first()
    )
    if entry is None:
        raise Http404("region in round")
    return entry


@login_required
def assignment_edit(request: HttpRequest, round_code: str, region_code: str) -> HttpResponse:
    """One region's assessors: remove one, add one, or swap, with a reason."""
    require(request.user, MANAGE)
    round_ = selectors.round_get(code=round_code)
    entry = _entry(round_, region_code)
    state = _region_state(round_, entry)
    if request.method != "POST":
        return _edit_page(request, round_, entry, state)
    form = _override_form(request.POST, state)
    if form.is_valid():
        found = services.assessors_by_code([form.cleaned_data["remove"], form.cleaned_data["add"]])
        try:
            services.assignment_override(
                actor=request.user,
                entry=entry,
                remove=found.get(form.cleaned_data["remove"]),
                add=found.get(form.cleaned_data["add"]),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Assessors of %(region)s changed.") % {"region": entry.region.name})
            return HttpResponseRedirect(
                reverse("evaluation:assessor_assignment_edit", args=[round_.code, region_code])
            )
    return _edit_page(request, round_, entry, state, form=form, status=400)


# ---------------------------------------------------------------- an assessor's own ("Penilaian saya")


def _mine_page(request: HttpRequest, *, form: ConflictForm | None = None, status: int = 200) -> HttpResponse:
    assessor = selectors.assessor_of(request.user)
    return render(
        request,
        "evaluation/assessors/my_assignments.html",
        {
            "assessor": assessor,
            "assignments": selectors.my_assignments(request.user) if assessor else [],
            "declared": selectors.assessor_conflicts_declared(assessor) if assessor else [],
            "form": form or ConflictForm(),
        },
        status=status,
    )


@login_required
@require_GET
def my_assignments(request: HttpRequest) -> HttpResponse:
    """The regions assigned to the signed-in assessor in rounds not yet published."""
    require(request.user, SCORE)
    return _mine_page(request)


@login_required
@require_POST
def my_conflict_declare(request: HttpRequest) -> HttpResponse:
    """An assessor declares a conflict of interest with any region, assigned or not."""
    require(request.user, SCORE)
    assessor = selectors.assessor_of(request.user)
    if assessor is None:
        raise Http404("assessor")
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.conflict_declare(
                actor=request.user,
                assessor=assessor,
                region=form.cleaned_data["region"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Conflict of interest recorded; the ministry's evaluation team is told.")
            )
            return HttpResponseRedirect(reverse("evaluation:assessor_mine"))
    return _mine_page(request, form=form, status=400)


def _assignment_page(
    request: HttpRequest,
    assignment: Any,
    *,
    form: ReasonForm | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "evaluation/assessors/my_assignment.html",
        {
            "assignment": assignment,
            "entry": assignment.entry,
            "round": assignment.entry.round,
            "region": assignment.entry.region,
            "form": form or ReasonForm(),
            "errors": errors or [],
        },
        status=status,
    )


@login_required
@require_GET
def my_assignment(request: HttpRequest, round_code: str, region_code: str) -> HttpResponse:
    """One assigned region: declare no conflict (then its material opens) or declare one."""
    return _assignment_page(request, selectors.assignment_own(request.user, round_code, region_code))


@login_required
@require_POST
def my_no_conflict(request: HttpRequest, round_code: str, region_code: str) -> HttpResponse:
    assignment = selectors.assignment_own(request.user, round_code, region_code)
    try:
        services.assignment_declare_no_conflict(actor=request.user, assignment=assignment)
    except ValidationError as exc:
        return _assignment_page(request, assignment, errors=exc.messages, status=400)
    messages.success(
        request,
        _("Declared: you have no conflict of interest with %(region)s.")
        % {"region": assignment.entry.region.name},
    )
    return HttpResponseRedirect(reverse("evaluation:assessor_my_assignment", args=[round_code, region_code]))


@login_required
@require_POST
def my_conflict(request: HttpRequest, round_code: str, region_code: str) -> HttpResponse:
    assignment = selectors.assignment_own(request.user, round_code, region_code)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.assignment_declare_conflict(
                actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Conflict of interest with %(region)s recorded: the region is no longer yours, and the ministry's evaluation team will assign another assessor."
                )
                % {"region": assignment.entry.region.name},
            )
            return HttpResponseRedirect(reverse("evaluation:assessor_mine"))
    return _assignment_page(request, assignment, form=form, status=400)
