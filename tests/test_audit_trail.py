"""The audit trail at national size: keyset pages, the actor search, the object types from the
model registry, and a fixed number of queries on the page and in the admin."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kotacerdas.core import selectors
from kotacerdas.core.keyset import InvalidCursor, Keyset
from kotacerdas.core.models import AuditEvent
from kotacerdas.core.services import audit_record
from kotacerdas.regions.models import Region

PAGE = "/jejak-audit/"


def _events(world, n, *, actor="pendamping", obj=None):
    return [
        audit_record(actor=world.users[actor], action="update", obj=obj or world.agency_a, message=str(i))
        for i in range(n)
    ]


def _ids(response):
    assert response.status_code == 200
    return [e.pk for e in response.context["page"]]


def test_page_walks_every_event_by_cursor_and_keeps_the_filters(world, monkeypatch):
    from kotacerdas.core import views

    monkeypatch.setattr(views, "AUDIT_PAGE_SIZE", 4)
    _events(world, 9)
    _events(world, 3, obj=world.agency_b)  # region B: filtered out below
    client = world.client_for("ministry_admin")
    expected = list(
        AuditEvent.objects.filter(region=world.region_a)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)
    )
    response = client.get(f"{PAGE}?region=52.04")
    seen = _ids(response)
    pages = 1
    while response.context["page"].next_cursor:
        html = response.content.decode()
        assert 'rel="next"' in html and "region=52.04&amp;cursor=" in html
        response = client.get(PAGE, {"region": "52.04", "cursor": response.context["page"].next_cursor})
        seen += _ids(response)
        pages += 1
    assert seen == expected and pages == 3
    back = client.get(PAGE, {"region": "52.04", "cursor": response.context["page"].previous_cursor})
    assert _ids(back) == expected[4:8]


def test_a_bad_cursor_shows_the_first_page(world):
    events = _events(world, 2)
    response = world.client_for("ministry_admin").get(f"{PAGE}?cursor=not-a-cursor")
    assert _ids(response) == [events[1].pk, events[0].pk]


def test_actor_search_finds_people_by_name_then_their_events(world):
    coord = world.users["coordinator_b"]
    coord.full_name = "Ketut Wiranata"
    coord.save()
    theirs = _events(world, 2, actor="coordinator_b", obj=world.agency_b)
    _events(world, 2, actor="ministry_admin")
    client = world.client_for("ministry_admin")
    assert _ids(client.get(f"{PAGE}?actor=Wiranata")) == [theirs[1].pk, theirs[0].pk]
    assert _ids(client.get(f"{PAGE}?actor=ketut+wira")) == [theirs[1].pk, theirs[0].pk]
    assert _ids(client.get(f"{PAGE}?actor=koord_b")) == [theirs[1].pk, theirs[0].pk]
    assert _ids(client.get(f"{PAGE}?actor=nobody-at-all")) == []
    # a coordinator of A finds B's coordinator by name, but sees none of B's events
    assert _ids(world.client_for("coordinator_a").get(f"{PAGE}?actor=Wiranata")) == []


def test_actor_ids_are_looked_up_in_the_user_table_and_capped(world, monkeypatch):
    monkeypatch.setattr(selectors, "ACTOR_MATCH_LIMIT", 2)
    assert selectors.audit_actor_ids("   ") == []
    ids = selectors.audit_actor_ids("o")  # koord_a, koord_b, opd_a, asesor, pendamping…
    assert len(ids) == 2


def test_day_filters_are_time_ranges_in_the_local_day(world):
    old, new = _events(world, 2)
    AuditEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=3))
    today = timezone.localdate()
    client = world.client_for("ministry_admin")
    assert _ids(client.get(f"{PAGE}?from={today}")) == [new.pk]
    assert _ids(client.get(f"{PAGE}?to={today - dt.timedelta(days=1)}")) == [old.pk]
    assert _ids(client.get(f"{PAGE}?from={today - dt.timedelta(days=3)}&to={today}")) == [new.pk, old.pk]
    assert _ids(client.get(f"{PAGE}?from=2026-02-31")) == [new.pk, old.pk]  # impossible day: ignored


def test_object_types_come_from_the_model_registry_without_a_query(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        types = dict(selectors.audit_object_types())
    assert {"organisation.agency", "programme.participation", "accounts.user", "regions.region"} <= set(types)
    assert "masterplans.masterplan" in types
    assert "core.auditevent" not in types and "core.job" not in types
    # the types of the events recorded are among them
    audit_record(actor=None, action="import", obj=world.region_a)
    audit_record(actor=None, action="update", obj=world.users["coordinator_a"])
    assert set(AuditEvent.objects.values_list("object_type", flat=True)) <= set(types)
    page = world.client_for("coordinator_a").get(PAGE).content.decode()
    assert 'value="organisation.agency"' in page  # every reader can filter by type


@pytest.mark.parametrize(
    "role,query,queries",
    [
        # session, user, memberships (actor), the bell's unread count, page (regions joined)
        ("ministry_admin", "", 5),
        ("coordinator_a", "", 6),  # + the coordinator's regions (the menu)
        # + the region's id
        ("ministry_admin", "?region=52.04", 6),
        # + the people whose name matches
        ("ministry_admin", "?actor=pendamping&object_type=organisation.agency&action=update", 6),
    ],
)
def test_page_query_count_is_pinned_and_does_not_grow(world, role, query, queries, django_assert_num_queries):
    client = world.client_for(role)
    _events(world, 3)
    with django_assert_num_queries(queries):
        small = client.get(f"{PAGE}{query}")
    assert len(small.context["page"]) == 3
    _events(world, 60)
    with django_assert_num_queries(queries):
        large = client.get(f"{PAGE}{query}")
    assert len(large.context["page"]) == 50
    with django_assert_num_queries(queries):  # a later page costs the same
        later = client.get(f"{PAGE}{query or '?'}&cursor={large.context['page'].next_cursor}")
    assert len(later.context["page"]) == 13


def test_admin_changelist_filters_without_scanning(world, django_assert_max_num_queries):
    _events(world, 5)
    audit_record(actor=None, action="import", obj=world.region_a)
    admin = world.client_for("ministry_admin")
    url = "/admin/core/auditevent/"
    counts = []
    for query in ("", "?object_type=regions.region", "?q=pendamping", "?action__exact=update"):
        with django_assert_max_num_queries(12) as captured:
            response = admin.get(url + query)
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))
        sql = " ".join(q["sql"] for q in captured.captured_queries).upper()
        assert "DISTINCT" not in sql  # no scan of the table for the object-type list
    assert response.context["cl"].result_count == 5
    assert admin.get(url + "?object_type=regions.region").context["cl"].result_count == 1
    assert admin.get(url + "?q=pendamping").context["cl"].result_count == 5
    assert admin.get(url + "?q=pendam").context["cl"].result_count == 0  # exact username only
    _events(world, 40)
    with django_assert_max_num_queries(counts[0]):
        admin.get(url)


def test_admin_count_is_capped(world, monkeypatch):
    from kotacerdas.core.admin import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "CAP", 3)
    _events(world, 6)
    response = world.client_for("ministry_admin").get("/admin/core/auditevent/")
    assert response.context["cl"].result_count == 4


def test_keyset_ascending_on_several_keys(world):
    from .factories import RegionFactory

    for i in range(5):
        RegionFactory(code=f"53.{i:02d}", name="Kabupaten Sama")
    keyset = Keyset(Region, ["name", "code"])
    qs = Region.objects.all()
    expected = list(qs.order_by("name", "code").values_list("code", flat=True))
    seen, cursor = [], ""
    while True:
        page = keyset.page(qs, cursor=cursor, size=2)
        seen += [r.code for r in page]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == expected
    with pytest.raises(InvalidCursor):
        keyset.decode("WyJzaWRld2F5cyIsWyJhIiwiYiJdXQ")  # ["sideways", ["a", "b"]]
    with pytest.raises(InvalidCursor):
        Keyset(AuditEvent, ["-created_at", "-id"]).decode("WyJhZnRlciIsWyJub3QgYSB0aW1lIiwxXV0")
