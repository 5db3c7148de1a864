"""Schemathesis over the whole API: every operation (reads and writes), with generated data, sent
as the ministry admin, a region coordinator (both with a token) and an anonymous caller.

Each operation gets a few generated requests with generated path parameters (mostly 404s) and a
few aimed at the real objects of the ``world`` (region A's participation, plan, items and
organisation). The answers must never be a server error and must keep to the OpenAPI schema:
documented status code, content type, headers and body.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import hypothesis
import pytest
import schemathesis
import schemathesis.core.failures
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from kotacerdas.core.models import AuditEvent
from kotacerdas.notifications.models import Notification
from kotacerdas.notifications.services import notify
from kotacerdas.organisation import services as organisation_services
from kotacerdas.organisation.models import BodyMember, Decree, ForumMeeting, WorkingGroup
from kotacerdas.programme import services as programme_services
from kotacerdas.programme.models import Dimension
from kotacerdas.wsgi import application

from .factories import CohortFactory
from .matrix.cases_api_masterplans import with_items

SCHEMA_URL = "/api/v1/schema/"
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.response_schema_conformance,
]
# Generated requests per operation and kind (generated paths, real paths): the whole run stays
# well under a minute on two cores. API_FUZZ_EXAMPLES=200 API_FUZZ_RANDOM=1 explores further.
MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "4"))
DERANDOMIZE = not os.environ.get("API_FUZZ_RANDOM")
CALLERS = ["ministry_admin", "coordinator_a", "anonymous"]


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, keeping the test's database connection open between
    requests (as Django's test client does): a request's end would otherwise close it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _organisation(world: Any) -> None:
    admin, region = world.users["ministry_admin"], world.region_a
    decree = organisation_services.decree_create(
        actor=admin,
        region=region,
        kind="pokja",
        number="SK 1/2024",
        date=dt.date(2024, 1, 5),
        title="SK Pokja",
    )
    organisation_services.body_member_create(actor=admin, region=region, body="dewan", name="Bupati Sumbawa")
    organisation_services.working_group_set(
        actor=admin,
        region=region,
        dimension=Dimension.objects.get(code="GOV"),
        leading_agency=world.agency_a,
        decree=decree,
    )
    organisation_services.forum_meeting_create(
        actor=admin, region=region, date=dt.date(2024, 2, 1), title="Forum pertama"
    )


def _monitoring(world: Any) -> None:
    """The 2024 reporting year, a lock exception, and an approved report on an action of region A's
    plan (a stored row: the plan here is a draft, which takes no reports through the services)."""
    from kotacerdas.masterplans.models import ActionPlan
    from kotacerdas.monitoring import services as monitoring_services
    from kotacerdas.monitoring.models import ProgressReport

    admin = world.users["ministry_admin"]
    year = monitoring_services.reporting_year_setup(actor=admin, year=2024)
    q1 = year.periods.get(number=1)
    monitoring_services.lock_exception_grant(
        actor=admin, period=q1, region_id=world.region_a.pk, until=dt.date(2100, 1, 1), reason="Banjir"
    )
    action = ActionPlan.objects.get(code="GOV-01.01")
    ProgressReport.objects.create(
        region=world.region_a,
        period=q1,
        lineage_id=action.lineage,
        kind="action",
        action=action,
        item_code=action.code,
        item_name=action.name,
        agency=action.agency,
        state="approved",
        status=year.statuses.get(code="pilot"),
    )


def _evaluation(world: Any) -> None:
    """A published evaluation round of regions A and B (2023-2) and an unpublished one (2024-2)."""
    from .evaluation_results_data import published_round

    published = published_round(world)
    published_round(world, code="2024-2", year=2024, previous=published, phase="panel")


@pytest.fixture
def data(world):
    """Region A enrolled with its MoU, a draft plan with items, its organisation, and a
    notification to its coordinator."""
    CohortFactory(year=2022)
    participation = programme_services.participation_enrol(
        actor=world.users["ministry_admin"],
        region_code=world.region_a.code,
        cohort_year=2022,
        selected_on=dt.date(2022, 1, 10),
    )
    programme_services.mou_record(
        actor=world.users["ministry_admin"],
        participation=participation,
        number="MOU/1/2022",
        date=dt.date(2022, 2, 1),
        signatories="Bupati",
    )
    with_items(world)
    _organisation(world)
    _monitoring(world)
    _evaluation(world)
    notify(
        recipients=[world.users["coordinator_a"]],
        kind="plan_submitted",
        title="Plan submitted",
        url="/rencana-induk/52.04/",
        region_id=world.region_a.pk,
        email=False,
    )
    return world


def _real_path_parameters(world: Any, path: str) -> dict[str, Any]:
    """Path parameters naming objects that exist (when the path has such a parameter)."""
    from kotacerdas.masterplans.models import ActionPlan, Programme, QuickWin
    from kotacerdas.monitoring.models import ProgressReport

    uids: dict[str, Any] = {
        "/agencies/": world.agency_a,
        "/decrees/": Decree.objects.first(),
        "/body-members/": BodyMember.objects.first(),
        "/working-groups/": WorkingGroup.objects.first(),
        "/forum-meetings/": ForumMeeting.objects.first(),
        "/programmes/": Programme.objects.first(),
        "/actions/": ActionPlan.objects.first(),
        "/quick-wins/": QuickWin.objects.first(),
        "/reports/": ProgressReport.objects.first(),
        "/notifications/": Notification.objects.first(),  # coordinator A's
    }
    known: dict[str, Any] = {
        "code": world.region_a.code,
        "number": 1,
        "username": world.users["coordinator_a"].username,
        "id": AuditEvent.objects.values_list("pk", flat=True).first(),
        "element": "nature",
        "kind": "S",
        "position": 1,
        "dimension": "GOV",
        "n": 1,
    }
    if "/cohorts/" in path:
        known["year"] = 2022
    elif "/roadmap/" in path:
        known["year"] = 2025
    elif "/monitoring/" in path:
        known.update(year=2024, period="2024-1")
        if "/statuses/" in path:
            known["code"] = "pilot"
    elif "/evaluation/" in path:
        known.update(round_code="2023-2", region=world.region_a.code)
        if "/methods/" in path:
            known.update(code="uji", version=1)
    if "/memberships/" in path:
        known["membership_id"] = world.users["coordinator_a"].memberships.values_list("pk", flat=True).first()
    for prefix, obj in uids.items():
        if f"{prefix}{{uid}}" in path and obj is not None:
            known["uid"] = str(obj.uid)
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    return {name: known[name] for name in names if known.get(name) is not None}


def test_every_operation_keeps_to_the_schema(data, wsgi_app):
    world = data
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, wsgi_app)
    tokens = {
        role: Token.objects.create(user=world.users[role]).key for role in CALLERS if role != "anonymous"
    }
    headers = {role: {"Authorization": f"Token {key}"} for role, key in tokens.items()} | {"anonymous": {}}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 80  # every operation of the API, not only the reads

    examples = hypothesis.settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=DERANDOMIZE,
        suppress_health_check=list(HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )
    failures: dict[str, str] = {}
    for operation in operations:
        real = _real_path_parameters(world, operation.path)
        strategies = [operation.as_strategy()]
        if real:
            strategies.append(operation.as_strategy(path_parameters=real))
        for strategy in strategies:

            @hypothesis.given(case=strategy, caller=st.sampled_from(CALLERS))
            @examples
            def run(case: Any, caller: str) -> None:
                response = case.call(headers=headers[caller])
                assert response.status_code < 500, f"{caller}: {response.status_code} {response.text[:500]}"
                case.validate_response(response, headers=headers[caller], checks=CHECKS)

            try:
                run()
            except (AssertionError, schemathesis.core.failures.FailureGroup) as exc:
                failures[operation.label] = str(exc)
                break
    assert not failures, "\n\n".join(f"== {label}\n{text}" for label, text in failures.items())
