"""Evaluation benchmarks: computing a national round's index against reading its score rows.

``evaluation.national_compute.ratio``: ``index_compute`` on a round of every kabupaten/kota
(514) with 40 questions and 3 assessors each (61,680 submitted scores) ÷ reading the same
score rows (the one query the computation reads them with), target ≤ 2. The computation
includes reading the inputs, the engine (decimal arithmetic, ranks), and writing the snapshot
and the 514 region results. Times are CPU time of this process (the median of several runs;
SQLite runs in-process). Everything runs in one transaction rolled back at the end.
``--quick`` uses 5 regions.
"""

from __future__ import annotations

import statistics
import time
from decimal import Decimal
from typing import Any

from bench.registry import Options, Result, benchmark, result

TARGET = 2.0
QUESTIONS_PER_DIMENSION = 8
ASSESSORS_PER_REGION = 3
POOL = 48
WEIGHTS = {"BASELINE": 10, "OUTPUT": 20, "OUTCOME": 30, "IMPACT": 20, "QUICK_WIN": 20}


def _cpu(work: Any, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times), statistics.median(times)


def _method() -> Any:
    from kotacerdas.evaluation.models import (
        GroupWeight,
        Indicator,
        MethodDimension,
        MethodGroup,
        MethodVersion,
        Question,
        SubIndicator,
    )

    method = MethodVersion.objects.create(
        code="bench",
        name="Bench method",
        levels=["0", "1", "2", "3", "4"],
        scale_min=Decimal(0),
        scale_max=Decimal(4),
        combine="mean",
        digest="bench",
    )
    group = MethodGroup.objects.create(method=method, code="regular", name="Regular")
    position = 0
    for d, (code, weight) in enumerate(WEIGHTS.items(), start=1):
        dim = MethodDimension.objects.create(method=method, code=code, name=code, position=d)
        GroupWeight.objects.create(group=group, dimension=dim, weight=Decimal(weight))
        sub = SubIndicator.objects.create(
            indicator=Indicator.objects.create(dimension=dim, number="1", name=code),
            number=f"{d}.1",
            name=code,
        )
        for q in range(1, QUESTIONS_PER_DIMENSION + 1):
            position += 1
            Question.objects.create(
                method=method,
                subindicator=sub,
                dimension=dim,
                key=f"{code}-1-{d}.1.{q}",
                number=f"{d}.1.{q}",
                text=f"Question {q}",
                position=position,
            )
    return method


def _round(regions: list[Any]) -> tuple[Any, int]:
    """A round of ``regions`` with every assessor's scores submitted: the round and the score count."""
    from django.utils import timezone

    from kotacerdas.accounts.models import User
    from kotacerdas.evaluation.models import Assessor, Assignment, Question, Round, RoundRegion, Score

    method = _method()
    group = method.groups.get()
    round_ = Round.objects.create(code="bench-round", year=2030, name="Bench round", method=method)
    entries = RoundRegion.objects.bulk_create(
        RoundRegion(round=round_, region=r, group=group) for r in regions
    )
    users = User.objects.bulk_create(User(username=f"bench-assessor-{i}") for i in range(POOL))
    pool = Assessor.objects.bulk_create(
        Assessor(user=u, code=f"ASR-B{i:03d}", category="academic") for i, u in enumerate(users)
    )
    now = timezone.now()
    assignments = Assignment.objects.bulk_create(
        Assignment(entry=e, assessor=pool[(i * ASSESSORS_PER_REGION + k) % POOL], submitted_at=now)
        for i, e in enumerate(entries)
        for k in range(ASSESSORS_PER_REGION)
    )
    questions = list(Question.objects.filter(method=method).order_by("position"))
    scores = [
        Score(assignment=a, question=q, level=Decimal((i * 7 + j * 3) % 5))
        for i, a in enumerate(assignments)
        for j, q in enumerate(questions)
    ]
    Score.objects.bulk_create(scores, batch_size=5000)
    return round_, len(scores)


@benchmark("evaluation.national_compute")
def national_compute(options: Options) -> list[Result]:
    """Computing a national round's index ÷ reading its score rows (target ≤ 2)."""
    from django.db import transaction

    from kotacerdas.accounts.models import User
    from kotacerdas.evaluation.selectors import round_scores
    from kotacerdas.evaluation.services import index_compute
    from kotacerdas.regions.models import Region
    from kotacerdas.regions.services import regions_load

    repeat = 3 if options.quick else 5
    with transaction.atomic():
        if Region.objects.current().kabupaten_kota().exclude(source="").count() < 514:
            regions_load()
        regions = list(Region.objects.current().kabupaten_kota().exclude(source="").order_by("code"))
        if options.quick:
            regions = regions[:5]
        round_, count = _round(regions)
        admin = User.objects.create_superuser(username="bench-evaluation-admin", password=None)

        def read() -> None:
            round_scores(round_)

        def compute() -> None:
            index_compute(actor=admin, round_=round_)

        compute()  # warm up
        read()
        compute_fastest, compute_median = _cpu(compute, repeat)
        read_fastest, read_median = _cpu(read, repeat)
        transaction.set_rollback(True)
    return [
        result(
            "evaluation.national_compute.ratio",
            compute_median / read_median,
            "× reading the score rows",
            TARGET,
            details={
                "regions": len(regions),
                "scores": count,
                "compute_ms": round(compute_median * 1000, 1),
                "read_ms": round(read_median * 1000, 1),
                "compute_fastest_ms": round(compute_fastest * 1000, 1),
                "read_fastest_ms": round(read_fastest * 1000, 1),
            },
        )
    ]
