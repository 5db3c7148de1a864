"""Reads of the presentation schedule: its days, a day's or an assessor's presentations with
their assessors, the clashes left by later changes of assignments. A fixed number of queries
each, whatever the number of regions. The callers check ``evaluation.manage`` first."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from . import schedule
from .models import Assessor, Assignment, Round, Slot
from .slots import slot_presentations


@dataclass(frozen=True)
class AssessorRef:
    code: str
    name: str


@dataclass(frozen=True)
class ScheduleRow:
    slot: Slot
    assessors: list[AssessorRef]


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def schedule_days(round_: Round) -> list[tuple[dt.date, int]]:
    """The days of ``round_``'s schedule, with their numbers of presentations (one query)."""
    counts = Counter(
        timezone.localtime(starts).date()
        for starts in Slot.objects.filter(round=round_).values_list("starts_at", flat=True)
    )
    return sorted(counts.items())


def schedule_rows(slots: Sequence[Slot]) -> list[ScheduleRow]:
    """``slots`` with their assessors (one query)."""
    people: dict[int, list[AssessorRef]] = defaultdict(list)
    for assignment in (
        Assignment.objects.filter(entry_id__in=[s.entry_id for s in slots])
        .select_related("assessor__user")
        .order_by("assessor__code")
    ):
        people[assignment.entry_id].append(
            AssessorRef(code=assignment.assessor.code, name=assignment.assessor.user.display_name)
        )
    return [ScheduleRow(slot=s, assessors=people.get(s.entry_id, [])) for s in slots]


def schedule_slots(round_: Round, *, day: dt.date | None = None) -> QuerySet[Slot]:
    """``round_``'s presentations (of ``day``) in time order, then by place."""
    if day is None:
        return _slots(round_)
    start, end = _day_bounds(day)
    return _slots(round_, starts_at__gte=start, starts_at__lt=end)


def _slots(round_: Round, **filters: object) -> QuerySet[Slot]:
    return (
        Slot.objects.filter(round=round_, **filters)
        .select_related("round", "entry__region", "entry__group")
        .order_by("starts_at", "place", "entry__region__code")
        .distinct()
    )


def schedule_day(round_: Round, day: dt.date) -> list[ScheduleRow]:
    """``day``'s presentations in time order, then by place (two queries)."""
    return schedule_rows(list(schedule_slots(round_, day=day)))


def schedule_of_assessor(round_: Round, assessor: Assessor) -> list[ScheduleRow]:
    """``assessor``'s presentations in ``round_``, in time order (two queries)."""
    return schedule_rows(list(_slots(round_, entry__assignments__assessor=assessor)))


def schedule_clashes(round_: Round) -> list[tuple[str, schedule.Clash]]:
    """Presentations of ``round_`` that clash now (after assignments changed), two queries."""
    return schedule.double_booked(slot_presentations(round_))


def slot_get(*, round_: Round, region_code: str) -> Slot:
    """The presentation of region ``region_code`` in ``round_``: 404 when it has none."""
    found = (
        Slot.objects.select_related("round", "entry__region")
        .filter(round=round_, entry__region__code=region_code)
        .first()
    )
    if found is None:
        raise Http404("slot")
    return found


def round_assessor_get(*, round_: Round, code: str) -> Assessor:
    """An assessor assigned in ``round_`` by code: 404 otherwise."""
    found = (
        Assessor.objects.select_related("user")
        .filter(code=code, assignments__entry__round=round_)
        .distinct()
        .first()
    )
    if found is None:
        raise Http404("assessor")
    return found
