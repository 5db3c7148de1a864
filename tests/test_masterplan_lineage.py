"""An item's identity across versions: lineage rows, one item per lineage per version, and the
version in force (the ratified one) beside the working draft."""

import importlib
from uuid import uuid4

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from kotacerdas.masterplans import selectors, services
from kotacerdas.masterplans.choices import ItemKind, VersionStatus
from kotacerdas.masterplans.models import ActionPlan, PlanItemLineage, PlanVersion, Programme, QuickWin

from .masterplan_data import small_plan


def _lineages(version):
    return {
        (model.__name__, item.code): item.lineage
        for model in (Programme, ActionPlan, QuickWin)
        for item in model.objects.filter(version=version)
    }


def test_every_created_item_has_its_lineage_row(world):
    small = small_plan(world)
    rows = {row.id: row for row in PlanItemLineage.objects.all()}
    assert rows[small.programme.lineage].kind == ItemKind.PROGRAMME
    assert rows[small.action.lineage].kind == ItemKind.ACTION
    assert rows[small.quick_win.lineage].kind == ItemKind.QUICK_WIN
    assert {row.region_id for row in rows.values()} == {world.region_a.pk}
    assert {row.plan_id for row in rows.values()} == {small.plan.pk}
    assert set(rows) == set(_lineages(small.version).values())


def test_a_copied_programme_gets_a_new_lineage_with_its_row(world):
    small = small_plan(world)
    copy = services.programme_copy(actor=world.users["coordinator_a"], programme=small.programme)
    assert copy.lineage != small.programme.lineage
    assert PlanItemLineage.objects.filter(pk=copy.lineage, kind=ItemKind.PROGRAMME).exists()
    for action in copy.actions.all():
        assert PlanItemLineage.objects.filter(pk=action.lineage, kind=ItemKind.ACTION).exists()


def test_a_new_version_keeps_every_lineage(world):
    small = small_plan(world)
    before = _lineages(small.version)
    rows_before = PlanItemLineage.objects.count()
    PlanVersion.objects.filter(pk=small.version.pk).update(status=VersionStatus.RATIFIED)
    draft = services.version_new_draft(actor=world.users["coordinator_a"], plan=small.plan)
    assert _lineages(draft) == before
    assert PlanItemLineage.objects.count() == rows_before  # the same identities, no new rows
    # the copies are other rows with other public ids
    copied = Programme.objects.get(version=draft, code="GOV-01")
    assert (copied.pk, copied.uid) != (small.programme.pk, small.programme.uid)


@pytest.mark.parametrize("model", [Programme, ActionPlan, QuickWin])
def test_the_database_refuses_two_items_of_one_lineage_in_a_version(world, model):
    small = small_plan(world)
    item = {Programme: small.programme, ActionPlan: small.action, QuickWin: small.quick_win}[model]
    twin = model.objects.get(pk=item.pk)
    twin.pk = twin.id = None
    twin.uid = uuid4()
    twin.code = "TWIN-01"
    twin._state.adding = True
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    assert model.objects.filter(version=small.version, lineage=item.lineage).count() == 1


def test_the_same_lineage_in_two_versions_is_allowed(world):
    small = small_plan(world)
    PlanVersion.objects.filter(pk=small.version.pk).update(status=VersionStatus.RATIFIED)
    draft = services.version_new_draft(actor=world.users["coordinator_a"], plan=small.plan)
    assert Programme.objects.filter(lineage=small.programme.lineage).count() == 2
    assert {p.version_id for p in Programme.objects.filter(lineage=small.programme.lineage)} == {
        small.version.pk,
        draft.pk,
    }


def test_the_data_migration_fills_missing_lineage_rows(world):
    small = small_plan(world)
    expected = set(PlanItemLineage.objects.values_list("id", "kind", "plan_id", "region_id"))
    PlanItemLineage.objects.all().delete()
    migration = importlib.import_module("kotacerdas.masterplans.migrations.0003_lineage_rows")
    migration.lineages_fill(apps, None)
    assert set(PlanItemLineage.objects.values_list("id", "kind", "plan_id", "region_id")) == expected
    assert len(expected) == len(_lineages(small.version))


def test_version_in_force_and_working_draft(world):
    small = small_plan(world)
    assert selectors.version_in_force(small.plan) is None
    assert selectors.working_draft(small.plan) == small.version
    PlanVersion.objects.filter(pk=small.version.pk).update(status=VersionStatus.RATIFIED)
    draft = services.version_new_draft(actor=world.users["coordinator_a"], plan=small.plan)
    assert selectors.version_in_force(small.plan) == small.version
    assert selectors.working_draft(small.plan) == draft


@pytest.mark.parametrize(
    ("role", "shown"),
    [("coordinator_a", 2), ("officer_a", 2), ("ministry_admin", 2), ("pendamping", 1)],
)
def test_readers_see_the_version_in_force_editors_the_draft(world, role, shown):
    small = small_plan(world)
    PlanVersion.objects.filter(pk=small.version.pk).update(status=VersionStatus.RATIFIED)
    services.version_new_draft(actor=world.users["coordinator_a"], plan=small.plan)
    client = world.client_for(role)
    page = client.get("/rencana-induk/52.04/")
    assert page.status_code == 200
    assert page.context["version"].number == shown
    api = client.get("/api/v1/masterplans/52.04/versions/current/")
    assert api.status_code == 200 and api.json()["version"]["number"] == shown
    detail = client.get("/api/v1/masterplans/52.04/").json()
    assert (detail["version_in_force"], detail["working_draft"]) == (1, 2)
    # any version stays readable by its number
    assert client.get("/rencana-induk/52.04/?versi=2").context["version"].number == 2


def test_readers_see_the_newest_version_before_any_ratification(world):
    small_plan(world)
    page = world.client_for("pendamping").get("/rencana-induk/52.04/")
    assert page.context["version"].number == 1
