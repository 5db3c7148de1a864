"""The monitoring dashboards: how progress is computed (public), the region, quick-win and agency
dashboards, the national table and its worksheet. Reads only: every figure comes from
``dashboards`` (which reads the stored roll-up or applies the one rule), every region through a
scoped look-up (404 for missing and forbidden alike)."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from kotacerdas.core.files import bytes_download
from kotacerdas.core.permissions import actor_for, can, readable_region_ids
from kotacerdas.core.roles import Role
from kotacerdas.programme.models import Dimension
from kotacerdas.regions.models import Region
from kotacerdas.regions.selectors import region_get_private

from . import dashboards
from .national_table import national_rows_html


@require_safe
def method(request: HttpRequest) -> HttpResponse:
    """ "Bagaimana progres dihitung": the one rule in words, with a worked example (public)."""
    return render(request, "monitoring/method.html", dashboards.method_context())


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Send each reader to their dashboard: the national table for the ministry and pendamping,
    the region dashboard for a coordinator, the agency dashboard for an agency officer, the
    method page for everyone else."""
    actor = actor_for(request.user)
    regions = readable_region_ids(request.user, "monitoring.view")
    if not actor.is_authenticated or (regions is not None and not regions):
        return HttpResponseRedirect(reverse("monitoring:method"))
    if regions is None or Role.PENDAMPING in actor.roles:
        return HttpResponseRedirect(reverse("monitoring:national"))
    region = Region.objects.filter(pk__in=regions).order_by("code").first()
    if region is None:
        return HttpResponseRedirect(reverse("monitoring:method"))
    if not can(request.user, "monitoring.report", region_id=region.pk) and actor.agency_perms:
        return HttpResponseRedirect(reverse("monitoring:agency", args=[region.code]))
    return HttpResponseRedirect(reverse("monitoring:region", args=[region.code]))


def _region_context(request: HttpRequest, code: str, tab: str) -> dict[str, Any]:
    region = region_get_private(actor=request.user, code=code, perm="monitoring.view")
    period = dashboards.period_for(request.GET.get("periode"))
    return {
        "region": region,
        "period": period,
        "periods": dashboards.period_choices(),
        "tab": tab,
        "may_approve": can(request.user, "monitoring.approve", region_id=region.pk),
    }


@login_required
@require_safe
def region(request: HttpRequest, code: str) -> HttpResponse:
    """A region's dashboard for a period: progress per dimension (radar, bars and the table),
    budget absorption with the traffic light, overdue reports, latest approved updates, items
    with no data and those excluded."""
    context = _region_context(request, code, "region")
    if context["period"] is not None:
        context.update(dashboards.region_dashboard(region=context["region"], period=context["period"]))
    return render(request, "monitoring/dashboard_region.html", context)


@login_required
@require_safe
def quick_wins(request: HttpRequest, code: str) -> HttpResponse:
    """The quick-win board: completion, its trend over the year's periods, agency, evidence."""
    context = _region_context(request, code, "quick_wins")
    if context["period"] is not None:
        context.update(dashboards.quick_win_board(region=context["region"], period=context["period"]))
    return render(request, "monitoring/quick_wins.html", context)


@login_required
@require_safe
def agency(request: HttpRequest, code: str) -> HttpResponse:
    """An agency's items this period, what is due and what was returned (``?opd=`` picks one)."""
    context = _region_context(request, code, "agency")
    agencies = dashboards.agencies_of(context["region"])
    chosen = dashboards.agency_for(
        actor=request.user, region=context["region"], agencies=agencies, code=request.GET.get("opd")
    )
    context.update(
        {
            "agencies": agencies,
            "agency": chosen,
            "extra_filters": [("opd", chosen.code)] if chosen is not None else [],
        }
    )
    if context["period"] is not None and chosen is not None:
        context.update(
            dashboards.agency_dashboard(
                actor=request.user, region=context["region"], agency=chosen, period=context["period"]
            )
        )
    return render(request, "monitoring/dashboard_agency.html", context)


def _national(request: HttpRequest) -> dict[str, Any]:
    if not dashboards.national_readable(request.user):
        raise PermissionDenied(_("You do not have permission to do this."))
    period = dashboards.period_for(request.GET.get("periode"))
    filters = dashboards.NationalFilters.from_query(request.GET)
    context: dict[str, Any] = {"period": period, "filters": filters}
    if period is None:
        return context
    median = dashboards.national_median(period)
    context.update(
        {
            "median": median,
            "rows": dashboards.national_rows(
                actor=request.user, period=period, filters=filters, median=median
            ),
            "dimensions": list(Dimension.objects.order_by("position", "code")),
        }
    )
    return context


def _sort_links(request: HttpRequest, current: str) -> dict[str, dict[str, str]]:
    """For each sortable column: the query that sorts by it (again: the other way) and its state."""
    links = {}
    for key in dashboards.SORTS:
        query = request.GET.copy()
        query.pop("page", None)
        state = "ascending" if current == key else "descending" if current == f"-{key}" else "none"
        query["urut"] = f"-{key}" if current == key else key
        links[key] = {"query": query.urlencode(), "state": state}
    return links


@login_required
@require_safe
def national(request: HttpRequest) -> HttpResponse:
    """Every participating region the actor may read, for a period: reporting rate, timeliness,
    plan % and per dimension, who falls behind; filters, sorting, 50 a page."""
    context = _national(request)
    context.update(
        {
            "periods": dashboards.period_choices(),
            "options": dashboards.national_filter_options(),
            "behind_margin": dashboards.BEHIND_MARGIN,
            "reporting_floor": dashboards.REPORTING_FLOOR,
            "sort_links": _sort_links(request, context["filters"].sort),
            "export_query": request.GET.urlencode(),
            "may_configure": can(request.user, "monitoring.configure"),
        }
    )
    if context["period"] is not None:
        rows = context["rows"]
        # The page is chosen on the ids alone (the database sorts every region by one column),
        # then only its 50 rows read their stored figures: the figures' subqueries run for the
        # rows shown, not for every region of the country.
        page = Paginator(rows.values_list("pk", flat=True), dashboards.PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        by_pk = {p.pk: p for p in rows.filter(pk__in=list(page.object_list))}
        page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
        percents = dashboards.national_dimension_percents(
            period=context["period"],
            region_ids=[p.region_id for p in page],
            dimensions=context["dimensions"],
        )
        context["page"] = page
        context["table"] = [
            (p, [percents.get(p.region_id, {}).get(d.pk) for d in context["dimensions"]]) for p in page
        ]
        context["table_rows"] = national_rows_html(context["table"], period_code=context["period"].code)
        context["totals"] = dashboards.national_totals(rows=rows, period=context["period"])
    return render(request, "monitoring/national.html", context)


def _row(sheet: Any, *values: Any) -> list[Any]:
    """A worksheet row whose texts stay texts (a name starting with "=" is not a formula)."""
    cells = []
    for value in values:
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cells.append(cell)
        else:
            cells.append(value)
    return cells


@login_required
@require_safe
def national_export(request: HttpRequest) -> HttpResponse:
    """The national table as filtered and sorted on the page, every row, as an .xlsx."""
    context = _national(request)
    period = context["period"]
    if period is None:
        raise PermissionDenied(_("No reporting period is set up yet."))
    dimensions = context["dimensions"]
    rows = list(context["rows"])
    percents = dashboards.national_dimension_percents(
        period=period, region_ids=[p.region_id for p in rows], dimensions=dimensions
    )
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Monitoring"))
    sheet.append(
        [
            _("Code"),
            _("Region"),
            _("Province"),
            _("Kind"),
            _("Cohort"),
            _("Kawasan"),
            _("Data"),
            _("Plan progress (%)"),
            *[_("%(dimension)s (%%)") % {"dimension": d.label} for d in dimensions],
            _("Reporting rate (%)"),
            _("On time (%)"),
            _("Items expected"),
            _("Reports approved"),
            _("Submitted on time"),
            _("Budget planned (Rp)"),
            _("Budget realised (Rp)"),
            _("Falling behind"),
            _("Computed at"),
        ]
    )
    no_data = _("no data")
    for p in rows:
        has_data = p.computed_at is not None
        by_dimension = percents.get(p.region_id, {})
        sheet.append(
            _row(
                sheet,
                p.region.code,
                p.region.name,
                p.region.province.name if p.region.province else "",
                p.region.get_level_display(),
                p.cohort.year,
                p.kawasan.name if p.kawasan else "",
                "" if has_data else no_data,
                None if p.plan_percent is None else float(p.plan_percent),
                *[by_dimension.get(d.pk) for d in dimensions],
                None if p.reporting_rate is None else round(p.reporting_rate, 1),
                None if p.timeliness is None else round(p.timeliness, 1),
                p.items_expected,
                p.items_approved,
                p.items_on_time,
                None if p.budget_planned is None else float(p.budget_planned),
                None if p.budget_realised is None else float(p.budget_realised),
                _("yes") if p.behind else "",
                timezone.localtime(p.computed_at).replace(tzinfo=None) if has_data else None,
            )
        )
    out = io.BytesIO()
    workbook.save(out)
    return bytes_download(out.getvalue(), f"pemantauan-{period.code}.xlsx")
