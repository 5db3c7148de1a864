"""History people can read: the version comparison and the audit trail show labels, names and
formatted values (one formatting module, ``core.changes``), never field names or Python values."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from kotacerdas.core import changes
from kotacerdas.core.services import audit_record
from kotacerdas.masterplans import selectors, services
from kotacerdas.masterplans.changes import version_diff_display
from kotacerdas.masterplans.choices import VersionStatus
from kotacerdas.masterplans.models import ActionPlan, PlanVersion, Programme, RoadmapItem
from kotacerdas.programme.choices import Stage
from kotacerdas.programme.models import Dimension
from tests.factories import ParticipationFactory

from .masterplan_data import small_plan


def _second_version(world):
    small = small_plan(world)
    PlanVersion.objects.filter(pk=small.version.pk).update(status=VersionStatus.RATIFIED)
    draft = services.version_new_draft(actor=world.users["coordinator_a"], plan=small.plan)
    return small, draft


def _budget_change(world, draft):
    action = ActionPlan.objects.get(version=draft, code="GOV-01.01")
    services.action_update(
        actor=world.users["coordinator_a"],
        action=action,
        data={"agency": world.agency_a},
        expected_version=action.row_version,
        budgets=[(2024, "APBD", Decimal("340000000")), (2025, "NON_APBD", Decimal("12500000.50"))],
    )
    return action


def _changed_action(display):
    actions = next(p for p in display["parts"] if p["key"] == "actions")
    return {row.key: row for row in actions["changed"][0]["rows"]}


def test_diff_shows_a_budget_change_as_rupiah(world):
    small, draft = _second_version(world)
    _budget_change(world, draft)
    diff = selectors.version_diff(old=small.version, new=draft)
    with translation.override("id"):
        rows = _changed_action(version_diff_display(diff, region_id=world.region_a.pk))
        budget = rows["budgets"]
        assert "Rp 250.000.000" in budget.before
        assert "Rp 340.000.000" in budget.after and "Rp 12.500.000,50" in budget.after
        assert "<table" in budget.after and "2025" in budget.after
        assert rows["agency"].before == "Diskominfo" and rows["agency"].after == "Disdukcapil"
        assert rows["agency"].label == changes.field_label(ActionPlan, "agency") != "agency_id"
    with translation.override("en"):
        rows = _changed_action(version_diff_display(diff, region_id=world.region_a.pk))
        assert "Rp 340,000,000" in rows["budgets"].after
        assert rows["budgets"].label == "Budget (Rp)"
        assert rows["agency"].label == "Owning agency"


def test_diff_page_shows_labels_and_rupiah_not_python_values(world):
    _small, draft = _second_version(world)
    _budget_change(world, draft)
    services.version_update(
        actor=world.users["coordinator_a"],
        version=draft,
        data={"rpjmd_alignment": "Selaras dengan RPJMD 2025-2029"},
        expected_version=None,
    )
    page = world.client_for("coordinator_a").get("/rencana-induk/52.04/perbandingan/?dari=1&ke=2")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Rp 340.000.000" in html
    for raw in ("340000000.00", "rpjmd_alignment", "agency_id", "budgets", "(2024, "):
        assert raw not in html
    with translation.override("en"):
        english = world.client_for("coordinator_a").get(
            "/rencana-induk/52.04/perbandingan/?dari=1&ke=2", HTTP_ACCEPT_LANGUAGE="en"
        )
        assert changes.field_label(PlanVersion, "rpjmd_alignment") in english.content.decode()


def test_diff_covers_readiness_swot_and_road_map(world):
    small, draft = _second_version(world)
    actor = world.users["coordinator_a"]
    services.readiness_set(actor=actor, version=draft, element="culture", score=4, summary="Warga aktif")
    services.swot_item_add(actor=actor, version=draft, element="culture", kind="S", text="Gotong royong")
    services.roadmap_item_add(
        actor=actor, version=draft, year=2025, dimension=Dimension.objects.get(code="GOV"), milestone="SPBE"
    )
    diff = selectors.version_diff(old=small.version, new=draft)
    assert [c["item"]["element"] for c in diff["readiness"]["changed"]] == ["culture"]
    assert [s["text"] for s in diff["swot"]["added"]] == ["Gotong royong"]
    assert [r["milestone"] for r in diff["roadmap"]["added"]] == ["SPBE"]
    assert diff["total_changes"] == 3
    with translation.override("en"):
        display = version_diff_display(diff, region_id=world.region_a.pk)
        parts = {p["key"]: p for p in display["parts"]}
        readiness = parts["readiness"]["changed"][0]
        assert readiness["item"]["name"] == "Culture"
        assert {r.label for r in readiness["rows"]} == {"Score (1-5)", "Summary"}
        assert parts["swot"]["added"][0]["code"] == "Culture · Strength"
        assert parts["roadmap"]["added"][0]["code"] == f"2025 · {Dimension.objects.get(code='GOV').label}"
    page = world.client_for("coordinator_a").get("/rencana-induk/52.04/perbandingan/?dari=1&ke=2")
    html = page.content.decode()
    assert "Gotong royong" in html and "SPBE" in html and 'id="diff-readiness"' in html
    api = world.client_for("coordinator_a").get("/api/v1/masterplans/52.04/diff/?from=1&to=2").json()
    assert [s["text"] for s in api["swot"]["added"]] == ["Gotong royong"]
    assert api["roadmap"]["added"] == [{"year": 2025, "dimension": "GOV", "milestone": "SPBE"}]
    assert api["readiness"]["changed"][0]["changes"]["score"] == [None, 4]


def test_audit_trail_shows_the_stage_label_and_the_object_kind(world):
    participation = ParticipationFactory(region=world.region_a)
    audit_record(
        actor=world.users["ministry_admin"],
        action="transition",
        obj=participation,
        changes={"stage": [Stage.values[3], Stage.values[4]]},
    )
    small = small_plan(world)
    item = services.roadmap_item_add(
        actor=world.users["coordinator_a"],
        version=small.version,
        year=2025,
        dimension=Dimension.objects.get(code="GOV"),
        milestone="Tonggak",
    )
    assert RoadmapItem.objects.filter(pk=item.pk).exists()
    page = world.client_for("ministry_admin").get("/jejak-audit/")
    html = page.content.decode()
    with translation.override("id"):
        assert str(Stage(Stage.values[4]).label) in html
        assert changes.object_kind("masterplans.roadmapitem") in html
    assert f'<td class="diff-added">{Stage.values[4]}</td>' not in html
    assert '<span class="muted">masterplans.roadmapitem</span>' not in html


def test_audit_trail_shows_budgets_as_rupiah_and_links_to_the_object(world):
    small = small_plan(world)
    services.action_update(
        actor=world.users["coordinator_a"],
        action=small.action,
        data={},
        expected_version=small.action.row_version,
        budgets=[(2024, "APBD", Decimal("340000000"))],
    )
    page = world.client_for("coordinator_a").get("/jejak-audit/?region=52.04")
    html = page.content.decode()
    assert "Rp 340.000.000" in html and "Rp 250.000.000" in html
    assert "340000000.00" not in html
    programme = Programme.objects.get(pk=small.programme.pk)
    assert f'href="/rencana-induk/52.04/?versi=1#p-{programme.uid}"' in html


@pytest.mark.parametrize(
    ("key", "value", "shown"),
    [
        ("status", "ratified", VersionStatus.RATIFIED.label),
        ("ratification_date", "2024-03-01", "1 Maret 2024"),
    ],
)
def test_one_formatter_for_fields(key, value, shown):
    with translation.override("id"):
        assert changes.value_display(PlanVersion, key, value) == str(shown)
        assert changes.field_label("masterplans.planversion", key) != key


def test_numbers_and_rupiah_follow_the_language():
    with translation.override("id"):
        assert changes.rupiah("340000000.00") == "Rp 340.000.000"
        assert changes.number("12.50") == "12,5"
    with translation.override("en"):
        assert changes.rupiah(Decimal("340000000")) == "Rp 340,000,000"
        assert changes.object_kind("masterplans.roadmapitem") == "Road map item"
