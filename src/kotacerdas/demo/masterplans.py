"""Demo master plans, written through ``masterplans.services`` (every rule applies, every write
is audited).

Kabupaten Sumbawa (52.04), master plan 2024-2028: the counts per dimension are the published
ones (governance 9 programmes / 25 action plans, branding 12/14, economy 20/38, living 13/25,
society 8/18, environment 12/22 = 74/142), as are the vision "Sumbawa Gemilang" (aligned with the
RPJMD 2021-2026) and the six quick wins (SiLAMO, Discover Sumbawa, SiJINAK, e-Puskesmas,
SiPATARA, Go-SIPS). Programme and action names, owners, budgets, indicators, readiness, SWOT
and the road map are a believable invention. Version 1 is ratified (Perbup, early 2024);
version 2 is a draft with a few changes, so that the diff has something to show.

The other demo regions get a plan of realistic size generated from the same catalogue, with
the quick wins and innovations their news reports name (Buleleng, Banjar, Sawahlunto); the
region's stage in the programme follows its plan (ratifying records "Master plan ratified").
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from kotacerdas.accounts.models import User
from kotacerdas.masterplans import services
from kotacerdas.masterplans.choices import ReadinessElement, SwotKind
from kotacerdas.masterplans.models import MasterPlan, PlanVersion, Programme
from kotacerdas.organisation.models import Agency
from kotacerdas.programme.models import Dimension, SubDimension
from kotacerdas.regions.models import Region

DIMENSION_CODES = ("GOV", "BRD", "ECO", "LIV", "SOC", "ENV")

# ------------------------------------------------------------------ the catalogue


@dataclass(frozen=True)
class A:
    """An action plan template. ``budget``: yearly amount in million rupiah; ``source``: how it
    is funded ("APBD", "APBN", "NON_APBD" or "APBD+APBN", "APBD+NON_APBD"); ``alt``: the name
    used outside Sumbawa (``{s}`` short region name, ``{r}`` full name)."""

    name: str
    indicator: str
    unit: str
    baseline: float
    target: float
    budget: int
    source: str = "APBD"
    agency: str = ""
    years: tuple[int, int] | None = None  # offsets from the plan's first year
    alt: str = ""


@dataclass(frozen=True)
class P:
    """A programme template under sub-dimension ``sub`` (1-3) of its dimension."""

    sub: int
    name: str
    agency: str
    actions: tuple[A, ...]
    horizon: str = "medium"
    alt: str = ""
    description: str = ""


@dataclass(frozen=True)
class QW:
    """A quick win (real where a news report names it; see each region's list)."""

    dimension: str
    name: str
    agency: str
    acronym: str = ""
    expansion: str = ""
    description: str = ""
    programme: str = ""  # name of the programme it belongs to (else the dimension's first)


@dataclass(frozen=True)
class Ratification:
    """The regulation that ratified a plan, and who signed it ("" where the name is not certain)."""

    kind: str
    number: str
    date: dt.date
    signatory: str = ""


def _ratification(row: list[str]) -> Ratification:
    """``[kind, number, date]`` or ``[kind, number, date, signatory]`` of the data file."""
    kind, number, date, *signatory = row
    return Ratification(kind, number, dt.date.fromisoformat(date), *signatory)


@dataclass(frozen=True)
class RegionPlan:
    code: str
    start_year: int
    vision: str
    rpjmd_vision: str
    state: str  # draft, submitted, ratified
    quick_wins: list[QW]
    innovations: list[tuple[str, str, str]] = field(default_factory=list)  # (dimension, name, agency)
    ratification: Ratification | None = None
    actor: str = "admin"
    note: str = ""


def _programmes(rows: list[dict[str, Any]]) -> list[P]:
    return [
        P(
            **{
                **row,
                "actions": tuple(
                    A(**{**a, "years": tuple(a["years"]) if "years" in a else None}) for a in row["actions"]
                ),
            }
        )
        for row in rows
    ]


def _quick_wins(rows: list[dict[str, Any]]) -> list[QW]:
    return [QW(**row) for row in rows]


def _region_plan(row: dict[str, Any]) -> RegionPlan:
    return RegionPlan(
        **{
            **row,
            "quick_wins": _quick_wins(row["quick_wins"]),
            "innovations": [tuple(i) for i in row.get("innovations", [])],
            "ratification": _ratification(row["ratification"]) if row.get("ratification") else None,
        }
    )


# The plan data lives in data/masterplans.json (its "_about" entry explains the fields).
_DATA: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "masterplans.json").read_text("utf-8"))
_SUMBAWA_DATA: dict[str, Any] = _DATA["sumbawa"]

# Kabupaten Sumbawa 2024-2028: per dimension, exactly the published counts.
SUMBAWA: dict[str, list[P]] = {dim: _programmes(rows) for dim, rows in _SUMBAWA_DATA["programmes"].items()}
# More programmes, used only for the generated plans of the other regions.
EXTRA: dict[str, list[P]] = {dim: _programmes(rows) for dim, rows in _DATA["extra_programmes"].items()}
SUMBAWA_RPJMD_VISION: str = _SUMBAWA_DATA["rpjmd_vision"]
SUMBAWA_MISSIONS: list[str] = _SUMBAWA_DATA["missions"]
SUMBAWA_RATIFICATION: Ratification = _ratification(_SUMBAWA_DATA["ratification"])
READINESS: dict[str, tuple[int, str, dict[str, list[str]]]] = {
    element: (row["score"], row["summary"], row["swot"])
    for element, row in _SUMBAWA_DATA["readiness"].items()
}
# Road map: what each dimension reaches in the plan's 1st..5th year.
ROADMAP: dict[str, list[str]] = _DATA["roadmap"]
SUMBAWA_QUICK_WINS: list[QW] = _quick_wins(_SUMBAWA_DATA["quick_wins"])
OTHER_PLANS: list[RegionPlan] = [_region_plan(row) for row in _DATA["other_plans"]]


# ------------------------------------------------------------------ writing a plan


class Writer:
    """Writes one plan version through the services, with the region's agencies at hand.

    What is written (codes, years, budgets, targets) is decided by the ``*_values`` methods;
    ``demo.plan_rows.RowWriter`` reuses them to write the same plan with bulk inserts."""

    def __init__(
        self, *, actor: User | None, version: PlanVersion, seed: str, budget_scale: float = 1.0
    ) -> None:
        self.actor = actor
        self.version = version
        self.plan = version.plan
        self.region = self.plan.region
        self.agencies = self._agencies()
        self.subdimensions = {s.code: s for s in SubDimension.objects.select_related("dimension")}
        self.dimensions = {d.code: d for d in Dimension.objects.all()}
        self.seed = seed
        self.scale = budget_scale
        self.counter: dict[str, int] = {}
        self.programmes: dict[str, Programme] = {}  # by name
        self.action_counts: dict[str, int] = {}  # by programme code

    def _agencies(self) -> dict[str, Agency]:
        return {a.code: a for a in Agency.objects.filter(region=self.region)}

    def _years(self, offsets: tuple[int, int]) -> tuple[int, int]:
        start = self.plan.start_year
        return start + offsets[0], min(start + offsets[1], self.plan.end_year)

    def programme_values(self, dim: str, p: P) -> tuple[str, int, int]:
        """The next code of the dimension and the programme's years."""
        n = self.counter[dim] = self.counter.get(dim, 0) + 1
        last = 1 if p.horizon == "short" else 4
        start, end = self._years((0, last))
        return f"{dim}-{n:02d}", start, end

    def action_values(
        self, programme: Programme, a: A, *, index: int
    ) -> tuple[str, int, int, list[tuple[int, str, Decimal]], list[tuple[int, Decimal]]]:
        """The action's code, years, yearly budgets and targets (a random stream of its own)."""
        rng = random.Random(f"{self.seed}:{programme.code}:{index}")
        if a.years is not None:
            offsets = a.years
        elif programme.horizon == "short":
            offsets = (0, 1)
        else:
            offsets = (0 if index == 1 or rng.random() < 0.6 else 1, 4)
        start, end = self._years(offsets)
        start, end = max(start, programme.start_year), min(end, programme.end_year)
        end = max(end, start)
        years = list(range(start, end + 1))
        self.action_counts[programme.code] = max(self.action_counts.get(programme.code, 0), index)
        return (
            f"{programme.code}.{index:02d}",
            start,
            end,
            _budgets(rng, a, years, self.scale),
            _targets(a, years),
        )

    def programme(self, dim: str, p: P, *, name: str) -> Programme:
        code, start, end = self.programme_values(dim, p)
        programme = services.programme_create(
            actor=self.actor,
            version=self.version,
            code=code,
            name=name,
            subdimension=self.subdimensions[f"{dim}-{p.sub}"],
            agency=self.agencies[p.agency],
            start_year=start,
            end_year=end,
            horizon=p.horizon,
            description=p.description,
        )
        self.programmes[name] = programme
        return programme

    def action(self, programme: Programme, a: A, *, name: str, index: int, default_agency: str) -> None:
        code, start, end, budgets, targets = self.action_values(programme, a, index=index)
        services.action_create(
            actor=self.actor,
            programme=programme,
            code=code,
            name=name,
            agency=self.agencies[a.agency or default_agency],
            start_year=start,
            end_year=end,
            indicator=a.indicator,
            unit=a.unit,
            baseline=_number(a.baseline, a),
            budgets=budgets,
            targets=targets,
        )

    def quick_win(self, q: QW, *, code: str, target_year: int, programme: Programme | None) -> None:
        services.quick_win_create(
            actor=self.actor,
            version=self.version,
            code=code,
            name=q.name,
            acronym=q.acronym,
            expansion=q.expansion,
            description=q.description,
            dimension=self.dimensions[q.dimension],
            agency=self.agencies[q.agency],
            target_year=target_year,
            programme=programme,
        )

    def header(
        self, *, vision: str, explanation: str, rpjmd_vision: str, alignment: str, missions: list[str]
    ) -> None:
        services.version_update(
            actor=self.actor,
            version=self.version,
            data={
                "vision": vision,
                "vision_explanation": explanation,
                "rpjmd_vision": rpjmd_vision,
                "rpjmd_alignment": alignment,
            },
            expected_version=self.version.row_version,
        )
        services.missions_set(actor=self.actor, version=self.version, texts=missions)

    def readiness(self, table: dict[str, tuple[int, str, dict[str, list[str]]]]) -> None:
        for element, (score, summary, swot) in table.items():
            services.readiness_set(
                actor=self.actor, version=self.version, element=element, score=score, summary=summary
            )
            for kind, texts in swot.items():
                for text in texts:
                    services.swot_item_add(
                        actor=self.actor, version=self.version, element=element, kind=kind, text=text
                    )

    def roadmap_values(self, quick_wins: dict[str, str], *, years: int = 5) -> list[tuple[int, str, str]]:
        """(year, dimension code, milestone) of the road map's first ``years`` years."""
        return [
            (
                self.plan.start_year + offset,
                dim,
                ROADMAP[dim][offset].format(qw=quick_wins.get(dim, "dimensi ini")),
            )
            for offset in range(years)
            for dim in DIMENSION_CODES
        ]

    def roadmap(self, quick_wins: dict[str, str], *, years: int = 5) -> None:
        for year, dim, milestone in self.roadmap_values(quick_wins, years=years):
            services.roadmap_item_add(
                actor=self.actor,
                version=self.version,
                year=year,
                dimension=self.dimensions[dim],
                milestone=milestone,
            )


def _is_decimal(a: A) -> bool:
    return a.unit in {"%", "indeks", "nilai", "ha", "km", "menit"} or any(
        float(v) != int(v) for v in (a.baseline, a.target)
    )


def _number(value: float, a: A) -> Decimal:
    if _is_decimal(a):
        return Decimal(str(round(value, 2))).quantize(Decimal("0.01"))
    return Decimal(round(value))


def _targets(a: A, years: Sequence[int]) -> list[tuple[int, Decimal]]:
    """The indicator moves from its baseline to its target over the action's years."""
    n = len(years)
    return [
        (year, _number(a.baseline + (a.target - a.baseline) * (i + 1) / n, a)) for i, year in enumerate(years)
    ]


SPLITS: dict[str, list[tuple[str, float]]] = {
    "APBD": [("APBD", 1.0)],
    "APBN": [("APBN", 1.0)],
    "NON_APBD": [("NON_APBD", 1.0)],
    "APBD+APBN": [("APBD", 0.4), ("APBN", 0.6)],
    "APBD+NON_APBD": [("APBD", 0.7), ("NON_APBD", 0.3)],
}


def _budgets(rng: random.Random, a: A, years: Sequence[int], scale: float) -> list[tuple[int, str, Decimal]]:
    """Yearly amounts (million rupiah, rounded to Rp 5 million), growing a little each year."""
    rows: list[tuple[int, str, Decimal]] = []
    base = a.budget * scale * rng.uniform(0.85, 1.15)
    for i, year in enumerate(years):
        yearly = base * (1 + 0.06 * i) * rng.uniform(0.9, 1.1)
        for source, share in SPLITS[a.source]:
            if source == "APBN" and a.source != "APBN" and i == 0 and len(years) > 2:
                continue  # national co-funding usually starts in the second year
            millions = max(5, round(yearly * share / 5) * 5)
            rows.append((year, source, Decimal(millions * 1_000_000)))
    return rows


def _short(region: Region) -> str:
    for prefix in ("Kabupaten ", "Kota "):
        if region.name.startswith(prefix):
            return region.name[len(prefix) :]
    return region.name


def _plan_start(*, actor: User, region: Region, start_year: int) -> PlanVersion:
    plan = services.plan_create(
        actor=actor,
        region=region,
        title=f"Master Plan Smart City {region.name} {start_year}-{start_year + 4}",
        start_year=start_year,
        end_year=start_year + 4,
    )
    version = plan.versions.get()
    version.plan = plan
    return version


def _ratify(actor: User, version: PlanVersion, ratification: Ratification) -> PlanVersion:
    """Submit the version, then record its ratification."""
    version = services.version_submit(actor=actor, version=version)
    return _record_ratification(actor, version, ratification)


def _record_ratification(actor: User, version: PlanVersion, ratification: Ratification) -> PlanVersion:
    return services.version_ratify(
        actor=actor,
        version=version,
        kind=ratification.kind,
        number=ratification.number,
        date=ratification.date,
        signatory=ratification.signatory,
    )


# ------------------------------------------------------------------ Sumbawa


def sumbawa_build(*, actor: User) -> MasterPlan:
    """Kabupaten Sumbawa 2024-2028: v1 ratified by Perbup, v2 a draft with a few changes."""
    region = Region.objects.get(code="52.04")
    version = _plan_start(actor=actor, region=region, start_year=2024)
    writer = Writer(actor=actor, version=version, seed="52.04")
    writer.header(
        vision="Sumbawa Gemilang",
        explanation=(
            "Gemilang: gerakan membangun Sumbawa yang cerdas, melayani dan berdaya saing, dengan teknologi "
            "informasi sebagai alat untuk mendekatkan layanan kepada masyarakat di seluruh 24 kecamatan."
        ),
        rpjmd_vision=SUMBAWA_RPJMD_VISION,
        alignment=(
            'Visi smart city "Sumbawa Gemilang" selaras dengan visi pembangunan Kabupaten Sumbawa dalam RPJMD '
            "2021-2026. Setiap program diambil dari RPJMD dan Renstra OPD; keenam quick win mendukung misi "
            "pelayanan publik, ekonomi kerakyatan dan lingkungan yang bersih."
        ),
        missions=SUMBAWA_MISSIONS,
    )
    writer.readiness(READINESS)
    for dim in DIMENSION_CODES:
        for p in SUMBAWA[dim]:
            programme = writer.programme(dim, p, name=p.name)
            for i, a in enumerate(p.actions, start=1):
                writer.action(programme, a, name=a.name, index=i, default_agency=p.agency)
    for q in SUMBAWA_QUICK_WINS:
        writer.quick_win(
            q,
            code=f"QW-{q.dimension}",
            target_year=2024 if q.dimension in {"GOV", "LIV", "SOC"} else 2025,
            programme=writer.programmes[q.programme],
        )
    writer.roadmap({q.dimension: q.acronym or q.name for q in SUMBAWA_QUICK_WINS})
    _ratify(actor, version, SUMBAWA_RATIFICATION)
    sumbawa_v2(actor=actor, plan=version.plan)
    return version.plan


def sumbawa_v2(*, actor: User, plan: MasterPlan) -> PlanVersion:
    """Version 2 after the 2024 evaluation: assessors asked to refine some programmes."""
    draft = services.version_new_draft(actor=actor, plan=plan)
    draft.plan = plan
    services.version_update(
        actor=actor,
        version=draft,
        data={
            "rpjmd_alignment": (
                'Visi smart city "Sumbawa Gemilang" selaras dengan visi pembangunan Kabupaten Sumbawa dalam '
                "RPJMD 2021-2026 dan arah RPJPD 2025-2045. Masukan asesor Forum Evaluasi Smart City 2024 "
                "(Denpasar, 24-27 Juni 2024) ditindaklanjuti dalam versi ini."
            )
        },
        expected_version=draft.row_version,
    )
    programmes = {p.code: p for p in Programme.objects.filter(version=draft)}
    spbe = programmes["GOV-04"]
    services.programme_update(
        actor=actor,
        programme=spbe,
        data={"name": "Penerapan SPBE dan Transformasi Digital Pemerintah Daerah"},
        expected_version=spbe.row_version,
    )
    actions = {a.code: a for a in draft.actions.select_related("programme", "version")}
    silamo = actions["GOV-01.01"]
    services.action_update(
        actor=actor,
        action=silamo,
        data={},
        expected_version=silamo.row_version,
        budgets=[(b.year, b.source, b.amount * Decimal("1.2")) for b in silamo.budgets.all()],
    )
    tapping = actions["ECO-19.02"]  # the assessors asked to drop it; the tax office runs it instead
    services.action_delete(actor=actor, action=tapping)
    sijinak = programmes["ECO-04"]
    sijinak = services.programme_update(  # the integration runs a year past the programme's end
        actor=actor,
        programme=sijinak,
        data={"end_year": 2026},
        expected_version=sijinak.row_version,
    )
    services.action_create(
        actor=actor,
        programme=sijinak,
        code="ECO-04.03",
        name="Integrasi SiJINAK dengan Sistem Informasi Kesehatan Hewan Nasional (iSIKHNAS)",
        agency=sijinak.agency,
        start_year=2025,
        end_year=2026,
        indicator="Laporan kesehatan hewan yang terkirim otomatis",
        unit="%",
        baseline=Decimal(0),
        budgets=[(2025, "APBD", Decimal(90_000_000)), (2026, "APBD", Decimal(60_000_000))],
        targets=[(2025, Decimal(50)), (2026, Decimal(100))],
    )
    living = services.programme_create(
        actor=actor,
        version=draft,
        code="LIV-14",
        name="Kesehatan Jiwa Berbasis Masyarakat",
        subdimension=SubDimension.objects.get(code="LIV-1"),
        agency=Agency.objects.get(region=plan.region, code="dinkes"),
        start_year=2025,
        end_year=2028,
        description="Masukan asesor: layanan bagi orang dengan gangguan jiwa belum tersentuh.",
    )
    services.action_create(
        actor=actor,
        programme=living,
        code="LIV-14.01",
        name="Pendataan dan Pendampingan ODGJ melalui Puskesmas",
        agency=living.agency,
        start_year=2025,
        end_year=2028,
        indicator="ODGJ berat yang mendapat layanan sesuai standar",
        unit="%",
        baseline=Decimal(62),
        budgets=[(y, "APBD", Decimal(75_000_000)) for y in range(2025, 2029)],
        targets=[(2025, Decimal(75)), (2026, Decimal(85)), (2027, Decimal(95)), (2028, Decimal(100))],
    )
    return draft


# ------------------------------------------------------------------ the other demo regions


@dataclass(frozen=True)
class PlanSize:
    """How much of the catalogue a generated plan takes: the share of each dimension's
    programmes kept, and the range of its number of actions."""

    keep: tuple[float, float] = (0.72, 0.9)  # 60-80 programmes
    actions: tuple[int, int] = (122, 148)


def _catalogue(
    rng: random.Random, *, extra_actions: int = 0, size: PlanSize = PlanSize()
) -> list[tuple[str, P]]:
    """Programmes and actions (``extra_actions`` included) picked from the catalogue, order kept:
    by default 60-80 programmes with 120-150 actions."""
    chosen: list[tuple[str, P]] = []
    for dim in DIMENSION_CODES:
        pool = SUMBAWA[dim] + EXTRA[dim]
        keep = max(4, round(len(pool) * rng.uniform(*size.keep)))
        picked = set(rng.sample(range(len(pool)), keep))
        chosen += [(dim, p) for i, p in enumerate(pool) if i in picked]
    target = rng.randint(*size.actions) - extra_actions
    total = sum(len(p.actions) for _d, p in chosen)
    while total > target:  # trim second and third actions here and there
        i = rng.randrange(len(chosen))
        dim, p = chosen[i]
        if len(p.actions) > 1:
            chosen[i] = (dim, replace(p, actions=p.actions[:-1]))
            total -= 1
    return chosen


def _generic_readiness(
    rng: random.Random, region: Region
) -> dict[str, tuple[int, str, dict[str, list[str]]]]:
    s = _short(region)
    texts = {
        ReadinessElement.NATURE: (
            f"Potensi alam, pariwisata dan komoditas unggulan {s} menjadi modal pembangunan.",
            [f"Potensi wisata dan komoditas unggulan {s}."],
            ["Sebaran penduduk dan layanan belum merata."],
            ["Arah pengembangan pariwisata dan investasi nasional."],
            ["Bencana hidrometeorologi dan perubahan iklim."],
        ),
        ReadinessElement.STRUCTURE: (
            "Dewan Smart City, Tim Pelaksana dan pokja telah dibentuk; kapasitas SDM TIK perlu ditingkatkan.",
            ["Komitmen kepala daerah dan OPD pengampu per dimensi."],
            ["Tenaga TIK di OPD terbatas."],
            ["Pendampingan Kementerian dan perguruan tinggi."],
            ["Rotasi pejabat mengganggu keberlanjutan program."],
        ),
        ReadinessElement.INFRASTRUCTURE: (
            "Jaringan intra pemerintah tersedia di pusat kota; pusat data dan konektivitas desa masih terbatas.",
            ["Jaringan intra pemerintah menghubungkan kantor OPD."],
            ["Pusat data belum memenuhi standar."],
            ["Program BAKTI dan Pusat Data Nasional."],
            ["Gangguan listrik dan jaringan."],
        ),
        ReadinessElement.SUPRASTRUCTURE: (
            "Regulasi SPBE dan Satu Data tersedia sebagian; tata kelola aplikasi perlu dilengkapi.",
            ["RPJMD memuat transformasi digital sebagai prioritas."],
            ["Standar layanan digital belum seragam antar-OPD."],
            ["Regulasi nasional SPBE dan Satu Data Indonesia."],
            ["Perubahan regulasi pusat yang cepat."],
        ),
        ReadinessElement.CULTURE: (
            "Budaya gotong royong kuat; literasi digital masyarakat belum merata.",
            ["Budaya gotong royong dan kearifan lokal."],
            ["Literasi digital perdesaan rendah."],
            ["Komunitas kreatif dan Relawan TIK."],
            ["Hoaks dan penipuan daring."],
        ),
    }
    table: dict[str, tuple[int, str, dict[str, list[str]]]] = {}
    for element, (summary, s_, w_, o_, t_) in texts.items():
        table[element] = (
            rng.randint(2, 4),
            summary,
            {SwotKind.STRENGTH: s_, SwotKind.WEAKNESS: w_, SwotKind.OPPORTUNITY: o_, SwotKind.THREAT: t_},
        )
    return table


def region_plan_build(spec: RegionPlan, *, default_actor: User) -> MasterPlan:
    """A generated plan of realistic size, in the state the region's stage calls for."""
    region = Region.objects.get(code=spec.code)
    actor = User.objects.filter(username=spec.actor).first() or default_actor
    rng = random.Random(f"plan:{spec.code}")
    version = _plan_start(actor=actor, region=region, start_year=spec.start_year)
    writer = Writer(actor=actor, version=version, seed=spec.code, budget_scale=plan_budget_scale(rng, region))
    plan_content_write(writer, spec, rng)
    if spec.state in {"submitted", "ratified"}:
        version = services.version_submit(actor=actor, version=version)
    if spec.state == "ratified" and spec.ratification is not None:
        _record_ratification(actor, version, spec.ratification)
    return version.plan


def plan_budget_scale(rng: random.Random, region: Region) -> float:
    """How much richer or poorer than Sumbawa a generated plan's budgets are."""
    return 1.3 if region.level == "kota" and region.code == "52.71" else rng.uniform(0.8, 1.2)


def plan_content_write(
    writer: Writer, spec: RegionPlan, rng: random.Random, *, size: PlanSize = PlanSize()
) -> None:
    """The content of a generated plan (header, readiness, about 70 programmes and 140 actions
    picked from the catalogue, the region's innovations and quick wins, the road map), written
    by ``writer``: the services (``Writer``) or bulk inserts (``demo.plan_rows.RowWriter``)."""
    region = writer.region
    s, r = _short(region), region.name
    head = "Wali Kota" if region.level == "kota" else "Bupati"
    writer.header(
        vision=spec.vision,
        explanation=f"Visi smart city {r} untuk {spec.start_year}-{spec.start_year + 4}.",
        rpjmd_vision=spec.rpjmd_vision,
        alignment=f"Program smart city diambil dari RPJMD {r} dan Renstra OPD; quick win mendukung misi {head}.",
        missions=[
            f"Mewujudkan tata kelola pemerintahan {s} yang efektif dan melayani berbasis digital.",
            f"Memperkuat daya saing ekonomi dan citra daerah {s}.",
            "Meningkatkan kualitas hidup, literasi digital dan keamanan masyarakat.",
            "Menjaga lingkungan hidup yang bersih dan lestari.",
        ],
    )
    writer.readiness(_generic_readiness(rng, region))
    first: dict[str, Programme] = {}
    innovations = [(q.dimension, q.acronym or q.name, q.agency) for q in spec.quick_wins] + spec.innovations
    for dim, p in _catalogue(rng, extra_actions=len(innovations), size=size):
        programme = writer.programme(dim, p, name=(p.alt or p.name).format(s=s, r=r))
        first.setdefault(dim, programme)
        for i, a in enumerate(p.actions, start=1):
            writer.action(
                programme, a, name=(a.alt or a.name).format(s=s, r=r), index=i, default_agency=p.agency
            )
    for dim, name, agency in innovations:
        programme = first[dim]
        index = writer.action_counts.get(programme.code, 0) + 1
        writer.action(
            programme,
            A(
                f"Pengembangan Inovasi {name}",
                "Pengguna atau penerima manfaat inovasi",
                "orang",
                50,
                rng.choice([500, 1000, 2500]),
                rng.choice([50, 75, 100, 150]),
                agency=agency,
            ),
            name=f"Pengembangan Inovasi {name}",
            index=index,
            default_agency=agency,
        )
    for q in spec.quick_wins:
        writer.quick_win(
            q,
            code=f"QW-{q.dimension}",
            target_year=spec.start_year + rng.randint(0, 1),
            programme=first[q.dimension],
        )
    writer.roadmap(
        {q.dimension: q.acronym or q.name for q in spec.quick_wins}, years=5 if spec.state != "draft" else 2
    )


def masterplans_build(*, actor: User) -> None:
    """Kabupaten Sumbawa's plan and the generated plans of the other demo regions."""
    coordinator = User.objects.filter(username="koordinator.sumbawa").first() or actor
    sumbawa_build(actor=coordinator)
    for spec in OTHER_PLANS:
        region_plan_build(spec, default_actor=actor)
