"""Master-plan document benchmark: the document of a Sumbawa-sized plan (74 programmes, 142 actions).

The yardstick is the API's plan tree of the same version (``GET /api/v1/masterplans/<code>/
versions/<n>/``, through the test client and every middleware), measured in the same run, so
the ratio means the same on a fast and a slow (or busy) machine. The document is what a reader
waits for: the context read from the database plus the PDF laid out by Typst. Target: at most 5
plan trees (WeasyPrint needed about 85).

Typst memoises layout within a process, so rendering the same input twice costs almost nothing.
Each timed render therefore gets text that differs in every action row (a new marker per
repeat), so tables are laid out afresh, as for a draft edited between downloads; the render of
unchanged input is reported beside it. The DOCX export of the same plan is reported (no target).
"""

from __future__ import annotations

import statistics
import time
from decimal import Decimal
from typing import Any

from bench.registry import Options, Result, benchmark, result

TARGET_RATIO = 5.0

# Sumbawa 2024 (DOMAIN.md §3): programmes / actions per dimension, in catalogue order.
SUMBAWA_SHAPE = {
    "GOV": (9, 25),
    "BRD": (12, 14),
    "ECO": (20, 38),
    "LIV": (13, 25),
    "SOC": (8, 18),
    "ENV": (12, 22),
}
QUICK_SHAPE = {code: (2, 4) for code in SUMBAWA_SHAPE}


def build_large_plan(
    *,
    actor: Any,
    region: Any,
    agencies: list[Any],
    start_year: int = 2024,
    shape: dict[str, tuple[int, int]] | None = None,
) -> Any:
    """A draft with the Sumbawa shape: budgets in two sources, targets, quick wins, milestones."""
    from kotacerdas.masterplans import services
    from kotacerdas.programme.models import Dimension

    plan = services.plan_create(
        actor=actor,
        region=region,
        title=f"Masterplan Smart City {region.name} {start_year}-{start_year + 4}",
        start_year=start_year,
        end_year=start_year + 4,
    )
    version = plan.versions.get()
    services.version_update(
        actor=actor,
        version=version,
        data={"vision": "Sumbawa Gemilang", "rpjmd_vision": "Sumbawa Unggul, Maju dan Sejahtera"},
        expected_version=None,
    )
    services.missions_set(actor=actor, version=version, texts=[f"Misi ke-{i}" for i in range(1, 6)])
    for dimension in Dimension.objects.order_by("position"):
        n_programmes, n_actions = (shape or SUMBAWA_SHAPE).get(dimension.code, (2, 4))
        subs = list(dimension.subdimensions.order_by("position"))
        programmes = []
        for p in range(n_programmes):
            programmes.append(
                services.programme_create(
                    actor=actor,
                    version=version,
                    code=f"{dimension.code}-{p + 1:02d}",
                    name=f"Program {dimension.name} {p + 1}: peningkatan layanan dan kapasitas daerah",
                    subdimension=subs[p % len(subs)],
                    agency=agencies[p % len(agencies)],
                    start_year=start_year,
                    end_year=start_year + 4,
                    horizon=("short", "medium", "long")[p % 3],
                )
            )
        for a in range(n_actions):
            programme = programmes[a % n_programmes]
            first = start_year + a % 3
            last = min(first + 1 + a % 3, start_year + 4)
            services.action_create(
                actor=actor,
                programme=programme,
                code=f"{programme.code}.{a // n_programmes + 1:02d}",
                name=f"Rencana aksi {a + 1} {dimension.name}: digitalisasi layanan dan pelatihan aparatur",
                agency=agencies[(a + 1) % len(agencies)],
                start_year=first,
                end_year=last,
                indicator="Jumlah layanan publik yang terintegrasi",
                unit="layanan",
                baseline=Decimal(a % 5),
                budgets=[
                    (year, "APBD" if year % 2 else "NON_APBD", Decimal(50_000_000 + a * 1_250_000))
                    for year in range(first, last + 1)
                ],
                targets=[(year, Decimal(year - first + 2)) for year in range(first, last + 1)],
            )
        services.quick_win_create(
            actor=actor,
            version=version,
            code=f"QW-{dimension.code}",
            name=f"Quick win {dimension.name}",
            acronym=f"Si{dimension.code.title()}",
            expansion="Sistem informasi terpadu",
            dimension=dimension,
            agency=agencies[0],
            target_year=start_year,
            programme=programmes[0],
        )
        services.roadmap_item_add(
            actor=actor,
            version=version,
            year=start_year + 1,
            dimension=dimension,
            milestone="Layanan terpadu",
        )
    version.refresh_from_db()
    return version


def _median_seconds(work: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _setup(quick: bool) -> Any:
    """A region, six agencies of its own, an admin and the plan (a free period of 52.04)."""
    from kotacerdas.accounts.models import User
    from kotacerdas.masterplans.models import MasterPlan
    from kotacerdas.organisation.models import Agency
    from kotacerdas.regions.models import Region

    province, _ = Region.objects.get_or_create(
        code="52", defaults={"name": "Nusa Tenggara Barat", "level": "province"}
    )
    region, _ = Region.objects.get_or_create(
        code="52.04", defaults={"name": "Kabupaten Sumbawa", "level": "kabupaten", "province": province}
    )
    actor = User.objects.filter(username="bench-documents").first() or User.objects.create_superuser(
        username="bench-documents", password=None
    )
    agencies = [
        Agency.objects.get_or_create(
            region=region,
            code=f"bench-opd-{i}",
            defaults={"name": f"Dinas Bench {i}", "acronym": f"BENCH{i}"},
        )[0]
        for i in range(1, 7)
    ]
    start_year = 2024
    while MasterPlan.objects.filter(region=region, start_year=start_year).exists():
        start_year += 5
    return build_large_plan(
        actor=actor,
        region=region,
        agencies=agencies,
        start_year=start_year,
        shape=QUICK_SHAPE if quick else None,
    )


def _marked(context: dict[str, Any], marker: str) -> dict[str, Any]:
    """The context with ``marker`` in every action's name (outside the timing)."""
    import copy

    out = copy.deepcopy(context)
    for dimension in out["dimensions"]:
        for programme in dimension["programmes"]:
            for action in programme["actions"]:
                action["name"] = f"{action['name']} {marker}"
    return out


def bench_document(*, quick: bool = False, repeat: int = 5) -> dict[str, Any]:
    """The raw figures: document seconds (context + PDF), plan-tree seconds, pages, DOCX seconds.

    Needs a configured Django and a database it may write to; everything is rolled back.
    """
    import subprocess
    import tempfile

    from django.db import transaction
    from django.test import Client

    from kotacerdas.masterplans import documents
    from kotacerdas.masterplans.models import ActionPlan

    repeat = 2 if quick else repeat
    with transaction.atomic():
        version = _setup(quick)
        actions = ActionPlan.objects.filter(version=version).count()
        client = Client()
        client.force_login(_actor())
        url = f"/api/v1/masterplans/{version.plan.region.code}/versions/{version.number}/"
        warm = client.get(url, HTTP_HOST="localhost")
        assert warm.status_code == 200, (warm.status_code, warm.content[:300])

        def tree() -> None:
            response = client.get(url, HTTP_HOST="localhost")
            assert response.status_code == 200, response.content[:200]

        tree_seconds = _median_seconds(tree, max(repeat, 5))
        documents.render_pdf(version)  # warm up: fonts, template, compiler

        context_times, pdf_times = [], []
        pdf = b""
        for i in range(repeat):
            started = time.perf_counter()
            context = documents.build_context(version)
            context_times.append(time.perf_counter() - started)
            context = _marked(context, f"r{i}-{time.perf_counter_ns()}")
            started = time.perf_counter()
            pdf = documents.render_pdf(version, context)
            pdf_times.append(time.perf_counter() - started)
        context_seconds = statistics.median(context_times)
        pdf_seconds = statistics.median(pdf_times)
        unchanged = _median_seconds(lambda: documents.render_pdf(version, context), 3)
        docx_seconds = _median_seconds(lambda: documents.render_docx(version), 1 if quick else 2)
        transaction.set_rollback(True)  # leave the database as it was
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True, check=False).stdout
    pages = next((int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:")), 0)
    seconds = context_seconds + pdf_seconds
    return {
        "actions": actions,
        "pages": pages,
        "seconds": seconds,
        "context_seconds": context_seconds,
        "pdf_seconds": pdf_seconds,
        "unchanged_pdf_seconds": unchanged,
        "tree_seconds": tree_seconds,
        "ratio": seconds / tree_seconds,
        "docx_seconds": docx_seconds,
    }


def _actor() -> Any:
    from kotacerdas.accounts.models import User

    return User.objects.get(username="bench-documents")


@benchmark("documents.plan_document")
def plan_document(options: Options) -> list[Result]:
    """Master-plan document (context + Typst PDF) of a 142-action plan ÷ the API's plan tree."""
    figures = bench_document(quick=options.quick)
    details = {
        "actions": figures["actions"],
        "pages": figures["pages"],
        "document_seconds": round(figures["seconds"], 3),
        "context_seconds": round(figures["context_seconds"], 3),
        "pdf_seconds": round(figures["pdf_seconds"], 3),
        "unchanged_pdf_seconds": round(figures["unchanged_pdf_seconds"], 4),
        "plan_tree_seconds": round(figures["tree_seconds"], 4),
    }
    return [
        result(
            "documents.plan_document.ratio",
            figures["ratio"],
            "x API plan tree",
            None if options.quick else TARGET_RATIO,
            details=details,
        ),
        result("documents.plan_document.seconds", figures["seconds"], "s", None, details=details),
        result(
            "documents.docx_seconds",
            figures["docx_seconds"],
            "s",
            None,
            details={"actions": figures["actions"]},
        ),
    ]
