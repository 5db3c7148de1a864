"""``plan_import``: write a ``ParsedPlan`` into the region's draft (or preview it), all or nothing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.models import AuditAction
from kotacerdas.core.permissions import require
from kotacerdas.core.services import UserLike, audit_record
from kotacerdas.regions.models import Region

from ..choices import ReadinessElement, VersionStatus
from ..models import (
    MasterPlan,
    Mission,
    PlanVersion,
    Programme,
    Readiness,
    RoadmapItem,
    SwotItem,
)
from ..worksheets import (
    PLAN_VALUE_HEADER,
    SHEET_PLAN,
    Catalogue,
    ParsedPlan,
    ReadinessRow,
    RoadmapRow,
    RowError,
    SwotRow,
    catalogue_for,
    plan_check,
)
from .result import CHANGE, HEADER_FIELDS, HEADER_KEY, Change, ImportRefused, ImportResult
from .sync import _label, _Sync, _sync_actions, _sync_programmes, _sync_quick_wins, _text

# ---------------------------------------------------------------- helpers


def _refuse(message: str, plan: ParsedPlan, key: str = "start_year") -> ImportRefused:
    return ImportRefused([RowError(SHEET_PLAN, plan.header_rows.get(key), PLAN_VALUE_HEADER, message)])


def _draft_for(
    *, region: Region, parsed: ParsedPlan
) -> tuple[MasterPlan, PlanVersion, bool, dict[str, list[Any]]]:
    """The plan and its draft to import into (created when the region has no plan for the period)."""
    assert parsed.start_year is not None and parsed.end_year is not None  # checked by plan_check
    plan = MasterPlan.objects.select_for_update().filter(region=region, start_year=parsed.start_year).first()
    if plan is None:
        plan = MasterPlan.objects.create(
            region=region, title=parsed.title, start_year=parsed.start_year, end_year=parsed.end_year
        )
        version = PlanVersion.objects.create(plan=plan, number=1)
        if parsed.readiness is None:  # else the readiness rows are created with their values
            Readiness.objects.bulk_create(
                [Readiness(version=version, element=e) for e in ReadinessElement.values]
            )
        return plan, version, True, {}
    draft = PlanVersion.objects.filter(plan=plan, status=VersionStatus.DRAFT).first()
    if draft is None:
        newest = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
        raise _refuse(
            _(
                "Version %(number)s of this plan is %(status)s and there is no draft: start a new version first, then import again."
            )
            % {
                "number": newest.number if newest else "—",
                "status": newest.get_status_display().lower() if newest else "—",
            },
            parsed,
        )
    changes: dict[str, list[Any]] = {}
    if plan.title != parsed.title:
        changes["title"] = [plan.title, parsed.title]
        plan.title = parsed.title
    if plan.end_year != parsed.end_year:
        if PlanVersion.objects.filter(plan=plan).exclude(pk=draft.pk).exists():
            raise _refuse(
                _("The last year of a plan with earlier versions cannot change here (it is %(year)s).")
                % {"year": plan.end_year},
                parsed,
                "end_year",
            )
        changes["end_year"] = [plan.end_year, parsed.end_year]
        plan.end_year = parsed.end_year
    if changes:
        plan.row_version += 1
        plan.save()
    return plan, draft, False, changes


# ---------------------------------------------------------------- import


def _audit_counts(result: ImportResult) -> dict[str, Any]:
    """The import's counts for its audit event: ``{"actions.added": [None, 3], ...}``."""
    return {
        f"{kind}.{what}": [None, getattr(counts, what)]
        for kind, counts in result.counts.items()
        for what in ("added", "updated", "deleted")
        if getattr(counts, what)
    }


def plan_import(
    *,
    actor: UserLike,
    region: Region,
    parsed: ParsedPlan,
    confirm: Collection[str] = (),
    dry_run: bool = False,
) -> ImportResult:
    """Import a whole plan into the region's draft: all or nothing (``ImportRefused`` with rows).

    Additions and changes are applied; a removal, or a change to an item changed in the
    application after the file was exported (a conflict), only when its key is in ``confirm``.
    ``result.changes`` lists every difference, applied or not. ``dry_run`` computes the same
    and writes nothing (the preview). ``actor=None`` is the system (the command line); anyone
    else needs ``masterplan.change``. Nothing is written when nothing changes.
    """
    if actor is not None:
        require(actor, "masterplan.change", region_id=region.pk)
    catalogue = parsed.checked_with
    if catalogue is None or catalogue.region_code != region.code:
        catalogue = catalogue_for(region)
        errors = plan_check(parsed, catalogue)
        if errors:
            raise ImportRefused(errors)
    confirmed = set(confirm)
    with transaction.atomic():
        plan, version, created, plan_changes = _draft_for(region=region, parsed=parsed)
        result = ImportResult(plan=plan, version=version, plan_created=created, dry_run=dry_run)
        audit_changes: dict[str, Any] = dict(plan_changes)
        if created:
            audit_changes["plan"] = [None, f"{plan.title} ({plan.start_year}-{plan.end_year})"]
        result.header_changes += list(plan_changes)
        if plan_changes:
            result.changes.append(
                Change(
                    kind="header",
                    key="plan",
                    action=CHANGE,
                    code="",
                    name=plan.title,
                    fields=[
                        [_label(MasterPlan, k), _text(v[0]), _text(v[1])] for k, v in plan_changes.items()
                    ],
                )
            )
        header_conflict = (
            not created and parsed.header_version is not None and parsed.header_version != version.row_version
        )
        apply_header = not header_conflict or HEADER_KEY in confirmed
        header_fields = _sync_header(version, parsed, result, audit_changes, catalogue, apply=apply_header)
        if header_fields:
            result.changes.append(
                Change(
                    kind="header",
                    key=HEADER_KEY,
                    action=CHANGE,
                    code="",
                    name=_("Vision, missions, readiness, SWOT and road map"),
                    conflict=header_conflict,
                    applied=apply_header,
                    fields=header_fields,
                )
            )
        now = timezone.now()
        sync = _Sync(version=version, catalogue=catalogue, result=result, now=now, confirmed=confirmed)
        programme_ids, stale_programmes = _sync_programmes(sync, parsed.programmes)
        _sync_actions(sync, parsed, programme_ids, stale_programmes)
        _sync_quick_wins(sync, parsed.quick_wins, programme_ids)
        if stale_programmes:  # after their actions moved away or were deleted
            Programme.objects.filter(pk__in=[item.pk for item in stale_programmes]).delete()
        if result.changed and not dry_run:
            audit_changes.update(_audit_counts(result))
            version.row_version += 1
            version.save()
            audit_record(
                actor=actor,
                action=AuditAction.IMPORT,
                obj=version,
                changes=audit_changes,
                message=_("Imported from a worksheet"),
            )
        if dry_run:
            transaction.set_rollback(True)
    return result


def _sync_header(
    version: PlanVersion,
    parsed: ParsedPlan,
    result: ImportResult,
    audit_changes: dict[str, Any],
    catalogue: Catalogue,
    *,
    apply: bool,
) -> list[list[str]]:
    """The header's differences as ``[label, old, new]``; written when ``apply``."""
    fields: list[list[str]] = []

    def changed(name: str, label: str, old: Any, new: Any) -> bool:
        fields.append([label, _text(old), _text(new)])
        if apply:
            audit_changes[name] = [old, new]
            result.header_changes.append(name)
        return apply

    for name in HEADER_FIELDS:
        new = getattr(parsed, name)
        if getattr(version, name) != new and changed(
            name, _label(PlanVersion, name), getattr(version, name), new
        ):
            setattr(version, name, new)
    missions = list(version.missions.order_by("position", "id").values_list("text", flat=True))
    if missions != parsed.missions and changed("missions", str(_("Missions")), missions, parsed.missions):
        version.missions.all().delete()
        Mission.objects.bulk_create(
            [Mission(version=version, position=i, text=t) for i, t in enumerate(parsed.missions, start=1)]
        )
    if parsed.readiness is not None:
        _sync_readiness(version, parsed.readiness, changed)
    if parsed.swot is not None:
        before = list(
            version.swot_items.order_by("element", "kind", "position", "id").values_list(
                "element", "kind", "text"
            )
        )
        after = _swot_rows(parsed.swot)
        wanted = [(e, k, t) for e, k, t, _p in sorted(after, key=lambda r: (r[0], r[1], r[3]))]
        if before != wanted and changed(
            "swot", "SWOT", [f"{e}/{k}: {t}" for e, k, t in before], [f"{e}/{k}: {t}" for e, k, t in wanted]
        ):
            version.swot_items.all().delete()
            SwotItem.objects.bulk_create(
                [SwotItem(version=version, element=e, kind=k, text=t, position=p) for e, k, t, p in after]
            )
            audit_changes["swot"] = [len(before), len(after)]
    if parsed.roadmap is not None:
        before_rm = list(
            version.roadmap_items.order_by("year", "dimension__position", "id").values_list(
                "year", "dimension__code", "milestone"
            )
        )
        after_rm = [
            (r.year or 0, r.dimension, r.milestone) for r in _roadmap_sorted(parsed.roadmap, catalogue)
        ]
        if before_rm != after_rm and changed(
            "roadmap",
            str(_("Road map")),
            [f"{y} {d}: {m}" for y, d, m in before_rm],
            [f"{y} {d}: {m}" for y, d, m in after_rm],
        ):
            version.roadmap_items.all().delete()
            RoadmapItem.objects.bulk_create(
                [
                    RoadmapItem(version=version, year=y, dimension_id=catalogue.dimension_ids[d], milestone=m)
                    for y, d, m in after_rm
                ]
            )
            audit_changes["roadmap"] = [len(before_rm), len(after_rm)]
    return fields


def _swot_rows(rows: Sequence[SwotRow]) -> list[tuple[str, str, str, int]]:
    counters: dict[tuple[str, str], int] = defaultdict(int)
    out = []
    for s in rows:
        counters[(s.element, s.kind)] += 1
        out.append((s.element, s.kind, s.text, counters[(s.element, s.kind)]))
    return out


def _roadmap_sorted(rows: Sequence[RoadmapRow], catalogue: Catalogue) -> list[RoadmapRow]:
    order = {code: i for i, code in enumerate(catalogue.dimension_codes)}
    return sorted(rows, key=lambda r: (r.year or 0, order.get(r.dimension, 99)))


def _sync_readiness(
    version: PlanVersion, rows: Sequence[ReadinessRow], changed: Callable[[str, str, Any, Any], bool]
) -> None:
    wanted = {r.element: (r.score, r.summary) for r in rows}
    existing = {r.element: r for r in version.readiness.all()}
    updated: list[Readiness] = []
    new: list[Readiness] = []
    for element in ReadinessElement.values:
        score, summary = wanted.get(element, (None, ""))
        row = existing.get(element)
        if row is None:
            new.append(Readiness(version=version, element=element, score=score, summary=summary))
            continue
        if (row.score != score or row.summary != summary) and changed(
            f"readiness.{element}",
            f"{_('Readiness')}: {ReadinessElement(element).label}",
            [row.score, row.summary],
            [score, summary],
        ):
            row.score, row.summary = score, summary
            updated.append(row)
    if new:
        Readiness.objects.bulk_create(new)
    if updated:
        Readiness.objects.bulk_update(updated, ["score", "summary"])
