"""The master-plan editor's pages and writes, for every role."""

from ..masterplan_data import small_plan
from .cases import LOGIN, Case, expect

READERS = {"ministry_admin": 200, "pendamping": 200, "coordinator_a": 200, "officer_a": 200}
HIDDEN = 404  # coordinator_b, assessor: region A's plan does not exist for them


def _p(w):
    return small_plan(w)


def _programme_data(w):
    return {
        "dimension": "GOV",
        "code": "GOV-09",
        "name": "Program baru",
        "subdimension": "GOV-2",
        "agency": "diskominfo",
        "horizon": "short",
        "start_year": 2024,
        "end_year": 2025,
    }


def _action_data(code="GOV-01.09", agency="disdukcapil"):
    return {"code": code, "name": "Aksi baru", "agency": agency, "start_year": 2024, "end_year": 2024}


def _ratified(w):
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from kotacerdas.masterplans import services

    small = small_plan(w, complete=True)
    coordinator = w.users["coordinator_a"]
    version = services.version_submit(actor=coordinator, version=small.version)
    services.version_ratify(
        actor=coordinator,
        version=version,
        kind="perbup",
        number="Perbup 7/2024",
        date=dt.date(2024, 2, 1),
        document=SimpleUploadedFile("perbup.pdf", b"%PDF-1.4 perbup", content_type="application/pdf"),
    )
    return "/rencana-induk/52.04/versi/1/pengesahan.pdf"


CASES = [
    Case("masterplans:ratification_document", _ratified, expect(HIDDEN, anonymous=LOGIN, **READERS)),
    Case(
        "masterplans:plan_detail",
        lambda w: "/rencana-induk/52.04/",
        expect(HIDDEN, anonymous=LOGIN, **READERS),
        id="no plan yet: start page",
    ),
    Case(
        "masterplans:plan_detail",
        lambda w: "/rencana-induk/52.04/",
        expect(HIDDEN, anonymous=LOGIN, pendamping=403, officer_a=403, ministry_admin=302, coordinator_a=302),
        method="post",
        data=lambda w: {"title": "Masterplan", "start_year": 2024, "end_year": 2028},
        id="POST start a plan",
    ),
    Case(
        "masterplans:plan_detail",
        lambda w: (_p(w), "/rencana-induk/52.04/?opd=disdukcapil&horizon=medium&q=SiLAMO")[1],
        expect(HIDDEN, anonymous=LOGIN, **READERS),
        id="tree with filters",
    ),
    Case(
        "masterplans:programme_add",
        lambda w: (_p(w), "/rencana-induk/52.04/program/tambah/")[1],
        expect(HIDDEN, anonymous=LOGIN, ministry_admin=302, coordinator_a=302, pendamping=403, officer_a=403),
        method="post",
        data=_programme_data,
    ),
    Case(
        "masterplans:programme_add",
        lambda w: (_p(w), "/rencana-induk/52.04/program/tambah/?dimensi=GOV")[1],
        expect(HIDDEN, anonymous=LOGIN, ministry_admin=200, coordinator_a=200, pendamping=403, officer_a=403),
        id="the empty form, loaded on request",
    ),
    Case(
        "masterplans:programme_reorder",
        lambda w: "/rencana-induk/52.04/program/urutan/",
        expect(HIDDEN, anonymous=LOGIN, ministry_admin=204, coordinator_a=204, pendamping=403, officer_a=403),
        method="post",
        data=lambda w: {"order": [str(w.small.programme.uid)]},
        setup=lambda w: setattr(w, "small", small_plan(w)) or None,
    ),
    Case(
        "masterplans:programme_row",
        lambda w: f"/rencana-induk/52.04/program/{_p(w).programme.uid}/",
        expect(HIDDEN, anonymous=LOGIN, **READERS),
    ),
    Case(
        "masterplans:programme_edit",
        lambda w: f"/rencana-induk/52.04/program/{_p(w).programme.uid}/ubah/",
        expect(HIDDEN, anonymous=LOGIN, ministry_admin=200, coordinator_a=200, pendamping=403, officer_a=403),
    ),
    Case(
        "masterplans:programme_delete",
        lambda w: f"/rencana-induk/52.04/program/{_p(w).programme.uid}/hapus/",
        expect(HIDDEN, anonymous=LOGIN, ministry_admin=302, coordinator_a=302, pendamping=403, officer_a=403),
        method="post",
    ),
    Case(
        "masterplans:programme_copy",
        lambda w: f"/rencana-induk/52.04/program/{_p(w).programme.uid}/salin/",
        expect(HIDDEN, anonymous=LOGIN, ministry_admin=302, coordinator_a=302, pendamping=403, officer_a=403),
        method="post",
    ),
    Case(
        "masterplans:action_add",
        lambda w: f"/rencana-induk/52.04/program/{_p(w).programme.uid}/aksi/tambah/",
        expect(HIDDEN, anonymous=LOGIN, ministry_admin=302, coordinator_a=302, officer_a=302, pendamping=403),
        method="post",
        data=lambda w: _action_data(),
        id="POST add an action of the officer's own agency",
    ),
    Case(
        "masterplans:action_reorder",
        lambda w: f"/rencana-induk/52.04/program/{w.small.programme.uid}/aksi/urutan/",
        expect(HIDDEN, anonymous=LOGIN, ministry_admin=204, coordinator_a=204, pendamping=403, officer_a=403),
        method="post",
        data=lambda w: {"order": [str(w.small.own_action.uid), str(w.small.action.uid)]},
        setup=lambda w: setattr(w, "small", small_plan(w)) or None,
    ),
    Case(
        "masterplans:action_edit",
        lambda w: f"/rencana-induk/52.04/aksi/{_p(w).own_action.uid}/ubah/",
        expect(HIDDEN, anonymous=LOGIN, ministry_admin=200, coordinator_a=200, officer_a=200, pendamping=403),
        id="edit form of the officer's own action",
    ),
    Case(
        "masterplans:action_edit",
        lambda w: f"/rencana-induk/52.04/aksi/{_p(w).action.uid}/ubah/",
        expect(HIDDEN, anonymous=LOGIN, ministry_admin=200, coordinator_a=200, officer_a=403, pendamping=403),
        id="edit form of another agency's action",
    ),
    Case(
        "masterplans:action_delete",
        lambda w: f"/rencana-induk/52.04/aksi/{_p(w).own_action.uid}/hapus/",
        expect(HIDDEN, anonymous=LOGIN, ministry_admin=302, coordinator_a=302, officer_a=302, pendamping=403),
        method="post",
    ),
    Case(
        "masterplans:vision",
        lambda w: (_p(w), "/rencana-induk/52.04/visi/")[1],
        expect(HIDDEN, anonymous=LOGIN, **READERS),
    ),
    Case(
        "masterplans:vision",
        lambda w: "/rencana-induk/52.04/visi/",
        expect(HIDDEN, anonymous=LOGIN, ministry_admin=302, coordinator_a=302, pendamping=403, officer_a=403),
        method="post",
        setup=lambda w: setattr(w, "small", small_plan(w)) or None,
        data=lambda w: {
            "vision": "Sumbawa Gemilang",
            "missions": "Satu\nDua",
            "row_version": w.small.version.row_version,
        },
        id="POST vision",
    ),
    Case(
        "masterplans:readiness",
        lambda w: (_p(w), "/rencana-induk/52.04/kesiapan/")[1],
        expect(HIDDEN, anonymous=LOGIN, **READERS),
    ),
    Case(
        "masterplans:quick_wins",
        lambda w: (_p(w), "/rencana-induk/52.04/quick-win/")[1],
        expect(HIDDEN, anonymous=LOGIN, **READERS),
    ),
    Case(
        "masterplans:quick_win_edit",
        lambda w: f"/rencana-induk/52.04/quick-win/{_p(w).quick_win.uid}/",
        expect(HIDDEN, anonymous=LOGIN, ministry_admin=200, coordinator_a=200, officer_a=200, pendamping=403),
    ),
    Case(
        "masterplans:roadmap",
        lambda w: (_p(w), "/rencana-induk/52.04/road-map/")[1],
        expect(HIDDEN, anonymous=LOGIN, **READERS),
    ),
    Case(
        "masterplans:versions",
        lambda w: (_p(w), "/rencana-induk/52.04/versi/")[1],
        expect(HIDDEN, anonymous=LOGIN, **READERS),
    ),
    Case(
        "masterplans:version_new",
        lambda w: (_p(w), "/rencana-induk/52.04/versi/baru/")[1],
        expect(HIDDEN, anonymous=LOGIN, ministry_admin=302, coordinator_a=302, pendamping=403, officer_a=403),
        method="post",
        id="POST new version (refused while a draft exists: back to the versions page)",
    ),
    Case(
        "masterplans:submit",
        lambda w: (_p(w), "/rencana-induk/52.04/ajukan/")[1],
        expect(HIDDEN, anonymous=LOGIN, **READERS),
    ),
    Case(
        "masterplans:submit",
        lambda w: (small_plan(w, complete=True), "/rencana-induk/52.04/ajukan/")[1],
        expect(HIDDEN, anonymous=LOGIN, ministry_admin=302, coordinator_a=302, pendamping=403, officer_a=403),
        method="post",
        id="POST submit a complete plan",
    ),
    Case(
        "masterplans:reopen",
        lambda w: (_p(w), "/rencana-induk/52.04/buka-kembali/")[1],
        expect(HIDDEN, anonymous=LOGIN, ministry_admin=302, coordinator_a=302, pendamping=403, officer_a=403),
        method="post",
        id="POST reopen (a draft: refused with a message)",
    ),
    Case(
        "masterplans:ratify",
        lambda w: (_p(w), "/rencana-induk/52.04/sahkan/")[1],
        expect(HIDDEN, anonymous=LOGIN, ministry_admin=400, coordinator_a=400, pendamping=403, officer_a=403),
        method="post",
        data=lambda w: {"kind": "perbup", "number": "12/2024", "date": "2024-02-01"},
        id="POST ratify a draft (refused 400)",
    ),
    Case(
        "masterplans:diff",
        lambda w: (_p(w), "/rencana-induk/52.04/perbandingan/")[1],
        expect(HIDDEN, anonymous=LOGIN, **READERS),
    ),
]
