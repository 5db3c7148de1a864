"""Lists and dashboards run a fixed number of queries, whatever the amount of data."""

import datetime as dt

import pytest

from kotacerdas.core.services import audit_record
from kotacerdas.programme import services as programme_services

from .factories import CohortFactory, RegionFactory


def _enrol(n, start=10):
    CohortFactory(year=2022)
    for i in range(start, start + n):
        region = RegionFactory(code=f"52.{i:02d}", name=f"Kabupaten Uji {i}")
        programme_services.participation_enrol(
            actor=None, region_code=region.code, cohort_year=2022, selected_on=dt.date(2022, 1, 1)
        )


def _count(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# Every page of a signed-in person counts their unread notifications once (the bell in the
# layout): +1 on each signed-in page below, none for anonymous visitors.
@pytest.mark.parametrize(
    "url,role,pinned",
    [
        ("/", "ministry_admin", 8),
        ("/program/peserta/", "ministry_admin", 8),
        ("/wilayah/", "anonymous", 3),
        ("/jejak-audit/", "ministry_admin", 5),  # session, user, memberships, bell, one keyset page
        ("/akun/orang/", "ministry_admin", 7),
        ("/wilayah/52.04/", "coordinator_a", 19),  # + the current reporting period (2: none open), rounds
    ],
)
def test_query_count_does_not_grow(world, url, role, pinned, django_assert_max_num_queries):
    """The count is the same with little and much data, and it is the number pinned here."""
    client = world.client_for(role)
    _enrol(2)
    for i in range(3):
        audit_record(
            actor=world.users["ministry_admin"],
            action="update",
            obj=world.agency_a,
            changes={"x": [i, i + 1]},
        )
    small = _count(client, url, django_assert_max_num_queries)
    _enrol(12, start=20)
    for i in range(30):
        audit_record(
            actor=world.users["ministry_admin"],
            action="update",
            obj=world.agency_b,
            changes={"x": [i, i + 1]},
        )
    from tests.factories import UserFactory, membership

    for i in range(10):
        membership(UserFactory(username=f"extra{i}"), "coordinator", region=world.region_b)
    large = _count(client, url, django_assert_max_num_queries)
    assert large == small, f"{url}: {small} queries with little data, {large} with more"
    assert small == pinned, f"{url}: {small} queries, {pinned} pinned"
