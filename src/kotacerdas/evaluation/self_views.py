"""The region's self-assessment in a round, on the web (/evaluasi/<round>/<region>/mandiri/).

One page: completeness, the questions by dimension and indicator (each with its own form, saved
in place with HTMX, a conflict shown with the other writer's values and status 409), evidence,
links to the region's items, the document checklist, the surveys and the submission; a
submitted version read-only (``v<N>/``). Reads go through ``self_selectors`` (404 for missing and
forbidden alike), writes through ``self_assessment`` and nothing else.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.files import FileKind, file_download
from kotacerdas.core.forms import add_service_errors
from kotacerdas.programme.models import Dimension

from . import self_assessment as services
from . import self_surveys as survey_services
from .choices import DocumentKind
from .documents_check import Found, documents_found
from .models import DocumentCheck, Question, RoundRegion, SelfAssessment, SelfEvidence, SurveySummary
from .phases import phase_require_open
from .self_forms import AnswerForm, DocumentForm, EvidenceForm, SurveyForm, evidence_help
from .self_selectors import (
    Editor,
    SelfData,
    completeness_of,
    editor_for,
    entry_find,
    link_options,
    region_quick_wins,
    self_data,
    self_entry_get_for_user,
    self_version_get_for_user,
    version_list,
)

CONFLICT_LABELS = {
    "level": gettext_lazy("Proposed level"),
    "justification": gettext_lazy("Justification"),
    "links": gettext_lazy("Links"),
    "updated_by": gettext_lazy("Saved by"),
}


def _entry(request: HttpRequest, round_code: str, region_code: str) -> RoundRegion:
    return self_entry_get_for_user(actor=request.user, round_code=round_code, region_code=region_code)


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _page_url(entry: RoundRegion, anchor: str = "") -> str:
    url = reverse("evaluation:self_page", args=[entry.round.code, entry.region.code])
    return f"{url}#{anchor}" if anchor else url


def _phase_error(entry: RoundRegion) -> str:
    """Why the self-assessment cannot be changed now ("" when its phase is open)."""
    try:
        phase_require_open(entry.round, services.PHASE)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


def _question(entry: RoundRegion, key: str) -> Question:
    question = (
        Question.objects.select_related("dimension", "smart_dimension", "subindicator__indicator")
        .filter(method_id=entry.round.method_id, key=key)
        .first()
    )
    if question is None or not entry.group.weights.filter(dimension_id=question.dimension_id).exists():
        raise Http404("question")
    return question


def _started(request: HttpRequest, entry: RoundRegion) -> SelfAssessment:
    return services.self_assessment_get_or_start(entry, actor=request.user)


# ---------------------------------------------------------------- the page


class Page:
    """What the page shows, read once (a fixed number of queries whatever the questions)."""

    def __init__(self, request: HttpRequest, entry: RoundRegion, data: SelfData | None = None) -> None:
        self.request = request
        self.entry = entry
        self.data = data or self_data(entry)
        self.editor: Editor = editor_for(request.user, entry)
        self.phase_error = _phase_error(entry)
        self.may_write = self.editor.any and not self.phase_error
        self.options = link_options(entry.region_id) if self.may_write else {}

    def card(self, question: Question, **state: Any) -> dict[str, Any]:
        """One question's card: its answer, evidence, and a form if the actor may answer it."""
        answer = self.data.answers.get(question.pk)
        card: dict[str, Any] = {
            "question": question,
            "answer": answer,
            "evidence": self.data.evidence.get(answer.pk, []) if answer is not None else [],
            "may_edit": self.may_write and self.editor.may_answer(question),
            "saved": False,
            "conflict": None,
            "evidence_error": "",
            **state,
        }
        if card["may_edit"] and "form" not in state:
            card["form"] = self.answer_form(question, answer)
        if card["may_edit"]:
            card["evidence_form"] = EvidenceForm(auto_id=f"ev-{question.pk}-%s")
        return card

    def answer_form(self, question: Question, answer: Any, data: Any = None) -> AnswerForm:
        initial: dict[str, Any] = {"row_version": 0}
        if answer is not None:
            initial = {
                "level": "" if answer.level is None else format(answer.level.normalize(), "f"),
                "justification": answer.justification,
                "links": [f"{link['kind']}:{link['ref']}" for link in answer.links],
                "row_version": answer.row_version,
            }
        return AnswerForm(
            data,
            initial=initial,
            prefix=f"q{question.pk}",
            question=question,
            method=self.entry.round.method,
            options=self.options,
            selected=answer.links if answer is not None else [],
        )

    def dimensions(self, cards: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
        """Questions grouped by dimension, then indicator."""
        out: list[dict[str, Any]] = []
        progress = {d.code: d for d in completeness_of(self.data).dimensions}
        for q in self.data.questions:
            if not out or out[-1]["dimension"].pk != q.dimension_id:
                out.append(
                    {"dimension": q.dimension, "progress": progress.get(q.dimension.code), "indicators": []}
                )
            indicators = out[-1]["indicators"]
            indicator = q.subindicator.indicator
            if not indicators or indicators[-1]["indicator"].pk != indicator.pk:
                indicators.append({"indicator": indicator, "cards": []})
            indicators[-1]["cards"].append(cards.get(q.pk) or self.card(q))
        return out

    def documents(self) -> list[dict[str, Any]]:
        """The checklist: a stored line, or (before the self-assessment starts) what was found."""
        found: dict[str, Found] = {} if self.data.self_assessment else documents_found(self.entry.region_id)
        code = self.entry.region.code
        where = {
            DocumentKind.MASTER_PLAN: reverse("masterplans:plan_detail", args=[code]),
            DocumentKind.SK_DEWAN: reverse("organisation:overview", args=[code]) + "#sk",
            DocumentKind.SK_TIM: reverse("organisation:overview", args=[code]) + "#sk",
            DocumentKind.FORUM: reverse("organisation:overview", args=[code]) + "#rapat",
            DocumentKind.QUICK_WIN: reverse("monitoring:reports", args=[code]),
        }
        rows = []
        for kind in DocumentKind:
            row = self.data.documents.get(kind.value)
            f = found.get(kind.value, Found())
            rows.append(
                {
                    "kind": kind,
                    "row": row,
                    "present": row.present if row else f.present,
                    "source": row.source if row else f.source,
                    "where": where.get(kind, ""),
                    "upload_only": kind in {DocumentKind.BUDGET, DocumentKind.PEOPLE, DocumentKind.RISK},
                }
            )
        return rows

    def surveys(self) -> list[dict[str, Any]]:
        return [
            {
                "dimension": dim,
                "summary": self.data.surveys.get(dim.pk),
                "may_edit": self.may_write and self.editor.may_survey(dim.pk),
                "few": (s := self.data.surveys.get(dim.pk)) is not None
                and s.respondents < survey_services.RESPONDENTS_EXPECTED,
            }
            for dim in self.data.survey_dimensions
        ]

    def context(self, cards: dict[int, dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
        sa = self.data.self_assessment
        return {
            "entry": self.entry,
            "round": self.entry.round,
            "region": self.entry.region,
            "self_assessment": sa,
            "completeness": completeness_of(self.data),
            "dimensions": self.dimensions(cards or {}),
            "documents": self.documents(),
            "surveys": self.surveys(),
            "versions": version_list(sa),
            "missing": self.data.missing,
            "editor": self.editor,
            "phase_error": self.phase_error,
            "may_write": self.may_write,
            "may_submit": self.may_write and self.editor.whole,
            "evidence_help": evidence_help(),
            "respondents_expected": survey_services.RESPONDENTS_EXPECTED,
            **extra,
        }


@login_required
@require_GET
def self_page(request: HttpRequest, round_code: str, region_code: str) -> HttpResponse:
    """The region's self-assessment of the round."""
    entry = _entry(request, round_code, region_code)
    return render(request, "evaluation/self/page.html", Page(request, entry).context())


def _card_response(
    request: HttpRequest, entry: RoundRegion, question: Question, status: int, **state: Any
) -> HttpResponse:
    """After a write on one question: HTMX gets the card (and the progress, out of band); a plain
    POST is redirected to the page when saved, else sees the page with the card's errors."""
    if status == 200 and not _htmx(request):
        return HttpResponseRedirect(_page_url(entry, f"q-{question.pk}"))
    page = Page(request, entry)
    card = page.card(question, **state)
    if not _htmx(request):
        return render(request, "evaluation/self/page.html", page.context({question.pk: card}), status=status)
    context = page.context({question.pk: card}) | {"card": card, "oob": True}
    html = render_to_string("evaluation/self/_question.html", context, request=request)
    html += render_to_string("evaluation/self/_progress.html", context, request=request)
    return HttpResponse(html, status=status)


def _conflict(exc: ConflictError, mine: dict[str, Any]) -> dict[str, Any]:
    values = []
    for name, value in exc.current.items():
        if name in mine and mine[name] == value:
            continue
        shown = ", ".join(value) if isinstance(value, list) else value
        values.append((CONFLICT_LABELS.get(name, name), shown))
    return {"message": exc.message, "values": values}


def _require_question(request: HttpRequest, entry: RoundRegion, question: Question) -> None:
    services.require_question(request.user, entry, question)


@login_required
@require_POST
def self_answer(request: HttpRequest, round_code: str, region_code: str, key: str) -> HttpResponse:
    """Save one question's answer."""
    entry = _entry(request, round_code, region_code)
    question = _question(entry, key)
    _require_question(request, entry, question)
    page = Page(request, entry)
    form = page.answer_form(question, page.data.answers.get(question.pk), request.POST)
    if not form.is_valid():
        return _card_response(request, entry, question, 400, form=form)
    d = form.cleaned_data
    try:
        services.answer_save(
            actor=request.user,
            self_assessment=_started(request, entry),
            question=question,
            level=d["level"],
            justification=d["justification"],
            links=d["links"],
            expected_version=d["row_version"],
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _card_response(request, entry, question, 400, form=form)
    except ConflictError as exc:
        data = request.POST.copy()
        data[form.add_prefix("row_version")] = str(exc.row_version or 0)
        rebound = page.answer_form(question, None, data)
        mine: dict[str, Any] = {"level": d["level"], "justification": d["justification"]}
        if not d["links"]:
            mine["links"] = []
        return _card_response(request, entry, question, 409, form=rebound, conflict=_conflict(exc, mine))
    return _card_response(request, entry, question, 200, saved=True)


@login_required
@require_POST
def self_evidence_add(request: HttpRequest, round_code: str, region_code: str, key: str) -> HttpResponse:
    """Attach an evidence file to one question's answer."""
    entry = _entry(request, round_code, region_code)
    question = _question(entry, key)
    _require_question(request, entry, question)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _card_response(
            request,
            entry,
            question,
            400,
            evidence_error=" ".join(str(e) for e in form.errors.get("file", [])),
        )
    try:
        services.evidence_add(
            actor=request.user,
            self_assessment=_started(request, entry),
            question=question,
            upload=form.cleaned_data["file"],
        )
    except ValidationError as exc:
        return _card_response(request, entry, question, 400, evidence_error=" ".join(exc.messages))
    return _card_response(request, entry, question, 200, saved=True)


def _evidence(entry: RoundRegion, uid: Any) -> SelfEvidence:
    evidence = (
        SelfEvidence.objects.select_related("answer__question")
        .filter(uid=uid, answer__self_assessment__entry=entry)
        .first()
    )
    if evidence is None:
        raise Http404("evidence")
    return evidence


@login_required
@require_POST
def self_evidence_remove(request: HttpRequest, round_code: str, region_code: str, uid: Any) -> HttpResponse:
    entry = _entry(request, round_code, region_code)
    evidence = _evidence(entry, uid)
    question = _question(entry, evidence.answer.question.key)
    _require_question(request, entry, question)
    try:
        services.evidence_remove(actor=request.user, evidence=evidence)
    except ValidationError as exc:
        return _card_response(request, entry, question, 400, evidence_error=" ".join(exc.messages))
    return _card_response(request, entry, question, 200, saved=True)


@login_required
@require_GET
def self_evidence_download(
    request: HttpRequest, round_code: str, region_code: str, uid: Any
) -> HttpResponseBase:
    entry = _entry(request, round_code, region_code)
    evidence = _evidence(entry, uid)
    return file_download(evidence.file, filename=evidence.name, kind=_kind(evidence.kind))


def _kind(value: str) -> FileKind | None:
    return FileKind(value) if value in FileKind.values else None


# ---------------------------------------------------------------- documents


def _whole(request: HttpRequest, entry: RoundRegion) -> None:
    if not editor_for(request.user, entry).whole:
        raise PermissionDenied(_("Only the region's coordinator changes the document checklist."))


def _refused(request: HttpRequest, entry: RoundRegion, exc: ValidationError, anchor: str) -> HttpResponse:
    """A refused write of a page's section: the page with the message, status 400."""
    page = Page(request, entry)
    return render(
        request,
        "evaluation/self/page.html",
        page.context(refused={"anchor": anchor, "message": " ".join(exc.messages)}),
        status=400,
    )


@login_required
@require_POST
def self_documents_refresh(request: HttpRequest, round_code: str, region_code: str) -> HttpResponse:
    entry = _entry(request, round_code, region_code)
    _whole(request, entry)
    try:
        changed = services.documents_refresh(actor=request.user, self_assessment=_started(request, entry))
    except ValidationError as exc:
        return _refused(request, entry, exc, "dokumen")
    messages.success(
        request,
        _("The checklist was filled again from the region's data.")
        if changed
        else _("The checklist is up to date."),
    )
    return HttpResponseRedirect(_page_url(entry, "dokumen"))


def _document_kind(kind: str) -> str:
    if kind not in DocumentKind.values:
        raise Http404("document")
    return kind


@login_required
@require_POST
def self_document_upload(request: HttpRequest, round_code: str, region_code: str, kind: str) -> HttpResponse:
    entry = _entry(request, round_code, region_code)
    kind = _document_kind(kind)
    _whole(request, entry)
    form = DocumentForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError([str(e) for e in form.errors.get("file") or form.errors.get("note") or []])
        services.document_upload(
            actor=request.user,
            self_assessment=_started(request, entry),
            kind=kind,
            upload=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data.get("row_version"),
        )
    except ValidationError as exc:
        return _refused(request, entry, exc, f"doc-{kind}")
    except ConflictError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(_page_url(entry, f"doc-{kind}"))
    messages.success(request, _("%(document)s uploaded.") % {"document": DocumentKind(kind).label})
    return HttpResponseRedirect(_page_url(entry, f"doc-{kind}"))


@login_required
@require_POST
def self_document_remove(request: HttpRequest, round_code: str, region_code: str, kind: str) -> HttpResponse:
    entry = _entry(request, round_code, region_code)
    kind = _document_kind(kind)
    _whole(request, entry)
    raw = request.POST.get("row_version", "")
    sa = SelfAssessment.objects.filter(entry=entry).first()
    if sa is None:
        raise Http404("document")
    try:
        services.document_remove(
            actor=request.user,
            self_assessment=sa,
            kind=kind,
            expected_version=int(raw) if raw.isdigit() else None,
        )
    except ValidationError as exc:
        return _refused(request, entry, exc, f"doc-{kind}")
    except ConflictError as exc:
        messages.error(request, exc.message)
    return HttpResponseRedirect(_page_url(entry, f"doc-{kind}"))


def _stored_or_404(field_file: Any, name: str) -> HttpResponseBase:
    if not field_file:
        raise Http404("file")
    return file_download(field_file, filename=name, kind=FileKind.for_name(field_file.name or ""))


@login_required
@require_GET
def self_document_file(
    request: HttpRequest, round_code: str, region_code: str, kind: str
) -> HttpResponseBase:
    entry = _entry(request, round_code, region_code)
    row = DocumentCheck.objects.filter(self_assessment__entry=entry, kind=_document_kind(kind)).first()
    if row is None:
        raise Http404("document")
    return _stored_or_404(row.file, row.name)


# ---------------------------------------------------------------- surveys


def _dimension(entry: RoundRegion, code: str) -> tuple[Dimension, list[Question]]:
    dimension = Dimension.objects.filter(code=code).first()
    if dimension is None:
        raise Http404("dimension")
    questions = survey_services.survey_questions(entry, dimension)
    if not questions:
        raise Http404("survey")
    return dimension, questions


@login_required
@require_http_methods(["GET", "POST"])
def self_survey(request: HttpRequest, round_code: str, region_code: str, dimension: str) -> HttpResponse:
    """The Impact survey of one smart dimension: its summary, and its form for those who enter it."""
    entry = _entry(request, round_code, region_code)
    dim, questions = _dimension(entry, dimension)
    editor = editor_for(request.user, entry)
    phase_error = _phase_error(entry)
    may_edit = editor.may_survey(dim.pk) and not phase_error
    summary = (
        SurveySummary.objects.filter(self_assessment__entry=entry, smart_dimension=dim)
        .select_related("quick_win")
        .first()
    )
    kwargs: dict[str, Any] = {
        "questions": questions,
        "quick_wins": region_quick_wins(entry.region_id, dimension_id=dim.pk),
        "method": entry.round.method,
    }
    status = 200
    conflict = None
    if request.method == "POST":
        if not editor.may_survey(dim.pk):
            raise PermissionDenied(_("Only the coordinator or this dimension's pokja enters its survey."))
        form = SurveyForm(request.POST, request.FILES, **kwargs)
        status, conflict = _survey_post(request, entry, dim, form)
        if status == 200:
            messages.success(request, _("The survey of %(dimension)s is saved.") % {"dimension": dim})
            return HttpResponseRedirect(_page_url(entry, f"survei-{dim.code}"))
    else:
        initial: dict[str, Any] = {"row_version": 0}
        if summary is not None:
            initial = {
                "service": summary.service,
                "quick_win": str(summary.quick_win.uid) if summary.quick_win else "",
                "respondents": summary.respondents,
                "row_version": summary.row_version,
                **{SurveyForm.rating_field(q): summary.ratings.get(q.key, "") for q in questions},
            }
        form = SurveyForm(initial=initial, **kwargs)
    context = {
        "entry": entry,
        "round": entry.round,
        "region": entry.region,
        "dimension": dim,
        "questions": questions,
        "summary": summary,
        "ratings": [(q, summary.ratings.get(q.key, "") if summary else "") for q in questions],
        "form": form,
        "may_edit": may_edit,
        "phase_error": phase_error,
        "conflict": conflict,
        "few": summary is not None and summary.respondents < survey_services.RESPONDENTS_EXPECTED,
        "respondents_expected": survey_services.RESPONDENTS_EXPECTED,
        "respondents_warning": survey_services.RESPONDENTS_WARNING
        % {"n": survey_services.RESPONDENTS_EXPECTED},
        "evidence_help": evidence_help(),
    }
    return render(request, "evaluation/self/survey.html", context, status=status)


def _survey_post(
    request: HttpRequest, entry: RoundRegion, dim: Dimension, form: SurveyForm
) -> tuple[int, dict[str, Any] | None]:
    """Save the survey form: (200, None), (400, None) with the errors on the form, or (409, the
    other writer's values)."""
    if not form.is_valid():
        return 400, None
    d = form.cleaned_data
    try:
        survey_services.survey_save(
            actor=request.user,
            self_assessment=_started(request, entry),
            smart_dimension=dim,
            service=d["service"],
            quick_win=d["quick_win"] or None,
            respondents=d["respondents"],
            ratings=form.ratings(),
            file=d.get("file"),
            expected_version=d.get("row_version"),
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return 400, None
    except ConflictError as exc:
        data = request.POST.copy()
        data["row_version"] = str(exc.row_version or 0)
        form.data = data
        return 409, {"message": exc.message, "values": list(exc.current.items())}
    return 200, None


@login_required
@require_GET
def self_survey_file(
    request: HttpRequest, round_code: str, region_code: str, dimension: str
) -> HttpResponseBase:
    entry = _entry(request, round_code, region_code)
    row = SurveySummary.objects.filter(self_assessment__entry=entry, smart_dimension__code=dimension).first()
    if row is None:
        raise Http404("survey")
    return _stored_or_404(row.file, row.name)


# ---------------------------------------------------------------- submission and versions


@login_required
@require_POST
def self_submit(request: HttpRequest, round_code: str, region_code: str) -> HttpResponse:
    """Submit: freeze the self-assessment as its next version."""
    entry = _entry(request, round_code, region_code)
    if not editor_for(request.user, entry).whole:
        raise PermissionDenied(_("Only the region's coordinator submits the self-assessment."))
    raw = request.POST.get("row_version", "")
    try:
        version = services.self_assessment_submit(
            actor=request.user,
            self_assessment=_started(request, entry),
            expected_version=int(raw) if raw.isdigit() else None,
        )
    except ValidationError as exc:
        return _refused(request, entry, exc, "kirim")
    except ConflictError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(_page_url(entry, "kirim"))
    messages.success(
        request,
        _("Submitted as version %(n)s: the assessors will read exactly this.") % {"n": version.number},
    )
    return HttpResponseRedirect(
        reverse("evaluation:self_version", args=[round_code, region_code, version.number])
    )


def _version_dimensions(content: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for a in content.get("answers", []):
        if not out or out[-1]["code"] != a["dimension"]:
            out.append({"code": a["dimension"], "name": a["dimension_name"], "indicators": []})
        indicators = out[-1]["indicators"]
        if not indicators or indicators[-1]["number"] != a["indicator"]:
            indicators.append({"number": a["indicator"], "name": a["indicator_name"], "answers": []})
        indicators[-1]["answers"].append(a)
    return out


@login_required
@require_GET
def self_version(request: HttpRequest, round_code: str, region_code: str, number: int) -> HttpResponse:
    """A submitted version, exactly as it was submitted (read-only)."""
    entry = _entry_or_assessor(request, round_code, region_code)
    version = self_version_get_for_user(actor=request.user, entry=entry, number=number)
    content = version.content
    labels = dict(DocumentKind.choices)
    dimensions = {d.code: d for d in Dimension.objects.all()}
    context = {
        "entry": entry,
        "round": entry.round,
        "region": entry.region,
        "version": version,
        "content": content,
        "dimensions": _version_dimensions(content),
        "documents": [{**d, "label": labels.get(d["kind"], d["kind"])} for d in content.get("documents", [])],
        "surveys": [
            {**s, "dimension": dimensions.get(s["smart_dimension"]), "ratings": sorted(s["ratings"].items())}
            for s in content.get("surveys", [])
        ],
    }
    return render(request, "evaluation/self/version.html", context)


def _entry_or_assessor(request: HttpRequest, round_code: str, region_code: str) -> RoundRegion:
    """The entry for the region's readers, or for an assessor (``self_version_get_for_user``
    then lets them read only the version they score)."""
    entry = entry_find(round_code=round_code, region_code=region_code)
    if entry is None:
        raise Http404("self-assessment")
    return entry


@login_required
@require_GET
def self_version_file(
    request: HttpRequest, round_code: str, region_code: str, number: int, file_id: str
) -> HttpResponseBase:
    """A file as a submitted version holds it (kept even if removed or replaced since)."""
    entry = _entry_or_assessor(request, round_code, region_code)
    version = self_version_get_for_user(actor=request.user, entry=entry, number=number)
    held = version.content.get("files", {}).get(file_id)
    if not held:
        raise Http404("file")
    field = SelfEvidence._meta.get_field("file")
    stored = FieldFile(None, field, held["path"])  # type: ignore[arg-type]
    return file_download(stored, filename=held.get("name", ""), kind=FileKind.for_name(held["path"]))
