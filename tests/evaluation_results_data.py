"""Evaluation results for the page, API and matrix tests: published historical rounds computed
through ``services.index_compute`` over world's regions and as many more as asked (in three
provinces, kota and kabupaten, two cohorts, some in a kawasan), and a question-level computation
stored the way ``index_compute`` stores one (until rounds take assessors' scores)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kotacerdas.evaluation import scoring, services
from kotacerdas.evaluation.models import IndexSnapshot, MethodVersion, RegionResult, Round, RoundRegion
from kotacerdas.evaluation.selectors import method_spec
from kotacerdas.programme.models import Kawasan, Participation

from .evaluation_data import historical_round, method_make
from .factories import CohortFactory, ParticipationFactory, RegionFactory

KEDIRI_2022 = {"BASELINE": "3.60", "OUTPUT": "3.21", "OUTCOME": "3.23", "IMPACT": "3.07", "QUICK_WIN": "3.65"}
JAMBI_2024 = {"BASELINE": "3.84", "OUTPUT": "3.18", "OUTCOME": "3.53", "IMPACT": "3.63", "QUICK_WIN": "3.35"}
PROVINCES = ("52", "51", "35")


def extra_regions(n: int) -> list[Any]:
    """``n`` participating regions besides world's: provinces 52, 51 and 35 in turn, every fourth a
    kota, cohorts 2017 and 2022, every fifth in the kawasan "mandalika"."""
    CohortFactory(year=2017)
    CohortFactory(year=2022)
    kawasan = Kawasan.objects.get_or_create(code="mandalika", defaults={"name": "KSPN Mandalika"})[0]
    regions = []
    for i in range(n):
        province = PROVINCES[i % 3]
        number = 71 + i // 3 if i % 4 == 0 else 10 + i // 3
        region = RegionFactory(code=f"{province}.{number:02d}", name=f"Daerah Uji {i:02d}")
        cohort = CohortFactory(year=2017 if i % 2 else 2022)
        if Participation.objects.filter(region=region).exists():
            pass
        elif i % 5 == 0:
            ParticipationFactory(region=region, cohort=cohort, track="kawasan", kawasan=kawasan)
        else:
            ParticipationFactory(region=region, cohort=cohort)
        regions.append(region)
    return regions


def scores_for(i: int) -> dict[str, str]:
    """Printed dimension scores that differ from region to region (ties now and then)."""
    base = Decimal("2.00") + Decimal(i % 17) / Decimal(10)
    return {
        dim: str(min(base + Decimal(k) / Decimal(20), Decimal("4.00")))
        for k, dim in enumerate(("BASELINE", "OUTPUT", "OUTCOME", "IMPACT", "QUICK_WIN"))
    }


def published_round(
    world: Any,
    *,
    extra: int = 0,
    code: str = "2023-2",
    year: int = 2023,
    method: MethodVersion | None = None,
    previous: Round | None = None,
    compute: bool = True,
    phase: str = "published",
) -> Round:
    """A historical round of region A (Kediri's 2022 scores: 3.315), region B (Jambi's 2024: 3.48)
    and ``extra`` more regions, computed by the ministry; ``phase`` other than published makes it
    an unpublished round."""
    method = method or MethodVersion.objects.filter(code="uji").first() or method_make()
    scores: dict[Any, dict[str, str]] = {world.region_a: KEDIRI_2022, world.region_b: JAMBI_2024}
    for i, region in enumerate(extra_regions(extra) if extra else []):
        scores[region] = scores_for(i)
    round_ = historical_round(method, scores, code=code, year=year, previous=previous)
    if phase != "published":
        Round.objects.filter(pk=round_.pk).update(phase=phase, published_at=None)
        round_.refresh_from_db()
    if compute:
        services.index_compute(actor=world.users["ministry_admin"], round_=round_)
        round_.refresh_from_db()
    return round_


def question_level_round(world: Any, *, code: str = "2024-2", year: int = 2024) -> Round:
    """A published round of regions A and B scored question by question by three assessors."""
    return question_level_round_of([world.region_a, world.region_b], code=code, year=year)


def question_level_round_of(regions: list[Any], *, code: str, year: int, name: str = "") -> Round:
    """A published round of ``regions`` scored question by question by three assessors (levels
    that differ from region to region), its computation stored as ``index_compute`` stores one
    (the same JSON, the same RegionResult rows): rounds take no assessors' scores yet."""
    method = MethodVersion.objects.filter(code="uji").first() or method_make()
    round_ = Round.objects.create(
        code=code,
        year=year,
        name=name or f"Evaluasi {year}",
        method=method,
        phase="published",
        historical=False,
    )
    groups = {g.code: g for g in method.groups.all()}
    spec = method_spec(method)
    inputs = []
    for n, region in enumerate(regions):
        RoundRegion.objects.create(round=round_, region=region, group=groups["regular"])
        levels: dict[str, dict[str, Decimal]] = {}
        for i, (key, question) in enumerate(sorted(spec.questions.items())):
            if question.dimension == "KOLABORASI":
                continue
            if question.answer == scoring.SURVEY:
                levels[key] = {"a1": Decimal("3.25") + Decimal(n % 3) / 4}
            else:
                levels[key] = {
                    "a1": Decimal(3),
                    "a2": Decimal(4 - (i + n) % 2),
                    "a3": Decimal(1 + (2 * n + i) % 4),
                }
        inputs.append(
            scoring.RegionInput(
                region=region.code,
                group="regular",
                province=region.province.code,
                peers={"level": region.level},
                scores=levels,
            )
        )
    result = scoring.compute_round(spec, inputs)
    stored = {
        "method": scoring.spec_to_json(spec),
        "method_version": method.label,
        "regions": scoring.inputs_to_json(inputs),
    }
    snapshot = IndexSnapshot.objects.create(
        round=round_,
        number=1,
        method=method,
        engine=scoring.ENGINE_VERSION,
        inputs=stored,
        result=result,
        digest=services.canonical_digest(stored, result),
    )
    region_ids = {region.code: region.pk for region in regions}
    RegionResult.objects.bulk_create(services._results_rows(snapshot, region_ids))
    Round.objects.filter(pk=round_.pk).update(snapshot=snapshot)
    round_.refresh_from_db()
    return round_
