"""Evaluation test data: a small method built directly (two groups, six dimensions, two questions
each) and a historical round of world's regions with printed dimension scores."""

from __future__ import annotations

from decimal import Decimal

from kotacerdas.evaluation.models import (
    DimensionInput,
    GroupWeight,
    Indicator,
    MethodDimension,
    MethodGroup,
    MethodVersion,
    Question,
    Round,
    RoundRegion,
    SubIndicator,
)
from kotacerdas.programme.models import Dimension

DIMENSIONS = ["BASELINE", "OUTPUT", "OUTCOME", "IMPACT", "QUICK_WIN", "KOLABORASI"]
REGULAR = {"BASELINE": 10, "OUTPUT": 20, "OUTCOME": 30, "IMPACT": 20, "QUICK_WIN": 20}
KAWASAN = {"BASELINE": 10, "OUTPUT": 20, "OUTCOME": 20, "IMPACT": 20, "QUICK_WIN": 20, "KOLABORASI": 10}
SMART = {"OUTCOME": "GOV", "IMPACT": "ECO"}


def method_make(
    *, code: str = "uji", version: int = 1, combine: str = "mean", questions: int = 2
) -> MethodVersion:
    method = MethodVersion.objects.create(
        code=code,
        version=version,
        name=f"Metode uji {code}",
        levels=["0", "1", "2", "3", "4"],
        scale_min=Decimal(0),
        scale_max=Decimal(4),
        combine=combine,
        bands=[
            {"min": "3.50", "label": "Sangat Baik"},
            {"min": "2.50", "label": "Baik"},
            {"min": "0", "label": "Cukup"},
        ],
        digest=f"test-{code}-{version}",
    )
    smart = {d.code: d for d in Dimension.objects.filter(code__in=SMART.values())}
    dims = {}
    position = 0
    for d_pos, code_ in enumerate(DIMENSIONS, start=1):
        dim = MethodDimension.objects.create(method=method, code=code_, name=code_.title(), position=d_pos)
        dims[code_] = dim
        indicator = Indicator.objects.create(dimension=dim, number="1", name=f"Indikator {code_}")
        sub = SubIndicator.objects.create(indicator=indicator, number=f"{d_pos}.1", name=f"Sub {code_}")
        for q in range(1, questions + 1):
            position += 1
            Question.objects.create(
                method=method,
                subindicator=sub,
                dimension=dim,
                key=f"{code_}-1-{d_pos}.1.{q}",
                number=f"{d_pos}.1.{q}",
                text=f"Pertanyaan {q} {code_}?",
                answer="survey" if code_ == "IMPACT" else "level",
                smart_dimension=smart.get(SMART.get(code_, "")),
                position=position,
            )
    for g_pos, (group_code, weights) in enumerate((("regular", REGULAR), ("kawasan", KAWASAN)), start=1):
        group = MethodGroup.objects.create(
            method=method, code=group_code, name=group_code.title(), position=g_pos
        )
        for dim_code, weight in weights.items():
            GroupWeight.objects.create(group=group, dimension=dims[dim_code], weight=Decimal(weight))
    return method


def historical_round(
    method: MethodVersion,
    scores: dict,
    *,
    code: str = "2022-2",
    year: int = 2022,
    previous: Round | None = None,
    group: str = "regular",
) -> Round:
    """A published historical round; ``scores``: region → {dimension code: "3.60", ...}."""
    round_ = Round.objects.create(
        code=code,
        year=year,
        name=f"Evaluasi {year}",
        method=method,
        phase="published",
        historical=True,
        previous=previous,
    )
    groups = {g.code: g for g in method.groups.all()}
    dims = {d.code: d for d in method.dimensions.all()}
    for region, by_dim in scores.items():
        entry = RoundRegion.objects.create(round=round_, region=region, group=groups[group])
        for dim_code, value in by_dim.items():
            DimensionInput.objects.create(entry=entry, dimension=dims[dim_code], score=Decimal(value))
    return round_
