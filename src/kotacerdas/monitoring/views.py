"""Progress reports on the web: the items of a period with their reports, the report form (light,
for a phone on a weak connection, with a draft kept in the browser), a report's page with its
moderation buttons and evidence, the coordinator's approval queue, and evidence downloads.

Every read goes through ``selectors`` (scoped to the actor: 404 for missing and forbidden alike),
every write through ``services``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.files import FileKind, file_download
from kotacerdas.core.forms import add_service_errors
from kotacerdas.core.numbers import format_number
from kotacerdas.core.permissions import actor_for, can
from kotacerdas.masterplans.models import ActionPlan
from kotacerdas.organisation.models import Agency
from kotacerdas.regions.models import Region
from kotacerdas.regions.selectors import region_get_private

from . import selectors, services
from .choices import EDITABLE_STATES, ReportState
from .forms import ReportForm, evidence_help
from .models import Evidence, ProgressReport, ProgressStatus, ReportingPeriod

ALL_AGENCIES = "semua"
PAGE_SIZE = 50
# The report form's script sends with this header; a saved report is then answered with
# 204 and the report's address in X-Report-Saved instead of a redirect (see report-draft.js).
DRAFT_HEADER = "X-Report-Draft"


def _region(request: HttpRequest, code: str) -> Region:
    return region_get_private(actor=request.user, code=code, perm="monitoring.view")


def _report_get(request: HttpRequest, uid: Any) -> ProgressReport:
    """A report the actor may read (``selectors.reports_visible``): 404 for missing and hidden alike."""
    report = (
        selectors.reports_visible(request.user)
        .select_related(
            "region",
            "period__reporting_year",
            "status",
            "agency",
            "created_by",
            "submitted_by",
            "decided_by",
            "action",
        )
        .filter(uid=uid)
        .first()
    )
    if report is None:
        raise Http404("report")
    return report


def _number(value: Any, places: int | None = None) -> str:
    if value is None or value == "":
        return ""
    return format_number(Decimal(str(value)), get_language(), places)


def _periods() -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.select_related("reporting_year").order_by("-starts_on"))


def _year_of(code: str) -> int:
    """The year of a period code such as ``2030-1`` (404 for anything else)."""
    year, _sep, number = code.partition("-")
    if not (year.isdigit() and number.isdigit() and len(year) == 4):
        raise Http404("period")
    return int(year)


# ---------------------------------------------------------------- the items of a period


@dataclass
class Row:
    item: selectors.Item
    agency: Agency | None
    report: ProgressReport | None
    may_write: bool


@login_required
@require_GET
def report_list(request: HttpRequest, code: str) -> HttpResponse:
    """The items of the region's plan in force for a period, each with its report (as far as the
    actor may see it); an agency officer first sees their own agency's items."""
    region = _region(request, code)
    periods = _periods()
    chosen = request.GET.get("periode", "").strip()
    period: ReportingPeriod | None
    if chosen:
        period = next((p for p in periods if p.code == chosen), None)
        missing_year = _year_of(chosen) if period is None else None
    else:
        period = selectors.period_current()
        if period is None:  # the year is set up but no period has opened yet: its first period
            this_year = timezone.localdate().year
            period = next((p for p in reversed(periods) if p.year == this_year), None)
        missing_year = timezone.localdate().year if period is None else None
    agencies = list(Agency.objects.filter(region=region).order_by("acronym"))
    officer_of = set(actor_for(request.user).agency_perms)
    own = [a for a in agencies if a.pk in officer_of]
    opd = request.GET.get("opd")
    default_own = False
    if opd is None and own and not can(request.user, "monitoring.report", region_id=region.pk):
        opd, default_own = own[0].code, True
    agency = next((a for a in agencies if a.code == opd), None) if opd and opd != ALL_AGENCIES else None
    context: dict[str, Any] = {
        "region": region,
        "periods": periods,
        "period": period,
        "missing_year": missing_year,
        "agencies": agencies,
        "agency": agency,
        "all_agencies": ALL_AGENCIES,
        "default_own": default_own,
        "may_approve": can(request.user, "monitoring.approve", region_id=region.pk),
    }
    version = selectors.version_in_force_for_region(region.pk)
    context["version"] = version
    if period is None or version is None:
        return render(request, "monitoring/report_list.html", context)
    items = selectors.reportable_items(version)
    in_force = {item.lineage_id for item in items}
    if agency is not None:
        items = [item for item in items if item.agency_id == agency.pk]
    reports = {
        r.lineage_id: r
        for r in selectors.reports_visible(
            request.user, ProgressReport.objects.filter(region=region, period=period)
        ).select_related("status")
    }
    by_pk = {a.pk: a for a in agencies}
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        Row(
            item=item,
            agency=by_pk.get(item.agency_id),
            report=reports.get(item.lineage_id),
            may_write=selectors.may_report(request.user, region_id=region.pk, agency_id=item.agency_id),
        )
        for item in page
    ]
    shown = [reports.get(item.lineage_id) for item in items]
    dropped = [
        r
        for lineage, r in reports.items()
        if lineage not in in_force and (agency is None or r.agency_id == agency.pk)
    ]
    lock_agency = agency.pk if agency is not None else (own[0].pk if own else None)
    context.update(
        {
            "page": page,
            "rows": rows,
            "dropped": sorted(dropped, key=lambda r: r.item_code),
            "lock": selectors.period_lock(period, region_id=region.pk, agency_id=lock_agency),
            "count_items": len(items),
            "count_reported": sum(1 for r in shown if r is not None),
            "count_approved": sum(1 for r in shown if r is not None and r.state == ReportState.APPROVED),
        }
    )
    return render(request, "monitoring/report_list.html", context)


# ---------------------------------------------------------------- the report form


def _plan_figures(item: selectors.Item, year: int) -> dict[str, Any]:
    """The plan's budget and target for ``year`` of an action, and its indicator and unit."""
    if item.kind != "action":
        return {}
    budgets, targets = selectors.plan_figures_for_year(action_ids=[item.pk], year=year)
    indicator, unit = ActionPlan.objects.filter(pk=item.pk).values_list("indicator", "unit").first() or (
        "",
        "",
    )
    return {
        "budget": budgets.get(item.pk),
        "target": targets.get(item.pk),
        "indicator": indicator,
        "unit": unit,
    }


def _conflict_rows(form: ReportForm, conflict: ConflictError) -> list[dict[str, str]]:
    """The other writer's values next to the ones just sent, field by field."""
    mine = form.report_data()
    rows = []
    for name, theirs in conflict.current.items():
        if name not in form.fields:
            continue
        yours = mine.get(name)
        if name == "status":
            choices = dict(form.fields["status"].choices)  # type: ignore[attr-defined]
            yours = choices.get(yours, yours)
        elif name == "links":
            theirs = "\n".join(theirs or [])
        elif name in ("manual_percent", "budget_realised", "indicator_actual"):
            theirs, yours = _number(theirs), _number(yours)
        rows.append(
            {
                "label": str(form.fields[name].label),
                "theirs": "" if theirs is None else str(theirs),
                "yours": "" if yours is None else str(yours),
            }
        )
    return rows


def _form_context(
    request: HttpRequest,
    region: Region,
    period: ReportingPeriod,
    item: selectors.Item,
    report: ProgressReport | None,
) -> dict[str, Any]:
    user = request.user
    return {
        "region": region,
        "period": period,
        "item": item,
        "report": report,
        "agency": Agency.objects.filter(pk=item.agency_id).first(),
        "plan": _plan_figures(item, period.year),
        "evidence": list(report.evidence.all()) if report is not None else [],
        "draft_key": f"kc-report:{getattr(user, 'pk', '')}:{period.code}:{item.lineage_id}",
    }


def _after_save(request: HttpRequest, saved: ProgressReport, *, new: bool) -> None:
    """Submit the saved report if asked ("Save and submit"), and say what happened."""
    if not new:
        messages.info(
            request, _("This form had already been sent: its values were saved then; nothing changed now.")
        )
    if request.POST.get("after") == "submit" and saved.state in EDITABLE_STATES:
        try:
            services.report_submit(actor=request.user, report=saved)
        except ValidationError as exc:
            messages.warning(
                request,
                _("The report was saved as a draft but not submitted: %(reason)s")
                % {"reason": " ".join(exc.messages)},
            )
        else:
            messages.success(request, _("Report saved and submitted for approval."))
    elif new:
        messages.success(request, _("Draft saved. Submit it when it is complete."))


@login_required
@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest, code: str, period_code: str, lineage: uuid.UUID) -> HttpResponseBase:
    """Write or change the report of one item in one period (a draft until it is submitted)."""
    region = _region(request, code)
    period = selectors.period_get(period_code)
    report = (
        ProgressReport.objects.filter(region=region, period=period, lineage_id=lineage)
        .select_related("status")
        .first()
    )
    found = selectors.item_in_force(region_id=region.pk, lineage_id=lineage)
    if found is None:
        # an item dropped from the plan in force: its report, if the actor may read it, read-only
        if report is not None and selectors.reports_visible(request.user).filter(pk=report.pk).exists():
            return HttpResponseRedirect(reverse("monitoring:report", args=[report.uid]))
        raise Http404("item")
    _version, item = found
    if not selectors.may_report(request.user, region_id=region.pk, agency_id=item.agency_id):
        raise PermissionDenied(_("Only the owning agency and the region's coordinator report on this item."))
    if request.method == "GET" and report is not None and report.state not in EDITABLE_STATES:
        messages.info(
            request,
            _("This report is %(state)s and can no longer be changed.")
            % {"state": report.get_state_display().lower()},
        )
        return HttpResponseRedirect(reverse("monitoring:report", args=[report.uid]))
    context = _form_context(request, region, period, item, report)
    lock = selectors.period_lock(period, region_id=region.pk, agency_id=item.agency_id)
    if lock is not None:
        context["lock"] = lock
        return render(
            request, "monitoring/report_form.html", context, status=400 if request.method == "POST" else 200
        )
    statuses = list(ProgressStatus.objects.filter(reporting_year_id=period.reporting_year_id))
    initial: dict[str, Any] = ReportForm.initial_for(report) if report is not None else {"row_version": 0}
    initial["client_key"] = uuid.uuid4().hex
    if request.method != "POST":
        context["form"] = ReportForm(initial=initial, statuses=statuses, kind=item.kind)
        return render(request, "monitoring/report_form.html", context)
    form = ReportForm(request.POST, request.FILES, initial=initial, statuses=statuses, kind=item.kind)
    context["form"] = form
    if not form.is_valid():
        return render(request, "monitoring/report_form.html", context, status=400)
    try:
        saved, new = services.report_send(
            actor=request.user,
            period=period,
            region_id=region.pk,
            lineage_id=lineage,
            data=form.report_data(),
            expected_version=form.cleaned_data["row_version"],
            client_key=form.cleaned_data["client_key"] or "",
            upload=form.cleaned_data["evidence"],
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return render(request, "monitoring/report_form.html", context, status=400)
    except ConflictError as exc:
        data = request.POST.copy()
        data["row_version"] = str(exc.row_version or "")
        form.data = data  # saving again is a knowing overwrite
        context.update({"conflict": exc, "conflict_rows": _conflict_rows(form, exc)})
        return render(request, "monitoring/report_form.html", context, status=409)
    _after_save(request, saved, new=new)
    url = reverse("monitoring:report", args=[saved.uid])
    if request.headers.get(DRAFT_HEADER):
        return HttpResponse(status=204, headers={"X-Report-Saved": url})
    return HttpResponseRedirect(url)


# ---------------------------------------------------------------- one report


def _detail_post(request: HttpRequest, report: ProgressReport) -> str:
    """Apply the button pressed on a report's page; the success message."""
    post = request.POST
    action = post.get("action", "")
    comment = post.get("comment", "")
    user = request.user
    if action == "submit":
        version = post.get("row_version", "")
        services.report_submit(
            actor=user, report=report, expected_version=int(version) if version.isdigit() else None
        )
        return _("Report submitted for approval.")
    if action == "approve":
        services.report_decide(actor=user, reports=[report], approve=True)
        return _("Report approved.")
    if action == "return":
        services.report_decide(actor=user, reports=[report], approve=False, comment=comment)
        return _("Report returned to the agency with your comment.")
    if action == "reopen":
        services.report_reopen(actor=user, report=report, comment=comment)
        return _("Report reopened: it no longer counts until it is approved again.")
    if action == "evidence_add":
        evidence = services.evidence_add(actor=user, report=report, upload=request.FILES.get("evidence"))
        return _("%(name)s added.") % {"name": evidence.name}
    if action == "evidence_remove":
        found = report.evidence.filter(uid=_uuid(post.get("evidence", "")) or uuid.UUID(int=0)).first()
        if found is None:
            raise Http404("evidence")
        services.evidence_remove(actor=user, evidence=found)
        return _("%(name)s removed.") % {"name": found.name}
    raise ValidationError(_("Unknown action."))


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """A report: its values, state and who did what when, its evidence, the item's reports in the
    other periods, and the buttons of the next step in moderation."""
    report = _report_get(request, uid)
    status = 200
    if request.method == "POST":
        try:
            done = _detail_post(request, report)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            status = 400
        except ConflictError as exc:
            messages.error(request, exc.message)
            status = 409
        else:
            messages.success(request, done)
            return HttpResponseRedirect(request.path)
        report = _report_get(request, uid)
    user = request.user
    region_id = report.region_id
    in_force = selectors.item_in_force(region_id=region_id, lineage_id=report.lineage_id)
    writer = selectors.may_report(user, region_id=region_id, agency_id=report.agency_id)
    lock = selectors.period_lock(report.period, region_id=region_id, agency_id=report.agency_id)
    editable = in_force is not None and lock is None and report.state in EDITABLE_STATES
    approver = can(user, "monitoring.approve", region_id=region_id)
    history = (
        selectors.reports_visible(user, ProgressReport.objects.filter(lineage_id=report.lineage_id))
        .select_related("period", "status")
        .order_by("period__starts_on")
    )
    plan: dict[str, Any] = {}
    if report.action is not None:
        budgets, targets = selectors.plan_figures_for_year(
            action_ids=[report.action.pk], year=report.period.year
        )
        plan = {
            "budget": budgets.get(report.action.pk),
            "target": targets.get(report.action.pk),
            "indicator": report.action.indicator,
            "unit": report.action.unit,
        }
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "region": report.region,
            "report": report,
            "period": report.period,
            "plan": plan,
            "evidence": list(report.evidence.select_related("uploaded_by")),
            "evidence_help": evidence_help(),
            "history": list(history),
            "in_force": in_force is not None,
            "lock": lock if writer and report.state in EDITABLE_STATES else None,
            "may_edit": writer and editable,
            "may_submit": writer and editable,
            "may_decide": approver and report.state == ReportState.SUBMITTED,
            "may_reopen": approver and report.state == ReportState.APPROVED,
        },
        status=status,
    )


# ---------------------------------------------------------------- evidence downloads


def _evidence_get(request: HttpRequest, uid: uuid.UUID) -> Evidence:
    """An evidence file of a report the actor may read: 404 for everyone else."""
    evidence = (
        Evidence.objects.filter(uid=uid, report__in=selectors.reports_visible(request.user))
        .select_related("report")
        .first()
    )
    if evidence is None:
        raise Http404("evidence")
    return evidence


@login_required
@require_GET
def evidence_download(request: HttpRequest, uid: uuid.UUID) -> HttpResponseBase:
    evidence = _evidence_get(request, uid)
    kind = FileKind(evidence.kind) if evidence.kind in FileKind.values else None
    return file_download(evidence.file, filename=evidence.name, kind=kind)


@login_required
@require_GET
def evidence_thumb(request: HttpRequest, uid: uuid.UUID) -> HttpResponseBase:
    evidence = _evidence_get(request, uid)
    if not evidence.thumbnail:
        raise Http404("thumbnail")
    kind = FileKind.for_name(evidence.thumbnail.name or "")
    response = file_download(evidence.thumbnail, kind=kind, inline=True)
    response["Cache-Control"] = "private, max-age=86400"
    return response


# ---------------------------------------------------------------- the approval queue


@login_required
@require_http_methods(["GET", "POST"])
def approvals(request: HttpRequest, code: str) -> HttpResponse:
    """The region's submitted reports, to approve or return one by one or several at once."""
    region = _region(request, code)
    if not can(request.user, "monitoring.approve", region_id=region.pk):
        raise PermissionDenied(_("Only the region's coordinator approves its progress reports."))
    status = 200
    if request.method == "POST":
        status = _approvals_post(request, region)
        if status == 302:
            return HttpResponseRedirect(request.get_full_path())
    periods = _periods()
    agencies = list(Agency.objects.filter(region=region).order_by("acronym"))
    period = next((p for p in periods if p.code == request.GET.get("periode", "")), None)
    agency = next((a for a in agencies if a.code == request.GET.get("opd", "")), None)
    queue = selectors.reports_visible(
        request.user, ProgressReport.objects.filter(region=region, state=ReportState.SUBMITTED)
    )
    if period is not None:
        queue = queue.filter(period=period)
    if agency is not None:
        queue = queue.filter(agency=agency)
    queue = queue.select_related("period", "status", "agency", "submitted_by").order_by(
        "submitted_at", "item_code", "pk"
    )
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/approvals.html",
        {
            "region": region,
            "periods": periods,
            "period": period,
            "agencies": agencies,
            "agency": agency,
            "page": page,
            "chosen": set(request.POST.getlist("report")) if request.method == "POST" else set(),
            "comment": request.POST.get("comment", "") if request.method == "POST" else "",
        },
        status=status,
    )


def _approvals_post(request: HttpRequest, region: Region) -> int:
    """Approve or return the chosen reports (all or nothing); 302 when done, else 400."""
    post = request.POST
    one = post.get("approve_one", "")
    uids = [u for u in ([one] if one else post.getlist("report")) if _uuid(u) is not None]
    approve = bool(one) or post.get("action") == "approve"
    if not one and post.get("action") not in ("approve", "return"):
        messages.error(request, _("Choose Approve or Return."))
        return 400
    chosen = list(
        selectors.reports_visible(
            request.user, ProgressReport.objects.filter(region=region, uid__in=uids)
        ).order_by("item_code", "pk")
    )
    if len(chosen) != len(set(uids)):
        messages.error(
            request, _("Some of the chosen reports are not in this region's queue: nothing was changed.")
        )
        return 400
    try:
        decided = services.report_decide(
            actor=request.user, reports=chosen, approve=approve, comment=post.get("comment", "")
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return 400
    count = len(decided)
    if approve:
        text = ngettext("%(n)s report approved.", "%(n)s reports approved.", count) % {"n": count}
    else:
        text = ngettext(
            "%(n)s report returned to its agency.", "%(n)s reports returned to their agencies.", count
        ) % {"n": count}
    messages.success(request, text)
    return 302
