"""The audit-trail and job API: read-only, scoped to the caller."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from kotacerdas.core.models import AuditEvent, Job
from kotacerdas.core.services import audit_record

API = "/api/v1"


@pytest.fixture
def events(world):
    admin, koord_b = world.users["ministry_admin"], world.users["coordinator_b"]
    koord_b.full_name = "Ketut Wiranata"
    koord_b.save()
    a = audit_record(actor=admin, action="update", obj=world.agency_a, changes={"name": ["x", "y"]})
    b = audit_record(actor=koord_b, action="create", obj=world.agency_b)
    system = audit_record(actor=None, action="import", obj=world.region_a, message="load_regions")
    AuditEvent.objects.filter(pk=system.pk).update(created_at=timezone.now() - dt.timedelta(days=10))
    return a, b, system


def _ids(client, query: str = "") -> list[int]:
    response = client.get(f"{API}/audit-events/{query}")
    assert response.status_code == 200, response.content
    return [e["id"] for e in response.json()["results"]]


def test_scoped_to_the_callers_regions(world, events):
    a, b, system = events
    assert _ids(world.client_for("ministry_admin")) == [b.pk, a.pk, system.pk]
    assert _ids(world.client_for("coordinator_a")) == [a.pk, system.pk]
    assert _ids(world.client_for("officer_a")) == [a.pk, system.pk]
    assert _ids(world.client_for("coordinator_b")) == [b.pk]
    assert _ids(world.client_for("assessor")) == []
    assert world.client_for("anonymous").get(f"{API}/audit-events/").status_code == 401


def test_payload(world, events):
    a, _b, system = events
    data = world.client_for("coordinator_a").get(f"{API}/audit-events/{a.pk}/").json()
    assert data["actor"] == "admin" and data["region"] == "52.04"
    assert (data["action"], data["object_type"], data["changes"]) == (
        "update",
        "organisation.agency",
        {"name": ["x", "y"]},
    )
    assert world.client_for("coordinator_a").get(f"{API}/audit-events/{system.pk}/").json()["actor"] is None


def test_detail_outside_scope_is_404(world, events):
    _a, b, _system = events
    response = world.client_for("coordinator_a").get(f"{API}/audit-events/{b.pk}/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_filters(world, events):
    a, b, system = events
    client = world.client_for("ministry_admin")
    assert _ids(client, "?region=51.08") == [b.pk]
    assert _ids(client, "?region=99.99") == []
    assert _ids(client, "?object_type=organisation.agency") == [b.pk, a.pk]
    assert _ids(client, f"?object_type=organisation.agency&object_id={a.object_id}") == [a.pk]
    assert _ids(client, "?action=import") == [system.pk]
    assert _ids(client, "?actor=wiranata") == [b.pk]  # the actor's name contains
    today = timezone.localdate()
    assert _ids(client, f"?from={today.isoformat()}") == [b.pk, a.pk]
    assert _ids(client, f"?to={(today - dt.timedelta(days=5)).isoformat()}") == [system.pk]
    bad = client.get(f"{API}/audit-events/?from=yesterday&action=explode")
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"from", "action"}


@pytest.mark.parametrize("rows", [3, 30])
def test_audit_list_query_count_is_constant(world, rows, django_assert_num_queries):
    for i in range(rows):
        audit_record(actor=world.users["pendamping"], action="update", obj=world.agency_a, message=str(i))
    client = world.client_for("coordinator_a")
    # session, user, memberships, page (actors and regions joined): no count, whatever the size
    with django_assert_num_queries(4):
        response = client.get(f"{API}/audit-events/?page_size=100")
    assert len(response.json()["results"]) == rows
    # the actor filter adds one query (the people whose name matches); a later page costs the same
    with django_assert_num_queries(5):
        response = client.get(f"{API}/audit-events/?page_size=2&actor=pendamping")
    assert len(response.json()["results"]) == 2
    with django_assert_num_queries(5):
        assert client.get(response.json()["next"]).status_code == 200


def test_cursor_pages_walk_the_whole_trail_both_ways(world):
    events = [
        audit_record(actor=world.users["pendamping"], action="update", obj=world.agency_a, message=str(i))
        for i in range(7)
    ]
    same_time = timezone.now() - dt.timedelta(hours=1)
    # ties in time are ordered by id: the page boundary falls inside a group of equal times
    AuditEvent.objects.filter(pk__in=[e.pk for e in events[1:5]]).update(created_at=same_time)
    client = world.client_for("coordinator_a")
    expected = list(AuditEvent.objects.order_by("-created_at", "-id").values_list("pk", flat=True))
    first = client.get(f"{API}/audit-events/?page_size=3").json()
    assert set(first) == {"next", "previous", "results"} and first["previous"] is None
    seen, pages, page = [], [], first
    while True:
        pages.append(page)
        seen += [e["id"] for e in page["results"]]
        if page["next"] is None:
            break
        assert "page_size=3" in page["next"]
        page = client.get(page["next"]).json()
    assert seen == expected and len(pages) == 3
    back = client.get(pages[-1]["previous"]).json()
    assert [e["id"] for e in back["results"]] == [e["id"] for e in pages[1]["results"]]
    back = client.get(back["previous"]).json()
    assert [e["id"] for e in back["results"]] == expected[:3] and back["previous"] is None


@pytest.mark.parametrize(
    "query,field",
    [
        ("cursor=nonsense", "cursor"),
        ("cursor=WyJhZnRlciIsWzFdXQ", "cursor"),  # a cursor of another ordering
        ("page_size=0", "page_size"),
        ("page_size=501", "page_size"),
        ("page_size=ten", "page_size"),
    ],
)
def test_bad_cursor_or_page_size_is_a_400(world, events, query, field):
    response = world.client_for("ministry_admin").get(f"{API}/audit-events/?{query}")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {field}


def test_actor_filter_resolves_people_by_name_first(world, events):
    _a, b, _system = events
    client = world.client_for("ministry_admin")
    assert _ids(client, "?actor=ketut wiranata") == [b.pk]  # every word must match
    assert _ids(client, "?actor=koord_b") == [b.pk]  # the username too
    assert _ids(client, "?actor=wiranata admin") == []
    assert _ids(client, "?actor=nobody-is-called-this") == []


def test_job_status(world):
    job = Job.objects.create(
        kind="import", created_by=world.users["coordinator_a"], region=world.region_a, progress=40
    )
    data = world.client_for("coordinator_a").get(f"{API}/jobs/{job.code}/").json()
    assert (data["code"], data["status"], data["progress"], data["region"], data["finished"]) == (
        str(job.code),
        "queued",
        40,
        "52.04",
        False,
    )
    assert world.client_for("coordinator_b").get(f"{API}/jobs/{job.code}/").status_code == 404
    assert world.client_for("ministry_admin").get(f"{API}/jobs/{uuid.uuid4()}/").status_code == 404
    not_uuid = world.client_for("ministry_admin").get(f"{API}/jobs/not-a-uuid/")
    assert not_uuid.status_code == 404
