"""Setting up a live round (the ministry's, ``evaluation.manage``): its scope of regions, each
region's group, and its phases (dates, moving on, locks).

- ``round_setup_create``: ``rounds.round_create`` plus the round's regions, chosen by cohort,
  kawasan, province or a list of regions (a ``Scope``), and its phase table, in one transaction.
- ``round_regions_add`` / ``round_region_remove`` / ``round_region_set_group``: while the round is
  in preparation. A region's group defaults to the method's "kawasan" group for a region enrolled
  through a kawasan, else its "regular" group (else the method's first group).
- ``round_phase_dates``, ``round_phase_advance`` (one phase on, in order, never to "published":
  that is ``rounds.round_publish``), ``round_phase_lock`` (lock or unlock a phase, with a note).

Every write checks its input first (nothing written on a refusal) and leaves an audit event in
its transaction; the round's row is locked where two admins may meet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core.models import AuditAction
from kotacerdas.core.permissions import require
from kotacerdas.core.services import audit_record
from kotacerdas.programme.models import Cohort, Kawasan, Participation
from kotacerdas.regions.models import Region

from .choices import Phase
from .models import Assignment, DimensionInput, MethodGroup, MethodVersion, Round, RoundPhase, RoundRegion
from .phases import ORDER, phase_label, phase_require_open
from .rounds import round_create

MANAGE = "evaluation.manage"
NOTE_MAX = 300
REGULAR_GROUP = "regular"
KAWASAN_GROUP = "kawasan"


@dataclass(frozen=True)
class Scope:
    """Which regions a round evaluates: every enrolled region of a cohort, of a kawasan, of a
    province, and/or the ``regions`` listed (any kabupaten/kota)."""

    cohort: Cohort | None = None
    kawasan: Kawasan | None = None
    province: Region | None = None
    regions: Sequence[Region] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not (self.cohort or self.kawasan or self.province or self.regions)


def scope_regions(scope: Scope) -> list[Region]:
    """The kabupaten/kota of ``scope`` (its parts together), by code (two queries at most)."""
    enrolled = Participation.objects.none()
    if scope.cohort or scope.kawasan or scope.province:
        enrolled = Participation.objects.all()
        if scope.cohort:
            enrolled = enrolled.filter(cohort=scope.cohort)
        if scope.kawasan:
            enrolled = enrolled.filter(kawasan=scope.kawasan)
        if scope.province:
            enrolled = enrolled.filter(region__province=scope.province)
    ids = set(enrolled.values_list("region_id", flat=True)) | {r.pk for r in scope.regions}
    return list(Region.objects.kabupaten_kota().filter(pk__in=ids).order_by("code"))


def default_groups(method: MethodVersion, regions: Iterable[Region]) -> dict[int, MethodGroup]:
    """Each region's default group in ``method``: "kawasan" for a region enrolled through a kawasan,
    else "regular" (a method without them: its first group). Two queries."""
    groups = list(MethodGroup.objects.filter(method=method).order_by("position", "code"))
    if not groups:
        return {}
    by_code = {g.code: g for g in groups}
    regular = by_code.get(REGULAR_GROUP, groups[0])
    kawasan = by_code.get(KAWASAN_GROUP, regular)
    ids = [r.pk for r in regions]
    in_kawasan = set(
        Participation.objects.filter(region_id__in=ids, kawasan__isnull=False).values_list(
            "region_id", flat=True
        )
    )
    return {pk: kawasan if pk in in_kawasan else regular for pk in ids}


def _scope_label(scope: Scope) -> dict[str, Any]:
    return {
        "cohort": scope.cohort.year if scope.cohort else None,
        "kawasan": scope.kawasan.code if scope.kawasan else None,
        "province": scope.province.code if scope.province else None,
        "regions": sorted(r.code for r in scope.regions),
    }


def _lock(round_: Round) -> Round:
    return Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)


def _ensure_phases(round_: Round) -> dict[str, RoundPhase]:
    """The round's phase rows, the missing ones added (dates empty, unlocked)."""
    rows = {p.phase: p for p in RoundPhase.objects.filter(round=round_)}
    missing = [RoundPhase(round=round_, phase=phase) for phase in ORDER if phase not in rows]
    if missing:
        RoundPhase.objects.bulk_create(missing)
        rows = {p.phase: p for p in RoundPhase.objects.filter(round=round_)}
    return rows


def _add(round_: Round, regions: Sequence[Region]) -> list[RoundRegion]:
    groups = default_groups(round_.method, regions)
    present = set(RoundRegion.objects.filter(round=round_).values_list("region_id", flat=True))
    new = [RoundRegion(round=round_, region=r, group=groups[r.pk]) for r in regions if r.pk not in present]
    return RoundRegion.objects.bulk_create(new)


def round_setup_create(
    *,
    actor: Any,
    code: str,
    year: int,
    stage: str,
    method: MethodVersion,
    scope: Scope,
    name: str = "",
    previous: Round | None = None,
) -> Round:
    """Create a live round in preparation with the regions of ``scope`` and its phase table.

    Refused (``ValidationError`` per field, nothing written) for what ``round_create`` refuses,
    an empty scope (``scope``), a scope without any region, or a method without groups.
    """
    require(actor, MANAGE)
    errors: dict[str, list[str]] = {}
    regions: list[Region] = []
    if scope.empty:
        errors["scope"] = [
            _("Choose the round's regions: a cohort, a kawasan, a province or a list of regions.")
        ]
    else:
        regions = scope_regions(scope)
        if not regions:
            errors["scope"] = [_("No enrolled kabupaten/kota matches this choice: choose another.")]
    if not MethodGroup.objects.filter(method=method).exists():
        errors["method"] = [_("The method %(method)s has no groups of regions.") % {"method": method.label}]
    try:
        with transaction.atomic():
            if errors:
                # round_create's own checks too, so that every message shows at once
                round_create(
                    actor=actor,
                    code=code,
                    year=year,
                    stage=stage,
                    method=method,
                    name=name,
                    previous=previous,
                )
                raise ValidationError(errors)
            round_ = round_create(
                actor=actor, code=code, year=year, stage=stage, method=method, name=name, previous=previous
            )
            added = _add(round_, regions)
            _ensure_phases(round_)
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=round_,
                changes={"scope": _scope_label(scope), "regions": [0, len(added)]},
                message=_("%(count)s regions added to the round %(round)s")
                % {"count": len(added), "round": round_.code},
            )
    except ValidationError as exc:
        merged = dict(errors)
        if hasattr(exc, "error_dict"):
            for key, messages in exc.message_dict.items():
                merged.setdefault(key, [])
                merged[key] += [m for m in messages if m not in merged[key]]
        raise ValidationError(merged) from None
    return round_


def _preparing(round_: Round, field: str = "__all__") -> None:
    phase_require_open(round_, Phase.DRAFT, field=field)


@dataclass(frozen=True)
class AddResult:
    added: list[str]
    already: list[str]


def round_regions_add(*, actor: Any, round_: Round, scope: Scope) -> AddResult:
    """Add the regions of ``scope`` to ``round_`` (in preparation), each in its default group;
    regions already in it stay as they are."""
    require(actor, MANAGE)
    if scope.empty:
        raise ValidationError(
            {"scope": _("Choose the regions to add: a cohort, a kawasan, a province or a list of regions.")}
        )
    regions = scope_regions(scope)
    if not regions:
        raise ValidationError({"scope": _("No enrolled kabupaten/kota matches this choice: choose another.")})
    with transaction.atomic():
        locked = _lock(round_)
        _preparing(locked)
        added = _add(locked, regions)
        codes = sorted(e.region.code for e in added)
        already = sorted({r.code for r in regions} - set(codes))
        if added:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=locked,
                changes={"scope": _scope_label(scope), "added": codes},
                message=_("%(count)s regions added to the round %(round)s")
                % {"count": len(codes), "round": locked.code},
            )
    return AddResult(added=codes, already=already)


def round_region_remove(*, actor: Any, entry: RoundRegion) -> None:
    """Take a region out of a round in preparation; refused once it has assessors or scores."""
    require(actor, MANAGE)
    with transaction.atomic():
        locked = _lock(entry.round)
        _preparing(locked)
        if (
            Assignment.objects.filter(entry=entry).exists()
            or DimensionInput.objects.filter(entry=entry).exists()
        ):
            raise ValidationError(
                {
                    "__all__": _("%(region)s has assessors or scores in %(round)s: remove them first.")
                    % {"region": entry.region.name, "round": locked.code}
                }
            )
        region = entry.region
        RoundRegion.objects.filter(pk=entry.pk).delete()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            changes={"removed": region.code},
            region_id=region.pk,
            message=_("%(region)s taken out of the round %(round)s")
            % {"region": region.name, "round": locked.code},
        )


def round_region_set_group(*, actor: Any, entry: RoundRegion, group: str) -> RoundRegion:
    """Put a region of a round in preparation in another group of the round's method."""
    require(actor, MANAGE)
    with transaction.atomic():
        locked = _lock(entry.round)
        _preparing(locked, "group")
        chosen = MethodGroup.objects.filter(method_id=locked.method_id, code=group).first()
        if chosen is None:
            raise ValidationError(
                {
                    "group": _("The method of %(round)s has no group %(group)s.")
                    % {"round": locked.code, "group": group}
                }
            )
        current = RoundRegion.objects.select_related("group", "region").get(pk=entry.pk)
        if current.group_id == chosen.pk:
            return current
        before = current.group.code
        current.group = chosen
        current.save(update_fields=["group"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            changes={"region": current.region.code, "group": [before, chosen.code]},
            region_id=current.region_id,
            message=_("%(region)s in the group %(group)s of the round %(round)s")
            % {"region": current.region.name, "group": chosen.name, "round": locked.code},
        )
    return current


# ---------------------------------------------------------------- phases


def round_phases(round_: Round) -> list[RoundPhase]:
    """The round's phases in order, unsaved rows for the ones without dates yet (one query)."""
    rows = {p.phase: p for p in RoundPhase.objects.filter(round=round_)}
    return [rows.get(phase) or RoundPhase(round=round_, phase=phase) for phase in ORDER]


def round_phase_dates(
    *, actor: Any, round_: Round, dates: Mapping[str, tuple[dt.date | None, dt.date | None]]
) -> list[RoundPhase]:
    """Set the opening and closing dates of the phases in ``dates`` (phase → (opens, closes)).

    Refused when a phase closes before it opens, or opens before the phase before it opens
    (``<phase>`` keys); nothing is written then. One audit event for the changed dates.
    """
    require(actor, MANAGE)
    errors: dict[str, str] = {}
    for phase in dates:
        if phase not in ORDER:
            errors[phase] = _("Unknown phase %(phase)s.") % {"phase": phase}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(round_)
        if locked.phase == Phase.PUBLISHED:
            raise ValidationError(
                {"__all__": _("%(round)s is published: its phases no longer change.") % {"round": locked}}
            )
        rows = _ensure_phases(locked)
        merged = {p: dates.get(p, (rows[p].opens_on, rows[p].closes_on)) for p in ORDER}
        errors = _date_errors(merged)
        if errors:
            raise ValidationError(errors)
        changes: dict[str, Any] = {}
        for phase, (opens, closes) in dates.items():
            row = rows[phase]
            if (row.opens_on, row.closes_on) != (opens, closes):
                changes[phase] = [
                    [_iso(row.opens_on), _iso(row.closes_on)],
                    [_iso(opens), _iso(closes)],
                ]
                row.opens_on, row.closes_on = opens, closes
                row.save(update_fields=["opens_on", "closes_on"])
        if changes:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=locked,
                changes={"phase_dates": changes},
                message=_("Phase dates of %(round)s changed") % {"round": locked.code},
            )
    return round_phases(locked)


def _date_errors(dates: Mapping[str, tuple[dt.date | None, dt.date | None]]) -> dict[str, str]:
    errors: dict[str, str] = {}
    last_open: tuple[str, dt.date] | None = None
    for phase in ORDER:
        opens, closes = dates[phase]
        if opens and closes and closes < opens:
            errors[phase] = _("%(phase)s closes before it opens.") % {"phase": phase_label(phase)}
        elif opens and last_open and opens < last_open[1]:
            errors[phase] = _("%(phase)s opens before %(before)s.") % {
                "phase": phase_label(phase),
                "before": phase_label(last_open[0]),
            }
        if opens:
            last_open = (phase, opens)
    return errors


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def round_phase_advance(*, actor: Any, round_: Round, current: str) -> Round:
    """Move ``round_`` from ``current`` (the phase the admin saw: a confirmation) to the next.

    Refused for a historical round, a stale ``current`` (another admin moved it), a round without
    regions leaving preparation, and the step to "published" (``round_publish`` does that, after
    the index is computed). Nothing is written then.
    """
    require(actor, MANAGE)
    with transaction.atomic():
        locked = _lock(round_)
        if locked.historical:
            raise ValidationError(
                {
                    "__all__": _("%(round)s is a historical round: it is published from its letters.")
                    % {"round": locked}
                }
            )
        if locked.phase != current:
            raise ValidationError(
                {
                    "__all__": _(
                        "%(round)s is now in its %(phase)s phase (someone moved it): look at it again before moving it."
                    )
                    % {"round": locked, "phase": phase_label(locked.phase)}
                }
            )
        position = ORDER.index(locked.phase)
        following = ORDER[position + 1] if position + 1 < len(ORDER) else None
        if following is None or following == Phase.PUBLISHED:
            raise ValidationError(
                {
                    "__all__": _(
                        "%(round)s is published from its page, after its index is computed: not from here."
                    )
                    % {"round": locked}
                }
            )
        if locked.phase == Phase.DRAFT and not RoundRegion.objects.filter(round=locked).exists():
            raise ValidationError(
                {"__all__": _("%(round)s has no regions: add them before moving on.") % {"round": locked}}
            )
        before = locked.phase
        locked.phase = following
        locked.row_version += 1
        locked.save(update_fields=["phase", "row_version", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=locked,
            changes={"phase": [before, following]},
            message=_("%(round)s moved to its %(phase)s phase")
            % {"round": locked.code, "phase": phase_label(following)},
        )
    round_.phase, round_.row_version = locked.phase, locked.row_version
    return locked


def round_phase_lock(*, actor: Any, round_: Round, phase: str, locked: bool, note: str) -> RoundPhase:
    """Lock ``phase`` of ``round_`` (its writes are refused, with the note) or unlock it.

    The note says why (required, at most 300 characters); a published round's phases no longer
    change. One audit event.
    """
    require(actor, MANAGE)
    note = " ".join((note or "").split())
    errors: dict[str, str] = {}
    if phase not in ORDER or phase == Phase.PUBLISHED:
        errors["phase"] = _("Choose a phase before publication.")
    if not note:
        errors["note"] = _("Say why, in a note the regions and assessors will read.")
    elif len(note) > NOTE_MAX:
        errors["note"] = _("The note is at most %(max)s characters.") % {"max": NOTE_MAX}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        round_locked = _lock(round_)
        if round_locked.phase == Phase.PUBLISHED:
            raise ValidationError(
                {
                    "__all__": _("%(round)s is published: its phases no longer change.")
                    % {"round": round_locked}
                }
            )
        row = _ensure_phases(round_locked)[phase]
        if row.locked == locked:
            raise ValidationError(
                {
                    "__all__": (
                        _("The %(phase)s phase is already locked.")
                        if locked
                        else _("The %(phase)s phase is not locked.")
                    )
                    % {"phase": phase_label(phase)}
                }
            )
        before = (row.locked, row.note)
        row.locked, row.note = locked, note
        row.save(update_fields=["locked", "note"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=round_locked,
            changes={"phase": phase, "locked": [before[0], locked], "note": [before[1], note]},
            message=(
                _("%(phase)s phase of %(round)s locked: %(note)s")
                if locked
                else _("%(phase)s phase of %(round)s unlocked: %(note)s")
            )
            % {"phase": phase_label(phase), "round": round_locked.code, "note": note},
        )
    return row
