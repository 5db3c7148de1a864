"""Import a whole master plan from a worksheet, and export one: all or nothing, matched by code.

``plan_import`` writes a ``ParsedPlan`` (from ``worksheets.workbook_parse`` or built from JSON)
into the region's draft version of the plan with the same first year, in one transaction:
items are matched by code (updated in place, so they keep their ``uid`` and ``lineage``),
new codes are created, and items no longer in the file are deleted. Nothing is written when
nothing changed; otherwise one ``import`` audit event records the counts. The same rules as
the editor apply (``worksheets.plan_check`` runs ``rules.check_plan``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.jobs import job_create
from kotacerdas.core.models import AuditAction, Job, StagedUpload
from kotacerdas.core.permissions import require
from kotacerdas.core.services import UserLike, audit_record
from kotacerdas.core.workbooks import WorkbookRefused, workbook_check_bounds
from kotacerdas.regions.models import Region

from .choices import ReadinessElement, VersionStatus
from .models import (
    ActionBudget,
    ActionPlan,
    ActionTarget,
    MasterPlan,
    Mission,
    PlanVersion,
    Programme,
    QuickWin,
    Readiness,
    RoadmapItem,
    SwotItem,
)
from .worksheets import (
    PLAN_VALUE_HEADER,
    SHEET_PLAN,
    ActionRow,
    BudgetRow,
    Catalogue,
    ParsedPlan,
    ProgrammeRow,
    QuickWinRow,
    ReadinessRow,
    RoadmapRow,
    RowError,
    SwotRow,
    TargetRow,
    WorkbookData,
    catalogue_for,
    plan_check,
    plan_from_dict,
    workbook_build,
    workbook_parse,
)

KINDS = ("programmes", "actions", "quick_wins")
HEADER_FIELDS = ("vision", "vision_explanation", "rpjmd_vision", "rpjmd_alignment")
PROGRAMME_COMPARE = [
    "code",
    "name",
    "description",
    "subdimension_id",
    "agency_id",
    "horizon",
    "start_year",
    "end_year",
    "position",
]
ACTION_COMPARE = [
    "code",
    "programme_id",
    "name",
    "agency_id",
    "start_year",
    "end_year",
    "indicator",
    "unit",
    "baseline",
    "position",
]
QUICK_WIN_COMPARE = [
    "code",
    "name",
    "acronym",
    "expansion",
    "description",
    "dimension_id",
    "agency_id",
    "target_year",
    "programme_id",
    "position",
]


class ImportRefused(ValidationError):
    """The import was refused; ``rows`` says where and why (nothing was written)."""

    def __init__(self, rows: Sequence[RowError]) -> None:
        self.rows = list(rows)
        super().__init__([str(row) for row in self.rows] or [_("The import was refused.")])


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deleted)


ADD, CHANGE, REMOVE = "add", "change", "remove"
HEADER_KEY = "header"


@dataclass
class Change:
    """One addition, change or removal the file makes (or would make) to the draft.

    ``key`` names the item for a confirmation (``<kind>:<lineage>``; ``header`` for the plan's
    header). ``conflict``: the item was changed in the application after the file was
    exported. Removals and conflicts are applied only when confirmed (``applied``).
    ``fields`` are ``[label, old, new]`` as text.
    """

    kind: str  # programmes | actions | quick_wins | header
    key: str
    action: str  # add | change | remove
    code: str
    name: str
    conflict: bool = False
    applied: bool = True
    fields: list[list[str]] = field(default_factory=list)
    row: int | None = None

    @property
    def needs_confirmation(self) -> bool:
        return self.conflict or self.action == REMOVE

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "action": self.action,
            "code": self.code,
            "name": self.name,
            "conflict": self.conflict,
            "needs_confirmation": self.needs_confirmation,
            "applied": self.applied,
            "fields": [{"field": f[0], "old": f[1], "new": f[2]} for f in self.fields],
            "row": self.row,
        }


@dataclass
class ImportResult:
    plan: MasterPlan
    version: PlanVersion
    plan_created: bool
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    header_changes: list[str] = field(default_factory=list)  # header parts that changed
    changes: list[Change] = field(default_factory=list)  # every difference, applied or not
    dry_run: bool = False

    @property
    def waiting(self) -> list[Change]:
        """What the file would change but needs a confirmation (removals, conflicts)."""
        return [c for c in self.changes if not c.applied]

    @property
    def changed(self) -> bool:
        return self.plan_created or bool(self.header_changes) or any(c.changed for c in self.counts.values())

    @property
    def total(self) -> Counts:
        return Counts(
            added=sum(c.added for c in self.counts.values()),
            updated=sum(c.updated for c in self.counts.values()),
            deleted=sum(c.deleted for c in self.counts.values()),
            unchanged=sum(c.unchanged for c in self.counts.values()),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": self.plan.region.code,
            "start_year": self.plan.start_year,
            "version": self.version.number,
            "plan_created": self.plan_created,
            "changed": self.changed,
            "header_changes": list(self.header_changes),
            "changes": [c.as_dict() for c in self.changes],
            "counts": {
                kind: {
                    "added": c.added,
                    "updated": c.updated,
                    "deleted": c.deleted,
                    "unchanged": c.unchanged,
                }
                for kind, c in self.counts.items()
            },
        }


# ---------------------------------------------------------------- helpers


def _positions(items: Sequence[tuple[Hashable, int | None]]) -> list[int]:
    """Positions for items in file order, within their group, keeping existing ones when the
    order allows (so re-importing an exported file moves nothing)."""
    last: dict[Hashable, int] = {}
    out = []
    for group, existing in items:
        previous = last.get(group, 0)
        position = existing if existing is not None and existing > previous else previous + 1
        last[group] = position
        out.append(position)
    return out


def _changed(obj: Any, values: dict[str, Any], fields: Sequence[str]) -> bool:
    """Apply ``values`` to ``obj``; True when any of ``fields`` changed."""
    changed = False
    for name in fields:
        if getattr(obj, name) != values[name]:
            setattr(obj, name, values[name])
            changed = True
    return changed


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


# ---------------------------------------------------------------- the one path of every entry point

UPLOAD_DIR = "imports"  # MEDIA_ROOT/imports/: uploads waiting for their background job


STAGED_KIND = "masterplan_worksheet"
STAGED_HOURS = 24  # a preview waits this long for its confirmation
STAGE, PREVIEW, APPLY = "stage", "preview", "apply"


@dataclass
class ImportStarted:
    """What an entry point gets back from ``worksheet_read``: the staged preview (page, API),
    the preview alone or the applied result (command line), or the job doing it."""

    staged: StagedUpload | None = None
    preview: ImportResult | None = None
    result: ImportResult | None = None
    job: Job | None = None


def background_rows() -> int:
    """Workbooks with more rows than this (all sheets) are read by a background job."""
    return int(getattr(settings, "WORKBOOK_BACKGROUND_ROWS", 5000))


def worksheet_read(
    *,
    actor: UserLike,
    region: Region,
    file: Any,
    filename: str = "",
    then: str = STAGE,
    overwrite: bool = False,
) -> ImportStarted:
    """Read a worksheet file: the one path of the page, the API and the command line.

    The file's bounds are checked before anything else reads it (``core.workbooks``): a
    refusal raises ``ImportRefused`` and writes nothing, not even a job. A workbook of more
    than ``WORKBOOK_BACKGROUND_ROWS`` rows is stored and read by a background job (the caller
    shows the job); a smaller one at once. Then (``then``): ``stage`` keeps the preview for
    its creator to confirm (``worksheet_apply``); ``preview`` only computes it (nothing
    written); ``apply`` imports what has no conflict, removals included, and the conflicts
    too with ``overwrite`` (the command line's ``--apply``). ``actor=None`` is the system.
    """
    if actor is not None:
        require(actor, "masterplan.change", region_id=region.pk)
    try:
        bounds = workbook_check_bounds(file)
    except WorkbookRefused as exc:
        raise ImportRefused(exc.rows) from None
    if bounds.total_rows > background_rows():
        return ImportStarted(
            job=_import_job(
                actor=actor, region=region, file=file, filename=filename, then=then, overwrite=overwrite
            )
        )
    return worksheet_read_now(
        actor=actor, region=region, file=file, filename=filename, then=then, overwrite=overwrite
    )


def worksheet_read_now(
    *, actor: UserLike, region: Region, file: Any, filename: str, then: str, overwrite: bool = False
) -> ImportStarted:
    """Read (bounds checked again) and preview, stage or apply a worksheet; the job runs it too."""
    parsed = workbook_parse(file, region=region)
    if isinstance(parsed, list):
        raise ImportRefused(parsed)
    preview = plan_import(actor=actor, region=region, parsed=parsed, dry_run=True)
    if then == PREVIEW:
        return ImportStarted(preview=preview)
    if then == APPLY:
        confirm = [c.key for c in preview.waiting if overwrite or not c.conflict]
        result = plan_import(actor=actor, region=region, parsed=parsed, confirm=confirm)
        return ImportStarted(preview=preview, result=result)
    staged = StagedUpload.objects.create(
        kind=STAGED_KIND,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        region=region,
        target={
            "start_year": parsed.start_year,
            "version": None if preview.plan_created else preview.version.number,
        },
        filename=filename[:200],
        content=parsed.as_dict(),
        preview={**preview.as_dict(), "message": preview_summary(preview)},
        expires_at=timezone.now() + dt.timedelta(hours=STAGED_HOURS),
    )
    return ImportStarted(staged=staged, preview=preview)


def staged_get_for_user(*, actor: UserLike, region: Region, token: Any) -> StagedUpload:
    """A staged worksheet of ``region``: only its creator may see or apply it (404 otherwise)."""
    staged = (
        StagedUpload.objects.filter(kind=STAGED_KIND, token=token, region=region).first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if staged is None or staged.created_by_id != getattr(actor, "pk", None):
        raise Http404("staged upload")
    return staged


def worksheet_apply(*, actor: UserLike, staged: StagedUpload, confirm: Collection[str]) -> ImportResult:
    """Apply a staged worksheet once: additions and changes, and the confirmed removals and
    conflicts (keys from its preview). The draft is compared again, so what changed in the
    meantime is a conflict too (applied only if confirmed)."""
    assert staged.region is not None
    with transaction.atomic():
        locked = StagedUpload.objects.select_for_update().get(pk=staged.pk)
        if locked.applied_at is not None:
            raise _staged_refusal(
                _("This import was already confirmed: upload the file again to import it again.")
            )
        if locked.expires_at < timezone.now():
            raise _staged_refusal(_("This preview has expired: upload the file again."))
        result = plan_import(
            actor=actor, region=staged.region, parsed=plan_from_dict(locked.content), confirm=confirm
        )
        locked.applied_at = timezone.now()
        locked.save(update_fields=["applied_at", "updated_at"])
    return result


def _staged_refusal(message: str) -> ImportRefused:
    return ImportRefused([RowError("", None, None, message)])


def _stored_upload(file: Any) -> str:
    """Save ``file`` (bytes, a path or an upload) under MEDIA_ROOT/imports/; its storage name."""
    name = f"{UPLOAD_DIR}/{uuid.uuid4().hex}.xlsx"
    if isinstance(file, bytes | bytearray):
        return default_storage.save(name, ContentFile(bytes(file)))
    if isinstance(file, str | Path):
        with open(file, "rb") as fh:
            return default_storage.save(name, File(fh))
    if hasattr(file, "seek"):
        file.seek(0)
    return default_storage.save(name, file if isinstance(file, File) else File(file))


def _import_job(
    *, actor: UserLike, region: Region, file: Any, filename: str, then: str, overwrite: bool
) -> Job:
    from . import tasks  # the task module imports this one

    return job_create(
        kind=tasks.JOB_KIND,
        actor=actor,
        region_id=region.pk,
        params={
            "region": region.code,
            "path": _stored_upload(file),
            "filename": filename[:200],
            "then": then,
            "overwrite": overwrite,
        },
        task=tasks.masterplan_import,
    )


# ---------------------------------------------------------------- import


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
            for kind, counts in result.counts.items():
                for what in ("added", "updated", "deleted"):
                    n = getattr(counts, what)
                    if n:
                        audit_changes[f"{kind}.{what}"] = [None, n]
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


def _label(model: Any, name: str) -> str:
    """A field's label (its verbose name), for the preview."""
    try:
        return str(model._meta.get_field(name.removesuffix("_id")).verbose_name)
    except Exception:  # a computed part (budgets, missions): its own label
        return name


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value)
    return str(value)


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


# ---------------------------------------------------------------- the keyed sync (one for every kind)


@dataclass(frozen=True)
class ItemKind:
    """A kind of plan item the worksheet carries one row per item of."""

    name: str  # the key in ``ImportResult.counts``
    model: type[Any]
    compare: tuple[str, ...]  # the fields the file sets


PROGRAMMES = ItemKind("programmes", Programme, tuple(PROGRAMME_COMPARE))
ACTIONS = ItemKind("actions", ActionPlan, tuple(ACTION_COMPARE))
QUICK_WINS = ItemKind("quick_wins", QuickWin, tuple(QUICK_WIN_COMPARE))


def _code_key(code: str) -> str:
    return code.strip().upper()


def match_rows(existing: Sequence[Any], rows: Sequence[Any]) -> list[Any | None]:
    """The existing item each row stands for, matched on lineage first and on code second.

    Three passes, each item claimed once: a row whose lineage and code both name the same
    item; then a row whose lineage names an item (its code was changed); then a row whose code
    names an item (a row typed without its ID). ``None``: a new item. A row copied with its ID
    to make a new item therefore stays new, and the original keeps its identity.
    """
    by_lineage = {str(o.lineage): o for o in existing}
    by_code = {_code_key(o.code): o for o in existing}

    def both(row: Any) -> Any | None:
        found = by_lineage.get(row.lineage)
        return found if found is not None and found is by_code.get(_code_key(row.code)) else None

    passes = (both, lambda row: by_lineage.get(row.lineage), lambda row: by_code.get(_code_key(row.code)))
    matched: list[Any | None] = [None] * len(rows)
    claimed: set[int] = set()
    for find in passes:
        for i, row in enumerate(rows):
            if matched[i] is None:
                found = find(row)
                if found is not None and found.pk not in claimed:
                    matched[i] = found
                    claimed.add(found.pk)
    return matched


@dataclass
class _Sync:
    """What the keyed sync of each kind shares: the draft, the catalogue, what is confirmed."""

    version: PlanVersion
    catalogue: Catalogue
    result: ImportResult
    now: Any
    confirmed: set[str]
    shown: dict[str, dict[Any, str]] = field(default_factory=dict)  # field -> {value: text}

    def show(self, name: str, value: Any) -> str:
        return self.shown.get(name, {}).get(value, _text(value))


def _key(kind: ItemKind, item: Any) -> str:
    return f"{kind.name}:{item.lineage}"


def _sync_items(
    kind: ItemKind,
    sync: _Sync,
    *,
    rows: Sequence[Any],
    values_of: Callable[[Any], dict[str, Any]],
    group_of: Callable[[Any], Hashable],
    other_diffs: Callable[[Any, Any], list[list[str]]] | None = None,
    goes_with: Callable[[Any], bool] | None = None,
) -> tuple[list[Any], set[int], set[int], list[Any]]:
    """Create and update (in place: pk, uid and lineage kept) the items of ``kind`` from ``rows``.

    Each difference is recorded in ``result.changes``. A conflict (the row's exported version
    is not the item's) is applied only when confirmed, as is a removal. Returns each row's
    item (in row order), the ids of the items created and of those updated, and the items to
    remove (confirmed; their codes freed: the caller deletes them once nothing points to them).
    ``other_diffs(row, item)`` lists what changed beside the compared fields (budgets);
    ``goes_with(item)``: the item is removed with its parent (a confirmed programme removal).
    """
    version, result = sync.version, sync.result
    existing = list(kind.model.objects.filter(version=version))
    matched = match_rows(existing, rows)
    positions = _positions(
        [
            (group_of(row), item.position if item is not None else None)
            for row, item in zip(rows, matched, strict=True)
        ]
    )
    counts = result.counts[kind.name]
    old_codes = {item.pk: item.code for item in existing}
    items: list[Any] = []
    to_create: list[Any] = []
    to_update: list[Any] = []
    for row, item, position in zip(rows, matched, positions, strict=True):
        values = {**values_of(row), "position": position}
        if item is None:
            item = kind.model(version=version, **values)
            to_create.append(item)
            counts.added += 1
            result.changes.append(
                Change(kind.name, f"{kind.name}:new:{row.code}", ADD, row.code, row.name, row=row.row)
            )
            items.append(item)
            continue
        items.append(item)
        diffs = [
            [_label(kind.model, name), sync.show(name, getattr(item, name)), sync.show(name, values[name])]
            for name in kind.compare
            if getattr(item, name) != values[name]
        ]
        diffs += other_diffs(row, item) if other_diffs else []
        if not diffs:
            counts.unchanged += 1
            continue
        key = _key(kind, item)
        conflict = row.row_version is not None and row.row_version != item.row_version
        apply = not conflict or key in sync.confirmed
        result.changes.append(
            Change(
                kind.name,
                key,
                CHANGE,
                item.code,
                item.name,
                conflict=conflict,
                applied=apply,
                fields=diffs,
                row=row.row,
            )
        )
        if not apply:
            counts.unchanged += 1
            continue
        _changed(item, values, kind.compare)
        item.row_version += 1
        item.updated_at = sync.now
        to_update.append(item)
        counts.updated += 1
    kept = {item.pk for item in matched if item is not None}
    leaving: list[Any] = []
    for item in existing:
        if item.pk in kept:
            continue
        key = _key(kind, item)
        apply = key in sync.confirmed or bool(goes_with and goes_with(item))
        result.changes.append(Change(kind.name, key, REMOVE, item.code, item.name, applied=apply))
        if apply:
            leaving.append(item)
    counts.deleted = len(leaving)
    _free_codes(kind, [item for item in to_update if item.code != old_codes[item.pk]], leaving)
    _refuse_taken_codes(kind, existing, kept, leaving, [*to_update, *to_create])
    if to_update:
        kind.model.objects.bulk_update(to_update, [*kind.compare, "row_version", "updated_at"])
    kind.model.objects.bulk_create(to_create)
    return items, {item.pk for item in to_create}, {item.pk for item in to_update}, leaving


def _refuse_taken_codes(
    kind: ItemKind, existing: Sequence[Any], kept: set[int], leaving: Sequence[Any], written: Sequence[Any]
) -> None:
    """A removal not confirmed keeps its item, and its code: refuse a file that reuses it."""
    going = {item.pk for item in leaving}
    staying = {
        _code_key(item.code): item for item in existing if item.pk not in kept and item.pk not in going
    }
    for item in written:
        other = staying.get(_code_key(item.code))
        if other is not None:
            raise ImportRefused(
                [
                    RowError(
                        "",
                        None,
                        None,
                        _(
                            "The code %(code)s is still used by an item the file removes: confirm that removal, or give the new row another code."
                        )
                        % {"code": item.code},
                    )
                ]
            )


def _free_codes(kind: ItemKind, renamed: Sequence[Any], leaving: Sequence[Any]) -> None:
    """Give the items whose code changes, and those leaving, a temporary code first: codes are
    unique in a version, and a file may swap two codes or give a removed item's code to a new one."""
    moving = [*renamed, *leaving]
    if not moving:
        return
    wanted = {item.pk: item.code for item in renamed}
    for item in moving:
        item.code = f"~{item.pk}"
    kind.model.objects.bulk_update(moving, ["code"])
    for item in renamed:
        item.code = wanted[item.pk]


def _sync_programmes(sync: _Sync, rows: Sequence[ProgrammeRow]) -> tuple[dict[str, int], list[Any]]:
    """Programmes: their ids by the file's upper-case code, and those to remove."""
    catalogue = sync.catalogue
    sync.shown["subdimension_id"] = {pk: code for code, pk in catalogue.subdimension_ids.items()}
    sync.shown["agency_id"] = _agency_codes(catalogue)
    items, _created, _updated, leaving = _sync_items(
        PROGRAMMES,
        sync,
        rows=rows,
        values_of=lambda p: {
            "code": p.code.strip(),
            "name": p.name,
            "description": p.description,
            "subdimension_id": catalogue.subdimension_ids[p.subdimension],
            "agency_id": catalogue.agency_id(p.agency),
            "horizon": p.horizon,
            "start_year": p.start_year,
            "end_year": p.end_year,
        },
        group_of=lambda p: p.dimension,
    )
    return {_code_key(row.code): item.pk for row, item in zip(rows, items, strict=True)}, leaving


def _agency_codes(catalogue: Catalogue) -> dict[Any, str]:
    from kotacerdas.organisation.models import Agency

    return dict(Agency.objects.filter(pk__in=set(catalogue.agency_ids.values())).values_list("pk", "code"))


def _figures(
    budgets: Collection[tuple[int, str, Decimal]], targets: Collection[tuple[int, Decimal]]
) -> list[str]:
    return [f"{y} {s} {amount}" for y, s, amount in sorted(budgets)] + [
        f"{y}: {_('target')} {v}" for y, v in sorted(targets)
    ]


def _sync_actions(
    sync: _Sync, parsed: ParsedPlan, programme_ids: dict[str, int], leaving_programmes: Sequence[Any]
) -> None:
    """Actions, and their budgets and targets (rewritten for the actions whose figures changed)."""
    version, catalogue = sync.version, sync.catalogue
    old_budgets: dict[int, set[tuple[int, str, Decimal]]] = defaultdict(set)
    for action_id, year, source, amount in ActionBudget.objects.filter(action__version=version).values_list(
        "action_id", "year", "source", "amount"
    ):
        old_budgets[action_id].add((year, source, amount))
    old_targets: dict[int, set[tuple[int, Decimal]]] = defaultdict(set)
    for action_id, year, value in ActionTarget.objects.filter(action__version=version).values_list(
        "action_id", "year", "value"
    ):
        old_targets[action_id].add((year, value))
    budgets: dict[str, set[tuple[int, str, Decimal]]] = defaultdict(set)
    for b in parsed.budgets:
        assert b.year is not None and b.amount is not None
        budgets[_code_key(b.action)].add((b.year, b.source, b.amount))
    targets: dict[str, set[tuple[int, Decimal]]] = defaultdict(set)
    for t in parsed.targets:
        assert t.year is not None and t.value is not None
        targets[_code_key(t.action)].add((t.year, t.value))
    refigure: set[int] = set()  # existing actions whose budgets and targets differ from the file

    def figure_diffs(row: ActionRow, item: ActionPlan) -> list[list[str]]:
        key = _code_key(row.code)
        old = _figures(old_budgets.get(item.pk, set()), old_targets.get(item.pk, set()))
        new = _figures(budgets.get(key, set()), targets.get(key, set()))
        if old == new:
            return []
        refigure.add(item.pk)
        return [[str(_("Budgets and targets")), "; ".join(old), "; ".join(new)]]

    programme_codes = dict(Programme.objects.filter(version=version).values_list("pk", "code"))
    programme_codes.update({pk: code for code, pk in programme_ids.items()})
    sync.shown["programme_id"] = programme_codes
    rows = parsed.actions
    going = {item.pk for item in leaving_programmes}
    items, created, updated, leaving = _sync_items(
        ACTIONS,
        sync,
        rows=rows,
        values_of=lambda a: {
            "code": a.code.strip(),
            "programme_id": programme_ids[_code_key(a.programme)],
            "name": a.name,
            "agency_id": catalogue.agency_id(a.agency),
            "start_year": a.start_year,
            "end_year": a.end_year,
            "indicator": a.indicator,
            "unit": a.unit,
            "baseline": a.baseline,
        },
        group_of=lambda a: _code_key(a.programme),
        other_diffs=figure_diffs,
        goes_with=lambda item: item.programme_id in going,
    )
    if leaving:
        ActionPlan.objects.filter(pk__in=[item.pk for item in leaving]).delete()
    rewrite = refigure & updated
    if rewrite:
        ActionBudget.objects.filter(action_id__in=rewrite).delete()
        ActionTarget.objects.filter(action_id__in=rewrite).delete()
    new_budgets: list[ActionBudget] = []
    new_targets: list[ActionTarget] = []
    for row, item in zip(rows, items, strict=True):
        if item.pk in rewrite or item.pk in created:
            key = _code_key(row.code)
            new_budgets += [
                ActionBudget(action_id=item.pk, year=y, source=s, amount=amount)
                for y, s, amount in sorted(budgets.get(key, set()))
            ]
            new_targets += [
                ActionTarget(action_id=item.pk, year=y, value=v) for y, v in sorted(targets.get(key, set()))
            ]
    ActionBudget.objects.bulk_create(new_budgets)
    ActionTarget.objects.bulk_create(new_targets)


def _sync_quick_wins(sync: _Sync, rows: Sequence[QuickWinRow], programme_ids: dict[str, int]) -> None:
    catalogue = sync.catalogue
    sync.shown["dimension_id"] = {pk: code for code, pk in catalogue.dimension_ids.items()}
    _items, _created, _updated, leaving = _sync_items(
        QUICK_WINS,
        sync,
        rows=rows,
        values_of=lambda q: {
            "code": q.code.strip(),
            "name": q.name,
            "acronym": q.acronym,
            "expansion": q.expansion,
            "description": q.description,
            "dimension_id": catalogue.dimension_ids[q.dimension],
            "agency_id": catalogue.agency_id(q.agency),
            "target_year": q.target_year,
            "programme_id": programme_ids.get(_code_key(q.programme)) if q.programme else None,
        },
        group_of=lambda q: q.dimension,
    )
    if leaving:
        QuickWin.objects.filter(pk__in=[item.pk for item in leaving]).delete()


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


def preview_summary(result: ImportResult) -> str:
    """One sentence saying what confirming a preview would do."""
    adds = sum(1 for c in result.changes if c.action == ADD)
    changes = sum(1 for c in result.changes if c.action == CHANGE)
    removals = sum(1 for c in result.changes if c.action == REMOVE)
    conflicts = sum(1 for c in result.changes if c.conflict)
    if not result.changes and not result.plan_created:
        return _("Nothing to import: the worksheet matches version %(number)s.") % {
            "number": result.version.number
        }
    return _(
        "The worksheet adds %(added)s, changes %(changed)s and removes %(removed)s items; %(conflicts)s of the changes conflict with edits made in the application after the file was exported."
    ) % {"added": adds, "changed": changes, "removed": removals, "conflicts": conflicts}


def import_summary(result: ImportResult) -> str:
    """One sentence saying what an import did."""
    if not result.changed:
        return _("Nothing changed: the worksheet matches version %(number)s.") % {
            "number": result.version.number
        }
    total = result.total
    return _(
        "Imported into version %(number)s: %(added)s added, %(updated)s updated, %(deleted)s deleted, %(unchanged)s unchanged."
    ) % {
        "number": result.version.number,
        "added": total.added,
        "updated": total.updated,
        "deleted": total.deleted,
        "unchanged": total.unchanged,
    }
