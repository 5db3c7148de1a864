"""The demo's evaluation: the shipped methods, a 2022 round loaded from its letters, a 2023 round
scored question by question and published, and a 2024 round in its document-review phase.

- 2022 tahap II (historical, method v1): every participant enrolled by 2021, its dimension
  scores "as printed" loaded through the same import an administrator uses (a CSV with names
  as letters print them, "KAB. BULELENG"). Kota Kediri carries its published parts (3.60, 3.21,
  3.23, 3.07, 3.65); the other regions' scores are a deterministic invention (est.).
- 2023 tahap II (method v2): the demo regions, Kota Kediri, Kota Jambi and twenty more
  participants; three assessors each from a pool of nine, every question scored (levels drawn
  around a per-region quality, deterministic), a finding of each kind, one question settled by
  the panel; computed, published, improvement measured against 2022.
- 2024 tahap II (method v2): the demo regions in document review, assessors assigned (the demo
  assessor "asesor" to Sumbawa and Buleleng, no conflict declared yet).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from decimal import Decimal

from django.utils import timezone

from kotacerdas.accounts import services as account_services
from kotacerdas.accounts.models import User
from kotacerdas.evaluation import rounds as round_services
from kotacerdas.evaluation.choices import FindingKind, Phase
from kotacerdas.evaluation.methods import methods_shipped_load
from kotacerdas.evaluation.models import (
    Assessor,
    Assignment,
    Finding,
    MethodVersion,
    PanelDecision,
    Question,
    Round,
    RoundPhase,
    RoundRegion,
    Score,
)
from kotacerdas.evaluation.results_import import results_import
from kotacerdas.evaluation.services import index_compute
from kotacerdas.programme.models import Participation
from kotacerdas.regions.models import Region

from .evaluation_self import self_assessments_build

SEED = 2023
METHOD = "gerakan-smart-city"
KEDIRI_2022 = {"BASELINE": "3.60", "OUTPUT": "3.21", "OUTCOME": "3.23", "IMPACT": "3.07", "QUICK_WIN": "3.65"}
SCORED_2023 = ["52.04", "51.08", "13.73", "63.03", "52.07", "52.71", "35.71", "15.71"]
MORE_2023 = 20
ROUND_2024 = ["52.04", "51.08", "13.73", "63.03", "52.07", "52.71"]

# code, user name, full name, category, institution, home province, expertise
POOL: list[tuple[str, str, str, str, str, str, list[str]]] = [
    ("ASR-001", "asesor", "", "academic", "Universitas Gadjah Mada", "34", ["OUTCOME", "IMPACT"]),
    (
        "ASR-002",
        "asesor.itb",
        "Dr. Suhono Harso",
        "academic",
        "Institut Teknologi Bandung",
        "32",
        ["BASELINE", "OUTPUT"],
    ),
    (
        "ASR-003",
        "asesor.its",
        "Dr. Ratna Wulandari",
        "academic",
        "Institut Teknologi Sepuluh Nopember",
        "35",
        ["QUICK_WIN", "OUTCOME"],
    ),
    (
        "ASR-004",
        "asesor.unhas",
        "Prof. Andi Makkasau",
        "academic",
        "Universitas Hasanuddin",
        "73",
        ["IMPACT", "KOLABORASI"],
    ),
    (
        "ASR-005",
        "asesor.konsultan",
        "Bayu Pratama",
        "it_consultant",
        "PT Solusi Kota Digital",
        "31",
        ["OUTPUT", "QUICK_WIN"],
    ),
    (
        "ASR-006",
        "asesor.praktisi",
        "Maria Simanjuntak",
        "practitioner",
        "Asosiasi Kota Cerdas Indonesia",
        "12",
        ["OUTCOME", "BASELINE"],
    ),
    (
        "ASR-007",
        "asesor.kemendagri",
        "Drs. Hendra Kusuma",
        "government",
        "Kementerian Dalam Negeri",
        "31",
        ["BASELINE", "OUTPUT"],
    ),
    (
        "ASR-008",
        "asesor.unand",
        "Dr. Yulia Fitri",
        "academic",
        "Universitas Andalas",
        "13",
        ["IMPACT", "OUTCOME"],
    ),
    (
        "ASR-009",
        "asesor.unud",
        "Dr. I Made Sukarsa",
        "academic",
        "Universitas Udayana",
        "51",
        ["QUICK_WIN", "IMPACT"],
    ),
]

FINDINGS = {
    FindingKind.STRENGTH: [
        "Dewan Smart City rutin rapat dan notulanya lengkap.",
        "Layanan quick win dipakai luas dan datanya terbuka.",
        "Anggaran smart city tercantum jelas di Renstra OPD.",
    ],
    FindingKind.WEAKNESS: [
        "Bukti survei pengguna layanan belum mencapai 50 responden.",
        "Manajemen risiko quick win belum terdokumentasi.",
        "Keterlibatan OPD di luar Diskominfo masih terbatas.",
    ],
    FindingKind.RECOMMENDATION: [
        "Susun rencana pengembangan SDM smart city untuk tiga tahun.",
        "Integrasikan data layanan ke satu dasbor daerah.",
        "Libatkan Forum Smart City dalam evaluasi program tahunan.",
    ],
}


def _printed(region: Region) -> str:
    """A region's name as the ministry's letters print it ("KAB. BULELENG", "KOTA KEDIRI")."""
    name = region.name.upper()
    if "ADMINISTRASI" in name:  # DKI Jakarta's administrative regions: letters give their code
        return region.code
    return "KAB. " + name.removeprefix("KABUPATEN ") if name.startswith("KABUPATEN ") else name


def _group(region_id: int, tracks: dict[int, str]) -> str:
    return "kawasan" if tracks.get(region_id) == "kawasan" else "regular"


def _pool(actor: User) -> list[Assessor]:
    provinces = {r.code: r for r in Region.objects.filter(code__in={p[5] for p in POOL})}
    out = []
    for code, username, full_name, category, institution, province, expertise in POOL:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = account_services.user_create(
                actor=actor, username=username, full_name=full_name, email=f"{username}@demo.kotacerdas.id"
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            account_services.membership_add(actor=actor, user=user, role="assessor")
        out.append(
            Assessor.objects.create(
                user=user,
                code=code,
                category=category,
                institution=institution,
                home_province=provinces[province],
                expertise=expertise,
            )
        )
    return out


def _assign(entries: list[RoundRegion], pool: list[Assessor], *, per_region: int = 3) -> list[Assignment]:
    """Round-robin over the pool, skipping assessors from the region's province (no conflict)."""
    rows: list[Assignment] = []
    turn = 0
    for entry in entries:
        chosen: list[Assessor] = []
        while len(chosen) < per_region:
            assessor = pool[turn % len(pool)]
            turn += 1
            if assessor.home_province_id != entry.region.province_id and assessor not in chosen:
                chosen.append(assessor)
        rows += [Assignment(entry=entry, assessor=a) for a in chosen]
    return Assignment.objects.bulk_create(rows)


def _round_2022(actor: User, method: MethodVersion, tracks: dict[int, str], rng: random.Random) -> Round:
    round_ = round_services.round_create(
        actor=actor,
        code="2022-2",
        year=2022,
        stage="2",
        method=method,
        historical=True,
        name="Evaluasi Implementasi Kota Cerdas Tahap II 2022",
    )
    regions = list(
        Region.objects.kabupaten_kota()
        .filter(participation__cohort__year__lte=2021)
        .select_related("province")
        .order_by("code")
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Daerah", "Kelompok", "BASELINE", "OUTPUT", "OUTCOME", "IMPACT", "QUICK_WIN"])
    for region in regions:
        quality = rng.uniform(2.2, 3.7)
        scores = (
            KEDIRI_2022
            if region.code == "35.71"
            else {d: f"{min(4.0, max(1.0, quality + rng.uniform(-0.5, 0.5))):.2f}" for d in KEDIRI_2022}
        )
        writer.writerow([_printed(region), _group(region.pk, tracks), *scores.values()])
    results_import(
        actor=actor, round_=round_, file=out.getvalue().encode(), filename="hasil-evaluasi-2022.csv"
    )
    index_compute(actor=actor, round_=round_)
    return round_services.round_publish(actor=actor, round_=round_)


def _levels(rng: random.Random, quality: float, questions: list[Question]) -> list[Decimal]:
    out = []
    for q in questions:
        value = quality + rng.uniform(-0.9, 0.9)
        if q.answer == "survey":
            out.append(Decimal(f"{min(4.0, max(0.0, value)):.2f}"))
        else:
            out.append(Decimal(min(4, max(0, round(value)))))
    return out


def _round_2023(
    actor: User,
    method: MethodVersion,
    previous: Round,
    pool: list[Assessor],
    tracks: dict[int, str],
    rng: random.Random,
) -> Round:
    round_ = round_services.round_create(
        actor=actor,
        code="2023-2",
        year=2023,
        stage="2",
        method=method,
        previous=previous,
        name="Evaluasi Implementasi Kota Cerdas Tahap II 2023",
    )
    fixed = list(Region.objects.filter(code__in=SCORED_2023))
    others = list(
        Region.objects.kabupaten_kota()
        .filter(participation__cohort__year__lte=2022)
        .exclude(code__in=SCORED_2023)
        .order_by("code")
    )
    regions = sorted(fixed + rng.sample(others, min(MORE_2023, len(others))), key=lambda r: r.code)
    groups = {g.code: g for g in method.groups.all()}
    entries = RoundRegion.objects.bulk_create(
        RoundRegion(round=round_, region=r, group=groups[_group(r.pk, tracks)]) for r in regions
    )
    by_region = {r.pk: r for r in regions}
    for entry in entries:
        entry.region = by_region[entry.region_id]
    assignments = _assign(entries, pool)
    questions = list(Question.objects.filter(method=method).select_related("dimension").order_by("position"))
    weights = {g.code: set(g.weights.values_list("dimension__code", flat=True)) for g in method.groups.all()}
    quality = {e.pk: rng.uniform(2.3, 3.8) for e in entries}
    entry_group = {e.pk: e.group.code for e in entries}
    scores: list[Score] = []
    for a in assignments:
        mine = [q for q in questions if q.dimension.code in weights[entry_group[a.entry_id]]]
        levels = _levels(rng, quality[a.entry_id] + rng.uniform(-0.2, 0.2), mine)
        scores += [
            Score(assignment=a, question=q, level=level) for q, level in zip(mine, levels, strict=True)
        ]
    Score.objects.bulk_create(scores, batch_size=2000)
    now = timezone.now()
    Assignment.objects.filter(pk__in=[a.pk for a in assignments]).update(
        no_conflict_declared_at=now, submitted_at=now
    )
    findings = []
    for entry in entries:
        for kind, texts in FINDINGS.items():
            findings.append(Finding(entry=entry, kind=kind, text=texts[rng.randrange(len(texts))]))
    Finding.objects.bulk_create(findings)
    sumbawa = next(e for e in entries if by_region[e.region_id].code == "52.04")
    PanelDecision.objects.create(
        entry=sumbawa,
        question=questions[0],
        score=Decimal(4),
        reason="Perbup Master Plan Smart City ditunjukkan saat wawancara; semua asesor sepakat nilai 4.",
        decided_by=actor,
    )
    Round.objects.filter(pk=round_.pk).update(phase=Phase.PANEL)
    round_.refresh_from_db()
    index_compute(actor=actor, round_=round_)
    return round_services.round_publish(actor=actor, round_=round_)


def _round_2024(
    actor: User, method: MethodVersion, previous: Round, pool: list[Assessor], tracks: dict[int, str]
) -> Round:
    round_ = round_services.round_create(
        actor=actor,
        code="2024-2",
        year=2024,
        stage="2",
        method=method,
        previous=previous,
        name="Evaluasi Implementasi Kota Cerdas Tahap II 2024",
    )
    regions = list(Region.objects.filter(code__in=ROUND_2024).order_by("code"))
    groups = {g.code: g for g in method.groups.all()}
    entries = RoundRegion.objects.bulk_create(
        RoundRegion(round=round_, region=r, group=groups[_group(r.pk, tracks)]) for r in regions
    )
    for entry, region in zip(entries, regions, strict=True):
        entry.region = region
        entry.round = round_
    Round.objects.filter(pk=round_.pk).update(phase=Phase.SELF_ASSESSMENT)
    round_.refresh_from_db()
    self_assessments_build(entries=entries, rng=random.Random(SEED + 2024))
    RoundPhase.objects.bulk_create(
        RoundPhase(round=round_, phase=phase, opens_on=opens, closes_on=closes, locked=locked)
        for phase, opens, closes, locked in [
            (Phase.SELF_ASSESSMENT, dt.date(2024, 7, 1), dt.date(2024, 8, 31), True),
            (Phase.DOCUMENT_REVIEW, dt.date(2024, 9, 1), dt.date(2024, 10, 15), False),
            (Phase.INTERVIEW, dt.date(2024, 10, 21), dt.date(2024, 10, 24), False),
            (Phase.PANEL, dt.date(2024, 11, 4), dt.date(2024, 11, 15), False),
        ]
    )
    demo_assessor = pool[0]
    rows = []
    for entry in entries:
        others = [a for a in pool[1:] if a.home_province_id != entry.region.province_id][:2]
        chosen = ([demo_assessor] if entry.region.code in ("52.04", "51.08") else pool[3:4]) + others
        rows += [Assignment(entry=entry, assessor=a) for a in dict.fromkeys(chosen)]
    Assignment.objects.bulk_create(rows)
    Round.objects.filter(pk=round_.pk).update(phase=Phase.DOCUMENT_REVIEW)
    round_.refresh_from_db()
    return round_


def evaluation_build(*, actor: User) -> None:
    """The demo's evaluation rounds (``actor``: the ministry admin)."""
    methods_shipped_load()
    method_2022 = MethodVersion.objects.get(code=METHOD, version=1)
    method_2023 = MethodVersion.objects.get(code=METHOD, version=2)
    tracks = dict(Participation.objects.values_list("region_id", "track"))
    rng = random.Random(SEED)
    pool = _pool(actor)
    r2022 = _round_2022(actor, method_2022, tracks, rng)
    r2023 = _round_2023(actor, method_2023, r2022, pool, tracks, rng)
    _round_2024(actor, method_2023, r2023, pool, tracks)


def evaluation_summary() -> str:
    rounds = ", ".join(
        f"{r.code} ({r.get_phase_display()}, {r.regions.count()} regions)"
        for r in Round.objects.order_by("code")
    )
    return (
        f"Evaluation: {rounds}; {Score.objects.count()} scores from {Assessor.objects.count()} assessors.\n"
    )
