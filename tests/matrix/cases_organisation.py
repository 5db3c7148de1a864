"""Organisation pages and API: region A's organisation, seen and changed by each role.

Reading needs ``region.view_private`` (ministry admin, pendamping, coordinator and officer of
A); changing needs ``organisation.change`` (ministry admin, coordinator of A). Others get 404,
anonymous visitors of pages are sent to log in; the API answers 401 to them.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from .cases import LOGIN, Case, expect

A = "/organisasi/52.04"
API = "/api/v1"
JSON = "application/json"

READ = expect(404, ministry_admin=200, pendamping=200, coordinator_a=200, officer_a=200, anonymous=LOGIN)
# a form or write that only those who may change the organisation get past
CHANGE_GET = expect(
    404, ministry_admin=200, coordinator_a=200, pendamping=403, officer_a=403, anonymous=LOGIN
)
CHANGE_POST = expect(
    404, ministry_admin=302, coordinator_a=302, pendamping=403, officer_a=403, anonymous=LOGIN
)
# the API: everyone may list (scoped); objects of A are 404 to those who cannot read A
API_READ = expect(404, ministry_admin=200, pendamping=200, coordinator_a=200, officer_a=200)
API_CREATE = expect(404, ministry_admin=201, coordinator_a=201, pendamping=403, officer_a=403, anonymous=401)
API_PATCH = expect(404, ministry_admin=200, coordinator_a=200, pendamping=403, officer_a=403, anonymous=401)
API_DELETE = expect(404, ministry_admin=204, coordinator_a=204, pendamping=403, officer_a=403, anonymous=401)


def _pdf():
    return SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def _decree(world, kind="dewan", document=False):
    from kotacerdas.organisation import services

    return services.decree_create(
        actor=None,
        region=world.region_a,
        kind=kind,
        number=f"{kind}-1",
        date=dt.date(2019, 6, 5),
        title="SK",
        document=_pdf() if document else None,
    )


def _member(world):
    from kotacerdas.organisation import services

    return services.body_member_create(actor=None, region=world.region_a, body="dewan", name="Bupati")


def _meeting(world, with_file=False):
    from kotacerdas.organisation import services

    return services.forum_meeting_create(
        actor=None,
        region=world.region_a,
        date=dt.date(2024, 6, 10),
        title="Forum",
        minutes="Notulen",
        minutes_file=_pdf() if with_file else None,
    )


def _pokja(world):
    from kotacerdas.organisation import services
    from kotacerdas.programme.models import Dimension

    return services.working_group_set(
        actor=None,
        region=world.region_a,
        dimension=Dimension.objects.get(code="GOV"),
        leading_agency=world.agency_a,
    )


AGENCY = {"code": "dinkes", "acronym": "Dinkes", "name": "Dinas Kesehatan", "kind": "dinas"}

CASES = [
    # --- pages
    Case("organisation:overview", lambda w: f"{A}/", READ, id="organisation of region A"),
    Case(
        "organisation:agency_create", lambda w: f"{A}/opd/", CHANGE_POST, method="post", data=lambda w: AGENCY
    ),
    Case("organisation:agency_update", lambda w: f"{A}/opd/{w.agency_a.uid}/", CHANGE_GET),
    Case(
        "organisation:agency_update",
        lambda w: f"{A}/opd/{w.agency_a.uid}/",
        CHANGE_POST,
        method="post",
        data=lambda w: (
            AGENCY | {"code": "disdukcapil", "acronym": "Dukcapil", "is_active": "on", "row_version": 1}
        ),
        id="POST organisation:agency_update",
    ),
    Case(
        "organisation:agency_deactivate",
        lambda w: f"{A}/opd/{w.agency_a.uid}/nonaktifkan/",
        CHANGE_POST,
        method="post",
        data=lambda w: {"row_version": 1},
    ),
    Case(
        "organisation:decree_create",
        lambda w: f"{A}/sk/",
        CHANGE_POST,
        method="post",
        data=lambda w: {
            "kind": "dewan",
            "number": "1",
            "date": "2019-06-05",
            "title": "SK",
            "document": _pdf(),
        },
    ),
    Case("organisation:decree_update", lambda w: f"{A}/sk/{_decree(w).uid}/", CHANGE_GET),
    Case(
        "organisation:decree_update",
        lambda w: f"{A}/sk/{_decree(w).uid}/",
        CHANGE_POST,
        method="post",
        data=lambda w: {
            "kind": "dewan",
            "number": "2",
            "date": "2019-06-05",
            "title": "SK",
            "row_version": 1,
        },
        id="POST organisation:decree_update",
    ),
    Case(
        "organisation:decree_delete",
        lambda w: f"{A}/sk/{_decree(w).uid}/hapus/",
        CHANGE_POST,
        method="post",
        data=lambda w: {"row_version": 1},
    ),
    Case("organisation:decree_document", lambda w: f"{A}/sk/{_decree(w, document=True).uid}/berkas/", READ),
    Case(
        "organisation:dewan_create",
        lambda w: f"{A}/dewan/",
        CHANGE_POST,
        method="post",
        data=lambda w: {"name": "Bupati", "role": "ketua", "sector": "pemerintah"},
    ),
    Case(
        "organisation:tim_create",
        lambda w: f"{A}/tim-pelaksana/",
        CHANGE_POST,
        method="post",
        data=lambda w: {"name": "Akademisi", "role": "anggota", "sector": "akademisi"},
    ),
    Case("organisation:member_update", lambda w: f"{A}/anggota/{_member(w).uid}/", CHANGE_GET),
    Case(
        "organisation:member_update",
        lambda w: f"{A}/anggota/{_member(w).uid}/",
        CHANGE_POST,
        method="post",
        data=lambda w: {"name": "Bupati X", "role": "ketua", "sector": "pemerintah", "row_version": 1},
        id="POST organisation:member_update",
    ),
    Case(
        "organisation:member_delete",
        lambda w: f"{A}/anggota/{_member(w).uid}/hapus/",
        CHANGE_POST,
        method="post",
        data=lambda w: {"row_version": 1},
    ),
    Case("organisation:working_group_set", lambda w: f"{A}/pokja/gov/", CHANGE_GET),
    Case(
        "organisation:working_group_set",
        lambda w: f"{A}/pokja/gov/",
        CHANGE_POST,
        method="post",
        data=lambda w: {"leading_agency": str(w.agency_a2.uid), "lead_name": "Kadis"},
        id="POST organisation:working_group_set",
    ),
    Case(
        "organisation:working_group_delete",
        lambda w: f"{A}/pokja/gov/bubarkan/",
        CHANGE_POST,
        method="post",
        setup=_pokja,
        data=lambda w: {"row_version": 1},
    ),
    Case(
        "organisation:meeting_create",
        lambda w: f"{A}/rapat/",
        CHANGE_POST,
        method="post",
        data=lambda w: {"date": "2024-06-10", "title": "Forum", "minutes": "Notulen"},
    ),
    Case("organisation:meeting_detail", lambda w: f"{A}/rapat/{_meeting(w).uid}/", READ),
    Case("organisation:meeting_update", lambda w: f"{A}/rapat/{_meeting(w).uid}/ubah/", CHANGE_GET),
    Case(
        "organisation:meeting_update",
        lambda w: f"{A}/rapat/{_meeting(w).uid}/ubah/",
        CHANGE_POST,
        method="post",
        data=lambda w: {"date": "2024-06-11", "title": "Forum", "row_version": 1},
        id="POST organisation:meeting_update",
    ),
    Case(
        "organisation:meeting_delete",
        lambda w: f"{A}/rapat/{_meeting(w).uid}/hapus/",
        CHANGE_POST,
        method="post",
        data=lambda w: {"row_version": 1},
    ),
    Case("organisation:meeting_file", lambda w: f"{A}/rapat/{_meeting(w, with_file=True).uid}/berkas/", READ),
    # --- API: lists answer everyone (scoped); objects of A
    Case("api:agency-list", lambda w: f"{API}/agencies/?region=52.04", expect(200)),
    Case(
        "api:agency-detail",
        lambda w: f"{API}/agencies/{w.agency_a.uid}/",
        expect(200),
        id="GET agency (public)",
    ),
    Case(
        "api:agency-list",
        lambda w: f"{API}/agencies/",
        API_CREATE,
        method="post",
        data=lambda w: AGENCY | {"region": "52.04"},
        content_type=JSON,
        id="POST api:agency-list",
    ),
    Case(
        "api:agency-detail",
        lambda w: f"{API}/agencies/{w.agency_a.uid}/",
        API_PATCH,
        method="patch",
        data=lambda w: {"name": "Dinas Dukcapil", "row_version": 1},
        content_type=JSON,
        id="PATCH api:agency-detail",
    ),
    Case("api:decree-list", lambda w: f"{API}/decrees/", expect(200, anonymous=200)),
    Case("api:decree-detail", lambda w: f"{API}/decrees/{_decree(w).uid}/", API_READ),
    Case(
        "api:decree-list",
        lambda w: f"{API}/decrees/",
        API_CREATE,
        method="post",
        data=lambda w: {
            "region": "52.04",
            "kind": "dewan",
            "number": "9",
            "date": "2019-06-05",
            "title": "SK",
        },
        content_type=JSON,
        id="POST api:decree-list",
    ),
    Case(
        "api:decree-detail",
        lambda w: f"{API}/decrees/{_decree(w).uid}/",
        API_PATCH,
        method="patch",
        data=lambda w: {"title": "SK Dewan", "row_version": 1},
        content_type=JSON,
        id="PATCH api:decree-detail",
    ),
    Case(
        "api:decree-detail",
        lambda w: f"{API}/decrees/{_decree(w).uid}/",
        API_DELETE,
        method="delete",
        id="DELETE api:decree-detail",
    ),
    Case("api:bodymember-list", lambda w: f"{API}/body-members/?region=52.04&body=dewan", expect(200)),
    Case("api:bodymember-detail", lambda w: f"{API}/body-members/{_member(w).uid}/", API_READ),
    Case(
        "api:bodymember-list",
        lambda w: f"{API}/body-members/",
        API_CREATE,
        method="post",
        data=lambda w: {
            "region": "52.04",
            "body": "tim_pelaksana",
            "name": "Relawan TIK",
            "sector": "relawan_tik",
        },
        content_type=JSON,
        id="POST api:bodymember-list",
    ),
    Case(
        "api:bodymember-detail",
        lambda w: f"{API}/body-members/{_member(w).uid}/",
        API_PATCH,
        method="patch",
        data=lambda w: {"position": "Bupati", "row_version": 1},
        content_type=JSON,
        id="PATCH api:bodymember-detail",
    ),
    Case(
        "api:bodymember-detail",
        lambda w: f"{API}/body-members/{_member(w).uid}/",
        API_DELETE,
        method="delete",
        id="DELETE api:bodymember-detail",
    ),
    Case("api:workinggroup-list", lambda w: f"{API}/working-groups/", expect(200)),
    Case("api:workinggroup-detail", lambda w: f"{API}/working-groups/{_pokja(w).uid}/", API_READ),
    Case(
        "api:workinggroup-list",
        lambda w: f"{API}/working-groups/",
        API_CREATE,
        method="post",
        data=lambda w: {"region": "52.04", "dimension": "ENV", "leading_agency": str(w.agency_a2.uid)},
        content_type=JSON,
        id="POST api:workinggroup-list",
    ),
    Case(
        "api:workinggroup-detail",
        lambda w: f"{API}/working-groups/{_pokja(w).uid}/",
        API_PATCH,
        method="patch",
        data=lambda w: {"lead_name": "Kadis", "row_version": 1},
        content_type=JSON,
        id="PATCH api:workinggroup-detail",
    ),
    Case(
        "api:workinggroup-detail",
        lambda w: f"{API}/working-groups/{_pokja(w).uid}/",
        API_DELETE,
        method="delete",
        id="DELETE api:workinggroup-detail",
    ),
    Case("api:forummeeting-list", lambda w: f"{API}/forum-meetings/?region=52.04", expect(200)),
    Case("api:forummeeting-detail", lambda w: f"{API}/forum-meetings/{_meeting(w).uid}/", API_READ),
    Case(
        "api:forummeeting-list",
        lambda w: f"{API}/forum-meetings/",
        API_CREATE,
        method="post",
        data=lambda w: {"region": "52.04", "date": "2024-02-01", "title": "Forum", "minutes": "Notulen"},
        content_type=JSON,
        id="POST api:forummeeting-list",
    ),
    Case(
        "api:forummeeting-detail",
        lambda w: f"{API}/forum-meetings/{_meeting(w).uid}/",
        API_PATCH,
        method="patch",
        data=lambda w: {"attendees": 30, "row_version": 1},
        content_type=JSON,
        id="PATCH api:forummeeting-detail",
    ),
    Case(
        "api:forummeeting-detail",
        lambda w: f"{API}/forum-meetings/{_meeting(w).uid}/",
        API_DELETE,
        method="delete",
        id="DELETE api:forummeeting-detail",
    ),
]
