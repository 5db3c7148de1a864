"""Test data for result letters and findings: a computed round of world's regions (A: Kota
Jambi's 2024 scores, 3.48; B: Kota Kediri's 2022 scores, 3.315 → 3.32), in any phase, the cast's
assessor assigned to region A, and findings."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kotacerdas.evaluation.models import Assessor, Assignment, Finding, Round, RoundRegion
from kotacerdas.evaluation.services import index_compute

from .evaluation_data import historical_round, method_make

JAMBI_2024 = {"BASELINE": "3.84", "OUTPUT": "3.18", "OUTCOME": "3.53", "IMPACT": "3.63", "QUICK_WIN": "3.35"}
KEDIRI_2022 = {"BASELINE": "3.60", "OUTPUT": "3.21", "OUTCOME": "3.23", "IMPACT": "3.07", "QUICK_WIN": "3.65"}


def computed_round(
    world: Any,
    *,
    phase: str = "published",
    code: str = "2024-2",
    year: int = 2024,
    method: Any = None,
    previous: Round | None = None,
) -> Round:
    """A round of regions A and B with its index computed, in ``phase``."""
    method = method or method_make()
    round_ = historical_round(
        method,
        {world.region_a: JAMBI_2024, world.region_b: KEDIRI_2022},
        code=code,
        year=year,
        previous=previous,
    )
    index_compute(actor=world.users["ministry_admin"], round_=round_)
    Round.objects.filter(pk=round_.pk).update(
        phase=phase, published_at=timezone.now() if phase == "published" else None
    )
    round_.refresh_from_db()
    return round_


def entry_of(round_: Round, region: Any) -> RoundRegion:
    return RoundRegion.objects.select_related("round", "region").get(round=round_, region=region)


def assign_assessor(
    world: Any, round_: Round, *, region: Any = None, declared: bool = True, submitted: bool = False
) -> Assignment:
    """The cast's assessor, assigned to ``region`` (default A) in ``round_``."""
    assessor, _created = Assessor.objects.get_or_create(
        user=world.users["assessor"], defaults={"code": "ASR-001", "category": "academic"}
    )
    return Assignment.objects.create(
        entry=entry_of(round_, region or world.region_a),
        assessor=assessor,
        no_conflict_declared_at=timezone.now() if declared else None,
        submitted_at=timezone.now() if submitted else None,
    )


def add_findings(entry: RoundRegion, *, assignment: Assignment | None = None) -> list[Finding]:
    """A strength, a weakness and a recommendation (rows written directly, as a panel would have)."""
    texts = [
        ("strength", "Dewan Smart City aktif dan rapat rutin tiap triwulan."),
        ("weakness", "Anggaran quick win belum tercantum di APBD."),
        ("recommendation", "Susun rencana pengembangan SDM digital."),
    ]
    return [
        Finding.objects.create(entry=entry, assignment=assignment, kind=kind, text=text, position=n)
        for n, (kind, text) in enumerate(texts, start=1)
    ]


def scored_round(world: Any, *, phase: str = "published", code: str = "2024-2") -> Round:
    """A question-level round: region A scored 3 on every question by three assessors, region B
    2; its index computed (A 3.00, B 2.00, with smart-dimension scores and ranks), in ``phase``."""
    from decimal import Decimal

    from kotacerdas.evaluation.models import Question, Score

    from .factories import UserFactory

    method = method_make()
    round_ = Round.objects.create(code=code, year=2024, name="Evaluasi 2024", method=method)
    regular = method.groups.get(code="regular")
    questions = list(Question.objects.filter(method=method).exclude(dimension__code="KOLABORASI"))
    now = timezone.now()
    for n, (region, level) in enumerate(((world.region_a, "3"), (world.region_b, "2"))):
        entry = RoundRegion.objects.create(round=round_, region=region, group=regular)
        for k in range(3):
            assessor = Assessor.objects.create(
                user=UserFactory(), code=f"ASR-{n}{k:02d}", category="academic"
            )
            assignment = Assignment.objects.create(
                entry=entry, assessor=assessor, no_conflict_declared_at=now, submitted_at=now
            )
            Score.objects.bulk_create(
                Score(assignment=assignment, question=q, level=Decimal(level)) for q in questions
            )
    index_compute(actor=world.users["ministry_admin"], round_=round_)
    Round.objects.filter(pk=round_.pk).update(phase=phase, published_at=now if phase == "published" else None)
    round_.refresh_from_db()
    return round_
