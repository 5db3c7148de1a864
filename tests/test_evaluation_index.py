"""Computing a round's index: the snapshot, its published figures, recomputation bit for bit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from kotacerdas.evaluation.models import ImmutableError, IndexSnapshot, RegionResult
from kotacerdas.evaluation.services import index_compute, snapshot_recompute

from .evaluation_data import historical_round, method_make

pytestmark = pytest.mark.django_db

KEDIRI_2022 = {"BASELINE": "3.60", "OUTPUT": "3.21", "OUTCOME": "3.23", "IMPACT": "3.07", "QUICK_WIN": "3.65"}
JAMBI_2024 = {"BASELINE": "3.84", "OUTPUT": "3.18", "OUTCOME": "3.53", "IMPACT": "3.63", "QUICK_WIN": "3.35"}


def test_historical_round_computes_published_figures_and_ranks(world):
    method = method_make()
    a, b = world.region_a, world.region_b
    round_ = historical_round(method, {a: KEDIRI_2022, b: JAMBI_2024})
    snapshot = index_compute(actor=world.users["ministry_admin"], round_=round_)
    results = {r.region_id: r for r in RegionResult.objects.filter(snapshot=snapshot)}
    assert snapshot.result["regions"][a.code]["index"] == "3.315"
    assert results[a.id].index == Decimal("3.32")  # half up from 3.315, never 3.31 by accident
    assert results[b.id].index == Decimal("3.48")
    assert (results[b.id].rank_national, results[a.id].rank_national) == (1, 2)
    assert results[a.id].improvement is None
    round_.refresh_from_db()
    assert round_.snapshot_id == snapshot.pk


def test_improvement_uses_the_previous_rounds_unrounded_index(world):
    method = method_make()
    a = world.region_a
    first = historical_round(method, {a: {**KEDIRI_2022, "OUTCOME": "2.88"}}, code="2021-2", year=2021)
    index_compute(actor=world.users["ministry_admin"], round_=first)
    second = historical_round(method, {a: KEDIRI_2022}, previous=first)
    snapshot = index_compute(actor=world.users["ministry_admin"], round_=second)
    region = snapshot.result["regions"][a.code]
    assert region["previous"] == "3.21"
    assert region["improvement"] == "0.105"
    assert region["improvement_published"] == "0.11"


def test_snapshot_recomputes_bit_for_bit_and_is_never_changed(world):
    method = method_make()
    round_ = historical_round(method, {world.region_a: KEDIRI_2022, world.region_b: JAMBI_2024})
    snapshot = index_compute(actor=world.users["ministry_admin"], round_=round_)
    stored = IndexSnapshot.objects.get(pk=snapshot.pk)
    result, digest = snapshot_recompute(stored)
    assert result == stored.result
    assert digest == stored.digest
    stored.digest = "x"
    with pytest.raises(ImmutableError):
        stored.save()


def test_a_second_computation_is_a_new_snapshot(world):
    method = method_make()
    round_ = historical_round(method, {world.region_a: KEDIRI_2022})
    first = index_compute(actor=world.users["ministry_admin"], round_=round_)
    second = index_compute(actor=world.users["ministry_admin"], round_=round_)
    assert (first.number, second.number) == (1, 2)
    assert first.digest == second.digest
    assert RegionResult.objects.filter(snapshot=first).count() == 1


def test_a_missing_dimension_is_refused_and_nothing_written(world):
    method = method_make()
    partial = {k: v for k, v in KEDIRI_2022.items() if k != "IMPACT"}
    round_ = historical_round(method, {world.region_a: partial})
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        index_compute(actor=world.users["ministry_admin"], round_=round_)
    assert "IMPACT" in str(exc.value)
    assert not IndexSnapshot.objects.exists()


@pytest.mark.parametrize("role", ["pendamping", "coordinator_a", "officer_a", "assessor", "anonymous"])
def test_only_the_ministry_computes(world, role):
    method = method_make()
    round_ = historical_round(method, {world.region_a: KEDIRI_2022})
    with pytest.raises(PermissionDenied):
        index_compute(actor=world.users.get(role), round_=round_)
    assert not IndexSnapshot.objects.exists()


def _scored_round(world, levels_by_assessor, *, submitted=(True, True, True)):
    """Region A scored by len(levels_by_assessor) assessors: each gives its level to every question."""
    from django.utils import timezone

    from kotacerdas.evaluation.models import Assessor, Assignment, Question, Round, RoundRegion, Score

    from .factories import UserFactory

    method = method_make()
    round_ = Round.objects.create(code="2024-2", year=2024, name="Evaluasi 2024", method=method)
    entry = RoundRegion.objects.create(
        round=round_, region=world.region_a, group=method.groups.get(code="regular")
    )
    questions = list(Question.objects.filter(method=method).exclude(dimension__code="KOLABORASI"))
    for n, (level, done) in enumerate(zip(levels_by_assessor, submitted, strict=False), start=1):
        assessor = Assessor.objects.create(user=UserFactory(), code=f"ASR-{n:03d}", category="academic")
        assignment = Assignment.objects.create(
            entry=entry, assessor=assessor, submitted_at=timezone.now() if done else None
        )
        Score.objects.bulk_create(
            Score(assignment=assignment, question=q, level=Decimal(level)) for q in questions
        )
    return round_


def test_question_level_round_combines_submitted_assessors_only(world):
    round_ = _scored_round(world, ["3", "4", "2", "0"], submitted=(True, True, True, False))
    snapshot = index_compute(actor=world.users["ministry_admin"], round_=round_)
    region = snapshot.result["regions"][world.region_a.code]
    assert set(region["questions"].values()) == {"3"}  # (3 + 4 + 2) / 3; the unsubmitted 0 does not count
    assert region["disagreements"] == sorted(
        region["questions"]
    )  # 4 - 2 = 2 levels apart: every question flagged
    assert region["index"] == "3"
    assert snapshot.inputs["regions"][0]["assessors"] == ["ASR-001", "ASR-002", "ASR-003"]
    assert region["smart"]["GOV"]["score"] == "3"
    _result, digest = snapshot_recompute(IndexSnapshot.objects.get(pk=snapshot.pk))
    assert digest == snapshot.digest


def test_thirds_stay_unrounded_until_published(world):
    round_ = _scored_round(world, ["3", "3", "4"])
    snapshot = index_compute(actor=world.users["ministry_admin"], round_=round_)
    region = snapshot.result["regions"][world.region_a.code]
    assert region["index"].startswith("3.3333333333")
    assert region["index_published"] == "3.33"
    assert region["disagreements"] == []


def test_a_panel_score_replaces_the_combined_score_and_both_are_kept(world):
    from kotacerdas.evaluation.models import PanelDecision, Question

    round_ = _scored_round(world, ["3", "4", "2"])
    question = Question.objects.get(method=round_.method, key="OUTCOME-1-3.1.1")
    PanelDecision.objects.create(
        entry=round_.regions.get(),
        question=question,
        score=Decimal("4"),
        reason="Bukti lengkap saat wawancara.",
    )
    snapshot = index_compute(actor=world.users["ministry_admin"], round_=round_)
    region = snapshot.result["regions"][world.region_a.code]
    assert region["questions"]["OUTCOME-1-3.1.1"] == "4"
    assert region["overridden"] == {"OUTCOME-1-3.1.1": "3"}
    assert Decimal(region["dimensions"]["OUTCOME"]["score"]) == Decimal("3.5")  # (4 + 3) / 2 questions


def test_published_results_answer_the_evaluated_stage(world):
    import datetime as dt

    from django.utils import timezone

    from kotacerdas.programme.stage_rules import stage_evidence

    from .factories import ParticipationFactory

    participation = ParticipationFactory(region=world.region_a)
    round_ = historical_round(method_make(), {world.region_a: KEDIRI_2022})
    round_.phase = "document_review"
    round_.save()
    assert stage_evidence(participation, "evaluated") is None  # not published yet
    round_.phase = "published"
    round_.published_at = timezone.make_aware(dt.datetime(2023, 12, 5, 10, 0))
    round_.save()
    evidence = stage_evidence(participation, "evaluated")
    assert evidence is not None and evidence.date == dt.date(2023, 12, 5)
