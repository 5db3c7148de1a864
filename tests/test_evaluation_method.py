"""Importing and exporting evaluation methods: the tree as written, all or nothing, the same
content twice is one version, an edit is a new version, export imports back to the same digest,
only evaluation.manage may import."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from kotacerdas.core.models import AuditEvent
from kotacerdas.evaluation.method_yaml import Problem, method_digest, method_read
from kotacerdas.evaluation.methods import method_export, method_import, method_validate
from kotacerdas.evaluation.models import (
    GroupWeight,
    Indicator,
    MethodDimension,
    MethodGroup,
    MethodVersion,
    Question,
    SubIndicator,
)
from kotacerdas.evaluation.selectors import method_spec

from .conftest import ROLES
from .evaluation_method_data import SMALL, SMART_CODES, methods, small

pytestmark = pytest.mark.django_db

MODELS = [
    MethodVersion,
    MethodDimension,
    Indicator,
    SubIndicator,
    Question,
    MethodGroup,
    GroupWeight,
    AuditEvent,
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def rows() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def test_import_writes_the_method_as_given(world):
    admin = world.users["ministry_admin"]
    method, created = method_import(actor=admin, data=copy.deepcopy(SMALL), source="uji.yaml")
    assert created
    assert (method.code, method.version, method.name) == ("uji", 1, "Metode uji")
    assert method.levels == ["0", "1", "2", "3", "4"]
    assert (method.scale_min, method.scale_max, method.disagreement_levels) == (0, 4, 2)
    assert method.bands == [{"min": "3.5", "label": "Sangat Baik"}, {"min": "0", "label": "Cukup"}]
    assert method.created_by == admin
    assert method.digest == method_digest(method_read(SMALL, SMART_CODES)[0] or {})
    questions = list(
        Question.objects.filter(method=method).select_related("subindicator__indicator", "smart_dimension")
    )
    assert [(q.key, q.position) for q in questions] == [
        ("BASELINE-1-1.1.1", 1),
        ("BASELINE-1-1.1.2", 2),
        ("BASELINE-2-1.1.1", 3),
        ("IMPACT-1-4.1.1", 4),
    ]
    first, impact = questions[0], questions[3]
    assert first.descriptors == {"0": "Belum ada", "4": "Perda"}
    assert (first.guidance, first.evidence_expected) == ("Perbup atau Perda.", "Salinan peraturan.")
    assert (first.subindicator.number, first.subindicator.indicator.name) == ("1.1", "Perencanaan")
    assert (impact.answer, impact.smart_dimension.code) == ("survey", "GOV")
    assert questions[2].subindicator.indicator.number == "2"
    weights = {
        (w.group.code, w.dimension.code): w.weight
        for w in GroupWeight.objects.filter(group__method=method).select_related("group", "dimension")
    }
    assert weights == {
        ("regular", "BASELINE"): Decimal(40),
        ("regular", "IMPACT"): Decimal(60),
        ("kawasan", "IMPACT"): Decimal(100),
    }
    event = AuditEvent.objects.get(object_type="evaluation.methodversion", object_id=str(method.pk))
    assert (event.action, event.actor) == ("import", admin)
    assert event.changes["questions"] == 4 and event.changes["source"] == "uji.yaml"
    # what the index engine reads
    spec = method_spec(method)
    assert spec.groups == {"regular": {"BASELINE": 40, "IMPACT": 60}, "kawasan": {"IMPACT": 100}}
    assert spec.questions["IMPACT-1-4.1.1"].smart == "GOV"


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            lambda d: d["groups"][0]["weights"].update(IMPACT="50"),
            "groups[regular].weights",
            "the weights sum to 90 %, not 100 %",
        ),
        (
            lambda d: d["groups"][1]["weights"].update(KOLABORASI="10"),
            "groups[kawasan].weights[KOLABORASI]",
            "unknown dimension “KOLABORASI” (the method's: BASELINE, IMPACT)",
        ),
        (
            lambda d: d["scale"].update(levels=["0", "1", "2", "3", "4", "5"]),
            "scale.levels[#6]",
            "5 is outside the scale (0 to 4)",
        ),
        (
            lambda d: d["dimensions"][0]["indicators"][0]["subindicators"][0]["questions"][1].update(
                number="1.1.1"
            ),
            "dimensions[BASELINE].indicators[1].subindicators[1.1].questions[1.1.1].number",
            "the question key BASELINE-1-1.1.1 is already used at "
            "dimensions[BASELINE].indicators[1].subindicators[1.1].questions[1.1.1]",
        ),
        (lambda d: d.update(dimensions=[]), "dimensions", "needs at least one dimension"),
        (lambda d: d.update(combine="average"), "combine", "“average” is not one of: mean, median"),
    ],
    ids=["weights", "unknown-dimension", "level-off-scale", "duplicate-key", "no-dimensions", "combine"],
)
def test_a_bad_method_writes_nothing_and_names_the_path(world, change, path, message):
    data = copy.deepcopy(SMALL)
    change(data)
    before = rows()
    with pytest.raises(ValidationError) as caught:
        method_import(actor=world.users["ministry_admin"], data=data)
    assert caught.value.message_dict[path] == [message]
    assert rows() == before
    assert [str(p) for p in method_validate(data)] == [f"{path}: {message}"]


def test_every_problem_comes_back_at_once(world):
    data = small(combine="average", decimals=9)
    data["groups"][1]["weights"] = {}
    with pytest.raises(ValidationError) as caught:
        method_import(actor=world.users["ministry_admin"], data=data)
    assert sorted(caught.value.message_dict) == ["combine", "decimals", "groups[kawasan].weights"]
    assert method_validate(SMALL) == []
    assert method_validate({"code": "x"})[0] == Problem("name", "is missing")


def test_the_same_content_again_is_the_stored_version(world):
    admin = world.users["ministry_admin"]
    method, created = method_import(actor=admin, data=copy.deepcopy(SMALL))
    before = rows()
    # the same method written differently: decimals, key order, the default rule left out
    again = small(bands=list(reversed(SMALL["bands"])))
    again["groups"][0]["weights"] = {"IMPACT": "60.00", "BASELINE": 40}
    del again["dimension_rule"]
    same, created_again = method_import(actor=admin, data=again)
    assert (same.pk, created, created_again) == (method.pk, True, False)
    assert rows() == before  # not even an audit event


def test_an_edit_is_a_new_version_and_the_old_one_never_changes(world):
    admin = world.users["ministry_admin"]
    v1, _ = method_import(actor=admin, data=copy.deepcopy(SMALL))
    exported_v1 = method_export(v1)
    edited = copy.deepcopy(SMALL)
    edited["dimensions"][0]["indicators"][0]["subindicators"][0]["questions"][0]["text"] = "Sudah ada Perbup?"
    edited["groups"][0]["weights"] = {"BASELINE": "50", "IMPACT": "50"}
    v2, created = method_import(actor=admin, data=edited)
    assert created and (v2.code, v2.version) == ("uji", 2)
    assert v2.digest != v1.digest
    assert method_export(MethodVersion.objects.get(pk=v1.pk)) == exported_v1
    assert Question.objects.get(method=v1, key="BASELINE-1-1.1.1").text.startswith("Apakah master plan")
    assert Question.objects.get(method=v2, key="BASELINE-1-1.1.1").text == "Sudah ada Perbup?"
    # importing the first version again finds it: no third version
    again, created = method_import(actor=admin, data=copy.deepcopy(SMALL))
    assert (again.pk, created) == (v1.pk, False)
    assert MethodVersion.objects.filter(code="uji").count() == 2


def test_export_imports_back_to_the_same_digest(world):
    method, _ = method_import(actor=None, data=copy.deepcopy(SMALL), system=True)
    exported = method_export(method)
    assert method_digest(exported) == method.digest
    assert exported == method_read(SMALL, SMART_CODES)[0]
    assert method_import(actor=None, data=exported, system=True) == (method, False)


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=methods())
def test_import_export_import_is_a_no_op(dimensions, data):
    with transaction.atomic():
        method, created = method_import(actor=None, data=data, system=True)
        assert created
        exported = method_export(method)
        assert exported == method_read(data, SMART_CODES)[0]
        assert method_digest(exported) == method.digest
        before = rows()
        assert method_import(actor=None, data=exported, system=True) == (method, False)
        assert rows() == before
        transaction.set_rollback(True)  # the next example starts from an empty table


@pytest.mark.parametrize("role", ROLES)
def test_only_evaluation_manage_may_import(world, role):
    before = rows()
    user = world.users[role]
    if role == "ministry_admin":
        assert method_import(actor=user, data=copy.deepcopy(SMALL))[1]
        return
    with pytest.raises(PermissionDenied):
        method_import(actor=user, data=copy.deepcopy(SMALL))
    assert rows() == before


def test_no_actor_is_not_the_system_unless_said(world):
    with pytest.raises(PermissionDenied):
        method_import(actor=None, data=copy.deepcopy(SMALL))
    assert method_import(actor=None, data=copy.deepcopy(SMALL), system=True)[1]
    event = AuditEvent.objects.get(object_type="evaluation.methodversion")
    assert event.actor is None
