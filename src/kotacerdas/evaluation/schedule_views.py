"""The presentation schedule pages under /evaluasi/<round>/jadwal/ (``evaluation.manage``):
the schedule day by day, making it, moving one presentation, and the printable pages of a day
and of an assessor.

Every write goes through ``slots`` (the services); a refused write shows the form again with the
message (400).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kotacerdas.core.forms import add_service_errors
from kotacerdas.core.permissions import require

from . import slot_selectors as selectors
from . import slots as services
from .assessor_selectors import assessor_of, round_get
from .models import Round
from .schedule_forms import ScheduleGenerateForm, SlotForm

MANAGE = "evaluation.manage"
SCORE = "evaluation.score"
PAGE_SIZE = 100


def _schedule_url(round_: Round, day: dt.date | None = None) -> str:
    url = reverse("evaluation:schedule", args=[round_.code])
    return f"{url}?hari={day.isoformat()}" if day else url


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        return None


@login_required
@require_GET
def schedule_page(request: HttpRequest, round_code: str) -> HttpResponse:
    """The schedule of one day (the first unless ``?hari=``), with the days and any clashes."""
    require(request.user, MANAGE)
    round_ = round_get(code=round_code)
    days = selectors.schedule_days(round_)
    chosen = _day(request.GET.get("hari"))
    if chosen not in {d for d, _n in days}:
        chosen = days[0][0] if days else None
    rows = selectors.schedule_day(round_, chosen) if chosen else []
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/schedule/schedule.html",
        {
            "round": round_,
            "days": days,
            "day": chosen,
            "page": page,
            "clashes": selectors.schedule_clashes(round_) if days else [],
        },
    )


@login_required
def schedule_generate(request: HttpRequest, round_code: str) -> HttpResponse:
    """Make (or make again) the whole schedule from the forum's days, hours and rooms."""
    require(request.user, MANAGE)
    round_ = round_get(code=round_code)
    form = ScheduleGenerateForm(request.POST or None, initial={"first_day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            result = services.slot_schedule_generate(
                actor=request.user,
                round_=round_,
                settings=form.settings(),
                mode=form.cleaned_data["mode"],
                places=form.place_list(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(count)s presentations scheduled over %(days)s days.")
                % {"count": result.created, "days": result.days},
            )
            return HttpResponseRedirect(_schedule_url(round_))
    return render(
        request,
        "evaluation/schedule/generate.html",
        {"round": round_, "form": form, "has_slots": bool(selectors.schedule_days(round_))},
        status=400 if form.errors else 200,
    )


@login_required
def slot_edit(request: HttpRequest, round_code: str, region_code: str) -> HttpResponse:
    """Move one presentation, or change its mode or place."""
    require(request.user, MANAGE)
    round_ = round_get(code=round_code)
    slot = selectors.slot_get(round_=round_, region_code=region_code)
    starts = timezone.localtime(slot.starts_at)
    ends = timezone.localtime(slot.ends_at)
    initial = {
        "day": starts.date(),
        "starts": starts.time(),
        "ends": ends.time(),
        "mode": slot.mode,
        "place": slot.place,
    }
    form = SlotForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.times()
        try:
            services.slot_update(
                actor=request.user,
                slot=slot,
                starts_at=starts_at,
                ends_at=ends_at,
                mode=form.cleaned_data["mode"],
                place=form.cleaned_data["place"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The presentation of %(region)s is changed.") % {"region": slot.entry.region.name}
            )
            return HttpResponseRedirect(_schedule_url(round_, form.cleaned_data["day"]))
    return render(
        request,
        "evaluation/schedule/slot_edit.html",
        {"round": round_, "slot": slot, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def schedule_print_day(request: HttpRequest, round_code: str, day: str) -> HttpResponse:
    """A day's presentations on a plain page that prints well."""
    require(request.user, MANAGE)
    round_ = round_get(code=round_code)
    chosen = _day(day)
    if chosen is None:
        raise Http404("day")
    return render(
        request,
        "evaluation/schedule/print.html",
        {
            "round": round_,
            "title": _("Presentations of %(day)s") % {"day": chosen.strftime("%d-%m-%Y")},
            "rows": selectors.schedule_day(round_, chosen),
            "show_day": False,
        },
    )


@login_required
@require_GET
def schedule_print_assessor(request: HttpRequest, round_code: str, code: str) -> HttpResponse:
    """An assessor's presentations, every day, on a plain page that prints well."""
    require(request.user, MANAGE)
    round_ = round_get(code=round_code)
    assessor = selectors.round_assessor_get(round_=round_, code=code)
    return render(
        request,
        "evaluation/schedule/print.html",
        {
            "round": round_,
            "title": _("Presentations of %(name)s (%(code)s)")
            % {"name": assessor.user.display_name, "code": assessor.code},
            "rows": selectors.schedule_of_assessor(round_, assessor),
            "show_day": True,
        },
    )


@login_required
@require_GET
def schedule_mine(request: HttpRequest, round_code: str) -> HttpResponse:
    """The signed-in assessor's own presentations in a round, on a page that prints well."""
    require(request.user, SCORE)
    assessor = assessor_of(request.user)
    if assessor is None:
        raise Http404("assessor")
    round_ = round_get(code=round_code)
    selectors.round_assessor_get(round_=round_, code=assessor.code)  # 404 unless assigned in it
    return render(
        request,
        "evaluation/schedule/print.html",
        {
            "round": round_,
            "title": _("Presentations of %(name)s (%(code)s)")
            % {"name": assessor.user.display_name, "code": assessor.code},
            "rows": selectors.schedule_of_assessor(round_, assessor),
            "show_day": True,
            "back_url": reverse("evaluation:assessor_mine"),
        },
    )
