"""A version as a worksheet (the export, its identity columns included), the empty template, file names."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.regions.models import Region

from ..choices import ReadinessElement
from ..models import (
    ActionBudget,
    ActionPlan,
    ActionTarget,
    MasterPlan,
    PlanVersion,
    Programme,
    QuickWin,
)
from ..worksheets import (
    ActionRow,
    BudgetRow,
    ParsedPlan,
    ProgrammeRow,
    QuickWinRow,
    ReadinessRow,
    RoadmapRow,
    SwotRow,
    TargetRow,
    WorkbookData,
    catalogue_for,
    workbook_build,
)

# ---------------------------------------------------------------- export


def version_parsed(version: PlanVersion) -> ParsedPlan:
    """A version's whole content as a ``ParsedPlan`` (what the export writes)."""
    plan = version.plan
    element_order = {e: i for i, e in enumerate(ReadinessElement.values)}
    programmes = list(
        Programme.objects.filter(version=version)
        .select_related("subdimension__dimension", "agency")
        .order_by("subdimension__dimension__position", "position", "code")
    )
    programme_order = {p.pk: i for i, p in enumerate(programmes)}
    actions = sorted(
        ActionPlan.objects.filter(version=version).select_related("programme", "agency"),
        key=lambda a: (programme_order.get(a.programme_id, 0), a.position, a.code),
    )
    budgets = ActionBudget.objects.filter(action__version=version).values_list(
        "action_id", "year", "source", "amount"
    )
    targets = ActionTarget.objects.filter(action__version=version).values_list("action_id", "year", "value")
    by_action_budgets: dict[int, list[tuple[int, str, Decimal]]] = defaultdict(list)
    for action_id, year, source, amount in budgets:
        by_action_budgets[action_id].append((year, source, amount))
    by_action_targets: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for action_id, year, value in targets:
        by_action_targets[action_id].append((year, value))
    quick_wins = QuickWin.objects.filter(version=version).select_related("dimension", "agency", "programme")
    return ParsedPlan(
        region_code=plan.region.code,
        title=plan.title,
        start_year=plan.start_year,
        end_year=plan.end_year,
        vision=version.vision,
        vision_explanation=version.vision_explanation,
        rpjmd_vision=version.rpjmd_vision,
        rpjmd_alignment=version.rpjmd_alignment,
        exported_at=timezone.now().isoformat(timespec="seconds"),
        header_version=version.row_version,
        missions=list(version.missions.order_by("position", "id").values_list("text", flat=True)),
        programmes=[
            ProgrammeRow(
                code=p.code,
                name=p.name,
                dimension=p.subdimension.dimension.code,
                subdimension=p.subdimension.code,
                agency=p.agency.code,
                horizon=p.horizon,
                start_year=p.start_year,
                end_year=p.end_year,
                description=p.description,
                lineage=str(p.lineage),
                row_version=p.row_version,
            )
            for p in programmes
        ],
        actions=[
            ActionRow(
                code=a.code,
                programme=a.programme.code,
                name=a.name,
                agency=a.agency.code,
                start_year=a.start_year,
                end_year=a.end_year,
                indicator=a.indicator,
                unit=a.unit,
                baseline=a.baseline,
                lineage=str(a.lineage),
                row_version=a.row_version,
            )
            for a in actions
        ],
        budgets=[
            BudgetRow(action=a.code, year=y, source=s, amount=amount)
            for a in actions
            for y, s, amount in sorted(by_action_budgets.get(a.pk, []))
        ],
        targets=[
            TargetRow(action=a.code, year=y, value=v)
            for a in actions
            for y, v in sorted(by_action_targets.get(a.pk, []))
        ],
        quick_wins=[
            QuickWinRow(
                code=q.code,
                name=q.name,
                acronym=q.acronym,
                expansion=q.expansion,
                description=q.description,
                dimension=q.dimension.code,
                agency=q.agency.code,
                target_year=q.target_year,
                programme=q.programme.code if q.programme else "",
                lineage=str(q.lineage),
                row_version=q.row_version,
            )
            for q in quick_wins.order_by("dimension__position", "position", "code")
        ],
        readiness=[
            ReadinessRow(element=r.element, score=r.score, summary=r.summary)
            for r in sorted(version.readiness.all(), key=lambda r: element_order.get(r.element, 9))
        ],
        swot=[
            SwotRow(element=s.element, kind=s.kind, text=s.text)
            for s in version.swot_items.order_by("element", "kind", "position", "id")
        ],
        roadmap=[
            RoadmapRow(year=r.year, dimension=r.dimension.code, milestone=r.milestone)
            for r in version.roadmap_items.select_related("dimension").order_by(
                "year", "dimension__position", "id"
            )
        ],
    )


def plan_export(version: PlanVersion) -> bytes:
    """The version as a workbook that imports back unchanged."""
    return workbook_build(
        WorkbookData(catalogue=catalogue_for(version.plan.region), plan=version_parsed(version)),
        template=False,
    )


def template_build(region: Region) -> bytes:
    """An empty workbook for ``region``: its agencies in the dropdowns, the plan header prefilled."""
    plan = MasterPlan.objects.filter(region=region).order_by("-start_year").first()
    this_year = timezone.localdate().year
    version = PlanVersion.objects.filter(plan=plan).order_by("-number").first() if plan is not None else None
    parsed = ParsedPlan(
        region_code=region.code,
        title=plan.title if plan else _("Smart City Master Plan of %(region)s") % {"region": region.name},
        start_year=plan.start_year if plan else this_year,
        end_year=plan.end_year if plan else this_year + 4,
        vision=version.vision if version else "",
    )
    return workbook_build(WorkbookData(catalogue=catalogue_for(region), plan=parsed), template=True)


def export_filename(version: PlanVersion) -> str:
    plan = version.plan
    return f"rencana-induk-{plan.region.code}-{plan.start_year}-v{version.number}.xlsx"


def template_filename(region: Region) -> str:
    return f"kertas-kerja-rencana-induk-{region.code}.xlsx"
