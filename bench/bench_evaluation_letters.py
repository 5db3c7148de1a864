"""Result letters benchmark: one letter against the region's report card, and the letters job's
memory for 50 and for 514 letters.

- ``evaluation.letters.per_letter_ratio``: downloading a region's letter (``/evaluasi/<round>/
  <region>/surat.pdf``, through the test client and every middleware: the reads, the context
  and the PDF laid out by Typst) ÷ the same region's report card (``evaluation:region_result``),
  target ≤ 5. Each timed letter is another region's (different figures and findings), so Typst
  lays it out afresh. Skipped (with the time per letter still reported) while the report card
  is not in the build.
- ``evaluation.letters.peak_memory_ratio``: the letters job (``tasks.letters_work`` through
  ``core.jobs.job_run``: every letter written into one zip on disk, then stored) on a round of
  514 regions ÷ on a round of 50, peak memory traced by ``tracemalloc`` above what was held
  before the job, after one untraced run has warmed the process; target ≤ 1.25 (flat: the job
  holds one batch of 50 regions' figures and one letter; the zip and its directory are on
  disk). Both peaks and the job's time per letter are reported.

The rounds are historical (dimension scores per region, three findings each) computed with
``services.index_compute`` and published, in one transaction rolled back at the end. Times are
CPU time of this process (the median of several runs). ``--quick`` uses 5 and 20 regions.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from decimal import Decimal
from typing import Any

from bench.registry import Options, Result, benchmark, result, skipped

TARGET_RATIO = 5.0
TARGET_MEMORY = 1.25
SCORES = ["3.84", "3.18", "3.53", "3.63", "3.35", "2.90", "3.05", "3.71"]


def _cpu_median(work: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return statistics.median(times)


def _round(method: Any, regions: list[Any], code: str, admin: Any) -> Any:
    """A published historical round of ``regions`` with printed dimension scores and findings."""
    from django.utils import timezone

    from kotacerdas.evaluation.models import DimensionInput, Finding, Round, RoundRegion
    from kotacerdas.evaluation.services import index_compute

    group = method.groups.get()
    dimensions = list(method.dimensions.order_by("position"))
    round_ = Round.objects.create(
        code=code, year=2030, name=f"Bench letters {code}", method=method, historical=True
    )
    entries = RoundRegion.objects.bulk_create(
        RoundRegion(round=round_, region=r, group=group) for r in regions
    )
    DimensionInput.objects.bulk_create(
        DimensionInput(entry=e, dimension=d, score=Decimal(SCORES[(i + j) % len(SCORES)]))
        for i, e in enumerate(entries)
        for j, d in enumerate(dimensions)
    )
    Finding.objects.bulk_create(
        Finding(entry=e, kind=kind, text=f"{text} ({e.region_id})", position=1)
        for e in entries
        for kind, text in (
            ("strength", "Dewan Smart City aktif dan rapat rutin tiap triwulan"),
            ("weakness", "Anggaran quick win belum tercantum di APBD"),
            ("recommendation", "Susun rencana pengembangan SDM digital dan manajemen risiko"),
        )
    )
    index_compute(actor=admin, round_=round_)
    Round.objects.filter(pk=round_.pk).update(phase="published", published_at=timezone.now())
    round_.refresh_from_db()
    return round_


def _job_peak(round_: Any, admin: Any, *, traced: bool = True) -> tuple[int, float, int]:
    """Run the letters job of ``round_``: (peak bytes above the start, CPU seconds, letters)."""
    from kotacerdas.core.jobs import job_run
    from kotacerdas.core.models import Job, JobStatus
    from kotacerdas.evaluation import tasks

    job = Job.objects.create(kind=tasks.LETTERS_JOB_KIND, created_by=admin, params={"round": round_.code})
    if not traced:
        job_run(str(job.code), tasks.letters_work)
        return 0, 0.0, int(Job.objects.get(pk=job.pk).result.get("letters", 0))
    tracemalloc.start()
    try:
        start, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        started = time.process_time()
        job_run(str(job.code), tasks.letters_work)
        seconds = time.process_time() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, (job.message, job.detail[-2000:])
    return peak - start, seconds, int(job.result["letters"])


@benchmark("evaluation.letters")
def letters(options: Options) -> list[Result]:
    """A letter ÷ the region's report card (target ≤ 5); the letters job's peak memory, 514 ÷ 50."""
    from django.db import transaction
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from bench.bench_evaluation import _method
    from kotacerdas.accounts.models import User
    from kotacerdas.regions.models import Region
    from kotacerdas.regions.services import regions_load

    small, large = (5, 20) if options.quick else (50, 514)
    repeat = 3 if options.quick else 7
    out: list[Result] = []
    with transaction.atomic():
        if Region.objects.current().kabupaten_kota().exclude(source="").count() < 514:
            regions_load()
        regions = list(Region.objects.current().kabupaten_kota().exclude(source="").order_by("code"))[:large]
        admin = User.objects.create_superuser(username="bench-letters-admin", password=None)
        method = _method()
        round_large = _round(method, regions, "bench-letters-large", admin)
        round_small = _round(method, regions[:small], "bench-letters-small", admin)

        # ------------------------------------------------ one letter, through the view
        client = Client()
        client.force_login(admin)
        codes = iter([r.code for r in regions[1:]])
        first = regions[0].code
        warm = client.get(f"/evaluasi/{round_large.code}/{first}/surat.pdf", HTTP_HOST="localhost")
        assert warm.status_code == 200, (warm.status_code, warm.content[:300])

        def letter() -> None:
            code = next(codes)  # another region each time: Typst lays it out afresh
            response = client.get(f"/evaluasi/{round_large.code}/{code}/surat.pdf", HTTP_HOST="localhost")
            assert response.status_code == 200, response.content[:200]

        letter_seconds = _cpu_median(letter, repeat)
        details: dict[str, Any] = {"letter_ms": round(letter_seconds * 1000, 1), "regions": large}
        try:
            card_url = reverse("evaluation:region_result", args=[round_large.code, first])
        except NoReverseMatch:
            card_url = ""
        if card_url:

            def card() -> None:
                response = client.get(card_url, HTTP_HOST="localhost")
                assert response.status_code == 200, response.content[:200]

            card()  # warm
            card_seconds = _cpu_median(card, repeat)
            details["report_card_ms"] = round(card_seconds * 1000, 1)
            out.append(
                result(
                    "evaluation.letters.per_letter_ratio",
                    letter_seconds / card_seconds,
                    "× the region's report card",
                    TARGET_RATIO,
                    details=details,
                )
            )
        else:
            out.append(
                skipped(
                    "evaluation.letters.per_letter_ratio",
                    "not available: the report card page (evaluation:region_result) is not in this build",
                    target=TARGET_RATIO,
                )
            )
        out.append(
            result("evaluation.letters.seconds_per_letter", letter_seconds, "s", None, details=details)
        )

        # ------------------------------------------------ the letters job's memory, small and large
        # Warm the process with one untraced run of the large job: fonts, template, compiler, and
        # the interpreter's and the ORM's bounded caches (every query leaves some bytes in them
        # until they are full: measured, about 80-240 bytes a query at first, falling to ~10),
        # so that what is compared is the job's own memory.
        _job_peak(round_large, admin, traced=False)
        small_peak, small_seconds, small_count = _job_peak(round_small, admin)
        large_peak, large_seconds, large_count = _job_peak(round_large, admin)
        assert (small_count, large_count) == (small, large), (small_count, large_count)
        transaction.set_rollback(True)
    memory = {
        "letters_small": small_count,
        "letters_large": large_count,
        "peak_kib_small": round(small_peak / 1024, 1),
        "peak_kib_large": round(large_peak / 1024, 1),
        "job_ms_per_letter_small": round(small_seconds / small_count * 1000, 1),
        "job_ms_per_letter_large": round(large_seconds / large_count * 1000, 1),
        "note": "tracemalloc slows Python: the job's times here are above an untraced run's",
    }
    out += [
        result(
            "evaluation.letters.peak_memory_ratio",
            large_peak / small_peak,
            f"× peak memory ({large_count} ÷ {small_count} letters)",
            TARGET_MEMORY,
            details=memory,
        ),
        result(
            f"evaluation.letters.peak_memory_{small_count}", small_peak / 1024, "KiB", None, details=memory
        ),
        result(
            f"evaluation.letters.peak_memory_{large_count}", large_peak / 1024, "KiB", None, details=memory
        ),
    ]
    return out
