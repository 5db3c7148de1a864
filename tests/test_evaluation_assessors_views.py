"""The assessor pages and API: filters and paging, forms that show the services' refusals (and
write nothing), a stale edit (409), the assignment table's query count at two sizes, and an
assessor's declarations from their own page."""

from __future__ import annotations

import pytest
from django.utils import translation

from kotacerdas.core.models import AuditEvent
from kotacerdas.evaluation import assessors as services
from kotacerdas.evaluation.models import Assessor, Assignment, Conflict, RoundRegion
from kotacerdas.notifications.models import Notification

from .evaluation_assessors_data import assessor_make, pool_bulk, province, regions_bulk, round_make
from .evaluation_data import method_make
from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(world):
    method_make()
    return world.users["ministry_admin"]


def _english(client):
    client.cookies["django_language"] = "en"
    return client


# ---------------------------------------------------------------- the pool


def test_pool_list_filters_and_pages(world, admin):
    pool_bulk(admin, 55, provinces=[province("11"), province("12")])
    client = world.client_for("ministry_admin")
    first = client.get("/evaluasi/asesor/")
    assert first.status_code == 200
    assert len(first.context["page"].object_list) == 50
    second = client.get("/evaluasi/asesor/?page=2")
    assert [a.code for a in second.context["page"]] == [f"ASR-{n:03d}" for n in range(51, 56)]
    only = client.get("/evaluasi/asesor/?province=12&expertise=OUTPUT")
    codes = [a.code for a in only.context["page"]]
    assert codes and all(Assessor.objects.get(code=c).home_province.code == "12" for c in codes)
    assert all("OUTPUT" in Assessor.objects.get(code=c).expertise for c in codes)
    bad = client.get("/evaluasi/asesor/?category=guru")
    assert bad.status_code == 200 and bad.context["filters"].errors  # shown, not silently ignored


def test_pool_list_reads_the_same_at_any_size(world, admin, django_assert_num_queries):
    client = world.client_for("ministry_admin")
    pool_bulk(admin, 5, provinces=[province("11")])
    # session, user, memberships, the bell; provinces and dimensions for the filters; count and page
    with django_assert_num_queries(8):
        assert client.get("/evaluasi/asesor/").status_code == 200
    pool_bulk(admin, 60, provinces=[province("11"), province("12")], prefix="lagi")
    with django_assert_num_queries(8):
        assert client.get("/evaluasi/asesor/?page=2").status_code == 200


def test_create_page_shows_the_services_refusal_and_writes_nothing(world, admin):
    client = _english(world.client_for("ministry_admin"))
    UserFactory(username="dosen")
    before = (Assessor.objects.count(), AuditEvent.objects.count())
    response = client.post(
        "/evaluasi/asesor/baru/",
        {"username": "dosen", "category": "academic", "home_province": "51", "home_region": "52.04"},
    )
    assert response.status_code == 400
    assert "is not in" in str(response.context["form"].errors["home_region"])
    response = client.post("/evaluasi/asesor/baru/", {"username": "nobody", "category": "academic"})
    assert response.status_code == 400 and "username" in response.context["form"].errors
    assert (Assessor.objects.count(), AuditEvent.objects.count()) == before
    response = client.post(
        "/evaluasi/asesor/baru/",
        {
            "username": "dosen",
            "category": "academic",
            "home_region": "Kabupaten Sumbawa",
            "expertise": ["OUTPUT"],
        },
    )
    assert response.status_code == 302 and response["Location"] == "/evaluasi/asesor/ASR-001/"
    created = Assessor.objects.get()
    assert (created.home_region, created.home_province.code, created.expertise) == (
        world.region_a,
        "52",
        ["OUTPUT"],
    )


def test_a_stale_edit_shows_the_other_writers_values(world, admin):
    assessor = assessor_make(admin, "dosen", institution="ITB")
    client = world.client_for("ministry_admin")
    services.assessor_update(actor=admin, assessor=assessor, data={"institution": "UGM"}, expected_version=1)
    response = client.post(
        "/evaluasi/asesor/ASR-001/ubah/", {"category": "academic", "institution": "IPB", "row_version": 1}
    )
    assert response.status_code == 409
    assert response.context["conflict"].current["institution"] == "UGM"
    assert Assessor.objects.get().institution == "UGM"
    response = client.post(
        "/evaluasi/asesor/ASR-001/ubah/", {"category": "academic", "institution": "IPB", "row_version": 2}
    )
    assert response.status_code == 302 and Assessor.objects.get().institution == "IPB"


def test_detail_page_lists_declared_conflicts_and_assignments(world, admin):
    assessor = assessor_make(admin, "dosen")
    round_ = round_make([world.region_a])
    services.assignment_override(
        actor=admin, entry=RoundRegion.objects.get(round=round_), add=assessor, reason="x"
    )
    services.conflict_declare(
        actor=admin, assessor=assessor, region=world.region_b, reason="Pernah bekerja di sana"
    )
    response = world.client_for("ministry_admin").get("/evaluasi/asesor/ASR-001/")
    assert [c.region.code for c in response.context["declared"]] == ["51.08"]
    assert [a.entry.region.code for a in response.context["assignments"]] == ["52.04"]
    bad = world.client_for("ministry_admin").post(
        "/evaluasi/asesor/ASR-001/konflik/", {"region": "Atlantis", "reason": "x"}
    )
    assert bad.status_code == 400 and Conflict.objects.count() == 1


# ---------------------------------------------------------------- the assignment table


def _round_with_pool(admin, regions: int, assessors: int, code: str):
    rows = regions_bulk(regions, provinces=6, first_province=20 if code == "kecil" else 40)
    round_ = round_make(rows, code=code)
    pool_bulk(admin, assessors, provinces=[province(str(90 + p)) for p in range(3)], prefix=f"{code}-")
    services.assignment_generate(actor=admin, round_=round_, per_region=3)
    return round_


def test_assignment_table_reads_the_same_at_two_sizes(world, admin, django_assert_num_queries):
    client = world.client_for("ministry_admin")
    small = _round_with_pool(admin, 8, 4, "kecil")
    big = _round_with_pool(admin, 120, 20, "besar")
    # session, user, memberships, the bell; the round; the usual count per region; the page's
    # count and regions; conflicts (4); its assignments; the round's pairs; its region count; loads
    for round_ in (small, big):
        with django_assert_num_queries(16):
            response = client.get(f"/evaluasi/{round_.code}/penugasan/")
        assert response.status_code == 200
    table = response.context["table"]
    assert (table.regions, table.assigned, table.short_regions, table.conflicted_pairs) == (120, 360, 0, 0)
    assert len(table.rows) == 50 and all(len(r.assessors) == 3 for r in table.rows)
    assert sum(row.load for row in table.loads) == 360


def test_assignment_table_shows_conflicts_and_short_regions(world, admin):
    round_ = round_make([world.region_a, world.region_b])
    a = assessor_make(admin, "a")
    b = assessor_make(admin, "b")
    services.assignment_generate(actor=admin, round_=round_, per_region=2)
    Assessor.objects.filter(pk=a.pk).update(home_province=world.region_a.province)  # moved since
    services.conflict_declare(
        actor=world.users["ministry_admin"], assessor=b, region=world.region_b, reason="x"
    )
    client = world.client_for("ministry_admin")
    page = client.get(f"/evaluasi/{round_.code}/penugasan/")
    assert f'<a href="/evaluasi/{round_.code}/">' in page.content.decode()  # back to the round
    table = page.context["table"]
    rows = {r.entry.region.code: r for r in table.rows}
    assert [(x.code, x.conflicts) for x in rows["52.04"].assessors] == [
        ("ASR-001", ("home_province",)),
        ("ASR-002", ()),
    ]
    assert rows["51.08"].short == 1  # b's assignment went with the declared conflict
    assert (table.short_regions, table.conflicted_pairs) == (1, 1)
    short = client.get(f"/evaluasi/{round_.code}/penugasan/?show=short").context["table"]
    assert [r.entry.region.code for r in short.rows] == ["51.08"]
    conflicted = client.get(f"/evaluasi/{round_.code}/penugasan/?show=conflict").context["table"]
    assert [r.entry.region.code for r in conflicted.rows] == ["52.04"]


def test_generate_page_names_the_region_it_cannot_staff(world, admin):
    round_ = round_make([world.region_a, world.region_b])
    assessor_make(admin, "a", home_province=world.region_a.province)
    response = _english(world.client_for("ministry_admin")).post(
        f"/evaluasi/{round_.code}/penugasan/buat/", {"per_region": "1"}
    )
    assert response.status_code == 400
    assert "Kabupaten Sumbawa has only 0 assessors free of conflict" in str(response.context["form"].errors)
    assert not Assignment.objects.exists()
    response = world.client_for("ministry_admin").post(
        f"/evaluasi/{round_.code}/penugasan/buat/", {"per_region": "0"}
    )
    assert response.status_code == 400 and not Assignment.objects.exists()


def test_edit_page_refuses_a_conflicting_assessor(world, admin):
    round_ = round_make([world.region_a])
    assessor_make(admin, "ntb", home_province=world.region_a.province)
    client = _english(world.client_for("ministry_admin"))
    page = client.get(f"/evaluasi/{round_.code}/penugasan/52.04/")
    assert [c["conflicts"] for c in page.context["candidates"]] == [("home_province",)]
    response = client.post(f"/evaluasi/{round_.code}/penugasan/52.04/", {"add": "ASR-001", "reason": "Perlu"})
    assert response.status_code == 400
    assert "a conflict is never overridden" in str(response.context["form"].errors["add"])
    assert not Assignment.objects.exists()
    response = client.post(f"/evaluasi/{round_.code}/penugasan/52.04/", {"add": "ASR-001", "reason": ""})
    assert response.status_code == 400 and not Assignment.objects.exists()


# ---------------------------------------------------------------- an assessor's own


def test_assessor_declares_from_their_page(world, admin):
    round_ = round_make([world.region_a, world.region_b])
    me = assessor_make(admin, "asesor", home_province=province("11"))
    for entry in RoundRegion.objects.filter(round=round_):
        services.assignment_override(actor=admin, entry=entry, add=me, reason="Awal")
    client = world.client_for("assessor")
    page = client.get("/evaluasi/penilaian-saya/")
    assert [a.entry.region.code for a in page.context["assignments"]] == ["51.08", "52.04"]
    region = client.get(f"/evaluasi/penilaian-saya/{round_.code}/52.04/")
    assert region.status_code == 200 and b"tidak-ada-konflik" in region.content
    done = client.post(f"/evaluasi/penilaian-saya/{round_.code}/52.04/tidak-ada-konflik/")
    assert done.status_code == 302
    assert Assignment.objects.get(entry__region=world.region_a).no_conflict_declared_at is not None
    assert b"tidak-ada-konflik" not in client.get(f"/evaluasi/penilaian-saya/{round_.code}/52.04/").content
    # Once declared, the list leads straight to the scoring page (and only for that region).
    listed = client.get("/evaluasi/penilaian-saya/").content.decode()
    assert f'href="/evaluasi/penilaian-saya/{round_.code}/52.04/nilai/" data-scoring' in listed
    assert f"/evaluasi/penilaian-saya/{round_.code}/51.08/nilai/" not in listed
    refused = client.post(f"/evaluasi/penilaian-saya/{round_.code}/51.08/konflik/", {"reason": ""})
    assert refused.status_code == 400 and Assignment.objects.count() == 2
    gone = client.post(
        f"/evaluasi/penilaian-saya/{round_.code}/51.08/konflik/", {"reason": "Adik di Bappeda"}
    )
    assert gone.status_code == 302
    assert list(Assignment.objects.values_list("entry__region__code", flat=True)) == ["52.04"]
    assert (
        Notification.objects.filter(recipient=world.users["ministry_admin"], kind="assessor_conflict").count()
        == 1
    )
    assert client.get(f"/evaluasi/penilaian-saya/{round_.code}/51.08/").status_code == 404


def test_a_person_outside_the_pool_sees_how_to_join(world):
    with translation.override("en"):
        response = world.client_for("ministry_admin").get("/evaluasi/penilaian-saya/")
    assert response.status_code == 200 and response.context["assessor"] is None


# ---------------------------------------------------------------- the API


def test_api_pool(world, admin):
    client = world.client_for("ministry_admin")
    UserFactory(username="dosen")
    created = client.post(
        "/api/v1/evaluation/assessors/",
        {"username": "dosen", "category": "academic", "home_region": "52.04", "expertise": ["IMPACT"]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    assert created["Location"] == "/api/v1/evaluation/assessors/ASR-001/"
    assert created.json()["home_province"] == "52"
    bad = client.post(
        "/api/v1/evaluation/assessors/",
        {"username": "dosen", "category": "academic"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "user" in bad.json()["error"]["fields"]
    bad = client.post(
        "/api/v1/evaluation/assessors/",
        {"username": "koord_b", "category": "academic", "home_province": "99"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "home_province" in bad.json()["error"]["fields"]
    assert Assessor.objects.count() == 1
    listed = client.get("/api/v1/evaluation/assessors/?expertise=IMPACT&active=true")
    assert [r["code"] for r in listed.json()["results"]] == ["ASR-001"]
    assert client.get("/api/v1/evaluation/assessors/?active=maybe").status_code == 400
    assert client.get("/api/v1/evaluation/assessors/?province=5").status_code == 400
    patched = client.patch(
        "/api/v1/evaluation/assessors/ASR-001/",
        {"row_version": 1, "institution": "ITS", "active": False},
        content_type="application/json",
    )
    assert patched.status_code == 200
    assert (patched.json()["institution"], patched.json()["active"]) == ("ITS", False)
    stale = client.patch(
        "/api/v1/evaluation/assessors/ASR-001/",
        {"row_version": 1, "institution": "UI"},
        content_type="application/json",
    )
    assert stale.status_code == 409 and stale.json()["error"]["current"]["institution"] == "ITS"
    assert client.get("/api/v1/evaluation/assessors/ASR-999/").status_code == 404


def test_api_assignments(world, admin):
    round_ = round_make([world.region_a, world.region_b])
    assessor_make(admin, "ntb", home_province=world.region_a.province)
    me = assessor_make(admin, "asesor", home_province=province("11"))
    client = world.client_for("ministry_admin")
    with translation.override("en"):
        short = client.post(
            f"/api/v1/evaluation/rounds/{round_.code}/assignments/",
            {"per_region": 2},
            content_type="application/json",
        )
    assert (
        short.status_code == 400 and "Kabupaten Sumbawa" in short.json()["error"]["fields"]["per_region"][0]
    )
    done = client.post(
        f"/api/v1/evaluation/rounds/{round_.code}/assignments/",
        {"per_region": 1},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["created"] == 2
    rows = client.get(f"/api/v1/evaluation/rounds/{round_.code}/assignments/").json()["results"]
    # 52.04 has one assessor free of conflict (ASR-002) and is staffed first; 51.08 gets the other
    assert {r["region"]: [a["code"] for a in r["assessors"]] for r in rows} == {
        "51.08": ["ASR-001"],
        "52.04": [me.code],
    }
    refused = client.post(
        f"/api/v1/evaluation/rounds/{round_.code}/assignments/52.04/",
        {"add": "ASR-001", "reason": "Perlu"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "add" in refused.json()["error"]["fields"]
    unknown = client.post(
        f"/api/v1/evaluation/rounds/{round_.code}/assignments/52.04/",
        {"add": "ASR-404", "reason": "Perlu"},
        content_type="application/json",
    )
    assert unknown.status_code == 400
    mine = world.client_for("assessor")
    listed = mine.get("/api/v1/evaluation/assignments/mine/").json()["results"]
    assert [(r["round"], r["region"]) for r in listed] == [(round_.code, "52.04")]
    declared = mine.post(f"/api/v1/evaluation/assignments/mine/{round_.code}/52.04/no-conflict/")
    assert declared.status_code == 200 and declared.json()["no_conflict_declared_at"]
    conflict = mine.post(
        f"/api/v1/evaluation/assignments/mine/{round_.code}/52.04/conflict/",
        {"reason": "Pernah menjadi konsultan"},
        content_type="application/json",
    )
    assert conflict.status_code == 201 and conflict.json()["region"] == "52.04"
    assert not Assignment.objects.filter(assessor=me).exists()
