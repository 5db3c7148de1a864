"""Reads of a region's self-assessment in a round: who may read and write it, its questions and
answers in a fixed number of queries, its completeness, its content as frozen on submission, the
region's items an answer may link to, and the submitted version an assessor reads.

Every look-up by URL goes through ``self_entry_get_for_user`` (404 for missing and forbidden
alike); writes are in ``self_assessment``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Subquery
from django.http import Http404

from kotacerdas.core.permissions import actor_for, can, readable_region_ids
from kotacerdas.masterplans.models import ActionPlan, Programme, QuickWin
from kotacerdas.monitoring.choices import ReportState
from kotacerdas.monitoring.models import ProgressReport
from kotacerdas.monitoring.selectors import version_in_force_for_region
from kotacerdas.organisation.models import WorkingGroup

from .choices import AnswerKind, DocumentKind, Phase
from .models import (
    Assignment,
    DocumentCheck,
    GroupWeight,
    Question,
    RoundPhase,
    RoundRegion,
    SelfAnswer,
    SelfAssessment,
    SelfAssessmentVersion,
    SelfEvidence,
    SurveySummary,
)

# The format of a frozen version's content (``SelfAssessmentVersion.content["format"]``).
CONTENT_FORMAT = 1
# How many of the region's approved progress reports the links picker offers (newest first).
PICKER_REPORTS = 200


def level_text(value: Decimal | None) -> str | None:
    """A level as people write it: ``3``, ``3.42``, ``0`` (None stays None)."""
    if value is None:
        return None
    return format(value.normalize(), "f")


# ---------------------------------------------------------------- access


def entry_find(*, round_code: str, region_code: str) -> RoundRegion | None:
    """The region's place in the round, with its round, method, region and group (one query)."""
    return (
        RoundRegion.objects.select_related("round__method", "region", "group")
        .filter(round__code=round_code, region__code=region_code)
        .first()
    )


def may_read(actor: Any, entry: RoundRegion) -> bool:
    """The ministry's evaluation team reads every self-assessment; the region's coordinator and
    its pokja officers read their region's once the round is under way (not while the ministry
    prepares it, and never a historical round's)."""
    if can(actor, "evaluation.manage"):
        return True
    if entry.round.phase == Phase.DRAFT or entry.round.historical:
        return False
    return can(actor, "evaluation.self_assess", region_id=entry.region_id) or can(
        actor, "evaluation.self_assess_pokja", region_id=entry.region_id
    )


def self_entries_open_for(actor: Any) -> list[RoundRegion]:
    """The regions whose self-assessment ``actor`` fills in (a coordinator's, a pokja officer's)
    in rounds under way and not yet published, for the evaluation list: one query, none at all
    for the ministry (it opens every round) or a reader without a region."""
    if can(actor, "evaluation.manage"):
        return []
    region_ids: set[int] = set()
    for perm in ("evaluation.self_assess", "evaluation.self_assess_pokja"):
        ids = readable_region_ids(actor, perm)
        if ids is None:
            return []
        region_ids |= ids
    if not region_ids:
        return []
    return list(
        RoundRegion.objects.select_related("round", "region")
        .filter(region_id__in=region_ids, round__historical=False)
        .exclude(round__phase__in=[Phase.DRAFT, Phase.PUBLISHED])
        .order_by("-round__year", "round__code", "region__code")
    )


def self_entry_get_for_user(*, actor: Any, round_code: str, region_code: str) -> RoundRegion:
    """The entry whose self-assessment ``actor`` may read: 404 for missing and forbidden alike."""
    entry = entry_find(round_code=round_code, region_code=region_code)
    if entry is None or not may_read(actor, entry):
        raise Http404("self-assessment")
    return entry


@dataclass(frozen=True)
class Editor:
    """What an actor may change in a region's self-assessment.

    ``whole``: every question, the documents, the surveys and the submission (the coordinator,
    ``evaluation.self_assess``); otherwise the questions and surveys of ``dimension_ids``, the smart
    dimensions whose pokja the actor's agency leads (``evaluation.self_assess_pokja``).
    """

    whole: bool = False
    dimension_ids: frozenset[int] = frozenset()

    @property
    def any(self) -> bool:
        return self.whole or bool(self.dimension_ids)

    def may_answer(self, question: Question) -> bool:
        return self.whole or (
            question.smart_dimension_id is not None and question.smart_dimension_id in self.dimension_ids
        )

    def may_survey(self, smart_dimension_id: int) -> bool:
        return self.whole or smart_dimension_id in self.dimension_ids


def pokja_dimension_ids(actor: Any, *, region_id: int) -> frozenset[int]:
    """The smart dimensions whose pokja in the region is led by an agency of ``actor`` that grants
    ``evaluation.self_assess_pokja`` (no query for an actor who belongs to no agency)."""
    agencies = [
        agency_id
        for agency_id, perms in actor_for(actor).agency_perms.items()
        if "evaluation.self_assess_pokja" in perms
    ]
    if not agencies:
        return frozenset()
    return frozenset(
        WorkingGroup.objects.filter(region_id=region_id, leading_agency_id__in=agencies).values_list(
            "dimension_id", flat=True
        )
    )


def editor_for(actor: Any, entry: RoundRegion) -> Editor:
    """What ``actor`` may change in the entry's self-assessment, whatever the phase."""
    if can(actor, "evaluation.self_assess", region_id=entry.region_id):
        return Editor(whole=True)
    if can(actor, "evaluation.self_assess_pokja", region_id=entry.region_id):
        return Editor(dimension_ids=pokja_dimension_ids(actor, region_id=entry.region_id))
    return Editor()


# ---------------------------------------------------------------- questions, answers, completeness


def group_questions(entry: RoundRegion) -> list[Question]:
    """The questions of the entry's group (the dimensions weighted in it), in the questionnaire's
    order, with their dimension, indicator and smart dimension (one query)."""
    dimensions = GroupWeight.objects.filter(group_id=entry.group_id).values("dimension_id")
    return list(
        Question.objects.filter(method_id=entry.round.method_id, dimension_id__in=Subquery(dimensions))
        .select_related("dimension", "subindicator__indicator", "smart_dimension")
        .order_by(
            "dimension__position",
            "subindicator__indicator__position",
            "subindicator__position",
            "position",
        )
    )


def self_assessment_of(entry: RoundRegion) -> SelfAssessment | None:
    return SelfAssessment.objects.filter(entry=entry).select_related("submitted_by").first()


@dataclass
class SelfData:
    """Everything of one self-assessment, read at once: the page, the API and the frozen content
    are built from it (six queries, whatever the number of questions)."""

    entry: RoundRegion
    self_assessment: SelfAssessment | None
    questions: list[Question]
    answers: dict[int, SelfAnswer] = field(default_factory=dict)  # by question id
    evidence: dict[int, list[SelfEvidence]] = field(default_factory=dict)  # by answer id
    documents: dict[str, DocumentCheck] = field(default_factory=dict)  # by kind
    surveys: dict[int, SurveySummary] = field(default_factory=dict)  # by smart dimension id

    def answered(self, question: Question) -> bool:
        answer = self.answers.get(question.pk)
        return answer is not None and answer.level is not None

    @property
    def missing(self) -> list[Question]:
        """The questions still without a level."""
        return [q for q in self.questions if not self.answered(q)]

    @property
    def survey_dimensions(self) -> list[Any]:
        """The smart dimensions the group's survey questions belong to (each needs a survey)."""
        seen: dict[int, Any] = {}
        for q in self.questions:
            if q.answer == AnswerKind.SURVEY and q.smart_dimension is not None:
                seen.setdefault(q.smart_dimension_id or 0, q.smart_dimension)
        return sorted(seen.values(), key=lambda d: (d.position, d.code))


def self_data(entry: RoundRegion, self_assessment: SelfAssessment | None = None) -> SelfData:
    """Read the entry's self-assessment (``self_assessment`` if the caller holds it already)."""
    sa = self_assessment if self_assessment is not None else self_assessment_of(entry)
    data = SelfData(entry=entry, self_assessment=sa, questions=group_questions(entry))
    if sa is None:
        return data
    data.answers = {
        a.question_id: a for a in SelfAnswer.objects.filter(self_assessment=sa).select_related("updated_by")
    }
    by_answer: dict[int, list[SelfEvidence]] = defaultdict(list)
    for e in SelfEvidence.objects.filter(answer__self_assessment=sa).order_by("created_at", "id"):
        by_answer[e.answer_id].append(e)
    data.evidence = dict(by_answer)
    data.documents = {d.kind: d for d in DocumentCheck.objects.filter(self_assessment=sa)}
    data.surveys = {
        s.smart_dimension_id: s
        for s in SurveySummary.objects.filter(self_assessment=sa).select_related(
            "smart_dimension", "quick_win"
        )
    }
    return data


@dataclass(frozen=True)
class DimensionProgress:
    code: str
    name: str
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


@dataclass(frozen=True)
class Completeness:
    """How far a self-assessment is: answers per dimension, documents, surveys."""

    dimensions: list[DimensionProgress]
    documents_present: int
    documents_total: int
    surveys_done: int
    surveys_total: int

    @property
    def answered(self) -> int:
        return sum(d.answered for d in self.dimensions)

    @property
    def total(self) -> int:
        return sum(d.total for d in self.dimensions)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.answered == self.total

    def as_dict(self) -> dict[str, Any]:
        return {
            "answered": self.answered,
            "total": self.total,
            "dimensions": [
                {"code": d.code, "name": d.name, "answered": d.answered, "total": d.total}
                for d in self.dimensions
            ],
            "documents": {"present": self.documents_present, "total": self.documents_total},
            "surveys": {"done": self.surveys_done, "total": self.surveys_total},
        }


def completeness_of(data: SelfData) -> Completeness:
    """The completeness of what ``data`` holds (no query)."""
    per: dict[int, list[int]] = {}
    names: dict[int, tuple[str, str]] = {}
    for q in data.questions:
        counts = per.setdefault(q.dimension_id, [0, 0])
        counts[1] += 1
        counts[0] += int(data.answered(q))
        names[q.dimension_id] = (q.dimension.code, q.dimension.name)
    survey_ids = {d.pk for d in data.survey_dimensions}
    return Completeness(
        dimensions=[
            DimensionProgress(code=names[k][0], name=names[k][1], answered=v[0], total=v[1])
            for k, v in per.items()
        ],
        documents_present=sum(1 for d in data.documents.values() if d.present),
        documents_total=len(DocumentKind),
        surveys_done=sum(1 for dim_id in data.surveys if dim_id in survey_ids),
        surveys_total=len(survey_ids),
    )


def completeness(self_assessment: SelfAssessment) -> Completeness:
    """Answered / total per dimension, documents present / total, surveys done / needed."""
    entry = RoundRegion.objects.select_related("round", "group").get(pk=self_assessment.entry_id)
    return completeness_of(self_data(entry, self_assessment))


# ---------------------------------------------------------------- the frozen content


def _user_label(user: Any) -> str:
    return "" if user is None else str(getattr(user, "display_name", "") or user)


def self_content(data: SelfData) -> dict[str, Any]:
    """The whole self-assessment as JSON-ready data: what a submission freezes.

    Answers carry their question's text and place in the questionnaire, so a version reads on its
    own. Every file (evidence, documents, surveys) is listed by an id under ``files`` with its
    stored name, so a version's files stay downloadable after later edits.
    """
    entry = data.entry
    files: dict[str, dict[str, Any]] = {}

    def file_ref(file_id: str, stored: Any, name: str, kind: str = "") -> str | None:
        if not stored:
            return None
        files[file_id] = {"path": stored.name, "name": name, "kind": kind}
        return file_id

    answers = []
    for q in data.questions:
        a = data.answers.get(q.pk)
        evidence = []
        for e in data.evidence.get(a.pk, []) if a is not None else []:
            file_ref(str(e.uid), e.file, e.name, e.kind)
            evidence.append({"id": str(e.uid), "name": e.name, "kind": e.kind, "size": e.size})
        indicator = q.subindicator.indicator
        answers.append(
            {
                "key": q.key,
                "number": q.number,
                "text": q.text,
                "answer": q.answer,
                "dimension": q.dimension.code,
                "dimension_name": q.dimension.name,
                "indicator": indicator.number,
                "indicator_name": indicator.name,
                "smart_dimension": q.smart_dimension.code if q.smart_dimension else None,
                "level": level_text(a.level) if a is not None else None,
                "justification": a.justification if a is not None else "",
                "links": list(a.links) if a is not None else [],
                "evidence": evidence,
                "updated_by": _user_label(a.updated_by) if a is not None else "",
            }
        )
    documents = []
    for kind in DocumentKind:
        d = data.documents.get(kind.value)
        documents.append(
            {
                "kind": kind.value,
                "present": bool(d and d.present),
                "source": d.source if d else "",
                "note": d.note if d else "",
                "name": d.name if d else "",
                "file": file_ref(f"document-{kind.value}", d.file, d.name) if d else None,
            }
        )
    surveys = []
    for dim in data.survey_dimensions:
        s = data.surveys.get(dim.pk)
        if s is None:
            continue
        surveys.append(
            {
                "smart_dimension": dim.code,
                "service": s.service,
                "quick_win": (
                    {"uid": str(s.quick_win.uid), "label": f"{s.quick_win.code} {s.quick_win}"}
                    if s.quick_win
                    else None
                ),
                "respondents": s.respondents,
                "ratings": dict(s.ratings),
                "name": s.name,
                "file": file_ref(f"survey-{dim.code}", s.file, s.name),
            }
        )
    return {
        "format": CONTENT_FORMAT,
        "round": entry.round.code,
        "region": entry.region.code,
        "region_name": entry.region.name,
        "group": entry.group.code,
        "method": entry.round.method.label,
        "answers": answers,
        "documents": documents,
        "surveys": surveys,
        "files": files,
    }


def content_public(content: dict[str, Any]) -> dict[str, Any]:
    """A frozen content without its storage names (for the API)."""
    return {k: v for k, v in content.items() if k != "files"}


def frozen_paths(self_assessment: SelfAssessment) -> set[str]:
    """Stored names of the files some submitted version holds: they are never deleted."""
    paths: set[str] = set()
    for content in SelfAssessmentVersion.objects.filter(self_assessment=self_assessment).values_list(
        "content", flat=True
    ):
        for f in (content or {}).get("files", {}).values():
            paths.add(str(f.get("path", "")))
    return paths


# ---------------------------------------------------------------- versions


def version_list(self_assessment: SelfAssessment | None) -> list[SelfAssessmentVersion]:
    """Submitted versions, newest first (without their content)."""
    if self_assessment is None:
        return []
    return list(
        SelfAssessmentVersion.objects.filter(self_assessment=self_assessment)
        .select_related("submitted_by")
        .defer("content")
        .order_by("-number")
    )


def _assessor_may_read(actor: Any, entry: RoundRegion) -> bool:
    """An assessor assigned to the region who has declared no conflict."""
    user_id = actor_for(actor).user_id
    if user_id is None or not can(actor, "evaluation.score"):
        return False
    return Assignment.objects.filter(
        entry=entry, assessor__user_id=user_id, no_conflict_declared_at__isnull=False
    ).exists()


def self_version_for_assessor(*, actor: Any, entry: RoundRegion) -> SelfAssessmentVersion | None:
    """The latest submitted version of the entry's self-assessment: what assessors read.

    Only the ministry's evaluation team and assessors assigned to the region who have declared no
    conflict: 404 for anyone else. ``None`` while the region has submitted nothing.
    """
    if not (can(actor, "evaluation.manage") or _assessor_may_read(actor, entry)):
        raise Http404("self-assessment")
    return (
        SelfAssessmentVersion.objects.filter(self_assessment__entry=entry)
        .select_related("submitted_by")
        .order_by("-number")
        .first()
    )


def self_version_get_for_user(*, actor: Any, entry: RoundRegion, number: int) -> SelfAssessmentVersion:
    """Version ``number`` for the region's readers; for an assigned assessor only the latest one
    (the version they score). 404 for missing and forbidden alike."""
    if may_read(actor, entry):
        version = (
            SelfAssessmentVersion.objects.filter(self_assessment__entry=entry, number=number)
            .select_related("submitted_by")
            .first()
        )
    else:
        latest = self_version_for_assessor(actor=actor, entry=entry)
        version = latest if latest is not None and latest.number == number else None
    if version is None:
        raise Http404("version")
    return version


# ---------------------------------------------------------------- what an answer may link to


@dataclass(frozen=True)
class LinkOption:
    kind: str  # plan_item | quick_win | report
    ref: str  # uid
    label: str

    @property
    def value(self) -> str:
        return f"{self.kind}:{self.ref}"


def link_label(kind: str, obj: Any) -> str:
    """How a linked item is named in an answer (kept with the link)."""
    if kind == "quick_win":
        return f"{obj.code} {obj.acronym or obj.name}"
    if kind == "report":
        return f"{obj.item_code} {obj.item_name} · {obj.period.label}"
    return f"{obj.code} {obj.name}"


def link_options(region_id: int) -> dict[str, list[LinkOption]]:
    """The region's own items an answer may link to: the programmes, action plans and quick wins
    of its master plan in force, and its approved progress reports (newest first; five queries)."""
    options: dict[str, list[LinkOption]] = {"plan_item": [], "quick_win": [], "report": []}
    version = version_in_force_for_region(region_id)
    if version is not None:
        for model in (Programme, ActionPlan):
            for item in model.objects.filter(version=version).only("uid", "code", "name").order_by("code"):
                options["plan_item"].append(
                    LinkOption("plan_item", str(item.uid), link_label("plan_item", item))
                )
        options["plan_item"].sort(key=lambda o: o.label)
        for qw in (
            QuickWin.objects.filter(version=version).only("uid", "code", "name", "acronym").order_by("code")
        ):
            options["quick_win"].append(LinkOption("quick_win", str(qw.uid), link_label("quick_win", qw)))
    reports = (
        ProgressReport.objects.filter(region_id=region_id, state=ReportState.APPROVED)
        .select_related("period")
        .only("uid", "item_code", "item_name", "period__starts_on", "period__ends_on", "period__number")
        .order_by("-period__starts_on", "item_code")[:PICKER_REPORTS]
    )
    options["report"] = [LinkOption("report", str(r.uid), link_label("report", r)) for r in reports]
    return options


def region_quick_wins(region_id: int, *, dimension_id: int | None = None) -> list[QuickWin]:
    """The quick wins of the region's plan in force (of one smart dimension), for the survey form."""
    version = version_in_force_for_region(region_id)
    if version is None:
        return []
    qs = QuickWin.objects.filter(version=version)
    if dimension_id is not None:
        qs = qs.filter(dimension_id=dimension_id)
    return list(qs.order_by("code"))


@dataclass(frozen=True)
class RegionRound:
    """One round a region is in, as its home page lists it for one reader."""

    entry: RoundRegion
    self_status: str  # "" (not started), or a ``SelfAssessmentStatus`` value
    self_closes_on: Any  # the self-assessment phase's closing date, or None
    may_open_self: bool  # the reader may open the region's self-assessment
    may_fill_self: bool  # ... and the phase is the self-assessment one: the region has work to do

    @property
    def round(self) -> Any:
        return self.entry.round


def region_rounds(*, actor: Any, region_id: int) -> list[RegionRound]:
    """The rounds ``region_id`` is in that ``actor`` may see, newest first: published ones for
    everyone, the others for the region's self-assessment readers and the ministry (two queries)."""
    entries = (
        RoundRegion.objects.filter(region_id=region_id)
        .select_related("round", "region", "self_assessment")
        .prefetch_related(
            Prefetch(
                "round__phases",
                queryset=RoundPhase.objects.filter(phase=Phase.SELF_ASSESSMENT),
                to_attr="self_phase",
            )
        )
        .order_by("-round__year", "-round__stage", "-round__id")
    )
    out: list[RegionRound] = []
    for entry in entries:
        readable = may_read(actor, entry)
        if not entry.round.is_published and not readable:
            continue
        held = getattr(entry, "self_assessment", None)
        held_phases = getattr(entry.round, "self_phase", [])
        phase = held_phases[0] if held_phases else None
        out.append(
            RegionRound(
                entry=entry,
                self_status=held.status if held is not None else "",
                self_closes_on=phase.closes_on if phase is not None else None,
                # a round's self-assessment exists once the region starts it in its phase
                may_open_self=readable
                and not entry.round.historical
                and (held is not None or entry.round.phase == Phase.SELF_ASSESSMENT),
                may_fill_self=readable
                and entry.round.phase == Phase.SELF_ASSESSMENT
                and editor_for(actor, entry).any,
            )
        )
    return out
