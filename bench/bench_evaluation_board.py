"""Assessment board benchmark: the board page of a national round against a small one.

``evaluation.board.scale_ratio``: the board page (``evaluation:board``, through the test client
and every middleware, as a ministry admin) of a round of every kabupaten/kota (514) ÷ the same
page of a round of 10, each divided by its number of regions (time per region, national ÷
small), target ≤ 1.5. Each region is scored on 40 questions by 3 assessors, all submitted
(61,680 scores nationally), so the page runs the engine over every score of the round for the
provisional and the calibrated indices. The queries of both pages are counted: they must be the
same (``queries_small``, ``queries_national`` in the details). Times are CPU time of this process
(the median of several runs, after one warm-up). Everything runs in one transaction rolled back
at the end. ``--quick`` uses 2 and 5 regions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bench.bench_evaluation import ASSESSORS_PER_REGION, POOL, _cpu, _method
from bench.registry import Options, Result, benchmark, result

TARGET = 1.5


def _round(method: Any, regions: list[Any], code: str, pool: list[Any]) -> Any:
    """A round of ``regions`` in its panel phase, every assessor's scores submitted."""
    from django.utils import timezone

    from kotacerdas.evaluation.models import Assignment, Question, Round, RoundRegion, Score

    group = method.groups.get()
    round_ = Round.objects.create(
        code=code, year=2030, name=f"Bench board {code}", method=method, phase="panel"
    )
    entries = RoundRegion.objects.bulk_create(
        RoundRegion(round=round_, region=r, group=group) for r in regions
    )
    now = timezone.now()
    assignments = Assignment.objects.bulk_create(
        Assignment(entry=e, assessor=pool[(i * ASSESSORS_PER_REGION + k) % POOL], submitted_at=now)
        for i, e in enumerate(entries)
        for k in range(ASSESSORS_PER_REGION)
    )
    questions = list(Question.objects.filter(method=method).order_by("position"))
    Score.objects.bulk_create(
        (
            Score(assignment=a, question=q, level=Decimal((i * 7 + j * 3) % 5))
            for i, a in enumerate(assignments)
            for j, q in enumerate(questions)
        ),
        batch_size=5000,
    )
    return round_


def _measure(client: Any, url: str, repeat: int) -> dict[str, float]:
    from django.db import connection

    def page() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}: {response.content[:300]!r}")

    page()  # warm up: templates, translations, statements
    queries = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        page()
    fastest, median = _cpu(page, repeat)
    return {"fastest": fastest, "median": median, "queries": queries}


@benchmark("evaluation.board")
def board_scale(options: Options) -> list[Result]:
    """The board page per region, national ÷ small round (target ≤ 1.5, same queries)."""
    from django.db import transaction
    from django.test import Client, override_settings

    from kotacerdas.accounts.models import User
    from kotacerdas.evaluation.models import Assessor
    from kotacerdas.regions.models import Region
    from kotacerdas.regions.services import regions_load

    repeat = 3 if options.quick else 5
    small_count, national_count = (2, 5) if options.quick else (10, 514)
    with transaction.atomic(), override_settings(ALLOWED_HOSTS=["*"]):
        if Region.objects.current().kabupaten_kota().exclude(source="").count() < 514:
            regions_load()
        regions = list(Region.objects.current().kabupaten_kota().exclude(source="").order_by("code"))
        method = _method()
        users = User.objects.bulk_create(User(username=f"bench-board-assessor-{i}") for i in range(POOL))
        pool = Assessor.objects.bulk_create(
            Assessor(user=u, code=f"ASR-BB{i:03d}", category="academic") for i, u in enumerate(users)
        )
        small = _round(method, regions[:small_count], "bench-board-small", pool)
        national = _round(method, regions[:national_count], "bench-board-national", pool)
        admin = User.objects.create_superuser(username="bench-board-admin", password=None)
        client = Client()
        client.force_login(admin)
        at_small = _measure(client, f"/evaluasi/{small.code}/papan/", repeat)
        at_national = _measure(client, f"/evaluasi/{national.code}/papan/", repeat)
        transaction.set_rollback(True)
    per_small = at_small["median"] / small_count
    per_national = at_national["median"] / national_count
    return [
        result(
            "evaluation.board.scale_ratio",
            per_national / per_small,
            "× time per region (national ÷ small)",
            TARGET,
            details={
                "regions_small": small_count,
                "regions_national": national_count,
                "ms_small": round(at_small["median"] * 1000, 1),
                "ms_national": round(at_national["median"] * 1000, 1),
                "fastest_ratio": round(
                    (at_national["fastest"] / national_count) / (at_small["fastest"] / small_count), 3
                ),
                "queries_small": at_small["queries"],
                "queries_national": at_national["queries"],
            },
        )
    ]
