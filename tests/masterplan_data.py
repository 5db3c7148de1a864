"""A small master plan for region A, built through the services (for view and matrix tests)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kotacerdas.masterplans import services
from kotacerdas.masterplans.models import ActionPlan, MasterPlan, PlanVersion, Programme, QuickWin
from kotacerdas.programme.models import Dimension, SubDimension


@dataclass
class SmallPlan:
    plan: MasterPlan
    version: PlanVersion
    programme: Programme
    action: ActionPlan
    own_action: ActionPlan
    quick_win: QuickWin


def small_plan(world, *, complete: bool = False) -> SmallPlan:
    coordinator = world.users["coordinator_a"]
    plan = services.plan_create(
        actor=coordinator,
        region=world.region_a,
        title="Masterplan Smart City Sumbawa",
        start_year=2024,
        end_year=2028,
    )
    version = plan.versions.get()
    programme = services.programme_create(
        actor=coordinator,
        version=version,
        code="GOV-01",
        name="Pelayanan Kependudukan Daring",
        subdimension=SubDimension.objects.get(code="GOV-1"),
        agency=world.agency_a2,
        start_year=2024,
        end_year=2026,
    )
    action = services.action_create(
        actor=coordinator,
        programme=programme,
        code="GOV-01.01",
        name="Pengembangan aplikasi SiLAMO",
        agency=world.agency_a2,
        start_year=2024,
        end_year=2025,
        budgets=[(2024, "APBD", Decimal("250000000"))],
        targets=[(2024, Decimal(1))],
    )
    own_action = services.action_create(
        actor=coordinator,
        programme=programme,
        code="GOV-01.02",
        name="Layanan jemput bola KTP",
        agency=world.agency_a,
        start_year=2024,
        end_year=2024,
    )
    quick_win = services.quick_win_create(
        actor=coordinator,
        version=version,
        code="QW-GOV",
        name="Sistem Informasi Layanan Administrasi Kependudukan Online",
        acronym="SiLAMO",
        dimension=Dimension.objects.get(code="GOV"),
        agency=world.agency_a,
        target_year=2024,
        programme=programme,
    )
    if complete:
        services.version_update(
            actor=coordinator, version=version, data={"vision": "Sumbawa Gemilang"}, expected_version=None
        )
        services.missions_set(actor=coordinator, version=version, texts=["Misi satu"])
        for element in ["nature", "structure", "infrastructure", "suprastructure", "culture"]:
            services.readiness_set(actor=coordinator, version=version, element=element, score=3)
        for done in (action, own_action):  # each action with an indicator, a budget and a target
            services.action_update(
                actor=coordinator,
                action=done,
                data={"indicator": "Jumlah layanan daring", "unit": "layanan"},
                expected_version=None,
                budgets=[(2024, "APBD", Decimal("250000000"))],
                targets=[(2024, Decimal(1))],
            )
        for dim in Dimension.objects.exclude(code="GOV"):
            p = services.programme_create(
                actor=coordinator,
                version=version,
                code=f"{dim.code}-01",
                name=f"Program {dim.code}",
                subdimension=SubDimension.objects.get(code=f"{dim.code}-1"),
                agency=world.agency_a2,
                start_year=2024,
                end_year=2026,
            )
            services.action_create(
                actor=coordinator,
                programme=p,
                code=f"{dim.code}-01.01",
                name=f"Aksi {dim.code}",
                agency=world.agency_a2,
                start_year=2024,
                end_year=2024,
                indicator="Jumlah kegiatan",
                budgets=[(2024, "APBD", Decimal("100000000"))],
                targets=[(2024, Decimal(1))],
            )
            services.quick_win_create(
                actor=coordinator,
                version=version,
                code=f"QW-{dim.code}",
                name=f"QW {dim.code}",
                dimension=dim,
                agency=world.agency_a2,
                target_year=2025,
            )
        version.refresh_from_db()
    return SmallPlan(plan, version, programme, action, own_action, quick_win)
