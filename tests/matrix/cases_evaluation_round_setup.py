"""Round set-up: the pages and API are the ministry's (``evaluation.manage``); every other
signed-in role gets 403, an anonymous visitor the login page (pages) or 401 (API).

The world's round 2025-2 is in preparation with region A (52.04, cohort 2017); region B (51.08,
cohort 2018) is enrolled but not in it.
"""

from __future__ import annotations

import json

from .cases import LOGIN, Case, expect

MINISTRY_GET = expect(403, ministry_admin=200, anonymous=LOGIN)
MINISTRY_POST = expect(403, ministry_admin=302, anonymous=LOGIN)
API_GET = expect(403, ministry_admin=200, anonymous=401)
API = "/api/v1/evaluation/rounds"
JSON = "application/json"
ROUND = "2025-2"
BASE = f"/evaluasi/{ROUND}/pengaturan"


def _enrolled(world):
    from ..evaluation_data import method_make
    from ..factories import CohortFactory, ParticipationFactory

    method = method_make()
    ParticipationFactory(region=world.region_a, cohort=CohortFactory(year=2017))
    ParticipationFactory(region=world.region_b, cohort=CohortFactory(year=2018))
    return method


def _round(world):
    from kotacerdas.evaluation import round_setup
    from kotacerdas.programme.models import Cohort

    method = _enrolled(world)
    return round_setup.round_setup_create(
        actor=world.users["ministry_admin"],
        code=ROUND,
        year=2025,
        stage="2",
        method=method,
        scope=round_setup.Scope(cohort=Cohort.objects.get(year=2017)),
    )


def _method_pk(world):
    from kotacerdas.evaluation.models import MethodVersion

    return MethodVersion.objects.get(code="uji").pk


def _cohort_pk(year):
    from kotacerdas.programme.models import Cohort

    return Cohort.objects.get(year=year).pk


CASES = [
    Case("evaluation:round_setup_create", lambda w: "/evaluasi/putaran-baru/", MINISTRY_GET, setup=_enrolled),
    Case(
        "evaluation:round_setup_create",
        lambda w: "/evaluasi/putaran-baru/",
        MINISTRY_POST,
        method="post",
        data=lambda w: {
            "code": ROUND,
            "year": 2025,
            "stage": "2",
            "method": _method_pk(w),
            "cohort": _cohort_pk(2017),
        },
        setup=_enrolled,
        id="POST create a round with its scope",
    ),
    Case("evaluation:round_setup", lambda w: f"{BASE}/", MINISTRY_GET, setup=_round),
    Case(
        "evaluation:round_setup_dates",
        lambda w: f"{BASE}/tanggal/",
        MINISTRY_POST,
        method="post",
        data=lambda w: {"interview_opens": "2025-06-01", "interview_closes": "2025-06-30"},
        setup=_round,
    ),
    Case("evaluation:round_setup_advance", lambda w: f"{BASE}/fase-berikut/", MINISTRY_GET, setup=_round),
    Case(
        "evaluation:round_setup_advance",
        lambda w: f"{BASE}/fase-berikut/",
        MINISTRY_POST,
        method="post",
        data=lambda w: {"current": "draft", "confirm": "on"},
        setup=_round,
        id="POST move a round on",
    ),
    Case(
        "evaluation:round_setup_lock",
        lambda w: f"{BASE}/kunci/",
        MINISTRY_POST,
        method="post",
        data=lambda w: {"phase": "self_assessment", "locked": "1", "note": "Audit"},
        setup=_round,
    ),
    Case(
        "evaluation:round_setup_regions_add",
        lambda w: f"{BASE}/daerah/",
        MINISTRY_POST,
        method="post",
        data=lambda w: {"cohort": _cohort_pk(2018)},
        setup=_round,
    ),
    Case(
        "evaluation:round_setup_region_group",
        lambda w: f"{BASE}/daerah/52.04/",
        MINISTRY_POST,
        method="post",
        data=lambda w: {"group": "kawasan"},
        setup=_round,
    ),
    Case(
        "evaluation:round_setup_region_remove",
        lambda w: f"{BASE}/daerah/52.04/hapus/",
        MINISTRY_POST,
        method="post",
        setup=_round,
    ),
    Case(
        "api:evaluation-round-list",
        lambda w: f"{API}/",
        expect(403, ministry_admin=201, anonymous=401),
        method="post",
        data=lambda w: json.dumps(
            {"code": ROUND, "year": 2025, "stage": "2", "method": "uji", "cohort": 2017}
        ),
        content_type=JSON,
        setup=_enrolled,
        id="API POST create a round with its scope",
    ),
    Case("api:evaluation-round-phases", lambda w: f"{API}/{ROUND}/phases/", API_GET, setup=_round),
    Case(
        "api:evaluation-round-phases",
        lambda w: f"{API}/{ROUND}/phases/",
        API_GET,
        method="patch",
        data=lambda w: json.dumps({"dates": {"interview": {"opens_on": "2025-06-01", "closes_on": None}}}),
        content_type=JSON,
        setup=_round,
        id="API PATCH phase dates",
    ),
    Case(
        "api:evaluation-round-advance",
        lambda w: f"{API}/{ROUND}/phases/advance/",
        API_GET,
        method="post",
        data=lambda w: json.dumps({"current": "draft"}),
        content_type=JSON,
        setup=_round,
    ),
    Case(
        "api:evaluation-round-phase-lock",
        lambda w: f"{API}/{ROUND}/phases/interview/lock/",
        API_GET,
        method="post",
        data=lambda w: json.dumps({"locked": True, "note": "Audit"}),
        content_type=JSON,
        setup=_round,
    ),
    Case("api:evaluation-round-regions", lambda w: f"{API}/{ROUND}/regions/", API_GET, setup=_round),
    Case(
        "api:evaluation-round-regions",
        lambda w: f"{API}/{ROUND}/regions/",
        API_GET,
        method="post",
        data=lambda w: json.dumps({"regions": ["51.08"]}),
        content_type=JSON,
        setup=_round,
        id="API POST add regions to a round",
    ),
    Case(
        "api:evaluation-round-region",
        lambda w: f"{API}/{ROUND}/regions/52.04/",
        API_GET,
        method="patch",
        data=lambda w: json.dumps({"group": "kawasan"}),
        content_type=JSON,
        setup=_round,
        id="API PATCH a region's group",
    ),
    Case(
        "api:evaluation-round-region",
        lambda w: f"{API}/{ROUND}/regions/52.04/",
        expect(403, ministry_admin=204, anonymous=401),
        method="delete",
        setup=_round,
        id="API DELETE a region from a round",
    ),
]
