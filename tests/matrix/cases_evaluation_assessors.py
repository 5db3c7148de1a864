"""Assessors: the ministry's pool, region partners and a round's assignment table
(``evaluation.manage``: every other signed-in role gets 403), and an assessor's own pages
(``evaluation.score``: the assessor and the ministry may open "Penilaian saya"; a region of a
round answers only its assigned assessor, 404 for everyone else, the ministry included).

The world's assessor (``asesor``) is ASR-001 from province 11, assigned to region A (52.04) of
round 2024-2; ASR-002 (another person) is free for both regions.
"""

from __future__ import annotations

import json

from .cases import LOGIN, Case, expect

MINISTRY_GET = expect(403, ministry_admin=200, anonymous=LOGIN)
MINISTRY_POST = expect(403, ministry_admin=302, anonymous=LOGIN)
API = "/api/v1/evaluation"
JSON = "application/json"
API_GET = expect(403, ministry_admin=200, anonymous=401)
OWN = expect(404, assessor=200, anonymous=LOGIN)
OWN_POST = expect(404, assessor=302, anonymous=LOGIN)
ROUND = "2024-2"


def _pool(world):
    from ..evaluation_assessors_data import assessor_make, province, round_make
    from ..evaluation_data import method_make

    method_make()
    admin = world.users["ministry_admin"]
    mine = assessor_make(admin, "asesor", home_province=province("11"), expertise=["OUTPUT"])
    other = assessor_make(admin, "dosen", home_province=province("12"), expertise=["IMPACT"])
    round_ = round_make([world.region_a, world.region_b], code=ROUND)
    return mine, other, round_


def _assigned(world):
    from kotacerdas.evaluation import assessors as services
    from kotacerdas.evaluation.models import RoundRegion

    mine, other, round_ = _pool(world)
    entry = RoundRegion.objects.get(round=round_, region=world.region_a)
    services.assignment_override(actor=world.users["ministry_admin"], entry=entry, add=mine, reason="Awal")
    return mine, other, round_


def _declared(world):
    from kotacerdas.evaluation import assessors as services

    mine, _, _ = _pool(world)
    services.conflict_declare(
        actor=world.users["ministry_admin"], assessor=mine, region=world.region_b, reason="x"
    )


def _partner(world):
    from kotacerdas.evaluation import assessors as services

    _pool(world)
    services.region_partner_add(actor=world.users["ministry_admin"], region=world.region_a, institution="ITB")


def _candidate(world):
    from ..factories import UserFactory

    _pool(world)
    UserFactory(username="calon")


def _profile(**extra):
    return {
        "category": "academic",
        "institution": "UGM",
        "home_province": "12",
        "expertise": ["OUTPUT"],
        **extra,
    }


CASES = [
    # the pool
    Case("evaluation:assessor_list", lambda w: "/evaluasi/asesor/", MINISTRY_GET, setup=_pool),
    Case("evaluation:assessor_create", lambda w: "/evaluasi/asesor/baru/", MINISTRY_GET, setup=_pool),
    Case(
        "evaluation:assessor_create",
        lambda w: "/evaluasi/asesor/baru/",
        MINISTRY_POST,
        method="post",
        data=lambda w: {"username": "calon", "category": "practitioner"},
        setup=_candidate,
        id="POST add an assessor",
    ),
    Case("evaluation:assessor_detail", lambda w: "/evaluasi/asesor/ASR-001/", MINISTRY_GET, setup=_pool),
    Case("evaluation:assessor_edit", lambda w: "/evaluasi/asesor/ASR-001/ubah/", MINISTRY_GET, setup=_pool),
    Case(
        "evaluation:assessor_edit",
        lambda w: "/evaluasi/asesor/ASR-001/ubah/",
        MINISTRY_POST,
        method="post",
        data=lambda w: _profile(row_version=1),
        setup=_pool,
        id="POST edit an assessor",
    ),
    Case(
        "evaluation:assessor_active",
        lambda w: "/evaluasi/asesor/ASR-001/aktif/",
        MINISTRY_POST,
        method="post",
        data=lambda w: {"active": "0"},
        setup=_pool,
    ),
    Case(
        "evaluation:assessor_conflict_add",
        lambda w: "/evaluasi/asesor/ASR-001/konflik/",
        MINISTRY_POST,
        method="post",
        data=lambda w: {"region": "51.08", "reason": "Konsultan di Buleleng"},
        setup=_pool,
    ),
    Case(
        "evaluation:assessor_conflict_remove",
        lambda w: "/evaluasi/asesor/ASR-001/konflik/51.08/hapus/",
        MINISTRY_POST,
        method="post",
        setup=_declared,
    ),
    # region partners
    Case("evaluation:assessor_partners", lambda w: "/evaluasi/mitra-daerah/", MINISTRY_GET, setup=_pool),
    Case(
        "evaluation:assessor_partners",
        lambda w: "/evaluasi/mitra-daerah/",
        MINISTRY_POST,
        method="post",
        data=lambda w: {"region": "52.04", "institution": "Universitas Mataram"},
        setup=_pool,
        id="POST add a region partner",
    ),
    Case(
        "evaluation:assessor_partner_remove",
        lambda w: "/evaluasi/mitra-daerah/hapus/",
        MINISTRY_POST,
        method="post",
        data=lambda w: {"region": "52.04", "institution": "ITB"},
        setup=_partner,
    ),
    # a round's assignment table
    Case(
        "evaluation:assessor_assignments",
        lambda w: f"/evaluasi/{ROUND}/penugasan/",
        MINISTRY_GET,
        setup=_assigned,
    ),
    Case(
        "evaluation:assessor_assignments_generate",
        lambda w: f"/evaluasi/{ROUND}/penugasan/buat/",
        MINISTRY_POST,
        method="post",
        data=lambda w: {"per_region": "2"},
        setup=_pool,
    ),
    Case(
        "evaluation:assessor_assignment_edit",
        lambda w: f"/evaluasi/{ROUND}/penugasan/52.04/",
        MINISTRY_GET,
        setup=_assigned,
    ),
    Case(
        "evaluation:assessor_assignment_edit",
        lambda w: f"/evaluasi/{ROUND}/penugasan/52.04/",
        MINISTRY_POST,
        method="post",
        data=lambda w: {"add": "ASR-002", "reason": "Menambah ahli dampak"},
        setup=_assigned,
        id="POST change a region's assessors",
    ),
    # an assessor's own
    Case(
        "evaluation:assessor_mine",
        lambda w: "/evaluasi/penilaian-saya/",
        expect(403, ministry_admin=200, assessor=200, anonymous=LOGIN),
        setup=_assigned,
    ),
    Case(
        "evaluation:assessor_mine_conflict",
        lambda w: "/evaluasi/penilaian-saya/konflik/",
        expect(403, ministry_admin=404, assessor=302, anonymous=LOGIN),
        method="post",
        data=lambda w: {"region": "51.08", "reason": "Istri bekerja di Bappeda Buleleng"},
        setup=_assigned,
    ),
    Case(
        "evaluation:assessor_my_assignment",
        lambda w: f"/evaluasi/penilaian-saya/{ROUND}/52.04/",
        OWN,
        setup=_assigned,
    ),
    Case(
        "evaluation:assessor_my_assignment",
        lambda w: f"/evaluasi/penilaian-saya/{ROUND}/51.08/",
        expect(404, anonymous=LOGIN),
        setup=_assigned,
        id="GET a region not assigned to the assessor",
    ),
    Case(
        "evaluation:assessor_my_no_conflict",
        lambda w: f"/evaluasi/penilaian-saya/{ROUND}/52.04/tidak-ada-konflik/",
        OWN_POST,
        method="post",
        setup=_assigned,
    ),
    Case(
        "evaluation:assessor_my_conflict",
        lambda w: f"/evaluasi/penilaian-saya/{ROUND}/52.04/konflik/",
        OWN_POST,
        method="post",
        data=lambda w: {"reason": "Pernah menjadi konsultan Pemkab"},
        setup=_assigned,
    ),
    # the API
    Case("api:evaluation-assessor-list", lambda w: f"{API}/assessors/", API_GET, setup=_pool),
    Case(
        "api:evaluation-assessor-list",
        lambda w: f"{API}/assessors/",
        expect(403, ministry_admin=201, anonymous=401),
        method="post",
        data=lambda w: json.dumps({"username": "calon", **_profile()}),
        content_type=JSON,
        setup=_candidate,
        id="API POST add an assessor",
    ),
    Case("api:evaluation-assessor-detail", lambda w: f"{API}/assessors/ASR-001/", API_GET, setup=_pool),
    Case(
        "api:evaluation-assessor-detail",
        lambda w: f"{API}/assessors/ASR-001/",
        expect(403, ministry_admin=200, anonymous=401),
        method="patch",
        data=lambda w: json.dumps({"row_version": 1, "institution": "ITS"}),
        content_type=JSON,
        setup=_pool,
        id="API PATCH an assessor",
    ),
    Case(
        "api:evaluation-assignment-list",
        lambda w: f"{API}/rounds/{ROUND}/assignments/",
        API_GET,
        setup=_assigned,
    ),
    Case(
        "api:evaluation-assignment-list",
        lambda w: f"{API}/rounds/{ROUND}/assignments/",
        expect(403, ministry_admin=200, anonymous=401),
        method="post",
        data=lambda w: json.dumps({"per_region": 2}),
        content_type=JSON,
        setup=_pool,
        id="API POST generate assignments",
    ),
    Case(
        "api:evaluation-assignment-region",
        lambda w: f"{API}/rounds/{ROUND}/assignments/52.04/",
        expect(403, ministry_admin=200, anonymous=401),
        method="post",
        data=lambda w: json.dumps({"add": "ASR-002", "reason": "Menambah ahli"}),
        content_type=JSON,
        setup=_assigned,
    ),
    Case(
        "api:evaluation-assignment-mine",
        lambda w: f"{API}/assignments/mine/",
        expect(403, ministry_admin=200, assessor=200, anonymous=401),
        setup=_assigned,
    ),
    Case(
        "api:evaluation-assignment-no-conflict",
        lambda w: f"{API}/assignments/mine/{ROUND}/52.04/no-conflict/",
        expect(404, assessor=200, anonymous=401),
        method="post",
        setup=_assigned,
    ),
    Case(
        "api:evaluation-assignment-conflict",
        lambda w: f"{API}/assignments/mine/{ROUND}/52.04/conflict/",
        expect(404, assessor=201, anonymous=401),
        method="post",
        data=lambda w: json.dumps({"reason": "Pernah menjadi konsultan"}),
        content_type=JSON,
        setup=_assigned,
    ),
]
