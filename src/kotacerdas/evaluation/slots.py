"""Writes of the presentation schedule (the Forum Evaluasi of a round's interview phase).

``slot_schedule_generate`` places every region of a round (``schedule.schedule_build``) and
replaces the round's slots; ``slot_update`` moves one presentation or changes its mode or place,
refusing a time at which one of its assessors, or its room, is already taken. Both are the
ministry's (``evaluation.manage``), before or during the interview phase while it is not locked,
and leave an audit event. Reads are in ``slot_selectors``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotacerdas.core.models import AuditAction
from kotacerdas.core.permissions import require
from kotacerdas.core.services import audit_record

from . import schedule
from .choices import Phase, SlotMode
from .models import Assessor, Assignment, Round, RoundRegion, Slot
from .phases import phase_require_ahead

MANAGE = "evaluation.manage"
PLACE_MAX = 300


@dataclass(frozen=True)
class GenerateResult:
    created: int
    removed: int
    days: int
    per_day: dict[str, int]


def default_place(room: int) -> str:
    """Room ``room``'s place when none is given, in the site's language (stored data)."""
    with translation.override(django_settings.LANGUAGE_CODE):
        return _("Room %(number)s") % {"number": room}


def _settings_messages(faults: dict[str, str]) -> dict[str, str]:
    words = {
        ("days", "none"): _("Give at least one day."),
        ("days", "too_many"): _("At most %(max)s days.") % {"max": schedule.MAX_DAYS},
        ("days", "repeated"): _("A day is given twice."),
        ("day_end", "order"): _("The day ends after it starts."),
        ("slot_minutes", "short"): _("A presentation lasts at least %(min)s minutes.")
        % {"min": schedule.MIN_SLOT_MINUTES},
        ("slot_minutes", "too_long"): _("A presentation does not fit between the day's start and end."),
        ("break_minutes", "negative"): _("The break cannot be negative."),
        ("rooms", "range"): _("Between 1 and %(max)s rooms.") % {"max": schedule.MAX_ROOMS},
    }
    return {name: words[(name, fault)] for name, fault in faults.items()}


def _not_fitting(exc: schedule.ScheduleError) -> str:
    message = ngettext(
        "The schedule does not fit: %(missing)s presentation finds no slot (%(capacity)s slots for "
        "%(regions)s regions, with no assessor in two places at once).",
        "The schedule does not fit: %(missing)s presentations find no slot (%(capacity)s slots for "
        "%(regions)s regions, with no assessor in two places at once).",
        exc.missing,
    ) % {"missing": exc.missing, "capacity": exc.capacity, "regions": exc.regions}
    hint = _("Add days, rooms or hours, or shorten the presentations or the breaks.")
    if exc.busiest and exc.busiest[1] > exc.periods:
        hint = _(
            "Assessor %(assessor)s has %(regions)s regions but the days hold only %(periods)s "
            "presentation times: add days or hours, or change the assignments."
        ) % {"assessor": exc.busiest[0], "regions": exc.busiest[1], "periods": exc.periods}
    return f"{message} {hint}"


def _lock_round(round_: Round) -> Round:
    return Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)


def _round_writable(round_: Round) -> None:
    if round_.historical:
        raise ValidationError(
            {"__all__": _("%(round)s is a historical round: it has no presentations.") % {"round": round_}}
        )
    phase_require_ahead(round_, Phase.INTERVIEW)


def round_assessors(round_: Round) -> dict[str, frozenset[str]]:
    """Each region of ``round_`` (code) → its assessors' codes (two queries)."""
    out: dict[str, set[str]] = {
        code: set()
        for code in RoundRegion.objects.filter(round=round_).values_list("region__code", flat=True)
    }
    for region, assessor in Assignment.objects.filter(entry__round=round_).values_list(
        "entry__region__code", "assessor__code"
    ):
        out.setdefault(region, set()).add(assessor)
    return {code: frozenset(codes) for code, codes in out.items()}


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def slot_schedule_generate(
    *,
    actor: Any,
    round_: Round,
    settings: schedule.Settings,
    mode: str = SlotMode.ONLINE,
    places: Sequence[str] = (),
) -> GenerateResult:
    """Place every region of ``round_`` and replace its slots (one audit event).

    ``places`` names room 1, 2, ... (a meeting link or a hall); rooms without one are "Room n".
    Raises ``ValidationError`` with a message per field (``days``, ``day_start``, ``day_end``,
    ``slot_minutes``, ``break_minutes``, ``rooms``, ``mode``, ``places``) or for the whole schedule
    when it does not fit, saying how many presentations find no slot; nothing is written then.
    """
    require(actor, MANAGE)
    errors = _settings_messages(schedule.settings_errors(settings))
    if mode not in SlotMode.values:
        errors["mode"] = _("The mode is online or in person.")
    cleaned = [" ".join(str(p).split()) for p in places]
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    if "rooms" not in errors and len(cleaned) > settings.rooms:
        errors["places"] = _("%(given)s places for %(rooms)s rooms: give at most one place per room.") % {
            "given": len(cleaned),
            "rooms": settings.rooms,
        }
    elif any(len(p) > PLACE_MAX for p in cleaned):
        errors["places"] = _("A place is at most %(max)s characters.") % {"max": PLACE_MAX}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock_round(round_)
        _round_writable(locked)
        people = round_assessors(locked)
        if not people:
            raise ValidationError({"__all__": _("%(round)s has no regions to schedule.") % {"round": locked}})
        try:
            placements = schedule.schedule_build(settings, people)
        except schedule.ScheduleError as exc:
            raise ValidationError({"__all__": _not_fitting(exc)}) from None
        entries = dict(RoundRegion.objects.filter(round=locked).values_list("region__code", "id"))
        removed, _detail = Slot.objects.filter(round=locked).delete()
        Slot.objects.bulk_create(
            [
                Slot(
                    round=locked,
                    entry_id=entries[p.region],
                    starts_at=_aware(p.day, p.starts),
                    ends_at=_aware(p.day, p.ends),
                    mode=mode,
                    place=cleaned[p.room - 1]
                    if p.room <= len(cleaned) and cleaned[p.room - 1]
                    else default_place(p.room),
                )
                for p in placements
            ]
        )
        per_day: dict[str, int] = {}
        for p in placements:
            per_day[p.day.isoformat()] = per_day.get(p.day.isoformat(), 0) + 1
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            changes={
                "slots": [removed, len(placements)],
                "days": [d.isoformat() for d in sorted(settings.days)],
                "day_start": settings.day_start.isoformat(timespec="minutes"),
                "day_end": settings.day_end.isoformat(timespec="minutes"),
                "slot_minutes": settings.slot_minutes,
                "break_minutes": settings.break_minutes,
                "rooms": settings.rooms,
                "mode": mode,
            },
            message=_("Presentation schedule of %(round)s made: %(count)s presentations")
            % {"round": locked.code, "count": len(placements)},
        )
    return GenerateResult(created=len(placements), removed=removed, days=len(per_day), per_day=per_day)


def slot_presentations(round_: Round, *, exclude: int | None = None) -> list[schedule.Presentation]:
    """Every slot of ``round_`` as a presentation with its assessors (two queries)."""
    people = round_assessors(round_)
    rows = Slot.objects.filter(round=round_).values_list(
        "id", "entry__region__code", "starts_at", "ends_at", "place"
    )
    return [
        schedule.Presentation(
            region=code, starts=starts, ends=ends, assessors=people.get(code, frozenset()), place=place
        )
        for pk, code, starts, ends, place in rows
        if pk != exclude
    ]


SLOT_FIELDS = ("starts_at", "ends_at", "mode", "place")


def slot_update(
    *,
    actor: Any,
    slot: Slot,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    mode: str,
    place: str,
) -> Slot:
    """Move one presentation, or change its mode or place (one audit event).

    Refused, with nothing written, when the times are out of order, or when one of the region's
    assessors or its place is taken at an overlapping time (the message names the assessor, or
    the place, and the other region).
    """
    require(actor, MANAGE)
    place = " ".join((place or "").split())
    errors: dict[str, str] = {}
    if starts_at >= ends_at:
        errors["ends_at"] = _("The presentation ends after it starts.")
    if mode not in SlotMode.values:
        errors["mode"] = _("The mode is online or in person.")
    if len(place) > PLACE_MAX:
        errors["place"] = _("A place is at most %(max)s characters.") % {"max": PLACE_MAX}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked_round = _lock_round(slot.round)
        _round_writable(locked_round)
        current = Slot.objects.select_related("entry__region").get(pk=slot.pk)
        region = current.entry.region
        people = round_assessors(locked_round)
        candidate = schedule.Presentation(
            region=region.code,
            starts=starts_at,
            ends=ends_at,
            assessors=people.get(region.code, frozenset()),
            place=place,
        )
        found = schedule.clashes(candidate, slot_presentations(locked_round, exclude=current.pk))
        if found:
            raise ValidationError({"starts_at": _clash_message(locked_round, found[0])})
        before = {f: getattr(current, f) for f in SLOT_FIELDS}
        current.starts_at, current.ends_at, current.mode, current.place = starts_at, ends_at, mode, place
        current.save(update_fields=list(SLOT_FIELDS))
        changes = {
            f: [_json(before[f]), _json(getattr(current, f))]
            for f in SLOT_FIELDS
            if before[f] != getattr(current, f)
        }
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=current,
            changes=changes,
            region_id=region.pk,
            message=_("Presentation of %(region)s in %(round)s changed")
            % {"region": region.name, "round": locked_round.code},
        )
    return current


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.datetime) else value


def _clash_message(round_: Round, clash: schedule.Clash) -> str:
    other_name = (
        RoundRegion.objects.filter(round=round_, region__code=clash.region)
        .values_list("region__name", flat=True)
        .first()
        or clash.region
    )
    if clash.assessor:
        assessor = Assessor.objects.select_related("user").filter(code=clash.assessor).first()
        name = assessor.user.display_name if assessor else clash.assessor
        return _(
            "Assessor %(name)s (%(code)s) is already at the presentation of %(region)s at that time: "
            "choose another time."
        ) % {"name": name, "code": clash.assessor, "region": other_name}
    return _("%(place)s is already taken by the presentation of %(region)s at that time.") % {
        "place": clash.place,
        "region": other_name,
    }
