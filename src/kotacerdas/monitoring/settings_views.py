"""Monitoring settings: the ministry's (reporting years and their periods, the status vocabulary,
the traffic light's thresholds, lock exceptions) and a region's (how its programmes' progress is
weighted). Every write goes through ``services``, which checks the rules and records the audit
event; a refused write shows the page again with the message beside its field (status 400)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.forms import add_service_errors, save_edit
from kotacerdas.core.permissions import require
from kotacerdas.regions.selectors import region_find, region_get_private

from . import selectors, services
from .choices import Weighting
from .models import LockException, ReportingYear
from .settings_forms import (
    LockExceptionForm,
    PeriodForm,
    RegionSettingsForm,
    StatusAddForm,
    StatusFormSet,
    ThresholdsForm,
    YearSetupForm,
    agencies_of,
)

PERMISSION = "monitoring.configure"


def _year_url(reporting_year: ReportingYear, section: str = "") -> str:
    url = reverse("monitoring:settings_year", args=[reporting_year.year])
    return f"{url}#{section}" if section else url


@login_required
def settings_home(request: HttpRequest) -> HttpResponse:
    """The reporting years, and setting up a new one."""
    require(request.user, PERMISSION)
    years = list(selectors.reporting_year_list())
    suggested = (years[0].year + 1) if years else selectors.today().year
    form = YearSetupForm(request.POST or None, initial={"year": suggested})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.reporting_year_setup(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Monitoring of %(year)s is set up: check its periods and its statuses below.")
                % {"year": created.year},
            )
            return HttpResponseRedirect(_year_url(created))
    return render(
        request,
        "monitoring/settings_home.html",
        {
            "years": years,
            "form": form,
            "current": selectors.period_current(),
            "deadline_days": services.DEADLINE_DAYS,
        },
        status=400 if form.errors else 200,
    )


def _year_page(
    request: HttpRequest,
    reporting_year: ReportingYear,
    *,
    period_form: PeriodForm | None = None,
    statuses: Any = None,
    add_form: StatusAddForm | None = None,
    thresholds: ThresholdsForm | None = None,
    exception_form: LockExceptionForm | None = None,
    conflict: ConflictError | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page of one year, with the form that was sent (and its errors) in place."""
    today = selectors.today()
    periods = selectors.period_list(reporting_year, on=today)
    rows = []
    for period in periods:
        form = period_form if period_form is not None and period_form.period.pk == period.pk else None
        rows.append(
            {
                "period": period,
                "form": form or PeriodForm(period=period),
                "state": selectors.period_state(period, on=today),
                "days_left": (period.deadline - today).days,
            }
        )
    status_rows = list(reporting_year.statuses.all())
    if statuses is None:
        statuses = StatusFormSet(statuses=status_rows)
    usage = selectors.status_usage(reporting_year)
    status_table = [
        (form, status_row, usage.get(status_row.pk, (0, 0)))
        for form, status_row in zip(statuses.forms, status_rows, strict=False)
    ]
    if thresholds is None:
        thresholds = ThresholdsForm(
            initial={
                "amber_gap": reporting_year.amber_gap,
                "red_gap": reporting_year.red_gap,
                "row_version": reporting_year.row_version,
            }
        )
    if exception_form is None:
        exception_form = _exception_form(reporting_year, periods)
    exceptions = Paginator(selectors.lock_exception_list(reporting_year), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "monitoring/settings_year.html",
        {
            "reporting_year": reporting_year,
            "periods": rows,
            "statuses": statuses,
            "status_table": status_table,
            "add_form": add_form or StatusAddForm(),
            "thresholds": thresholds,
            "exception_form": exception_form,
            "page": exceptions,
            "today": today,
            "conflict": conflict,
        },
        status=status,
    )


def _exception_form(reporting_year: ReportingYear, periods: Any, data: Any = None) -> LockExceptionForm:
    # A locked period is the one that needs an exception: offer the latest locked one first.
    return LockExceptionForm(
        data,
        periods=periods,
        agencies_url=reverse("monitoring:settings_agencies"),
        initial={"period": next((p.code for p in reversed(periods) if p.deadline < selectors.today()), None)},
    )


@login_required
@require_GET
def settings_year(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, PERMISSION)
    return _year_page(request, selectors.reporting_year_get(year))


@login_required
@require_POST
def period_edit(request: HttpRequest, period_code: str) -> HttpResponse:
    """Move one period's reporting window."""
    require(request.user, PERMISSION)
    period = selectors.period_get(period_code)
    form = PeriodForm(request.POST, period=period)
    if form.is_valid():
        try:
            services.period_update(actor=request.user, period=period, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(period)s saved.") % {"period": period.label})
            return HttpResponseRedirect(_year_url(period.reporting_year, "periode"))
    return _year_page(request, period.reporting_year, period_form=form, status=400)


@login_required
@require_POST
def statuses_edit(request: HttpRequest, year: int) -> HttpResponse:
    """Save the year's status vocabulary: every changed row, or none when one is refused."""
    require(request.user, PERMISSION)
    reporting_year = selectors.reporting_year_get(year)
    formset = StatusFormSet(request.POST, statuses=list(reporting_year.statuses.all()))
    if formset.is_valid():
        changed = [form for form in formset.forms if form.has_changed()]
        try:
            with transaction.atomic():
                for form in changed:
                    try:
                        services.status_save(
                            actor=request.user, reporting_year=reporting_year, **form.cleaned_data
                        )
                    except ValidationError as exc:
                        add_service_errors(form, exc)  # beside the row it belongs to
                        raise
        except ValidationError:
            pass
        else:
            if changed:
                messages.success(request, _("The statuses of %(year)s are saved.") % {"year": year})
            else:
                messages.info(request, _("Nothing was changed."))
            return HttpResponseRedirect(_year_url(reporting_year, "status"))
    return _year_page(request, reporting_year, statuses=formset, status=400)


@login_required
@require_POST
def status_add(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, PERMISSION)
    reporting_year = selectors.reporting_year_get(year)
    form = StatusAddForm(request.POST)
    if form.is_valid():
        try:
            added = services.status_add(
                actor=request.user, reporting_year=reporting_year, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Status “%(label)s” added.") % {"label": added.label})
            return HttpResponseRedirect(_year_url(reporting_year, "status"))
    return _year_page(request, reporting_year, add_form=form, status=400)


@login_required
@require_POST
def thresholds_edit(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, PERMISSION)
    reporting_year = selectors.reporting_year_get(year)
    form = ThresholdsForm(request.POST)
    outcome = save_edit(
        form,
        ReportingYear,
        reporting_year.pk,
        lambda data, version: services.thresholds_update(
            actor=request.user, reporting_year=reporting_year, expected_version=version, **data
        ),
    )
    if outcome.saved:
        messages.success(request, _("The thresholds of %(year)s are saved.") % {"year": year})
        return HttpResponseRedirect(_year_url(reporting_year, "ambang"))
    return _year_page(
        request, reporting_year, thresholds=form, conflict=outcome.conflict, status=outcome.status
    )


@login_required
@require_POST
def exception_grant(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, PERMISSION)
    reporting_year = selectors.reporting_year_get(year)
    periods = selectors.period_list(reporting_year)
    form = _exception_form(reporting_year, periods, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            exception = services.lock_exception_grant(
                actor=request.user,
                period=data["period"],
                region_id=data["region"].pk,
                agency_id=data["agency"].pk if data["agency"] else None,
                until=data["until"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            who = f"{exception.agency} · {exception.region}" if exception.agency else str(exception.region)
            messages.success(
                request,
                _("%(period)s is open again for %(who)s until %(date)s.")
                % {
                    "period": exception.period.label,
                    "who": who,
                    "date": formats.date_format(exception.until, "j F Y"),
                },
            )
            return HttpResponseRedirect(_year_url(reporting_year, "pengecualian"))
    return _year_page(request, reporting_year, exception_form=form, status=400)


@login_required
@require_POST
def exception_revoke(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, PERMISSION)
    reporting_year = selectors.reporting_year_get(year)
    pk = request.POST.get("exception", "")
    exception = (
        LockException.objects.filter(period__reporting_year=reporting_year, pk=int(pk))
        .select_related("period", "region")
        .first()
        if pk.isdigit()
        else None
    )
    if exception is None:
        raise Http404("lock exception")
    services.lock_exception_revoke(actor=request.user, exception=exception)
    messages.success(
        request,
        _("The exception of %(region)s for %(period)s is revoked.")
        % {"region": exception.region, "period": exception.period.label},
    )
    return HttpResponseRedirect(_year_url(reporting_year, "pengecualian"))


@login_required
@require_GET
def settings_agencies(request: HttpRequest) -> HttpResponse:
    """``<option>`` elements of the agencies of the region named by ``region`` (the lock exception
    form's agency box)."""
    require(request.user, PERMISSION)
    region = region_find(text=request.GET.get("region", "")[:200])
    agencies = agencies_of(region) if region is not None else []
    return render(request, "monitoring/settings_agency_options.html", {"agencies": agencies})


@login_required
def region_settings(request: HttpRequest, code: str) -> HttpResponse:
    """A region's monitoring settings: how its programmes' progress is formed. The region's
    coordinator (and the ministry) choose; the page shows what each choice gives."""
    region = region_get_private(actor=request.user, code=code, perm="monitoring.view")
    require(request.user, "monitoring.approve", region_id=region.pk)
    current = selectors.region_weighting(region.pk)
    form = RegionSettingsForm(request.POST or None, initial={"weighting": current})
    if request.method == "POST" and form.is_valid():
        weighting = form.cleaned_data["weighting"]
        try:
            services.region_settings_update(actor=request.user, region_id=region.pk, weighting=weighting)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if weighting == current:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(
                    request,
                    _(
                        "Saved: a programme's progress is now: %(choice)s. The region's progress was recomputed."
                    )
                    % {"choice": Weighting(weighting).label.lower()},
                )
            return HttpResponseRedirect(request.path)
    return render(
        request,
        "monitoring/settings_region.html",
        {
            "region": region,
            "form": form,
            "current": current,
            "current_label": Weighting(current).label,
            "effect": selectors.weighting_effect(region_id=region.pk),
            "equal": Weighting.EQUAL.value,
            "budget": Weighting.BUDGET.value,
        },
        status=400 if form.errors else 200,
    )
