"""The scoring pages: an assessor scores an assigned region under "Penilaian saya" (one
dimension at a time, each question saved on its own by HTMX or a plain POST) and submits;
the ministry reopens a submission.

Every write goes through ``scoring_entry`` (the services); a refused write shows the row again
with its message (400), a stale one with the other writer's values (409).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.forms import add_service_errors
from kotacerdas.core.permissions import require

from . import scoring_entry as services
from . import scoring_selectors as selectors
from .assessor_forms import ReasonForm
from .choices import AnswerKind
from .models import Assignment, Question

MANAGE = "evaluation.manage"


class ScoreForm(forms.Form):
    """One question's score; the level is checked by the service (one message for every client)."""

    level = forms.CharField(label=gettext_lazy("Level"), required=False, max_length=20)
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    row_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, question: Question, levels: list[str], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"q{question.pk}")
        super().__init__(*args, **kwargs)
        if question.answer == AnswerKind.LEVEL:
            self.fields["level"].widget = forms.Select(choices=[("", "—")] + [(v, v) for v in levels])
        else:
            self.fields["level"].label = gettext_lazy("Survey mean")
            self.fields["level"].widget = forms.TextInput(attrs={"inputmode": "decimal"})


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I have checked my scores: submit them to the ministry"), required=True
    )


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _levels(assignment: Assignment) -> list[str]:
    return [services.level_text(v) for v in services.method_levels(assignment.entry.round.method)]


def _form(row: selectors.ScoringRow, levels: list[str], data: Any = None) -> ScoreForm:
    initial: dict[str, Any] = {"row_version": row.row_version}
    if row.score is not None:
        initial |= {"level": services.level_text(row.score.level), "note": row.score.note}
    return ScoreForm(data, question=row.question, levels=levels, initial=initial)


def _page_url(assignment: Assignment, dimension: str = "", anchor: str = "") -> str:
    entry = assignment.entry
    url = reverse("evaluation:assessor_scoring", args=[entry.round.code, entry.region.code])
    if dimension:
        url += f"?dimensi={dimension}"
    return url + (f"#{anchor}" if anchor else "")


def _page(
    request: HttpRequest,
    assignment: Assignment,
    *,
    dimension: str = "",
    cards: dict[int, dict[str, Any]] | None = None,
    submit_form: SubmitForm | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    sheet = selectors.scoring_sheet(actor=request.user, assignment=assignment, dimension=dimension)
    may_score = services.may_score(request.user, assignment)
    levels = _levels(assignment)
    cards = cards or {}
    rows = [
        cards.get(row.question.pk) or {"row": row, "form": _form(row, levels), "may_score": may_score}
        for row in sheet.rows
    ]
    entry = assignment.entry
    return render(
        request,
        "evaluation/scoring/page.html",
        {
            "sheet": sheet,
            "assignment": assignment,
            "entry": entry,
            "round": entry.round,
            "region": entry.region,
            "rows": rows,
            "may_score": may_score,
            "submit_form": submit_form or SubmitForm(),
            "errors": errors or [],
        },
        status=status,
    )


@login_required
@require_GET
def scoring_page(request: HttpRequest, round_code: str, region_code: str) -> HttpResponse:
    """The scoring page of one assigned region (one dimension's questions at a time)."""
    assignment = selectors.scoring_assignment_get(
        actor=request.user, round_code=round_code, region_code=region_code
    )
    return _page(request, assignment, dimension=request.GET.get("dimensi", ""))


def _row_response(
    request: HttpRequest, assignment: Assignment, question: Question, status: int, **card: Any
) -> HttpResponse:
    """After a save: HTMX gets the row (and the progress, out of band); a plain POST is redirected
    to the page when saved, else sees the page with the row's errors."""
    code = question.dimension.code
    if status == 200 and not _htmx(request):
        return HttpResponseRedirect(_page_url(assignment, code, f"q-{question.pk}"))
    row = selectors.scoring_row(actor=request.user, assignment=assignment, question=question)
    entry = assignment.entry
    state = {"row": row, "may_score": True} | card
    if "form" not in state:
        state["form"] = _form(row, _levels(assignment))
    if not _htmx(request):
        return _page(request, assignment, dimension=code, cards={question.pk: state}, status=status)
    sheet = selectors.scoring_sheet(actor=request.user, assignment=assignment, dimension=code)
    context = {
        "card": state,
        "sheet": sheet,
        "round": entry.round,
        "region": entry.region,
        "oob": True,
    }
    html = render_to_string("evaluation/scoring/_row.html", context, request=request)
    html += render_to_string("evaluation/scoring/_progress.html", context, request=request)
    return HttpResponse(html, status=status)


@login_required
@require_POST
def scoring_save(request: HttpRequest, round_code: str, region_code: str, key: str) -> HttpResponse:
    """Save one question's level and note."""
    assignment = selectors.scoring_assignment_get(
        actor=request.user, round_code=round_code, region_code=region_code
    )
    question = selectors.scoring_question_get(assignment=assignment, key=key)
    levels = _levels(assignment)
    form = ScoreForm(request.POST, question=question, levels=levels)
    if not form.is_valid():
        return _row_response(request, assignment, question, 400, form=form)
    d = form.cleaned_data
    try:
        services.score_set(
            actor=request.user,
            assignment=assignment,
            question=question,
            level=d["level"],
            note=d["note"],
            expected_version=d["row_version"],
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _row_response(request, assignment, question, 400, form=form)
    except ConflictError as exc:
        data = request.POST.copy()
        data[form.add_prefix("row_version")] = str(exc.row_version or 0)
        rebound = ScoreForm(data, question=question, levels=levels)
        conflict = {"message": exc.message, "values": list(exc.current.items())}
        return _row_response(request, assignment, question, 409, form=rebound, conflict=conflict)
    return _row_response(request, assignment, question, 200, saved=True)


@login_required
@require_POST
def scoring_submit(request: HttpRequest, round_code: str, region_code: str) -> HttpResponse:
    """Submit the assignment's scores (every question answered, the box ticked)."""
    assignment = selectors.scoring_assignment_get(
        actor=request.user, round_code=round_code, region_code=region_code
    )
    form = SubmitForm(request.POST)
    if not form.is_valid():
        return _page(request, assignment, submit_form=form, status=400)
    try:
        services.assignment_submit(actor=request.user, assignment=assignment)
    except ValidationError as exc:
        return _page(request, assignment, submit_form=form, errors=exc.messages, status=400)
    messages.success(
        request,
        _("Your scores of %(region)s are submitted to the ministry.")
        % {"region": assignment.entry.region.name},
    )
    return HttpResponseRedirect(_page_url(assignment))


# ---------------------------------------------------------------- the ministry reopens


def _assignment_for_ministry(
    request: HttpRequest, round_code: str, region_code: str, code: str
) -> Assignment:
    require(request.user, MANAGE)
    found = (
        Assignment.objects.select_related(
            "entry__round__method", "entry__region", "entry__group", "assessor__user"
        )
        .filter(entry__round__code=round_code, entry__region__code=region_code, assessor__code=code)
        .first()
    )
    if found is None:
        raise Http404("assignment")
    return found


@login_required
@require_http_methods(["GET", "POST"])
def scoring_reopen(request: HttpRequest, round_code: str, region_code: str, code: str) -> HttpResponse:
    """The ministry reopens an assessor's submitted scores of a region, with a reason."""
    assignment = _assignment_for_ministry(request, round_code, region_code, code)
    form = ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.assignment_reopen(
                    actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The scores of %(assessor)s for %(region)s are reopened; the assessor is told.")
                    % {"assessor": assignment.assessor.code, "region": assignment.entry.region.name},
                )
                return HttpResponseRedirect(
                    reverse("evaluation:assessor_assignment_edit", args=[round_code, region_code])
                )
    entry = assignment.entry
    return render(
        request,
        "evaluation/scoring/reopen.html",
        {"assignment": assignment, "round": entry.round, "region": entry.region, "form": form},
        status=status,
    )
