"""Monitoring benchmarks: the dashboards at national scale against a small scale, the freshness
cost of approval, the bulk upload, and the time to build the national data.

Both scales are built once, in one run, into the scratch database (``kotacerdas.demo.scale``,
seed 2024): first the small scale (Sumbawa and nine other kabupaten/kota), measured; then the
other kabupaten/kota are added — a scale's regions are built alike whatever the scale, so this
is the national scale (514 regions, four quarters of approved 2024 progress) — and measured
again. Everything runs in one transaction rolled back at the end, so the other benchmarks find
the database as it was. Figures, each a ratio measured in this run:

- ``monitoring.<dashboard>.scale_ratio``: the ministry dashboard (``monitoring:national``, as the
  ministry admin) and Sumbawa's region dashboard (``monitoring:region``, as its coordinator), at
  national ÷ small scale (target ≤ 1.5);
- ``monitoring.<dashboard>.vs_trivial``: each dashboard at national scale ÷ a trivial view through
  the same middleware (the plan-page bench's yardstick; reported);
- ``monitoring.dashboards.queries_added``: the queries a dashboard runs more at national than at
  small scale (must be 0; both counts are in the details);
- ``monitoring.approve_vs_save``: approving one report (``report_decide``, which rewrites the
  stored roll-up in the same transaction) ÷ saving one (``report_save``), at national scale (reported);
- ``monitoring.bulk_upload.ratio``: uploading a 500-row worksheet ÷ a bare openpyxl parse of it
  (target ≤ 3);
- ``monitoring.national_build.seconds``: the time to build the national data (reported).

Page and service times are CPU time of this process (the median of several runs), as in the
plan-page bench. A part not built yet (the dashboards, the bulk upload) is skipped with the reason.
``--quick`` builds 2 and 5 regions instead of 10 and 514.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import statistics
import time
from pathlib import Path
from typing import Any

from bench.registry import Options, Result, benchmark, result, skipped

TARGET_SCALE = 1.5
TARGET_BULK = 3.0
SEED = 2024
REGION = "52.04"  # the region dashboard measured (in every scale)
DASHBOARDS = {
    "national": ("monitoring:national", None, "admin"),
    "region": ("monitoring:region", REGION, "koordinator.sumbawa"),
}
PERIOD = "2024-4"
BULK_ROWS = 500


def _cpu(work: Any, repeat: int) -> tuple[float, float]:
    """The fastest and the median CPU time of ``repeat`` runs of ``work``."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times), statistics.median(times)


def _scales(quick: bool) -> tuple[list[Any], list[Any]]:
    """The small scale's regions and the national scale's (a superset): the kabupaten/kota of the
    regions table as loaded (other benchmarks' made-up regions left out)."""
    from kotacerdas.demo.scale import scale_regions
    from kotacerdas.regions.models import Region
    from kotacerdas.regions.services import regions_load

    if Region.objects.current().kabupaten_kota().exclude(source="").count() < 514:
        regions_load()
    national = [r for r in scale_regions("national", SEED) if r.source]
    small = [r for r in scale_regions("small", SEED) if r.source]
    if quick:
        small = small[:2] if small[0].code == REGION else [r for r in small if r.code == REGION] + small[:1]
        rest = [r for r in national if r not in small]
        national = small + rest[:: max(1, len(rest) // 3)][:3]
    return small, national


def _dashboards() -> dict[str, str] | str:
    """The dashboards' URLs, or why they cannot be measured."""
    from django.urls import NoReverseMatch, reverse

    urls = {}
    try:
        for name, (url_name, code, _user) in DASHBOARDS.items():
            urls[name] = reverse(url_name, args=[code] if code else []) + f"?periode={PERIOD}"
    except NoReverseMatch:
        return "not available: the dashboards (monitoring:national, monitoring:region) are not in this build"
    return urls


def _measure_pages(urls: dict[str, str], repeat: int) -> dict[str, dict[str, float]]:
    from django.db import connection
    from django.test import Client, override_settings

    from kotacerdas.accounts.models import User

    out: dict[str, dict[str, float]] = {}
    with override_settings(ROOT_URLCONF="bench.bench_plan_page", ALLOWED_HOSTS=["*"]):
        for name, url in urls.items():
            client = Client()
            client.force_login(User.objects.get(username=DASHBOARDS[name][2]))

            def page(client: Client = client, url: str = url) -> None:
                response = client.get(url)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}")

            def yardstick(client: Client = client) -> None:
                client.get("/bench/trivial/")

            page()  # warm up: templates, translations, statements
            yardstick()
            queries = 0

            def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
                nonlocal queries
                queries += 1
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                page()
            fastest, median = _cpu(page, repeat)
            _trivial_fastest, trivial = _cpu(yardstick, max(repeat, 21))
            out[name] = {"median": median, "fastest": fastest, "trivial": trivial, "queries": queries}
    return out


def _approve_vs_save(repeat: int) -> dict[str, float] | str:
    """Save, submit and approve ``repeat`` new reports of Sumbawa in its (reopened) last quarter."""
    from django.db import transaction
    from django.urls import NoReverseMatch

    from kotacerdas.accounts.models import User
    from kotacerdas.monitoring import selectors, services
    from kotacerdas.monitoring.models import ProgressReport, ReportingPeriod
    from kotacerdas.regions.models import Region

    region = Region.objects.get(code=REGION)
    coordinator = User.objects.get(username="koordinator.sumbawa")
    saves: list[float] = []
    decides: list[float] = []
    with transaction.atomic():
        period = ReportingPeriod.objects.select_related("reporting_year").get(
            reporting_year__year=2024, number=4
        )
        ReportingPeriod.objects.filter(pk=period.pk).update(deadline=dt.date(2100, 1, 1))
        period.refresh_from_db()
        version = selectors.version_in_force_for_region(region.pk)
        assert version is not None
        reported = set(
            ProgressReport.objects.filter(period=period, region=region).values_list("lineage_id", flat=True)
        )
        items = [i for i in selectors.reportable_items(version) if i.lineage_id not in reported][: repeat + 1]
        try:
            for index, item in enumerate(items):
                started = time.process_time()
                report = services.report_save(
                    actor=coordinator,
                    period=period,
                    region_id=region.pk,
                    lineage_id=item.lineage_id,
                    data={"status": "in_progress", "narrative": "Uji coba di dua kecamatan."},
                )
                saved = time.process_time() - started
                report = services.report_submit(actor=coordinator, report=report)
                started = time.process_time()
                services.report_decide(actor=coordinator, reports=[report], approve=True)
                decided = time.process_time() - started
                if index:  # the first warms up
                    saves.append(saved)
                    decides.append(decided)
        except (NoReverseMatch, ImportError) as exc:
            transaction.set_rollback(True)
            return f"not available: moderation needs the notifications and the monitoring pages ({exc})"
        transaction.set_rollback(True)
    if not saves:
        return "not available: Sumbawa has no item left to report in the last quarter"
    return {"save": statistics.median(saves), "decide": statistics.median(decides), "reports": len(saves)}


def _enlarge(version: Any, items: int) -> None:
    """Copy actions of ``version`` (new codes and lineages) until it has ``items`` reportable items."""
    import uuid

    from kotacerdas.masterplans.models import ActionBudget, ActionPlan, PlanItemLineage, QuickWin

    actions = list(ActionPlan.objects.filter(version=version).order_by("pk"))
    missing = items - len(actions) - QuickWin.objects.filter(version=version).count()
    copies = []
    for n in range(max(0, missing)):
        source = actions[n % len(actions)]
        copies.append(
            ActionPlan(
                version=version,
                programme_id=source.programme_id,
                lineage=uuid.uuid4(),
                code=f"{source.code}-B{n:03d}",
                name=source.name,
                agency_id=source.agency_id,
                start_year=source.start_year,
                end_year=source.end_year,
                indicator=source.indicator,
                unit=source.unit,
                baseline=source.baseline,
                position=1000 + n,
            )
        )
    ActionPlan.objects.bulk_create(copies)
    PlanItemLineage.objects.bulk_create(
        [
            PlanItemLineage(
                id=a.lineage, plan_id=version.plan_id, region_id=version.plan.region_id, kind="action"
            )
            for a in copies
        ]
    )
    ActionBudget.objects.bulk_create(
        [ActionBudget(action=a, year=2024, source="APBD", amount=100_000_000) for a in copies]
    )


def _filled(template: bytes, rows: int) -> bytes:
    """The downloaded sheet with every row's status, budget and narrative filled in."""
    import openpyxl

    from kotacerdas.monitoring.bulk.format import HEADERS, SHEET_REPORTS

    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book[SHEET_REPORTS]
    columns = {cell.value: cell.column for cell in sheet[1] if cell.value}
    statuses = ["preparation", "in_progress", "pilot", "operational"]
    for n, row in enumerate(range(2, rows + 2)):
        sheet.cell(row=row, column=columns[HEADERS["status"]], value=statuses[n % len(statuses)])
        sheet.cell(row=row, column=columns[HEADERS["budget_realised"]], value=1_000_000 * (n + 1))
        sheet.cell(
            row=row,
            column=columns[HEADERS["narrative"]],
            value=f"Kegiatan berjalan di {n % 24 + 1} kecamatan.",
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bulk_upload(workdir: Path) -> dict[str, float] | str:
    """A 500-row worksheet uploaded (``monitoring.bulk.bulk_upload``: read, check every row as the
    form does, write all or nothing) ÷ a bare openpyxl parse of the same file.

    Sumbawa's plan is enlarged to 500 items (copies of its actions), its coordinator downloads the
    sheet of the reopened last quarter (``bulk_template``), fills every row's status, budget and
    narrative, and uploads it (twice, each rolled back: the faster counts); the bare parse is the
    fastest of three."""
    try:
        bulk = importlib.import_module("kotacerdas.monitoring.bulk")
    except ImportError:
        return "not available: kotacerdas.monitoring.bulk is not in this build (the bulk upload comes later)"
    import openpyxl
    from django.db import transaction

    from kotacerdas.accounts.models import User
    from kotacerdas.monitoring import selectors
    from kotacerdas.monitoring.models import ProgressReport, ReportingPeriod
    from kotacerdas.regions.models import Region

    region = Region.objects.get(code=REGION)
    actor = User.objects.get(username="koordinator.sumbawa")
    with transaction.atomic():
        period = ReportingPeriod.objects.select_related("reporting_year").get(
            reporting_year__year=2024, number=4
        )
        ReportingPeriod.objects.filter(pk=period.pk).update(deadline=dt.date(2100, 1, 1))
        period.refresh_from_db()
        # the items of the last quarter start without a report (the sheet writes 500 new ones)
        ProgressReport.objects.filter(region=region, period=period).delete()
        _enlarge(selectors.version_in_force_for_region(region.pk), BULK_ROWS)
        data = _filled(bulk.bulk_template(actor=actor, region=region, period=period), BULK_ROWS)
        (workdir / "monitoring-bulk.xlsx").write_bytes(data)
        bare: list[float] = []
        for _ in range(3):
            started = time.perf_counter()
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
            rows = sum(1 for sheet in book.worksheets for _row in sheet.iter_rows(values_only=True))
            book.close()
            bare.append(time.perf_counter() - started)
        uploads: list[float] = []
        for _ in range(2):  # the first run warms up (imports, statements); each is rolled back
            with transaction.atomic():
                started = time.perf_counter()
                outcome = bulk.bulk_upload(actor=actor, region=region, period=period, file=data)
                uploads.append(time.perf_counter() - started)
                transaction.set_rollback(True)
        upload = min(uploads)
        created = outcome.counts.get("created", 0)
        transaction.set_rollback(True)
    if created != BULK_ROWS:
        return f"not available: the bench's sheet wrote {created} reports, not {BULK_ROWS} ({outcome.counts})"
    return {"upload": upload, "bare": min(bare), "rows": rows, "reports": created}


def _scale_results(at_small: dict[str, Any], at_national: dict[str, Any]) -> list[Result]:
    results = []
    for name in DASHBOARDS:
        s, n = at_small[name], at_national[name]
        results.append(
            result(
                f"monitoring.{name}_dashboard.scale_ratio",
                n["median"] / s["median"],
                "× (national ÷ small)",
                TARGET_SCALE,
                details={
                    "ms_small": round(s["median"] * 1000, 2),
                    "ms_national": round(n["median"] * 1000, 2),
                    "fastest_ratio": round(n["fastest"] / s["fastest"], 3),
                    "queries_small": s["queries"],
                    "queries_national": n["queries"],
                },
            )
        )
        results.append(
            result(
                f"monitoring.{name}_dashboard.vs_trivial",
                n["median"] / n["trivial"],
                "× trivial view",
                None,
                details={"ms": round(n["median"] * 1000, 2), "trivial_ms": round(n["trivial"] * 1000, 3)},
            )
        )
    results.append(
        result(
            "monitoring.dashboards.queries_added",
            float(sum(abs(at_national[n]["queries"] - at_small[n]["queries"]) for n in DASHBOARDS)),
            "queries",
            0.0,
            details={
                f"{n}_{scale}": figures[n]["queries"]
                for n in DASHBOARDS
                for scale, figures in (("small", at_small), ("national", at_national))
            },
        )
    )
    return results


@benchmark("monitoring.scales")
def monitoring_scales(options: Options) -> list[Result]:
    """Monitoring at national ÷ small scale (dashboards ≤ 1.5, same queries), approval, bulk, build time."""
    from django.db import transaction

    from kotacerdas.demo.scale import regions_build, scale_counts

    repeat = 3 if options.quick else 9
    results: list[Result] = []
    with transaction.atomic():
        small, national = _scales(options.quick)
        built_small = regions_build(small, seed=SEED, report=lambda _m: None)
        urls = _dashboards()
        at_small = _measure_pages(urls, repeat) if isinstance(urls, dict) else {}
        built_rest = regions_build(national, seed=SEED, report=lambda _m: None)
        counts = scale_counts()
        at_national = _measure_pages(urls, repeat) if isinstance(urls, dict) else {}
        if isinstance(urls, dict):
            results += _scale_results(at_small, at_national)
        else:
            for name in DASHBOARDS:
                results.append(skipped(f"monitoring.{name}_dashboard.scale_ratio", urls, target=TARGET_SCALE))
            results.append(skipped("monitoring.dashboards.queries_added", urls, target=0.0))
        approval = _approve_vs_save(repeat)
        if isinstance(approval, dict):
            results.append(
                result(
                    "monitoring.approve_vs_save",
                    approval["decide"] / approval["save"],
                    "× saving one report",
                    None,
                    details={
                        "approve_ms": round(approval["decide"] * 1000, 2),
                        "save_ms": round(approval["save"] * 1000, 2),
                        "reports": approval["reports"],
                    },
                )
            )
        else:
            results.append(skipped("monitoring.approve_vs_save", approval))
        upload = _bulk_upload(Path(options.workdir))
        if isinstance(upload, dict):
            results.append(
                result(
                    "monitoring.bulk_upload.ratio",
                    upload["upload"] / upload["bare"],
                    "× bare openpyxl parse",
                    TARGET_BULK,
                    details={
                        "rows": upload["rows"],
                        "reports": upload["reports"],
                        "upload_ms": round(upload["upload"] * 1000, 1),
                        "bare_ms": round(upload["bare"] * 1000, 1),
                    },
                )
            )
        else:
            results.append(skipped("monitoring.bulk_upload.ratio", upload, target=TARGET_BULK))
        transaction.set_rollback(True)  # leave the scratch database as the other benchmarks expect it
    seconds = built_small.seconds + built_rest.seconds
    results.append(
        result(
            "monitoring.national_build.seconds",
            seconds,
            "s",
            None,
            details={
                "regions": len(national),
                "small_regions": len(small),
                "reports": counts["reports"],
                "rollups": counts["rollups"],
                "ms_per_region": round(seconds * 1000 / max(1, len(national)), 1),
                "seed": SEED,
            },
        )
    )
    return results
