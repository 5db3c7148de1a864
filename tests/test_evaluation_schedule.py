"""The pure presentation schedule (``evaluation/schedule.py``): no database."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kotacerdas.evaluation import schedule as sched

DAY = dt.date(2024, 9, 2)


def _settings(days=4, start=(8, 0), end=(17, 0), slot=60, pause=15, rooms=9):
    return sched.Settings(
        days=tuple(DAY + dt.timedelta(days=i) for i in range(days)),
        day_start=dt.time(*start),
        day_end=dt.time(*end),
        slot_minutes=slot,
        break_minutes=pause,
        rooms=rooms,
    )


def _assert_valid(result, assessors, settings_):
    assert sorted(p.region for p in result) == sorted(assessors)
    taken = Counter((p.day, p.period, p.room) for p in result)
    assert max(taken.values(), default=1) == 1
    assert all(1 <= p.room <= settings_.rooms for p in result)
    by_period: dict = {}
    for p in result:
        for code in assessors[p.region]:
            key = (p.day, p.period, code)
            assert key not in by_period, f"{code} twice at {p.day} {p.starts}"
            by_period[key] = p.region
    starts = sched.period_starts(settings_)
    for p in result:
        assert p.starts == starts[p.period]
        assert p.day in settings_.days


def test_periods_of_a_day():
    s = _settings(start=(8, 0), end=(10, 0), slot=45, pause=15)
    assert sched.period_starts(s) == [dt.time(8, 0), dt.time(9, 0)]
    assert sched.capacity(s) == 2 * 4 * 9
    assert sched.period_starts(_settings(start=(8, 0), end=(8, 30), slot=30, pause=0)) == [dt.time(8, 0)]


def test_the_forum_of_241_regions_in_four_days():
    """The real size: 241 regions, three assessors each out of 70, nine rooms, four days."""
    assessors = {
        f"{11 + i % 34}.{i // 34 + 1:02d}": {f"A{(i * 7 + k * 23) % 70:02d}" for k in range(3)}
        for i in range(241)
    }
    s = _settings()
    result = sched.schedule_build(s, assessors)
    _assert_valid(result, assessors, s)
    per_day = Counter(p.day for p in result)
    assert max(per_day.values()) - min(per_day.values()) <= 1
    assert result == sched.schedule_build(s, dict(reversed(list(assessors.items()))))


def test_too_few_slots_says_how_many_are_missing():
    assessors = {f"52.{i:02d}": set() for i in range(1, 12)}
    s = _settings(days=1, start=(8, 0), end=(10, 0), slot=60, pause=0, rooms=5)
    with pytest.raises(sched.ScheduleError) as caught:
        sched.schedule_build(s, assessors)
    assert caught.value.missing == 1
    assert caught.value.capacity == 10
    assert caught.value.unplaced == ("52.11",)


def test_one_assessor_with_more_regions_than_periods():
    assessors = {f"52.{i:02d}": {"A1"} for i in range(1, 5)}
    s = _settings(days=1, start=(8, 0), end=(11, 0), slot=60, pause=0, rooms=9)
    with pytest.raises(sched.ScheduleError) as caught:
        sched.schedule_build(s, assessors)
    assert caught.value.missing == 1
    assert caught.value.busiest == ("A1", 4)


def test_a_second_attempt_places_what_the_first_leaves_out():
    """Three one-hour days, two rooms: placing by shared assessors and balancing the days leaves a
    region out; the regions of the busiest assessors first place them all."""
    assessors = {
        "52.00": {"A4"},
        "52.01": {"A0", "A2"},
        "52.02": {"A1", "A2"},
        "52.03": {"A1"},
        "52.04": {"A0"},
        "52.05": {"A3", "A4"},
    }
    s = _settings(days=3, start=(8, 0), end=(9, 0), slot=60, pause=0, rooms=2)
    result = sched.schedule_build(s, assessors)
    _assert_valid(result, assessors, s)


@pytest.mark.parametrize(
    ("kwargs", "field", "fault"),
    [
        ({"days": 0}, "days", "none"),
        ({"start": (10, 0), "end": (9, 0)}, "day_end", "order"),
        ({"slot": 2}, "slot_minutes", "short"),
        ({"pause": -1}, "break_minutes", "negative"),
        ({"rooms": 0}, "rooms", "range"),
        ({"start": (8, 0), "end": (9, 0), "slot": 90}, "slot_minutes", "too_long"),
    ],
)
def test_settings_errors(kwargs, field, fault):
    s = _settings(**kwargs)
    assert sched.settings_errors(s) == {field: fault}
    with pytest.raises(ValueError):
        sched.schedule_build(s, {"52.01": set()})


def test_clashes_name_the_shared_assessor_and_place():
    at = dt.datetime(2024, 9, 2, 8, 0, tzinfo=dt.UTC)
    hour = dt.timedelta(hours=1)
    one = sched.Presentation("52.01", at, at + hour, frozenset({"A1", "A2"}), "Room 1")
    other = sched.Presentation("52.02", at + hour / 2, at + 2 * hour, frozenset({"A2"}), "room 1")
    after = sched.Presentation("52.03", at + hour, at + 2 * hour, frozenset({"A1"}), "Room 1")
    assert sched.clashes(one, [other, after]) == [
        sched.Clash(region="52.02", assessor="A2", place=""),
        sched.Clash(region="52.02", assessor="", place="Room 1"),
    ]
    assert sched.double_booked([one, other, after]) == [
        ("52.01", sched.Clash(region="52.02", assessor="A2", place="")),
        ("52.01", sched.Clash(region="52.02", assessor="", place="Room 1")),
        ("52.02", sched.Clash(region="52.03", assessor="", place="room 1")),
    ]
    assert sched.double_booked([one, after]) == []


# ---------------------------------------------------------------- properties

REGION_CODES = [f"{11 + i // 20}.{i % 20 + 1:02d}" for i in range(80)]

worlds = st.fixed_dictionaries(
    {
        "days": st.integers(1, 4),
        "periods": st.integers(1, 6),
        "rooms": st.integers(1, 5),
        "slot": st.sampled_from([30, 45, 60]),
        "pause": st.sampled_from([0, 10, 15]),
        "regions": st.dictionaries(
            st.sampled_from(REGION_CODES),
            st.frozensets(st.sampled_from([f"A{i}" for i in range(12)]), max_size=3),
            max_size=40,
        ),
    }
)


def _world_settings(w):
    start = dt.time(8, 0)
    minutes = 8 * 60 + w["periods"] * (w["slot"] + w["pause"]) - w["pause"]
    return sched.Settings(
        days=tuple(DAY + dt.timedelta(days=i) for i in range(w["days"])),
        day_start=start,
        day_end=dt.time(minutes // 60, minutes % 60),
        slot_minutes=w["slot"],
        break_minutes=w["pause"],
        rooms=w["rooms"],
    )


@settings(max_examples=150, deadline=None)
@given(worlds)
def test_never_double_booked_and_every_region_placed_when_it_fits(w):
    s = _world_settings(w)
    assert len(sched.period_starts(s)) == w["periods"]
    regions = w["regions"]
    try:
        result = sched.schedule_build(s, regions)
    except sched.ScheduleError as exc:
        assert not sched.fits_surely(s, regions)
        assert exc.missing == len(exc.unplaced) >= 1
        assert exc.regions == len(regions)
        return
    _assert_valid(result, regions, s)
    placements = [
        sched.Presentation(
            p.region,
            dt.datetime.combine(p.day, p.starts),
            dt.datetime.combine(p.day, p.ends),
            frozenset(regions[p.region]),
            f"Room {p.room}",
        )
        for p in result
    ]
    assert sched.double_booked(placements) == []


@settings(max_examples=100, deadline=None)
@given(worlds, st.randoms(use_true_random=False))
def test_deterministic_whatever_the_order_of_the_regions(w, rnd):
    s = _world_settings(w)
    items = list(w["regions"].items())
    shuffled = items[:]
    rnd.shuffle(shuffled)
    try:
        first = sched.schedule_build(s, dict(items))
    except sched.ScheduleError as exc:
        with pytest.raises(sched.ScheduleError) as again:
            sched.schedule_build(s, dict(shuffled))
        assert again.value == exc
        return
    assert sched.schedule_build(s, dict(shuffled)) == first


@settings(max_examples=100, deadline=None)
@given(worlds)
def test_days_are_balanced_when_nobody_shares(w):
    """Without shared assessors, the days' loads are within one of each other."""
    regions = {code: frozenset() for code in w["regions"]}
    s = _world_settings(w)
    try:
        result = sched.schedule_build(s, regions)
    except sched.ScheduleError:
        assert len(regions) > sched.capacity(s)
        return
    loads = Counter(p.day for p in result)
    counts = [loads.get(d, 0) for d in s.days]
    assert max(counts) - min(counts) <= 1
