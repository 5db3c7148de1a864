"""The method file format without a database: every refusal names its path, the canonical
form and its digest, YAML in and out."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from kotacerdas.evaluation.method_yaml import method_digest, method_read, method_yaml_dump, method_yaml_load

from .evaluation_method_data import SMALL, SMART_CODES, methods, small


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def read(data: Any) -> tuple[dict[str, Any] | None, list[str]]:
    canonical, problems = method_read(data, SMART_CODES)
    return canonical, [str(p) for p in problems]


def test_the_small_method_reads_to_its_canonical_form():
    canonical, problems = read(SMALL)
    assert problems == []
    assert canonical is not None
    assert canonical["scale"] == {"levels": ["0", "1", "2", "3", "4"], "min": "0", "max": "4"}
    assert canonical["bands"] == [{"min": "3.5", "label": "Sangat Baik"}, {"min": "0", "label": "Cukup"}]
    question = canonical["dimensions"][0]["indicators"][0]["subindicators"][0]["questions"][1]
    # defaults filled in
    assert question == {
        "number": "1.1.2",
        "text": "Apakah ada Dewan Smart City?",
        "guidance": "",
        "evidence_expected": "",
        "descriptors": {},
        "answer": "level",
        "smart_dimension": "",
    }
    assert canonical["groups"][0]["weights"] == {"BASELINE": "40", "IMPACT": "60"}


def test_the_same_method_written_differently_has_the_same_digest():
    other = copy.deepcopy(SMALL)
    other["scale"] = {"max": "4.00", "min": "0.0", "levels": [0, 1, "2.0", 3, "4"]}
    other["bands"] = list(reversed(other["bands"]))
    other["groups"][0]["weights"] = {"IMPACT": "60.00", "BASELINE": 40}
    other["dimensions"][0]["indicators"][0]["subindicators"][0]["questions"][0]["descriptors"] = {
        4: "Perda",
        "0.00": "Belum ada",
    }
    del other["dimension_rule"]  # the default
    a, b = read(SMALL)[0], read(other)[0]
    assert a is not None and b is not None
    assert method_digest(a) == method_digest(b)
    changed = small(name="Metode uji (revisi)")
    assert method_digest(read(changed)[0] or {}) != method_digest(a)


def _question(data: dict[str, Any], d: int = 0, i: int = 0, s: int = 0, q: int = 0) -> dict[str, Any]:
    return data["dimensions"][d]["indicators"][i]["subindicators"][s]["questions"][q]


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        if value is DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


DELETE = object()
Q = ("dimensions", 0, "indicators", 0, "subindicators", 0, "questions", 0)

BAD = [
    pytest.param(
        _set(("groups", 0, "weights", "IMPACT"), "50"),
        "groups[regular].weights: the weights sum to 90 %, not 100 %",
        id="weights-not-100",
    ),
    pytest.param(
        _set(("groups", 0, "weights", "IMPACT"), "59.99"),
        "groups[regular].weights: the weights sum to 99.99 %, not 100 %",
        id="weights-off-by-a-cent",
    ),
    pytest.param(
        _set(("groups", 1, "weights", "KOLABORASI"), "10"),
        "groups[kawasan].weights[KOLABORASI]: unknown dimension “KOLABORASI” (the method's: BASELINE, IMPACT)",
        id="unknown-dimension-in-weights",
    ),
    pytest.param(
        _set(("groups", 1, "weights"), {}),
        "groups[kawasan].weights: the group has no weights",
        id="no-weights",
    ),
    pytest.param(
        _set(("groups", 1, "weights"), DELETE), "groups[kawasan].weights: is missing", id="weights-missing"
    ),
    pytest.param(
        _set(("groups", 0, "weights", "BASELINE"), "0"),
        "groups[regular].weights[BASELINE]: must be more than 0 (leave the dimension out instead)",
        id="zero-weight",
    ),
    pytest.param(
        _set(("groups", 0, "weights"), {"IMPACT": "100"}),
        "dimensions[BASELINE]: is weighted in no group",
        id="dimension-in-no-group",
    ),
    pytest.param(
        _set(("groups", 1, "code"), "regular"),
        "groups[regular].code: group regular appears twice",
        id="duplicate-group",
    ),
    pytest.param(
        _set((*Q[:-2], "questions", 1, "number"), "1.1.1"),
        "dimensions[BASELINE].indicators[1].subindicators[1.1].questions[1.1.1].number: the question key "
        "BASELINE-1-1.1.1 is already used at dimensions[BASELINE].indicators[1].subindicators[1.1].questions[1.1.1]",
        id="duplicate-question-key",
    ),
    pytest.param(
        _set(("dimensions", 0, "indicators", 1, "number"), "1"),
        "dimensions[BASELINE].indicators[1].number: number 1 appears twice here",
        id="duplicate-indicator",
    ),
    pytest.param(
        _set(("dimensions", 1, "code"), "BASELINE"),
        "dimensions[BASELINE].code: dimension BASELINE appears twice",
        id="duplicate-dimension",
    ),
    pytest.param(
        _set(("scale", "levels"), ["0", "1", "2", "3", "4", "5"]),
        "scale.levels[#6]: 5 is outside the scale (0 to 4)",
        id="level-above-max",
    ),
    pytest.param(
        _set(("scale", "levels"), ["-1", "0", "1"]),
        "scale.levels[#1]: -1 is outside the scale (0 to 4)",
        id="level-below-min",
    ),
    pytest.param(
        _set(("scale", "levels"), ["0", "2", "1"]),
        "scale.levels[#3]: levels must be in ascending order, each once",
        id="levels-out-of-order",
    ),
    pytest.param(
        _set(("scale", "levels"), ["0", "1", "1.00"]),
        "scale.levels[#3]: levels must be in ascending order, each once",
        id="level-twice",
    ),
    pytest.param(_set(("scale", "levels"), []), "scale.levels: needs at least one level", id="no-levels"),
    pytest.param(
        _set(("scale", "min"), "4"), "scale.max: must be more than the minimum (4)", id="min-not-below-max"
    ),
    pytest.param(
        _set((*Q, "descriptors"), {"5": "Lebih dari sempurna"}),
        "dimensions[BASELINE].indicators[1].subindicators[1.1].questions[1.1.1].descriptors[5]: "
        "5 is not a level of the scale",
        id="descriptor-off-the-scale",
    ),
    pytest.param(
        _set((*Q, "smart_dimension"), "XYZ"),
        "dimensions[BASELINE].indicators[1].subindicators[1.1].questions[1.1.1].smart_dimension: unknown smart "
        "dimension “XYZ” (known: BRD, ECO, ENV, GOV, LIV, SOC)",
        id="unknown-smart-dimension",
    ),
    pytest.param(
        _set((*Q, "answer"), "essay"),
        "dimensions[BASELINE].indicators[1].subindicators[1.1].questions[1.1.1].answer: “essay” is not one of: "
        "level, survey",
        id="bad-answer",
    ),
    pytest.param(
        _set(("combine",), "average"), "combine: “average” is not one of: mean, median", id="bad-combine"
    ),
    pytest.param(
        _set(("rounding",), "banker"), "rounding: “banker” is not one of: half_up", id="bad-rounding"
    ),
    pytest.param(
        _set(("dimension_rule",), "weighted"), "dimension_rule: “weighted” is not one of: mean", id="bad-rule"
    ),
    pytest.param(_set(("dimensions",), []), "dimensions: needs at least one dimension", id="no-dimensions"),
    pytest.param(_set(("groups",), []), "groups: needs at least one group", id="no-groups"),
    pytest.param(
        _set(("dimensions", 1, "indicators", 0, "subindicators"), []),
        "dimensions[IMPACT].indicators[1].subindicators: needs at least one sub-indicator",
        id="no-subindicators",
    ),
    pytest.param(
        _set(("disagreement_levels",), 2.5),
        'disagreement_levels: is read as a binary floating-point number: write it in quotes ("2.5") so it is '
        "read exactly",
        id="float-decimal",
    ),
    pytest.param(
        _set(("groups", 0, "weights", "IMPACT"), 60.0),
        'groups[regular].weights[IMPACT]: is read as a binary floating-point number: write it in quotes ("60.0") '
        "so it is read exactly",
        id="float-weight",
    ),
    pytest.param(
        _set(("dimensions", 0, "indicators", 0, "subindicators", 0, "number"), 1.1),
        "dimensions[BASELINE].indicators[1].subindicators[#1].number: is read as a decimal number: write it in "
        'quotes ("1.1")',
        id="float-number",
    ),
    pytest.param(
        _set(("groups", 0, "weights", "IMPACT"), "59.995"),
        "groups[regular].weights[IMPACT]: has more than 2 decimals",
        id="too-many-decimals",
    ),
    pytest.param(
        _set(("disagreement_levels",), "dua"),
        "disagreement_levels: “dua” is not a decimal number",
        id="not-a-number",
    ),
    pytest.param(_set(("decimals",), 7), "decimals: must be a whole number from 0 to 4", id="decimals-range"),
    pytest.param(
        _set(("groups", 0, "weigths"), {}),
        "groups[regular].weigths: unknown key (expected one of: code, name, weights)",
        id="unknown-key",
    ),
    pytest.param(_set(("name",), DELETE), "name: is missing", id="no-name"),
    pytest.param(_set(("name",), "  "), "name: must not be empty", id="blank-name"),
    pytest.param(
        _set((*Q, "text"), True),
        "dimensions[BASELINE].indicators[1].subindicators[1.1].questions[1.1.1].text: must be text, not true/false: "
        "put it in quotes",
        id="text-not-text",
    ),
    pytest.param(
        _set((*Q, "text"), "ada\x00"),
        "dimensions[BASELINE].indicators[1].subindicators[1.1].questions[1.1.1].text: contains a NUL character",
        id="nul",
    ),
    pytest.param(_set(("name",), "x" * 201), "name: is longer than 200 characters", id="long-name"),
    pytest.param(
        _set(("code",), "Metode Uji"),
        "code: must be lower-case letters, digits and hyphens, e.g. evaluasi-kota-cerdas",
        id="bad-code",
    ),
    pytest.param(
        _set(("dimensions", 0, "code"), "baseline"),
        "dimensions[baseline].code: must be capital letters, digits and underscores, e.g. QUICK_WIN",
        id="bad-dimension-code",
    ),
    pytest.param(
        _set(("dimensions", 0, "indicators", 0, "number"), "1 a"),
        "dimensions[BASELINE].indicators[1 a].number: “1 a” is not a number such as 3.2.1 (digits, letters and "
        "dots)",
        id="bad-number",
    ),
    pytest.param(
        _set(("bands",), [{"min": "5", "label": "Luar biasa"}]),
        "bands[#1].min: 5 is outside the scale (0 to 4)",
        id="band-off-scale",
    ),
    pytest.param(
        _set(("bands",), [{"min": "3", "label": "Baik"}, {"min": "3.00", "label": "Baik juga"}]),
        "bands[#2].min: another band starts at 3",
        id="band-twice",
    ),
    pytest.param(
        _set(("scale",), ["0", "4"]),
        "scale: must be a mapping (key: value lines), not a list",
        id="scale-list",
    ),
]


@pytest.mark.parametrize(("change", "expected"), BAD)
def test_a_bad_method_is_refused_with_its_path(change, expected):
    data = copy.deepcopy(SMALL)
    change(data)
    canonical, problems = read(data)
    assert canonical is None
    assert expected in problems, problems


def test_every_problem_is_reported_at_once():
    data = small(combine="average", decimals=-1)
    data["groups"][0]["weights"]["IMPACT"] = "10"
    _question(data)["smart_dimension"] = "XYZ"
    _, problems = read(data)
    assert [p.split(":")[0] for p in problems] == [
        "combine",
        "decimals",
        "dimensions[BASELINE].indicators[1].subindicators[1.1].questions[1.1.1].smart_dimension",
        "groups[regular].weights",
    ]


def test_not_a_mapping_at_all():
    assert read(["code"])[1] == ["must be a mapping (key: value lines), not a list"]
    assert read(None)[0] is None


def test_a_method_bigger_than_the_bound_is_refused_without_walking_it_all():
    data = small()
    question = _question(data)
    sub = data["dimensions"][0]["indicators"][0]["subindicators"][0]
    sub["questions"] = [dict(question, number=f"1.1.{n}") for n in range(1, 5002)]
    assert read(data)[1] == ["dimensions: has more than 5000 questions"]


# ---------------------------------------------------------------- YAML


def test_yaml_refuses_floats_by_message_not_by_accident():
    text = method_yaml_dump(read(SMALL)[0] or {}).replace(
        "disagreement_levels: '2'", "disagreement_levels: 2.50"
    )
    _, problems = read(method_yaml_load(text))
    assert problems == [
        'disagreement_levels: is read as a binary floating-point number: write it in quotes ("2.5") so it is read '
        "exactly"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("code: [uji\n", "The file is not valid YAML (line 2, column 1)"),
        ("code: &a uji\nname: *a\n", "anchors and aliases (*name) are not accepted"),
        ("code: uji\ncode: lain\n", "the key 'code' appears twice in one mapping"),
        (b"code: \xff\n", "The file is not UTF-8 text."),
    ],
)
def test_bad_yaml_is_refused_naming_the_line(text, expected):
    with pytest.raises(ValidationError) as caught:
        method_yaml_load(text)
    assert expected in caught.value.message_dict["file"][0]


def test_dump_writes_decimals_in_quotes_and_leaves_empty_fields_out():
    text = method_yaml_dump(read(SMALL)[0] or {})
    assert "weights: {BASELINE: '40', IMPACT: '60'}" in text
    assert "levels: ['0', '1', '2', '3', '4']" in text
    assert "guidance: Perbup atau Perda." in text
    assert text.count("guidance") == 1  # the other questions have none


@hypothesis_settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=methods())
def test_yaml_round_trip_keeps_the_canonical_form(data):
    canonical, problems = read(data)
    assert problems == []
    assert canonical is not None
    again, problems = read(method_yaml_load(method_yaml_dump(canonical)))
    assert problems == []
    assert again == canonical
    assert read(again)[0] == canonical  # the canonical form is a fixed point
