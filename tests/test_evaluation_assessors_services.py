"""The assessors' services: the pool, conflicts and partners, automatic assignment and the
ministry's overrides, an assessor's declarations. Each refusal says why and writes nothing;
each write leaves its audit event."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.http import Http404
from django.utils import translation

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.models import AuditEvent
from kotacerdas.evaluation import assessor_selectors as selectors
from kotacerdas.evaluation import assessors as services
from kotacerdas.evaluation.models import Assessor, Assignment, Conflict, RegionPartner, RoundRegion, Score
from kotacerdas.notifications.models import Notification

from .evaluation_assessors_data import assessor_make, province, regions_bulk, round_make
from .evaluation_data import method_make
from .factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Assessor.objects.count(),
        Assignment.objects.count(),
        Conflict.objects.count(),
        RegionPartner.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


@pytest.fixture
def admin(world):
    method_make()
    return world.users["ministry_admin"]


# ---------------------------------------------------------------- the pool


def test_create_gives_the_next_code_the_role_and_an_audit_event(world, admin):
    user = UserFactory(username="dosen")
    first = services.assessor_create(
        actor=admin,
        user=user,
        category="academic",
        institution="  Universitas   Mataram ",
        home_region=world.region_a,
        expertise=["outcome", "OUTPUT", "OUTCOME"],
    )
    assert first.code == "ASR-001"
    assert first.institution == "Universitas Mataram"
    assert first.home_province.code == "52"  # from the home region
    assert first.expertise == ["OUTPUT", "OUTCOME"]  # known codes, in the method's order, once
    assert user.memberships.filter(role="assessor").count() == 1
    event = AuditEvent.objects.filter(object_type="evaluation.assessor").get()
    assert event.changes["code"] == [None, "ASR-001"]
    # the world's assessor already has the role: not given twice
    second = services.assessor_create(actor=admin, user=world.users["assessor"], category="government")
    assert second.code == "ASR-002"
    assert world.users["assessor"].memberships.filter(role="assessor").count() == 1
    Assessor.objects.filter(pk=first.pk).update(code="ASR-041")
    third = assessor_make(admin, "praktisi", category="practitioner")
    assert third.code == "ASR-042"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"category": "guru"}, "category", "Choose a category"),
        ({"home_province": "region_a"}, "home_province", "is not a province"),
        ({"home_region": "province_b"}, "home_region", "kabupaten or kota"),
        ({"home_province": "province_b", "home_region": "region_a"}, "home_region", "is not in"),
        ({"expertise": ["SMART"]}, "expertise", "Unknown evaluation dimensions: SMART"),
        ({"institution": "x" * 201}, "institution", "longer than 200"),
    ],
)
def test_create_refuses_a_bad_profile_and_writes_nothing(world, admin, changes, field, message):
    places = {"region_a": world.region_a, "province_b": world.region_b.province}
    data = {
        "category": "academic",
        **{k: places.get(v, v) if isinstance(v, str) else v for k, v in changes.items()},
    }
    before = _counts()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.assessor_create(actor=admin, user=UserFactory(username="calon"), **data)
    assert message in " ".join(caught.value.message_dict[field])
    assert _counts() == before


def test_create_refuses_a_person_already_in_the_pool_or_deactivated(world, admin):
    assessor_make(admin, "dosen")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.assessor_create(actor=admin, user=UserFactory(username="dosen"), category="academic")
    assert "already in the pool as ASR-001" in caught.value.message_dict["user"][0]
    gone = UserFactory(username="pensiun", is_active=False)
    with pytest.raises(ValidationError):
        services.assessor_create(actor=admin, user=gone, category="academic")
    assert not gone.memberships.exists()


def test_only_the_ministry_manages_the_pool(world, admin):
    for role in ("coordinator_a", "assessor", "pendamping"):
        with pytest.raises(PermissionDenied):
            services.assessor_create(
                actor=world.users[role], user=UserFactory(username=f"x{role}"), category="academic"
            )
    assert not Assessor.objects.exists()


def test_update_checks_the_version_and_records_the_change(world, admin):
    assessor = assessor_make(admin, "dosen", institution="ITB")
    updated = services.assessor_update(
        actor=admin,
        assessor=assessor,
        data={"institution": "UGM", "home_province": world.region_b.province},
        expected_version=1,
    )
    assert (updated.institution, updated.home_province.code, updated.row_version) == ("UGM", "51", 2)
    event = AuditEvent.objects.filter(object_type="evaluation.assessor", action="update").get()
    assert event.changes["institution"] == ["ITB", "UGM"]
    stale = Assessor.objects.get(pk=assessor.pk)
    with pytest.raises(ConflictError) as caught:
        services.assessor_update(actor=admin, assessor=stale, data={"institution": "IPB"}, expected_version=1)
    assert caught.value.current["institution"] == "UGM"
    assert Assessor.objects.get(pk=assessor.pk).institution == "UGM"
    with pytest.raises(ValidationError):
        services.assessor_update(actor=admin, assessor=stale, data={"code": "X"}, expected_version=2)


def test_deactivate_and_back(world, admin):
    assessor = assessor_make(admin, "dosen")
    services.assessor_set_active(actor=admin, assessor=assessor, active=False)
    assert not Assessor.objects.get(pk=assessor.pk).active
    services.assessor_set_active(actor=admin, assessor=assessor, active=True)
    assert Assessor.objects.get(pk=assessor.pk).active
    assert AuditEvent.objects.filter(object_type="evaluation.assessor", action="update").count() == 2


def test_list_filters(world, admin):
    a = assessor_make(
        admin, "satu", category="academic", home_province=world.region_a.province, expertise=["OUTPUT"]
    )
    b = assessor_make(
        admin, "dua", category="government", home_province=world.region_b.province, expertise=["OUTCOME"]
    )
    services.assessor_set_active(actor=admin, assessor=b, active=False)
    assert list(selectors.assessor_list(category="academic")) == [a]
    assert list(selectors.assessor_list(province="51")) == [b]
    assert list(selectors.assessor_list(expertise="OUTPUT")) == [a]
    assert list(selectors.assessor_list(expertise="OUT")) == []  # a whole code, not a part
    assert list(selectors.assessor_list(active=False)) == [b]
    assert list(selectors.assessor_list(query="dua")) == [b]


# ---------------------------------------------------------------- conflicts and partners


def test_detected_and_declared_conflicts_of_a_round(world, admin):
    round_ = round_make([world.region_a, world.region_b])
    home = assessor_make(admin, "ntb", home_province=world.region_a.province)
    partner = assessor_make(admin, "unram", institution="Universitas Mataram")
    declared = assessor_make(admin, "bali")
    free = assessor_make(admin, "bebas", institution="ITB")
    services.region_partner_add(actor=admin, region=world.region_b, institution="universitas  MATARAM")
    services.conflict_declare(
        actor=admin, assessor=declared, region=world.region_b, reason="Pernah jadi konsultan"
    )
    found = selectors.round_conflicts(round_)
    assert found == {
        home.code: {"52.04": ("home_province",)},
        partner.code: {"51.08": ("institution",)},
        declared.code: {"51.08": ("declared",)},
    }
    assert free.code not in found
    assert selectors.pair_conflicts(partner, world.region_b) == ("institution",)


def test_round_conflicts_take_four_queries_at_any_size(world, admin, django_assert_num_queries):
    small = round_make(regions_bulk(10, provinces=5), code="kecil")
    big = round_make(regions_bulk(200, provinces=20, first_province=60), code="besar")
    for j in range(12):
        assessor_make(admin, f"a{j}", home_province=province(str(11 + j % 5)), institution=f"Univ {j % 3}")
    for r in RoundRegion.objects.filter(round=big)[:30]:
        RegionPartner.objects.create(region=r.region, institution="Univ 1")
    with django_assert_num_queries(4):
        selectors.round_conflicts(small)
    with django_assert_num_queries(4):
        found = selectors.round_conflicts(big)
    assert sum(len(v) for v in found.values()) == 4 * 30  # the Univ 1 people and its 30 regions


def test_partner_duplicates_are_refused_whatever_the_case_or_spacing(world, admin):
    services.region_partner_add(actor=admin, region=world.region_a, institution="Universitas Mataram")
    before = _counts()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.region_partner_add(actor=admin, region=world.region_a, institution=" UNIVERSITAS  mataram")
    assert "already partners" in caught.value.message_dict["institution"][0]
    with pytest.raises(ValidationError):
        services.region_partner_add(actor=admin, region=world.region_a, institution="   ")
    with pytest.raises(ValidationError):
        services.region_partner_add(actor=admin, region=world.region_a.province, institution="ITB")
    assert _counts() == before
    partner = RegionPartner.objects.get()
    services.region_partner_remove(actor=admin, partner=partner)
    assert not RegionPartner.objects.exists()
    assert AuditEvent.objects.filter(object_type="evaluation.regionpartner").count() == 2


def test_conflict_declare_by_the_assessor_or_the_ministry_only(world, admin):
    own = assessor_make(admin, "asesor")  # the world's assessor
    other = assessor_make(admin, "lain")
    services.conflict_declare(
        actor=world.users["assessor"], assessor=own, region=world.region_a, reason="Kerabat"
    )
    with pytest.raises(PermissionDenied):
        services.conflict_declare(
            actor=world.users["assessor"], assessor=other, region=world.region_a, reason="x"
        )
    with pytest.raises(PermissionDenied):
        services.conflict_declare(
            actor=world.users["coordinator_a"], assessor=own, region=world.region_b, reason="x"
        )
    before = _counts()
    for region, reason in ((world.region_a, "lagi"), (world.region_b, "  "), (world.region_b.province, "x")):
        with pytest.raises(ValidationError):
            services.conflict_declare(actor=admin, assessor=own, region=region, reason=reason)
    assert _counts() == before
    conflict = Conflict.objects.get()
    assert (conflict.kind, conflict.declared_by, conflict.reason) == (
        "declared",
        world.users["assessor"],
        "Kerabat",
    )
    services.conflict_withdraw(actor=admin, conflict=conflict)
    assert not Conflict.objects.exists()


# ---------------------------------------------------------------- automatic assignment


def _pool(admin, count, provinces):
    return [
        assessor_make(
            admin,
            f"p{j}",
            home_province=provinces[j % len(provinces)],
            expertise=["OUTPUT", "IMPACT"][j % 2 :],
        )
        for j in range(count)
    ]


def test_generate_assigns_free_assessors_evenly_and_records_each(world, admin):
    regions = regions_bulk(12, provinces=4)
    round_ = round_make(regions)
    pool = _pool(admin, 8, [province("11"), province("12"), province("13"), province("14"), province("90")])
    result = services.assignment_generate(actor=admin, round_=round_, per_region=3)
    assert (result.created, result.removed, result.kept) == (36, 0, 0)
    assert result.plan.balanced and result.explanation == ""
    found = selectors.round_conflicts(round_)
    rows = list(
        Assignment.objects.filter(entry__round=round_).values_list("assessor__code", "entry__region__code")
    )
    assert len(rows) == 36
    assert not [(a, r) for a, r in rows if r in found.get(a, {})]
    loads = [Assignment.objects.filter(assessor=a).count() for a in pool]
    assert max(loads) - min(loads) <= 1
    assert AuditEvent.objects.filter(object_type="evaluation.assignment", action="create").count() == 36
    summary = AuditEvent.objects.get(object_type="evaluation.round")
    assert summary.changes["created"] == 36 and summary.changes["per_region"] == 3


def test_generate_again_keeps_scored_assignments_and_the_same_plan(world, admin):
    regions = regions_bulk(6, provinces=3)
    round_ = round_make(regions)
    _pool(admin, 6, [province("11"), province("12"), province("13")])
    services.assignment_generate(actor=admin, round_=round_, per_region=2)
    first = set(Assignment.objects.values_list("pk", "assessor__code", "entry__region__code"))
    again = services.assignment_generate(actor=admin, round_=round_, per_region=2)
    assert (again.created, again.removed) == (0, 0)
    assert set(Assignment.objects.values_list("pk", "assessor__code", "entry__region__code")) == first
    scored = Assignment.objects.order_by("pk").first()
    question = round_.method.questions.first()
    Score.objects.create(assignment=scored, question=question, level=3)
    # the scorer leaves the pool: their scored assignment stays, their others go to the rest
    services.assessor_set_active(actor=admin, assessor=scored.assessor, active=False)
    result = services.assignment_generate(actor=admin, round_=round_, per_region=2)
    assert result.kept == 1
    assert Assignment.objects.filter(pk=scored.pk).exists()
    assert Assignment.objects.filter(assessor=scored.assessor).count() == 1
    assert Assignment.objects.count() == 12


def test_generate_names_the_region_that_cannot_be_staffed_and_writes_nothing(world, admin):
    round_ = round_make([world.region_a, world.region_b])
    assessor_make(admin, "ntb1", home_province=world.region_a.province)
    assessor_make(admin, "ntb2", home_province=world.region_a.province)
    assessor_make(admin, "luar", home_province=province("11"))
    before = _counts()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.assignment_generate(actor=admin, round_=round_, per_region=2)
    message = caught.value.message_dict["per_region"][0]
    assert "Kabupaten Sumbawa has only 1 assessors free of conflict, 2 needed" in message
    assert "Buleleng" not in message
    assert _counts() == before
    for bad in (0, 11, "3"):
        with pytest.raises(ValidationError):
            services.assignment_generate(actor=admin, round_=round_, per_region=bad)
    assert _counts() == before


def test_generate_explains_loads_it_cannot_even(world, admin):
    regions = regions_bulk(4, provinces=4)
    round_ = round_make(regions)
    assessor_make(admin, "a", home_province=province("90"))
    assessor_make(admin, "b", home_province=province("91"))
    narrow = assessor_make(admin, "c", home_province=province("90"))
    for r in regions[1:]:
        services.conflict_declare(actor=admin, assessor=narrow, region=r, reason="Konsultan")
    with translation.override("en"):
        result = services.assignment_generate(actor=admin, round_=round_, per_region=2)
    assert not result.plan.balanced
    assert "ASR-003 is free of conflict for only 1 region that needs assessors" in result.explanation
    assert result.explanation in AuditEvent.objects.get(object_type="evaluation.round").message


def test_generate_refuses_published_and_historical_rounds(world, admin):
    round_ = round_make([world.region_a], phase="published")
    assessor_make(admin, "a")
    with pytest.raises(ValidationError):
        services.assignment_generate(actor=admin, round_=round_)
    with pytest.raises(PermissionDenied):
        services.assignment_generate(actor=world.users["assessor"], round_=round_)


def test_generate_at_national_size(world, admin):
    """514 regions in 34 provinces and 48 assessors from them: no conflict, loads within one."""
    regions = regions_bulk(514)
    round_ = round_make(regions)
    provinces = sorted({r.province for r in regions}, key=lambda p: p.code)
    pool = [assessor_make(admin, f"n{j}", home_province=provinces[j % 34]) for j in range(48)]
    result = services.assignment_generate(actor=admin, round_=round_, per_region=3)
    assert result.created == 1542 and result.plan.balanced
    found = selectors.round_conflicts(round_)
    rows = Assignment.objects.filter(entry__round=round_).values_list("assessor__code", "entry__region__code")
    assert not [(a, r) for a, r in rows if r in found.get(a, {})]
    loads = {a.code: 0 for a in pool}
    for code, _ in rows:
        loads[code] += 1
    assert set(loads.values()) == {32, 33}


@pytest.mark.django_db(transaction=True)
def test_two_admins_generating_at_once_get_one_result(world, admin):
    """Both generate at the same moment: the round's lock makes one wait for the other, so the
    round ends with exactly its assessors (never twice, never a server error)."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database")
    regions = regions_bulk(20, provinces=5)
    round_ = round_make(regions)
    _pool(admin, 10, [province(str(80 + p)) for p in range(5)])
    other = UserFactory(username="admin2")
    from .factories import membership

    membership(other, "ministry_admin")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def generate(actor) -> None:
        try:
            barrier.wait()
            services.assignment_generate(actor=actor, round_=round_, per_region=3)
            outcomes.append("done")
        except Exception as exc:  # any failure is the test's finding
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=generate, args=(u,)) for u in (admin, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == ["done", "done"]
    assert Assignment.objects.filter(entry__round=round_).count() == 60
    per_region = set(
        RoundRegion.objects.filter(round=round_).values_list("assignments__entry_id", flat=True).distinct()
    )
    assert len(per_region) == 20
    summaries = AuditEvent.objects.filter(object_type="evaluation.round").order_by("pk")
    assert [e.changes["created"] for e in summaries] == [60, 0]


# ---------------------------------------------------------------- overrides


def test_override_swaps_with_a_reason_and_never_crosses_a_conflict(world, admin):
    round_ = round_make([world.region_a])
    entry = RoundRegion.objects.get(round=round_)
    first = assessor_make(admin, "a")
    second = assessor_make(admin, "b")
    local = assessor_make(admin, "ntb", home_province=world.region_a.province)
    services.assignment_override(actor=admin, entry=entry, add=first, reason="Awal")
    services.assignment_override(actor=admin, entry=entry, remove=first, add=second, reason="Tukar: beban")
    assert list(Assignment.objects.values_list("assessor__code", flat=True)) == [second.code]
    events = AuditEvent.objects.filter(object_type="evaluation.assignment").order_by("pk")
    assert [(e.action, e.message) for e in events] == [
        ("create", "Awal"),
        ("delete", "Tukar: beban"),
        ("create", "Tukar: beban"),
    ]
    before = _counts()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.assignment_override(actor=admin, entry=entry, add=local, reason="Butuh orang")
    assert (
        "conflict of interest with Kabupaten Sumbawa (Home province)" in caught.value.message_dict["add"][0]
    )
    for kwargs in (
        {"reason": "x"},  # nothing to do
        {"add": second, "reason": "x"},  # already there
        {"remove": first, "reason": "x"},  # not there
        {"add": first, "reason": "  "},  # no reason
    ):
        with pytest.raises(ValidationError):
            services.assignment_override(actor=admin, entry=entry, **kwargs)
    services.assessor_set_active(actor=admin, assessor=first, active=False)
    before = _counts()
    with pytest.raises(ValidationError):
        services.assignment_override(actor=admin, entry=entry, add=first, reason="x")
    assert _counts() == before


def test_override_never_removes_submitted_scores(world, admin):
    from django.utils import timezone

    round_ = round_make([world.region_a])
    entry = RoundRegion.objects.get(round=round_)
    a = assessor_make(admin, "a")
    services.assignment_override(actor=admin, entry=entry, add=a, reason="Awal")
    Assignment.objects.update(submitted_at=timezone.now())
    with pytest.raises(ValidationError):
        services.assignment_override(actor=admin, entry=entry, remove=a, reason="x")
    assert Assignment.objects.count() == 1


# ---------------------------------------------------------------- an assessor's declarations


@pytest.fixture
def assigned(world, admin):
    round_ = round_make([world.region_a, world.region_b])
    me = assessor_make(admin, "asesor", home_province=province("11"))
    for entry in RoundRegion.objects.filter(round=round_):
        services.assignment_override(actor=admin, entry=entry, add=me, reason="Awal")
    return round_, me


def test_no_conflict_declared_opens_the_region(world, assigned):
    round_, me = assigned
    user = world.users["assessor"]
    with pytest.raises(Http404):
        selectors.assignment_for_assessor(user, round_.code, "52.04")
    assignment = selectors.assignment_own(user, round_.code, "52.04")
    services.assignment_declare_no_conflict(actor=user, assignment=assignment)
    found = selectors.assignment_for_assessor(user, round_.code, "52.04")
    assert found.pk == assignment.pk and found.no_conflict_declared_at is not None
    services.assignment_declare_no_conflict(actor=user, assignment=found)  # again: nothing new
    assert AuditEvent.objects.filter(object_type="evaluation.assignment", action="update").count() == 1
    for role in ("ministry_admin", "coordinator_a", "anonymous"):
        with pytest.raises(Http404):
            selectors.assignment_for_assessor(world.users[role] or _anonymous(), round_.code, "52.04")
    with pytest.raises(Http404):
        selectors.assignment_for_assessor(user, round_.code, "51.08")  # not declared there
    with pytest.raises(Http404):
        selectors.assignment_for_assessor(user, "2099-1", "52.04")
    services.assessor_set_active(actor=world.users["ministry_admin"], assessor=me, active=False)
    with pytest.raises(Http404):
        selectors.assignment_for_assessor(user, round_.code, "52.04")


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_only_the_assigned_assessor_declares(world, assigned):
    round_, _ = assigned
    assignment = selectors.assignment_own(world.users["assessor"], round_.code, "52.04")
    with pytest.raises(PermissionDenied):
        services.assignment_declare_no_conflict(actor=world.users["ministry_admin"], assignment=assignment)
    with pytest.raises(PermissionDenied):
        services.assignment_declare_conflict(
            actor=world.users["coordinator_a"], assignment=assignment, reason="x"
        )
    assert Assignment.objects.get(pk=assignment.pk).no_conflict_declared_at is None


def test_a_conflict_the_programme_finds_cannot_be_declared_away(world, assigned):
    round_, me = assigned
    services.region_partner_add(actor=world.users["ministry_admin"], region=world.region_a, institution="ITS")
    Assessor.objects.filter(pk=me.pk).update(institution="its")
    assignment = selectors.assignment_own(world.users["assessor"], round_.code, "52.04")
    before = _counts()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.assignment_declare_no_conflict(actor=world.users["assessor"], assignment=assignment)
    assert "finds a conflict of interest" in caught.value.messages[0]
    assert _counts() == before


def test_declaring_a_conflict_removes_the_region_and_tells_the_ministry(world, assigned):
    round_, me = assigned
    user = world.users["assessor"]
    assignment = selectors.assignment_own(user, round_.code, "52.04")
    Score.objects.create(assignment=assignment, question=round_.method.questions.first(), level=2)
    with pytest.raises(ValidationError):
        services.assignment_declare_conflict(actor=user, assignment=assignment, reason=" ")
    conflict = services.assignment_declare_conflict(
        actor=user, assignment=assignment, reason="Saudara di Bappeda"
    )
    assert (conflict.region, conflict.reason, conflict.declared_by) == (
        world.region_a,
        "Saudara di Bappeda",
        user,
    )
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    assert not Score.objects.exists()
    note = Notification.objects.get()
    assert note.recipient == world.users["ministry_admin"]
    assert note.kind == "assessor_conflict"
    assert note.url == f"/evaluasi/{round_.code}/penugasan/52.04/"
    deleted = AuditEvent.objects.get(object_type="evaluation.assignment", action="delete")
    assert deleted.changes["draft_scores"] == 1 and deleted.message == "Saudara di Bappeda"
    with pytest.raises(Http404):
        selectors.assignment_own(user, round_.code, "52.04")
    # the next automatic assignment never gives the region back
    assert "52.04" in selectors.round_conflicts(round_)[me.code]


def test_submitted_or_published_assignments_are_not_declared_on(world, assigned):
    from django.utils import timezone

    round_, _ = assigned
    user = world.users["assessor"]
    assignment = selectors.assignment_own(user, round_.code, "52.04")
    Assignment.objects.filter(pk=assignment.pk).update(submitted_at=timezone.now())
    assignment.refresh_from_db()
    with pytest.raises(ValidationError):
        services.assignment_declare_conflict(actor=user, assignment=assignment, reason="x")
    type(round_).objects.filter(pk=round_.pk).update(phase="published")
    other = selectors.assignment_own(user, round_.code, "51.08")
    with pytest.raises(ValidationError):
        services.assignment_declare_no_conflict(actor=user, assignment=other)
    assert selectors.my_assignments(user) == []
    assert Assignment.objects.count() == 2


def test_my_assignments_lists_open_rounds_only(world, assigned):
    _, me = assigned
    later = round_make([world.region_a], code="2025-2", phase="self_assessment")
    services.assignment_override(
        actor=world.users["ministry_admin"], entry=RoundRegion.objects.get(round=later), add=me, reason="x"
    )
    round_make([world.region_b], code="2023-2", phase="published")
    rows = [
        (a.entry.round.code, a.entry.region.code) for a in selectors.my_assignments(world.users["assessor"])
    ]
    assert rows == [("2024-2", "51.08"), ("2024-2", "52.04"), ("2025-2", "52.04")]
    assert selectors.my_assignments(world.users["coordinator_a"]) == []


def test_a_home_region_is_a_conflict_and_so_is_its_province(world, admin):
    region_c = RegionFactory(code="52.71", name="Kota Mataram")
    round_ = round_make([world.region_a, region_c])
    a = assessor_make(admin, "a", home_region=region_c)
    assessor_make(admin, "b", home_province=province("11"))
    found = selectors.round_conflicts(round_)
    assert found[a.code] == {"52.04": ("home_province",), "52.71": ("home_region", "home_province")}
