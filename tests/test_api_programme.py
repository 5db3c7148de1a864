"""The programme API: cohorts and participations, scoped reads and service-backed writes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.core.models import AuditEvent
from kotacerdas.programme import services
from kotacerdas.programme.models import Cohort, MoU, Participation, StageChange

from .factories import CohortFactory, ParticipationFactory, RegionFactory

API = "/api/v1"


@pytest.fixture
def enrolled(world):
    CohortFactory(year=2022)
    return services.participation_enrol(
        actor=world.users["ministry_admin"],
        region_code="52.04",
        cohort_year=2022,
        selected_on=dt.date(2022, 1, 10),
    )


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def test_participation_detail_embeds_timeline_and_mou(world, enrolled):
    services.mou_record(
        actor=None,
        participation=enrolled,
        number="MOU/7/2022",
        date=dt.date(2022, 2, 1),
        signatories="Bupati",
    )
    response = world.client_for("coordinator_a").get(f"{API}/participations/52.04/")
    assert response.status_code == 200
    data = response.json()
    assert (data["region"], data["province"], data["cohort"], data["stage"]) == (
        "52.04",
        "52",
        2022,
        "selected",
    )
    assert data["next_stage"] == "mou_signed"
    assert data["mou"]["number"] == "MOU/7/2022" and data["mou"]["document"] is None
    assert [s["stage"] for s in data["timeline"]][:2] == ["selected", "mou_signed"]
    assert data["timeline"][0] == {
        "stage": "selected",
        "stage_label": data["timeline"][0]["stage_label"],
        "state": "current",
        "date": "2022-01-10",
        "note": "",
    }
    assert {s["state"] for s in data["timeline"][1:]} == {"todo"}


def test_coordinator_of_b_gets_404_for_a(world, enrolled):
    client = world.client_for("coordinator_b")
    _error(client.get(f"{API}/participations/52.04/"), 404, "not_found")
    _error(
        client.post(
            f"{API}/participations/52.04/advance/",
            {"stage": "mou_signed", "date": "2022-03-01", "row_version": 1},
            content_type="application/json",
        ),
        404,
        "not_found",
    )
    assert client.get(f"{API}/participations/").json()["results"] == []


def test_missing_and_forbidden_look_the_same(world, enrolled):
    client = world.client_for("coordinator_b")
    forbidden = client.get(f"{API}/participations/52.04/").json()
    missing = client.get(f"{API}/participations/99.99/").json()
    assert forbidden == missing


def test_coordinator_a_may_read_but_not_advance(world, enrolled):
    client = world.client_for("coordinator_a")
    _error(
        client.post(
            f"{API}/participations/52.04/advance/",
            {"stage": "mou_signed", "date": "2022-03-01", "row_version": 1},
            content_type="application/json",
        ),
        403,
        "permission_denied",
    )


def test_enrol_via_api(world):
    CohortFactory(year=2022)
    client = world.client_for("ministry_admin")
    response = client.post(
        f"{API}/participations/",
        {"region": "51.08", "cohort": 2022, "selected_on": "2022-02-01", "notes": "Gelombang 2"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response["Location"] == f"{API}/participations/51.08/"
    data = response.json()
    assert (data["region"], data["stage"], data["notes"]) == ("51.08", "selected", "Gelombang 2")
    assert data["timeline"][0]["date"] == "2022-02-01"
    participation = Participation.objects.get(region__code="51.08")
    assert AuditEvent.objects.filter(
        object_type="programme.participation", object_id=str(participation.pk), actor__username="admin"
    ).exists()


def test_enrol_unknown_region_code_is_400_and_writes_nothing(world):
    CohortFactory(year=2022)
    events = AuditEvent.objects.count()
    response = world.client_for("ministry_admin").post(
        f"{API}/participations/",
        {"region": "99.99", "cohort": 2022, "selected_on": "2022-02-01"},
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    error = _error(response, 400, "invalid")
    assert "Unknown region code" in error["fields"]["region"][0]
    assert Participation.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_enrol_missing_fields_is_400_with_every_field(world):
    error = _error(
        world.client_for("ministry_admin").post(
            f"{API}/participations/", {}, content_type="application/json"
        ),
        400,
        "invalid",
    )
    assert set(error["fields"]) == {"region", "cohort", "selected_on"}


def test_stage_out_of_order_is_400_and_writes_nothing(world, enrolled):
    events = AuditEvent.objects.count()
    response = world.client_for("pendamping").post(
        f"{API}/participations/52.04/advance/",
        {"stage": "ratified", "date": "2022-03-01", "row_version": 1},
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    error = _error(response, 400, "invalid")
    assert "Stage out of order" in error["fields"]["stage"][0]
    enrolled.refresh_from_db()
    assert (enrolled.stage, enrolled.row_version) == ("selected", 1)
    assert StageChange.objects.filter(participation=enrolled).count() == 1
    assert AuditEvent.objects.count() == events


def test_advance_records_stage_timeline_and_audit(world, enrolled):
    services.mou_record(
        actor=None,
        participation=enrolled,
        number="MOU/1/2022",
        date=dt.date(2022, 2, 1),
        signatories="Bupati",
    )
    response = world.client_for("pendamping").post(
        f"{API}/participations/52.04/advance/",
        {"stage": "mou_signed", "date": "2022-02-01", "note": "Ditandatangani", "row_version": 1},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["stage"], data["row_version"], data["next_stage"]) == ("mou_signed", 2, "bimtek_1")
    assert data["timeline"][1]["note"] == "Ditandatangani"
    assert [s["state"] for s in data["timeline"][:3]] == ["done", "current", "todo"]
    assert AuditEvent.objects.filter(action="transition", actor__username="pendamping").count() == 1


def test_stale_row_version_on_advance_is_409_with_current(world, enrolled):
    services.participation_update(
        actor=None, participation=enrolled, data={"notes": "changed"}, expected_version=1
    )
    response = world.client_for("ministry_admin").post(
        f"{API}/participations/52.04/advance/",
        {"stage": "mou_signed", "date": "2022-02-01", "row_version": 1},
        content_type="application/json",
    )
    error = _error(response, 409, "conflict")
    assert error["current"] == {"stage": "selected", "stage_date": "2022-01-10", "row_version": 2}
    enrolled.refresh_from_db()
    assert enrolled.stage == "selected"


def test_patch_notes_and_stale_patch_is_409_with_current(world, enrolled):
    client = world.client_for("ministry_admin")
    first = client.patch(
        f"{API}/participations/52.04/",
        {"notes": "Pertama", "row_version": 1},
        content_type="application/json",
    )
    assert first.status_code == 200, first.content
    assert (first.json()["notes"], first.json()["row_version"]) == ("Pertama", 2)
    events = AuditEvent.objects.count()
    stale = client.patch(
        f"{API}/participations/52.04/",
        {"notes": "Kedua", "row_version": 1},
        content_type="application/json",
    )
    error = _error(stale, 409, "conflict")
    assert error["current"] == {"notes": "Pertama", "row_version": 2}
    enrolled.refresh_from_db()
    assert (enrolled.notes, enrolled.row_version) == ("Pertama", 2)
    assert AuditEvent.objects.count() == events


def test_patch_needs_row_version_and_refuses_kawasan_track_without_kawasan(world, enrolled):
    client = world.client_for("ministry_admin")
    error = _error(
        client.patch(f"{API}/participations/52.04/", {"notes": "x"}, content_type="application/json"),
        400,
        "invalid",
    )
    assert "row_version" in error["fields"]
    _error(
        client.patch(
            f"{API}/participations/52.04/",
            {"track": "kawasan", "row_version": 1},
            content_type="application/json",
        ),
        400,
        "invalid",
    )
    enrolled.refresh_from_db()
    assert (enrolled.track, enrolled.row_version) == ("regular", 1)


def test_put_on_participation_is_405(world, enrolled):
    response = world.client_for("ministry_admin").put(
        f"{API}/participations/52.04/", {"notes": "x"}, content_type="application/json"
    )
    _error(response, 405, "method_not_allowed")


def test_mou_multipart_with_document_then_replace(world, enrolled):
    client = world.client_for("pendamping")
    pdf = SimpleUploadedFile("mou.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        f"{API}/participations/52.04/mou/",
        {"number": "MOU/52.04/2022", "date": "2022-02-01", "signatories": "Bupati Sumbawa", "document": pdf},
    )
    assert response.status_code == 201, response.content
    mou = response.json()["mou"]
    assert mou["number"] == "MOU/52.04/2022"
    assert mou["document"].startswith("http://testserver/media/mou/") and mou["document"].endswith(".pdf")
    replaced = client.put(
        f"{API}/participations/52.04/mou/",
        {"number": "MOU/52.04/2022-A", "date": "2022-02-02", "signatories": "Bupati Sumbawa"},
        content_type="application/json",
    )
    assert replaced.status_code == 200, replaced.content
    assert replaced.json()["mou"]["number"] == "MOU/52.04/2022-A"
    assert replaced.json()["mou"]["document"] == mou["document"]  # kept when not sent again
    assert MoU.objects.count() == 1


def test_duplicate_mou_number_is_400_and_writes_nothing(world, enrolled):
    other = services.participation_enrol(
        actor=None, region_code="51.08", cohort_year=2022, selected_on=dt.date(2022, 1, 10)
    )
    services.mou_record(
        actor=None, participation=other, number="MOU/1/2022", date=dt.date(2022, 2, 1), signatories="Bupati"
    )
    events = AuditEvent.objects.count()
    response = world.client_for("ministry_admin").post(
        f"{API}/participations/52.04/mou/",
        {"number": "mou/1/2022", "date": "2022-02-01", "signatories": "Bupati Sumbawa"},
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    error = _error(response, 400, "invalid")
    assert "already recorded" in error["fields"]["number"][0]
    assert MoU.objects.count() == 1
    assert not MoU.objects.filter(participation=enrolled).exists()
    assert AuditEvent.objects.count() == events


def test_mou_document_over_the_limit_is_400(world, enrolled, settings):
    settings.MAX_UPLOAD_BYTES = 10
    pdf = SimpleUploadedFile("mou.pdf", b"%PDF-1.4 too large", content_type="application/pdf")
    response = world.client_for("ministry_admin").post(
        f"{API}/participations/52.04/mou/",
        {"number": "MOU/1", "date": "2022-02-01", "signatories": "Bupati", "document": pdf},
    )
    assert "document" in _error(response, 400, "invalid")["fields"]
    assert MoU.objects.count() == 0


def test_list_filters(world):
    c2021, c2022 = CohortFactory(year=2021), CohortFactory(year=2022)
    ParticipationFactory(region=world.region_a, cohort=c2022, stage="bimtek_2")
    ParticipationFactory(region=world.region_b, cohort=c2022)
    ParticipationFactory(region=RegionFactory(code="52.71", name="Kota Mataram"), cohort=c2021)
    client = world.client_for("ministry_admin")

    def codes(query: str) -> list[str]:
        response = client.get(f"{API}/participations/{query}")
        assert response.status_code == 200, response.content
        return [p["region"] for p in response.json()["results"]]

    assert codes("") == ["51.08", "52.04", "52.71"]
    assert codes("?cohort=2022") == ["51.08", "52.04"]
    assert codes("?cohort=2022&stage=bimtek_2&province=52") == ["52.04"]
    assert codes("?province=52") == ["52.04", "52.71"]
    assert codes("?q=mataram") == ["52.71"]
    error = _error(client.get(f"{API}/participations/?stage=nope&cohort=abc"), 400, "invalid")
    assert set(error["fields"]) == {"stage", "cohort"}


def test_list_is_scoped(world):
    cohort = CohortFactory(year=2022)
    ParticipationFactory(region=world.region_a, cohort=cohort)
    ParticipationFactory(region=world.region_b, cohort=cohort)
    for role, expected in [
        ("ministry_admin", ["51.08", "52.04"]),
        ("pendamping", ["52.04"]),
        ("officer_a", ["52.04"]),
        ("coordinator_b", ["51.08"]),
        ("assessor", []),
    ]:
        results = world.client_for(role).get(f"{API}/participations/").json()["results"]
        assert [p["region"] for p in results] == expected, role


def _participations(n: int) -> None:
    cohort = CohortFactory(year=2022)
    for i in range(1, n + 1):
        ParticipationFactory(region=RegionFactory(code=f"53.{i:02d}", name=f"Kabupaten {i}"), cohort=cohort)


def test_pagination(world):
    _participations(7)
    client = world.client_for("ministry_admin")
    first = client.get(f"{API}/participations/?page_size=3").json()
    assert first["count"] == 7 and len(first["results"]) == 3 and first["previous"] is None
    assert first["next"].endswith("/api/v1/participations/?page=2&page_size=3")
    last = client.get(f"{API}/participations/?page_size=3&page=3").json()
    assert [p["region"] for p in last["results"]] == ["53.07"] and last["next"] is None
    _error(client.get(f"{API}/participations/?page=9"), 404, "not_found")


@pytest.mark.parametrize("rows", [3, 30])
def test_participation_list_query_count_is_constant(world, rows, django_assert_num_queries):
    _participations(rows)
    client = world.client_for("ministry_admin")
    # session, user, memberships, count, page (regions, provinces, cohorts joined)
    with django_assert_num_queries(5):
        response = client.get(f"{API}/participations/?page_size=100")
    assert response.status_code == 200 and len(response.json()["results"]) == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_cohort_list_query_count_is_constant(db, client, rows, django_assert_num_queries):
    for i in range(rows):
        Cohort.objects.create(year=2015 + i, name=f"Angkatan {2015 + i}")
    # count, page (participants counted in the same query); anonymous: no session read
    with django_assert_num_queries(2):
        response = client.get(f"{API}/cohorts/?page_size=100")
    assert response.status_code == 200 and response.json()["count"] == rows


def test_cohorts_public_list_and_create(world, enrolled):
    anonymous = world.client_for("anonymous").get(f"{API}/cohorts/").json()
    assert anonymous["results"][0] | {"created_at": None, "updated_at": None} == {
        "year": 2022,
        "name": "Angkatan 2022",
        "description": "",
        "participant_count": 1,
        "row_version": 1,
        "created_at": None,
        "updated_at": None,
    }
    client = world.client_for("ministry_admin")
    created = client.post(
        f"{API}/cohorts/", {"year": 2030, "name": "Angkatan 2030"}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["participant_count"] == 0
    again = client.post(f"{API}/cohorts/", {"year": 2030, "name": "Lagi"}, content_type="application/json")
    assert "year" in _error(again, 400, "invalid")["fields"]
    assert client.get(f"{API}/cohorts/2030/").json()["name"] == "Angkatan 2030"
    _error(client.get(f"{API}/cohorts/2031/"), 404, "not_found")
