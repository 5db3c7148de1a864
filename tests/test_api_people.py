"""The people API: users and their memberships; people.manage for all but oneself."""

from __future__ import annotations

import pytest

from kotacerdas.accounts.models import Membership, User
from kotacerdas.core.models import AuditEvent

from .factories import UserFactory, membership

API = "/api/v1"


def test_admin_lists_everyone_with_memberships(world):
    response = world.client_for("ministry_admin").get(f"{API}/people/?page_size=100")
    assert response.status_code == 200
    people = {p["username"]: p for p in response.json()["results"]}
    assert set(people) == {"admin", "pendamping", "koord_a", "opd_a", "asesor", "koord_b"}
    officer = people["opd_a"]["memberships"]
    assert [(m["role"], m["region"], m["agency"]) for m in officer] == [
        ("agency_officer", "52.04", "disdukcapil")
    ]


def test_filters(world):
    client = world.client_for("ministry_admin")
    coordinators = client.get(f"{API}/people/?role=coordinator").json()["results"]
    assert [p["username"] for p in coordinators] == ["koord_a", "koord_b"]
    assert [p["username"] for p in client.get(f"{API}/people/?q=asesor").json()["results"]] == ["asesor"]
    assert client.get(f"{API}/people/?role=king").status_code == 400


@pytest.mark.parametrize("role", ["pendamping", "coordinator_a", "officer_a", "assessor", "coordinator_b"])
def test_others_read_only_themselves(world, role):
    client = world.client_for(role)
    me = client.get(f"{API}/people/me/")
    assert me.status_code == 200
    username = world.users[role].username
    assert me.json()["username"] == username and me.json()["memberships"]
    assert client.get(f"{API}/people/{username}/").json() == me.json()
    assert client.get(f"{API}/people/").status_code == 403
    assert client.get(f"{API}/people/admin/").status_code == 403


def test_anonymous_is_401(world):
    client = world.client_for("anonymous")
    for path in ("/people/", "/people/me/", "/people/admin/"):
        response = client.get(f"{API}{path}")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "not_authenticated"


def test_create_person_and_manage_roles(world):
    client = world.client_for("ministry_admin")
    created = client.post(
        f"{API}/people/",
        {"username": "baru", "full_name": "Orang Baru", "email": "baru@example.id"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created["Location"] == f"{API}/people/baru/"
    assert created.json()["memberships"] == []
    user = User.objects.get(username="baru")
    assert not user.has_usable_password()
    assert AuditEvent.objects.filter(
        object_type="accounts.user", object_id=str(user.pk), action="create"
    ).exists()

    added = client.post(
        f"{API}/people/baru/memberships/",
        {"role": "agency_officer", "region": "52.04", "agency": "diskominfo"},
        content_type="application/json",
    )
    assert added.status_code == 201, added.content
    [role] = added.json()["memberships"]
    assert (role["role"], role["region"], role["agency"]) == ("agency_officer", "52.04", "diskominfo")

    removed = client.delete(f"{API}/people/baru/memberships/{role['id']}/")
    assert removed.status_code == 204
    assert not Membership.objects.filter(user=user).exists()
    assert client.delete(f"{API}/people/baru/memberships/{role['id']}/").status_code == 404


def test_bad_person_input_is_400_and_writes_nothing(world):
    client = world.client_for("ministry_admin")
    users, events = User.objects.count(), AuditEvent.objects.count()
    taken = client.post(f"{API}/people/", {"username": "KOORD_A"}, content_type="application/json")
    assert taken.status_code == 400 and "username" in taken.json()["error"]["fields"]
    bad = client.post(f"{API}/people/", {"username": "a b/c", "email": "x"}, content_type="application/json")
    assert set(bad.json()["error"]["fields"]) == {"username", "email"}
    reserved = client.post(f"{API}/people/", {"username": "Me"}, content_type="application/json")
    assert "username" in reserved.json()["error"]["fields"]
    for body in (
        {"role": "coordinator"},  # a region is needed
        {"role": "coordinator", "region": "99.99"},
        {"role": "agency_officer", "region": "51.08", "agency": "disdukcapil"},  # not an agency of 51.08
        {"role": "agency_officer", "agency": "disdukcapil"},
        {"role": "coordinator", "region": "51.08"},  # koord_b already has it
        {"role": "king"},
    ):
        response = client.post(f"{API}/people/koord_b/memberships/", body, content_type="application/json")
        assert response.status_code == 400, (body, response.content)
        assert response.json()["error"]["code"] == "invalid"
    assert (User.objects.count(), AuditEvent.objects.count()) == (users, events)
    assert Membership.objects.filter(user__username="koord_b").count() == 1


@pytest.mark.parametrize("rows", [3, 30])
def test_people_list_query_count_is_constant(world, rows, django_assert_num_queries):
    for i in range(rows):
        membership(UserFactory(username=f"orang{i:02d}"), "agency_officer", agency=world.agency_a)
    client = world.client_for("ministry_admin")
    # session, user, memberships (actor), page (cursor pages: no count), memberships (regions and
    # agencies joined)
    with django_assert_num_queries(5):
        response = client.get(f"{API}/people/?page_size=100")
    assert response.status_code == 200 and len(response.json()["results"]) == rows + 6
