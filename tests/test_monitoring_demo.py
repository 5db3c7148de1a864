"""Monitoring data written in bulk (the demo's history, ``kotacerdas demo --scale``): the rows are
those the services write, the scales build ratified plans with a year of approved progress,
deterministically from a seed, and the participation stage follows the facts."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from kotacerdas.core.models import AuditEvent
from kotacerdas.demo import masterplans as demo_plans
from kotacerdas.demo import progress, scale
from kotacerdas.demo.build import agencies_ensure
from kotacerdas.demo.plan_rows import Catalogue, RowWriter, plan_ratified, plan_start, plans_save
from kotacerdas.masterplans import services as plan_services
from kotacerdas.masterplans.models import MasterPlan, PlanItemLineage, PlanVersion
from kotacerdas.monitoring import selectors, services
from kotacerdas.monitoring.models import ProgressReport, RegionProgress
from kotacerdas.programme import stage_rules
from kotacerdas.programme.models import Participation, StageChange

from .factories import CohortFactory, ParticipationFactory, ProvinceFactory, RegionFactory
from .monitoring_data import monitoring_setup

pytestmark = pytest.mark.django_db

REPORT_FIELDS_COMPARED = [
    "region_id",
    "period_id",
    "lineage_id",
    "kind",
    "action_id",
    "quick_win_id",
    "item_code",
    "item_name",
    "agency_id",
    "state",
    "status_id",
    "manual_percent",
    "manual_reason",
    "budget_realised",
    "indicator_actual",
    "narrative",
    "links",
    "client_key",
    "created_by_id",
    "submitted_by_id",
    "decided_by_id",
    "return_comment",
    "row_version",
]


# ------------------------------------------------------------------ progress: the services' rows


def _at_ratified(world) -> Participation:
    """Region A at Bimtek IV (its plan's ratification then records "Master plan ratified")."""
    CohortFactory(year=2022)
    return ParticipationFactory(region=world.region_a, stage="bimtek_4", stage_date=dt.date(2022, 9, 20))


def _story(m) -> list[tuple[Any, Any, str, dict[str, Any], str]]:
    """(item, period, state, report data, comment): one report in each state, a manual % among them."""
    items = {i.code: i for i in selectors.reportable_items(m.plan.version)}
    statuses = {s.code: s for s in m.year.statuses.all()}
    return [
        (
            items["GOV-01.01"],
            m.q1,
            "approved",
            {
                "status": statuses["pilot"],
                "manual_percent": Decimal("80"),
                "manual_reason": "Delapan dari sepuluh kecamatan.",
                "budget_realised": Decimal("120000000"),
                "indicator_actual": Decimal("1"),
                "narrative": "Uji coba di delapan kecamatan.",
                "links": ["https://silamo.example.go.id/"],
            },
            "",
        ),
        (
            items["QW-GOV"],
            m.q1,
            "returned",
            {"status": statuses["in_progress"], "narrative": "x"},
            "Lampirkan bukti.",
        ),
        (items["GOV-01.02"], m.q1, "submitted", {"status": statuses["preparation"]}, ""),
        (
            items["GOV-01.01"],
            m.q2,
            "draft",
            {"status": statuses["operational"], "narrative": "Beroperasi."},
            "",
        ),
    ]


def _by_services(world, m) -> None:
    coordinator = world.users["coordinator_a"]
    for item, period, state, data, comment in _story(m):
        report = services.report_save(
            actor=coordinator,
            period=period,
            region_id=world.region_a.pk,
            lineage_id=item.lineage_id,
            data=data,
        )
        if state == "draft":
            continue
        report = services.report_submit(actor=coordinator, report=report)
        if state != "submitted":
            services.report_decide(
                actor=coordinator, reports=[report], approve=state == "approved", comment=comment
            )


def _by_writer(world, m) -> None:
    coordinator = world.users["coordinator_a"]
    now = timezone.now()
    reports = [
        progress.Report(
            region_id=world.region_a.pk,
            period=period,
            item=item,
            data=data,
            state=state,
            writer=coordinator,
            approver=coordinator,
            submitted_at=now,
            decided_at=now,
            comment=comment,
        )
        for item, period, state, data, comment in _story(m)
    ]
    rows = progress.reports_write(reports)
    progress.progress_settle(rows, actor=coordinator)


def _dump(world) -> dict[str, Any]:
    reports = {
        (r.item_code, r.period_id): {f: getattr(r, f) for f in REPORT_FIELDS_COMPARED}
        | {"at": (r.submitted_at is None, r.decided_at is None)}
        for r in ProgressReport.objects.all()
    }
    ids = {str(r.pk): (r.item_code, r.period_id) for r in ProgressReport.objects.all()}
    events = sorted(
        (
            ids[e.object_id],
            e.action,
            e.object_type,
            e.object_repr,
            e.region_id,
            e.actor_id,
            e.actor_label,
            repr(e.changes),
            e.message,
        )
        for e in AuditEvent.objects.filter(object_type="monitoring.progressreport")
    )
    stored = [
        (
            p.period_id,
            p.plan_percent,
            p.items_expected,
            p.items_approved,
            p.items_on_time,
            p.budget_planned,
            p.budget_realised,
            p.rollup,
        )
        for p in RegionProgress.objects.order_by("period_id")
    ]
    participation = Participation.objects.get(region=world.region_a)
    stages = [
        (c.stage, c.date, c.note, c.recorded_by_id)
        for c in StageChange.objects.filter(participation=participation)
    ]
    stage_events = sorted(
        (e.action, repr(e.changes), e.message, e.actor_id)
        for e in AuditEvent.objects.filter(object_type="programme.participation")
    )
    return {
        "reports": reports,
        "events": events,
        "stored": stored,
        "stage": (participation.stage, participation.stage_date, participation.row_version),
        "stages": stages,
        "stage_events": stage_events,
    }


def test_the_progress_writer_writes_what_the_services_write(world) -> None:
    _at_ratified(world)
    m = monitoring_setup(world)
    with transaction.atomic():
        _by_services(world, m)
        expected = _dump(world)
        transaction.set_rollback(True)
    assert not ProgressReport.objects.exists()
    _by_writer(world, m)
    written = _dump(world)
    assert written["reports"] == expected["reports"]
    assert written["events"] == expected["events"]
    assert written["stored"] == expected["stored"]
    assert written["stage"] == expected["stage"] and expected["stage"][0] == "implementing"
    assert written["stages"] == expected["stages"]
    assert written["stage_events"] == expected["stage_events"]
    assert len(expected["events"]) == 3 + 3 + 2 + 1  # created, submitted, decided; the draft created


def test_the_progress_writer_refuses_what_the_services_refuse(world) -> None:
    m = monitoring_setup(world)
    item = selectors.reportable_items(m.plan.version)[0]
    status = m.year.statuses.get(code="in_progress")
    bad = progress.Report(
        region_id=world.region_a.pk, period=m.q1, item=item, data={"status": status, "manual_percent": "150"}
    )
    with pytest.raises(Exception) as exc:
        progress.reports_write([bad])
    assert "manual_percent" in exc.value.message_dict  # type: ignore[attr-defined]
    assert (
        not ProgressReport.objects.exists()
        and not AuditEvent.objects.filter(object_type="monitoring.progressreport").exists()
    )


# ------------------------------------------------------------------ plans: the services' rows


FULL_CATALOGUE = demo_plans._catalogue


def _short_catalogue(
    rng: random.Random, *, extra_actions: int = 0, size: Any = None
) -> list[tuple[str, demo_plans.P]]:
    """Two programmes per dimension (the whole catalogue is slow through the services)."""
    chosen = FULL_CATALOGUE(rng, extra_actions=extra_actions)
    kept: list[tuple[str, demo_plans.P]] = []
    for dim in demo_plans.DIMENSION_CODES:
        kept += [(d, p) for d, p in chosen if d == dim][:2]
    return kept


SPEC = demo_plans.RegionPlan(
    code="52.04",
    start_year=2024,
    vision="Sumbawa Cerdas",
    rpjmd_vision="Sumbawa Gemilang",
    state="ratified",
    quick_wins=[
        demo_plans.QW(dimension=d, name=f"Quick win {d} ", agency="diskominfo", acronym=f" QW{d} ")
        for d in demo_plans.DIMENSION_CODES
    ],
    innovations=[("GOV", "Inovasi Simondalev", "bappeda")],
    ratification=demo_plans.Ratification(
        "perbup", "7 Tahun 2024", dt.date(2024, 2, 12), "Drs. H. Mahmud Abdullah"
    ),
)


def _plan_dump(version: PlanVersion) -> dict[str, Any]:
    plan = version.plan
    lineages = {
        row.id: (row.kind, row.plan_id, row.region_id) for row in PlanItemLineage.objects.filter(plan=plan)
    }

    def lineage(item: Any, kind: str) -> bool:
        return lineages.get(item.lineage) == (kind, plan.pk, plan.region_id)

    return {
        "plan": (plan.title, plan.start_year, plan.end_year),
        "version": (
            version.number,
            version.status,
            version.vision,
            version.vision_explanation,
            version.rpjmd_vision,
            version.rpjmd_alignment,
            version.ratification_kind,
            version.ratification_number,
            version.ratification_date,
            version.ratification_signatory,
            version.row_version,
            version.submitted_by_id,
            version.submitted_at is not None,
        ),
        "readiness": [(r.element, r.score, r.summary) for r in version.readiness.order_by("element")],
        "missions": [(m.position, m.text) for m in version.missions.order_by("position")],
        "swot": [
            (s.element, s.kind, s.position, s.text)
            for s in version.swot_items.order_by("element", "kind", "position")
        ],
        "roadmap": [
            (r.year, r.dimension.code, r.milestone)
            for r in version.roadmap_items.order_by("year", "dimension__position")
        ],
        "programmes": [
            (
                p.code,
                p.name,
                p.description,
                p.subdimension.code,
                p.agency.code,
                p.horizon,
                p.start_year,
                p.end_year,
                p.position,
                p.row_version,
                lineage(p, "programme"),
            )
            for p in version.programmes.select_related("subdimension", "agency").order_by("code")
        ],
        "actions": [
            (
                a.code,
                a.programme.code,
                a.name,
                a.agency.code,
                a.start_year,
                a.end_year,
                a.indicator,
                a.unit,
                a.baseline,
                a.position,
                a.row_version,
                sorted((b.year, b.source, b.amount) for b in a.budgets.all()),
                sorted((t.year, t.value) for t in a.targets.all()),
                lineage(a, "action"),
            )
            for a in version.actions.select_related("programme", "agency").order_by("code")
        ],
        "quick_wins": [
            (
                q.code,
                q.name,
                q.acronym,
                q.expansion,
                q.description,
                q.dimension.code,
                q.agency.code,
                q.target_year,
                q.programme.code if q.programme else None,
                q.position,
                lineage(q, "quick_win"),
            )
            for q in version.quick_wins.select_related("dimension", "agency", "programme").order_by("code")
        ],
        "lineages": len(lineages),
        "problems": plan_services.version_problems(version),
    }


@pytest.fixture
def short_catalogue(monkeypatch):
    monkeypatch.setattr(demo_plans, "_catalogue", _short_catalogue)


def test_plan_rows_are_what_the_plan_services_write(world, short_catalogue) -> None:
    region = world.region_a
    agencies_ensure(region)
    coordinator = world.users["coordinator_a"]
    with transaction.atomic():  # through the services, as the demo writes its regions' plans
        rng = random.Random("plan")
        version = demo_plans._plan_start(actor=coordinator, region=region, start_year=2024)
        writer = demo_plans.Writer(actor=coordinator, version=version, seed="52.04", budget_scale=1.1)
        demo_plans.plan_content_write(writer, SPEC, rng)
        version = plan_services.version_submit(actor=coordinator, version=version)
        assert SPEC.ratification is not None
        version = demo_plans._record_ratification(coordinator, version, SPEC.ratification)
        expected = _plan_dump(PlanVersion.objects.get(pk=version.pk))
        transaction.set_rollback(True)
    assert not MasterPlan.objects.exists()

    rng = random.Random("plan")
    rows = plan_start(region, 2024)
    writer = RowWriter(
        actor=coordinator, rows=rows, catalogue=Catalogue.load([region]), seed="52.04", budget_scale=1.1
    )
    demo_plans.plan_content_write(writer, SPEC, rng)
    plan_ratified(rows, actor=coordinator, ratification=SPEC.ratification)
    plans_save([rows])
    written = _plan_dump(PlanVersion.objects.get(pk=rows.version.pk))
    assert expected["problems"] == [] and len(expected["programmes"]) == 12
    assert expected["lineages"] == len(expected["programmes"]) + len(expected["actions"]) + 6
    assert all(row[-1] for key in ("programmes", "actions", "quick_wins") for row in expected[key])
    for key in expected:
        assert written[key] == expected[key], key


# ------------------------------------------------------------------ the scales


def _figures() -> dict[str, Any]:
    """What a scale build holds, by region code (ids and times aside)."""
    figures: dict[str, Any] = {}
    for participation in Participation.objects.select_related("region", "cohort"):
        code = participation.region.code
        version = PlanVersion.objects.get(plan__region=participation.region)
        reports = ProgressReport.objects.filter(region=participation.region)
        figures[code] = {
            "stage": (participation.stage, participation.stage_date, participation.cohort.year),
            "plan": (version.plan.start_year, version.vision, version.ratification_number),
            "items": sorted(version.actions.values_list("code", "name", "agency__code")),
            "quick_wins": sorted(version.quick_wins.values_list("code", "name")),
            "reports": sorted(
                reports.values_list(
                    "period__number",
                    "item_code",
                    "status__code",
                    "manual_percent",
                    "budget_realised",
                    "submitted_at",
                )
            ),
            "stored": sorted(
                RegionProgress.objects.filter(region=participation.region).values_list(
                    "period__number",
                    "plan_percent",
                    "items_expected",
                    "items_approved",
                    "items_on_time",
                    "budget_realised",
                )
            ),
        }
    return figures


def _check_scale(figures: dict[str, Any]) -> None:
    for code, f in figures.items():
        assert f["stage"][0] == "implementing", code
        assert [row[0] for row in f["stored"]] == [1, 2, 3, 4], code
        assert all(row[1] is not None and row[3] > 0 for row in f["stored"]), code


@pytest.fixture
def few_regions(monkeypatch, dimensions):
    """The regions of the demo logins (six kabupaten/kota) and a small scale of three of them."""
    for code, name in (
        ("52.04", "Kabupaten Sumbawa"),
        ("52.07", "Kabupaten Sumbawa Barat"),
        ("51.08", "Kabupaten Buleleng"),
        ("63.03", "Kabupaten Banjar"),
        ("13.73", "Kota Sawahlunto"),
        ("52.71", "Kota Mataram"),
    ):
        RegionFactory(code=code, name=name)
    monkeypatch.setattr(scale, "SMALL", 3)


def _build(seed: int) -> dict[str, Any]:
    """The figures of a small scale built with ``seed``, left in the database."""
    scale.scale_build(scale="small", seed=seed, report=lambda _message: None)
    return _figures()


def test_a_scale_is_deterministic_for_a_seed_and_grows_into_a_larger_one(few_regions, monkeypatch) -> None:
    with transaction.atomic():
        out = io.StringIO()
        call_command("demo", "--scale", "small", "--seed", "7", stdout=out)
        first = _figures()
        transaction.set_rollback(True)
    assert "Small scale: 3 regions (3 built now)" in out.getvalue()
    assert " s.\n" in out.getvalue()  # the time taken
    assert not Participation.objects.exists()
    assert len(first) == 3 and "52.04" in first
    _check_scale(first)

    with transaction.atomic():  # another seed, other figures
        assert _build(8) != first
        transaction.set_rollback(True)

    # the same seed, region by region: Sumbawa first, then the rest (a scale grows into a larger one)
    all_three = scale.scale_regions
    with monkeypatch.context() as patch:
        patch.setattr(
            scale, "scale_regions", lambda s, seed: [r for r in all_three(s, seed) if r.code == "52.04"]
        )
        _build(7)
    summary = scale.scale_build(scale="small", seed=7, report=lambda _message: None)
    assert (summary.regions, summary.built) == (3, 2)
    assert _figures() == first


def test_a_scale_refuses_a_database_with_another_programme(few_regions) -> None:
    ParticipationFactory(region=ProvinceFactory(code="35", name="Jawa Timur"))
    with pytest.raises(CommandError, match="outside this scale"):
        call_command("demo", "--scale", "small", stdout=io.StringIO())
    assert Participation.objects.count() == 1


@pytest.mark.slow_once
def test_the_small_scale_builds_ten_regions_implementing_a_ratified_plan(dimensions) -> None:
    out = io.StringIO()
    call_command("demo", "--scale", "small", stdout=out)
    participations = Participation.objects.select_related("region")
    assert participations.count() == 10
    assert participations.filter(region__code="52.04").exists()
    figures = _figures()
    _check_scale(figures)
    for participation in participations:
        # the stages follow the facts, each dated by its fact
        assert stage_rules.stage_refusal(participation, participation.stage) is None
        for stage in ("ratified", "implementing"):
            change = StageChange.objects.get(participation=participation, stage=stage)
            evidence = stage_rules.stage_evidence(participation, stage)
            assert evidence is not None and evidence.date == change.date
        version = PlanVersion.objects.get(plan__region=participation.region)
        assert version.status == "ratified" and plan_services.version_problems(version) == []
        assert 65 <= version.programmes.count() <= 85 and 130 <= version.actions.count() <= 150
        assert version.quick_wins.count() == 6
        items = version.programmes.count() + version.actions.count() + version.quick_wins.count()
        assert PlanItemLineage.objects.filter(plan=version.plan).count() == items
        approved = ProgressReport.objects.filter(region=participation.region, state="approved")
        assert approved.filter(kind="quick_win").count() == 4 * 6
        assert approved.filter(kind="action", period__number=4).count() >= 0.4 * version.actions.count()
        for row in RegionProgress.objects.filter(region=participation.region).select_related(
            "period__reporting_year"
        ):
            fresh = services.region_progress_refresh(region_id=row.region_id, period=row.period)
            assert (fresh.plan_percent, fresh.items_approved, fresh.items_on_time) == (
                row.plan_percent,
                row.items_approved,
                row.items_on_time,
            )
    assert "Small scale: 10 regions" in out.getvalue()
