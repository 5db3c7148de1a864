"""Reads of master plans, scoped to the actor: the plan tree, counts, checklist, diff, budgets.

Monitoring and evaluation read the plan tree through ``plan_tree`` and ``plan_facts``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404

from kotacerdas.core.permissions import actor_for, can, readable_region_ids
from kotacerdas.programme.models import Dimension

from . import access, rules
from .choices import BudgetSource, VersionStatus
from .models import (
    ActionBudget,
    ActionPlan,
    ActionTarget,
    MasterPlan,
    PlanVersion,
    Programme,
    QuickWin,
    RoadmapItem,
    SwotItem,
)


def plan_list(*, actor: Any) -> QuerySet[MasterPlan]:
    """Master plans the actor may read."""
    qs = MasterPlan.objects.select_related("region")
    regions = readable_region_ids(actor, "masterplan.view")
    return qs if regions is None else qs.filter(region_id__in=regions)


def plan_get_for_user(*, actor: Any, region_code: str, start_year: int | None = None) -> MasterPlan:
    """A region's (newest, or ``start_year``'s) master plan: 404 for missing and forbidden alike."""
    qs = plan_list(actor=actor).filter(region__code=region_code)
    if start_year is not None:
        qs = qs.filter(start_year=start_year)
    plan = qs.order_by("-start_year").first()
    if plan is None:
        raise Http404("master plan")
    return plan


def version_in_force(plan: MasterPlan) -> PlanVersion | None:
    """The ratified version of ``plan`` (the one in force), or ``None`` before the first ratification."""
    return PlanVersion.objects.filter(plan=plan, status=VersionStatus.RATIFIED).first()


def working_draft(plan: MasterPlan) -> PlanVersion | None:
    """The draft version of ``plan`` its editors work on, or ``None`` while none is open."""
    return PlanVersion.objects.filter(plan=plan, status=VersionStatus.DRAFT).first()


def plan_editor(*, actor: Any, region_id: int) -> bool:
    """May the actor edit (some of) the region's plan? Editors work on the draft; others read the
    version in force."""
    if can(actor, "masterplan.change", region_id=region_id):
        return True
    # no query for an actor who belongs to no agency
    return bool(actor_for(actor).agency_perms) and bool(access.own_agency_ids(actor, region_id))


def plan_versions_for_user(*, actor: Any, region_code: str) -> list[PlanVersion]:
    """Every version of the region's newest plan, newest first, each read with its plan and
    region; empty when the actor may not read the region's plans, or it has none.

    One query: the versions of the region's plans, of which those of the newest plan are kept
    (a region has a plan per period, each with a few versions)."""
    versions = PlanVersion.objects.select_related("plan__region").filter(plan__region__code=region_code)
    regions = readable_region_ids(actor, "masterplan.view")
    if regions is not None:
        versions = versions.filter(plan__region_id__in=regions)
    rows = list(versions.order_by("-plan__start_year", "-number"))
    return [v for v in rows if v.plan_id == rows[0].plan_id]


def version_shown(*, actor: Any, versions: list[PlanVersion], number: int | None = None) -> PlanVersion:
    """The version a page shows out of a plan's ``versions``: ``number``, else for the plan's
    editors the working draft, for everyone else the version in force; else the newest. 404 when
    there is no such version."""
    version: PlanVersion | None
    if number is not None:
        version = next((v for v in versions if v.number == number), None)
    elif versions:
        shown = (
            VersionStatus.DRAFT
            if plan_editor(actor=actor, region_id=versions[0].plan.region_id)
            else VersionStatus.RATIFIED
        )
        version = next((v for v in versions if v.status == shown), versions[0])  # newest first
    else:
        version = None
    if version is None:
        raise Http404("version")
    return version


def version_get_for_user(*, actor: Any, region_code: str, number: int | None = None) -> PlanVersion:
    """A version of the region's newest plan for a reader (``version_shown``), with its plan and
    region, in one query: 404 for missing and forbidden alike."""
    versions = plan_versions_for_user(actor=actor, region_code=region_code)
    return version_shown(actor=actor, versions=versions, number=number)


def version_list(*, plan: MasterPlan) -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(plan=plan).select_related("submitted_by").order_by("-number")


def plan_summary_for_region(*, region: Any) -> dict[str, Any]:
    """The state of a region's newest master plan, for the region's home."""
    plan = MasterPlan.objects.filter(region=region).order_by("-start_year").first()
    if plan is None:
        return {"exists": False}
    versions = list(plan.versions.all())
    in_force = next((v for v in versions if v.status == VersionStatus.RATIFIED), None)
    draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
    return {
        "exists": True,
        "plan": plan,
        "ratified": in_force is not None,
        "has_draft": draft is not None,
        "version_in_force": in_force,
        "working_draft": draft,
    }


@dataclass
class DimensionNode:
    """One dimension of the tree with its programmes (each with ``actions`` prefetched)."""

    dimension: Dimension
    programmes: list[Programme] = field(default_factory=list)
    quick_wins: list[QuickWin] = field(default_factory=list)

    @property
    def programme_count(self) -> int:
        return len(self.programmes)

    @property
    def action_count(self) -> int:
        return sum(len(p.actions.all()) for p in self.programmes)


def _programmes_matching(
    *, version: PlanVersion, agency_id: int | None = None, horizon: str = "", query: str = ""
) -> QuerySet[Programme]:
    """The version's programmes that match the filters (an agency filter also keeps programmes
    that only have actions of that agency)."""
    programmes = Programme.objects.filter(version=version)
    if agency_id is not None:
        programmes = programmes.filter(agency_id=agency_id) | programmes.filter(actions__agency_id=agency_id)
        programmes = programmes.distinct()
    if horizon:
        programmes = programmes.filter(horizon=horizon)
    if query:
        programmes = (
            programmes.filter(name__icontains=query)
            | programmes.filter(code__icontains=query)
            | programmes.filter(actions__name__icontains=query)
        ).distinct()
    return programmes


# What the plan page shows of a programme and an action (the editor's tree reads no more).
EDITOR_PROGRAMME_FIELDS = (
    "uid",
    "code",
    "name",
    "horizon",
    "start_year",
    "end_year",
    "agency_id",
    "subdimension_id",
    "subdimension__name",
    "subdimension__name_en",
    "subdimension__dimension_id",
)
EDITOR_ACTION_FIELDS = (
    "uid",
    "programme_id",
    "code",
    "name",
    "start_year",
    "end_year",
    "indicator",
    "unit",
    "agency_id",
)


def plan_tree(
    *,
    version: PlanVersion,
    agency_id: int | None = None,
    horizon: str = "",
    query: str = "",
    dimension_id: int | None = None,
    for_editor: bool = False,
    dimensions: list[Dimension] | None = None,
) -> list[DimensionNode]:
    """Dimension -> programmes -> actions (with budgets and targets), in a fixed number of queries.

    Filters keep the programmes that match (an agency filter also keeps programmes that only
    have actions of that agency). With ``dimension_id`` only that dimension's programmes are
    read (the other nodes stay empty). ``for_editor`` reads what the plan page shows: only the
    fields it shows, agencies by id (the page has the region's agencies, and an item's agency is
    always one of them), no budgets and targets (read with the totals and ``action_targets``),
    no quick wins.
    """
    programmes = _programmes_matching(version=version, agency_id=agency_id, horizon=horizon, query=query)
    actions_qs: QuerySet[ActionPlan]
    if for_editor:
        actions_qs = ActionPlan.objects.only(*EDITOR_ACTION_FIELDS)
        programmes = programmes.select_related("subdimension").only(*EDITOR_PROGRAMME_FIELDS)
    else:
        programmes = programmes.select_related("subdimension", "agency")
        actions_qs = ActionPlan.objects.select_related("agency").prefetch_related(
            Prefetch("budgets", queryset=ActionBudget.objects.order_by("year", "source")),
            Prefetch("targets", queryset=ActionTarget.objects.order_by("year")),
        )
    if agency_id is not None:
        actions_qs = actions_qs.filter(agency_id=agency_id)
    if dimension_id is not None:
        programmes = programmes.filter(subdimension__dimension_id=dimension_id)
    programmes = programmes.prefetch_related(
        Prefetch("actions", queryset=actions_qs.order_by("position", "code"))
    )
    catalogue = dimensions if dimensions is not None else Dimension.objects.order_by("position")
    nodes = {d.pk: DimensionNode(dimension=d) for d in catalogue}
    for programme in programmes.order_by("position", "code"):
        node = nodes.get(programme.subdimension.dimension_id)
        if node is not None:
            node.programmes.append(programme)
    if for_editor:
        return list(nodes.values())
    quick_wins = QuickWin.objects.filter(version=version).select_related("agency", "programme")
    if dimension_id is not None:
        quick_wins = quick_wins.filter(dimension_id=dimension_id)
    for quick_win in quick_wins.order_by("position", "code"):
        node = nodes.get(quick_win.dimension_id)
        if node is not None:
            node.quick_wins.append(quick_win)
    return list(nodes.values())


@dataclass
class ActionFigures:
    """Budget totals and targets of some actions, read as plain values (no model instances)."""

    budget: dict[int, Decimal]  # action id -> total budget
    targets: dict[int, list[tuple[int, Decimal]]]  # action id -> [(year, value)] by year


def action_figures(*, action_ids: list[int]) -> ActionFigures:
    """The budget total and the yearly targets of each action, in two queries."""
    budget = dict(
        ActionBudget.objects.filter(action_id__in=action_ids)
        .order_by()
        .values_list("action_id")
        .annotate(total=Sum("amount"))
    )
    return ActionFigures(budget=budget, targets=action_targets(action_ids=action_ids))


def action_targets(*, action_ids: list[int]) -> dict[int, list[tuple[int, Decimal]]]:
    """The yearly targets of each action (action id -> [(year, value)] by year), in one query."""
    targets: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for action_id, year, value in (
        ActionTarget.objects.filter(action_id__in=action_ids)
        .order_by("year")
        .values_list("action_id", "year", "value")
    ):
        targets[action_id].append((year, value))
    return dict(targets)


def matching_programmes_per_dimension(
    *, version: PlanVersion, agency_id: int | None = None, horizon: str = "", query: str = ""
) -> dict[int, int]:
    """How many programmes match the filters in each dimension (dimension id -> count)."""
    ids = _programmes_matching(version=version, agency_id=agency_id, horizon=horizon, query=query).values(
        "pk"
    )
    return dict(
        Programme.objects.filter(pk__in=ids)
        .order_by()
        .values_list("subdimension__dimension_id")
        .annotate(n=Count("id"))
    )


def counts_per_dimension(
    *, version: PlanVersion, dimensions: list[Dimension] | None = None
) -> list[dict[str, Any]]:
    """Programmes and actions per dimension (Sumbawa: 9/25, 12/14, 20/38, 13/25, 8/18, 12/22)."""
    per_dimension = {
        dimension_id: (programmes, actions)
        for dimension_id, programmes, actions in Programme.objects.filter(version=version)
        .order_by()
        .values_list("subdimension__dimension_id")
        .annotate(n_programmes=Count("id", distinct=True), n_actions=Count("actions"))
    }
    quick_wins = dict(
        QuickWin.objects.filter(version=version)
        .order_by()
        .values_list("dimension_id")
        .annotate(n=Count("id"))
    )
    catalogue = dimensions if dimensions is not None else Dimension.objects.order_by("position")
    return [
        {
            "dimension": d,
            "programmes": per_dimension.get(d.pk, (0, 0))[0],
            "actions": per_dimension.get(d.pk, (0, 0))[1],
            "quick_wins": quick_wins.get(d.pk, 0),
        }
        for d in catalogue
    ]


def plan_facts(version: PlanVersion) -> rules.PlanFacts:
    """The whole version as the pure rules see it (agencies by id)."""
    from .services import rules_context

    budgets: dict[int, list[tuple[int, str, Decimal]]] = defaultdict(list)
    for action_id, year, source, amount in ActionBudget.objects.filter(action__version=version).values_list(
        "action_id", "year", "source", "amount"
    ):
        budgets[action_id].append((year, source, amount))
    targets: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for action_id, year, value in ActionTarget.objects.filter(action__version=version).values_list(
        "action_id", "year", "value"
    ):
        targets[action_id].append((year, value))
    programmes = [
        rules.ProgrammeFacts(code=c, dimension=d, agency=str(a), start_year=s, end_year=e, name=n)
        for c, d, a, s, e, n in Programme.objects.filter(version=version).values_list(
            "code", "subdimension__dimension__code", "agency_id", "start_year", "end_year", "name"
        )
    ]
    actions = [
        rules.ActionFacts(
            code=c,
            programme=p,
            agency=str(a),
            start_year=s,
            end_year=e,
            budgets=budgets.get(pk, []),
            targets=targets.get(pk, []),
            name=n,
            indicator=i,
        )
        for pk, c, p, a, s, e, n, i in ActionPlan.objects.filter(version=version).values_list(
            "pk", "code", "programme__code", "agency_id", "start_year", "end_year", "name", "indicator"
        )
    ]
    quick_wins = [
        rules.QuickWinFacts(code=c, dimension=d, agency=str(a), target_year=y, name=n)
        for c, d, a, y, n in QuickWin.objects.filter(version=version).values_list(
            "code", "dimension__code", "agency_id", "target_year", "name"
        )
    ]
    return rules.PlanFacts(
        context=rules_context(version),
        programmes=programmes,
        actions=actions,
        quick_wins=quick_wins,
        vision=version.vision,
        mission_count=version.missions.count(),
        readiness_unscored=[
            r.get_element_display() for r in version.readiness.filter(score__isnull=True).order_by("element")
        ],
    )


def version_checklist(*, version: PlanVersion) -> dict[str, Any]:
    """The completeness checklist shown before submission."""
    from .messages import problem_lines

    facts = plan_facts(version)
    integrity = rules.check_plan(facts)
    completeness = rules.check_completeness(facts)
    dims = {d.code: d for d in Dimension.objects.all()}
    with_quick_wins = {q.dimension for q in facts.quick_wins}
    return {
        "ready": not integrity and not completeness,
        "errors": problem_lines(integrity),
        "missing": problem_lines(completeness),
        "quick_win_per_dimension": [
            {"dimension": dims[c], "ok": c in with_quick_wins}
            for c in facts.context.dimension_codes
            if c in dims
        ],
        "checks": [
            {"label": "vision", "ok": bool(facts.vision.strip())},
            {"label": "missions", "ok": facts.mission_count > 0},
            {"label": "readiness", "ok": not facts.readiness_unscored},
            {"label": "quick_wins", "ok": set(facts.context.dimension_codes) <= with_quick_wins},
            {"label": "integrity", "ok": not integrity},
        ],
    }


def budget_summary(*, version: PlanVersion) -> dict[str, Any]:
    """Planned budget per dimension and source, and totals (for the document and the API): the
    per-dimension part of ``budget_totals``, in the shape the document and the API serialise."""
    totals = budget_totals(version=version)
    return {
        "rows": totals.per_dimension,
        "sources": totals.sources,
        "totals": totals.per_source,
        "total": totals.total,
    }


@dataclass
class BudgetTotals:
    """A version's planned budget summed per programme, dimension (and source), agency and year."""

    sources: list[str]
    per_action: dict[int, Decimal]  # action id -> total
    per_programme: dict[int, Decimal]  # programme id -> total
    per_dimension: list[dict[str, Any]]  # {"dimension", "by_source", "total"} in catalogue order
    per_agency: list[dict[str, Any]]  # {"agency_id", "acronym", "name", "total"}, largest first
    per_year: list[dict[str, Any]]  # {"year", "by_source", "total"} over the plan's years
    per_source: dict[str, Decimal]
    total: Decimal


def budget_totals(*, version: PlanVersion, dimensions: list[Dimension] | None = None) -> BudgetTotals:
    """Budget totals for the plan page and its chart, in two queries (the budget rows, the
    catalogue). The rows are summed here: there is one per action, year and source, so an SQL
    aggregate would group nothing.

    An action's budget counts for the action's own agency (which may differ from the programme's).
    """
    rows = (
        ActionBudget.objects.filter(action__version=version)
        .order_by()
        .values_list(
            "action_id",
            "action__programme_id",
            "action__programme__subdimension__dimension_id",
            "action__agency_id",
            "action__agency__acronym",
            "action__agency__name",
            "year",
            "source",
            "amount",
        )
    )
    sources = list(BudgetSource.values)
    zero = Decimal(0)
    per_action: dict[int, Decimal] = defaultdict(Decimal)
    owners: dict[int, tuple[int, int, str, str]] = {}  # action id -> programme, agency, acronym, name
    per_dim: dict[int, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(sources, zero))
    per_year: dict[int, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(sources, zero))
    for action_id, programme_id, dimension_id, agency_id, acronym, name, year, source, amount in rows:
        per_action[action_id] += amount
        per_dim[dimension_id][source] += amount
        per_year[year][source] += amount
        owners[action_id] = (programme_id, agency_id, acronym, name)
    per_programme: dict[int, Decimal] = defaultdict(Decimal)
    per_agency: dict[int, dict[str, Any]] = {}
    for action_id, (programme_id, agency_id, acronym, name) in owners.items():
        amount = per_action[action_id]
        per_programme[programme_id] += amount
        if agency_id not in per_agency:
            per_agency[agency_id] = {"agency_id": agency_id, "acronym": acronym, "name": name, "total": zero}
        per_agency[agency_id]["total"] += amount
    catalogue = dimensions if dimensions is not None else Dimension.objects.order_by("position")
    rows_per_dimension: list[dict[str, Any]] = [
        {"dimension": d, "by_source": per_dim[d.pk], "total": sum(per_dim[d.pk].values(), zero)}
        for d in catalogue
    ]
    years = range(version.plan.start_year, version.plan.end_year + 1)
    return BudgetTotals(
        sources=sources,
        per_action=dict(per_action),
        per_programme=dict(per_programme),
        per_dimension=rows_per_dimension,
        per_agency=sorted(per_agency.values(), key=lambda a: (-a["total"], a["acronym"])),
        per_year=[
            {"year": y, "by_source": per_year[y], "total": sum(per_year[y].values(), zero)}
            for y in sorted(set(years) | set(per_year))
        ],
        per_source={s: sum((row["by_source"][s] for row in rows_per_dimension), zero) for s in sources},
        total=sum(per_programme.values(), zero),
    )


DIFF_PARTS = ("programmes", "actions", "quick_wins", "readiness", "swot", "roadmap")
DIFF_PROGRAMME_FIELDS = ["code", "name", "subdimension_id", "agency_id", "horizon", "start_year", "end_year"]
DIFF_ACTION_FIELDS = ["code", "name", "agency_id", "start_year", "end_year", "indicator", "unit", "baseline"]
DIFF_QUICK_WIN_FIELDS = ["code", "name", "acronym", "dimension_id", "agency_id", "target_year"]


def _diff_rows(
    old: dict[Any, dict[str, Any]], new: dict[Any, dict[str, Any]], fields: list[str]
) -> dict[str, list[Any]]:
    added = [new[k] for k in new if k not in old]
    removed = [old[k] for k in old if k not in new]
    changed = []
    for key in new:
        if key in old:
            changes = {f: (old[key][f], new[key][f]) for f in fields if old[key][f] != new[key][f]}
            if changes:
                changed.append({"item": new[key], "changes": changes})
    return {"added": added, "removed": removed, "changed": changed}


def version_diff(*, old: PlanVersion, new: PlanVersion) -> dict[str, Any]:
    """Added, removed and changed items between two versions: programmes, actions and quick
    wins matched by lineage (an item keeps its identity even when its code changes), readiness
    by element, SWOT and road-map items by their content; and the header (vision, missions)."""

    def rows(
        qs: QuerySet[Any], fields: list[str], extra: dict[str, Any] | None = None
    ) -> dict[Any, dict[str, Any]]:
        values = qs.values("lineage", *fields, *(extra or {}).keys())
        return {v["lineage"]: v for v in values}

    result: dict[str, Any] = {}
    result["programmes"] = _diff_rows(
        rows(Programme.objects.filter(version=old), DIFF_PROGRAMME_FIELDS),
        rows(Programme.objects.filter(version=new), DIFF_PROGRAMME_FIELDS),
        DIFF_PROGRAMME_FIELDS,
    )
    old_actions = rows(ActionPlan.objects.filter(version=old), DIFF_ACTION_FIELDS)
    new_actions = rows(ActionPlan.objects.filter(version=new), DIFF_ACTION_FIELDS)
    for table, version in ((old_actions, old), (new_actions, new)):
        budgets: dict[Any, list[tuple[int, str, str]]] = defaultdict(list)
        for lineage, year, source, amount in ActionBudget.objects.filter(action__version=version).values_list(
            "action__lineage", "year", "source", "amount"
        ):
            budgets[lineage].append((year, source, f"{amount:.2f}"))
        targets: dict[Any, list[tuple[int, str]]] = defaultdict(list)
        for lineage, year, value in ActionTarget.objects.filter(action__version=version).values_list(
            "action__lineage", "year", "value"
        ):
            targets[lineage].append((year, f"{value:.2f}"))
        for lineage, row in table.items():
            row["budgets"] = sorted(budgets.get(lineage, []))
            row["targets"] = sorted(targets.get(lineage, []))
    result["actions"] = _diff_rows(old_actions, new_actions, [*DIFF_ACTION_FIELDS, "budgets", "targets"])
    result["quick_wins"] = _diff_rows(
        rows(QuickWin.objects.filter(version=old), DIFF_QUICK_WIN_FIELDS),
        rows(QuickWin.objects.filter(version=new), DIFF_QUICK_WIN_FIELDS),
        DIFF_QUICK_WIN_FIELDS,
    )
    readiness_fields = ("element", "score", "summary")
    result["readiness"] = _diff_rows(
        {
            v[0]: dict(zip(readiness_fields, v, strict=True))
            for v in old.readiness.values_list(*readiness_fields)
        },
        {
            v[0]: dict(zip(readiness_fields, v, strict=True))
            for v in new.readiness.values_list(*readiness_fields)
        },
        ["score", "summary"],
    )
    swot_fields = ("element", "kind", "text")
    result["swot"] = _diff_rows(
        {tuple(v.values()): v for v in SwotItem.objects.filter(version=old).values(*swot_fields)},
        {tuple(v.values()): v for v in SwotItem.objects.filter(version=new).values(*swot_fields)},
        [],
    )
    roadmap_fields = ("year", "dimension_id", "milestone")
    result["roadmap"] = _diff_rows(
        {tuple(v.values()): v for v in RoadmapItem.objects.filter(version=old).values(*roadmap_fields)},
        {tuple(v.values()): v for v in RoadmapItem.objects.filter(version=new).values(*roadmap_fields)},
        [],
    )
    header = {}
    for f in ("vision", "vision_explanation", "rpjmd_vision", "rpjmd_alignment"):
        if getattr(old, f) != getattr(new, f):
            header[f] = (getattr(old, f), getattr(new, f))
    old_missions = list(old.missions.order_by("position").values_list("text", flat=True))
    new_missions = list(new.missions.order_by("position").values_list("text", flat=True))
    if old_missions != new_missions:
        header["missions"] = (old_missions, new_missions)
    result["header"] = header
    result["total_changes"] = len(header) + sum(
        len(part[k])
        for part in (result[name] for name in DIFF_PARTS)
        for k in ("added", "removed", "changed")
    )
    return result
