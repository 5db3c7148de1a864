"""Implementation monitoring in the demo: the 2024 reporting year of the regions whose master
plan is ratified (Buleleng, Banjar, Sumbawa, Kota Mataram, Sawahlunto).

2024 is the year every one of those plans runs. The ministry opens it (quarterly, the default
status vocabulary) through ``monitoring.services``. The quarters already reported are history,
written by ``demo.progress`` exactly as the services write them but dated in 2024 (submitted
around each deadline, approved days later), so reporting rates and timeliness mean something:
each region reports on its own share of actions and on every quick win. The first approved
report of each region records its stage "Implementing".

The last reports of the fourth quarter of Sumbawa and Sawahlunto go through the services, as
users would write them now: the ministry reopens the locked quarter for both regions (a lock
exception), agencies and coordinators save, submit, approve and return reports, so the
approvals page, the agency's dashboard and the bell have something to show. Sawahlunto's quick wins carry the completion
figures published at its Bimtek III (DOMAIN.md §3): Dada Warsina 70 %, Info Sunto 1 %,
Jempol Narsis 99 %, most of the others 70 % (a manual % with its reason).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from kotacerdas.accounts.models import Membership, User
from kotacerdas.monitoring import services
from kotacerdas.monitoring.models import ProgressReport, ProgressStatus, ReportingPeriod
from kotacerdas.monitoring.selectors import Item, version_in_force_for_region
from kotacerdas.regions.models import Region

from . import progress
from .stories import ItemFacts, Pace, Step, Story, item_facts, quarter_reports, region_story, report_data

YEAR = 2024


@dataclass(frozen=True)
class Live:
    """How many of a region's fourth-quarter reports end in each state (through the services)."""

    approved: int = 0
    submitted: int = 0
    returned: int = 0
    drafts: int = 0
    reason: str = ""  # why the ministry reopened the quarter for the region


@dataclass(frozen=True)
class RegionMonitoring:
    code: str
    pace: Pace
    coordinator: str  # username of the region's demo coordinator
    live: Live | None = None  # the fourth quarter through the services (else it is history too)
    weighting: str = "equal"
    # Reports set by hand: item code → the step of each quarter (published figures).
    fixed: dict[str, list[Step]] = field(default_factory=dict)


def _manual(status: str, percent: int, reason: str, narrative: str) -> Step:
    return Step(status, manual=Decimal(percent), reason=reason, narrative=narrative)


# Sawahlunto's quick wins by their codes in its plan (QW-<dimension>): the figures of Bimtek III
# (7 September 2023), reached by the fourth quarter of 2024; most of the others at 70 %.
SAWAHLUNTO_QUICK_WINS: dict[str, list[Step]] = {
    "QW-BRD": [  # Dada Warsina
        Step("preparation", narrative="Inventarisasi data warisan budaya dunia bersama Dinas Pendidikan."),
        Step("in_progress", narrative="Digitalisasi arsip dan foto situs tambang batu bara Ombilin."),
        _manual("in_progress", 60, "Enam dari sepuluh kelompok data warisan budaya sudah didigitalkan.", ""),
        _manual(
            "in_progress",
            70,
            "Tujuh dari sepuluh kelompok data warisan budaya sudah didigitalkan dan dapat diakses.",
            "Fitur pelaporan warisan budaya oleh masyarakat (dikonfirmasi ahli) sedang dikembangkan, "
            "sesuai saran narasumber Bimtek III.",
        ),
    ],
    "QW-ECO": [  # Info Sunto
        Step("not_started", narrative="Belum dimulai: menunggu pengesahan DPA perubahan."),
        Step("not_started", narrative="Belum dimulai: kajian kebutuhan informasi pasar disusun."),
        _manual("not_started", 1, "Baru pengumpulan data harga komoditas di dua pasar.", ""),
        _manual(
            "not_started",
            1,
            "Baru pengumpulan data harga komoditas di dua pasar; aplikasi belum dibangun.",
            "Penyusunan konten Info Sunto; pengembangan aplikasi dianggarkan tahun depan.",
        ),
    ],
    "QW-SOC": [  # Jempol Narsis
        Step("in_progress", narrative="Perekaman KTP-el siswa kelas XII di SMA/SMK negeri."),
        Step("pilot", narrative="Jemput bola ke sekolah swasta dan madrasah aliyah."),
        _manual("pilot", 90, "Sembilan dari sepuluh sekolah sasaran selesai direkam.", ""),
        _manual(
            "pilot",
            99,
            "Siswa wajib KTP-el di semua sekolah sasaran sudah direkam; tinggal satu sekolah susulan.",
            "Jemput Bola Nyasarin KTP Siswa hampir tuntas di seluruh SMA/SMK/MA Kota Sawahlunto.",
        ),
    ],
}
for _code in ("QW-GOV", "QW-LIV", "QW-ENV"):
    SAWAHLUNTO_QUICK_WINS[_code] = [
        Step("preparation", narrative="Penyusunan KAK dan rapat koordinasi dengan OPD terkait."),
        Step("in_progress", narrative="Pengembangan layanan berjalan bersama Dinas Kominfo."),
        _manual("in_progress", 65, "Sebagian besar tahapan pengembangan selesai.", ""),
        _manual(
            "in_progress",
            70,
            "Tujuh dari sepuluh tahapan pengembangan selesai.",
            "Uji coba internal berjalan.",
        ),
    ]

REGIONS: list[RegionMonitoring] = [
    RegionMonitoring("51.08", Pace(0.8, 0.9), "koordinator.buleleng", weighting="budget"),
    RegionMonitoring("63.03", Pace(0.85, 0.92), "koordinator.banjar"),
    RegionMonitoring("52.71", Pace(0.65, 0.7), "koordinator.mataram"),
    RegionMonitoring(
        "52.04",
        Pace(0.72, 0.85),
        "koordinator.sumbawa",
        live=Live(
            approved=10,
            submitted=6,
            returned=2,
            drafts=3,
            reason=(
                "Laporan triwulan IV 2024 OPD Kabupaten Sumbawa tertunda karena pergantian pejabat "
                "pengelola data; dibuka kembali atas permintaan koordinator daerah."
            ),
        ),
    ),
    RegionMonitoring(
        "13.73",
        Pace(0.6, 0.8),
        "koordinator.sawahlunto",
        live=Live(
            approved=6,
            reason="Dibuka kembali untuk melengkapi laporan quick win triwulan IV 2024 Kota Sawahlunto.",
        ),
        fixed=SAWAHLUNTO_QUICK_WINS,
    ),
]

RETURN_COMMENTS = (
    "Lampirkan bukti kegiatan (foto dan berita acara); realisasi anggaran belum sesuai SP2D.",
    "Nilai capaian indikator belum diisi; lengkapi sebelum dikirim ulang.",
    "Status 'operasional' belum didukung bukti: lampirkan tautan aplikasi atau laporan pemanfaatan.",
)


def _officers(region: Region) -> dict[int, User]:
    """The demo's agency officers of the region, by agency."""
    return {
        m.agency_id: m.user
        for m in Membership.objects.filter(role="agency_officer", agency__region=region).select_related(
            "user"
        )
        if m.agency_id is not None
    }


def _writers(region: Region, coordinator: User) -> Callable[[Item], User]:
    """Who writes an item's reports: the agency's demo officer if it has one, else the coordinator."""
    officers = _officers(region)
    return lambda item: officers.get(item.agency_id, coordinator)


def _story(spec: RegionMonitoring, facts: list[ItemFacts]) -> Story:
    story = region_story(seed=f"demo:{spec.code}", facts=facts, year=YEAR, pace=spec.pace)
    for code, steps in spec.fixed.items():
        story.steps[code] = steps
        story.quarters[code] = {0, 1, 2, 3}
    return story


def _live_states(spec: Live, story: Story, officer_agencies: set[int]) -> list[tuple[Item, str]]:
    """Which fourth-quarter reports go through the services, and the state each ends in: the
    quick wins and the officers' items first (so that an agency officer sees one of each), then
    the rest in plan order, until every count is used."""
    items = [f.item for code, f in story.facts.items() if 3 in story.quarters.get(code, set())]
    wanted = (
        ["approved"] * spec.approved
        + ["submitted"] * spec.submitted
        + ["returned"] * spec.returned
        + ["draft"] * spec.drafts
    )
    own = [i for i in items if i.agency_id in officer_agencies]
    rest = [i for i in items if i.agency_id not in officer_agencies]
    cycle = ["submitted", "returned", "draft", "approved", "submitted"]
    chosen: list[tuple[Item, str]] = []
    for index, item in enumerate(own):
        state = cycle[index % len(cycle)]
        if state in wanted:
            wanted.remove(state)
            chosen.append((item, state))
    for item in [i for i in rest if i.kind == "quick_win"] + [i for i in rest if i.kind != "quick_win"]:
        if not wanted:
            break
        chosen.append((item, wanted.pop(0)))
    return chosen


def _live_quarter(
    spec: RegionMonitoring,
    chosen: list[tuple[Item, str]],
    *,
    admin: User,
    region: Region,
    period: ReportingPeriod,
    statuses: dict[str, ProgressStatus],
    story: Story,
    writer_for: Callable[[Item], User],
    coordinator: User,
) -> None:
    """The last reports of the fourth quarter through the services, after the ministry reopened
    the quarter for the region."""
    assert spec.live is not None
    services.lock_exception_grant(
        actor=admin,
        period=period,
        region_id=region.pk,
        until=timezone.localdate() + dt.timedelta(days=60),
        reason=spec.live.reason,
    )
    approved, returned = [], []
    for index, (item, state) in enumerate(chosen):
        writer = writer_for(item)
        report = services.report_save(
            actor=writer,
            period=period,
            region_id=region.pk,
            lineage_id=item.lineage_id,
            data=report_data(story.steps[item.code][3], statuses),
        )
        if state == "draft":
            continue
        report = services.report_submit(actor=writer, report=report)
        if state == "approved":
            approved.append(report)
        elif state == "returned":
            returned.append((report, RETURN_COMMENTS[index % len(RETURN_COMMENTS)]))
    if approved:
        services.report_decide(actor=coordinator, reports=approved, approve=True)
    for report, comment in returned:
        services.report_decide(actor=coordinator, reports=[report], approve=False, comment=comment)


@dataclass
class _Region:
    spec: RegionMonitoring
    region: Region
    story: Story
    coordinator: User
    writer_for: Callable[[Item], User]
    live: list[tuple[Item, str]]


def monitoring_build(*, actor: User) -> None:
    """The 2024 reporting year of the demo regions with a ratified plan (``actor``: the ministry)."""
    year = services.reporting_year_setup(actor=actor, year=YEAR)
    periods = list(ReportingPeriod.objects.filter(reporting_year=year).select_related("reporting_year"))
    statuses = {s.code: s for s in ProgressStatus.objects.filter(reporting_year=year)}
    history: list[progress.Report] = []
    regions: list[_Region] = []
    for spec in REGIONS:
        region = Region.objects.get(code=spec.code)
        version = version_in_force_for_region(region.pk)
        if version is None:
            continue
        coordinator = User.objects.get(username=spec.coordinator)
        if spec.weighting != "equal":
            services.region_settings_update(actor=coordinator, region_id=region.pk, weighting=spec.weighting)
        story = _story(spec, item_facts(version, year=YEAR))
        writer_for = _writers(region, coordinator)
        officer_agencies = {agency for agency, _user in _officers(region).items()}
        live = _live_states(spec.live, story, officer_agencies) if spec.live else []
        regions.append(_Region(spec, region, story, coordinator, writer_for, live))
        for period in periods:
            reports = quarter_reports(
                story,
                region_id=region.pk,
                period=period,
                statuses=statuses,
                pace=spec.pace,
                writer_for=writer_for,
                approver=coordinator,
            )
            if period.number == 4:  # those reported late go through the services below
                late = {item.code for item, _state in live}
                reports = [r for r in reports if r.item.code not in late]
            history += reports
    rows = progress.reports_write(history)
    progress.progress_settle(rows, actor=actor)
    for r in regions:
        if r.live:
            _live_quarter(
                r.spec,
                r.live,
                admin=actor,
                region=r.region,
                period=periods[3],
                statuses=statuses,
                story=r.story,
                writer_for=r.writer_for,
                coordinator=r.coordinator,
            )


def monitoring_summary() -> str:
    reports = ProgressReport.objects.all()
    approved = reports.filter(state="approved").count()
    return (
        f"Monitoring {YEAR}: {reports.count()} progress reports ({approved} approved, "
        f"{reports.filter(state='submitted').count()} waiting for approval, "
        f"{reports.filter(state='returned').count()} returned, {reports.filter(state='draft').count()} drafts) "
        f"in {reports.values('region').distinct().count()} regions.\n"
    )
