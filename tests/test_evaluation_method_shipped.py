"""The methods shipped with the product (2022 estimated, 2023 as printed), the import_method and
export_method commands, and bootstrap loading the shipped methods once."""

from __future__ import annotations

import io
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.utils import translation

from kotacerdas.evaluation.method_yaml import method_digest, method_yaml_dump, method_yaml_load
from kotacerdas.evaluation.methods import (
    DATA_DIR,
    SHIPPED,
    method_export,
    method_import,
    methods_shipped_load,
)
from kotacerdas.evaluation.models import GroupWeight, MethodVersion, Question
from kotacerdas.evaluation.services import index_compute

from .evaluation_data import historical_round
from .test_evaluation_method import rows

pytestmark = pytest.mark.django_db

KEDIRI_2022 = {"BASELINE": "3.60", "OUTPUT": "3.21", "OUTCOME": "3.23", "IMPACT": "3.07", "QUICK_WIN": "3.65"}
JAMBI_2024 = {"BASELINE": "3.84", "OUTPUT": "3.18", "OUTCOME": "3.53", "IMPACT": "3.63", "QUICK_WIN": "3.35"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def weights(method: MethodVersion) -> dict[str, dict[str, Decimal]]:
    out: dict[str, dict[str, Decimal]] = {}
    for group, dim, weight in GroupWeight.objects.filter(group__method=method).values_list(
        "group__code", "dimension__code", "weight"
    ):
        out.setdefault(group, {})[dim] = weight
    return out


def test_the_shipped_methods_load_once_2022_then_2023(dimensions):
    v1, v2 = methods_shipped_load()
    assert (v1.code, v1.version, v2.code, v2.version) == ("gerakan-smart-city", 1, "gerakan-smart-city", 2)
    assert methods_shipped_load() == [v1, v2]
    assert MethodVersion.objects.count() == 2

    per_dimension = Counter(Question.objects.filter(method=v2).values_list("dimension__code", flat=True))
    assert per_dimension == {
        "BASELINE": 5,
        "OUTPUT": 7,
        "OUTCOME": 33,
        "IMPACT": 54,
        "QUICK_WIN": 12,
        "KOLABORASI": 6,
    }
    assert Question.objects.filter(method=v1).count() == 111
    assert not Question.objects.filter(method=v1, dimension__code="KOLABORASI").exists()
    assert set(
        Question.objects.filter(method=v2, answer="survey").values_list("dimension__code", flat=True)
    ) == {"IMPACT"}
    assert Counter(
        Question.objects.filter(method=v2, dimension__code="IMPACT").values_list(
            "smart_dimension__code", flat=True
        )
    ) == {code: 9 for code in ("GOV", "BRD", "ECO", "LIV", "SOC", "ENV")}
    assert weights(v2) == {
        "regular": {"BASELINE": 10, "OUTPUT": 20, "OUTCOME": 30, "IMPACT": 20, "QUICK_WIN": 20},
        "kawasan": {
            "BASELINE": 10,
            "OUTPUT": 20,
            "OUTCOME": 20,
            "IMPACT": 20,
            "QUICK_WIN": 20,
            "KOLABORASI": 10,
        },
    }
    assert weights(v1) == {
        "regular": {"BASELINE": 10, "OUTPUT": 20, "OUTCOME": 30, "IMPACT": 20, "QUICK_WIN": 20},
        "kawasan": {"BASELINE": 10, "OUTPUT": 20, "OUTCOME": 30, "IMPACT": 10, "QUICK_WIN": 30},
    }
    for method in (v1, v2):
        sums = GroupWeight.objects.filter(group__method=method).values("group").annotate(total=Sum("weight"))
        assert {s["total"] for s in sums} == {Decimal(100)}
        assert method.levels == ["0", "1", "2", "3", "4"]
        assert (method.scale_min, method.scale_max, method.decimals, method.combine) == (0, 4, 2, "mean")
        assert all("(perkiraan)" in band["label"] for band in method.bands)
    # kept as printed: the numbering restarts per indicator, typing slips stay
    baseline = Question.objects.get(method=v2, key="BASELINE-2-1.1.1")
    assert baseline.text == "Berapa jumlah program smart city yang berjalan di tahun sebelumnya?"
    assert Question.objects.filter(method=v2, text__contains="aksses").exists()
    assert Question.objects.get(method=v2, key="OUTCOME-1-3.16.1").smart_dimension.code == "SOC"


def test_a_shipped_file_is_exactly_its_export(dimensions):
    for name, method in zip(SHIPPED, methods_shipped_load(), strict=True):
        text = (DATA_DIR / name).read_text(encoding="utf-8")
        body = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))
        exported = method_export(method)
        assert method_yaml_dump(exported) == body
        assert method_digest(exported) == method.digest
        assert method_import(actor=None, data=method_yaml_load(text), system=True) == (method, False)


def test_importing_and_exporting_the_2023_method_take_a_few_queries_not_one_per_question(
    dimensions, django_assert_num_queries
):
    data = method_yaml_load((DATA_DIR / SHIPPED[1]).read_text(encoding="utf-8"))
    # the smart dimensions; savepoint, the code's versions, the new version, one insert per level
    # (dimensions, indicators, sub-indicators, questions, groups, weights), the audit event, release
    with django_assert_num_queries(12):
        method, created = method_import(actor=None, data=data, system=True)
    assert created and Question.objects.filter(method=method).count() == 117
    with django_assert_num_queries(6):
        method_export(method)


def test_the_shipped_methods_reproduce_published_indices(world):
    v1, v2 = methods_shipped_load()
    admin = world.users["ministry_admin"]
    kediri = historical_round(v1, {world.region_a: KEDIRI_2022}, code="2022-2", year=2022)
    result = index_compute(actor=admin, round_=kediri).result["regions"][world.region_a.code]
    assert (result["index"], result["index_published"]) == ("3.315", "3.32")
    jambi = historical_round(v2, {world.region_b: JAMBI_2024}, code="2024-2", year=2024)
    assert (
        index_compute(actor=admin, round_=jambi).result["regions"][world.region_b.code]["index_published"]
        == "3.48"
    )


def test_loading_the_shipped_methods_as_a_person_needs_the_permission(world):
    with pytest.raises(PermissionDenied):
        methods_shipped_load(actor=world.users["coordinator_a"])
    assert not MethodVersion.objects.exists()
    assert len(methods_shipped_load(actor=world.users["ministry_admin"])) == 2


# ---------------------------------------------------------------- commands


def test_import_method_command(dimensions, tmp_path):
    path = tmp_path / "metode.yaml"
    path.write_text((DATA_DIR / SHIPPED[1]).read_text(encoding="utf-8"), encoding="utf-8")
    out = io.StringIO()
    call_command("import_method", str(path), stdout=out)
    assert out.getvalue() == "Created gerakan-smart-city v1.\n"
    out = io.StringIO()
    call_command("import_method", str(path), stdout=out)
    assert out.getvalue() == "Unchanged: the file is gerakan-smart-city v1.\n"
    path.write_text(
        path.read_text(encoding="utf-8").replace("OUTCOME: '30'", "OUTCOME: '35'"), encoding="utf-8"
    )
    before = rows()
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"1 problem\(s\) found; nothing was imported"):
        call_command("import_method", str(path), stderr=err)
    assert err.getvalue() == "groups[regular].weights: the weights sum to 105 %, not 100 %\n"
    assert rows() == before


def test_import_method_command_refuses_what_is_not_yaml(dimensions, tmp_path):
    path = tmp_path / "rusak.yaml"
    path.write_text("code: [uji\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_method", str(path), stderr=err)
    assert err.getvalue().startswith("file: The file is not valid YAML (line 2, column 1)")
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_method", str(tmp_path / "tidak-ada.yaml"))
    assert not MethodVersion.objects.exists()


def test_export_method_command(dimensions, tmp_path):
    v1, v2 = methods_shipped_load()
    out = io.StringIO()
    call_command("export_method", "gerakan-smart-city", stdout=out)
    assert out.getvalue() == method_yaml_dump(method_export(v2))
    out = io.StringIO()
    call_command("export_method", "gerakan-smart-city", "--version", "1", stdout=out)
    assert out.getvalue() == method_yaml_dump(method_export(v1))
    target = tmp_path / "keluar.yaml"
    out = io.StringIO()
    call_command("export_method", "gerakan-smart-city", "--version", "1", "--output", str(target), stdout=out)
    assert "gerakan-smart-city v1" in out.getvalue()
    assert target.read_text(encoding="utf-8") == method_yaml_dump(method_export(v1))
    with pytest.raises(CommandError, match="Stored: gerakan-smart-city v1, gerakan-smart-city v2"):
        call_command("export_method", "gerakan-smart-city", "--version", "3")


def test_bootstrap_loads_the_shipped_methods_once(world):
    call_command("bootstrap", stdout=io.StringIO())
    call_command("bootstrap", stdout=io.StringIO())
    assert list(MethodVersion.objects.order_by("version").values_list("code", "version")) == [
        ("gerakan-smart-city", 1),
        ("gerakan-smart-city", 2),
    ]


def test_the_shipped_files_are_package_data():
    assert all((DATA_DIR / name).is_file() for name in SHIPPED)
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"evaluation/data/*"' in pyproject


def test_the_documented_example_imports(dimensions):
    doc = (Path(__file__).resolve().parents[1] / "docs" / "users" / "evaluation-method.md").read_text(
        encoding="utf-8"
    )
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    method, created = method_import(actor=None, data=method_yaml_load(example), system=True)
    assert created and Question.objects.filter(method=method).count() == 2
    assert weights(method) == {"regular": {"BASELINE": 40, "IMPACT": 60}, "kawasan": {"IMPACT": 100}}
