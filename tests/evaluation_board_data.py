"""Board and panel test data: a round of the small test method (``evaluation_data.method_make``)
in its panel phase, its regions scored question by question by assessors who disagree on some
questions."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kotacerdas.accounts.models import User
from kotacerdas.evaluation.models import Assessor, Assignment, Question, Round, RoundRegion, Score

from .evaluation_data import method_make


def assessors_make(count: int, *, prefix: str = "ASR-P") -> list[Assessor]:
    out = []
    for n in range(1, count + 1):
        user = User.objects.get_or_create(
            username=f"{prefix.lower()}-{n}", defaults={"full_name": f"Asesor {n}"}
        )[0]
        out.append(
            Assessor.objects.get_or_create(
                user=user, defaults={"code": f"{prefix}{n:02d}", "category": "academic"}
            )[0]
        )
    return out


def level_for(question: Question, region: int, assessor: int, position: int) -> Decimal:
    """Levels that differ between regions and questions; the third assessor often disagrees."""
    if question.answer == "survey":
        return Decimal("3.25") + Decimal((region + assessor) % 3) / 4
    return Decimal((3, 4 - (position + region) % 2, 1 + (2 * region + position) % 4)[assessor % 3])


def board_round(
    regions: Sequence[Any],
    *,
    code: str = "2024-2",
    phase: str = "panel",
    assessors: int = 3,
    questions: int = 2,
    submitted: int | None = None,
) -> Round:
    """A round of ``regions`` (the regular group) in ``phase``; each region scored on every
    question by ``assessors`` assessors, of whom the first ``submitted`` (all by default) have
    submitted."""
    method = method_make(code=f"uji-{code}", questions=questions)
    round_ = Round.objects.create(code=code, year=2024, name=f"Evaluasi {code}", method=method, phase=phase)
    regular = method.groups.get(code="regular")
    group_questions = list(
        Question.objects.filter(method=method).exclude(dimension__code="KOLABORASI").order_by("position")
    )
    pool = assessors_make(assessors)
    done = assessors if submitted is None else submitted
    now = timezone.now()
    scores = []
    for r, region in enumerate(regions):
        entry = RoundRegion.objects.create(round=round_, region=region, group=regular)
        for a, assessor in enumerate(pool):
            assignment = Assignment.objects.create(
                entry=entry, assessor=assessor, submitted_at=now if a < done else None
            )
            for i, question in enumerate(group_questions):
                scores.append(
                    Score(assignment=assignment, question=question, level=level_for(question, r, a, i))
                )
    Score.objects.bulk_create(scores)
    return round_


def group_questions(round_: Round) -> list[Question]:
    return list(
        Question.objects.filter(method=round_.method)
        .exclude(dimension__code="KOLABORASI")
        .order_by("position")
    )
