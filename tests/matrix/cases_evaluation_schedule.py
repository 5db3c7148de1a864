"""The presentation schedule: pages and API are the ministry's (``evaluation.manage``); every
other signed-in role gets 403, an anonymous visitor the login page (pages) or 401 (API).

The world's round 2024-2 (document review) has regions A (52.04) and B (51.08); the assessor
``asesor`` (ASR-001) assesses A; the schedule is made on 2 September 2024.
"""

from __future__ import annotations

import datetime as dt
import json

from .cases import LOGIN, Case, expect

MINISTRY_GET = expect(403, ministry_admin=200, anonymous=LOGIN)
MINISTRY_POST = expect(403, ministry_admin=302, anonymous=LOGIN)
API_GET = expect(403, ministry_admin=200, anonymous=401)
API = "/api/v1/evaluation"
JSON = "application/json"
ROUND = "2024-2"
DAY = "2024-09-02"
SETTINGS = {
    "day_start": "08:00",
    "day_end": "12:00",
    "slot_minutes": 60,
    "break_minutes": 0,
    "rooms": 2,
    "mode": "online",
}


def _round(world):
    from kotacerdas.evaluation.models import Assignment, RoundRegion

    from ..evaluation_assessors_data import assessor_make, province, round_make
    from ..evaluation_data import method_make

    method_make()
    mine = assessor_make(world.users["ministry_admin"], "asesor", home_province=province("11"))
    round_ = round_make([world.region_a, world.region_b], code=ROUND)
    Assignment.objects.create(
        entry=RoundRegion.objects.get(round=round_, region=world.region_a), assessor=mine
    )
    return round_


def _scheduled(world):
    from kotacerdas.evaluation import schedule, slots

    round_ = _round(world)
    slots.slot_schedule_generate(
        actor=world.users["ministry_admin"],
        round_=round_,
        settings=schedule.Settings(
            days=(dt.date(2024, 9, 2),),
            day_start=dt.time(8, 0),
            day_end=dt.time(12, 0),
            slot_minutes=60,
            break_minutes=0,
            rooms=2,
        ),
    )


BASE = f"/evaluasi/{ROUND}/jadwal"

CASES = [
    Case("evaluation:schedule", lambda w: f"{BASE}/", MINISTRY_GET, setup=_scheduled),
    Case("evaluation:schedule_generate", lambda w: f"{BASE}/buat/", MINISTRY_GET, setup=_round),
    Case(
        "evaluation:schedule_generate",
        lambda w: f"{BASE}/buat/",
        MINISTRY_POST,
        method="post",
        data=lambda w: {"first_day": DAY, "days": 1, **SETTINGS},
        setup=_round,
        id="POST make the schedule",
    ),
    Case("evaluation:schedule_slot_edit", lambda w: f"{BASE}/52.04/", MINISTRY_GET, setup=_scheduled),
    Case(
        "evaluation:schedule_slot_edit",
        lambda w: f"{BASE}/52.04/",
        MINISTRY_POST,
        method="post",
        data=lambda w: {
            "day": "2024-09-03",
            "starts": "13:00",
            "ends": "14:00",
            "mode": "in_person",
            "place": "Aula",
        },
        setup=_scheduled,
        id="POST move a presentation",
    ),
    Case("evaluation:schedule_print_day", lambda w: f"{BASE}/cetak/{DAY}/", MINISTRY_GET, setup=_scheduled),
    Case(
        "evaluation:schedule_print_assessor",
        lambda w: f"{BASE}/asesor/ASR-001/",
        MINISTRY_GET,
        setup=_scheduled,
    ),
    # the assessor's own presentations: 404 for the ministry's admin (not an assessor)
    Case(
        "evaluation:schedule_mine",
        lambda w: f"/evaluasi/penilaian-saya/{ROUND}/jadwal/",
        expect(403, ministry_admin=404, assessor=200, anonymous=LOGIN),
        setup=_scheduled,
    ),
    Case("api:evaluation-schedule", lambda w: f"{API}/rounds/{ROUND}/schedule/", API_GET, setup=_scheduled),
    Case(
        "api:evaluation-schedule",
        lambda w: f"{API}/rounds/{ROUND}/schedule/",
        API_GET,
        method="post",
        data=lambda w: json.dumps({"days": [DAY], **SETTINGS}),
        content_type=JSON,
        setup=_round,
        id="API POST make the schedule",
    ),
    Case(
        "api:evaluation-schedule-slot",
        lambda w: f"{API}/rounds/{ROUND}/schedule/52.04/",
        API_GET,
        setup=_scheduled,
    ),
    Case(
        "api:evaluation-schedule-slot",
        lambda w: f"{API}/rounds/{ROUND}/schedule/52.04/",
        API_GET,
        method="patch",
        data=lambda w: json.dumps({"place": "Aula", "mode": "in_person"}),
        content_type=JSON,
        setup=_scheduled,
        id="API PATCH a presentation",
    ),
]
