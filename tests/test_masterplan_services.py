"""Master-plan services: the plan tree, rules at each write, versions, diff, conflicts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.models import AuditEvent
from kotacerdas.masterplans import selectors, services
from kotacerdas.masterplans.models import ActionPlan, PlanVersion, Programme, QuickWin
from kotacerdas.programme.models import Dimension, SubDimension


@pytest.fixture
def plan(world):
    return services.plan_create(
        actor=world.users["coordinator_a"],
        region=world.region_a,
        title="Masterplan Smart City Sumbawa",
        start_year=2024,
        end_year=2028,
    )


@pytest.fixture
def draft(plan):
    return plan.versions.get()


def _programme(world, draft, code="GOV-01", sub="GOV-1", agency=None, actor="coordinator_a"):
    return services.programme_create(
        actor=world.users[actor],
        version=draft,
        code=code,
        name=f"Program {code}",
        subdimension=SubDimension.objects.get(code=sub),
        agency=agency or world.agency_a2,
        start_year=2024,
        end_year=2026,
    )


def _action(
    world, programme, code, agency=None, actor="coordinator_a", budgets=((2024, "APBD", Decimal("1500000")),)
):
    return services.action_create(
        actor=world.users[actor],
        programme=programme,
        code=code,
        name=f"Aksi {code}",
        agency=agency or world.agency_a,
        start_year=2024,
        end_year=2025,
        indicator="Jumlah layanan",
        unit="layanan",
        baseline=Decimal(1),
        budgets=list(budgets),
        targets=[(2024, Decimal(2)), (2025, Decimal(4))],
    )


def _complete(world, draft):
    services.version_update(
        actor=world.users["coordinator_a"],
        version=draft,
        data={"vision": "Sumbawa Gemilang"},
        expected_version=None,
    )
    services.missions_set(actor=world.users["coordinator_a"], version=draft, texts=["Misi satu", "Misi dua"])
    for element in ["nature", "structure", "infrastructure", "suprastructure", "culture"]:
        services.readiness_set(actor=world.users["coordinator_a"], version=draft, element=element, score=3)
    for dim in Dimension.objects.all():
        p = _programme(world, draft, code=f"{dim.code}-01", sub=f"{dim.code}-1")
        _action(world, p, f"{dim.code}-01.01")
        services.quick_win_create(
            actor=world.users["coordinator_a"],
            version=draft,
            code=f"QW-{dim.code}",
            name=f"Quick win {dim.code}",
            dimension=dim,
            agency=world.agency_a,
            target_year=2024,
            programme=p,
        )


def test_tree_counts_and_audit(world, draft):
    p = _programme(world, draft)
    _action(world, p, "GOV-01.01")
    _action(world, p, "GOV-01.02")
    counts = {
        c["dimension"].code: (c["programmes"], c["actions"])
        for c in selectors.counts_per_dimension(version=draft)
    }
    assert counts["GOV"] == (1, 2) and counts["BRD"] == (0, 0)
    assert AuditEvent.objects.filter(object_type="masterplans.actionplan", region=world.region_a).count() == 2
    summary = selectors.budget_summary(version=draft)
    assert summary["total"] == Decimal("3000000")


@pytest.mark.parametrize(
    "change,field",
    [
        ({"agency": "b"}, "agency"),
        ({"start_year": 2030}, "start_year"),
        ({"budgets": [(2024, "APBD", Decimal("-5"))]}, "budgets"),
    ],
)
def test_action_rules_refuse_and_write_nothing(world, draft, change, field):
    p = _programme(world, draft)
    kwargs = dict(
        actor=world.users["coordinator_a"],
        programme=p,
        code="GOV-01.01",
        name="x",
        agency=world.agency_a,
        start_year=2024,
        end_year=2025,
        budgets=[],
        targets=[],
    )
    if "agency" in change:
        kwargs["agency"] = world.agency_b
    if "start_year" in change:
        kwargs["start_year"] = change["start_year"]
    if "budgets" in change:
        kwargs["budgets"] = change["budgets"]
    with pytest.raises(ValidationError) as exc:
        services.action_create(**kwargs)
    assert field in exc.value.message_dict
    assert ActionPlan.objects.count() == 0


def test_codes_unique_in_plan(world, draft):
    p = _programme(world, draft)
    with pytest.raises(ValidationError):
        _action(world, p, "gov-01")  # same as the programme's code, other case
    _action(world, p, "GOV-01.01")
    with pytest.raises(ValidationError):
        _action(world, p, "GOV-01.01")
    assert ActionPlan.objects.count() == 1


def test_officer_edits_only_own_agency_items(world, draft):
    p = _programme(world, draft)
    own = _action(world, p, "GOV-01.01", agency=world.agency_a)
    other = _action(world, p, "GOV-01.02", agency=world.agency_a2)
    officer = world.users["officer_a"]
    services.action_update(
        actor=officer, action=own, data={"name": "Diubah"}, expected_version=own.row_version
    )
    with pytest.raises(PermissionDenied):
        services.action_update(
            actor=officer, action=other, data={"name": "x"}, expected_version=other.row_version
        )
    with pytest.raises(PermissionDenied):  # nor give its own item away
        services.action_update(
            actor=officer, action=own, data={"agency": world.agency_a2}, expected_version=None
        )
    with pytest.raises(PermissionDenied):
        _programme(world, draft, code="GOV-02", actor="officer_a")


def test_two_coordinators_edit_same_action_second_is_refused(world, draft):
    p = _programme(world, draft)
    action = _action(world, p, "GOV-01.01")
    seen = action.row_version
    services.action_update(
        actor=world.users["coordinator_a"], action=action, data={"name": "Versi Ani"}, expected_version=seen
    )
    with pytest.raises(ConflictError) as exc:
        services.action_update(
            actor=world.users["ministry_admin"],
            action=action,
            data={"name": "Versi Budi"},
            expected_version=seen,
        )
    assert exc.value.current["name"] == "Versi Ani"
    action.refresh_from_db()
    assert action.name == "Versi Ani"


def test_submit_needs_complete_plan_then_freezes(world, draft):
    p = _programme(world, draft)
    _action(world, p, "GOV-01.01")
    with pytest.raises(ValidationError):
        services.version_submit(actor=world.users["coordinator_a"], version=draft)
    draft.refresh_from_db()
    assert draft.status == "draft"
    Programme.objects.all().delete()
    _complete(world, draft)
    checklist = selectors.version_checklist(version=draft)
    assert checklist["ready"], checklist
    submitted = services.version_submit(actor=world.users["coordinator_a"], version=draft)
    assert submitted.status == "submitted"
    with pytest.raises(ValidationError):
        _programme(world, submitted, code="GOV-09")


def test_ratify_new_version_copy_and_diff(world, draft):
    _complete(world, draft)
    v1 = services.version_submit(actor=world.users["coordinator_a"], version=draft)
    with pytest.raises(ValidationError):
        services.version_ratify(
            actor=world.users["coordinator_a"], version=v1, kind="perbup", number="", date=dt.date(2024, 3, 1)
        )
    v1 = services.version_ratify(
        actor=world.users["coordinator_a"],
        version=v1,
        kind="perbup",
        number="Perbup 12/2024",
        date=dt.date(2024, 3, 1),
    )
    assert v1.status == "ratified"
    v2 = services.version_new_draft(actor=world.users["coordinator_a"], plan=v1.plan)
    assert v2.number == 2 and v2.based_on_id == v1.pk
    assert ActionPlan.objects.filter(version=v2).count() == ActionPlan.objects.filter(version=v1).count() == 6
    assert selectors.version_diff(old=v1, new=v2)["total_changes"] == 0
    # change, add, remove
    action = ActionPlan.objects.get(version=v2, code="GOV-01.01")
    services.action_update(
        actor=world.users["coordinator_a"], action=action, data={"code": "GOV-01.A"}, expected_version=None
    )
    services.quick_win_delete(
        actor=world.users["coordinator_a"], quick_win=QuickWin.objects.get(version=v2, code="QW-ENV")
    )
    _action(world, Programme.objects.get(version=v2, code="ENV-01"), "ENV-01.02")
    diff = selectors.version_diff(old=v1, new=v2)
    assert [c["item"]["code"] for c in diff["actions"]["changed"]] == ["GOV-01.A"]
    assert [a["code"] for a in diff["actions"]["added"]] == ["ENV-01.02"]
    assert [q["code"] for q in diff["quick_wins"]["removed"]] == ["QW-ENV"]
    # v1 is untouched
    assert ActionPlan.objects.filter(version=v1, code="GOV-01.01").exists()
    services.quick_win_create(
        actor=world.users["coordinator_a"],
        version=v2,
        code="QW-ENV2",
        name="Go-SIPS",
        dimension=Dimension.objects.get(code="ENV"),
        agency=world.agency_a,
        target_year=2025,
    )
    v2 = services.version_submit(
        actor=world.users["coordinator_a"], version=PlanVersion.objects.get(pk=v2.pk)
    )
    services.version_ratify(
        actor=world.users["coordinator_a"],
        version=v2,
        kind="perbup",
        number="Perbup 3/2025",
        date=dt.date(2025, 1, 5),
    )
    v1.refresh_from_db()
    assert v1.status == "superseded"


def test_copy_and_reorder_programme(world, draft):
    p1 = _programme(world, draft, code="GOV-01")
    _action(world, p1, "GOV-01.01")
    p2 = _programme(world, draft, code="GOV-02")
    copy = services.programme_copy(actor=world.users["coordinator_a"], programme=p1)
    assert copy.code == "GOV-01-S"
    assert list(copy.actions.values_list("code", flat=True)) == ["GOV-01-S.01"]
    services.programme_reorder(
        actor=world.users["coordinator_a"],
        version=draft,
        ordered_uids=[str(p2.uid), str(copy.uid), str(p1.uid)],
    )
    tree = selectors.plan_tree(version=draft)
    assert [p.code for p in tree[0].programmes] == ["GOV-02", "GOV-01-S", "GOV-01"]


def test_plan_tree_query_count_does_not_grow(world, draft, django_assert_max_num_queries):
    p = _programme(world, draft)
    for i in range(1, 4):
        _action(world, p, f"GOV-01.0{i}")
    with django_assert_max_num_queries(8) as small:
        selectors.plan_tree(version=draft)
    for i in range(2, 7):
        q = _programme(world, draft, code=f"GOV-0{i}", sub="GOV-2")
        for j in range(1, 6):
            _action(world, q, f"GOV-0{i}.0{j}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        tree = selectors.plan_tree(version=draft)
        assert sum(n.action_count for n in tree) == 28


def test_figures_only_change_moves_the_row_version(world, draft):
    p = _programme(world, draft)
    action = _action(world, p, "GOV-01.01")
    seen = action.row_version
    services.action_update(
        actor=world.users["coordinator_a"],
        action=action,
        data={"name": action.name},  # unchanged field sent along with new figures
        expected_version=seen,
        budgets=[(2024, "APBD", Decimal("99"))],
    )
    with pytest.raises(ConflictError):
        services.action_update(
            actor=world.users["ministry_admin"],
            action=action,
            data={},
            expected_version=seen,
            budgets=[(2024, "APBD", Decimal("1"))],
        )
    assert selectors.budget_summary(version=draft)["total"] == Decimal("99")
