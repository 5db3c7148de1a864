"""The panel's pages under /evaluasi/<round>/<region>/panel/ (the ministry's, ``evaluation.manage``):
a region's flagged questions with the assessors' levels side by side, and the panel's decisions
(a score in place of the combined one, or the combined score confirmed; withdrawn again).

Reads come from ``panel_selectors``; the writes call ``panel.panel_decide`` and
``panel.panel_withdraw`` (phase, permission, validation and audit are theirs).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import panel
from .choices import Phase
from .panel_selectors import panel_data, panel_decision_get, panel_entry_get, panel_question

CONFIRM = "confirm"


def _back(round_code: str, region_code: str, key: str = "") -> HttpResponseRedirect:
    url = reverse("evaluation:panel", args=[round_code, region_code])
    return HttpResponseRedirect(f"{url}#q-{key}" if key else url)


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_safe
def panel_page(request: HttpRequest, round_code: str, region_code: str) -> HttpResponse:
    """A region's flagged questions and the panel's decisions."""
    entry = panel_entry_get(actor=request.user, round_code=round_code, region_code=region_code)
    data = panel_data(entry)
    show_all = request.GET.get("semua") == "1"
    return render(
        request,
        "evaluation/board/panel.html",
        {
            "round": entry.round,
            "entry": entry,
            "region": entry.region,
            "data": data,
            "lines": data.lines if show_all else data.shown,
            "show_all": show_all,
            "phase_open": entry.round.phase == Phase.PANEL,
            "scale_min": entry.round.method.scale_min,
            "scale_max": entry.round.method.scale_max,
        },
    )


@login_required
@require_POST
def panel_decide(request: HttpRequest, round_code: str, region_code: str, key: str) -> HttpResponse:
    """Record the panel's decision on one question (``action=confirm``: the combined score)."""
    entry = panel_entry_get(actor=request.user, round_code=round_code, region_code=region_code)
    question = panel_question(entry, key)
    score = None if request.POST.get("action") == CONFIRM else request.POST.get("score", "")
    if score is not None and not score.strip():
        messages.error(request, _("Enter the panel's score, or confirm the assessors' combined score."))
        return _back(round_code, region_code, key)
    try:
        panel.panel_decide(
            actor=request.user, entry=entry, question=question, score=score, reason=request.POST.get("reason")
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request, _("The panel's decision on %(number)s is recorded.") % {"number": question.number}
        )
    return _back(round_code, region_code, key)


@login_required
@require_POST
def panel_withdraw(request: HttpRequest, round_code: str, region_code: str, key: str) -> HttpResponse:
    """Withdraw the panel's decision on one question."""
    entry = panel_entry_get(actor=request.user, round_code=round_code, region_code=region_code)
    decision = panel_decision_get(entry, key)
    try:
        panel.panel_withdraw(actor=request.user, decision=decision)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("The panel's decision on %(number)s is withdrawn.") % {"number": decision.question.number},
        )
    return _back(round_code, region_code, key)
