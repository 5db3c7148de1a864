"""The keyed sync: one routine for programmes, action plans and quick wins, matched on lineage, then code."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ..models import (
    ActionBudget,
    ActionPlan,
    ActionTarget,
    PlanVersion,
    Programme,
    QuickWin,
)
from ..rules import normalise_code
from ..services import lineages_register
from ..worksheets import (
    ActionRow,
    Catalogue,
    ParsedPlan,
    ProgrammeRow,
    QuickWinRow,
    RowError,
)
from .result import (
    ACTION_COMPARE,
    ADD,
    CHANGE,
    PROGRAMME_COMPARE,
    QUICK_WIN_COMPARE,
    REMOVE,
    Change,
    ImportRefused,
    ImportResult,
)

# ---------------------------------------------------------------- the keyed sync (one for every kind)


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
    return normalise_code(code)


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
    skipped: list[Any] = []  # conflicts not confirmed: they keep their values, their code too
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
            skipped.append(item)
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
    going = {item.pk for item in leaving}
    staying = [item for item in existing if item.pk not in kept and item.pk not in going] + skipped
    blocking = _taken_codes(staying, [*to_update, *to_create])
    if blocking and not result.dry_run:
        raise _code_taken(blocking[0].code)
    _free_codes(kind, [], blocking)  # a preview lists them (rolled back); an import has refused
    if to_update:
        kind.model.objects.bulk_update(to_update, [*kind.compare, "row_version", "updated_at"])
    kind.model.objects.bulk_create(to_create)
    lineages_register(plan=version.plan, items=to_create)
    return items, {item.pk for item in to_create}, {item.pk for item in to_update}, leaving


def _taken_codes(staying: Sequence[Any], written: Sequence[Any]) -> list[Any]:
    """Items that keep their code (a removal or a conflict not confirmed) while a row of the
    file gives that code to another item."""
    codes = {_code_key(item.code): item for item in staying}
    return [codes[_code_key(item.code)] for item in written if _code_key(item.code) in codes]


def _code_taken(code: str) -> ImportRefused:
    return ImportRefused(
        [
            RowError(
                "",
                None,
                None,
                _(
                    "The code %(code)s is still used by an item the file removes or changes: confirm that removal or change, or give the row another code."
                )
                % {"code": code},
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
