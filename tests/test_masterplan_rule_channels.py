"""The rules the checklist used to miss, refused the same way by the services, the editor's
pages and the API: an action's years within its programme's, no new item for an inactive
agency, one code form (case and spaces) unique in the version. The checklist lists actions
without a budget, a target or an indicator, and programmes without actions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kotacerdas.masterplans import rules, selectors, services
from kotacerdas.masterplans.messages import problem_text
from kotacerdas.masterplans.models import ActionPlan, Programme, QuickWin
from kotacerdas.programme.models import Dimension, SubDimension

from .masterplan_data import small_plan

JSON = "application/json"
API = "/api/v1/masterplans/52.04/versions/1/"
PAGE = "/rencana-induk/52.04/"


def _message(rule: str, /, item: str = "", **params: object) -> str:
    return problem_text(rules.Problem(rule, rules.ERROR, tuple((k, str(v)) for k, v in params.items()), item))


def _service_error(call, field: str) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        call()
    return exc.value.message_dict[field]


def _api_error(response, field: str) -> list[str]:
    assert response.status_code == 400, response.content
    return response.json()["error"]["fields"][field]


def _page_error(response, field: str) -> list[str]:
    assert response.status_code == 400
    return list(response.context["form"].errors[field])


# ---------------------------------------------------------------- an action within its programme's years


def test_action_years_outside_the_programme_are_refused_everywhere(world):
    small = small_plan(world)  # programme GOV-01 runs 2024-2026
    expected = _message(
        "action_outside_programme",
        start=2024,
        end=2027,
        programme="GOV-01",
        programme_start=2024,
        programme_end=2026,
    )
    coordinator = world.users["coordinator_a"]
    by_service = _service_error(
        lambda: services.action_create(
            actor=coordinator,
            programme=small.programme,
            code="GOV-01.09",
            name="Aksi terlalu panjang",
            agency=world.agency_a,
            start_year=2024,
            end_year=2027,
        ),
        "start_year",
    )
    by_page = _page_error(
        world.client_for("coordinator_a").post(
            f"{PAGE}program/{small.programme.uid}/aksi/tambah/",
            {
                "code": "GOV-01.09",
                "name": "Aksi",
                "agency": "disdukcapil",
                "start_year": 2024,
                "end_year": 2027,
            },
        ),
        "start_year",
    )
    by_api = _api_error(
        world.client_for("coordinator_a").post(
            f"{API}actions/",
            {
                "programme": "GOV-01",
                "code": "GOV-01.09",
                "name": "Aksi",
                "agency": "disdukcapil",
                "start_year": 2024,
                "end_year": 2027,
            },
            content_type=JSON,
        ),
        "start_year",
    )
    assert by_service == by_page == by_api == [expected]
    assert not ActionPlan.objects.filter(code="GOV-01.09").exists()


def test_moving_an_action_past_its_programme_or_shrinking_the_programme_is_refused(world):
    small = small_plan(world)  # GOV-01.01 runs 2024-2025 in a programme of 2024-2026
    coordinator = world.users["coordinator_a"]
    with pytest.raises(ValidationError) as exc:
        services.action_update(
            actor=coordinator, action=small.action, data={"end_year": 2028}, expected_version=None
        )
    assert "start_year" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.programme_update(
            actor=coordinator,
            programme=small.programme,
            data={"start_year": 2025},
            expected_version=None,
        )
    assert "start_year" in exc.value.message_dict
    assert Programme.objects.get(pk=small.programme.pk).start_year == 2024
    # widening the programme stays possible
    services.programme_update(
        actor=coordinator, programme=small.programme, data={"end_year": 2028}, expected_version=None
    )


# ---------------------------------------------------------------- inactive agencies


def test_a_new_item_for_an_inactive_agency_is_refused_everywhere(world):
    small = small_plan(world)
    world.agency_a.is_active = False
    world.agency_a.save()
    expected = _message("agency_inactive", agency=world.agency_a.pk)
    coordinator = world.users["coordinator_a"]
    by_service = _service_error(
        lambda: services.programme_create(
            actor=coordinator,
            version=small.version,
            code="GOV-02",
            name="Program",
            subdimension=SubDimension.objects.get(code="GOV-1"),
            agency=world.agency_a,
            start_year=2024,
            end_year=2025,
        ),
        "agency",
    )
    by_page = _page_error(
        world.client_for("coordinator_a").post(
            f"{PAGE}program/tambah/",
            {
                "dimension": "GOV",
                "code": "GOV-02",
                "name": "Program",
                "subdimension": "GOV-1",
                "agency": "disdukcapil",
                "horizon": "short",
                "start_year": 2024,
                "end_year": 2025,
            },
        ),
        "agency",
    )
    by_api = _api_error(
        world.client_for("coordinator_a").post(
            f"{API}programmes/",
            {
                "code": "GOV-02",
                "name": "Program",
                "subdimension": "GOV-1",
                "agency": "disdukcapil",
                "start_year": 2024,
                "end_year": 2025,
            },
            content_type=JSON,
        ),
        "agency",
    )
    assert by_service == by_page == by_api == [expected]
    assert world.agency_a.acronym in expected  # named by its acronym, not its id
    assert not Programme.objects.filter(code="GOV-02").exists()
    # quick wins and actions too
    with pytest.raises(ValidationError):
        services.quick_win_create(
            actor=coordinator,
            version=small.version,
            code="QW-X",
            name="X",
            dimension=Dimension.objects.get(code="GOV"),
            agency=world.agency_a,
            target_year=2024,
        )
    with pytest.raises(ValidationError):
        services.action_create(
            actor=coordinator,
            programme=small.programme,
            code="GOV-01.09",
            name="X",
            agency=world.agency_a,
            start_year=2024,
            end_year=2024,
        )
    # an item the inactive agency already owns still edits (its agency unchanged)
    services.action_update(
        actor=coordinator, action=small.own_action, data={"name": "Nama baru"}, expected_version=None
    )
    assert ActionPlan.objects.get(pk=small.own_action.pk).name == "Nama baru"
    # and the editor's form keeps offering the item's own agency, but no other inactive one
    form = world.client_for("coordinator_a").get(f"{PAGE}aksi/{small.own_action.uid}/ubah/")
    assert 'value="disdukcapil"' in form.content.decode()
    blank = world.client_for("coordinator_a").get(f"{PAGE}program/{small.programme.uid}/aksi/tambah/")
    assert 'value="disdukcapil"' not in blank.content.decode()


# ---------------------------------------------------------------- one code form


def test_normalise_code():
    assert rules.normalise_code("  gov-01 .01 ") == "GOV-01 .01"
    assert rules.normalise_code("qw\t gov") == "QW GOV"
    assert rules.normalise_code("GOV-01") == "GOV-01"


def test_codes_are_stored_normalised_by_services_page_and_api(world):
    small = small_plan(world)
    coordinator = world.users["coordinator_a"]
    programme = services.programme_create(
        actor=coordinator,
        version=small.version,
        code="  gov-02 ",
        name="Program",
        subdimension=SubDimension.objects.get(code="GOV-1"),
        agency=world.agency_a2,
        start_year=2024,
        end_year=2025,
    )
    assert programme.code == "GOV-02"
    world.client_for("coordinator_a").post(
        f"{PAGE}program/{programme.uid}/aksi/tambah/",
        {"code": "gov-02.01", "name": "Aksi", "agency": "diskominfo", "start_year": 2024, "end_year": 2024},
    )
    assert ActionPlan.objects.filter(version=small.version, code="GOV-02.01").exists()
    response = world.client_for("coordinator_a").post(
        f"{API}quick-wins/",
        {
            "code": "qw  brd",
            "name": "Discover",
            "dimension": "BRD",
            "agency": "diskominfo",
            "target_year": 2024,
        },
        content_type=JSON,
    )
    assert response.status_code == 201 and response.json()["code"] == "QW BRD"


@pytest.mark.parametrize("code", ["gov-01", " GOV-01 ", "Gov-01", "gov-01.01"])
def test_a_code_in_another_case_is_the_same_code_everywhere(world, code):
    small = small_plan(world)
    expected = _message("code_duplicate", code=rules.normalise_code(code))
    coordinator = world.users["coordinator_a"]
    by_service = _service_error(
        lambda: services.programme_create(
            actor=coordinator,
            version=small.version,
            code=code,
            name="Program",
            subdimension=SubDimension.objects.get(code="GOV-1"),
            agency=world.agency_a2,
            start_year=2024,
            end_year=2025,
        ),
        "code",
    )
    body = {
        "code": code,
        "name": "Program",
        "subdimension": "GOV-1",
        "agency": "diskominfo",
        "start_year": 2024,
        "end_year": 2025,
    }
    by_page = _page_error(
        world.client_for("coordinator_a").post(
            f"{PAGE}program/tambah/", {**body, "dimension": "GOV", "horizon": "short"}
        ),
        "code",
    )
    by_api = _api_error(
        world.client_for("coordinator_a").post(f"{API}programmes/", body, content_type=JSON), "code"
    )
    assert by_service == by_page == by_api == [expected]
    assert Programme.objects.filter(version=small.version).count() == 1


@pytest.mark.parametrize("model", [Programme, ActionPlan, QuickWin])
def test_the_database_refuses_a_code_in_another_case(world, model):
    small = small_plan(world)
    item = {Programme: small.programme, ActionPlan: small.action, QuickWin: small.quick_win}[model]
    twin = model.objects.get(pk=item.pk)
    twin.pk = twin.id = None
    twin._state.adding = True
    twin.code = item.code.lower()
    from uuid import uuid4

    twin.uid, twin.lineage = uuid4(), uuid4()
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


# ---------------------------------------------------------------- the checklist


def test_checklist_lists_actions_without_budget_target_indicator_and_empty_programmes(world):
    small = small_plan(world)
    coordinator = world.users["coordinator_a"]
    services.programme_create(
        actor=coordinator,
        version=small.version,
        code="GOV-02",
        name="Program kosong",
        subdimension=SubDimension.objects.get(code="GOV-1"),
        agency=world.agency_a2,
        start_year=2024,
        end_year=2025,
    )
    services.action_update(
        actor=coordinator,
        action=small.action,
        data={"indicator": "Jumlah aplikasi"},
        expected_version=None,
        budgets=[(2024, "APBD", Decimal(1))],
        targets=[(2024, Decimal(1))],
    )
    facts = selectors.plan_facts(small.version)
    found = {(p.code, p.item) for p in rules.check_completeness(facts)}
    assert ("programme_without_action", "GOV-02") in found
    # GOV-01.02 has no budget, no target and no indicator; GOV-01.01 has all three
    assert {c for c, item in found if item == "GOV-01.02"} == {
        "action_without_budget",
        "action_without_target",
        "action_without_indicator",
    }
    assert not {c for c, item in found if item == "GOV-01.01"}
    missing = selectors.version_checklist(version=small.version)["missing"]
    for code in ("action_without_budget", "action_without_target", "action_without_indicator"):
        assert f"GOV-01.02: {_message(code, item='GOV-01.02')}" in missing
    page = world.client_for("coordinator_a").get(f"{PAGE}ajukan/")
    assert _message("action_without_indicator", item="GOV-01.02") in page.content.decode()
    with pytest.raises(ValidationError):
        services.version_submit(actor=coordinator, version=small.version)
