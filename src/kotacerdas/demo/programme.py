"""The rest of the demo programme: about 240 participants across the cohorts of DOMAIN.md §1.

Every participant is enrolled and moved along its path through ``programme.services`` (so its
timeline and the audit trail are real). What the sources give is used as given: the cohort
sizes (25 in 2017, 50 in 2018, 25 in 2019, 50 in 2021 and 50 in 2022), the kawasan track from
2021 (the national tourism priority areas and the new capital IKN). The rest is a deterministic
invention (``random.Random`` with a fixed seed): which kabupaten/kota joined which cohort, the
members of each kawasan (est.), the size of the 2023 cohort (est.), each participant's stage
and dates.

The stages follow the facts the product holds (``programme.stage_rules``): "Master plan
ratified" and later stages need a ratified master plan, "Implementing" an approved progress
report, "Evaluated" an evaluation. Only the demo regions have a master plan, so every other
participant stops at Bimtek IV at the latest; a demo region's plan, when ratified, records
"Master plan ratified" with its regulation's date, and its first approved progress report
(``demo.monitoring``) records "Implementing". No participant is evaluated: evaluations are not
recorded in the product yet.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from kotacerdas.accounts.models import User
from kotacerdas.core.services import object_create
from kotacerdas.programme import services as programme_services
from kotacerdas.programme.choices import STAGE_ORDER, KawasanKind, Stage, Track
from kotacerdas.programme.models import Kawasan, Participation
from kotacerdas.regions.models import Region

SEED = 2017

# Kabupaten/kota per cohort, the seed regions and kawasan members included (2023: est.).
COHORT_SIZES: dict[int, int] = {2017: 25, 2018: 50, 2019: 25, 2021: 50, 2022: 50, 2023: 39}


@dataclass(frozen=True)
class KawasanSpec:
    code: str
    name: str
    kind: str
    members: tuple[str, ...]  # region names as loaded (Kemendagri names), looked up at build time


# The ten national tourism priority areas (KSPN "Bali Baru") and the new capital, enrolled in 2021.
# Members are a best reading (est.): the kabupaten/kota around each area.
KAWASAN: list[KawasanSpec] = [
    KawasanSpec(
        "danau-toba",
        "Kawasan Danau Toba",
        KawasanKind.KSPN,
        (
            "Kabupaten Samosir",
            "Kabupaten Karo",
            "Kabupaten Simalungun",
            "Kabupaten Humbang Hasundutan",
            "Kabupaten Toba",
            "Kabupaten Tapanuli Utara",
            "Kabupaten Dairi",
            "Kabupaten Pakpak Bharat",
        ),
    ),
    KawasanSpec(
        "borobudur",
        "Kawasan Borobudur",
        KawasanKind.KSPN,
        (
            "Kabupaten Magelang",
            "Kota Magelang",
            "Kabupaten Purworejo",
            "Kabupaten Kulon Progo",
            "Kabupaten Sleman",
        ),
    ),
    KawasanSpec(
        "mandalika",
        "Kawasan Mandalika",
        KawasanKind.KSPN,
        (
            "Kabupaten Lombok Tengah",
            "Kabupaten Lombok Barat",
            "Kabupaten Lombok Timur",
            "Kabupaten Lombok Utara",
        ),
    ),
    KawasanSpec(
        "labuan-bajo",
        "Kawasan Labuan Bajo",
        KawasanKind.KSPN,
        ("Kabupaten Manggarai Barat", "Kabupaten Manggarai", "Kabupaten Manggarai Timur"),
    ),
    KawasanSpec(
        "likupang",
        "Kawasan Likupang",
        KawasanKind.KSPN,
        ("Kabupaten Minahasa Utara", "Kota Bitung", "Kota Manado"),
    ),
    KawasanSpec(
        "bromo-tengger-semeru",
        "Kawasan Bromo Tengger Semeru",
        KawasanKind.KSPN,
        ("Kabupaten Probolinggo", "Kabupaten Pasuruan", "Kabupaten Malang", "Kabupaten Lumajang"),
    ),
    KawasanSpec(
        "tanjung-kelayang",
        "Kawasan Tanjung Kelayang",
        KawasanKind.KSPN,
        ("Kabupaten Belitung", "Kabupaten Belitung Timur"),
    ),
    KawasanSpec(
        "tanjung-lesung",
        "Kawasan Tanjung Lesung",
        KawasanKind.KSPN,
        ("Kabupaten Pandeglang", "Kabupaten Lebak"),
    ),
    KawasanSpec(
        "kepulauan-seribu",
        "Kawasan Kepulauan Seribu",
        KawasanKind.KSPN,
        ("Kabupaten Administrasi Kepulauan Seribu",),
    ),
    KawasanSpec("wakatobi", "Kawasan Wakatobi", KawasanKind.KSPN, ("Kabupaten Wakatobi", "Kabupaten Buton")),
    KawasanSpec("morotai", "Kawasan Morotai", KawasanKind.KSPN, ("Kabupaten Pulau Morotai",)),
    KawasanSpec(
        "ikn",
        "Kawasan Ibu Kota Nusantara (IKN)",
        KawasanKind.IKN,
        (
            "Kabupaten Penajam Paser Utara",
            "Kabupaten Kutai Kartanegara",
            "Kota Balikpapan",
            "Kota Samarinda",
        ),
    ),
]
KAWASAN_YEAR = 2021

# Regions placed by hand: Kota Mataram gets a demo organisation and master plan; Kota Kediri and
# Kota Jambi are the worked examples of DOMAIN.md §4 (cohort years est.).
FIXED: list[tuple[str, int]] = [("52.71", 2018), ("35.71", 2018), ("15.71", 2018)]

# Smart Provinces (cohort years est.).
SMART_PROVINCES: list[tuple[str, int]] = [("32", 2021), ("34", 2022)]

# The last stage a participant without a master plan in the demo can reach.
LAST_STAGE_WITHOUT_PLAN = Stage.BIMTEK_4

# Chance of the stage a generated participant has reached, per cohort (the rest: Bimtek IV).
STAGE_MIX: dict[int, list[tuple[str, float]]] = {
    2022: [("bimtek_3", 0.05)],
    2023: [
        ("bimtek_3", 0.25),
        ("bimtek_2", 0.15),
        ("bimtek_1", 0.08),
        ("mou_signed", 0.05),
    ],
}

BIMTEK_NOTES = {
    "bimtek_1": "Bimtek I: analisis kesiapan daerah, SWOT, gap analysis dan visi smart city.",
    "bimtek_2": "Bimtek II: program dari RPJMD dan Renstra OPD per dimensi.",
    "bimtek_3": "Bimtek III: inovasi untuk program per dimensi.",
    "bimtek_4": "Bimtek IV: road map, quick win dan penandatanganan komitmen bersama.",
}


def _short(region: Region) -> str:
    for prefix in ("Kabupaten Administrasi ", "Kabupaten ", "Kota "):
        if region.name.startswith(prefix):
            return region.name[len(prefix) :]
    return region.name


def _head(region: Region) -> str:
    if region.level == "province":
        return "Gubernur"
    return "Wali Kota" if region.level == "kota" else "Bupati"


def enrol_with_history(
    *,
    actor: User,
    region: Region,
    cohort_year: int,
    selected_on: dt.date,
    stages: Sequence[tuple[str, dt.date]],
    note: str,
    track: str = Track.REGULAR,
    kawasan_code: str = "",
    stage_notes: dict[str, str] | None = None,
) -> Participation:
    """Enrol ``region`` and walk it through ``stages`` (recording the MoU before "MoU signed")."""
    participation = programme_services.participation_enrol(
        actor=actor,
        region_code=region.code,
        cohort_year=cohort_year,
        selected_on=selected_on,
        track=track,
        kawasan_code=kawasan_code,
    )
    for stage, day in stages:
        if stage == Stage.MOU_SIGNED:
            programme_services.mou_record(
                actor=actor,
                participation=participation,
                number=f"NK/{region.code}/{day.year}/{participation.pk:03d}",
                date=day,
                signatories=(
                    f"{_head(region)} {_short(region)}\nDirektur Jenderal Aplikasi Informatika, Kementerian "
                    "Komunikasi dan Informatika"
                ),
            )
        participation = programme_services.participation_advance(
            actor=actor,
            participation=participation,
            stage=stage,
            date=day,
            note=note if stage == stages[-1][0] else (stage_notes or {}).get(stage, ""),
        )
    return participation


def _pick_stage(rng: random.Random, year: int) -> str:
    roll, acc = rng.random(), 0.0
    for stage, chance in STAGE_MIX.get(year, []):
        acc += chance
        if roll < acc:
            return stage
    return LAST_STAGE_WITHOUT_PLAN


def _schedule(rng: random.Random, year: int, final: str) -> tuple[dt.date, list[tuple[str, dt.date]], str]:
    """Selection date, the dated stages up to ``final`` and the last stage's note."""

    def day(y: int, month: int, lo: int = 1, hi: int = 28) -> dt.date:
        return dt.date(y, month, rng.randint(lo, hi))

    selected = day(year - 1, 11) if rng.random() < 0.4 else day(year, rng.randint(1, 3))
    dates: dict[str, dt.date] = {
        "mou_signed": day(year, rng.randint(4, 5)),
        "bimtek_1": day(year, 6),
        "bimtek_2": day(year, 7),
        "bimtek_3": day(year, 8),
        "bimtek_4": day(year, rng.randint(9, 10)),
    }
    upto = STAGE_ORDER.index(final)
    stages = [(s, dates[s]) for s in STAGE_ORDER[1 : upto + 1]]
    notes = {
        "mou_signed": "Nota Kesepakatan ditandatangani.",
        "bimtek_4": "Komitmen bersama ditandatangani pada penutupan Bimtek IV.",
    }
    note = notes.get(final, BIMTEK_NOTES.get(final, ""))
    return selected, stages, note


def kawasan_ensure(actor: User) -> dict[str, list[Region]]:
    """Create the kawasan (audited) and return their member regions by kawasan code."""
    by_name = {r.name: r for r in Region.objects.current().kabupaten_kota()}
    members: dict[str, list[Region]] = {}
    for spec in KAWASAN:
        if not Kawasan.objects.filter(code=spec.code).exists():
            object_create(
                actor=actor,
                obj=Kawasan(code=spec.code, name=spec.name, kind=spec.kind),
                fields=["code", "name", "kind"],
            )
        members[spec.code] = [by_name[name] for name in spec.members if name in by_name]
    return members


def programme_build(*, actor: User) -> int:
    """Enrol the rest of the programme around the seed regions already enrolled; returns how many."""
    rng = random.Random(SEED)
    taken = set(Participation.objects.values_list("region__code", flat=True))
    per_year: dict[int, int] = {}
    for year in Participation.objects.values_list("cohort__year", flat=True):
        per_year[year] = per_year.get(year, 0) + 1
    created = 0
    stage_notes = {**BIMTEK_NOTES, "mou_signed": "Nota Kesepakatan ditandatangani."}

    def enrol(region: Region, year: int, *, kawasan_code: str = "", final: str | None = None) -> None:
        nonlocal created
        stage = final or _pick_stage(rng, year)
        selected, stages, note = _schedule(rng, year, stage)
        enrol_with_history(
            actor=actor,
            region=region,
            cohort_year=year,
            selected_on=selected,
            stages=stages,
            note=note,
            track=Track.KAWASAN if kawasan_code else Track.REGULAR,
            kawasan_code=kawasan_code,
            stage_notes=stage_notes,
        )
        taken.add(region.code)
        per_year[year] = per_year.get(year, 0) + 1
        created += 1

    for spec_code, regions in kawasan_ensure(actor).items():
        for region in regions:
            if region.code not in taken:
                enrol(region, KAWASAN_YEAR, kawasan_code=spec_code)
    for code, year in FIXED:
        if code not in taken:
            enrol(Region.objects.get(code=code), year, final=LAST_STAGE_WITHOUT_PLAN)
    for code, year in SMART_PROVINCES:
        if code not in taken:
            enrol(Region.objects.get(code=code), year, final=LAST_STAGE_WITHOUT_PLAN)
            per_year[year] -= 1  # provinces come on top of the kabupaten/kota of a cohort

    pool = [r for r in Region.objects.current().kabupaten_kota().order_by("code") if r.code not in taken]
    for year, size in COHORT_SIZES.items():
        need = max(0, size - per_year.get(year, 0))
        for region in sorted(rng.sample(pool, need), key=lambda r: r.code):
            pool.remove(region)
            enrol(region, year)
    return created
