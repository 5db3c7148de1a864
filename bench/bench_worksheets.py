"""Worksheet (kertas kerja) import benchmarks: parse + import against a bare openpyxl read.

The yardstick is what openpyxl itself needs to read the same file (``load_workbook(read_only)``
and every row of every sheet); the import adds the checks (catalogue and plan rules) and
the database writes. Target: at most 3 times the bare read.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

import openpyxl

from bench.registry import Options, Result, benchmark, result

TARGET_RATIO = 3.0


def _bare_read(path: Path) -> float:
    started = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True)
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            pass
    wb.close()
    return time.perf_counter() - started


def _parse_and_import(path: Path, region: Any) -> tuple[float, Any]:
    from kotacerdas.masterplans.importer import plan_import
    from kotacerdas.masterplans.worksheets import workbook_parse

    started = time.perf_counter()
    parsed = workbook_parse(path, region=region)
    if isinstance(parsed, list):
        raise RuntimeError(f"{path.name}: {parsed[:5]}")
    outcome = plan_import(actor=None, region=region, parsed=parsed)
    return time.perf_counter() - started, outcome


def _regions() -> Any:
    """The kabupaten/kota in force (514), loaded once into the scratch database."""
    from kotacerdas.regions.models import Region
    from kotacerdas.regions.services import regions_load

    if not Region.objects.exists():
        regions_load()
    return Region.objects.current().filter(level__in=["kabupaten", "kota"]).order_by("code")


def _agencies(regions: list[Any]) -> list[str]:
    """The Sumbawa set of agencies in every region that has none yet (bulk)."""
    from tests.worksheet_data import SUMBAWA_AGENCIES

    from kotacerdas.organisation.models import Agency

    have = set(Agency.objects.filter(region__in=regions).values_list("region_id", flat=True))
    Agency.objects.bulk_create(
        [
            Agency(region=region, code=code, acronym=acronym, name=name)
            for region in regions
            if region.pk not in have
            for code, acronym, name in SUMBAWA_AGENCIES
        ],
        batch_size=500,
    )
    return [code for code, _acronym, _name in SUMBAWA_AGENCIES]


def _write_workbook(region: Any, codes: list[str], folder: Path, seed: int) -> Path:
    from tests.worksheet_data import sumbawa_plan, workbook_bytes

    from kotacerdas.masterplans.worksheets import catalogue_for

    plan = sumbawa_plan(agencies=codes, region_code=region.code, seed=seed)
    plan.title = f"Masterplan Smart City {region.name} 2024-2028"
    path = folder / f"{region.code}.xlsx"
    path.write_bytes(workbook_bytes(catalogue_for(region), plan))
    return path


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


@benchmark("worksheets.import_142")
def import_142(options: Options) -> list[Result]:
    """Parse + import one 142-action plan, against a bare openpyxl read of the same file."""
    from kotacerdas.masterplans.models import MasterPlan

    region = _regions().get(code="52.04")
    codes = _agencies([region])
    folder = Path(options.workdir) / "worksheets-142"
    folder.mkdir(parents=True, exist_ok=True)
    path = _write_workbook(region, codes, folder, seed=2024)
    repeats = 5 if options.quick else 9
    _bare_read(path)  # warm up (imports, caches)
    bare: list[float] = []
    full: list[float] = []
    for _ in range(repeats):
        MasterPlan.objects.filter(region=region).delete()  # each run imports a new plan
        bare.append(_bare_read(path))
        seconds, outcome = _parse_and_import(path, region)
        full.append(seconds)
    counts = outcome.counts
    # the best of several runs: the least disturbed by whatever else the machine is doing
    ratio = min(full) / min(bare)
    return [
        result(
            "worksheets.import_142.ratio",
            ratio,
            "× bare read",
            TARGET_RATIO,
            details={
                "import_ms_best": _ms(min(full)),
                "bare_read_ms_best": _ms(min(bare)),
                "import_ms_median": _ms(statistics.median(full)),
                "bare_read_ms_median": _ms(statistics.median(bare)),
                "repeats": repeats,
                "file_bytes": path.stat().st_size,
                "programmes": counts["programmes"].added,
                "actions": counts["actions"].added,
            },
        ),
        result("worksheets.import_142.time", min(full) * 1000, "ms", None),
    ]


@benchmark("worksheets.national_import")
def national_import(options: Options) -> list[Result]:
    """Import one ~142-action plan for every kabupaten/kota (514), one after another."""
    regions = list(_regions())
    if options.quick:
        regions = regions[:20]
    codes = _agencies(regions)
    folder = Path(options.workdir) / "worksheets-national"
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    files = [
        (region, _write_workbook(region, codes, folder, seed=i)) for i, region in enumerate(regions, start=1)
    ]
    generate_seconds = time.perf_counter() - started
    _bare_read(files[0][1])
    bare_total = 0.0
    import_total = 0.0
    actions = 0
    for region, path in files:  # interleaved, so both see the same machine state
        bare_total += _bare_read(path)
        seconds, outcome = _parse_and_import(path, region)
        import_total += seconds
        actions += outcome.counts["actions"].added
    return [
        result(
            "worksheets.national_import.ratio",
            import_total / bare_total,
            "× bare read",
            TARGET_RATIO,
            details={
                "plans": len(files),
                "actions": actions,
                "import_seconds": round(import_total, 2),
                "bare_read_seconds": round(bare_total, 2),
                "generate_seconds": round(generate_seconds, 2),
            },
        ),
        result("worksheets.national_import.time", import_total, "s", None, details={"plans": len(files)}),
    ]
