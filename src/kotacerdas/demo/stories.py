"""How the demo's plan items progress through a reporting year: a deterministic invention.

Each item gets its own random stream (seeded by the region and the item's code), so an item's
story does not depend on which other items or regions are built. An action moves up the status
ladder (not started → preparation → in progress → pilot → operational) a step now and then,
faster when it ends this year; a few are cancelled or postponed; a few reports carry a manual %
with a reason; some actions absorb their budget faster than they progress (the traffic light
turns amber or red). Budgets realised and indicator values follow the plan's figures for the
year; reports are submitted around the deadline (most on time) and approved some days later.

``quarter_reports`` turns the stories into ``demo.progress.Report`` values for one quarter.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kotacerdas.masterplans.models import ActionPlan, PlanVersion, QuickWin
from kotacerdas.monitoring.choices import DEFAULT_STATUSES
from kotacerdas.monitoring.models import ProgressStatus, ReportingPeriod
from kotacerdas.monitoring.selectors import Item, plan_figures_for_year, reportable_items

from .progress import Report

LADDER = ("not_started", "preparation", "in_progress", "pilot", "operational")
# Budget absorbed by the end of each quarter, as a share of the year's (before each item's pace).
ABSORPTION = (0.14, 0.38, 0.63, 0.9)

NARRATIVES: dict[str, tuple[str, ...]] = {
    "not_started": (
        "Belum dimulai: menunggu pengesahan DPA perubahan.",
        "Belum dimulai: tim teknis baru ditetapkan dengan SK Kepala Dinas.",
        "Belum dimulai: menunggu hasil kajian kebutuhan pengguna.",
    ),
    "preparation": (
        "Penyusunan KAK dan rapat koordinasi dengan OPD terkait.",
        "Pengumpulan data awal dan survei kebutuhan pengguna di {n} kecamatan.",
        "Proses pengadaan barang/jasa melalui e-katalog sedang berjalan.",
    ),
    "in_progress": (
        "Pengembangan sistem berjalan; uji coba internal di {n} unit layanan.",
        "Pengadaan perangkat selesai, pemasangan berjalan di {n} lokasi.",
        "Pelatihan petugas untuk {n} unit layanan telah dilaksanakan.",
    ),
    "pilot": (
        "Uji coba di {n} kecamatan; masukan pengguna sedang ditindaklanjuti.",
        "Layanan diuji coba terbatas di {n} lokasi sebelum diluncurkan.",
    ),
    "operational": (
        "Layanan beroperasi penuh dan dipakai masyarakat; {n} transaksi pada triwulan ini.",
        "Sudah berjalan rutin; evaluasi pemanfaatan dilakukan setiap bulan.",
    ),
    "cancelled": ("Dibatalkan: anggaran dialihkan untuk penanganan bencana banjir.",),
    "postponed": ("Ditunda ke tahun anggaran berikutnya karena refocusing anggaran.",),
}
MANUAL_REASONS = (
    "Progres fisik di lapangan lebih maju dari tahapnya: sebagian lokasi sudah memakai layanan.",
    "Sebagian pekerjaan tertunda karena cuaca; persentase disesuaikan dengan progres fisik.",
    "Dihitung dari jumlah lokasi yang sudah selesai dibanding seluruh lokasi sasaran.",
    "Menurut berita acara pemeriksaan pekerjaan oleh tim teknis.",
)


@dataclass(frozen=True)
class ItemFacts:
    """A reportable item of the plan in force with its figures for the year."""

    item: Item
    start_year: int
    end_year: int
    planned: Decimal  # the plan's budget for the year (all sources); 0 for quick wins
    target: Decimal | None
    baseline: Decimal | None


@dataclass(frozen=True)
class Step:
    """What an item's report says in one quarter."""

    status: str
    manual: Decimal | None = None
    reason: str = ""
    realised: Decimal | None = None
    actual: Decimal | None = None
    narrative: str = ""


@dataclass(frozen=True)
class Pace:
    """A region's habits: the share of its active actions it reports on, and how punctual it is."""

    diligence: float = 0.75
    punctuality: float = 0.85


def item_facts(version: PlanVersion, *, year: int) -> list[ItemFacts]:
    """The items of ``version`` active in ``year`` (actions running that year, every quick win)."""
    items = reportable_items(version)
    actions = {
        row["pk"]: row
        for row in ActionPlan.objects.filter(version=version).values(
            "pk", "baseline", "start_year", "end_year"
        )
    }
    wins = dict(QuickWin.objects.filter(version=version).values_list("pk", "target_year"))
    budgets, targets = plan_figures_for_year(action_ids=list(actions), year=year)
    facts = []
    for item in items:
        if item.kind == "action":
            row = actions[item.pk]
            if not row["start_year"] <= year <= row["end_year"]:
                continue
            facts.append(
                ItemFacts(
                    item,
                    row["start_year"],
                    row["end_year"],
                    budgets.get(item.pk, Decimal(0)),
                    targets.get(item.pk),
                    row["baseline"],
                )
            )
        else:
            target_year = wins[item.pk]
            facts.append(ItemFacts(item, target_year - 1, target_year, Decimal(0), None, None))
    return facts


def _levels(rng: random.Random, facts: ItemFacts, year: int) -> list[int | str]:
    """The item's rung on the ladder in each quarter (or "cancelled"/"postponed")."""
    started_before = facts.start_year < year
    level = rng.choice([1, 2, 2, 3]) if started_before else rng.choice([0, 1, 1, 2])
    pace = 0.6 if facts.end_year <= year else 0.42
    stopped_at = rng.randrange(1, 4) if rng.random() < 0.04 else None
    stopped = rng.choice(["cancelled", "postponed"])
    levels: list[int | str] = []
    for quarter in range(4):
        if stopped_at is not None and quarter >= stopped_at:
            levels.append(stopped)
            continue
        if quarter and rng.random() < pace:
            level = min(level + 1, len(LADDER) - 1)
        levels.append(level)
    return levels


# The % each status of the default vocabulary sets.
PERCENT: dict[str, int] = {code: percent for code, _label, percent in DEFAULT_STATUSES if percent is not None}


def item_steps(rng: random.Random, facts: ItemFacts, *, year: int) -> list[Step]:
    """The item's report in each quarter of ``year`` (whether it is sent is decided elsewhere)."""
    levels = _levels(rng, facts, year)
    lagging = rng.random() < 0.12  # spends ahead of what it achieves
    speed = rng.uniform(1.15, 1.35) if lagging else rng.uniform(0.6, 1.15)
    manual_quarters = {q for q in range(4) if rng.random() < 0.06}
    n = rng.randint(2, 24)
    steps = []
    realised = Decimal(0)
    for quarter, level in enumerate(levels):
        if isinstance(level, str):  # cancelled or postponed: no %, the spending stops
            steps.append(
                Step(level, realised=realised if facts.planned else None, narrative=NARRATIVES[level][0])
            )
            continue
        if lagging:
            level = min(level, 1 + quarter // 3)
        status = LADDER[level]
        percent = Decimal(PERCENT[status])
        manual = None
        reason = ""
        if quarter in manual_quarters and status != "operational":
            manual = min(Decimal(100), max(Decimal(0), percent + rng.choice([-15, -10, 5, 10, 15, 20])))
            reason = rng.choice(MANUAL_REASONS)
            percent = manual
        if facts.planned:
            share = min(1.0, ABSORPTION[quarter] * speed)
            realised = max(realised, (facts.planned * Decimal(str(round(share, 3)))).quantize(Decimal(1)))
        actual = None
        if facts.item.kind == "action" and facts.target is not None:
            base = facts.baseline or Decimal(0)
            actual = (base + (facts.target - base) * percent / 100).quantize(Decimal("0.01"))
        steps.append(
            Step(
                status,
                manual=manual,
                reason=reason,
                realised=realised if facts.planned else None,
                actual=actual,
                narrative=rng.choice(NARRATIVES[status]).format(n=n + quarter * rng.randint(1, 5)),
            )
        )
    return steps


def _moment(rng: random.Random, day: dt.date) -> dt.datetime:
    """A time in office hours on ``day``, in the programme's time zone."""
    naive = dt.datetime.combine(day, dt.time(rng.randint(8, 15), rng.randrange(60)))
    return timezone.make_aware(naive, timezone.get_default_timezone())


def report_times(rng: random.Random, period: ReportingPeriod, pace: Pace) -> tuple[dt.datetime, dt.datetime]:
    """When a report of ``period`` was submitted (around the deadline) and decided (days after)."""
    if rng.random() < pace.punctuality:
        submitted = period.ends_on + dt.timedelta(
            days=rng.randint(-6, (period.deadline - period.ends_on).days)
        )
    else:
        submitted = period.deadline + dt.timedelta(days=rng.randint(1, 25))
    decided = submitted + dt.timedelta(days=rng.randint(1, 12))
    return _moment(rng, submitted), _moment(rng, decided)


def report_data(step: Step, statuses: dict[str, ProgressStatus]) -> dict[str, Any]:
    """The report as the form sends it (the status as its row of the year's vocabulary)."""
    return {
        "status": statuses[step.status],
        "manual_percent": step.manual,
        "manual_reason": step.reason,
        "budget_realised": step.realised,
        "indicator_actual": step.actual,
        "narrative": step.narrative,
    }


@dataclass
class Story:
    """A region's year: each reported item's steps and the quarters it reports in."""

    facts: dict[str, ItemFacts]  # by item code
    steps: dict[str, list[Step]]
    quarters: dict[str, set[int]]  # the quarters (0-3) an item is reported in
    rng_seed: str


def region_story(*, seed: str, facts: Sequence[ItemFacts], year: int, pace: Pace) -> Story:
    """Which items the region reports on, from which quarter, and what each report says."""
    steps: dict[str, list[Step]] = {}
    quarters: dict[str, set[int]] = {}
    for f in facts:
        rng = random.Random(f"{seed}:{f.item.code}")
        quick_win = f.item.kind == "quick_win"  # reported every quarter
        reported = rng.random() < pace.diligence or quick_win
        first = 0 if rng.random() < 0.75 or quick_win else 1
        skipped = {q for q in range(first + 1, 4) if rng.random() < 0.05 and not quick_win}
        steps[f.item.code] = item_steps(rng, f, year=year)
        if reported:
            quarters[f.item.code] = {q for q in range(first, 4) if q not in skipped}
    return Story({f.item.code: f for f in facts}, steps, quarters, seed)


def quarter_reports(
    story: Story,
    *,
    region_id: int,
    period: ReportingPeriod,
    statuses: dict[str, ProgressStatus],
    pace: Pace,
    writer_for: Any,
    approver: Any,
) -> list[Report]:
    """The approved reports of one quarter of ``story`` (``writer_for(item)`` wrote each)."""
    quarter = period.number - 1
    reports = []
    for code, facts in story.facts.items():
        if quarter not in story.quarters.get(code, set()):
            continue
        rng = random.Random(f"{story.rng_seed}:{code}:{period.code}")
        submitted, decided = report_times(rng, period, pace)
        reports.append(
            Report(
                region_id=region_id,
                period=period,
                item=facts.item,
                data=report_data(story.steps[code][quarter], statuses),
                writer=writer_for(facts.item),
                approver=approver,
                submitted_at=submitted,
                decided_at=decided,
            )
        )
    return reports
