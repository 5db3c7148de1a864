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
