"""Reads for scoring: an assessor's scoring sheet of one assigned region, and the scores of a
region's assessors as ``actor`` may see them.

**No peeking**: an assessor sees the other assessors' scores of a region only once they have
submitted their own, and then only the others' submitted scores (drafts stay private). The
ministry's evaluation team sees every score.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.http import Http404

from kotacerdas.core.permissions import can

from .assessor_selectors import assignment_for_assessor
from .models import Assignment, Question, Score, SelfAssessmentVersion
from .self_selectors import group_questions

MANAGE = "evaluation.manage"


@dataclass(frozen=True)
class OtherScore:
    """Another assessor's submitted score of a question (shown only after one's own submission)."""

    assessor: str
    level: Any
    note: str


@dataclass
class DimensionProgress:
    code: str
    name: str
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered == self.total


@dataclass
class ScoringRow:
    """One question of the sheet: the assessor's score, the region's answer, others' scores."""

    question: Question
    score: Score | None
    self_answer: dict[str, Any] | None
    others: list[OtherScore] = field(default_factory=list)

    @property
    def row_version(self) -> int:
        return self.score.row_version if self.score is not None else 0


@dataclass
class ScoringSheet:
    assignment: Assignment
    dimensions: list[DimensionProgress]
    dimension: DimensionProgress | None  # the section shown
    rows: list[ScoringRow]
    version: SelfAssessmentVersion | None
    peek: bool  # whether other assessors' scores are shown

    @property
    def answered(self) -> int:
        return sum(d.answered for d in self.dimensions)

    @property
    def total(self) -> int:
        return sum(d.total for d in self.dimensions)

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def scoring_assignment_get(*, actor: Any, round_code: str, region_code: str) -> Assignment:
    """``actor``'s assignment to the region, declared free of conflict: 404 otherwise."""
    return assignment_for_assessor(actor, round_code, region_code)


def others_visible(actor: Any, assignment: Assignment) -> bool:
    """Whether ``actor`` may read the other assessors' scores of ``assignment``'s region."""
    return can(actor, MANAGE) or assignment.submitted_at is not None


def region_scores_for_user(*, actor: Any, assignment: Assignment) -> list[Score]:
    """The scores of ``assignment``'s region ``actor`` may read: their own always; the other
    assessors' submitted ones only once ``assignment`` is submitted (or for the ministry)."""
    mine = can(actor, "evaluation.score") and assignment.assessor.user_id == getattr(actor, "pk", None)
    if not (mine or can(actor, MANAGE)):
        raise Http404("scores")
    rows = Score.objects.filter(assignment__entry_id=assignment.entry_id).select_related(
        "assignment__assessor", "question"
    )
    if not others_visible(actor, assignment):
        rows = rows.filter(assignment=assignment)
    elif not can(actor, MANAGE):
        rows = rows.filter(Q(assignment__submitted_at__isnull=False) | Q(assignment=assignment))
    return list(rows.order_by("question__position", "assignment__assessor__code"))


def _latest_version(assignment: Assignment) -> SelfAssessmentVersion | None:
    return (
        SelfAssessmentVersion.objects.filter(self_assessment__entry_id=assignment.entry_id)
        .order_by("-number")
        .first()
    )


@dataclass
class _Parts:
    questions: list[Question]
    mine: dict[int, Score]
    others: dict[int, list[OtherScore]]
    answers: dict[str, dict[str, Any]]
    version: SelfAssessmentVersion | None

    def row(self, q: Question) -> ScoringRow:
        return ScoringRow(q, self.mine.get(q.pk), self.answers.get(q.key), self.others.get(q.pk, []))


def _parts(actor: Any, assignment: Assignment) -> _Parts:
    questions = group_questions(assignment.entry)
    scores = region_scores_for_user(actor=actor, assignment=assignment)
    mine = {s.question_id: s for s in scores if s.assignment_id == assignment.pk}
    others: dict[int, list[OtherScore]] = defaultdict(list)
    for s in scores:
        if s.assignment_id != assignment.pk:
            others[s.question_id].append(OtherScore(s.assignment.assessor.code, s.level, s.note))
    version = _latest_version(assignment)
    answers = {a["key"]: a for a in (version.content.get("answers", []) if version is not None else [])}
    return _Parts(questions, mine, others, answers, version)


def scoring_rows(*, actor: Any, assignment: Assignment) -> list[ScoringRow]:
    """Every question of the region's group with ``actor``'s score (and, after their submission,
    the others' submitted scores), in the questionnaire's order: a fixed number of queries."""
    parts = _parts(actor, assignment)
    return [parts.row(q) for q in parts.questions]


def scoring_sheet(*, actor: Any, assignment: Assignment, dimension: str = "") -> ScoringSheet:
    """The scoring page of ``assignment``: one dimension's questions (the first unfinished one
    unless ``dimension`` names another), progress per dimension, the region's submitted
    self-assessment beside each question and, after submission, the other assessors' scores.
    A fixed number of queries whatever the number of questions or assessors."""
    parts = _parts(actor, assignment)
    progress: dict[str, DimensionProgress] = {}
    for q in parts.questions:
        d = progress.setdefault(q.dimension.code, DimensionProgress(q.dimension.code, q.dimension.name, 0, 0))
        d.total += 1
        d.answered += q.pk in parts.mine
    dimensions = list(progress.values())
    shown = progress.get(dimension) or next((d for d in dimensions if not d.complete), None)
    if shown is None and dimensions:
        shown = dimensions[0]
    rows = [parts.row(q) for q in parts.questions if shown is not None and q.dimension.code == shown.code]
    return ScoringSheet(
        assignment=assignment,
        dimensions=dimensions,
        dimension=shown,
        rows=rows,
        version=parts.version,
        peek=others_visible(actor, assignment),
    )


def scoring_row(*, actor: Any, assignment: Assignment, question: Question) -> ScoringRow:
    """One row of the sheet (what an HTMX save answers with)."""
    score = Score.objects.filter(assignment=assignment, question=question).first()
    version = _latest_version(assignment)
    answers = {a["key"]: a for a in (version.content.get("answers", []) if version is not None else [])}
    return ScoringRow(question, score, answers.get(question.key))


def scoring_question_get(*, assignment: Assignment, key: str) -> Question:
    """A question of the assignment's region group by key: 404 otherwise."""
    for q in group_questions(assignment.entry):
        if q.key == key:
            return q
    raise Http404("question")
