"""Master-plan document benchmark: the PDF of a Sumbawa-sized plan (74 programmes, 142 actions).

The yardstick is a one-page WeasyPrint render measured in the same run (same fonts, same
fetcher), so the ratio means the same on a fast and a slow machine. The whole document
(context, template, layout of some 33 pages, PDF) is timed. Target: at most 80 one-page
renders. The DOCX export of the same plan is reported alongside (no target).
"""

from __future__ import annotations

import statistics
import time
from decimal import Decimal
from typing import Any

from bench.registry import Options, Result, benchmark, result

TARGET_RATIO = 80.0

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

ONE_PAGE = (
    '<!doctype html><html lang="id"><head><meta charset="utf-8"><style>'
    '@page { size: A4; margin: 20mm } html { font-family: "DejaVu Sans", sans-serif; font-size: 9pt }'
    "th, td { border: 0.4pt solid #999; padding: 1mm }</style></head><body><h1>Satu halaman</h1>"
    "<p>Rencana induk kota cerdas.</p><table>"
    + "".join(f"<tr><td>{i}</td><td>Aksi {i}</td><td>Rp {i * 1000}</td></tr>" for i in range(20))
    + "</table></body></html>"
)


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


def bench_pdf(*, quick: bool = False, repeat: int = 3) -> dict[str, Any]:
    """The raw figures: PDF seconds of the plan, one-page seconds, pages, DOCX seconds.

    Needs a configured Django and a database it may write to; everything is rolled back.
    """
    from django.db import transaction

    from kotacerdas.masterplans import documents
    from kotacerdas.masterplans.models import ActionPlan

    repeat = 1 if quick else repeat
    with transaction.atomic():
        version = _setup(quick)
        actions = ActionPlan.objects.filter(version=version).count()
        documents.html_to_pdf(ONE_PAGE)  # warm up fonts and caches
        one_page = _median_seconds(lambda: documents.html_to_pdf(ONE_PAGE), max(repeat, 3))
        pages = len(documents.html_to_document(documents.render_html(version)).pages)
        seconds = _median_seconds(lambda: documents.render_pdf(version), repeat)
        docx_seconds = _median_seconds(lambda: documents.render_docx(version), repeat)
        transaction.set_rollback(True)  # leave the database as it was
    return {
        "actions": actions,
        "pages": pages,
        "seconds": seconds,
        "one_page_seconds": one_page,
        "ratio": seconds / one_page,
        "docx_seconds": docx_seconds,
    }


@benchmark("documents.pdf")
def pdf_document(options: Options) -> list[Result]:
    """Master-plan PDF of a 142-action plan, as a multiple of a one-page WeasyPrint render."""
    figures = bench_pdf(quick=options.quick)
    details = {
        "actions": figures["actions"],
        "pages": figures["pages"],
        "pdf_seconds": round(figures["seconds"], 3),
        "one_page_seconds": round(figures["one_page_seconds"], 4),
    }
    return [
        result(
            "documents.pdf_ratio",
            figures["ratio"],
            "x one-page render",
            None if options.quick else TARGET_RATIO,
            details=details,
        ),
        result("documents.pdf_seconds", figures["seconds"], "s", None, details=details),
        result(
            "documents.docx_seconds",
            figures["docx_seconds"],
            "s",
            None,
            details={"actions": figures["actions"]},
        ),
    ]
