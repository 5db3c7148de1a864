"""Writes of master plans: the plan and its versions, and every item of the plan tree.

Rules live in ``rules.py`` (pure) and are applied here to each item before it is written;
every write records an audit event in its transaction. Only a draft version can change;
a coordinator edits the whole plan, an agency officer only the items their agency owns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.files import file_replaced, pdf_check
from kotacerdas.core.models import AuditAction
from kotacerdas.core.permissions import can, require
from kotacerdas.core.services import (
    UserLike,
    audit_record,
    object_create,
    object_delete,
    object_update,
    snapshot,
)
from kotacerdas.organisation.models import Agency
from kotacerdas.programme.choices import Stage
from kotacerdas.programme.models import Dimension, SubDimension
from kotacerdas.programme.services import participation_stage_established
from kotacerdas.regions.models import Region

from . import access, rules
from .choices import ItemKind, ReadinessElement, VersionStatus
from .messages import problem_lines, problem_text
from .models import (
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

PROGRAMME_FIELDS = [
    "code",
    "name",
    "description",
    "subdimension",
    "agency",
    "horizon",
    "start_year",
    "end_year",
]
ACTION_FIELDS = ["code", "name", "agency", "start_year", "end_year", "indicator", "unit", "baseline"]
QUICK_WIN_FIELDS = [
    "code",
    "name",
    "acronym",
    "expansion",
    "description",
    "dimension",
    "agency",
    "target_year",
    "programme",
]
VERSION_HEADER_FIELDS = ["vision", "vision_explanation", "rpjmd_vision", "rpjmd_alignment"]
MAX_PLAN_YEARS = 20


# ---------------------------------------------------------------- helpers


def rules_context(version: PlanVersion) -> rules.Context:
    """The rules' view of a version: its years, its region's agencies (by id), the dimensions."""
    plan = version.plan
    agencies = list(Agency.objects.filter(region_id=plan.region_id).values_list("pk", "is_active"))
    return rules.Context(
        start_year=plan.start_year,
        end_year=plan.end_year,
        agency_keys=frozenset(str(pk) for pk, _active in agencies),
        dimension_codes=tuple(Dimension.objects.order_by("position").values_list("code", flat=True)),
        inactive_agency_keys=frozenset(str(pk) for pk, active in agencies if not active),
    )


def _raise_problems(problems: list[rules.Problem], field_by_code: dict[str, str] | None = None) -> None:
    errors = [p for p in problems if p.severity == rules.ERROR]
    if not errors:
        return
    by_field: dict[str, list[str]] = {}
    mapping = {
        "agency_missing": "agency",
        "agency_not_in_region": "agency",
        "agency_inactive": "agency",
        "action_outside_programme": "start_year",
        "years_missing": "start_year",
        "years_reversed": "end_year",
        "year_outside_plan": "start_year",
        "code_missing": "code",
        "code_too_long": "code",
        "code_duplicate": "code",
        "budget_negative": "budgets",
        "budget_year_outside_action": "budgets",
        "budget_duplicate": "budgets",
        "target_duplicate": "targets",
        "dimension_unknown": "dimension",
        **(field_by_code or {}),
    }
    for problem in errors:
        by_field.setdefault(mapping.get(problem.code, "__all__"), []).append(problem_text(problem))
    raise ValidationError(by_field)


def _require_draft(version: PlanVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            _(
                "Version %(number)s is %(status)s and can no longer change. Start a new version to make changes."
            )
            % {"number": version.number, "status": version.get_status_display().lower()}
        )


def _require_plan_edit(actor: UserLike, version: PlanVersion) -> None:
    """The actor may edit the whole plan, and the version is still a draft."""
    require(actor, "masterplan.change", region_id=version.plan.region_id)
    _require_draft(version)


def _require_item_edit(actor: UserLike, version: PlanVersion, agency_ids: Iterable[int | None]) -> None:
    _require_draft(version)
    if not access.may_edit_items(actor, version, agency_ids):
        raise PermissionDenied(_("You may only change the plan items of your own agency."))


def _code_taken(version: PlanVersion, code: str, *, exclude: Any = None) -> bool:
    code = rules.normalise_code(code)
    programmes = Programme.objects.filter(version=version, code__iexact=code)
    actions = ActionPlan.objects.filter(version=version, code__iexact=code)
    if isinstance(exclude, Programme):
        programmes = programmes.exclude(pk=exclude.pk)
    if isinstance(exclude, ActionPlan):
        actions = actions.exclude(pk=exclude.pk)
    return programmes.exists() or actions.exists()


def _agency_key(agency: Agency | None) -> str | None:
    return str(agency.pk) if agency is not None else None


def _duplicate_code_error(code: str) -> ValidationError:
    return ValidationError(
        {"code": [_("The code %(code)s is used more than once in this plan.") % {"code": code}]}
    )


def lineages_register(*, plan: MasterPlan, items: Iterable[Programme | ActionPlan | QuickWin]) -> None:
    """Make sure every item's ``lineage`` has its row in ``PlanItemLineage`` (one query).

    Call it in the transaction that creates items, from every path that does: the editor's
    services, the copy into a new version and the worksheet import. Existing rows are kept.
    """
    kinds: dict[type, str] = {
        Programme: ItemKind.PROGRAMME,
        ActionPlan: ItemKind.ACTION,
        QuickWin: ItemKind.QUICK_WIN,
    }
    rows = {
        item.lineage: PlanItemLineage(
            id=item.lineage, plan=plan, region_id=plan.region_id, kind=kinds[type(item)]
        )
        for item in items
    }
    if rows:
        PlanItemLineage.objects.bulk_create(list(rows.values()), ignore_conflicts=True)


# ---------------------------------------------------------------- plans and versions


def plan_create(*, actor: UserLike, region: Region, title: str, start_year: int, end_year: int) -> MasterPlan:
    """Start a region's master plan for a period, with an empty draft version 1."""
    require(actor, "masterplan.change", region_id=region.pk)
    if end_year < start_year:
        raise ValidationError({"end_year": _("The last year is before the first year.")})
    if end_year - start_year + 1 > MAX_PLAN_YEARS:
        raise ValidationError(
            {"end_year": _("A master plan covers at most %(n)s years.") % {"n": MAX_PLAN_YEARS}}
        )
    if MasterPlan.objects.filter(region=region, start_year=start_year).exists():
        raise ValidationError(
            {
                "start_year": _("This region already has a master plan starting in %(year)s.")
                % {"year": start_year}
            }
        )
    with transaction.atomic():
        plan = object_create(
            actor=actor,
            obj=MasterPlan(region=region, title=title, start_year=start_year, end_year=end_year),
            fields=["title", "start_year", "end_year"],
        )
        version = PlanVersion.objects.create(plan=plan, number=1)
        Readiness.objects.bulk_create(
            [Readiness(version=version, element=e) for e in ReadinessElement.values]
        )
    return plan


def plan_update(
    *, actor: UserLike, plan: MasterPlan, data: dict[str, Any], expected_version: int | None
) -> MasterPlan:
    require(actor, "masterplan.change", region_id=plan.region_id)
    allowed = {"title", "start_year", "end_year"}
    if set(data) - allowed:
        raise ValidationError(_("Only the title and years of a plan can change here."))
    return object_update(actor=actor, obj=plan, data=data, expected_version=expected_version)


def version_update(
    *, actor: UserLike, version: PlanVersion, data: dict[str, Any], expected_version: int | None
) -> PlanVersion:
    """Edit the vision, its meaning and the RPJMD alignment of a draft."""
    _require_plan_edit(actor, version)
    unknown = set(data) - set(VERSION_HEADER_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    return object_update(actor=actor, obj=version, data=data, expected_version=expected_version)


def missions_set(*, actor: UserLike, version: PlanVersion, texts: Sequence[str]) -> list[Mission]:
    """Replace the missions of a draft with ``texts`` (empty lines are dropped)."""
    _require_plan_edit(actor, version)
    clean = [t.strip() for t in texts if t and t.strip()]
    with transaction.atomic():
        before = list(version.missions.order_by("position").values_list("text", flat=True))
        version.missions.all().delete()
        missions = Mission.objects.bulk_create(
            [Mission(version=version, position=i, text=t) for i, t in enumerate(clean, start=1)]
        )
        if before != clean:
            audit_record(
                actor=actor, action=AuditAction.UPDATE, obj=version, changes={"missions": [before, clean]}
            )
    return missions


def readiness_set(
    *, actor: UserLike, version: PlanVersion, element: str, score: int | None, summary: str = ""
) -> Readiness:
    _require_plan_edit(actor, version)
    if element not in ReadinessElement.values:
        raise ValidationError({"element": _("Unknown readiness element.")})
    if score is not None and not 1 <= score <= 5:
        raise ValidationError({"score": _("The readiness score runs from 1 to 5.")})
    with transaction.atomic():
        row, _created = Readiness.objects.select_for_update().get_or_create(version=version, element=element)
        before = snapshot(row, ["score", "summary"])
        row.score, row.summary = score, summary
        row.save()
        after = snapshot(row, ["score", "summary"])
        if before != after:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=version,
                changes={
                    f"readiness.{element}.{k}": [before[k], after[k]] for k in after if before[k] != after[k]
                },
            )
    return row


def swot_item_add(*, actor: UserLike, version: PlanVersion, element: str, kind: str, text: str) -> SwotItem:
    _require_plan_edit(actor, version)
    if not text.strip():
        raise ValidationError({"text": _("Write the SWOT item.")})
    position = (
        SwotItem.objects.filter(version=version, element=element, kind=kind).aggregate(m=Max("position"))["m"]
        or 0
    ) + 1
    item = SwotItem(version=version, element=element, kind=kind, text=text.strip(), position=position)
    with transaction.atomic():
        item.full_clean()
        item.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=item,
            region_id=version.plan.region_id,
            changes={"element": [None, element], "kind": [None, kind], "text": [None, item.text]},
        )
    return item


def _version_child_delete(*, actor: UserLike, item: SwotItem | RoadmapItem) -> None:
    """Delete a SWOT or road-map item of a draft, recording the text it held."""
    version = item.version
    _require_plan_edit(actor, version)
    field = "text" if isinstance(item, SwotItem) else "milestone"
    text = getattr(item, field)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=item,
            region_id=version.plan.region_id,
            changes={field: [text, None]},
        )
        item.delete()


def swot_item_delete(*, actor: UserLike, item: SwotItem) -> None:
    _version_child_delete(actor=actor, item=item)


def roadmap_item_add(
    *, actor: UserLike, version: PlanVersion, year: int, dimension: Dimension, milestone: str
) -> RoadmapItem:
    _require_plan_edit(actor, version)
    plan = version.plan
    if not plan.start_year <= year <= plan.end_year:
        raise ValidationError(
            {
                "year": _("Year %(year)s is outside the plan's years (%(start)s-%(end)s).")
                % {"year": year, "start": plan.start_year, "end": plan.end_year}
            }
        )
    if not milestone.strip():
        raise ValidationError({"milestone": _("Write the milestone.")})
    with transaction.atomic():
        item = RoadmapItem.objects.create(
            version=version, year=year, dimension=dimension, milestone=milestone.strip()
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=item,
            region_id=plan.region_id,
            changes={
                "year": [None, year],
                "dimension": [None, dimension.code],
                "milestone": [None, item.milestone],
            },
        )
    return item


def roadmap_item_delete(*, actor: UserLike, item: RoadmapItem) -> None:
    _version_child_delete(actor=actor, item=item)


# ---------------------------------------------------------------- programmes


def programme_create(
    *,
    actor: UserLike,
    version: PlanVersion,
    code: str,
    name: str,
    subdimension: SubDimension,
    agency: Agency,
    start_year: int,
    end_year: int,
    horizon: str = "medium",
    description: str = "",
) -> Programme:
    _require_item_edit(actor, version, [agency.pk if agency else None])
    code = rules.normalise_code(code)
    ctx = rules_context(version)
    facts = rules.ProgrammeFacts(
        code=code,
        dimension=subdimension.dimension.code,
        agency=_agency_key(agency),
        start_year=start_year,
        end_year=end_year,
    )
    _raise_problems(
        rules.check_programme(facts, ctx) + rules.check_agency_active(facts.agency, ctx, item=code)
    )
    if _code_taken(version, code):
        raise _duplicate_code_error(code)
    position = (Programme.objects.filter(version=version).aggregate(m=Max("position"))["m"] or 0) + 1
    programme = Programme(
        version=version,
        code=code,
        name=name.strip(),
        description=description,
        subdimension=subdimension,
        agency=agency,
        horizon=horizon,
        start_year=start_year,
        end_year=end_year,
        position=position,
    )
    try:
        with transaction.atomic():
            lineages_register(plan=version.plan, items=[programme])
            return object_create(actor=actor, obj=programme, fields=PROGRAMME_FIELDS)
    except IntegrityError as exc:  # the same code saved by someone else a moment ago
        raise _duplicate_code_error(code) from exc


def programme_update(
    *, actor: UserLike, programme: Programme, data: dict[str, Any], expected_version: int | None
) -> Programme:
    version = programme.version
    unknown = set(data) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    new_agency = data.get("agency", programme.agency)
    _require_item_edit(actor, version, [programme.agency_id, new_agency.pk if new_agency else None])
    merged = {f: data.get(f, getattr(programme, f)) for f in PROGRAMME_FIELDS}
    if "code" in data:
        merged["code"] = rules.normalise_code(data["code"])
        data = {**data, "code": merged["code"]}
    facts = rules.ProgrammeFacts(
        code=merged["code"],
        dimension=merged["subdimension"].dimension.code,
        agency=_agency_key(merged["agency"]),
        start_year=merged["start_year"],
        end_year=merged["end_year"],
    )
    ctx = rules_context(version)
    problems = rules.check_programme(facts, ctx)
    if merged["agency"] is not None and merged["agency"].pk != programme.agency_id:
        problems += rules.check_agency_active(facts.agency, ctx, item=facts.code)
    for action in programme.actions.all():  # its actions' years stay within the programme's
        action_facts = rules.ActionFacts(
            code=action.code,
            programme=facts.code,
            agency=None,
            start_year=action.start_year,
            end_year=action.end_year,
        )
        problems += rules.check_action_in_programme(action_facts, facts)
    _raise_problems(problems)
    if "code" in data and _code_taken(version, merged["code"], exclude=programme):
        raise _duplicate_code_error(merged["code"])
    try:
        return object_update(actor=actor, obj=programme, data=data, expected_version=expected_version)
    except IntegrityError as exc:
        raise _duplicate_code_error(merged["code"]) from exc


def programme_delete(*, actor: UserLike, programme: Programme) -> None:
    """Delete a programme with its actions (quick wins linked to it keep existing, unlinked)."""
    _require_item_edit(actor, programme.version, [programme.agency_id])
    if not can(actor, "masterplan.change", region_id=programme.version.plan.region_id):
        foreign = programme.actions.exclude(agency_id=programme.agency_id).exists()
        if foreign:
            raise PermissionDenied(_("This programme has actions of other agencies; ask the coordinator."))
    object_delete(actor=actor, obj=programme, fields=PROGRAMME_FIELDS, message=_("with its action plans"))


def _reorder(
    *,
    actor: UserLike,
    rows: QuerySet[Any],
    ordered_uids: Sequence[str],
    not_found: str,
    audit_obj: Any,
    change_key: str,
) -> None:
    """Give ``rows`` the positions 1..n in the order of ``ordered_uids``, with one audit event."""
    by_uid = {str(row.uid): row for row in rows.filter(uid__in=list(ordered_uids))}
    if len(by_uid) != len(set(ordered_uids)):
        raise ValidationError(not_found)
    with transaction.atomic():
        changed = []
        for position, uid in enumerate(ordered_uids, start=1):
            row = by_uid[str(uid)]
            if row.position != position:
                row.position = position
                changed.append(row)
        rows.model.objects.bulk_update(changed, ["position"])
        if changed:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=audit_obj,
                changes={change_key: [None, [by_uid[str(u)].code for u in ordered_uids]]},
            )


def programme_reorder(*, actor: UserLike, version: PlanVersion, ordered_uids: Sequence[str]) -> None:
    """Set the order of programmes (e.g. after a drag in the editor)."""
    _require_plan_edit(actor, version)
    _reorder(
        actor=actor,
        rows=Programme.objects.filter(version=version),
        ordered_uids=ordered_uids,
        not_found=_("Some programmes are not part of this version."),
        audit_obj=version,
        change_key="programme_order",
    )


def _free_code(version: PlanVersion, base: str) -> str:
    n = 1
    while True:
        candidate = f"{base}-S{n}" if n > 1 else f"{base}-S"
        if not _code_taken(version, candidate):
            return candidate
        n += 1


def programme_copy(*, actor: UserLike, programme: Programme) -> Programme:
    """Copy a programme and its actions (with budgets and targets) under new codes."""
    version = programme.version
    _require_plan_edit(actor, version)
    with transaction.atomic():
        new_code = _free_code(version, programme.code)
        copy = programme_create(
            actor=actor,
            version=version,
            code=new_code,
            name=_("%(name)s (copy)") % {"name": programme.name},
            subdimension=programme.subdimension,
            agency=programme.agency,
            start_year=programme.start_year,
            end_year=programme.end_year,
            horizon=programme.horizon,
            description=programme.description,
        )
        for action in programme.actions.prefetch_related("budgets", "targets").order_by("position"):
            suffix = (
                action.code[len(programme.code) :]
                if action.code.startswith(programme.code)
                else f".{action.code}"
            )
            action_code = f"{new_code}{suffix}"
            if _code_taken(version, action_code):
                action_code = _free_code(version, action_code)
            action_create(
                actor=actor,
                programme=copy,
                code=action_code,
                name=action.name,
                agency=action.agency,
                start_year=action.start_year,
                end_year=action.end_year,
                indicator=action.indicator,
                unit=action.unit,
                baseline=action.baseline,
                budgets=[(b.year, b.source, b.amount) for b in action.budgets.all()],
                targets=[(t.year, t.value) for t in action.targets.all()],
            )
    return copy


# ---------------------------------------------------------------- actions


def _action_facts(
    code: str,
    programme: Programme,
    agency: Agency | None,
    start_year: int,
    end_year: int,
    budgets: Sequence[tuple[int, str, Decimal]],
    targets: Sequence[tuple[int, Decimal]],
    indicator: str = "",
) -> rules.ActionFacts:
    return rules.ActionFacts(
        code=code,
        programme=programme.code,
        agency=_agency_key(agency),
        start_year=start_year,
        end_year=end_year,
        budgets=[(int(y), s, Decimal(a)) for y, s, a in budgets],
        targets=[(int(y), Decimal(v)) for y, v in targets],
        indicator=indicator,
    )


def _programme_facts(programme: Programme) -> rules.ProgrammeFacts:
    return rules.ProgrammeFacts(
        code=programme.code,
        dimension="",
        agency=_agency_key(programme.agency),
        start_year=programme.start_year,
        end_year=programme.end_year,
    )


def _write_budgets_targets(
    action: ActionPlan, budgets: Sequence[tuple[int, str, Decimal]], targets: Sequence[tuple[int, Decimal]]
) -> None:
    ActionBudget.objects.filter(action=action).delete()
    ActionTarget.objects.filter(action=action).delete()
    ActionBudget.objects.bulk_create(
        [ActionBudget(action=action, year=y, source=s, amount=Decimal(a)) for y, s, a in budgets]
    )
    ActionTarget.objects.bulk_create(
        [ActionTarget(action=action, year=y, value=Decimal(v)) for y, v in targets]
    )


def _budget_rows(action: ActionPlan) -> list[list[str]]:
    return [[str(b.year), b.source, str(b.amount)] for b in action.budgets.order_by("year", "source")]


def _target_rows(action: ActionPlan) -> list[list[str]]:
    return [[str(t.year), str(t.value)] for t in action.targets.order_by("year")]


def action_create(
    *,
    actor: UserLike,
    programme: Programme,
    code: str,
    name: str,
    agency: Agency,
    start_year: int,
    end_year: int,
    indicator: str = "",
    unit: str = "",
    baseline: Decimal | None = None,
    budgets: Sequence[tuple[int, str, Decimal]] = (),
    targets: Sequence[tuple[int, Decimal]] = (),
) -> ActionPlan:
    version = programme.version
    _require_item_edit(actor, version, [agency.pk if agency else None])
    code = rules.normalise_code(code)
    facts = _action_facts(code, programme, agency, start_year, end_year, budgets, targets, indicator)
    ctx = rules_context(version)
    _raise_problems(
        rules.check_action(facts, ctx, _programme_facts(programme))
        + rules.check_agency_active(facts.agency, ctx, item=code)
    )
    if _code_taken(version, code):
        raise _duplicate_code_error(code)
    position = (ActionPlan.objects.filter(programme=programme).aggregate(m=Max("position"))["m"] or 0) + 1
    action = ActionPlan(
        version=version,
        programme=programme,
        code=code,
        name=name.strip(),
        agency=agency,
        start_year=start_year,
        end_year=end_year,
        indicator=indicator,
        unit=unit,
        baseline=baseline,
        position=position,
    )
    try:
        with transaction.atomic():
            lineages_register(plan=version.plan, items=[action])
            object_create(actor=actor, obj=action, fields=ACTION_FIELDS)
            _write_budgets_targets(action, budgets, targets)
    except IntegrityError as exc:
        raise _duplicate_code_error(code) from exc
    return action


def action_update(
    *,
    actor: UserLike,
    action: ActionPlan,
    data: dict[str, Any],
    expected_version: int | None,
    budgets: Sequence[tuple[int, str, Decimal]] | None = None,
    targets: Sequence[tuple[int, Decimal]] | None = None,
) -> ActionPlan:
    """Edit an action; ``budgets``/``targets`` given replace the existing ones."""
    version = action.version
    unknown = set(data) - set(ACTION_FIELDS) - {"programme"}
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    new_agency = data.get("agency", action.agency)
    _require_item_edit(actor, version, [action.agency_id, new_agency.pk if new_agency else None])
    if "code" in data:
        data = {**data, "code": rules.normalise_code(data["code"])}
    programme = data.get("programme", action.programme)
    if programme.version_id != version.pk:
        raise ValidationError({"programme": _("The programme is not part of this version.")})
    budget_rows = (
        list(budgets) if budgets is not None else [(b.year, b.source, b.amount) for b in action.budgets.all()]
    )
    target_rows = list(targets) if targets is not None else [(t.year, t.value) for t in action.targets.all()]
    facts = _action_facts(
        data.get("code", action.code),
        programme,
        new_agency,
        data.get("start_year", action.start_year),
        data.get("end_year", action.end_year),
        budget_rows,
        target_rows,
    )
    ctx = rules_context(version)
    problems = rules.check_action(facts, ctx, _programme_facts(programme))
    if new_agency is not None and new_agency.pk != action.agency_id:
        problems += rules.check_agency_active(facts.agency, ctx, item=facts.code)
    _raise_problems(problems)
    if "code" in data and _code_taken(version, data["code"], exclude=action):
        raise _duplicate_code_error(data["code"])
    with transaction.atomic():
        try:
            updated = object_update(actor=actor, obj=action, data=data, expected_version=expected_version)
        except IntegrityError as exc:
            raise _duplicate_code_error(data.get("code", action.code)) from exc
        # object_update checked expected_version under a row lock (or found nothing to change)
        version_after_fields = updated.row_version
        fields_bumped = version_after_fields != (expected_version if expected_version is not None else -1)
        if budgets is not None or targets is not None:
            before = {"budgets": _budget_rows(updated), "targets": _target_rows(updated)}
            _write_budgets_targets(updated, budget_rows, target_rows)
            after = {"budgets": _budget_rows(updated), "targets": _target_rows(updated)}
            changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
            if changes:
                if expected_version is not None and not fields_bumped:
                    _bump_version(updated, expected_version)
                audit_record(actor=actor, action=AuditAction.UPDATE, obj=updated, changes=changes)
    return updated


def _bump_version(action: ActionPlan, expected_version: int) -> None:
    """Only the figures changed: the row's version still has to move, so concurrent editors see it."""
    current = ActionPlan.objects.select_for_update().get(pk=action.pk)
    if current.row_version != expected_version:
        raise ConflictError(
            _(
                "Someone else changed this data after you opened it. Their values are shown; nothing was saved."
            ),
            current=snapshot(current, ACTION_FIELDS),
            row_version=current.row_version,
        )
    ActionPlan.objects.filter(pk=action.pk).update(row_version=expected_version + 1)
    action.row_version = expected_version + 1


def action_delete(*, actor: UserLike, action: ActionPlan) -> None:
    _require_item_edit(actor, action.version, [action.agency_id])
    object_delete(actor=actor, obj=action, fields=ACTION_FIELDS)


def action_reorder(*, actor: UserLike, programme: Programme, ordered_uids: Sequence[str]) -> None:
    version = programme.version
    _require_plan_edit(actor, version)
    _reorder(
        actor=actor,
        rows=ActionPlan.objects.filter(programme=programme),
        ordered_uids=ordered_uids,
        not_found=_("Some action plans are not part of this programme."),
        audit_obj=programme,
        change_key="action_order",
    )


# ---------------------------------------------------------------- quick wins


def quick_win_create(
    *,
    actor: UserLike,
    version: PlanVersion,
    code: str,
    name: str,
    dimension: Dimension,
    agency: Agency,
    target_year: int,
    acronym: str = "",
    expansion: str = "",
    description: str = "",
    programme: Programme | None = None,
) -> QuickWin:
    _require_item_edit(actor, version, [agency.pk if agency else None])
    code = rules.normalise_code(code)
    facts = rules.QuickWinFacts(
        code=code, dimension=dimension.code, agency=_agency_key(agency), target_year=target_year
    )
    ctx = rules_context(version)
    _raise_problems(
        rules.check_quick_win(facts, ctx) + rules.check_agency_active(facts.agency, ctx, item=code),
        {"year_outside_plan": "target_year", "years_missing": "target_year"},
    )
    if programme is not None and programme.version_id != version.pk:
        raise ValidationError({"programme": _("The programme is not part of this version.")})
    if QuickWin.objects.filter(version=version, code__iexact=code).exists():
        raise _duplicate_code_error(code)
    position = (QuickWin.objects.filter(version=version).aggregate(m=Max("position"))["m"] or 0) + 1
    quick_win = QuickWin(
        version=version,
        code=code,
        name=name.strip(),
        acronym=acronym.strip(),
        expansion=expansion.strip(),
        description=description,
        dimension=dimension,
        agency=agency,
        target_year=target_year,
        programme=programme,
        position=position,
    )
    try:
        with transaction.atomic():
            lineages_register(plan=version.plan, items=[quick_win])
            return object_create(actor=actor, obj=quick_win, fields=QUICK_WIN_FIELDS)
    except IntegrityError as exc:
        raise _duplicate_code_error(code) from exc


def quick_win_update(
    *, actor: UserLike, quick_win: QuickWin, data: dict[str, Any], expected_version: int | None
) -> QuickWin:
    version = quick_win.version
    unknown = set(data) - set(QUICK_WIN_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    new_agency = data.get("agency", quick_win.agency)
    _require_item_edit(actor, version, [quick_win.agency_id, new_agency.pk if new_agency else None])
    merged = {f: data.get(f, getattr(quick_win, f)) for f in QUICK_WIN_FIELDS}
    facts = rules.QuickWinFacts(
        code=rules.normalise_code(merged["code"]),
        dimension=merged["dimension"].code,
        agency=_agency_key(merged["agency"]),
        target_year=merged["target_year"],
    )
    ctx = rules_context(version)
    problems = rules.check_quick_win(facts, ctx)
    if merged["agency"] is not None and merged["agency"].pk != quick_win.agency_id:
        problems += rules.check_agency_active(facts.agency, ctx, item=facts.code)
    _raise_problems(
        problems,
        {"year_outside_plan": "target_year", "years_missing": "target_year"},
    )
    programme = merged["programme"]
    if programme is not None and programme.version_id != version.pk:
        raise ValidationError({"programme": _("The programme is not part of this version.")})
    if "code" in data:
        data = {**data, "code": facts.code}
        if (
            QuickWin.objects.filter(version=version, code__iexact=facts.code)
            .exclude(pk=quick_win.pk)
            .exists()
        ):
            raise _duplicate_code_error(facts.code)
    return object_update(actor=actor, obj=quick_win, data=data, expected_version=expected_version)


def quick_win_delete(*, actor: UserLike, quick_win: QuickWin) -> None:
    _require_item_edit(actor, quick_win.version, [quick_win.agency_id])
    object_delete(actor=actor, obj=quick_win, fields=QUICK_WIN_FIELDS)


# ---------------------------------------------------------------- version life cycle


def version_problems(version: PlanVersion) -> list[rules.Problem]:
    """Integrity and completeness problems of a version (the checklist before submission)."""
    from .selectors import plan_facts

    facts = plan_facts(version)
    return rules.check_plan(facts) + rules.check_completeness(facts)


def version_submit(
    *, actor: UserLike, version: PlanVersion, expected_version: int | None = None
) -> PlanVersion:
    """Submit a draft for ratification: it must pass the whole checklist; it is frozen after."""
    require(actor, "masterplan.submit", region_id=version.plan.region_id)
    with transaction.atomic():
        current = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
        if expected_version is not None and current.row_version != expected_version:
            raise ConflictError(
                _("Someone else changed this version after you opened it. Nothing was saved."),
                current={"status": current.status},
                row_version=current.row_version,
            )
        _require_draft(current)
        problems = version_problems(current)
        if problems:
            raise ValidationError({"__all__": problem_lines(problems)})
        current.status = VersionStatus.SUBMITTED
        current.submitted_at = timezone.now()
        current.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
        current.row_version += 1
        current.save()
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=current,
            changes={"status": [VersionStatus.DRAFT, VersionStatus.SUBMITTED]},
        )
    return current


def version_reopen(*, actor: UserLike, version: PlanVersion) -> PlanVersion:
    """Take a submitted (not yet ratified) version back to draft, e.g. to fix what reviewers found."""
    require(actor, "masterplan.submit", region_id=version.plan.region_id)
    with transaction.atomic():
        current = PlanVersion.objects.select_for_update().get(pk=version.pk)
        if current.status != VersionStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted version can go back to draft."))
        if PlanVersion.objects.filter(plan_id=current.plan_id, status=VersionStatus.DRAFT).exists():
            raise ValidationError(_("This plan already has a draft version."))
        current.status = VersionStatus.DRAFT
        current.row_version += 1
        current.save()
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=current,
            changes={"status": [VersionStatus.SUBMITTED, VersionStatus.DRAFT]},
        )
    return current


def version_ratify(
    *,
    actor: UserLike,
    version: PlanVersion,
    kind: str,
    number: str,
    date: dt.date,
    document: UploadedFile | None = None,
    signatory: str = "",
) -> PlanVersion:
    """Record the regulation that ratified a submitted version, and the name of the regent or
    mayor who signed it (``signatory``, optional); the previous ratified one is superseded."""
    require(actor, "masterplan.ratify", region_id=version.plan.region_id)
    from .choices import RatificationKind

    errors: dict[str, list[str]] = {}
    if kind not in RatificationKind.values:
        errors["kind"] = [_("Choose the kind of regulation.")]
    if not number.strip():
        errors["number"] = [_("The regulation number is required.")]
    if date > timezone.localdate():
        errors["date"] = [_("The regulation date cannot be in the future.")]
    signatory = " ".join(signatory.split())
    limit = PlanVersion._meta.get_field("ratification_signatory").max_length or 0
    if len(signatory) > limit:
        errors["signatory"] = [_("The name is too long (at most %(n)d characters).") % {"n": limit}]
    if errors:
        raise ValidationError(errors)
    pdf_check(document, field="document")
    with transaction.atomic():
        current = PlanVersion.objects.select_for_update().get(pk=version.pk)
        if current.status != VersionStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted version can be ratified."))
        previous = (
            PlanVersion.objects.select_for_update()
            .filter(plan_id=current.plan_id, status=VersionStatus.RATIFIED)
            .first()
        )
        if previous is not None:
            previous.status = VersionStatus.SUPERSEDED
            previous.save(update_fields=["status", "updated_at"])
            audit_record(
                actor=actor,
                action=AuditAction.TRANSITION,
                obj=previous,
                changes={"status": [VersionStatus.RATIFIED, VersionStatus.SUPERSEDED]},
            )
        current.status = VersionStatus.RATIFIED
        current.ratification_kind = kind
        current.ratification_number = number.strip()
        current.ratification_date = date
        current.ratification_signatory = signatory
        old_document = current.ratification_document.name
        if document is not None:
            current.ratification_document = document
        current.row_version += 1
        current.save()
        file_replaced(old_document, current.ratification_document)  # the old file goes once this commits
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=current,
            changes={
                "status": [VersionStatus.SUBMITTED, VersionStatus.RATIFIED],
                "ratification": [None, f"{kind} {current.ratification_number} {date.isoformat()}"],
                **({"ratification_signatory": [None, signatory]} if signatory else {}),
            },
        )
        # The programme stage follows the fact, dated by the regulation.
        participation_stage_established(actor=actor, region_id=version.plan.region_id, stage=Stage.RATIFIED)
    return current


def version_new_draft(*, actor: UserLike, plan: MasterPlan) -> PlanVersion:
    """Start a new draft as a copy of the newest version (items keep their lineage)."""
    require(actor, "masterplan.change", region_id=plan.region_id)
    with transaction.atomic():
        MasterPlan.objects.select_for_update().get(pk=plan.pk)
        if PlanVersion.objects.filter(plan=plan, status=VersionStatus.DRAFT).exists():
            raise ValidationError(_("This plan already has a draft version."))
        source = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
        number = (source.number if source else 0) + 1
        draft = PlanVersion.objects.create(
            plan=plan,
            number=number,
            based_on=source,
            vision=source.vision if source else "",
            vision_explanation=source.vision_explanation if source else "",
            rpjmd_vision=source.rpjmd_vision if source else "",
            rpjmd_alignment=source.rpjmd_alignment if source else "",
        )
        if source is not None:
            version_copy_content(source=source, target=draft)
        else:
            Readiness.objects.bulk_create(
                [Readiness(version=draft, element=e) for e in ReadinessElement.values]
            )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=draft,
            changes={"number": [None, number], "based_on": [None, source.number if source else None]},
        )
    return draft


def version_copy_content(*, source: PlanVersion, target: PlanVersion) -> None:
    """Copy the whole plan tree of ``source`` into the empty ``target`` (bulk, lineage kept)."""
    Mission.objects.bulk_create(
        [Mission(version=target, position=m.position, text=m.text) for m in source.missions.all()]
    )
    Readiness.objects.bulk_create(
        [
            Readiness(version=target, element=r.element, score=r.score, summary=r.summary)
            for r in source.readiness.all()
        ]
    )
    SwotItem.objects.bulk_create(
        [
            SwotItem(version=target, element=s.element, kind=s.kind, text=s.text, position=s.position)
            for s in source.swot_items.all()
        ]
    )
    RoadmapItem.objects.bulk_create(
        [
            RoadmapItem(version=target, year=r.year, dimension_id=r.dimension_id, milestone=r.milestone)
            for r in source.roadmap_items.all()
        ]
    )
    programme_map: dict[int, Programme] = {}
    old_programmes = list(source.programmes.all())
    new_programmes = [
        Programme(
            version=target,
            lineage=p.lineage,
            code=p.code,
            name=p.name,
            description=p.description,
            subdimension_id=p.subdimension_id,
            agency_id=p.agency_id,
            horizon=p.horizon,
            start_year=p.start_year,
            end_year=p.end_year,
            position=p.position,
        )
        for p in old_programmes
    ]
    Programme.objects.bulk_create(new_programmes)
    lineages_register(plan=target.plan, items=new_programmes)
    created = {p.code: p for p in Programme.objects.filter(version=target)}
    for old in old_programmes:
        programme_map[old.pk] = created[old.code]
    old_actions = list(ActionPlan.objects.filter(version=source).prefetch_related("budgets", "targets"))
    copied_actions = ActionPlan.objects.bulk_create(
        [
            ActionPlan(
                version=target,
                programme=programme_map[a.programme_id],
                lineage=a.lineage,
                code=a.code,
                name=a.name,
                agency_id=a.agency_id,
                start_year=a.start_year,
                end_year=a.end_year,
                indicator=a.indicator,
                unit=a.unit,
                baseline=a.baseline,
                position=a.position,
            )
            for a in old_actions
        ]
    )
    lineages_register(plan=target.plan, items=copied_actions)
    new_actions = {a.code: a for a in ActionPlan.objects.filter(version=target)}
    budgets: list[ActionBudget] = []
    targets: list[ActionTarget] = []
    for a in old_actions:
        new = new_actions[a.code]
        budgets += [
            ActionBudget(action=new, year=b.year, source=b.source, amount=b.amount) for b in a.budgets.all()
        ]
        targets += [ActionTarget(action=new, year=t.year, value=t.value) for t in a.targets.all()]
    ActionBudget.objects.bulk_create(budgets)
    ActionTarget.objects.bulk_create(targets)
    copied_quick_wins = QuickWin.objects.bulk_create(
        [
            QuickWin(
                version=target,
                lineage=q.lineage,
                code=q.code,
                name=q.name,
                acronym=q.acronym,
                expansion=q.expansion,
                description=q.description,
                dimension_id=q.dimension_id,
                agency_id=q.agency_id,
                target_year=q.target_year,
                programme=programme_map.get(q.programme_id) if q.programme_id else None,
                position=q.position,
            )
            for q in source.quick_wins.all()
        ]
    )
    lineages_register(plan=target.plan, items=copied_quick_wins)
