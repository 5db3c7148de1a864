"""Evaluation results for the page, API and matrix tests: published historical rounds computed
through ``services.index_compute`` over world's regions and as many more as asked (in three
provinces, kota and kabupaten, two cohorts, some in a kawasan), and rounds scored question by
question by three assessors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kotacerdas.evaluation import services
from kotacerdas.evaluation.models import MethodVersion, Round, RoundRegion
from kotacerdas.programme.models import Kawasan, Participation

from .evaluation_data import historical_round, method_make
from .factories import CohortFactory, ParticipationFactory, RegionFactory

KEDIRI_2022 = {"BASELINE": "3.60", "OUTPUT": "3.21", "OUTCOME": "3.23", "IMPACT": "3.07", "QUICK_WIN": "3.65"}
JAMBI_2024 = {"BASELINE": "3.84", "OUTPUT": "3.18", "OUTCOME": "3.53", "IMPACT": "3.63", "QUICK_WIN": "3.35"}
# 52, 51 and 35 take the first 81 regions (27 each); more regions go to further provinces.
PROVINCES = ("52", "51", "35", "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33")
PROVINCES += ("34", "36", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76", "81", "82")


def extra_regions(n: int) -> list[Any]:
    """``n`` participating regions besides world's: provinces 52, 51 and 35 in turn (then others past
    81 regions), every fourth a kota, cohorts 2017 and 2022, every fifth in the kawasan "mandalika"."""
    CohortFactory(year=2017)
    CohortFactory(year=2022)
    kawasan = Kawasan.objects.get_or_create(code="mandalika", defaults={"name": "KSPN Mandalika"})[0]
    regions = []
    for i in range(n):
        block, j = divmod(i, 81)
        province = PROVINCES[3 * block + i % 3]
        number = 71 + j // 3 if i % 4 == 0 else 10 + j // 3
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


def question_level_round_of(
    regions: list[Any], *, code: str, year: int, name: str = "", actor: Any = None
) -> Round:
    """A published round of ``regions`` scored question by question by three assessors (levels that
    differ from region to region and question to question), computed by ``index_compute``."""
    from django.utils import timezone

    from kotacerdas.accounts.models import User
    from kotacerdas.evaluation.models import Assessor, Assignment, Question, Score

    method = MethodVersion.objects.filter(code="uji").first() or method_make()
    round_ = Round.objects.create(
        code=code,
        year=year,
        name=name or f"Evaluasi {year}",
        method=method,
        phase="published",
        historical=False,
    )
    regular = method.groups.get(code="regular")
    questions = list(
        Question.objects.filter(method=method).exclude(dimension__code="KOLABORASI").order_by("position")
    )
    assessors = []
    for n in range(1, 4):
        user = User.objects.get_or_create(
            username=f"asesor-uji-{n}", defaults={"full_name": f"Asesor Uji {n}"}
        )[0]
        assessors.append(
            Assessor.objects.get_or_create(
                user=user, defaults={"code": f"ASR-U{n:02d}", "category": "academic"}
            )[0]
        )
    scores = []
    for r, region in enumerate(regions):
        entry = RoundRegion.objects.create(round=round_, region=region, group=regular)
        for a, assessor in enumerate(assessors):
            assignment = Assignment.objects.create(
                entry=entry, assessor=assessor, submitted_at=timezone.now()
            )
            for i, question in enumerate(questions):
                if question.answer == "survey":
                    level = Decimal("3.25") + Decimal((r + a) % 3) / 4
                else:
                    level = Decimal((3, 4 - (i + r) % 2, 1 + (2 * r + i) % 4)[a])
                scores.append(Score(assignment=assignment, question=question, level=level))
    Score.objects.bulk_create(scores)
    services.index_compute(actor=actor or _ministry(), round_=round_)
    round_.refresh_from_db()
    return round_


def _ministry() -> Any:
    """A ministry admin to compute with (the test world's, or one made for the purpose)."""
    from kotacerdas.accounts.models import Membership

    membership = Membership.objects.filter(role="ministry_admin").select_related("user").first()
    if membership is not None:
        return membership.user
    from .factories import UserFactory
    from .factories import membership as make_membership

    user = UserFactory(username="admin-uji")
    make_membership(user, "ministry_admin")
    return user
