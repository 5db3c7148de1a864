"""Organisation API: scoping, writes through the services, the error shape, 409 on stale versions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.core.models import AuditEvent
from kotacerdas.organisation import services
from kotacerdas.organisation.models import Agency, BodyMember, Decree, ForumMeeting, WorkingGroup

API = "/api/v1"


@pytest.fixture
def org(world):
    """A little organisation in each region."""
    admin = world.users["ministry_admin"]
    out = {}
    for key, region in (("a", world.region_a), ("b", world.region_b)):
        decree = services.decree_create(
            actor=admin,
            region=region,
            kind="dewan",
            number="1 Tahun 2019",
            date=dt.date(2019, 6, 1),
            title="SK",
        )
        out[f"decree_{key}"] = decree
        out[f"member_{key}"] = services.body_member_create(
            actor=admin, region=region, body="dewan", name=f"Ketua {key}", role="ketua", decree=decree
        )
        out[f"meeting_{key}"] = services.forum_meeting_create(
            actor=admin, region=region, date=dt.date(2024, 1, 10), title=f"Forum {key}", minutes="Notulen"
        )
    from kotacerdas.programme.models import Dimension

    out["pokja_a"] = services.working_group_set(
        actor=admin,
        region=world.region_a,
        dimension=Dimension.objects.get(code="GOV"),
        leading_agency=world.agency_a2,
    )
    return out


def uids(response):
    return {row["uid"] for row in response.json()["results"]}


def test_agencies_list_is_public_and_filtered_by_region(world):
    response = world.client_for("anonymous").get(f"{API}/agencies/?region=52.04")
    assert response.status_code == 200
    assert uids(response) == {str(world.agency_a.uid), str(world.agency_a2.uid)}
    row = response.json()["results"][0]
    assert set(row) == {
        "uid",
        "region",
        "code",
        "acronym",
        "name",
        "kind",
        "is_active",
        "row_version",
        "created_at",
        "updated_at",
    }
    assert row["region"] == "52.04"


@pytest.mark.parametrize("endpoint", ["decrees", "body-members", "forum-meetings"])
def test_private_lists_are_scoped_to_readable_regions(world, org, endpoint):
    key = {"decrees": "decree", "body-members": "member", "forum-meetings": "meeting"}[endpoint]
    a, b = str(org[f"{key}_a"].uid), str(org[f"{key}_b"].uid)
    assert uids(world.client_for("coordinator_a").get(f"{API}/{endpoint}/")) == {a}
    assert uids(world.client_for("coordinator_b").get(f"{API}/{endpoint}/")) == {b}
    assert uids(world.client_for("ministry_admin").get(f"{API}/{endpoint}/")) == {a, b}
    assert uids(world.client_for("ministry_admin").get(f"{API}/{endpoint}/?region=51.08")) == {b}
    assert uids(world.client_for("anonymous").get(f"{API}/{endpoint}/")) == set()
    assert uids(world.client_for("assessor").get(f"{API}/{endpoint}/")) == set()


@pytest.mark.parametrize(
    "endpoint,key",
    [
        ("decrees", "decree_a"),
        ("body-members", "member_a"),
        ("forum-meetings", "meeting_a"),
        ("working-groups", "pokja_a"),
    ],
)
def test_coordinator_of_b_gets_404_on_a_private_objects(world, org, endpoint, key):
    url = f"{API}/{endpoint}/{org[key].uid}/"
    client = world.client_for("coordinator_b")
    for method in ("get", "patch", "delete"):
        kwargs = {"data": {"row_version": 1}, "content_type": "application/json"} if method == "patch" else {}
        response = getattr(client, method)(url, **kwargs)
        assert response.status_code == 404, method
        assert response.json()["error"]["code"] == "not_found"
    assert world.client_for("coordinator_a").get(url).status_code == 200


def test_coordinator_of_b_cannot_change_as_agency(world):
    response = world.client_for("coordinator_b").patch(
        f"{API}/agencies/{world.agency_a.uid}/",
        {"name": "X", "row_version": 1},
        content_type="application/json",
    )
    assert response.status_code == 404
    response = world.client_for("pendamping").patch(
        f"{API}/agencies/{world.agency_a.uid}/",
        {"name": "X", "row_version": 1},
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
    world.agency_a.refresh_from_db()
    assert world.agency_a.name != "X"


def test_create_agency_through_service_with_audit(world):
    client = world.client_for("coordinator_a")
    response = client.post(
        f"{API}/agencies/",
        {
            "region": "52.04",
            "code": "dinkes",
            "acronym": "Dinkes",
            "name": "Dinas Kesehatan",
            "kind": "dinas",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["row_version"] == 1 and body["is_active"] is True
    agency = Agency.objects.get(uid=body["uid"])
    assert AuditEvent.objects.filter(object_type="organisation.agency", object_id=str(agency.pk)).exists()


def test_create_in_another_region_is_404_for_coordinator_b(world):
    response = world.client_for("coordinator_b").post(
        f"{API}/agencies/",
        {
            "region": "52.04",
            "code": "dinkes",
            "acronym": "Dinkes",
            "name": "Dinas Kesehatan",
            "kind": "dinas",
        },
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Agency.objects.filter(code="dinkes").exists()


def test_validation_error_shape(world):
    response = world.client_for("coordinator_a").post(
        f"{API}/agencies/",
        {"region": "52.04", "code": "diskominfo", "acronym": "Diskominfo", "name": "Dup", "kind": "dinas"},
        content_type="application/json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["message"]
    assert set(error["fields"]) == {"code", "acronym"}


def test_member_with_agency_of_other_region_is_400(world, org):
    response = world.client_for("coordinator_a").post(
        f"{API}/body-members/",
        {"region": "52.04", "body": "dewan", "name": "X", "agency": str(world.agency_b.uid)},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["agency"]
    response = world.client_for("coordinator_a").post(
        f"{API}/body-members/",
        {"region": "52.04", "body": "tim_pelaksana", "name": "X", "decree": str(org["decree_a"].uid)},
        content_type="application/json",
    )
    assert response.status_code == 400 and "decree" in response.json()["error"]["fields"]
    response = world.client_for("coordinator_a").post(
        f"{API}/body-members/",
        {"region": "52.04", "body": "dewan", "name": "X", "agency": "not-a-uid"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "agency" in response.json()["error"]["fields"]
    assert BodyMember.objects.filter(name="X").count() == 0


def test_patch_requires_row_version_and_stale_one_is_409(world, org):
    client = world.client_for("coordinator_a")
    url = f"{API}/forum-meetings/{org['meeting_a'].uid}/"
    response = client.patch(url, {"title": "Baru"}, content_type="application/json")
    assert response.status_code == 400 and "row_version" in response.json()["error"]["fields"]
    response = client.patch(url, {"title": "Baru", "row_version": 1}, content_type="application/json")
    assert response.status_code == 200 and response.json()["row_version"] == 2
    response = client.patch(url, {"title": "Lain", "row_version": 1}, content_type="application/json")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict" and error["current"] == {"title": "Baru", "row_version": 2}
    assert ForumMeeting.objects.get(pk=org["meeting_a"].pk).title == "Baru"


def test_delete_with_stale_version_is_409_then_works(world, org):
    client = world.client_for("coordinator_a")
    member = org["member_a"]
    url = f"{API}/body-members/{member.uid}/"
    assert client.delete(f"{url}?row_version=5").status_code == 409
    assert client.delete(f"{url}?row_version=1").status_code == 204
    assert not BodyMember.objects.filter(pk=member.pk).exists()


def test_decree_upload_pdf_and_refuse_other_files(world):
    client = world.client_for("coordinator_a")
    data = {
        "region": "52.04",
        "kind": "tim_pelaksana",
        "number": "2",
        "date": "2019-06-12",
        "title": "SK Tim",
    }
    response = client.post(f"{API}/decrees/", data | {"document": SimpleUploadedFile("sk.txt", b"hello")})
    assert response.status_code == 400 and "document" in response.json()["error"]["fields"]
    response = client.post(
        f"{API}/decrees/", data | {"document": SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n%%EOF")}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["document_url"].endswith(f"/organisasi/52.04/sk/{body['uid']}/berkas/")
    assert "document" not in body
    response = client.post(f"{API}/decrees/", data | {"date": "2999-01-01", "number": "3"})
    assert response.status_code == 400 and "date" in response.json()["error"]["fields"]
    assert Decree.objects.filter(region=world.region_a).count() == 1


def test_working_group_set_and_patch(world, org):
    client = world.client_for("coordinator_a")
    response = client.post(
        f"{API}/working-groups/",
        {
            "region": "52.04",
            "dimension": "ENV",
            "leading_agency": str(world.agency_a.uid),
            "lead_name": "Kadis",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    uid = response.json()["uid"]
    response = client.patch(
        f"{API}/working-groups/{uid}/",
        {"leading_agency": str(world.agency_b.uid), "row_version": 1},
        content_type="application/json",
    )
    assert response.status_code == 400 and "leading_agency" in response.json()["error"]["fields"]
    response = client.patch(
        f"{API}/working-groups/{uid}/",
        {"leading_agency": str(world.agency_a2.uid), "row_version": 1},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["leading_agency"] == str(world.agency_a2.uid)
    assert WorkingGroup.objects.filter(region=world.region_a).count() == 2


def test_read_only_roles_get_403_on_writes(world, org):
    for role in ("pendamping", "officer_a"):
        response = world.client_for(role).post(
            f"{API}/forum-meetings/",
            {"region": "52.04", "date": "2024-02-01", "title": "Forum"},
            content_type="application/json",
        )
        assert response.status_code == 403, role
    assert world.client_for("anonymous").post(f"{API}/forum-meetings/", {}).status_code == 401
