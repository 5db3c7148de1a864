"""Scoring test data: a round in document review over regions A and B (the small method of
``evaluation_data``), the cast's assessor assigned to A and declared free of conflict, other
assessors assigned to A too, and a submitted self-assessment version of A."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from kotacerdas.evaluation.models import (
    Assessor,
    Assignment,
    Question,
    Round,
    RoundRegion,
    Score,
    SelfAssessment,
    SelfAssessmentVersion,
)
from kotacerdas.evaluation.self_selectors import group_questions

from .evaluation_assessors_data import round_make
from .evaluation_data import method_make
from .factories import UserFactory, membership


@dataclass
class ScoringRound:
    round: Round
    entry: RoundRegion  # region A
    entry_b: RoundRegion
    assignment: Assignment  # the cast's assessor on A

    def questions(self) -> list[Question]:
        return group_questions(self.entry)

    def question(self, dimension: str, number: int = 1) -> Question:
        return [q for q in self.questions() if q.dimension.code == dimension][number - 1]


def scoring_round(
    world: Any,
    *,
    questions: int = 2,
    phase: str = "document_review",
    declared: bool = True,
    code: str = "2024-2",
) -> ScoringRound:
    method = method_make(code=f"uji-{code}", questions=questions)
    round_ = round_make([world.region_a, world.region_b], method=method, code=code, phase=phase)
    entry = RoundRegion.objects.get(round=round_, region=world.region_a)
    entry_b = RoundRegion.objects.get(round=round_, region=world.region_b)
    assessor, _created = Assessor.objects.get_or_create(
        user=world.users["assessor"], defaults={"code": "ASR-001", "category": "academic"}
    )
    assignment = Assignment.objects.create(
        entry=entry, assessor=assessor, no_conflict_declared_at=timezone.now() if declared else None
    )
    return ScoringRound(round=round_, entry=entry, entry_b=entry_b, assignment=assignment)


def other_assessor(
    sr: ScoringRound, code: str = "ASR-002", *, submitted: bool = False, level: str = "2"
) -> Assignment:
    """Another assessor assigned to A, who scored every question ``level`` (and perhaps submitted)."""
    user = UserFactory(username=code.lower())
    membership(user, "assessor")
    assessor = Assessor.objects.create(user=user, code=code, category="practitioner")
    assignment = Assignment.objects.create(
        entry=sr.entry,
        assessor=assessor,
        no_conflict_declared_at=timezone.now(),
        submitted_at=timezone.now() if submitted else None,
    )
    Score.objects.bulk_create(
        [
            Score(assignment=assignment, question=q, level=level, note=f"catatan {code}")
            for q in sr.questions()
        ]
    )
    return assignment


def score_all(
    sr: ScoringRound, assignment: Assignment | None = None, *, skip: int = 0, level: str = "3"
) -> None:
    """Scores (written directly) for every question but the last ``skip``."""
    questions = sr.questions()
    Score.objects.bulk_create(
        [
            Score(assignment=assignment or sr.assignment, question=q, level=level)
            for q in questions[: len(questions) - skip]
        ]
    )


def self_version(sr: ScoringRound) -> SelfAssessmentVersion:
    """A submitted self-assessment version of A: every question proposed 3 with a justification."""
    sa = SelfAssessment.objects.create(entry=sr.entry, status="submitted", submitted_at=timezone.now())
    answers = [
        {
            "key": q.key,
            "number": q.number,
            "text": q.text,
            "answer": q.answer,
            "dimension": q.dimension.code,
            "dimension_name": q.dimension.name,
            "indicator": "1",
            "indicator_name": "Indikator",
            "smart_dimension": None,
            "level": "3",
            "justification": f"Bukti wilayah {q.number}",
            "links": [],
            "evidence": [{"id": "ev-1", "name": "sk-dewan.pdf", "kind": "pdf", "size": 120}],
            "updated_by": "",
        }
        for q in sr.questions()
    ]
    content = {
        "answers": answers,
        "documents": [],
        "surveys": [],
        "files": {"ev-1": {"path": "x.pdf", "name": "sk-dewan.pdf"}},
    }
    return SelfAssessmentVersion.objects.create(self_assessment=sa, number=1, content=content)
