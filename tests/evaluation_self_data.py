"""Self-assessment test data: a round in its self-assessment phase with region A (and B) in it,
built on the small method of ``evaluation_data.method_make``; a pokja; uploads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.evaluation import self_assessment as services
from kotacerdas.evaluation.models import (
    MethodVersion,
    Question,
    Round,
    RoundPhase,
    RoundRegion,
    SelfAssessment,
)
from kotacerdas.evaluation.self_selectors import group_questions
from kotacerdas.organisation.models import WorkingGroup
from kotacerdas.organisation.services import working_group_set
from kotacerdas.programme.models import Dimension

from .evaluation_data import method_make

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


@dataclass
class SelfRound:
    method: MethodVersion
    round: Round
    entry: RoundRegion  # region A
    entry_b: RoundRegion

    def questions(self) -> list[Question]:
        return group_questions(self.entry)

    def question(self, dimension: str, number: int = 1) -> Question:
        return [q for q in self.questions() if q.dimension.code == dimension][number - 1]

    def start(self, world) -> SelfAssessment:
        return services.self_assessment_get_or_start(self.entry, actor=world.users["coordinator_a"])


def self_round(
    world, *, questions: int = 2, phase: str = "self_assessment", code: str = "2024-2", group: str = "regular"
) -> SelfRound:
    """A round of ``method_make(questions=...)`` in ``phase`` with regions A and B; the regular
    group has 5 dimensions, so ``questions`` 2 gives 10 questions and 8 gives 40."""
    method = method_make(code=f"uji-{code}", questions=questions)
    round_ = Round.objects.create(code=code, year=2024, name=f"Evaluasi {code}", method=method, phase=phase)
    RoundPhase.objects.create(
        round=round_, phase="self_assessment", opens_on=dt.date(2024, 5, 1), closes_on=dt.date(2024, 6, 30)
    )
    chosen = method.groups.get(code=group)
    entry = RoundRegion.objects.create(round=round_, region=world.region_a, group=chosen)
    entry_b = RoundRegion.objects.create(round=round_, region=world.region_b, group=chosen)
    return SelfRound(method=method, round=round_, entry=entry, entry_b=entry_b)


def pokja(world, dimension: str = "GOV", agency=None) -> WorkingGroup:
    """Region A's pokja of ``dimension``, led by ``agency`` (the officer's, by default)."""
    return working_group_set(
        actor=world.users["coordinator_a"],
        region=world.region_a,
        dimension=Dimension.objects.get(code=dimension),
        leading_agency=agency or world.agency_a,
    )


def upload(name: str = "bukti.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def answer_all(world, sr: SelfRound, *, skip: int = 0) -> SelfAssessment:
    """Region A's coordinator answers every question but the last ``skip``: level 3, survey means 3.40."""
    sa = sr.start(world)
    questions = sr.questions()
    for q in questions[: len(questions) - skip]:
        services.answer_save(
            actor=world.users["coordinator_a"],
            self_assessment=sa,
            question=q,
            level="3.40" if q.answer == "survey" else "3",
            justification=f"Bukti untuk {q.number}",
        )
    sa.refresh_from_db()
    return sa
