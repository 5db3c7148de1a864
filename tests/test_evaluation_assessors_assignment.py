"""The pure rules of assessors: conflict detection (``evaluation/conflicts.py``) and automatic
assignment (``evaluation/assignment.py``), without a database.

Assignment is checked against brute force on small rounds (every possible assignment tried):
no conflict is ever paired, loads end within one whenever some assignment allows it (and as
even as any assignment allows otherwise), expertise cannot gain from a swap that keeps loads,
and the same input in any order gives the same plan. Then a national round: 514 regions in 34
provinces, 48 assessors spread over them.
"""

from __future__ import annotations

import dataclasses
import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kotacerdas.evaluation import conflicts
from kotacerdas.evaluation.assignment import (
    LIMIT_FREE,
    LIMIT_KEPT,
    AssignmentError,
    Candidate,
    RegionNeed,
    assign,
)
from kotacerdas.evaluation.choices import ConflictKind

DIMS = ("BASELINE", "OUTPUT", "OUTCOME", "IMPACT", "QUICK_WIN")


# ---------------------------------------------------------------- conflicts


def test_conflict_kinds_are_the_stored_kinds():
    assert set(conflicts.KINDS) == set(ConflictKind.values)


def test_each_kind_of_conflict_is_found():
    region = conflicts.RegionFacts(code="52.04", province="52", partners=frozenset({"Universitas Mataram"}))
    free = conflicts.AssessorFacts(code="ASR-001", institution="ITB", home_province="51", home_region="51.08")
    assert conflicts.conflict_kinds(free, region) == ()
    home = conflicts.AssessorFacts(code="ASR-002", home_province="52", home_region="52.04")
    assert conflicts.conflict_kinds(home, region) == ("home_region", "home_province")
    province = conflicts.AssessorFacts(code="ASR-003", home_province="52", home_region="52.71")
    assert conflicts.conflict_kinds(province, region) == ("home_province",)
    partner = conflicts.AssessorFacts(code="ASR-004", institution="  universitas   MATARAM ")
    assert conflicts.conflict_kinds(partner, region) == ("institution",)
    declared = conflicts.AssessorFacts(code="ASR-005", declared=frozenset({"52.04"}))
    assert conflicts.conflict_kinds(declared, region) == ("declared",)


def test_an_empty_institution_matches_no_partner():
    region = conflicts.RegionFacts(code="52.04", province="52", partners=frozenset({" ", ""}))
    assert conflicts.conflict_kinds(conflicts.AssessorFacts(code="A", institution=""), region) == ()
    assert conflicts.conflict_map([conflicts.AssessorFacts(code="A", institution=" ")], [region]) == {}


institutions = st.sampled_from(["Universitas Mataram", "universitas  mataram", "ITB", "itb ", "UGM", ""])
provinces = st.sampled_from(["51", "52", "53"])


@st.composite
def conflict_worlds(draw):
    regions = []
    for i, province in enumerate(draw(st.lists(provinces, min_size=1, max_size=8))):
        partners = frozenset(draw(st.lists(institutions, max_size=2)))
        regions.append(
            conflicts.RegionFacts(code=f"{province}.{i + 1:02d}", province=province, partners=partners)
        )
    codes = [r.code for r in regions]
    assessors = []
    for j in range(draw(st.integers(1, 6))):
        assessors.append(
            conflicts.AssessorFacts(
                code=f"ASR-{j:03d}",
                institution=draw(institutions),
                home_province=draw(st.sampled_from(["", "51", "52", "53"])),
                home_region=draw(st.sampled_from(["", *codes])),
                declared=frozenset(draw(st.lists(st.sampled_from(codes), max_size=2))),
            )
        )
    return assessors, regions


@given(conflict_worlds())
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_conflict_map_holds_exactly_the_pairs_in_conflict(world):
    assessors, regions = world
    found = conflicts.conflict_map(assessors, regions)
    for a in assessors:
        for r in regions:
            kinds = conflicts.conflict_kinds(a, r)
            assert found.get(a.code, {}).get(r.code, ()) == kinds


# ---------------------------------------------------------------- assignment: examples


def _regions(n: int, provinces: int = 3, dims: tuple[str, ...] = DIMS) -> list[RegionNeed]:
    return [
        RegionNeed(
            code=f"{10 + i % provinces}.{i + 1:02d}",
            province=str(10 + i % provinces),
            dimensions=frozenset(dims),
        )
        for i in range(n)
    ]


def test_every_region_gets_its_assessors_and_loads_are_even():
    regions = _regions(10)
    assessors = [Candidate(code=f"A{j}") for j in range(7)]
    plan = assign(regions, assessors, per_region=3)
    assert all(len(plan.regions[r.code]) == 3 for r in regions)
    assert sorted(plan.loads.values()) == [4, 4, 4, 4, 4, 5, 5]  # 30 regions' places over 7
    assert plan.balanced and plan.band == (4, 5)


def test_a_region_short_of_free_assessors_is_named():
    regions = _regions(3)
    assessors = [
        Candidate(code="A1", conflicts=frozenset({regions[1].code})),
        Candidate(code="A2", conflicts=frozenset({regions[1].code})),
        Candidate(code="A3"),
    ]
    with pytest.raises(AssignmentError) as caught:
        assign(regions, assessors, per_region=2)
    assert caught.value.short == {regions[1].code: (1, 2)}
    assert regions[1].code in str(caught.value)


def test_kept_assessors_count_and_are_never_given_the_region_again():
    region = RegionNeed(code="52.04", province="52", kept=frozenset({"A1", "A2"}))
    plan = assign(
        [region], [Candidate(code=f"A{j}", load=1 if j < 3 else 0) for j in range(1, 5)], per_region=3
    )
    assert len(plan.regions["52.04"]) == 1
    assert plan.regions["52.04"][0] in {"A3", "A4"}
    full = RegionNeed(code="52.05", province="52", kept=frozenset({"A1", "A2", "A3"}))
    assert assign([full], [Candidate(code="A4")], per_region=3).regions == {}


def test_expertise_decides_between_equally_loaded_assessors():
    region = RegionNeed(code="52.04", province="52", dimensions=frozenset({"OUTPUT", "IMPACT"}))
    assessors = [
        Candidate(code="A1", expertise=frozenset({"OUTPUT"})),
        Candidate(code="A2", expertise=frozenset({"OUTPUT"})),
        Candidate(code="A3", expertise=frozenset({"IMPACT"})),
    ]
    plan = assign([region], assessors, per_region=2)
    assert plan.regions["52.04"] == ("A1", "A3")  # A2 adds nothing A1 does not; A1 before A2 by code
    assert plan.uncovered == {}


def test_a_trade_that_keeps_loads_covers_what_the_greedy_choice_missed():
    """A is the least loaded when 11.01 is chosen, but only B knows its dimension: B takes
    11.01 and hands A the region without dimensions, so every load stays as it was."""
    regions = [
        RegionNeed(code="11.01", province="11", dimensions=frozenset({"OUTPUT"})),
        RegionNeed(code="12.01", province="12", dimensions=frozenset({"IMPACT"})),
        RegionNeed(code="13.01", province="13"),
    ]
    assessors = [
        Candidate(code="A", expertise=frozenset({"IMPACT"})),
        Candidate(code="B", load=1, expertise=frozenset({"OUTPUT"})),
        Candidate(code="C", load=1),
    ]
    plan = assign(regions, assessors, per_region=1)
    assert plan.regions == {"11.01": ("B",), "12.01": ("A",), "13.01": ("A",)}
    assert plan.uncovered == {}
    assert plan.loads == {"A": 2, "B": 2, "C": 1}


def test_conflicts_that_forbid_even_loads_are_explained():
    """A1 may take only one region of four: the others carry more, and the plan says why."""
    regions = _regions(4, provinces=4)
    assessors = [
        Candidate(code="A1", conflicts=frozenset(r.code for r in regions[1:])),
        Candidate(code="A2"),
        Candidate(code="A3"),
    ]
    plan = assign(regions, assessors, per_region=2)
    assert not plan.balanced
    assert plan.loads == {"A1": 1, "A2": 4, "A3": 3} or plan.loads == {"A1": 1, "A2": 3, "A3": 4}
    assert [(limit.assessor, limit.kind, limit.regions) for limit in plan.limits] == [("A1", LIMIT_FREE, 1)]


def test_kept_loads_that_forbid_even_loads_are_explained():
    regions = [RegionNeed(code="11.01", province="11")]
    assessors = [Candidate(code="A1", load=5), Candidate(code="A2"), Candidate(code="A3")]
    plan = assign(regions, assessors, per_region=3)
    assert not plan.balanced
    kinds = {(limit.assessor, limit.kind) for limit in plan.limits}
    assert ("A1", LIMIT_KEPT) in kinds and ("A2", LIMIT_FREE) in kinds


def test_per_region_must_be_positive():
    with pytest.raises(ValueError):
        assign(_regions(1), [Candidate(code="A1")], per_region=0)


# ---------------------------------------------------------------- assignment: properties


@st.composite
def small_rounds(draw):
    n_regions = draw(st.integers(1, 3))
    n_assessors = draw(st.integers(1, 5))
    per_region = draw(st.integers(1, 2))
    codes = [f"{11 + i}.01" for i in range(n_regions)]
    names = [f"A{j}" for j in range(n_assessors)]
    kept: dict[str, frozenset[str]] = {}
    for code in codes:
        kept[code] = frozenset(draw(st.lists(st.sampled_from(names), max_size=1, unique=True)))
    loads = {a: sum(a in k for k in kept.values()) for a in names}
    regions = [
        RegionNeed(
            code=code,
            province=code[:2],
            dimensions=frozenset(draw(st.lists(st.sampled_from(DIMS[:3]), max_size=3, unique=True))),
            kept=kept[code],
        )
        for code in codes
    ]
    assessors = [
        Candidate(
            code=a,
            load=loads[a] + draw(st.integers(0, 1)),
            expertise=frozenset(draw(st.lists(st.sampled_from(DIMS[:3]), max_size=2, unique=True))),
            conflicts=frozenset(draw(st.lists(st.sampled_from(codes), max_size=n_regions, unique=True)))
            - {c for c in codes if a in kept[c]},
        )
        for a in names
    ]
    return regions, assessors, per_region


def _every_assignment(regions, assessors, per_region):
    """Every way of giving each region its missing assessors (brute force)."""
    choices = []
    for r in regions:
        free = [a.code for a in assessors if r.code not in a.conflicts and a.code not in r.kept]
        choices.append(list(itertools.combinations(free, max(0, per_region - len(r.kept)))))
    for combo in itertools.product(*choices):
        yield dict(zip([r.code for r in regions], combo, strict=True))


def _loads(assessors, chosen):
    loads = {a.code: a.load for a in assessors}
    for picked in chosen.values():
        for a in picked:
            loads[a] += 1
    return loads


@settings(max_examples=300, deadline=None)
@given(small_rounds())
def test_assignment_matches_brute_force(round_):
    regions, assessors, per_region = round_
    free = {
        r.code: [a for a in assessors if r.code not in a.conflicts and a.code not in r.kept] for r in regions
    }
    if any(len(free[r.code]) < per_region - len(r.kept) for r in regions):
        with pytest.raises(AssignmentError):
            assign(regions, assessors, per_region)
        return
    plan = assign(regions, assessors, per_region)
    by_code = {a.code: a for a in assessors}
    for r in regions:
        new = plan.regions.get(r.code, ())
        assert len(set(new)) == len(new) == max(0, per_region - len(r.kept))
        assert not set(new) & r.kept
        assert all(r.code not in by_code[a].conflicts for a in new)
    assert plan.loads == _loads(assessors, {r.code: plan.regions.get(r.code, ()) for r in regions})
    working = set(plan.working)
    spreads = []
    squares = []
    for chosen in _every_assignment(regions, assessors, per_region):
        loads = _loads(assessors, chosen)
        values = [loads[a] for a in working]
        spreads.append(max(values) - min(values) if values else 0)
        squares.append(sum(v * v for v in values))
    assert plan.balanced == (min(spreads) <= 1)
    assert sum(plan.loads[a] ** 2 for a in working) == min(squares)
    assert plan.balanced or plan.limits


@settings(max_examples=200, deadline=None)
@given(small_rounds(), st.randoms())
def test_assignment_is_deterministic_in_any_order(round_, rnd):
    regions, assessors, per_region = round_
    try:
        plan = assign(regions, assessors, per_region)
    except AssignmentError as exc:
        shuffled_regions, shuffled_assessors = list(regions), list(assessors)
        rnd.shuffle(shuffled_regions)
        rnd.shuffle(shuffled_assessors)
        with pytest.raises(AssignmentError) as again:
            assign(shuffled_regions, shuffled_assessors, per_region)
        assert again.value.short == exc.short
        return
    shuffled_regions, shuffled_assessors = list(regions), list(assessors)
    rnd.shuffle(shuffled_regions)
    rnd.shuffle(shuffled_assessors)
    assert assign(shuffled_regions, shuffled_assessors, per_region) == plan


@settings(max_examples=200, deadline=None)
@given(small_rounds())
def test_no_swap_that_keeps_loads_would_cover_more(round_):
    regions, assessors, per_region = round_
    try:
        plan = assign(regions, assessors, per_region)
    except AssignmentError:
        return
    by_code = {a.code: a for a in assessors}

    def covered(region, members):
        found = set()
        for a in (*region.kept, *members):
            found |= by_code[a].expertise
        return len(found & region.dimensions)

    for r in regions:
        members = set(plan.regions.get(r.code, ()))
        for giver in members:
            for taker in by_code:
                if taker in members or taker in r.kept or r.code in by_code[taker].conflicts:
                    continue
                if plan.loads[giver] == plan.loads[taker] + 1:
                    assert covered(r, (members - {giver}) | {taker}) <= covered(r, members)


# ---------------------------------------------------------------- a national round


def national_round(seed: int = 2024):
    """514 regions in 34 provinces (as unevenly as the real ones), 48 assessors spread over the
    provinces, a fifth of them with a home region, universities partnering regions."""
    rnd = random.Random(seed)
    provinces = [f"{11 + p}" for p in range(34)]
    weights = [rnd.randint(5, 38) for _ in provinces]
    counts = [max(1, round(514 * w / sum(weights))) for w in weights]
    counts[-1] += 514 - sum(counts)
    universities = [f"Universitas {n}" for n in range(30)]
    region_facts = []
    for province, count in zip(provinces, counts, strict=True):
        for k in range(count):
            partners = frozenset(rnd.sample(universities, rnd.randint(0, 2)))
            region_facts.append(
                conflicts.RegionFacts(code=f"{province}.{k + 1:02d}", province=province, partners=partners)
            )
    assessor_facts = []
    for j in range(48):
        province = provinces[j % 34]
        own = [r.code for r in region_facts if r.province == province]
        assessor_facts.append(
            conflicts.AssessorFacts(
                code=f"ASR-{j + 1:03d}",
                institution=rnd.choice([*universities, "Kementerian", "Konsultan TI"]).upper(),
                home_province=province,
                home_region=rnd.choice(own) if j % 5 == 0 else "",
                declared=frozenset(rnd.sample([r.code for r in region_facts], 2)),
            )
        )
    found = conflicts.conflict_map(assessor_facts, region_facts)
    regions = [
        RegionNeed(
            code=r.code, province=r.province, dimensions=frozenset(DIMS if i % 7 else (*DIMS, "KOLABORASI"))
        )
        for i, r in enumerate(region_facts)
    ]
    assessors = [
        Candidate(
            code=a.code,
            expertise=frozenset(rnd.sample([*DIMS, "KOLABORASI"], rnd.randint(1, 3))),
            conflicts=frozenset(found.get(a.code, {})),
        )
        for a in assessor_facts
    ]
    return regions, assessors, found


def test_national_round_of_514_regions_and_48_assessors():
    regions, assessors, found = national_round()
    assert len(regions) == 514 and len({r.province for r in regions}) == 34
    assert sum(len(pairs) for pairs in found.values()) > 514  # every assessor has conflicts
    plan = assign(regions, assessors, per_region=3)
    pairs = [(a, r) for r, chosen in plan.regions.items() for a in chosen]
    assert len(pairs) == 514 * 3
    assert all(len(set(plan.regions[r.code])) == 3 for r in regions)
    assert not [(a, r) for a, r in pairs if r in found.get(a, {})]  # never a conflicting pair
    loads = [plan.loads[a.code] for a in assessors]
    assert max(loads) - min(loads) <= 1 and plan.balanced
    assert sorted(set(loads)) == [32, 33]  # 1542 regions ÷ 48


def test_national_round_covers_more_dimensions_than_an_assignment_blind_to_expertise():
    regions, assessors, _ = national_round()
    by_code = {a.code: a for a in assessors}

    def covered(plan):
        total = 0
        for r in regions:
            found = set()
            for a in plan.regions[r.code]:
                found |= by_code[a].expertise
            total += len(found & r.dimensions)
        return total

    plan = assign(regions, assessors, per_region=3)
    blind = assign(regions, [dataclasses.replace(a, expertise=frozenset()) for a in assessors], per_region=3)
    assert covered(plan) > covered(blind) * 1.15
    assert sum(len(r.dimensions) - len(plan.uncovered.get(r.code, ())) for r in regions) == covered(plan)
