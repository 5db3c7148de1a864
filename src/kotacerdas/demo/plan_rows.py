"""A generated master plan written with bulk inserts: the rows the master-plan services write
for the same plan, for hundreds of regions at once (``demo.scale``).

``RowWriter`` is the services' ``Writer`` (``demo.masterplans``) with the writes replaced: the
same catalogue, codes, years, budgets and targets (``Writer.programme_values`` and
``action_values``), collected as unsaved rows instead of one service call each. What the
services add is added here too: codes in their one stored form (``rules.normalise_code``),
positions in creation order, a ``PlanItemLineage`` row per item, the five readiness rows a new
plan starts with, and a version submitted and ratified (``row_version`` 4: created, header
edited, submitted, ratified). Before anything is written the whole plan passes the pure plan
rules (``masterplans.rules``: integrity and the completeness checklist), the checks
``version_submit`` makes. Audit events are not written (the national data would hold millions).
``tests/test_monitoring_demo.py`` compares a plan written this way with the services' one.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from kotacerdas.masterplans import rules
from kotacerdas.masterplans.choices import ItemKind, ReadinessElement, VersionStatus
from kotacerdas.masterplans.models import (
    ActionBudget,
    ActionPlan,
    ActionTarget,
    MasterPlan,
    Mission,
    PlanItemLineage,
    PlanVersion,
    Programme,
    QuickWin,
    Readiness,
    RoadmapItem,
    SwotItem,
)
from kotacerdas.organisation.models import Agency
from kotacerdas.programme.models import Dimension, SubDimension
from kotacerdas.regions.models import Region

from .masterplans import QW, A, P, Ratification, Writer, _number

BATCH = 2000


@dataclass
class PlanRows:
    """Every row of one plan, unsaved."""

    plan: MasterPlan
    version: PlanVersion
    readiness: list[Readiness] = field(default_factory=list)
    missions: list[Mission] = field(default_factory=list)
    swot: list[SwotItem] = field(default_factory=list)
    roadmap: list[RoadmapItem] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)
    actions: list[ActionPlan] = field(default_factory=list)
    budgets: list[ActionBudget] = field(default_factory=list)
    targets: list[ActionTarget] = field(default_factory=list)
    quick_wins: list[QuickWin] = field(default_factory=list)


@dataclass(frozen=True)
class Catalogue:
    """What every plan refers to, read once: dimensions, sub-dimensions, agencies by region."""

    dimensions: dict[str, Dimension]
    subdimensions: dict[str, SubDimension]
    agencies: dict[int, dict[str, Agency]]  # region id -> code -> agency

    @classmethod
    def load(cls, regions: Sequence[Region]) -> Catalogue:
        agencies: dict[int, dict[str, Agency]] = {r.pk: {} for r in regions}
        for agency in Agency.objects.filter(region__in=regions):
            agencies[agency.region_id][agency.code] = agency
        return cls(
            dimensions={d.code: d for d in Dimension.objects.order_by("position")},
            subdimensions={s.code: s for s in SubDimension.objects.select_related("dimension")},
            agencies=agencies,
        )


def plan_start(region: Region, start_year: int) -> PlanRows:
    """A new plan and its draft version 1, as ``masterplans.services.plan_create`` makes them."""
    plan = MasterPlan(
        region=region,
        title=f"Master Plan Smart City {region.name} {start_year}-{start_year + 4}",
        start_year=start_year,
        end_year=start_year + 4,
    )
    version = PlanVersion(plan=plan, number=1)
    rows = PlanRows(plan=plan, version=version)
    rows.readiness = [Readiness(version=version, element=e) for e in ReadinessElement.values]
    return rows


class RowWriter(Writer):
    """``Writer`` collecting a plan's rows instead of calling a service per row."""

    def __init__(
        self, *, actor: Any, rows: PlanRows, catalogue: Catalogue, seed: str, budget_scale: float = 1.0
    ) -> None:
        self.actor = actor
        self.rows = rows
        self.version = rows.version
        self.plan = rows.plan
        self.region = rows.plan.region
        self.agencies = catalogue.agencies[self.region.pk]
        self.subdimensions = catalogue.subdimensions
        self.dimensions = catalogue.dimensions
        self.seed = seed
        self.scale = budget_scale
        self.counter: dict[str, int] = {}
        self.programmes: dict[str, Programme] = {}
        self.action_counts: dict[str, int] = {}
        self._positions: dict[str, int] = {}  # actions so far per programme code

    def programme(self, dim: str, p: P, *, name: str) -> Programme:
        code, start, end = self.programme_values(dim, p)
        programme = Programme(
            version=self.version,
            lineage=uuid.uuid4(),
            code=rules.normalise_code(code),
            name=name.strip(),
            description=p.description,
            subdimension=self.subdimensions[f"{dim}-{p.sub}"],
            agency=self.agencies[p.agency],
            horizon=p.horizon,
            start_year=start,
            end_year=end,
            position=len(self.rows.programmes) + 1,
        )
        self.rows.programmes.append(programme)
        self.programmes[name] = programme
        return programme

    def action(self, programme: Programme, a: A, *, name: str, index: int, default_agency: str) -> None:
        code, start, end, budgets, targets = self.action_values(programme, a, index=index)
        position = self._positions[programme.code] = self._positions.get(programme.code, 0) + 1
        action = ActionPlan(
            version=self.version,
            programme=programme,
            lineage=uuid.uuid4(),
            code=rules.normalise_code(code),
            name=name.strip(),
            agency=self.agencies[a.agency or default_agency],
            start_year=start,
            end_year=end,
            indicator=a.indicator,
            unit=a.unit,
            baseline=_number(a.baseline, a),
            position=position,
        )
        self.rows.actions.append(action)
        self.rows.budgets += [
            ActionBudget(action=action, year=y, source=s, amount=Decimal(v)) for y, s, v in budgets
        ]
        self.rows.targets += [ActionTarget(action=action, year=y, value=Decimal(v)) for y, v in targets]

    def quick_win(self, q: QW, *, code: str, target_year: int, programme: Programme | None) -> None:
        self.rows.quick_wins.append(
            QuickWin(
                version=self.version,
                lineage=uuid.uuid4(),
                code=rules.normalise_code(code),
                name=q.name.strip(),
                acronym=q.acronym.strip(),
                expansion=q.expansion.strip(),
                description=q.description,
                dimension=self.dimensions[q.dimension],
                agency=self.agencies[q.agency],
                target_year=target_year,
                programme=programme,
                position=len(self.rows.quick_wins) + 1,
            )
        )

    def header(
        self, *, vision: str, explanation: str, rpjmd_vision: str, alignment: str, missions: list[str]
    ) -> None:
        version = self.version
        version.vision, version.vision_explanation = vision, explanation
        version.rpjmd_vision, version.rpjmd_alignment = rpjmd_vision, alignment
        texts = [t.strip() for t in missions if t and t.strip()]
        self.rows.missions = [
            Mission(version=version, position=i, text=t) for i, t in enumerate(texts, start=1)
        ]

    def readiness(self, table: dict[str, tuple[int, str, dict[str, list[str]]]]) -> None:
        by_element = {r.element: r for r in self.rows.readiness}
        for element, (score, summary, swot) in table.items():
            by_element[element].score, by_element[element].summary = score, summary
            for kind, texts in swot.items():
                for position, text in enumerate(texts, start=1):
                    self.rows.swot.append(
                        SwotItem(
                            version=self.version,
                            element=element,
                            kind=kind,
                            text=text.strip(),
                            position=position,
                        )
                    )

    def roadmap(self, quick_wins: dict[str, str], *, years: int = 5) -> None:
        self.rows.roadmap += [
            RoadmapItem(
                version=self.version, year=year, dimension=self.dimensions[dim], milestone=milestone.strip()
            )
            for year, dim, milestone in self.roadmap_values(quick_wins, years=years)
        ]


def plan_problems(rows: PlanRows, catalogue: Catalogue) -> list[rules.Problem]:
    """What the plan rules find in the rows (integrity and the checklist before submission)."""
    agencies = catalogue.agencies[rows.plan.region.pk]
    budgets: dict[int, list[tuple[int, str, Decimal]]] = {}
    targets: dict[int, list[tuple[int, Decimal]]] = {}
    for b in rows.budgets:
        budgets.setdefault(id(b.action), []).append((b.year, b.source, b.amount))
    for t in rows.targets:
        targets.setdefault(id(t.action), []).append((t.year, t.value))
    facts = rules.PlanFacts(
        context=rules.Context(
            start_year=rows.plan.start_year,
            end_year=rows.plan.end_year,
            agency_keys=frozenset(str(a.pk) for a in agencies.values()),
            dimension_codes=tuple(catalogue.dimensions),
            inactive_agency_keys=frozenset(str(a.pk) for a in agencies.values() if not a.is_active),
        ),
        programmes=[
            rules.ProgrammeFacts(
                code=p.code,
                dimension=p.subdimension.dimension.code,
                agency=str(p.agency.pk),
                start_year=p.start_year,
                end_year=p.end_year,
                name=p.name,
            )
            for p in rows.programmes
        ],
        actions=[
            rules.ActionFacts(
                code=a.code,
                programme=a.programme.code,
                agency=str(a.agency.pk),
                start_year=a.start_year,
                end_year=a.end_year,
                budgets=budgets.get(id(a), []),
                targets=targets.get(id(a), []),
                name=a.name,
                indicator=a.indicator,
            )
            for a in rows.actions
        ],
        quick_wins=[
            rules.QuickWinFacts(
                code=q.code,
                dimension=q.dimension.code,
                agency=str(q.agency.pk),
                target_year=q.target_year,
                name=q.name,
            )
            for q in rows.quick_wins
        ],
        vision=rows.version.vision,
        mission_count=len(rows.missions),
        readiness_unscored=[r.element for r in rows.readiness if r.score is None],
    )
    return rules.check_plan(facts) + rules.check_completeness(facts)


def plan_ratified(rows: PlanRows, *, actor: Any, ratification: Ratification) -> None:
    """Submitted and ratified, as ``version_submit`` and ``version_ratify`` leave the version."""
    version = rows.version
    user = actor if getattr(actor, "is_authenticated", False) else None
    version.status = VersionStatus.RATIFIED
    version.submitted_at, version.submitted_by = timezone.now(), user
    version.ratification_kind = ratification.kind
    version.ratification_number = ratification.number.strip()
    version.ratification_date = ratification.date
    version.ratification_signatory = " ".join(ratification.signatory.split())
    version.row_version = 4


def plans_save(plans: Sequence[PlanRows]) -> None:
    """Insert the plans' rows, parents first (the ids come back from each insert)."""
    with transaction.atomic():
        MasterPlan.objects.bulk_create([r.plan for r in plans], batch_size=BATCH)
        PlanVersion.objects.bulk_create([r.version for r in plans], batch_size=BATCH)
        for model, attr in (
            (Readiness, "readiness"),
            (Mission, "missions"),
            (SwotItem, "swot"),
            (RoadmapItem, "roadmap"),
            (Programme, "programmes"),
            (ActionPlan, "actions"),
            (QuickWin, "quick_wins"),
            (ActionBudget, "budgets"),
            (ActionTarget, "targets"),
        ):
            model.objects.bulk_create([row for r in plans for row in getattr(r, attr)], batch_size=BATCH)
        lineages: list[PlanItemLineage] = []
        for r in plans:
            items: list[tuple[str, list[Any]]] = [
                (ItemKind.PROGRAMME, r.programmes),
                (ItemKind.ACTION, r.actions),
                (ItemKind.QUICK_WIN, r.quick_wins),
            ]
            lineages += [
                PlanItemLineage(id=item.lineage, plan=r.plan, region_id=r.plan.region_id, kind=kind)
                for kind, rows in items
                for item in rows
            ]
        PlanItemLineage.objects.bulk_create(lineages, batch_size=BATCH)
