"""Permission matrix of the master-plan API (/api/v1/masterplans/...), and the builders its
tests share (tests/test_api_masterplans.py).

Reads: those who may read region A's plan get 200; assessor, coordinator B and anonymous get
404 (the list answers them 200 with no plans). Writes: anonymous 401 before anything; assessor
and coordinator B 404 (they cannot see the plan); pendamping 403; coordinator A and the
ministry admin write everything; officer A only the items of its agency (disdukcapil).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .cases import Case, expect


def _uid(model_name: str) -> str:
    """The public id of the one SWOT or road-map item ``with_items`` made."""
    from django.apps import apps

    return str(apps.get_model("masterplans", model_name).objects.get().uid)


BASE = "/api/v1/masterplans/52.04/"
V1 = f"{BASE}versions/1/"
JSON = "application/json"

READ = expect(200, assessor=404, coordinator_b=404, anonymous=404)


def write(ok: int, *, officer: int = 403, pendamping: int = 403) -> dict[str, int]:
    return expect(
        ok,
        pendamping=pendamping,
        officer_a=officer,
        assessor=404,
        coordinator_b=404,
        anonymous=401,
    )


# ---------------------------------------------------------------- builders


def make_plan(world: Any) -> Any:
    from kotacerdas.masterplans import services

    return services.plan_create(
        actor=world.users["coordinator_a"],
        region=world.region_a,
        title="Masterplan Smart City Sumbawa",
        start_year=2024,
        end_year=2028,
    )


def draft_of(world: Any) -> Any:
    from kotacerdas.masterplans.models import PlanVersion

    return PlanVersion.objects.select_related("plan").get(plan__region=world.region_a, status="draft")


def make_programme(
    world: Any, version: Any, code: str = "GOV-01", sub: str = "GOV-1", agency: Any = None
) -> Any:
    from kotacerdas.masterplans import services
    from kotacerdas.programme.models import SubDimension

    return services.programme_create(
        actor=world.users["coordinator_a"],
        version=version,
        code=code,
        name=f"Program {code}",
        subdimension=SubDimension.objects.get(code=sub),
        agency=agency or world.agency_a2,
        start_year=2024,
        end_year=2026,
    )


def make_action(world: Any, programme: Any, code: str, agency: Any = None) -> Any:
    from kotacerdas.masterplans import services

    return services.action_create(
        actor=world.users["coordinator_a"],
        programme=programme,
        code=code,
        name=f"Aksi {code}",
        agency=agency or world.agency_a,
        start_year=2024,
        end_year=2025,
        indicator="Jumlah layanan",
        unit="layanan",
        baseline=Decimal(1),
        budgets=[(2024, "APBD", Decimal("1500000")), (2025, "APBN", Decimal("500000"))],
        targets=[(2024, Decimal(2)), (2025, Decimal(4))],
    )


def make_quick_win(world: Any, version: Any, code: str, dimension: str, programme: Any = None) -> Any:
    from kotacerdas.masterplans import services
    from kotacerdas.programme.models import Dimension

    return services.quick_win_create(
        actor=world.users["coordinator_a"],
        version=version,
        code=code,
        name=f"Quick win {code}",
        dimension=Dimension.objects.get(code=dimension),
        agency=world.agency_a,
        target_year=2024,
        programme=programme,
    )


def complete(world: Any, version: Any) -> None:
    """Everything the checklist asks for: vision, missions, readiness, and per dimension a
    programme with an action and a quick win."""
    from kotacerdas.masterplans import services
    from kotacerdas.programme.models import Dimension

    coordinator = world.users["coordinator_a"]
    services.version_update(
        actor=coordinator, version=version, data={"vision": "Sumbawa Gemilang"}, expected_version=None
    )
    services.missions_set(actor=coordinator, version=version, texts=["Misi satu", "Misi dua"])
    for element in ["nature", "structure", "infrastructure", "suprastructure", "culture"]:
        services.readiness_set(actor=coordinator, version=version, element=element, score=3)
    for dimension in Dimension.objects.all():
        programme = make_programme(world, version, code=f"{dimension.code}-01", sub=f"{dimension.code}-1")
        make_action(world, programme, f"{dimension.code}-01.01")
        make_quick_win(world, version, f"QW-{dimension.code}", dimension.code, programme)


def complete_draft(world: Any) -> Any:
    make_plan(world)
    version = draft_of(world)
    complete(world, version)
    return version


def submitted(world: Any) -> Any:
    from kotacerdas.masterplans import services

    version = complete_draft(world)
    return services.version_submit(actor=world.users["coordinator_a"], version=version)


def ratified(world: Any) -> Any:
    from kotacerdas.masterplans import services

    return services.version_ratify(
        actor=world.users["coordinator_a"],
        version=submitted(world),
        kind="perbup",
        number="Perbup 12/2024",
        date=dt.date(2024, 3, 1),
    )


def with_items(world: Any) -> None:
    """A draft with a programme of diskominfo holding an action of disdukcapil (officer A's
    agency) and one of diskominfo, a quick win of disdukcapil, a SWOT item and a milestone."""
    from kotacerdas.masterplans import services
    from kotacerdas.programme.models import Dimension

    make_plan(world)
    version = draft_of(world)
    programme = make_programme(world, version)
    make_action(world, programme, "GOV-01.01", agency=world.agency_a)
    make_action(world, programme, "GOV-01.02", agency=world.agency_a2)
    make_quick_win(world, version, "QW-GOV", "GOV")
    coordinator = world.users["coordinator_a"]
    services.swot_item_add(actor=coordinator, version=version, element="nature", kind="S", text="Laut")
    services.roadmap_item_add(
        actor=coordinator,
        version=version,
        year=2025,
        dimension=Dimension.objects.get(code="GOV"),
        milestone="Layanan daring",
    )


def uid_of(model_name: str, code: str) -> str:
    from kotacerdas.masterplans import models

    return str(getattr(models, model_name).objects.get(code=code).uid)


def _programme_body(world: Any) -> dict[str, Any]:
    return {
        "code": "GOV-09",
        "name": "Program baru",
        "subdimension": "GOV-2",
        "agency": "disdukcapil",
        "start_year": 2024,
        "end_year": 2025,
    }


def _action_body(world: Any) -> dict[str, Any]:
    return {
        "programme": "GOV-01",
        "code": "GOV-01.09",
        "name": "Aksi baru",
        "agency": "disdukcapil",
        "start_year": 2024,
        "end_year": 2025,
        "budgets": [{"year": 2024, "source": "APBD", "amount": "1000.00"}],
        "targets": [{"year": 2024, "value": "3"}],
    }


def _quick_win_body(world: Any) -> dict[str, Any]:
    return {
        "code": "QW-ENV",
        "name": "Go-SIPS",
        "dimension": "ENV",
        "agency": "disdukcapil",
        "target_year": 2024,
    }


# ---------------------------------------------------------------- cases

CASES = [
    Case("api:masterplan-list", lambda w: "/api/v1/masterplans/", expect(200), setup=make_plan),
    Case(
        "api:masterplan-list",
        lambda w: "/api/v1/masterplans/",
        expect(201, pendamping=403, officer_a=403, assessor=403, coordinator_b=403, anonymous=401),
        method="post",
        data=lambda w: {"region": "52.04", "title": "Masterplan 2029", "start_year": 2029, "end_year": 2033},
        content_type=JSON,
        id="POST create plan",
    ),
    Case("api:masterplan-detail", lambda w: BASE, READ, setup=make_plan),
    Case(
        "api:masterplan-new-version",
        lambda w: f"{BASE}new-version/",
        write(201),
        method="post",
        setup=ratified,
    ),
    Case("api:masterplan-diff", lambda w: f"{BASE}diff/?from=1&to=1", READ, setup=make_plan),
    Case("api:masterplan-version", lambda w: V1, READ, setup=with_items),
    Case(
        "api:masterplan-version",
        lambda w: f"{BASE}versions/current/",
        READ,
        setup=make_plan,
        id="GET current",
    ),
    Case(
        "api:masterplan-version",
        lambda w: V1,
        write(200),
        method="patch",
        setup=make_plan,
        data=lambda w: {"vision": "Sumbawa Gemilang", "row_version": 1},
        content_type=JSON,
        id="PATCH version header",
    ),
    Case(
        "api:masterplan-missions",
        lambda w: f"{V1}missions/",
        write(200),
        method="put",
        setup=make_plan,
        data=lambda w: {"missions": ["Misi satu"]},
        content_type=JSON,
    ),
    Case(
        "api:masterplan-readiness",
        lambda w: f"{V1}readiness/nature/",
        write(200),
        method="put",
        setup=make_plan,
        data=lambda w: {"score": 4, "summary": "Baik"},
        content_type=JSON,
    ),
    Case(
        "api:masterplan-swot-list",
        lambda w: f"{V1}swot/",
        write(201),
        method="post",
        setup=make_plan,
        data=lambda w: {"element": "culture", "kind": "W", "text": "Literasi digital rendah"},
        content_type=JSON,
    ),
    Case(
        "api:masterplan-swot-detail",
        lambda w: f"{V1}swot/{_uid('SwotItem')}/",
        write(204),
        method="delete",
        setup=with_items,
    ),
    Case(
        "api:masterplan-roadmap-list",
        lambda w: f"{V1}roadmap/",
        write(201),
        method="post",
        setup=make_plan,
        data=lambda w: {"year": 2026, "dimension": "ENV", "milestone": "Bank sampah digital"},
        content_type=JSON,
    ),
    Case(
        "api:masterplan-roadmap-detail",
        lambda w: f"{V1}roadmap/{_uid('RoadmapItem')}/",
        write(204),
        method="delete",
        setup=with_items,
    ),
    Case(
        "api:masterplan-submit",
        lambda w: f"{V1}submit/",
        write(200),
        method="post",
        setup=lambda w: complete_draft(w),
    ),
    Case(
        "api:masterplan-submit",
        lambda w: f"{V1}submit/",
        write(400),
        method="post",
        setup=make_plan,
        id="POST submit an incomplete plan (400 for those who may submit)",
    ),
    Case("api:masterplan-reopen", lambda w: f"{V1}reopen/", write(200), method="post", setup=submitted),
    Case(
        "api:masterplan-ratify",
        lambda w: f"{V1}ratify/",
        write(200),
        method="post",
        setup=submitted,
        data=lambda w: {"kind": "perbup", "number": "Perbup 12/2024", "date": "2024-03-01"},
        content_type=JSON,
    ),
    Case("api:masterplan-checklist", lambda w: f"{V1}checklist/", READ, setup=make_plan),
    Case("api:masterplan-programme-list", lambda w: f"{V1}programmes/", READ, setup=with_items),
    Case(
        "api:masterplan-programme-list",
        lambda w: f"{V1}programmes/",
        write(201, officer=201),
        method="post",
        setup=with_items,
        data=_programme_body,
        content_type=JSON,
        id="POST programme of disdukcapil (officer A's agency)",
    ),
    Case(
        "api:masterplan-programme-detail",
        lambda w: f"{V1}programmes/{uid_of('Programme', 'GOV-01')}/",
        READ,
        setup=with_items,
    ),
    Case(
        "api:masterplan-programme-detail",
        lambda w: f"{V1}programmes/{uid_of('Programme', 'GOV-01')}/",
        write(200),
        method="patch",
        setup=with_items,
        data=lambda w: {"name": "Program diubah", "row_version": 1},
        content_type=JSON,
        id="PATCH programme of diskominfo (not officer A's)",
    ),
    Case(
        "api:masterplan-programme-detail",
        lambda w: f"{V1}programmes/{uid_of('Programme', 'GOV-01')}/",
        write(204),
        method="delete",
        setup=with_items,
        id="DELETE programme of diskominfo",
    ),
    Case(
        "api:masterplan-programme-copy",
        lambda w: f"{V1}programmes/{uid_of('Programme', 'GOV-01')}/copy/",
        write(201),
        method="post",
        setup=with_items,
    ),
    Case(
        "api:masterplan-programme-reorder",
        lambda w: f"{V1}programmes/reorder/",
        write(204),
        method="post",
        setup=with_items,
        data=lambda w: {"uids": [uid_of("Programme", "GOV-01")]},
        content_type=JSON,
    ),
    Case("api:masterplan-action-list", lambda w: f"{V1}actions/?programme=GOV-01", READ, setup=with_items),
    Case(
        "api:masterplan-action-list",
        lambda w: f"{V1}actions/",
        write(201, officer=201),
        method="post",
        setup=with_items,
        data=_action_body,
        content_type=JSON,
        id="POST action of disdukcapil (officer A's agency)",
    ),
    Case(
        "api:masterplan-action-detail",
        lambda w: f"{V1}actions/{uid_of('ActionPlan', 'GOV-01.01')}/",
        READ,
        setup=with_items,
    ),
    Case(
        "api:masterplan-action-detail",
        lambda w: f"{V1}actions/{uid_of('ActionPlan', 'GOV-01.01')}/",
        write(200, officer=200),
        method="patch",
        setup=with_items,
        data=lambda w: {"name": "Aksi diubah", "row_version": 1},
        content_type=JSON,
        id="PATCH action of disdukcapil (officer A's agency)",
    ),
    Case(
        "api:masterplan-action-detail",
        lambda w: f"{V1}actions/{uid_of('ActionPlan', 'GOV-01.02')}/",
        write(200),
        method="patch",
        setup=with_items,
        data=lambda w: {"budgets": [{"year": 2025, "source": "APBD", "amount": "10"}], "row_version": 1},
        content_type=JSON,
        id="PATCH action of diskominfo (not officer A's)",
    ),
    Case(
        "api:masterplan-action-detail",
        lambda w: f"{V1}actions/{uid_of('ActionPlan', 'GOV-01.01')}/",
        write(204, officer=204),
        method="delete",
        setup=with_items,
        id="DELETE action of disdukcapil",
    ),
    Case(
        "api:masterplan-action-detail",
        lambda w: f"{V1}actions/{uid_of('ActionPlan', 'GOV-01.02')}/",
        write(204),
        method="delete",
        setup=with_items,
        id="DELETE action of diskominfo",
    ),
    Case(
        "api:masterplan-action-reorder",
        lambda w: f"{V1}actions/reorder/",
        write(204),
        method="post",
        setup=with_items,
        data=lambda w: {
            "programme": "GOV-01",
            "uids": [uid_of("ActionPlan", "GOV-01.02"), uid_of("ActionPlan", "GOV-01.01")],
        },
        content_type=JSON,
    ),
    Case("api:masterplan-quick-win-list", lambda w: f"{V1}quick-wins/", READ, setup=with_items),
    Case(
        "api:masterplan-quick-win-list",
        lambda w: f"{V1}quick-wins/",
        write(201, officer=201),
        method="post",
        setup=with_items,
        data=_quick_win_body,
        content_type=JSON,
        id="POST quick win of disdukcapil (officer A's agency)",
    ),
    Case(
        "api:masterplan-quick-win-detail",
        lambda w: f"{V1}quick-wins/{uid_of('QuickWin', 'QW-GOV')}/",
        READ,
        setup=with_items,
    ),
    Case(
        "api:masterplan-quick-win-detail",
        lambda w: f"{V1}quick-wins/{uid_of('QuickWin', 'QW-GOV')}/",
        write(200, officer=200),
        method="patch",
        setup=with_items,
        data=lambda w: {"acronym": "SIGAP", "row_version": 1},
        content_type=JSON,
        id="PATCH quick win of disdukcapil",
    ),
    Case(
        "api:masterplan-quick-win-detail",
        lambda w: f"{V1}quick-wins/{uid_of('QuickWin', 'QW-GOV')}/",
        write(204, officer=204),
        method="delete",
        setup=with_items,
        id="DELETE quick win of disdukcapil",
    ),
]
