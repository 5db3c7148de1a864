"""Everything the master-plan document shows, read once and formatted (``build_context``).

The document is the annex (lampiran) of the regional head's regulation that ratifies the plan,
so its body is Indonesian legal text whatever the reader's interface language: the context is
built under Indonesian, dates are written with full month names and amounts with dots. Both
renderers (PDF through Typst, DOCX through python-docx) draw from this one context; it holds
only JSON-safe values (strings, numbers, lists, dicts), so the PDF renderer hands it to Typst
as data and no user text is ever read as Typst markup.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation

from kotacerdas.organisation.choices import Body, BodyRole
from kotacerdas.organisation.models import BodyMember, Decree, WorkingGroup
from kotacerdas.programme.models import Dimension, MoU, Participation

from .. import selectors
from ..choices import BudgetSource, RatificationKind, ReadinessElement, SwotKind, VersionStatus
from ..models import PlanVersion, RoadmapItem, SwotItem
from .chart import PALETTE, RoadmapCell, roadmap_svg
from .formatting import (
    head_title,
    indonesian_date,
    percent,
    quantity,
    rupiah,
    short_region_name,
    years_span,
)

SOURCE_SHORT = {BudgetSource.APBD: "APBD", BudgetSource.APBN: "APBN", BudgetSource.NON_APBD: "Non-APBD"}
# The regulation a plan is ratified by, as the annex names it.
REGULATION_WORDS: dict[str, str] = {
    RatificationKind.PERBUP: "Peraturan Bupati",
    RatificationKind.PERWALI: "Peraturan Wali Kota",
    RatificationKind.PERDA: "Peraturan Daerah",
    RatificationKind.PERGUB: "Peraturan Gubernur",
}
# National law every smart-city master plan rests on (BAB I, Dasar Hukum).
NATIONAL_LAW = [
    "Undang-Undang Nomor 11 Tahun 2008 tentang Informasi dan Transaksi Elektronik sebagaimana telah "
    "beberapa kali diubah, terakhir dengan Undang-Undang Nomor 1 Tahun 2024",
    "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
    "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik",
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah sebagaimana telah beberapa kali "
    "diubah, terakhir dengan Undang-Undang Nomor 6 Tahun 2023",
    "Peraturan Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan Berbasis Elektronik",
    "Peraturan Presiden Nomor 39 Tahun 2019 tentang Satu Data Indonesia",
]
CHAPTERS = [
    ("pendahuluan", "I", "Pendahuluan"),
    ("gambaran-umum", "II", "Gambaran Umum Daerah"),
    ("kesiapan", "III", "Analisis Kesiapan Daerah"),
    ("visi", "IV", "Visi dan Misi Smart City"),
    ("program", "V", "Program dan Rencana Aksi"),
    ("peta-jalan", "VI", "Peta Jalan dan Quick Win"),
    ("anggaran", "VII", "Rencana Anggaran"),
    ("penutup", "VIII", "Penutup"),
]
_HEAD_WORDS = re.compile(r"^\s*(bupati|wali\s*kota|walikota|gubernur|pj\.?\s|penjabat)", re.IGNORECASE)


def chapters() -> list[dict[str, str]]:
    """The chapters in document order (``BAB I Pendahuluan`` … ``BAB VIII Penutup``)."""
    return [{"id": i, "number": n, "title": t} for i, n, t in CHAPTERS]


# ---------------------------------------------------------------- parts


def _readiness(version: PlanVersion) -> list[dict[str, Any]]:
    scores = {r.element: r for r in version.readiness.all()}
    swot: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for item in SwotItem.objects.filter(version=version).order_by("element", "kind", "position", "id"):
        swot[item.element][item.kind].append(item.text)
    rows = []
    for element in ReadinessElement:
        row = scores.get(element.value)
        kinds = [
            {"code": kind.value, "label": str(kind.label), "items": swot[element.value][kind.value]}
            for kind in SwotKind
        ]
        rows.append(
            {
                "element": str(element.label),
                "score": str(row.score) if row and row.score else "",
                "summary": row.summary if row else "",
                "swot": kinds,
                "has_swot": any(k["items"] for k in kinds),
            }
        )
    return rows


def _action_row(action: Any, years: list[int]) -> tuple[dict[str, Any], dict[int, Decimal]]:
    per_year: dict[int, Decimal] = defaultdict(Decimal)
    sources: list[str] = []
    for budget in action.budgets.all():
        per_year[budget.year] += budget.amount
        label = SOURCE_SHORT.get(budget.source, budget.source)
        if label not in sources:
            sources.append(label)
    total = sum(per_year.values(), Decimal(0))
    targets = [(t.year, quantity(t.value)) for t in action.targets.all()]
    row = {
        "code": action.code,
        "name": action.name,
        "agency": action.agency.acronym,
        "agency_name": action.agency.name,
        "years": years_span(action.start_year, action.end_year),
        "start_year": action.start_year,
        "end_year": action.end_year,
        "indicator": action.indicator,
        "unit": action.unit,
        "baseline": quantity(action.baseline),
        "targets": " · ".join(f"{y}: {v}" for y, v in targets),
        "target_lines": [f"{y}: {v}" for y, v in targets],
        "budget_total": rupiah(total) if total else "",
        "budget_years": [rupiah(per_year[y]) if per_year.get(y) else "" for y in years],
        "sources": ", ".join(sources),
    }
    return row, per_year


def _governance(region_id: int) -> dict[str, Any]:
    members = list(BodyMember.objects.filter(region_id=region_id).select_related("agency"))
    role_order = {role: i for i, role in enumerate(BodyRole.values)}  # chair first, members last
    members.sort(key=lambda m: (role_order.get(m.role, 9), m.name))

    def rows(body: str) -> list[dict[str, str]]:
        return [
            {
                "name": m.name,
                "position": m.position,
                "role": str(m.get_role_display()),
                "sector": str(m.get_sector_display()),
                "agency": m.agency.acronym if m.agency else "",
            }
            for m in members
            if m.body == body
        ]

    groups = {
        g.dimension_id: g
        for g in WorkingGroup.objects.filter(region_id=region_id).select_related("leading_agency", "decree")
    }
    pokja = []
    for dimension in Dimension.objects.order_by("position"):
        group = groups.get(dimension.pk)
        pokja.append(
            {
                "dimension": dimension.label,
                "recorded": group is not None,
                "agency": f"{group.leading_agency.name} ({group.leading_agency.acronym})" if group else "",
                "lead": group.lead_name if group else "",
                "decree": group.decree.number if group and group.decree else "",
            }
        )
    decrees = [
        {
            "kind": str(d.get_kind_display()),
            "number": d.number,
            "date": indonesian_date(d.date),
            "title": d.title,
        }
        for d in Decree.objects.filter(region_id=region_id).order_by("date", "number")
    ]
    chair = next((m for m in members if m.body == Body.DEWAN and m.role == BodyRole.CHAIR), None)
    return {
        "dewan": rows(Body.DEWAN),
        "tim": rows(Body.TIM_PELAKSANA),
        "pokja": pokja,
        "pokja_recorded": any(p["recorded"] for p in pokja),
        "decrees": decrees,
        "dewan_chair": chair.name if chair else "",
    }


def regent_name(*, dewan_chair: str, mou_signatories: str) -> str:
    """The regional head's personal name, from the data the product has (no field holds it).

    The Dewan Smart City's chair is the regional head by rule, so a chair recorded by name
    comes first; else a line ``name, Bupati …`` of the MoU's signatories. A chair or
    signatory recorded only by office ("Bupati Sumbawa") is no name: the signature block
    then leaves a line to write it on.
    """
    if dewan_chair.strip() and not _HEAD_WORDS.match(dewan_chair):
        return dewan_chair.strip()
    for line in mou_signatories.splitlines():
        name, _, position = line.partition(",")
        if position and _HEAD_WORDS.match(position) and name.strip() and not _HEAD_WORDS.match(name):
            return name.strip()
    return ""


def signatory_name(
    version: PlanVersion, *, governance: dict[str, Any], overview: dict[str, Any], ratified: bool
) -> str:
    """The name in the signature block: the regent or mayor recorded as having signed the
    ratifying regulation, else (a draft, or a ratification recorded without the name) the
    regional head's name as ``regent_name`` finds it."""
    if ratified and version.ratification_signatory.strip():
        return version.ratification_signatory.strip()
    return regent_name(dewan_chair=governance["dewan_chair"], mou_signatories=overview["mou_signatories"])


def _regulation(version: PlanVersion, region: Any, plan: Any) -> dict[str, Any]:
    """The heading of the annex and its signature block (dotted blanks until ratified)."""
    ratified = version.status in (VersionStatus.RATIFIED, VersionStatus.SUPERSEDED) and bool(
        version.ratification_number
    )
    if ratified and version.ratification_kind:
        kind = REGULATION_WORDS.get(version.ratification_kind, str(version.get_ratification_kind_display()))
    else:
        kind = "Peraturan Wali Kota" if region.level == "kota" else "Peraturan Bupati"
    head = head_title(region.level, region.name)
    if kind == "Peraturan Daerah":
        title = f"Peraturan Daerah {region.name}"
    else:
        title = f"{kind} {short_region_name(region.name)}"
    about = plan.title or f"Masterplan Smart City {region.name} Tahun {plan.start_year}-{plan.end_year}"
    return {
        "ratified": ratified,
        "title": title,
        "number": version.ratification_number if ratified else "",
        "date": indonesian_date(version.ratification_date) if ratified else "",
        "about": about,
        "head": head,
    }


def _overview(region: Any) -> dict[str, Any]:
    participation = (
        Participation.objects.filter(region=region).select_related("cohort", "region__province").first()
    )
    mou = MoU.objects.filter(participation=participation).first() if participation else None
    return {
        "name": region.name,
        "short_name": short_region_name(region.name),
        "kind": "kota" if region.level == "kota" else "kabupaten",
        "province": region.province.name if region.province_id else "",
        "capital": region.capital,
        "area": quantity(Decimal(str(region.area_km2))) if region.area_km2 else "",
        "population": rupiah(region.population) if region.population else "",
        "cohort": participation.cohort.name if participation else "",
        "cohort_year": participation.cohort.year if participation else None,
        "mou": {"number": mou.number, "date": indonesian_date(mou.date)} if mou else None,
        "mou_signatories": mou.signatories if mou else "",
    }


# ---------------------------------------------------------------- the context


def build_context(version: PlanVersion) -> dict[str, Any]:
    """Everything the document shows, in Indonesian, as JSON-safe values."""
    with translation.override("id"):
        return _build(version)


def _build(version: PlanVersion) -> dict[str, Any]:
    plan = version.plan
    region = plan.region
    tree = selectors.plan_tree(version=version)
    summary = selectors.budget_summary(version=version)

    budget_years: set[int] = set()
    for node in tree:
        for programme in node.programmes:
            for action in programme.actions.all():
                budget_years.update(b.year for b in action.budgets.all())
    years = sorted(set(range(plan.start_year, plan.end_year + 1)) | budget_years)

    milestones: dict[tuple[int, int], int] = defaultdict(int)
    roadmap_items = list(
        RoadmapItem.objects.filter(version=version)
        .select_related("dimension")
        .order_by("year", "dimension__position", "id")
    )
    for item in roadmap_items:
        milestones[(item.dimension_id, item.year)] += 1

    dimensions = []
    all_years: dict[int, Decimal] = defaultdict(Decimal)
    cells: dict[tuple[str, int], RoadmapCell] = {}
    quick_wins = []
    for position, node in enumerate(tree):
        dimension = node.dimension
        programmes = []
        year_budget: dict[int, Decimal] = defaultdict(Decimal)
        year_actions: dict[int, int] = defaultdict(int)
        action_count = 0
        for programme in node.programmes:
            actions = []
            programme_years: dict[int, Decimal] = defaultdict(Decimal)
            for action in programme.actions.all():
                row, per_year = _action_row(action, years)
                actions.append(row)
                for y in range(action.start_year, action.end_year + 1):
                    year_actions[y] += 1
                for y, amount in per_year.items():
                    year_budget[y] += amount
                    programme_years[y] += amount
                    all_years[y] += amount
            action_count += len(actions)
            programme_total = sum(programme_years.values(), Decimal(0))
            programmes.append(
                {
                    "code": programme.code,
                    "name": programme.name,
                    "description": programme.description,
                    "subdimension": str(programme.subdimension.label),
                    "agency": programme.agency.acronym,
                    "agency_name": programme.agency.name,
                    "years": years_span(programme.start_year, programme.end_year),
                    "horizon": str(programme.get_horizon_display()),
                    "actions": actions,
                    "budget_total": rupiah(programme_total) if programme_total else "",
                    "budget_years": [
                        rupiah(programme_years[y]) if programme_years.get(y) else "" for y in years
                    ],
                }
            )
        for year in years:
            cells[(dimension.code, year)] = RoadmapCell(
                actions=year_actions.get(year, 0),
                budget=year_budget.get(year, Decimal(0)),
                milestones=milestones.get((dimension.pk, year), 0),
            )
        dimensions.append(
            {
                "code": dimension.code,
                "label": str(dimension.label),
                "colour": PALETTE[position % len(PALETTE)],
                "programmes": programmes,
                "programme_count": len(programmes),
                "action_count": action_count,
                "year_actions": [year_actions.get(y, 0) for y in years],
                "year_budgets": [rupiah(year_budget[y]) if year_budget.get(y) else "" for y in years],
            }
        )
        for qw in node.quick_wins:
            quick_wins.append(
                {
                    "code": qw.code,
                    "name": qw.name,
                    "acronym": qw.acronym,
                    "expansion": qw.expansion,
                    "description": qw.description,
                    "dimension": str(dimension.label),
                    "agency": qw.agency.acronym,
                    "agency_name": qw.agency.name,
                    "target_year": qw.target_year,
                    "title": " — ".join(
                        x
                        for x in (
                            f"{qw.acronym}: {qw.expansion}" if qw.acronym and qw.expansion else qw.acronym,
                            qw.name,
                        )
                        if x
                    ),
                    "programme": f"{qw.programme.code} {qw.programme.name}" if qw.programme else "",
                }
            )

    chart = roadmap_svg(
        years=years,
        rows=[(str(d["code"]), str(d["label"])) for d in dimensions],
        cells=cells,
        caption="Rencana aksi yang berjalan per dimensi dan tahun",
        mark_title="%(row)s, %(year)s: %(actions)s rencana aksi berjalan",
    )
    roadmap = [
        {
            "year": year,
            "items": [
                {"dimension": str(i.dimension.label), "milestone": i.milestone}
                for i in roadmap_items
                if i.year == year
            ],
        }
        for year in years
    ]

    source_codes = summary["sources"]
    total = summary["total"]
    budget_rows = [
        {
            "dimension": str(row["dimension"].label),
            "by_source": [rupiah(row["by_source"][s]) for s in source_codes],
            "total": rupiah(row["total"]),
            "share": percent(row["total"], total),
        }
        for row in summary["rows"]
    ]
    governance = _governance(region.pk)
    overview = _overview(region)
    regulation = _regulation(version, region, plan)
    name = signatory_name(version, governance=governance, overview=overview, ratified=regulation["ratified"])
    return {
        "region": {"code": region.code, "name": region.name},
        "overview": overview,
        "plan": {"title": plan.title, "start_year": plan.start_year, "end_year": plan.end_year},
        "version": {
            "number": version.number,
            "status": str(version.get_status_display()),
            "draft": version.status == VersionStatus.DRAFT,
        },
        "regulation": regulation,
        "signature": {
            "place": region.capital or short_region_name(region.name),
            "date": regulation["date"],
            "head": regulation["head"],
            "name": name,
        },
        "generated": indonesian_date(timezone.localdate()),
        "chapters": chapters(),
        "legal_basis": NATIONAL_LAW,
        "readiness": _readiness(version),
        "vision": {
            "text": version.vision,
            "explanation": version.vision_explanation,
            "rpjmd_vision": version.rpjmd_vision,
            "rpjmd_alignment": version.rpjmd_alignment,
        },
        "missions": list(version.missions.order_by("position", "id").values_list("text", flat=True)),
        "years": years,
        "year_totals": [rupiah(all_years.get(y, Decimal(0))) for y in years],
        "dimensions": dimensions,
        "programme_count": sum(d["programme_count"] for d in dimensions),
        "action_count": sum(d["action_count"] for d in dimensions),
        "quick_win_count": len(quick_wins),
        "roadmap_chart": chart,
        "roadmap": roadmap,
        "has_milestones": bool(roadmap_items),
        "quick_wins": quick_wins,
        "governance": governance,
        "budget": {
            "sources": [SOURCE_SHORT.get(s, s) for s in source_codes],
            "legend": [[SOURCE_SHORT.get(s, s), str(BudgetSource(s).label)] for s in source_codes],
            "rows": budget_rows,
            "totals": [rupiah(summary["totals"][s]) for s in source_codes],
            "total": rupiah(total),
            "total_share": percent(total, total),
        },
    }
