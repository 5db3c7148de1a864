"""The master-plan editor: the tree (dimension -> programme -> action) with inline HTMX editing,
vision and missions, readiness and SWOT, quick wins, road map, versions, diff, submission and
ratification. Every write goes through ``services``; every read through ``selectors``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.files import file_download
from kotacerdas.core.forms import add_service_errors, save_edit
from kotacerdas.core.permissions import actor_for, can
from kotacerdas.organisation.models import Agency
from kotacerdas.programme.models import Dimension
from kotacerdas.regions.models import Region
from kotacerdas.regions.selectors import region_get_private

from . import access, editor_rows, selectors, services
from .budget_panel import budget_panel
from .changes import version_diff_display
from .choices import BudgetSource, Horizon, ReadinessElement, SwotKind, VersionStatus
from .forms import (
    ActionForm,
    PlanCreateForm,
    ProgrammeForm,
    QuickWinForm,
    RatifyForm,
    ReadinessForm,
    RoadmapForm,
    SwotForm,
    VersionHeaderForm,
)
from .models import ActionPlan, MasterPlan, PlanVersion, Programme, QuickWin, RoadmapItem, SwotItem


def _versions(request: HttpRequest, code: str) -> tuple[Region, PlanVersion, list[PlanVersion]]:
    """The region, the version the page shows (``?versi=N``, else the draft, else the newest)
    and every version of the plan (for the version menu), in one query: 404 when the reader may
    not see the region's plan (as ``region_get_private`` answers for ``masterplan.view``), or
    it has no such version."""
    number = request.GET.get("versi") or request.POST.get("versi")
    versions = selectors.plan_versions_for_user(actor=request.user, region_code=code)
    version = selectors.version_shown(
        actor=request.user, versions=versions, number=int(number) if number and number.isdigit() else None
    )
    return version.plan.region, version, versions


def _version(request: HttpRequest, code: str) -> tuple[Region, PlanVersion]:
    region, version, _versions_of_plan = _versions(request, code)
    return region, version


def _base_context(
    request: HttpRequest,
    region: Any,
    version: PlanVersion,
    tab: str,
    versions: list[PlanVersion] | None = None,
) -> dict[str, Any]:
    """What every plan page shows around its content; ``versions`` for the version menu, when the
    page has read them already."""
    plan = version.plan
    region_id = plan.region_id
    return {
        "region": region,
        "plan": plan,
        "version": version,
        "versions": selectors.version_list(plan=plan) if versions is None else versions,
        "tab": tab,
        "editable": version.status == VersionStatus.DRAFT,
        "may_change": version.status == VersionStatus.DRAFT
        and can(request.user, "masterplan.change", region_id=region_id),
        "may_change_own": version.status == VersionStatus.DRAFT
        and access.may_edit_some_items(request.user, region_id),
        "may_submit": can(request.user, "masterplan.submit", region_id=region_id),
        "may_ratify": can(request.user, "masterplan.ratify", region_id=region_id),
    }


def _version_url(version: PlanVersion, name: str = "masterplans:plan_detail") -> str:
    return reverse(name, args=[version.plan.region.code]) + f"?versi={version.number}"


# ---------------------------------------------------------------- plan and tree


def _plan_start(request: HttpRequest, region: Region) -> HttpResponse:
    """A region without a plan: the form to start one (for those who may change plans)."""
    form = PlanCreateForm(
        request.POST or None,
        initial={
            "title": _("Smart City Master Plan of %(region)s") % {"region": region.name},
            "start_year": timezone.localdate().year,
            "end_year": timezone.localdate().year + 4,
        },
    )
    may_create = can(request.user, "masterplan.change", region_id=region.pk)
    if request.method == "POST":
        if not may_create:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.plan_create(actor=request.user, region=region, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Master plan started. Add its programmes, or import a worksheet.")
                )
                return HttpResponseRedirect(request.path)
    return render(
        request,
        "masterplans/plan_start.html",
        {"region": region, "form": form, "may_create": may_create},
        status=400 if form.errors else 200,
    )


@login_required
def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The plan tree with counts per dimension; without a plan, the form to start one."""
    try:
        region, version, versions = _versions(request, code)
    except Http404:
        region = region_get_private(actor=request.user, code=code, perm="masterplan.view")
        if MasterPlan.objects.filter(region=region).exists():
            raise  # a version that does not exist
        return _plan_start(request, region)
    context = _base_context(request, region, version, "tree", versions)
    agencies = list(Agency.objects.filter(region=region).only("code", "acronym").order_by("acronym"))
    own_agency_ids = (
        access.own_agency_ids(request.user, region.pk, agencies=[a.pk for a in agencies])
        if context["editable"]
        else []
    )
    agency_code = request.GET.get("opd")
    default_own = False
    if agency_code is None and not can(request.user, "masterplan.change", region_id=region.pk):
        # an agency officer first sees their own agency's items (a filter they can clear)
        officer_of = set(actor_for(request.user).agency_perms)
        own = [a for a in agencies if a.pk in officer_of]
        agency_code = own[0].code if own else ""
        default_own = bool(own)
    agency = next((a for a in agencies if a.code == agency_code), None) if agency_code else None
    horizon = request.GET.get("horizon", "")
    horizon = horizon if horizon in Horizon.values else ""
    query = request.GET.get("q", "").strip()
    filtered = bool(agency or horizon or query)
    dimensions = list(Dimension.objects.order_by("position"))
    counts = selectors.counts_per_dimension(version=version, dimensions=dimensions)
    matching = (
        selectors.matching_programmes_per_dimension(
            version=version, agency_id=agency.pk if agency else None, horizon=horizon, query=query
        )
        if filtered
        else {c["dimension"].pk: c["programmes"] for c in counts}
    )
    for c in counts:
        c["matching"] = matching.get(c["dimension"].pk, 0)
    chosen = request.GET.get("dimensi", "")
    show_all = chosen == ALL_DIMENSIONS
    dimension = next((c["dimension"] for c in counts if c["dimension"].code == chosen), None)
    if dimension is None and not show_all and counts:
        # the first dimension with something to show
        dimension = next((c["dimension"] for c in counts if c["matching"]), counts[0]["dimension"])
    tree = selectors.plan_tree(
        version=version,
        agency_id=agency.pk if agency else None,
        horizon=horizon,
        query=query,
        dimension_id=None if show_all or dimension is None else dimension.pk,
        for_editor=True,
        dimensions=dimensions,
    )
    if not show_all:
        tree = [n for n in tree if n.dimension == dimension]
    totals = selectors.budget_totals(version=version, dimensions=dimensions)
    by_dimension = {row["dimension"].pk: row for row in totals.per_dimension}
    for c in counts:
        c["budget"] = by_dimension.get(c["dimension"].pk)
    urls = editor_rows.row_urls(region.code, version)
    page = editor_rows.Page(
        editable=context["editable"],
        may_change=context["may_change"],
        csrf_token=get_token(request),
        labels=editor_rows.row_labels(),
    )
    targets = selectors.action_targets(
        action_ids=[a.pk for node in tree for p in node.programmes for a in p.actions.all()]
    )
    acronyms = {a.pk: a.acronym for a in agencies}

    def blocks(programmes: list[Programme]) -> list[SafeString]:
        return [
            editor_rows.block_html(block, page)
            for block in editor_rows.programme_blocks(
                programmes,
                urls=urls,
                language=get_language(),
                action_budgets=totals.per_action,
                targets=targets,
                programme_budgets=totals.per_programme,  # the whole programme, also what a filter hides
                editable=page.editable,
                may_change=page.may_change,
                own_agency_ids=own_agency_ids,
                agency_acronyms=acronyms,
            )
        ]

    filters = {"opd": agency.code if agency else "", "horizon": horizon, "q": query}
    filter_query = urlencode({"versi": version.number, **filters})
    context.update(
        {
            "tree": tree,
            "sections": [
                {
                    "dimension": node.dimension,
                    "programme_count": node.programme_count,
                    "action_count": node.action_count,
                    "blocks": blocks(node.programmes),
                }
                for node in tree
            ],
            "counts": counts,
            "dimension": dimension,
            "show_all": show_all,
            "all_dimensions": ALL_DIMENSIONS,
            "agencies": agencies,
            "horizons": Horizon.choices,
            "filters": filters,
            "filter_query": filter_query,
            "filtered": filtered,
            "default_own": default_own,
            "urls": urls,
            "budget": totals,
            "budget_panel": budget_panel(totals, counts, language=get_language(), filter_query=filter_query),
            "budget_chart": _budget_chart(totals),
        }
    )
    return render(request, "masterplans/plan_detail.html", context)


ALL_DIMENSIONS = "semua"


def _budget_chart(totals: selectors.BudgetTotals) -> dict[str, Any]:
    """The data of the budget chart (dimension x source, in whole rupiah) for ``json_script``."""
    return {
        "labels": [row["dimension"].label for row in totals.per_dimension],
        "datasets": [
            {
                "label": str(BudgetSource(source).label),
                "data": [int(row["by_source"][source]) for row in totals.per_dimension],
            }
            for source in totals.sources
        ],
    }


def _programme_from(request: HttpRequest, code: str, uid: str) -> tuple[Any, PlanVersion, Programme]:
    region, version = _version(request, code)
    programme = (
        Programme.objects.select_related("version__plan", "subdimension__dimension", "agency")
        .filter(version=version, uid=uid)
        .first()
    )
    if programme is None:
        raise Http404("programme")
    return region, version, programme


def _programme_row(
    request: HttpRequest,
    version: PlanVersion,
    programme: Programme,
    status: int = 200,
    saved: str = "",
) -> HttpResponse:
    """The programme's block, redrawn after an inline change; ``saved`` names what was saved
    (``programme`` or an action's uid) for the "Saved" confirmation."""
    programme = (
        Programme.objects.select_related("subdimension", "agency")
        .prefetch_related(
            Prefetch(
                "actions", queryset=ActionPlan.objects.select_related("agency").order_by("position", "code")
            )
        )
        .get(pk=programme.pk)
    )
    flags = _edit_flags(request, version)
    figures = selectors.action_figures(action_ids=[a.pk for a in programme.actions.all()])
    (block,) = editor_rows.programme_blocks(
        [programme],
        urls=editor_rows.row_urls(version.plan.region.code, version),
        language=get_language(),
        action_budgets=figures.budget,
        targets=figures.targets,
        saved=saved,
        **flags,
    )
    page = editor_rows.Page(
        editable=flags["editable"],
        may_change=flags["may_change"],
        csrf_token=get_token(request),
        labels=editor_rows.row_labels(),
    )
    return HttpResponse(editor_rows.block_html(block, page), status=status)


def _edit_flags(request: HttpRequest, version: PlanVersion) -> dict[str, Any]:
    region_id = version.plan.region_id
    draft = version.status == VersionStatus.DRAFT
    return {
        "editable": draft,
        "may_change": draft and can(request.user, "masterplan.change", region_id=region_id),
        "own_agency_ids": [] if not draft else access.own_agency_ids(request.user, region_id),
    }


def _programme_url(version: PlanVersion, programme: Programme) -> str:
    """The plan page on the programme's dimension, scrolled to the programme."""
    dimension = Dimension.objects.filter(subdimensions=programme.subdimension_id).values_list(
        "code", flat=True
    )
    return _version_url(version) + f"&dimensi={dimension.first() or ''}#p-{programme.uid}"


@login_required
def programme_add(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the empty form for a dimension (``?dimensi=``), loaded when asked for; POST: create."""
    _region, version = _version(request, code)
    if request.method == "GET":
        if not (
            version.status == VersionStatus.DRAFT
            and can(request.user, "masterplan.change", region_id=version.plan.region_id)
        ):
            raise PermissionDenied
        dimension = Dimension.objects.filter(code=request.GET.get("dimensi", "")).first()
        return render(
            request,
            "masterplans/_programme_form.html",
            {
                "form": ProgrammeForm(version=version, dimension=dimension),
                "version": version,
                "plan": version.plan,
                "dimension": dimension,
            },
        )
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    dimension = Dimension.objects.filter(code=request.POST.get("dimension", "")).first()
    form = ProgrammeForm(request.POST, version=version, dimension=dimension)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "row_version"}
        try:
            programme = services.programme_create(actor=request.user, version=version, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Programme %(code)s added.") % {"code": programme.code})
            target = _programme_url(version, programme)
            if request.htmx:  # type: ignore[attr-defined]
                response = HttpResponse("")
                response["HX-Redirect"] = target
                return response
            return HttpResponseRedirect(target)
    return render(
        request,
        "masterplans/_programme_form.html",
        {
            "form": form,
            "version": version,
            "plan": version.plan,
            "dimension": dimension,
            "action_url": request.path,
        },
        status=400,
    )


@login_required
def programme_row(request: HttpRequest, code: str, uid: str) -> HttpResponse:
    _region, version, programme = _programme_from(request, code, uid)
    return _programme_row(request, version, programme)


@login_required
def programme_edit(request: HttpRequest, code: str, uid: str) -> HttpResponse:
    _region, version, programme = _programme_from(request, code, uid)
    conflict = None
    if request.method == "POST":
        form = ProgrammeForm(request.POST, version=version)
        outcome = save_edit(
            form,
            Programme,
            programme.pk,
            lambda data, row_version: services.programme_update(
                actor=request.user, programme=programme, data=data, expected_version=row_version
            ),
        )
        conflict = outcome.conflict
        if outcome.saved:
            if request.htmx:  # type: ignore[attr-defined]
                return _programme_row(request, version, programme, saved="programme")
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(_programme_url(version, programme))
    else:
        if not access.may_edit_items(request.user, version, [programme.agency_id]):
            raise PermissionDenied
        form = ProgrammeForm(
            version=version,
            initial={
                "code": programme.code,
                "name": programme.name,
                "subdimension": programme.subdimension.code,
                "agency": programme.agency.code,
                "horizon": programme.horizon,
                "start_year": programme.start_year,
                "end_year": programme.end_year,
                "description": programme.description,
                "row_version": programme.row_version,
            },
        )
    return render(
        request,
        "masterplans/_programme_form.html",
        {
            "form": form,
            "programme": programme,
            "version": version,
            "plan": version.plan,
            "conflict": conflict,
            "action_url": request.path,
        },
        status=409 if conflict else (400 if form.errors else 200),
    )


@login_required
@require_POST
def programme_delete(request: HttpRequest, code: str, uid: str) -> HttpResponse:
    _region, version, programme = _programme_from(request, code, uid)
    target = _programme_url(version, programme).split("#")[0]
    services.programme_delete(actor=request.user, programme=programme)
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse("")
    messages.success(request, _("Programme deleted."))
    return HttpResponseRedirect(target)


@login_required
@require_POST
def programme_copy(request: HttpRequest, code: str, uid: str) -> HttpResponse:
    _region, version, programme = _programme_from(request, code, uid)
    copy = services.programme_copy(actor=request.user, programme=programme)
    messages.success(request, _("Programme copied as %(code)s.") % {"code": copy.code})
    response: HttpResponse = HttpResponseRedirect(_programme_url(version, copy))
    if request.htmx:  # type: ignore[attr-defined]
        response = HttpResponse("")
        response["HX-Redirect"] = _programme_url(version, copy)
    return response


@login_required
@require_POST
def programme_reorder(request: HttpRequest, code: str) -> HttpResponse:
    _region, version = _version(request, code)
    services.programme_reorder(
        actor=request.user, version=version, ordered_uids=request.POST.getlist("order")
    )
    return HttpResponse(status=204)


# ---------------------------------------------------------------- actions


def _action_from(request: HttpRequest, code: str, uid: str) -> tuple[PlanVersion, ActionPlan]:
    _region, version = _version(request, code)
    action = (
        ActionPlan.objects.select_related("version__plan", "programme", "agency")
        .prefetch_related("budgets", "targets")
        .filter(version=version, uid=uid)
        .first()
    )
    if action is None:
        raise Http404("action")
    return version, action


def _into_form_slot(
    request: HttpRequest, response: HttpResponse, programme: Programme, action: ActionPlan | None = None
) -> HttpResponse:
    """A refused action form stays where it was: in the action's row (an edit) or in its
    programme's form slot (a new action), not over the programme."""
    if request.htmx and response.status_code != 200:  # type: ignore[attr-defined]
        if action is not None:
            response["HX-Retarget"] = f"#a-{action.uid}"
            response["HX-Reswap"] = "outerHTML"
        else:
            response["HX-Retarget"] = f"#p-{programme.uid} .action-form"
            response["HX-Reswap"] = "innerHTML"
    return response


@login_required
def action_add(request: HttpRequest, code: str, uid: str) -> HttpResponse:
    """GET: the empty action form under a programme; POST: create it."""
    _region, version, programme = _programme_from(request, code, uid)
    form = ActionForm(
        request.POST or None, version=version, programme=programme, initial={"code": f"{programme.code}."}
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.ACTION_FIELDS}
        try:
            created = services.action_create(
                actor=request.user,
                programme=programme,
                budgets=form.budgets(),
                targets=form.targets(),
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:  # type: ignore[attr-defined]
                return _programme_row(request, version, programme, saved=str(created.uid))
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(_programme_url(version, programme))
    response = render(
        request,
        "masterplans/_action_form.html",
        {
            "form": form,
            "programme": programme,
            "version": version,
            "plan": version.plan,
            "action_url": request.path,
        },
        status=400 if form.errors else 200,
    )
    return _into_form_slot(request, response, programme)


@login_required
def action_edit(request: HttpRequest, code: str, uid: str) -> HttpResponse:
    version, action = _action_from(request, code, uid)
    conflict = None
    if request.method == "POST":
        form = ActionForm(request.POST, version=version, programme=action.programme, action=action)
        outcome = save_edit(
            form,
            ActionPlan,
            action.pk,
            lambda data, row_version: services.action_update(
                actor=request.user,
                action=action,
                data={k: data[k] for k in services.ACTION_FIELDS},
                expected_version=row_version,
                budgets=form.budgets(),
                targets=form.targets(),
            ),
        )
        conflict = outcome.conflict
        if outcome.saved:
            if request.htmx:  # type: ignore[attr-defined]
                return _programme_row(request, version, action.programme, saved=str(action.uid))
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(_programme_url(version, action.programme))
    else:
        if not access.may_edit_items(request.user, version, [action.agency_id]):
            raise PermissionDenied
        form = ActionForm(
            version=version,
            programme=action.programme,
            action=action,
            initial=ActionForm.initial_for(action),
        )
    response = render(
        request,
        "masterplans/_action_row_form.html" if request.htmx else "masterplans/_action_form.html",  # type: ignore[attr-defined]
        {
            "form": form,
            "action": action,
            "programme": action.programme,
            "version": version,
            "plan": version.plan,
            "conflict": conflict,
            "action_url": request.path,
        },
        status=409 if conflict else (400 if form.errors else 200),
    )
    return _into_form_slot(request, response, action.programme, action)


@login_required
@require_POST
def action_delete(request: HttpRequest, code: str, uid: str) -> HttpResponse:
    version, action = _action_from(request, code, uid)
    programme = action.programme
    services.action_delete(actor=request.user, action=action)
    if request.htmx:  # type: ignore[attr-defined]
        return _programme_row(request, version, programme)
    return HttpResponseRedirect(_programme_url(version, programme))


@login_required
@require_POST
def action_reorder(request: HttpRequest, code: str, uid: str) -> HttpResponse:
    _region, _version_shown, programme = _programme_from(request, code, uid)
    services.action_reorder(
        actor=request.user, programme=programme, ordered_uids=request.POST.getlist("order")
    )
    return HttpResponse(status=204)


# ---------------------------------------------------------------- vision, readiness, quick wins, road map


@login_required
def vision(request: HttpRequest, code: str) -> HttpResponse:
    region, version = _version(request, code)
    missions = "\n".join(version.missions.order_by("position").values_list("text", flat=True))
    initial = {f: getattr(version, f) for f in services.VERSION_HEADER_FIELDS}
    form = VersionHeaderForm(
        request.POST or None, initial={**initial, "missions": missions, "row_version": version.row_version}
    )
    conflict = None
    if request.method == "POST":

        def save(data: dict[str, Any], row_version: int) -> None:
            with transaction.atomic():  # vision and missions are saved together or not at all
                services.version_update(
                    actor=request.user,
                    version=version,
                    data={f: data[f] for f in services.VERSION_HEADER_FIELDS},
                    expected_version=row_version,
                )
                services.missions_set(
                    actor=request.user, version=version, texts=data["missions"].splitlines()
                )

        outcome = save_edit(form, PlanVersion, version.pk, save)
        conflict = outcome.conflict
        if outcome.saved:
            messages.success(request, _("Vision and missions saved."))
            return HttpResponseRedirect(_version_url(version, "masterplans:vision"))
    context = _base_context(request, region, version, "vision")
    context.update({"form": form, "conflict": conflict, "missions": version.missions.order_by("position")})
    return render(
        request, "masterplans/vision.html", context, status=409 if conflict else (400 if form.errors else 200)
    )


@login_required
def readiness(request: HttpRequest, code: str) -> HttpResponse:
    region, version = _version(request, code)
    status = 200
    swot_form = SwotForm()
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "readiness":
                form = ReadinessForm(request.POST)
                if form.is_valid():
                    services.readiness_set(actor=request.user, version=version, **form.cleaned_data)
                    messages.success(request, _("Readiness saved."))
                    return HttpResponseRedirect(_version_url(version, "masterplans:readiness"))
                status = 400
            elif which == "swot":
                swot_form = SwotForm(request.POST)
                if swot_form.is_valid():
                    services.swot_item_add(actor=request.user, version=version, **swot_form.cleaned_data)
                    return HttpResponseRedirect(_version_url(version, "masterplans:readiness"))
                status = 400
            elif which == "swot_delete":
                item = SwotItem.objects.filter(version=version, pk=request.POST.get("item", "0") or 0).first()
                if item is None:
                    raise Http404("swot item")
                services.swot_item_delete(actor=request.user, item=item)
                return HttpResponseRedirect(_version_url(version, "masterplans:readiness"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 400
    rows = []
    readiness_rows = {r.element: r for r in version.readiness.all()}
    swot = list(version.swot_items.all())
    for element, label in ReadinessElement.choices:
        row = readiness_rows.get(element)
        rows.append(
            {
                "element": element,
                "label": label,
                "row": row,
                "form": ReadinessForm(
                    initial={
                        "element": element,
                        "score": row.score if row else None,
                        "summary": row.summary if row else "",
                    }
                ),
                "swot": {
                    kind: [s for s in swot if s.element == element and s.kind == kind]
                    for kind, _l in SwotKind.choices
                },
            }
        )
    context = _base_context(request, region, version, "readiness")
    context.update({"rows": rows, "swot_kinds": SwotKind.choices, "swot_form": swot_form})
    return render(request, "masterplans/readiness.html", context, status=status)


def _quick_win_from(request: HttpRequest, version: PlanVersion, uid: str) -> QuickWin:
    quick_win = (
        QuickWin.objects.select_related("dimension", "agency", "programme")
        .filter(version=version, uid=uid)
        .first()
    )
    if quick_win is None:
        raise Http404("quick win")
    return quick_win


@login_required
def quick_wins(request: HttpRequest, code: str) -> HttpResponse:
    region, version = _version(request, code)
    form = QuickWinForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "row_version"}
        try:
            services.quick_win_create(actor=request.user, version=version, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Quick win added."))
            return HttpResponseRedirect(_version_url(version, "masterplans:quick_wins"))
    context = _base_context(request, region, version, "quick_wins")
    items = list(QuickWin.objects.filter(version=version).select_related("dimension", "agency", "programme"))
    context.update(
        {
            "form": form,
            "by_dimension": [
                {"dimension": d, "items": [q for q in items if q.dimension_id == d.pk]}
                for d in Dimension.objects.all()
            ],
            "own_agency_ids": access.own_agency_ids(request.user, version.plan.region_id),
        }
    )
    return render(request, "masterplans/quick_wins.html", context, status=400 if form.errors else 200)


@login_required
def quick_win_edit(request: HttpRequest, code: str, uid: str) -> HttpResponse:
    region, version = _version(request, code)
    quick_win = _quick_win_from(request, version, uid)
    conflict = None
    if request.method == "POST":
        if request.POST.get("delete"):
            services.quick_win_delete(actor=request.user, quick_win=quick_win)
            messages.success(request, _("Quick win deleted."))
            return HttpResponseRedirect(_version_url(version, "masterplans:quick_wins"))
        form = QuickWinForm(request.POST, version=version)
        outcome = save_edit(
            form,
            QuickWin,
            quick_win.pk,
            lambda data, row_version: services.quick_win_update(
                actor=request.user, quick_win=quick_win, data=data, expected_version=row_version
            ),
        )
        conflict = outcome.conflict
        if outcome.saved:
            messages.success(request, _("Quick win saved."))
            return HttpResponseRedirect(_version_url(version, "masterplans:quick_wins"))
    else:
        if not access.may_edit_items(request.user, version, [quick_win.agency_id]):
            raise PermissionDenied
        form = QuickWinForm(
            version=version,
            initial={
                "code": quick_win.code,
                "name": quick_win.name,
                "acronym": quick_win.acronym,
                "expansion": quick_win.expansion,
                "dimension": quick_win.dimension.code,
                "agency": quick_win.agency.code,
                "target_year": quick_win.target_year,
                "programme": quick_win.programme.code if quick_win.programme else None,
                "description": quick_win.description,
                "row_version": quick_win.row_version,
            },
        )
    context = _base_context(request, region, version, "quick_wins")
    context.update({"form": form, "quick_win": quick_win, "conflict": conflict})
    return render(
        request,
        "masterplans/quick_win_edit.html",
        context,
        status=409 if conflict else (400 if form.errors else 200),
    )


@login_required
def roadmap(request: HttpRequest, code: str) -> HttpResponse:
    region, version = _version(request, code)
    form = RoadmapForm(request.POST or None, initial={"year": version.plan.start_year})
    if request.method == "POST":
        if request.POST.get("delete"):
            item = RoadmapItem.objects.filter(version=version, pk=request.POST.get("delete") or 0).first()
            if item is None:
                raise Http404("road map item")
            services.roadmap_item_delete(actor=request.user, item=item)
            return HttpResponseRedirect(_version_url(version, "masterplans:roadmap"))
        if form.is_valid():
            try:
                services.roadmap_item_add(actor=request.user, version=version, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return HttpResponseRedirect(_version_url(version, "masterplans:roadmap"))
    items = list(version.roadmap_items.select_related("dimension"))
    years = list(range(version.plan.start_year, version.plan.end_year + 1))
    dimensions = list(Dimension.objects.all())
    grid = [
        {
            "year": y,
            "cells": [[i for i in items if i.year == y and i.dimension_id == d.pk] for d in dimensions],
        }
        for y in years
    ]
    context = _base_context(request, region, version, "roadmap")
    context.update({"form": form, "grid": grid, "dimensions": dimensions})
    return render(request, "masterplans/roadmap.html", context, status=400 if form.errors else 200)


# ---------------------------------------------------------------- versions


@login_required
def versions(request: HttpRequest, code: str) -> HttpResponse:
    region, version = _version(request, code)
    context = _base_context(request, region, version, "versions")
    versions_list = list(context["versions"])
    context.update(
        {
            "has_draft": any(v.status == VersionStatus.DRAFT for v in versions_list),
            "ratify_form": RatifyForm(),
        }
    )
    return render(request, "masterplans/versions.html", context)


@login_required
@require_POST
def version_new(request: HttpRequest, code: str) -> HttpResponse:
    _region, version = _version(request, code)
    try:
        draft = services.version_new_draft(actor=request.user, plan=version.plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(reverse("masterplans:versions", args=[code]))
    messages.success(
        request, _("Version %(n)s started as a copy of the newest version.") % {"n": draft.number}
    )
    return HttpResponseRedirect(_version_url(draft))


@login_required
def submit(request: HttpRequest, code: str) -> HttpResponse:
    """The completeness checklist; POST submits the draft for ratification."""
    region, version = _version(request, code)
    checklist = selectors.version_checklist(version=version)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.version_submit(
                actor=request.user,
                version=version,
                expected_version=int(request.POST.get("row_version") or 0) or None,
            )
        except ValidationError as exc:
            errors = exc.messages
        except ConflictError as exc:
            errors = [exc.message]
        else:
            messages.success(
                request,
                _("Version %(n)s submitted for ratification. It is now frozen.") % {"n": version.number},
            )
            return HttpResponseRedirect(reverse("masterplans:versions", args=[code]))
    context = _base_context(request, region, version, "submit")
    context.update({"checklist": checklist, "submit_errors": errors})
    return render(request, "masterplans/submit.html", context, status=400 if errors else 200)


@login_required
@require_POST
def reopen(request: HttpRequest, code: str) -> HttpResponse:
    _region, version = _version(request, code)
    try:
        services.version_reopen(actor=request.user, version=version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Version %(n)s is a draft again.") % {"n": version.number})
    return HttpResponseRedirect(reverse("masterplans:versions", args=[code]))


@login_required
@require_POST
def ratify(request: HttpRequest, code: str) -> HttpResponse:
    region, version = _version(request, code)
    form = RatifyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.version_ratify(actor=request.user, version=version, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Ratification recorded."))
            return HttpResponseRedirect(reverse("masterplans:versions", args=[code]))
    context = _base_context(request, region, version, "versions")
    context.update(
        {
            "ratify_form": form,
            "has_draft": PlanVersion.objects.filter(plan=version.plan, status="draft").exists(),
        }
    )
    return render(request, "masterplans/versions.html", context, status=400)


@login_required
def ratification_document(request: HttpRequest, code: str, number: int) -> HttpResponseBase:
    """The regulation (Perbup/Perwali/Perda) file of a ratified version, for the plan's readers."""
    _region, version = _version(request, code)
    target = PlanVersion.objects.filter(plan=version.plan, number=number).first()
    if target is None:
        raise Http404("version")
    return file_download(target.ratification_document, filename=f"pengesahan-{code}-v{number}.pdf")


@login_required
def diff(request: HttpRequest, code: str) -> HttpResponse:
    region, version = _version(request, code)
    plan = version.plan
    numbers = list(PlanVersion.objects.filter(plan=plan).order_by("number").values_list("number", flat=True))
    try:
        new_n = int(request.GET.get("ke") or numbers[-1])
        old_n = int(request.GET.get("dari") or (numbers[-2] if len(numbers) > 1 else numbers[-1]))
    except ValueError as exc:
        raise Http404("version") from exc
    old = PlanVersion.objects.filter(plan=plan, number=old_n).first()
    new = PlanVersion.objects.filter(plan=plan, number=new_n).first()
    if old is None or new is None:
        raise Http404("version")
    context = _base_context(request, region, version, "versions")
    context.update(
        {
            "old": old,
            "new": new,
            "numbers": numbers,
            "diff": version_diff_display(selectors.version_diff(old=old, new=new), region_id=region.pk),
        }
    )
    return render(request, "masterplans/diff.html", context)
