"""Monitoring data at scale (``kotacerdas demo --scale small|national``): every kabupaten/kota
(514) — or 10 of them — as a participant implementing a ratified master plan, with four
quarters of approved progress in 2024. ``make bench`` measures the dashboards on both.

Built deterministically from a seed, region by region: what a region gets depends only on the
seed and its code, so the small scale's regions are built exactly as in the national scale, and
building the national scale onto a small one gives the national scale. Each region gets:

- the 20 standard agencies (``demo.build.STANDARD_AGENCIES``);
- a participation in a cohort (2017-2023) that went through MoU and Bimtek I-IV (timeline rows
  and the MoU, as the programme services write them);
- a master plan of about 75 programmes and 140 actions picked from the Sumbawa catalogue
  (``demo.masterplans.plan_content_write``), six quick wins, submitted and ratified by Perbup or
  Perwali (``demo.plan_rows``);
- the 2024 reporting year's four quarters of approved reports on a share of its actions and on
  every quick win (``demo.stories``, written by ``demo.progress``), with the stored roll-ups.

Rows are written with bulk inserts (the per-object services would take hours); the two facts
the programme's stage rules follow go through the services: ratification records "Master plan
ratified" and the first approved report "Implementing" (``participation_stage_established``).
Audit events of the bulk rows are left out (millions of them would say nothing).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from kotacerdas.accounts.models import User
from kotacerdas.monitoring import services as monitoring_services
from kotacerdas.monitoring.models import (
    ProgressReport,
    ProgressStatus,
    RegionProgress,
    ReportingPeriod,
    ReportingYear,
)
from kotacerdas.organisation.models import Agency
from kotacerdas.programme.choices import Stage, Track
from kotacerdas.programme.models import Cohort, MoU, Participation, StageChange
from kotacerdas.programme.services import participation_stage_established
from kotacerdas.regions.models import Region
from kotacerdas.regions.services import regions_load

from . import progress
from .build import COHORTS, STANDARD_AGENCIES, users_create
from .masterplans import QW, PlanSize, Ratification, RegionPlan, _short, plan_budget_scale, plan_content_write
from .plan_rows import Catalogue, PlanRows, RowWriter, plan_problems, plan_ratified, plan_start, plans_save
from .programme import BIMTEK_NOTES, _head, _schedule
from .stories import Pace, item_facts, quarter_reports, region_story

YEAR = 2024
SMALL = 10
ANCHOR = "52.04"  # Kabupaten Sumbawa is in every scale (the demo logins of Sumbawa work there)
BATCH_REGIONS = 20
# Plans of about 75 programmes and 140 actions, as Sumbawa's (74 and 142).
NATIONAL_PLAN = PlanSize(keep=(0.82, 0.94), actions=(132, 150))
# Cohort sizes as weights (DOMAIN.md §1; 2023 est.).
COHORT_WEIGHTS = {2017: 25, 2018: 50, 2019: 25, 2021: 50, 2022: 50, 2023: 39}

# One quick win per dimension from each pool: (name, agency code, acronym).
QUICK_WIN_POOLS: dict[str, list[tuple[str, str, str]]] = {
    "GOV": [
        ("Layanan Administrasi Kependudukan Daring", "disdukcapil", ""),
        ("Mal Pelayanan Publik {s}", "dpmptsp", "MPP"),
        ("Perizinan Berusaha Terintegrasi Daring", "dpmptsp", ""),
        ("Aplikasi Pengaduan Masyarakat Terpadu", "diskominfo", ""),
    ],
    "BRD": [
        ("Portal Promosi Wisata {s}", "dispar", ""),
        ("Kalender Event Budaya Daring", "dispar", ""),
        ("Katalog Produk Unggulan Daerah", "disperindag", ""),
        ("Desa Wisata Digital", "dispar", ""),
    ],
    "ECO": [
        ("Pasar Daring Produk UMKM", "diskopukm", ""),
        ("Retribusi Pasar Non-Tunai", "disperindag", ""),
        ("Sistem Informasi Harga Komoditas", "disperindag", ""),
        ("Pelatihan Wirausaha Digital", "diskopukm", ""),
    ],
    "LIV": [
        ("Antrean Puskesmas Daring", "dinkes", ""),
        ("Layanan Ambulans Gawat Darurat 119", "dinkes", ""),
        ("Aplikasi Pemantauan Stunting", "dinkes", ""),
        ("Informasi Angkutan Umum Daring", "dishub", ""),
    ],
    "SOC": [
        ("Kelas Literasi Digital Masyarakat", "diskominfo", ""),
        ("CCTV Lingkungan Terpadu", "satpolpp", ""),
        ("Perpustakaan Digital Daerah", "dispusip", ""),
        ("Sekolah Ramah Digital", "disdik", ""),
    ],
    "ENV": [
        ("Bank Sampah Digital", "dlh", ""),
        ("Jadwal Angkut Sampah Berbasis Aplikasi", "dlh", ""),
        ("Pemantauan Kualitas Udara", "dlh", ""),
        ("Peringatan Dini Bencana Banjir", "bpbd", ""),
    ],
}
VISIONS = (
    "{s} Cerdas, Melayani dan Berdaya Saing",
    "{s} Smart, Sejahtera dan Lestari",
    "Mewujudkan {s} yang Cerdas dan Inklusif",
    "{s} Maju dengan Layanan Digital untuk Semua",
)
RPJMD_VISIONS = (
    "Terwujudnya {r} yang maju, sejahtera dan berdaya saing",
    "{r} yang religius, sejahtera dan berkelanjutan",
    "Terwujudnya masyarakat {r} yang sehat, cerdas dan mandiri",
)


@dataclass(frozen=True)
class ScaleSummary:
    regions: int
    built: int  # built by this run (the others were there already)
    programmes: int
    actions: int
    quick_wins: int
    reports: int
    rollups: int
    seconds: float


def scale_regions(scale: str, seed: int) -> list[Region]:
    """The kabupaten/kota of a scale: all of them, or Sumbawa and nine others picked by the seed."""
    regions = list(Region.objects.current().kabupaten_kota().order_by("code"))
    if scale == "national":
        return regions
    if scale != "small":
        raise ValueError(f"unknown scale {scale!r}")
    anchor = [r for r in regions if r.code == ANCHOR]
    others = [r for r in regions if r.code != ANCHOR]
    picked = random.Random(f"{seed}:small").sample(others, SMALL - len(anchor))
    return sorted(anchor + picked, key=lambda r: r.code)


def scale_refusal(regions: Sequence[Region]) -> str | None:
    """Why a scale cannot be built here: the programme has participants it would not build."""
    codes = {r.code for r in regions}
    others = Participation.objects.exclude(region__code__in=codes)
    if others.exists():
        return (
            f"The programme already has {others.count()} participants outside this scale (the demo "
            "programme, or a larger scale): build a scale into an empty database."
        )
    return None


# ------------------------------------------------------------------ one region's specification


@dataclass(frozen=True)
class RegionSpec:
    region: Region
    cohort_year: int
    plan: RegionPlan
    pace: Pace
    rng_seed: str


def region_spec(region: Region, seed: int) -> RegionSpec:
    """Everything random about a region, drawn from its own stream."""
    rng = random.Random(f"{seed}:{region.code}")
    years, weights = zip(*COHORT_WEIGHTS.items(), strict=True)
    cohort_year = rng.choices(years, weights=weights)[0]
    if region.valid_from is not None:  # a region created by a recent split joins after it
        cohort_year = max(cohort_year, min(region.valid_from.year + 1, 2023))
    start_year = min(max(cohort_year + 1, 2020), YEAR)
    s, r = _short(region), region.name
    quick_wins = []
    for dim, pool in QUICK_WIN_POOLS.items():
        name, agency, acronym = rng.choice(pool)
        quick_wins.append(QW(dimension=dim, name=name.format(s=s), agency=agency, acronym=acronym))
    kind = "perwali" if region.level == "kota" else "perbup"
    date = dt.date(start_year, 1, 10) + dt.timedelta(days=rng.randint(0, 64))  # by mid-March
    plan = RegionPlan(
        code=region.code,
        start_year=start_year,
        vision=rng.choice(VISIONS).format(s=s),
        rpjmd_vision=rng.choice(RPJMD_VISIONS).format(r=r),
        state="ratified",
        quick_wins=quick_wins,
        ratification=Ratification(kind, f"{rng.randint(2, 40)} Tahun {start_year}", date),
    )
    pace = Pace(diligence=rng.uniform(0.55, 0.95), punctuality=rng.uniform(0.6, 0.97))
    return RegionSpec(region, cohort_year, plan, pace, f"{seed}:{region.code}")


# ------------------------------------------------------------------ writing a batch of regions


def _agencies_ensure(regions: Sequence[Region]) -> None:
    have = set(Agency.objects.filter(region__in=regions).values_list("region_id", "code"))
    Agency.objects.bulk_create(
        [
            Agency(region=region, code=code, acronym=acronym, name=name, kind=kind)
            for region in regions
            for code, acronym, name, kind in STANDARD_AGENCIES
            if (region.pk, code) not in have
        ],
        batch_size=progress.BATCH,
    )


def _participations(specs: Sequence[RegionSpec], *, actor: Any, cohorts: dict[int, Cohort]) -> None:
    """Enrolled and walked to Bimtek IV, as ``participation_enrol`` / ``mou_record`` /
    ``participation_advance`` leave them (timeline rows, the MoU before "MoU signed")."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    walked = []
    for spec in specs:
        rng = random.Random(f"{spec.rng_seed}:stages")
        selected, stages, note = _schedule(rng, spec.cohort_year, Stage.BIMTEK_4)
        participation = Participation(
            region=spec.region,
            cohort=cohorts[spec.cohort_year],
            track=Track.REGULAR,
            stage=stages[-1][0],
            stage_date=stages[-1][1],
            row_version=1 + len(stages),
        )
        walked.append((participation, selected, stages, note))
    Participation.objects.bulk_create([p for p, *_rest in walked], batch_size=progress.BATCH)
    changes, mous = [], []
    for participation, selected, stages, note in walked:
        changes.append(
            StageChange(participation=participation, stage=Stage.SELECTED, date=selected, recorded_by=user)
        )
        for stage, day in stages:
            text = (
                note
                if stage == stages[-1][0]
                else BIMTEK_NOTES.get(stage, "Nota Kesepakatan ditandatangani.")
            )
            changes.append(
                StageChange(participation=participation, stage=stage, date=day, note=text, recorded_by=user)
            )
        region = participation.region
        signed = dict(stages)[Stage.MOU_SIGNED]
        mous.append(
            MoU(
                participation=participation,
                number=f"NK/{region.code}/{signed.year}/{participation.pk:03d}",
                date=signed,
                signatories=(
                    f"{_head(region)} {_short(region)}\nDirektur Jenderal Aplikasi Informatika, Kementerian "
                    "Komunikasi dan Informatika"
                ),
            )
        )
    StageChange.objects.bulk_create(changes, batch_size=progress.BATCH)
    MoU.objects.bulk_create(mous, batch_size=progress.BATCH)


def _plans(specs: Sequence[RegionSpec], *, actor: Any) -> list[PlanRows]:
    catalogue = Catalogue.load([s.region for s in specs])
    plans = []
    for spec in specs:
        rng = random.Random(f"{spec.rng_seed}:plan")
        rows = plan_start(spec.region, spec.plan.start_year)
        writer = RowWriter(
            actor=actor,
            rows=rows,
            catalogue=catalogue,
            seed=spec.region.code,
            budget_scale=plan_budget_scale(rng, spec.region),
        )
        plan_content_write(writer, spec.plan, rng, size=NATIONAL_PLAN)
        problems = plan_problems(rows, catalogue)
        if problems:
            raise ValueError(f"{spec.region.code}: the generated plan breaks the plan rules: {problems[:3]}")
        assert spec.plan.ratification is not None
        plan_ratified(rows, actor=actor, ratification=spec.plan.ratification)
        plans.append(rows)
    plans_save(plans)
    return plans


def _progress(
    specs: Sequence[RegionSpec], plans: Sequence[PlanRows], *, actor: Any, periods: list[ReportingPeriod]
) -> tuple[int, int]:
    statuses = {s.code: s for s in ProgressStatus.objects.filter(reporting_year=periods[0].reporting_year)}
    reports: list[progress.Report] = []
    for spec, rows in zip(specs, plans, strict=True):
        facts = item_facts(rows.version, year=YEAR)
        story = region_story(seed=spec.rng_seed, facts=facts, year=YEAR, pace=spec.pace)
        for period in periods:
            reports += quarter_reports(
                story,
                region_id=spec.region.pk,
                period=period,
                statuses=statuses,
                pace=spec.pace,
                writer_for=lambda _item: actor,
                approver=actor,
            )
    written = progress.reports_write(reports, audit=False)
    rollups = progress.progress_settle(written, actor=actor)
    return len(written), rollups


def _reporting_year(actor: Any) -> list[ReportingPeriod]:
    year = ReportingYear.objects.filter(year=YEAR).first()
    if year is None:
        year = monitoring_services.reporting_year_setup(actor=actor, year=YEAR)
    return list(ReportingPeriod.objects.filter(reporting_year=year).select_related("reporting_year"))


def _admin() -> User:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        users_create(None)
        admin = User.objects.get(username="admin")
    return admin


def scale_build(*, scale: str, seed: int, report: Callable[[str], None] = print) -> ScaleSummary:
    """Build (or complete) a scale; ``report`` hears of each batch. Refuses a database whose
    programme has participants outside the scale (``ValueError``)."""
    if not Region.objects.exists():
        regions_load()
    regions = scale_regions(scale, seed)
    refusal = scale_refusal(regions)
    if refusal:
        raise ValueError(refusal)
    return regions_build(regions, seed=seed, report=report)


def regions_build(
    regions: Sequence[Region], *, seed: int, report: Callable[[str], None] = print
) -> ScaleSummary:
    """Build every region of ``regions`` not participating yet (``make bench`` picks its own)."""
    started = time.perf_counter()
    done = set(Participation.objects.values_list("region_id", flat=True))
    todo = [r for r in regions if r.pk not in done]
    with transaction.atomic():
        for year, name in COHORTS:
            Cohort.objects.get_or_create(year=year, defaults={"name": name})
        _agencies_ensure([r for r in regions if r.code == ANCHOR])  # the demo logins need its agencies
        admin = _admin()
        periods = _reporting_year(admin)
    cohorts = {c.year: c for c in Cohort.objects.all()}
    totals = {"programmes": 0, "actions": 0, "quick_wins": 0, "reports": 0, "rollups": 0}
    for start in range(0, len(todo), BATCH_REGIONS):
        chunk = todo[start : start + BATCH_REGIONS]
        specs = [region_spec(region, seed) for region in chunk]
        with transaction.atomic():
            _agencies_ensure(chunk)
            _participations(specs, actor=admin, cohorts=cohorts)
            plans = _plans(specs, actor=admin)
            for spec in specs:  # the regulation records "Master plan ratified", as version_ratify does
                participation_stage_established(actor=admin, region_id=spec.region.pk, stage=Stage.RATIFIED)
            reports, rollups = _progress(specs, plans, actor=admin, periods=periods)
        totals["programmes"] += sum(len(p.programmes) for p in plans)
        totals["actions"] += sum(len(p.actions) for p in plans)
        totals["quick_wins"] += sum(len(p.quick_wins) for p in plans)
        totals["reports"] += reports
        totals["rollups"] += rollups
        report(
            f"  {start + len(chunk)}/{len(todo)} regions, {totals['reports']:,} reports, "
            f"{time.perf_counter() - started:.0f} s"
        )
    return ScaleSummary(
        regions=len(regions),
        built=len(todo),
        programmes=totals["programmes"],
        actions=totals["actions"],
        quick_wins=totals["quick_wins"],
        reports=totals["reports"],
        rollups=totals["rollups"],
        seconds=time.perf_counter() - started,
    )


def scale_counts() -> dict[str, int]:
    """The size of what is in the database (the bench and the command print it)."""
    return {
        "participants": Participation.objects.count(),
        "reports": ProgressReport.objects.count(),
        "rollups": RegionProgress.objects.count(),
    }
