"""Rounds: created in preparation with their checks and audit event; published only from a current
computation, freezing their method."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from kotacerdas.core.models import AuditAction, AuditEvent
from kotacerdas.evaluation.models import MethodVersion, Round
from kotacerdas.evaluation.results_import import results_import
from kotacerdas.evaluation.rounds import method_find, round_create, round_find, round_publish
from kotacerdas.evaluation.services import index_compute

from .evaluation_data import method_make
from .factories import RegionFactory

pytestmark = pytest.mark.django_db

HEADER = "Wilayah;BASELINE;OUTPUT;OUTCOME;IMPACT;QUICK_WIN\r\n"
KEDIRI = "KOTA KEDIRI;3,60;3,21;3,23;3,07;3,65\r\n"


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (their msgids), whatever the catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture
def method(world):
    RegionFactory(code="35.71", name="Kota Kediri")
    return method_make()


def create(world, method, **kwargs):
    values = {"code": "2023-2", "year": 2023, "stage": "2", "method": method, "historical": True}
    values.update(kwargs)
    return round_create(actor=world.users["ministry_admin"], **values)


def test_a_round_is_created_in_preparation_with_its_audit_event(world, method):
    round_ = create(world, method)
    assert (round_.code, round_.year, round_.stage, round_.phase) == ("2023-2", 2023, "2", "draft")
    assert round_.historical and round_.published_at is None and round_.snapshot_id is None
    with translation.override("id"):
        from django.utils.translation import gettext

        expected = gettext("Evaluation %(year)s, %(stage)s") % {"year": 2023, "stage": gettext("Stage II")}
    assert round_.name == expected  # in the site's language, whoever creates it
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="evaluation.round")
    assert event.object_id == str(round_.pk)
    assert event.changes["code"] == [None, "2023-2"]
    assert event.actor == world.users["ministry_admin"]


def test_a_round_may_be_given_its_name_and_a_previous_round(world, method):
    first = create(world, method, code="2022-2", year=2022)
    stage_one = create(world, method, code="2023-1", stage="1", previous=first)
    second = create(world, method, name="  Evaluasi   Tahap II 2023 ", previous=stage_one)
    assert second.name == "Evaluasi Tahap II 2023"
    assert second.previous == stage_one


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"code": ""}, "code", "code"),
        ({"code": "2023 tahap 2"}, "code", "not allowed"),
        ({"code": "x" * 31}, "code", "not allowed"),
        ({"code": "2022-2"}, "code", "already exists"),
        ({"year": 1999}, "year", "between"),
        ({"year": timezone.localdate().year + 1}, "year", "this year"),  # a historical round is past
        ({"stage": "3"}, "stage", "1 (Stage I)"),
        ({"name": "x" * 201}, "name", "too long"),
        ({"year": 2022, "previous": "2022-2"}, "previous", "does not come before"),
        ({"year": 2021, "previous": "2022-2"}, "previous", "does not come before"),
    ],
)
def test_bad_rounds_are_refused_with_a_message_per_field(world, method, kwargs, field, fragment):
    existing = create(world, method, code="2022-2", year=2022)
    if kwargs.get("previous"):
        kwargs["previous"] = existing
    before = (Round.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as exc:
        create(world, method, **kwargs)
    assert list(exc.value.message_dict) == [field]
    assert fragment in exc.value.message_dict[field][0]
    assert (Round.objects.count(), AuditEvent.objects.count()) == before


def test_a_live_round_may_be_next_year(world, method):
    year = timezone.localdate().year + 1
    assert create(world, method, code="next", year=year, historical=False).year == year


def test_stage_one_comes_before_stage_two_of_the_same_year(world, method):
    stage_two = create(world, method, code="2023-2")
    with pytest.raises(ValidationError) as exc:
        create(world, method, code="2023-1", stage="1", previous=stage_two)
    assert "previous" in exc.value.message_dict


@pytest.mark.parametrize("role", ["pendamping", "coordinator_a", "officer_a", "assessor", "anonymous"])
def test_only_the_ministry_creates_rounds(world, method, role):
    with pytest.raises(PermissionDenied):
        round_create(actor=world.users[role], code="2023-2", year=2023, stage="2", method=method)
    assert not Round.objects.exists()


def test_finding_methods_and_rounds_by_what_people_type(world, method):
    newer = method_make(version=2)
    assert method_find("uji") == newer
    assert method_find("uji:1") == method
    assert method_find(" uji:2 ") == newer
    assert method_find("uji:3") is None
    assert method_find("uji:x") is None
    assert method_find("lain") is None
    round_ = create(world, method)
    assert round_find(" 2023-2") == round_
    assert round_find("2023-3") is None


# ---------------------------------------------------------------- publishing


def computed(world, method, text=KEDIRI):
    round_ = create(world, method)
    admin = world.users["ministry_admin"]
    results_import(actor=admin, round_=round_, file=(HEADER + text).encode(), filename="hasil.csv")
    index_compute(actor=admin, round_=round_)
    round_.refresh_from_db()
    return round_


def test_publishing_sets_the_phase_and_date_and_freezes_the_method(world, method):
    round_ = computed(world, method)
    published = round_publish(actor=world.users["ministry_admin"], round_=round_)
    assert published.phase == "published" and published.published_at is not None
    assert round_.is_published  # the caller's instance follows
    stored = Round.objects.get(pk=round_.pk)
    assert (stored.phase, stored.published_at, stored.row_version) == ("published", published.published_at, 2)
    method.refresh_from_db()
    assert method.frozen_at == published.published_at
    transition = AuditEvent.objects.get(action=AuditAction.TRANSITION, object_type="evaluation.round")
    assert transition.changes["phase"] == ["draft", "published"]
    assert transition.changes["digest"] == round_.snapshot.digest
    freeze = AuditEvent.objects.get(object_type="evaluation.methodversion")
    assert freeze.changes["frozen_at"][0] is None


def test_a_frozen_method_stays_frozen_from_its_first_round(world, method):
    first = computed(world, method)
    round_publish(actor=world.users["ministry_admin"], round_=first)
    frozen = MethodVersion.objects.get(pk=method.pk).frozen_at
    second = create(world, method, code="2024-2", year=2024, previous=first)
    admin = world.users["ministry_admin"]
    results_import(actor=admin, round_=second, file=(HEADER + KEDIRI).encode(), filename="hasil.csv")
    index_compute(actor=admin, round_=second)
    second.refresh_from_db()
    round_publish(actor=admin, round_=second)
    assert MethodVersion.objects.get(pk=method.pk).frozen_at == frozen
    assert AuditEvent.objects.filter(object_type="evaluation.methodversion").count() == 1


def publication(round_):
    stored = Round.objects.get(pk=round_.pk)
    frozen = MethodVersion.objects.get(pk=round_.method_id).frozen_at
    return stored.phase, stored.published_at, stored.row_version, frozen, AuditEvent.objects.count()


def refused(world, round_, fragment):
    before = publication(round_)
    with pytest.raises(ValidationError) as exc:
        round_publish(actor=world.users["ministry_admin"], round_=round_)
    assert fragment in exc.value.message_dict["round"][0]
    assert publication(round_) == before


def test_a_round_without_a_computation_is_not_published(world, method):
    refused(world, create(world, method), "compute it first")


def test_a_computation_older_than_the_inputs_is_not_published(world, method):
    round_ = computed(world, method)
    results_import(
        actor=world.users["ministry_admin"],
        round_=round_,
        file=(HEADER + KEDIRI.replace("3,60", "3,70")).encode(),
        filename="koreksi.csv",
    )
    round_.refresh_from_db()
    refused(world, round_, "compute it first")  # the import cleared the current computation
    snapshot = round_.snapshots.order_by("-number").first()
    Round.objects.filter(pk=round_.pk).update(snapshot=snapshot)  # the old one made current again
    round_.refresh_from_db()
    refused(world, round_, "changed after its index was computed")
    index_compute(actor=world.users["ministry_admin"], round_=round_)
    round_.refresh_from_db()
    assert round_publish(actor=world.users["ministry_admin"], round_=round_).is_published


def test_a_change_of_the_previous_rounds_index_makes_the_computation_stale(world, method):
    admin = world.users["ministry_admin"]
    first = create(world, method, code="2022-2", year=2022)
    results_import(actor=admin, round_=first, file=(HEADER + KEDIRI).encode(), filename="a.csv")
    index_compute(actor=admin, round_=first)
    second = create(world, method, previous=first)
    results_import(actor=admin, round_=second, file=(HEADER + KEDIRI).encode(), filename="b.csv")
    index_compute(actor=admin, round_=second)
    results_import(
        actor=admin, round_=first, file=(HEADER + KEDIRI.replace("3,23", "3,33")).encode(), filename="c.csv"
    )
    index_compute(actor=admin, round_=first)
    second.refresh_from_db()
    refused(world, second, "changed after its index was computed")


def test_a_round_is_published_once(world, method):
    round_ = computed(world, method)
    round_publish(actor=world.users["ministry_admin"], round_=round_)
    refused(world, round_, "already published")


def test_a_live_round_is_published_only_after_its_panel(world, method):
    round_ = create(world, method, code="2025-1", year=2025, stage="1", historical=False)
    refused(world, round_, "after its panel")


@pytest.mark.parametrize("role", ["pendamping", "coordinator_a", "officer_a", "assessor", "anonymous"])
def test_only_the_ministry_publishes(world, method, role):
    round_ = computed(world, method)
    with pytest.raises(PermissionDenied):
        round_publish(actor=world.users[role], round_=round_)
    assert Round.objects.get(pk=round_.pk).phase == "draft"


def test_the_publish_command_refuses_a_round_without_a_computation(world, method):
    create(world, method)
    err = io.StringIO()
    with pytest.raises(CommandError, match="not published"):
        call_command("round_publish", "--round", "2023-2", stdout=io.StringIO(), stderr=err)
    assert "compute it first" in err.getvalue()


def test_the_create_command_reports_bad_values(world, method):
    err = io.StringIO()
    with pytest.raises(CommandError, match="not created"):
        call_command(
            "round_create",
            *("--code", "2023 2", "--year", "1990", "--stage", "3", "--method", "uji"),
            stdout=io.StringIO(),
            stderr=err,
        )
    lines = err.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["code", "year", "stage"]
    with pytest.raises(CommandError, match="No method version"):
        call_command(
            "round_create",
            *("--code", "x", "--year", "2023", "--stage", "2", "--method", "lain"),
            stdout=io.StringIO(),
        )
    with pytest.raises(CommandError, match="No round"):
        call_command(
            "round_create",
            *("--code", "x", "--year", "2023", "--stage", "2", "--method", "uji", "--previous", "1999-1"),
            stdout=io.StringIO(),
        )
    assert not Round.objects.exists()


@pytest.mark.parametrize("code", ["metode", "asesor", "Penilaian-Saya"])
def test_a_round_code_never_takes_a_fixed_word_of_the_addresses(world, code):
    with pytest.raises(ValidationError) as exc:
        round_create(
            actor=world.users["ministry_admin"], code=code, year=2023, stage="2", method=method_make()
        )
    assert "code" in exc.value.message_dict
    assert not Round.objects.exists()
