"""The presentation schedule of a round's interview phase (the Forum Evaluasi): pure, no Django.

Given the days, the daily start and end, the length of a presentation, the break between two
presentations in a room and the number of parallel rooms, and for each region its assessors,
``schedule_build`` places every region in a period of a day and a room so that no assessor and
no region is in two places at once. All rooms of a day share one grid of periods, so two
presentations clash exactly when they are in the same period of the same day and share an
assessor.

The placing is greedy and deterministic: the regions that share assessors with the most other
regions go first (then by code), each into the allowed period of the least busy day (then the
earliest day, the earliest period, the first free room); when some region finds no period, it
tries again with the regions of the busiest assessors first, then filling the earliest periods
first, and keeps the attempt that places the most. Whenever
``periods - most_shared >= ceil(regions / rooms)`` (``most_shared``: the largest number of other
regions one region shares an assessor with), every region is placed; otherwise it may still be,
and when it is not, ``ScheduleError`` says how many presentations found no slot.

``clashes`` checks presentations at any times (a slot edited by hand): it names the assessor,
or the room, that two overlapping presentations share.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

MAX_DAYS = 31
MAX_ROOMS = 100
MIN_SLOT_MINUTES = 5


@dataclass(frozen=True)
class Settings:
    """How the forum runs: its days, each day's opening hours, a presentation's length, the
    break after it in the same room, and the rooms used at the same time."""

    days: tuple[dt.date, ...]
    day_start: dt.time
    day_end: dt.time
    slot_minutes: int
    break_minutes: int
    rooms: int


@dataclass(frozen=True)
class Placement:
    region: str
    day: dt.date
    starts: dt.time
    ends: dt.time
    room: int  # 1, 2, ... (the place of room n is the n-th place given)
    period: int  # 0, 1, ... within the day


@dataclass
class ScheduleError(Exception):
    """The schedule does not fit: ``missing`` presentations found no slot."""

    missing: int
    capacity: int
    regions: int
    unplaced: tuple[str, ...] = field(default_factory=tuple)
    busiest: tuple[str, int] | None = None  # the assessor with the most regions, and how many
    periods: int = 0

    def __str__(self) -> str:
        return (
            f"{self.missing} presentations without a slot (capacity {self.capacity}, regions {self.regions})"
        )


@dataclass(frozen=True)
class Presentation:
    """A presentation at given times, for ``clashes``."""

    region: str
    starts: dt.datetime
    ends: dt.datetime
    assessors: frozenset[str]
    place: str = ""


@dataclass(frozen=True)
class Clash:
    region: str  # the other presentation's region
    assessor: str  # the shared assessor ("" when the clash is the place)
    place: str  # the shared place ("" when the clash is an assessor)


def settings_errors(settings: Settings) -> dict[str, str]:
    """What is wrong with ``settings``, by field (English keys for the caller to word)."""
    errors: dict[str, str] = {}
    if not settings.days:
        errors["days"] = "none"
    elif len(settings.days) > MAX_DAYS:
        errors["days"] = "too_many"
    elif len(set(settings.days)) != len(settings.days):
        errors["days"] = "repeated"
    if settings.day_start >= settings.day_end:
        errors["day_end"] = "order"
    if settings.slot_minutes < MIN_SLOT_MINUTES:
        errors["slot_minutes"] = "short"
    if settings.break_minutes < 0:
        errors["break_minutes"] = "negative"
    if not 1 <= settings.rooms <= MAX_ROOMS:
        errors["rooms"] = "range"
    if not errors and not period_starts(settings):
        errors["slot_minutes"] = "too_long"
    return errors


def period_starts(settings: Settings) -> list[dt.time]:
    """The start of each period of a day: every ``slot + break`` minutes from the day's start,
    while a presentation still ends by the day's end."""
    start = settings.day_start.hour * 60 + settings.day_start.minute
    end = settings.day_end.hour * 60 + settings.day_end.minute
    step = settings.slot_minutes + max(settings.break_minutes, 0)
    if settings.slot_minutes <= 0 or step <= 0:
        return []
    out = []
    minute = start
    while minute + settings.slot_minutes <= end:
        out.append(dt.time(minute // 60, minute % 60))
        minute += step
    return out


def capacity(settings: Settings) -> int:
    return len(period_starts(settings)) * len(settings.days) * settings.rooms


def _plus(time: dt.time, minutes: int) -> dt.time:
    total = time.hour * 60 + time.minute + minutes
    return dt.time(total // 60, total % 60)


def schedule_build(settings: Settings, assessors: Mapping[str, Iterable[str]]) -> list[Placement]:
    """Place every region of ``assessors`` (region code → its assessors' codes).

    Returns the placements in time order (day, period, room). Raises ``ScheduleError`` when some
    region finds no period; ``ValueError`` when ``settings_errors`` finds a fault.
    """
    if settings_errors(settings):
        raise ValueError(settings_errors(settings))
    starts = period_starts(settings)
    days = sorted(settings.days)
    periods = [(d, p) for d in range(len(days)) for p in range(len(starts))]
    people = {region: frozenset(a) for region, a in assessors.items()}
    by_assessor: dict[str, set[str]] = {}
    for region, codes in people.items():
        for code in codes:
            by_assessor.setdefault(code, set()).add(region)
    shared = {
        region: len(set().union(*(by_assessor[c] for c in codes)) - {region}) if codes else 0
        for region, codes in people.items()
    }
    load = {region: max((len(by_assessor[c]) for c in codes), default=0) for region, codes in people.items()}
    attempts = [
        (sorted(people, key=lambda r: (-shared[r], r)), True),
        (sorted(people, key=lambda r: (-load[r], -shared[r], r)), True),
        (sorted(people, key=lambda r: (-load[r], -shared[r], r)), False),
    ]
    placed: dict[str, tuple[int, int, int]] = {}
    unplaced: list[str] = list(people)
    for order, balance in attempts:
        tried, missed = _place(order, people, periods, settings.rooms, len(days), balance=balance)
        if len(missed) < len(unplaced):
            placed, unplaced = tried, missed
        if not unplaced:
            break
    if unplaced:
        busiest = max(((c, len(r)) for c, r in by_assessor.items()), key=lambda x: (x[1], x[0]), default=None)
        raise ScheduleError(
            missing=len(unplaced),
            capacity=len(periods) * settings.rooms,
            regions=len(people),
            unplaced=tuple(sorted(unplaced)),
            busiest=(busiest[0], busiest[1]) if busiest else None,
            periods=len(periods),
        )
    out = [
        Placement(
            region=region,
            day=days[d],
            starts=starts[p],
            ends=_plus(starts[p], settings.slot_minutes),
            room=room,
            period=p,
        )
        for region, (d, p, room) in placed.items()
    ]
    return sorted(out, key=lambda x: (x.day, x.period, x.room))


def _place(
    order: Sequence[str],
    people: Mapping[str, frozenset[str]],
    periods: Sequence[tuple[int, int]],
    rooms: int,
    days: int,
    *,
    balance: bool,
) -> tuple[dict[str, tuple[int, int, int]], list[str]]:
    """Place the regions in ``order``, each in the allowed period of the least busy day (then the
    earliest) when ``balance``, else in the earliest allowed period. Returns (region → (day,
    period, room)) and the regions left without a period."""
    used: dict[tuple[int, int], int] = {}  # period → rooms taken
    busy: dict[tuple[int, int], set[str]] = {}  # period → assessors taken
    day_load = [0] * days
    placed: dict[str, tuple[int, int, int]] = {}
    unplaced: list[str] = []
    for region in order:
        codes = people[region]
        best: tuple[int, int, int] | None = None
        for d, p in periods:
            if used.get((d, p), 0) >= rooms or codes & busy.get((d, p), set()):
                continue
            key = (day_load[d] if balance else 0, d, p)
            if best is None or key < best:
                best = key
        if best is None:
            unplaced.append(region)
            continue
        _load, d, p = best
        room = used.get((d, p), 0) + 1
        used[(d, p)] = room
        busy.setdefault((d, p), set()).update(codes)
        day_load[d] += 1
        placed[region] = (d, p, room)
    return placed, unplaced


def fits_surely(settings: Settings, assessors: Mapping[str, Iterable[str]]) -> bool:
    """Is every region sure to be placed (the bound in the module's docstring)?"""
    people = {region: frozenset(a) for region, a in assessors.items()}
    periods = len(period_starts(settings)) * len(settings.days)
    most_shared = max(
        (sum(1 for other, b in people.items() if other != region and a & b) for region, a in people.items()),
        default=0,
    )
    return periods - most_shared >= math.ceil(len(people) / settings.rooms)


def _overlap(a: Presentation, b: Presentation) -> bool:
    return a.starts < b.ends and b.starts < a.ends


def clashes(candidate: Presentation, others: Sequence[Presentation]) -> list[Clash]:
    """The presentations among ``others`` that overlap ``candidate`` in time and share an assessor
    or its (non-blank) place, one ``Clash`` per shared assessor or place, in a stable order."""
    out: list[Clash] = []
    for other in sorted(others, key=lambda o: (o.starts, o.region)):
        if other.region == candidate.region or not _overlap(candidate, other):
            continue
        for code in sorted(candidate.assessors & other.assessors):
            out.append(Clash(region=other.region, assessor=code, place=""))
        place = candidate.place.strip()
        if place and place.casefold() == other.place.strip().casefold():
            out.append(Clash(region=other.region, assessor="", place=place))
    return out


def double_booked(presentations: Sequence[Presentation]) -> list[tuple[str, Clash]]:
    """Every clash among ``presentations``: (region, clash with a later-listed region)."""
    ordered = sorted(presentations, key=lambda o: (o.starts, o.region))
    out: list[tuple[str, Clash]] = []
    for i, one in enumerate(ordered):
        later = [o for o in ordered[i + 1 :] if o.starts < one.ends]
        out.extend((one.region, c) for c in clashes(one, later))
    return out
