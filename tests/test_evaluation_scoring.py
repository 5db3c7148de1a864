"""The index engine (``evaluation/scoring.py``), pure: no database.

The methods below are data (the JSON a snapshot stores, read with ``spec_from_json``), so the
published results are reproduced by configuring a method, not by code.

Kota Kediri 2022, a note on the result letter. The letter prints the dimension scores
3.60, 3.21, 3.23, 3.07 and 3.65 (weights 10/20/30/20/20), an Indeks Pencapaian of 3.31 and an
Indeks Peningkatan of +0.25 over 2021's 3.06. From the printed parts the index is exactly
10 % x 3.60 + 20 % x 3.21 + 30 % x 3.23 + 20 % x 3.07 + 20 % x 3.65 = 3.315, which rounds half
up to 3.32, and the improvement is 3.315 - 3.06 = 0.255, which rounds to 0.26. The letter
shows 3.31 and +0.25 because the ministry computed both from its unrounded dimension scores
(a printed 3.23 may be 3.2267): the parts were rounded for printing, the index was not
computed from them. The engine does the same: it rounds only the figures it publishes, and
computes the improvement from the unrounded indices of both rounds. From the printed parts
it must give 3.32 and 0.26, in decimal arithmetic: a binary float holds 3.315 as
3.31499999..., and ``round(3.315, 2)`` is 3.31, the right figure for the wrong reason.
``test_improvement_comes_from_unrounded_indices_of_question_scores`` proves the improvement
rule on question-level scores in two rounds, where the indices do not terminate.
"""

from __future__ import annotations

import decimal
import json
import math
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kotacerdas.evaluation import scoring
from kotacerdas.evaluation.scoring import MethodSpec, RegionInput, ScoringError

D = Decimal
PROPERTY = settings(deadline=None, max_examples=150)
ROUNDS = settings(deadline=None, max_examples=100)  # a whole round per example

FIVE = ("BASELINE", "OUTPUT", "OUTCOME", "IMPACT", "QUICK_WIN")

# The 2023 method's scale and weights as a snapshot stores them (dimension-level: no questions).
METHOD_2023: dict[str, Any] = {
    "levels": ["0", "1", "2", "3", "4"],
    "scale_min": "0",
    "scale_max": "4",
    "combine": "mean",
    "decimals": 2,
    "rounding": "half_up",
    "disagreement": "2",
    "groups": {
        "regular": {"BASELINE": "10", "OUTPUT": "20", "OUTCOME": "30", "IMPACT": "20", "QUICK_WIN": "20"},
        "kawasan": {
            "BASELINE": "10",
            "OUTPUT": "20",
            "OUTCOME": "20",
            "IMPACT": "20",
            "QUICK_WIN": "20",
            "KOLABORASI": "10",
        },
    },
    "questions": {},
    "bands": [
        {"min": "3.50", "label": "Sangat Baik"},
        {"min": "2.60", "label": "Baik"},
        {"min": "1.80", "label": "Cukup"},
        {"min": "0", "label": "Kurang"},
    ],
}


def _question(dimension: str, answer: str = "level", smart: str = "") -> dict[str, str]:
    return {"dimension": dimension, "answer": answer, "smart": smart}


# The same method with a small questionnaire: 1 to 3 questions per dimension, Impact a survey
# (a mean rating, any value on the scale), some questions linked to a smart dimension.
QUESTIONNAIRE: dict[str, Any] = {
    **METHOD_2023,
    "questions": {
        "BASELINE-1-1": _question("BASELINE", smart="GOV"),
        "BASELINE-1-2": _question("BASELINE"),
        "OUTPUT-1-1": _question("OUTPUT", smart="ECO"),
        "OUTCOME-1-1": _question("OUTCOME", smart="GOV"),
        "OUTCOME-1-2": _question("OUTCOME", smart="ECO"),
        "OUTCOME-2-1": _question("OUTCOME"),
        "IMPACT-1-1": _question("IMPACT", "survey", smart="GOV"),
        "IMPACT-1-2": _question("IMPACT", "survey", smart="LIV"),
        "QUICK_WIN-1-1": _question("QUICK_WIN"),
        "KOLABORASI-1-1": _question("KOLABORASI"),
    },
}


def method(data: Mapping[str, Any] = METHOD_2023, **changes: Any) -> MethodSpec:
    """A method spec configured from data, as a snapshot stores it."""
    return scoring.spec_from_json({**data, **changes})


def historical(region: str, scores: Mapping[str, str], group: str = "regular", **more: Any) -> RegionInput:
    """A region of a historical round: the dimension scores printed in its letter."""
    return RegionInput(region=region, group=group, dimensions={k: D(v) for k, v in scores.items()}, **more)


def assessed(
    spec: MethodSpec,
    group: str,
    default: tuple[Any, ...],
    changed: Mapping[str, tuple[Any, ...]] | None = None,
) -> dict[str, dict[str, Decimal]]:
    """Every question of ``group`` given the levels ``default`` by assessors a1, a2, ..., except
    the questions in ``changed`` ({"OUTPUT-1-1": (3, 4)})."""
    changed = changed or {}
    out = {}
    for key, question in spec.questions.items():
        if question.dimension in spec.groups[group]:
            levels = changed.get(key, default)
            out[key] = {f"a{n}": D(str(v)) for n, v in enumerate(levels, start=1)}
    return out


def index_of(result: Mapping[str, Any], region: str) -> Decimal:
    return D(result["regions"][region]["index"])


KEDIRI_2022 = {"BASELINE": "3.60", "OUTPUT": "3.21", "OUTCOME": "3.23", "IMPACT": "3.07", "QUICK_WIN": "3.65"}
JAMBI_2024 = {"BASELINE": "3.84", "OUTPUT": "3.18", "OUTCOME": "3.53", "IMPACT": "3.63", "QUICK_WIN": "3.35"}


# --- published results --------------------------------------------------------------------------


def test_kota_jambi_2024_is_reproduced_from_its_printed_dimension_scores():
    result = scoring.compute_round(method(), [historical("15.71", JAMBI_2024)])
    jambi = result["regions"]["15.71"]
    assert jambi["index"] == "3.475"
    assert jambi["index_published"] == "3.48"
    assert {code: d["contribution"] for code, d in jambi["dimensions"].items()} == {
        "BASELINE": "0.384",
        "OUTPUT": "0.636",
        "OUTCOME": "1.059",
        "IMPACT": "0.726",
        "QUICK_WIN": "0.67",
    }
    assert {code: d["published"] for code, d in jambi["dimensions"].items()} == JAMBI_2024
    assert jambi["predicate"] == "Baik"


def test_kota_kediri_2022_gives_exactly_3_315_from_its_printed_parts_published_3_32():
    result = scoring.compute_round(method(), [historical("35.71", KEDIRI_2022, previous=D("3.06"))])
    kediri = result["regions"]["35.71"]
    assert kediri["index"] == "3.315"
    assert kediri["index_published"] == "3.32"  # half up in decimal arithmetic
    assert kediri["improvement"] == "0.255"
    assert kediri["improvement_published"] == "0.26"
    # What the test guards against: the same sum in binary floats, rounded by Python, says 3.31.
    as_floats = 0.1 * 3.60 + 0.2 * 3.21 + 0.3 * 3.23 + 0.2 * 3.07 + 0.2 * 3.65
    assert round(3.315, 2) == 3.31
    assert f"{as_floats:.2f}" == "3.31"


def test_the_kediri_letter_follows_from_unrounded_dimension_scores():
    """Unrounded scores that print as the letter's parts (3.2267 prints as 3.23) and a 2021
    index that prints as 3.06 give the letter's 3.31 and +0.25: the ministry's figures are
    consistent with computing from unrounded parts, as the engine does."""
    unrounded = {**KEDIRI_2022, "OUTCOME": "3.2267"}
    result = scoring.compute_round(method(), [historical("35.71", unrounded, previous=D("3.0611"))])
    kediri = result["regions"]["35.71"]
    assert {code: d["published"] for code, d in kediri["dimensions"].items()} == KEDIRI_2022
    assert (kediri["index"], kediri["index_published"]) == ("3.31401", "3.31")
    assert (kediri["improvement"], kediri["improvement_published"]) == ("0.25291", "0.25")


def test_improvement_comes_from_unrounded_indices_of_question_scores():
    """Two rounds scored question by question, three assessors: every question scores 10/3 in
    the first round and 11/3 in the second, so neither index terminates. The improvement is
    the unrounded difference (1/3) rounded once: 0.33, not the difference of the published
    indices (3.67 - 3.33 = 0.34)."""
    spec = method(QUESTIONNAIRE)
    first = scoring.compute_round(
        spec, [RegionInput("35.71", "regular", scores=assessed(spec, "regular", (3, 3, 4)))]
    )
    region = first["regions"]["35.71"]
    assert region["dimensions"]["OUTCOME"]["score"].startswith("3.3333333333")
    assert region["index_published"] == "3.33"

    previous = index_of(first, "35.71")  # the unrounded index, as a snapshot stores it
    second_input = RegionInput(
        "35.71", "regular", scores=assessed(spec, "regular", (4, 4, 3)), previous=previous
    )
    second = scoring.compute_round(spec, [second_input])["regions"]["35.71"]
    assert second["index_published"] == "3.67"
    assert second["improvement_published"] == "0.33"
    # The stored improvement is exactly the difference of the two stored unrounded indices.
    assert D(second["improvement"]) == D(second["index"]) - previous
    assert D(second["index_published"]) - D(region["index_published"]) == D("0.34")


def test_the_predicate_follows_the_published_figure():
    """3.495 publishes as 3.50, so the region is "Sangat Baik" (from 3.50): a letter never
    prints a figure beside the band of a lower one."""
    spec = method()
    assert scoring.predicate(spec, scoring.publish(D("3.495"), 2)) == "Sangat Baik"
    edge = {**KEDIRI_2022, "OUTCOME": "3.83"}  # 3.315 + 30 % x 0.60 = 3.495
    region = scoring.compute_round(spec, [historical("35.71", edge)])["regions"]["35.71"]
    assert (region["index"], region["index_published"], region["predicate"]) == (
        "3.495",
        "3.50",
        "Sangat Baik",
    )
    assert scoring.predicate(spec, D("2.59")) == "Cukup"
    assert scoring.predicate(method(bands=[]), D("4")) == ""


# --- groups -------------------------------------------------------------------------------------


def test_a_kawasan_region_gets_the_kolaborasi_weight_and_a_regular_one_does_not():
    scores = {**KEDIRI_2022, "KOLABORASI": "1.00"}
    kawasan = historical("52.04", scores, group="kawasan")
    regular = historical("35.71", KEDIRI_2022)
    result = scoring.compute_round(method(), [kawasan, regular])
    in_kawasan = result["regions"]["52.04"]
    assert in_kawasan["dimensions"]["KOLABORASI"] == {
        "weight": "10",
        "score": "1",
        "published": "1.00",
        "contribution": "0.1",
    }
    assert in_kawasan["dimensions"]["OUTCOME"]["weight"] == "20"
    assert in_kawasan["index"] == "3.092"  # 3.315 - 10 % x 3.23 + 10 % x 1.00
    assert "KOLABORASI" not in result["regions"]["35.71"]["dimensions"]
    assert result["regions"]["35.71"]["index"] == "3.315"

    # Kolaborasi moves the kawasan index by its weight and cannot be given to a regular region.
    better = historical("52.04", {**scores, "KOLABORASI": "3.00"}, group="kawasan")
    assert index_of(scoring.compute_round(method(), [better]), "52.04") == D("3.092") + D("0.2")
    with pytest.raises(ScoringError, match="KOLABORASI is not in group regular"):
        scoring.compute_round(method(), [historical("35.71", scores)])


def test_kolaborasi_questions_count_only_in_a_kawasan():
    spec = method(QUESTIONNAIRE)
    regular = assessed(spec, "regular", (3,))
    assert "KOLABORASI-1-1" not in regular
    kawasan = assessed(spec, "kawasan", (3,), {"KOLABORASI-1-1": (1,)})
    result = scoring.compute_round(
        spec,
        [RegionInput("35.71", "regular", scores=regular), RegionInput("52.04", "kawasan", scores=kawasan)],
    )
    assert result["regions"]["35.71"]["index"] == "3"
    assert result["regions"]["52.04"]["index"] == "2.8"  # 90 % x 3 + 10 % x 1
    with pytest.raises(ScoringError, match="KOLABORASI-1-1 is not in group regular"):
        scoring.compute_round(spec, [RegionInput("35.71", "regular", scores={**regular, **kawasan})])


# --- question level -----------------------------------------------------------------------------


def test_five_assessors_combine_by_mean_or_median():
    levels = [D(1), D(2), D(2), D(4), D(4)]
    assert scoring.question_score(method(combine="mean"), levels) == D("2.6")
    assert scoring.question_score(method(combine="median"), levels) == D(2)
    assert scoring.question_score(method(combine="median"), levels[:4]) == D(2)
    assert scoring.question_score(method(combine="median"), [D(1), D(2), D(3), D(4)]) == D("2.5")
    with pytest.raises(ScoringError, match="unknown combination"):
        scoring.question_score(method(combine="mode"), levels)


@given(st.lists(st.sampled_from([D(v) for v in METHOD_2023["levels"]]), min_size=5, max_size=5))
@PROPERTY
def test_five_whole_levels_average_to_a_multiple_of_0_20(levels):
    score = scoring.question_score(method(), levels)
    assert score % D("0.20") == 0
    assert Fraction(score) == Fraction(sum(levels)) / 5


def test_the_median_method_scores_the_middle_assessor_in_a_round():
    spec = method(QUESTIONNAIRE, combine="median")
    scores = assessed(spec, "regular", (3, 3, 3), {"OUTPUT-1-1": (1, 4, 4, 2, 4)})
    region = scoring.compute_round(spec, [RegionInput("35.71", "regular", scores=scores)])["regions"]["35.71"]
    assert region["questions"]["OUTPUT-1-1"] == "4"
    stored = scoring.inputs_to_json([RegionInput("35.71", "regular", scores=scores)])[0]
    assert stored["assessors"] == ["a1", "a2", "a3", "a4", "a5"]
    assert stored["scores"]["OUTPUT-1-1"] == ["1", "4", "4", "2", "4"]
    assert region["dimensions"]["OUTPUT"]["score"] == "4"


@pytest.mark.parametrize(
    ("levels", "flagged"),
    [((1, 3), True), ((1, 2), False), ((2, 3, 4), True), ((0, 4), True), ((3, 3, 3), False), ((4,), False)],
)
def test_disagreement_is_flagged_at_the_threshold(levels, flagged):
    spec = method(QUESTIONNAIRE)
    scores = assessed(spec, "regular", (3, 3), {"OUTPUT-1-1": levels})
    region = scoring.compute_round(spec, [RegionInput("35.71", "regular", scores=scores)])["regions"]["35.71"]
    assert ("OUTPUT-1-1" in region["disagreements"]) is flagged
    assert "QUICK_WIN-1-1" not in region["disagreements"]
    assert scoring.disagrees(method(disagreement="3"), [D(v) for v in levels]) is (
        max(levels) - min(levels) >= 3
    )


def test_a_survey_takes_any_value_in_range_and_a_level_question_only_the_scales_levels():
    spec = method(QUESTIONNAIRE)
    survey, level = spec.questions["IMPACT-1-1"], spec.questions["OUTPUT-1-1"]
    for value in ("0", "3.27", "2.5", "4", "4.00"):
        scoring.check_level(spec, survey, D(value))
    for value in ("0", "3", "3.00", "4"):
        scoring.check_level(spec, level, D(value))
    for value in ("4.01", "-0.01", "NaN", "Infinity"):
        with pytest.raises(ScoringError, match="IMPACT-1-1"):
            scoring.check_level(spec, survey, D(value))
    for value in ("3.27", "2.5", "5", "-1", "NaN"):
        with pytest.raises(ScoringError, match="OUTPUT-1-1"):
            scoring.check_level(spec, level, D(value))

    scores = assessed(spec, "regular", (3,), {"IMPACT-1-1": ("3.27", "2.94")})
    region = scoring.compute_round(spec, [RegionInput("35.71", "regular", scores=scores)])["regions"]["35.71"]
    assert region["questions"]["IMPACT-1-1"] == "3.105"
    assert region["dimensions"]["IMPACT"]["score"] == "3.0525"  # mean of 3.105 and 3


def test_a_level_outside_the_scale_is_refused_naming_the_question():
    spec = method(QUESTIONNAIRE)
    for bad in ((5,), (3, "2.5"), (3, -1)):
        scores = assessed(spec, "regular", (3,), {"OUTCOME-2-1": bad})
        with pytest.raises(ScoringError, match=r"^35\.71: OUTCOME-2-1: "):
            scoring.compute_round(spec, [RegionInput("35.71", "regular", scores=scores)])


def test_a_historical_dimension_score_outside_the_scale_is_refused():
    with pytest.raises(ScoringError, match=r"35\.71: OUTPUT 4\.01 is outside 0-4"):
        scoring.compute_round(method(), [historical("35.71", {**KEDIRI_2022, "OUTPUT": "4.01"})])
    with pytest.raises(ScoringError, match="OUTPUT"):
        scoring.compute_round(method(), [historical("35.71", {**KEDIRI_2022, "OUTPUT": "NaN"})])


def test_missing_and_unknown_questions_are_refused():
    spec = method(QUESTIONNAIRE)
    scores = assessed(spec, "regular", (3,))
    without = {k: v for k, v in scores.items() if k != "OUTCOME-1-2"}
    with pytest.raises(ScoringError, match=r"35\.71: no score for OUTCOME-1-2"):
        scoring.compute_round(spec, [RegionInput("35.71", "regular", scores=without)])
    with pytest.raises(ScoringError, match="OUTCOME-1-2 has no score"):
        scoring.compute_round(spec, [RegionInput("35.71", "regular", scores={**scores, "OUTCOME-1-2": {}})])
    with pytest.raises(ScoringError, match="unknown question 'OUTCOME-9-9'"):
        scoring.compute_round(
            spec, [RegionInput("35.71", "regular", scores={**scores, "OUTCOME-9-9": {"a1": D(3)}})]
        )


def test_a_missing_dimension_an_unknown_group_bad_weights_and_a_duplicate_region_are_refused():
    partial = {k: v for k, v in KEDIRI_2022.items() if k != "IMPACT"}
    with pytest.raises(ScoringError, match="no score for dimension IMPACT"):
        scoring.compute_round(method(), [historical("35.71", partial)])
    with pytest.raises(ScoringError, match="unknown group 'ikn'"):
        scoring.compute_round(method(), [historical("35.71", KEDIRI_2022, group="ikn")])

    groups = METHOD_2023["groups"]
    off = {**groups, "regular": {**groups["regular"], "QUICK_WIN": "19.99"}}
    with pytest.raises(ScoringError, match="weights of regular do not sum to 100"):
        scoring.compute_round(method(groups=off), [historical("35.71", KEDIRI_2022)])
    negative = {"regular": {**groups["regular"], "BASELINE": "-10", "OUTCOME": "50"}}
    assert scoring.check_weights(method(groups=negative).groups) == ["regular"]
    assert scoring.check_weights(method().groups) == []

    with pytest.raises(ScoringError, match=r"35\.71 appears twice"):
        scoring.compute_round(method(), [historical("35.71", KEDIRI_2022), historical("35.71", JAMBI_2024)])


def test_publish_refuses_an_unknown_rounding():
    with pytest.raises(ScoringError, match="unknown rounding"):
        scoring.compute_round(method(rounding="half_even"), [historical("35.71", KEDIRI_2022)])


# --- ranks --------------------------------------------------------------------------------------


def test_ties_share_a_rank_and_the_next_rank_skips():
    values = {"a": D("3.5"), "b": D("3.20"), "c": D("3.2"), "d": D("1")}
    assert scoring.ranks(values) == {"a": 1, "b": 2, "c": 2, "d": 4}
    assert scoring.ranks({}) == {}


def test_ranks_within_province_and_peer_groups():
    def region(code: str, outcome: str, province: str, **peers: str) -> RegionInput:
        return historical(code, {**KEDIRI_2022, "OUTCOME": outcome}, province=province, peers=peers)

    inputs = [
        region("35.71", "3.23", "35", level="kota", cohort="2017"),
        region("35.72", "3.50", "35", level="kota", cohort="2018"),
        region("35.01", "3.23", "35", level="kabupaten", cohort="2017"),
        region("52.04", "2.00", "52", level="kabupaten", cohort="2017", kawasan="mandalika"),
        region("52.71", "3.90", "52", level="kota"),
    ]
    result = scoring.compute_round(method(), inputs)
    ranks = {code: r["ranks"] for code, r in result["regions"].items()}
    assert {code: r["national"] for code, r in ranks.items()} == {
        "52.71": 1,
        "35.72": 2,
        "35.71": 3,
        "35.01": 3,
        "52.04": 5,
    }
    assert {code: r["province"] for code, r in ranks.items()} == {
        "35.72": 1,
        "35.71": 2,
        "35.01": 2,
        "52.71": 1,
        "52.04": 2,
    }
    assert {code: r["level"] for code, r in ranks.items()} == {
        "52.71": 1,
        "35.72": 2,
        "35.71": 3,
        "35.01": 1,
        "52.04": 2,
    }
    assert {code: r["cohort"] for code, r in ranks.items()} == {
        "35.71": 1,
        "35.01": 1,
        "52.04": 3,
        "35.72": 1,
        "52.71": None,
    }
    assert ranks["52.04"]["kawasan"] == 1
    assert [r["kawasan"] for code, r in ranks.items() if code != "52.04"] == [None] * 4


def test_ranks_per_smart_dimension_come_from_the_linked_questions():
    spec = method(QUESTIONNAIRE)
    # GOV: BASELINE-1-1, OUTCOME-1-1, IMPACT-1-1; ECO: OUTPUT-1-1, OUTCOME-1-2; LIV: IMPACT-1-2.
    a = assessed(
        spec, "regular", (3,), {"BASELINE-1-1": (4, 4, 3), "OUTPUT-1-1": (1,), "IMPACT-1-2": ("2.10",)}
    )
    b = assessed(spec, "regular", (3,), {"OUTPUT-1-1": (4,), "OUTCOME-1-2": (2,), "IMPACT-1-2": ("2.1",)})
    c = assessed(spec, "regular", (2,))
    result = scoring.compute_round(
        spec,
        [
            RegionInput("11.71", "regular", scores=a),
            RegionInput("12.71", "regular", scores=b),
            RegionInput("13.71", "regular", scores=c),
        ],
    )
    smart = {code: r["smart"] for code, r in result["regions"].items()}
    assert smart["11.71"]["GOV"]["score"].startswith("3.222222222")  # mean of 11/3, 3, 3
    assert smart["11.71"]["GOV"]["published"] == "3.22"
    assert smart["11.71"]["ECO"]["score"] == "2"  # mean of 1 and 3
    assert smart["12.71"]["ECO"]["score"] == "3"  # mean of 4 and 2
    assert {code: s["GOV"]["rank"] for code, s in smart.items()} == {"11.71": 1, "12.71": 2, "13.71": 3}
    assert {code: s["ECO"]["rank"] for code, s in smart.items()} == {"11.71": 2, "12.71": 1, "13.71": 2}
    assert {code: s["LIV"]["rank"] for code, s in smart.items()} == {"11.71": 1, "12.71": 1, "13.71": 3}
    assert set(smart["11.71"]) == {"GOV", "ECO", "LIV"}


def test_ranks_use_the_unrounded_index():
    """Both regions publish 3.48, but 3.475 < 3.48499: the second ranks above the first.

    The choice: ranks follow the unrounded index, as the improvement does, so a rank says
    what the scores say and not what rounding for print did to them; two regions share a
    rank only when their indices are equal, not when their printed figures are. A table of
    results may then show two equal figures with different ranks (it lists them in rank
    order); the unrounded index in the snapshot explains the difference.
    """
    close = {**JAMBI_2024, "OUTCOME": "3.5633"}  # 3.475 + 30 % x 0.0333 = 3.48499
    result = scoring.compute_round(method(), [historical("15.71", JAMBI_2024), historical("15.72", close)])
    jambi, other = result["regions"]["15.71"], result["regions"]["15.72"]
    assert (jambi["index_published"], other["index_published"]) == ("3.48", "3.48")
    assert (jambi["ranks"]["national"], other["ranks"]["national"]) == (2, 1)


def test_indices_equal_in_exact_arithmetic_share_a_rank():
    """One question per dimension, three assessors: every question scores 10/3 but one
    scores 11/3, in Impact for the first region and in Output for the second. Both dimensions
    weigh 20 %, so both indices are exactly 3.4. At 40 digits the two sums round differently
    in their last digit; the engine settles its figures (20 places) before ranking, so the
    regions share rank 1 and report the same index."""
    spec = method(
        QUESTIONNAIRE,
        questions={code: _question(code) for code in FIVE},
    )
    scores = {code: {"a": D(3), "b": D(3), "c": D(4)} for code in FIVE}
    higher = {"a": D(3), "b": D(4), "c": D(4)}
    first = RegionInput("11.71", "regular", scores={**scores, "IMPACT": higher})
    second = RegionInput("12.71", "regular", scores={**scores, "OUTPUT": higher})
    result = scoring.compute_round(spec, [first, second])
    assert result["regions"]["11.71"]["index"] == result["regions"]["12.71"]["index"] == "3.4"
    assert [r["ranks"]["national"] for r in result["regions"].values()] == [1, 1]


# --- publish and plain --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3.315", "3.32"),
        ("3.3149999", "3.31"),
        ("2.675", "2.68"),  # round(2.675, 2) is 2.67 in binary floats
        ("0.005", "0.01"),
        ("0.255", "0.26"),
        ("-0.005", "-0.01"),  # a tie goes away from zero, as Excel's ROUND does
        ("-0.255", "-0.26"),
        ("-0.0049", "0.00"),  # never "-0.00"
        ("-0.00", "0.00"),
        ("0", "0.00"),
        ("4", "4.00"),
    ],
)
def test_publish_rounds_half_up_in_decimal(value, expected):
    assert format(scoring.publish(D(value), 2), "f") == expected
    assert str(scoring.publish(D(value), 2)) == expected


def test_publish_and_the_engine_ignore_the_threads_decimal_context():
    spec = method(QUESTIONNAIRE)
    inputs = [
        RegionInput("11.71", "regular", scores=assessed(spec, "regular", (3, 3, 4)), previous=D("3.0611")),
        RegionInput(
            "12.71", "regular", scores=assessed(spec, "regular", (2, 4, 4), {"IMPACT-1-1": ("3.27",)})
        ),
    ]
    expected = scoring.compute_round(spec, inputs)
    with decimal.localcontext(decimal.Context(prec=6, rounding=decimal.ROUND_FLOOR)):
        assert scoring.publish(D("3.315"), 2) == D("3.32")
        assert scoring.plain(D(10) / D(3)) == "3.33333"
        assert scoring.compute_round(spec, inputs) == expected
    assert expected["regions"]["11.71"]["index"] == "3.33333333333333333333"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10", "10"),
        ("1E+1", "10"),
        ("1.0E+2", "100"),
        ("0.0001", "0.0001"),
        ("1E-7", "0.0000001"),
        ("3.6000", "3.6"),
        ("3.00", "3"),
        ("-0", "0"),
        ("-0.000", "0"),
        ("0E-20", "0"),
        ("-2.50", "-2.5"),
        ("3.33333333333333333333333333333333333333", "3.33333333333333333333333333333333333333"),
    ],
)
def test_plain_never_uses_exponent_form_nor_rounds(value, expected):
    assert scoring.plain(D(value)) == expected


@given(st.decimals(allow_nan=False, allow_infinity=False))
@PROPERTY
def test_plain_is_exact_and_plain(value):
    text = scoring.plain(value)
    assert D(text) == value
    assert "E" not in text.upper()
    assert text != "-0"
    if "." in text:
        assert not text.endswith("0")


def half_up(value: Fraction, places: int) -> str:
    """The oracle: an exact value rounded half up (away from zero on a tie), as text."""
    whole = math.floor(abs(value) * 10**places + Fraction(1, 2))
    sign = "-" if value < 0 and whole else ""
    return sign + format(Decimal(whole).scaleb(-places), "f")


@given(st.decimals(min_value=-100, max_value=100, places=6), st.integers(min_value=0, max_value=4))
@PROPERTY
def test_publish_is_the_exact_value_rounded_half_up(value, places):
    published = format(scoring.publish(value, places), "f")
    assert published == half_up(Fraction(value), places)
    assert not (published.startswith("-") and D(published) == 0)  # never "-0.00"
    assert "E" not in published


# --- properties ---------------------------------------------------------------------------------

SPEC = method(QUESTIONNAIRE)
SCALE_LEVELS = SPEC.levels
SURVEY_VALUES = st.decimals(min_value=SPEC.scale_min, max_value=SPEC.scale_max, places=2)
DIMENSION_VALUES = st.decimals(min_value=SPEC.scale_min, max_value=SPEC.scale_max, places=4)


@st.composite
def question_region(draw: st.DrawFn, region: str = "11.71") -> RegionInput:
    """A region scored question by question by one to five assessors."""
    group = draw(st.sampled_from(sorted(SPEC.groups)))
    scores = {}
    for key, question in SPEC.questions.items():
        if question.dimension not in SPEC.groups[group]:
            continue
        values = SURVEY_VALUES if question.answer == "survey" else st.sampled_from(SCALE_LEVELS)
        levels = draw(st.lists(values, min_size=1, max_size=5))
        scores[key] = {f"a{n}": level for n, level in enumerate(levels, start=1)}
    previous = draw(st.none() | DIMENSION_VALUES)
    province = draw(st.sampled_from(["11", "35", "52"]))
    return RegionInput(region, group, province=province, scores=scores, previous=previous)


@st.composite
def printed_region(draw: st.DrawFn, region: str = "11.71") -> RegionInput:
    """A region of a historical round: printed dimension scores (four decimals at most)."""
    group = draw(st.sampled_from(sorted(SPEC.groups)))
    dimensions = {code: draw(DIMENSION_VALUES) for code in SPEC.groups[group]}
    previous = draw(st.none() | DIMENSION_VALUES)
    province = draw(st.sampled_from(["11", "35", "52"]))
    return RegionInput(region, group, province=province, dimensions=dimensions, previous=previous)


@st.composite
def a_round(draw: st.DrawFn) -> list[RegionInput]:
    """One to six regions; maybe a twin of the first scored one, with the scores of its Output
    and Quick Win questions swapped: both weigh 20 %, so the twins' indices are equal."""
    count = draw(st.integers(min_value=1, max_value=6))
    regions = []
    for n in range(count):
        kind = draw(st.sampled_from([question_region, printed_region]))
        regions.append(draw(kind(region=f"{n + 11}.71")))
    scored = [item for item in regions if item.scores]
    if scored and draw(st.booleans()):
        first = scored[0]
        swapped = {
            **first.scores,
            "OUTPUT-1-1": first.scores["QUICK_WIN-1-1"],
            "QUICK_WIN-1-1": first.scores["OUTPUT-1-1"],
        }
        regions.append(RegionInput("99.71", first.group, province=first.province, scores=swapped))
    return regions


def exact_index(spec: MethodSpec, item: RegionInput) -> Fraction:
    """The oracle: a region's index in exact rational arithmetic."""
    weights = spec.groups[item.group]
    dimensions = {code: Fraction(value) for code, value in item.dimensions.items()}
    if item.scores:
        per_dimension: dict[str, list[Fraction]] = {}
        for key, by_assessor in item.scores.items():
            levels = sorted(Fraction(v) for v in by_assessor.values())
            if spec.combine == "mean":
                score = sum(levels, Fraction(0)) / len(levels)
            else:
                middle = len(levels) // 2
                score = levels[middle] if len(levels) % 2 else (levels[middle - 1] + levels[middle]) / 2
            per_dimension.setdefault(spec.questions[key].dimension, []).append(score)
        dimensions = {code: sum(values, Fraction(0)) / len(values) for code, values in per_dimension.items()}
    return sum((Fraction(weights[code]) * dimensions[code] / 100 for code in weights), Fraction(0))


def competition_ranks(values: Mapping[str, Any]) -> dict[str, int]:
    """The oracle: a rank is one more than the number of values strictly above."""
    return {key: 1 + sum(other > value for other in values.values()) for key, value in values.items()}


@given(a_round(), st.sampled_from(["mean", "median"]))
@ROUNDS
def test_published_figures_and_ranks_are_those_of_exact_arithmetic(inputs, combine):
    spec = method(QUESTIONNAIRE, combine=combine)
    result = scoring.compute_round(spec, inputs)
    exact = {item.region: exact_index(spec, item) for item in inputs}
    national = competition_ranks(exact)
    for item in inputs:
        region = result["regions"][item.region]
        assert region["index_published"] == half_up(exact[item.region], 2)
        assert abs(Fraction(D(region["index"])) - exact[item.region]) <= Fraction(1, 10**20)
        assert region["ranks"]["national"] == national[item.region]
        if item.previous is not None:
            assert region["improvement_published"] == half_up(exact[item.region] - Fraction(item.previous), 2)
        else:
            assert region["improvement"] is region["improvement_published"] is None


@given(question_region() | printed_region(), st.sampled_from(["mean", "median"]))
@PROPERTY
def test_the_index_stays_within_the_scale(item, combine):
    result = scoring.compute_round(method(QUESTIONNAIRE, combine=combine), [item])
    for region in result["regions"].values():
        for figure in (region["index"], region["index_published"]):
            assert SPEC.scale_min <= D(figure) <= SPEC.scale_max
        for dimension in region["dimensions"].values():
            assert SPEC.scale_min <= D(dimension["score"]) <= SPEC.scale_max


@given(printed_region(), st.data())
@PROPERTY
def test_raising_a_dimension_score_never_lowers_the_index(item, data):
    code = data.draw(st.sampled_from(sorted(item.dimensions)))
    higher = data.draw(st.decimals(min_value=item.dimensions[code], max_value=SPEC.scale_max, places=4))
    raised = RegionInput(item.region, item.group, dimensions={**item.dimensions, code: higher})
    before = scoring.compute_round(SPEC, [item])["regions"][item.region]
    after = scoring.compute_round(SPEC, [raised])["regions"][item.region]
    assert D(after["index"]) >= D(before["index"])
    assert D(after["index_published"]) >= D(before["index_published"])


@given(question_region(), st.sampled_from(["mean", "median"]), st.data())
@PROPERTY
def test_raising_a_question_level_never_lowers_the_index(item, combine, data):
    spec = method(QUESTIONNAIRE, combine=combine)
    key = data.draw(st.sampled_from(sorted(item.scores)))
    assessor = data.draw(st.sampled_from(sorted(item.scores[key])))
    current = item.scores[key][assessor]
    if spec.questions[key].answer == "survey":
        higher = data.draw(st.decimals(min_value=current, max_value=spec.scale_max, places=2))
    else:
        higher = data.draw(st.sampled_from([level for level in spec.levels if level >= current]))
    scores = {**item.scores, key: {**item.scores[key], assessor: higher}}
    raised = RegionInput(item.region, item.group, scores=scores)
    before = scoring.compute_round(spec, [item])["regions"][item.region]
    after = scoring.compute_round(spec, [raised])["regions"][item.region]
    assert D(after["index"]) >= D(before["index"])
    assert D(after["dimensions"][spec.questions[key].dimension]["score"]) >= D(
        before["dimensions"][spec.questions[key].dimension]["score"]
    )


@given(
    st.dictionaries(
        st.text(min_size=1, max_size=4), st.decimals(min_value=0, max_value=4, places=1), max_size=20
    )
)
@PROPERTY
def test_ranks_are_a_competition_ranking(values):
    ranked = scoring.ranks(values)
    assert set(ranked) == set(values)
    assert ranked == competition_ranks(values)
    if ranked:
        assert min(ranked.values()) == 1
        assert max(ranked.values()) <= len(values)
    for a in values:
        for b in values:
            if values[a] == values[b]:
                assert ranked[a] == ranked[b]
            elif values[a] > values[b]:
                assert ranked[a] < ranked[b]


@given(a_round())
@ROUNDS
def test_every_rank_of_a_round_is_a_competition_ranking(inputs):
    result = scoring.compute_round(SPEC, inputs)
    regions = result["regions"]
    indices = {code: D(r["index"]) for code, r in regions.items()}
    assert {code: r["ranks"]["national"] for code, r in regions.items()} == competition_ranks(indices)
    for province in {item.province for item in inputs}:
        members = {item.region: indices[item.region] for item in inputs if item.province == province}
        expected = competition_ranks(members)
        assert {code: regions[code]["ranks"]["province"] for code in members} == expected
    smart_codes = {code for r in regions.values() for code in r["smart"]}
    for code in smart_codes:
        scores = {region: D(r["smart"][code]["score"]) for region, r in regions.items() if code in r["smart"]}
        assert {region: regions[region]["smart"][code]["rank"] for region in scores} == competition_ranks(
            scores
        )


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def reordered(data: Any) -> Any:
    """Every mapping with its keys in reverse order, as a database may hand stored JSON back."""
    if isinstance(data, dict):
        return {key: reordered(data[key]) for key in reversed(list(data))}
    if isinstance(data, list):
        return [reordered(value) for value in data]
    return data


@given(a_round(), st.sampled_from(["mean", "median"]))
@ROUNDS
def test_recomputing_gives_the_same_result_bit_for_bit(inputs, combine):
    spec = method(QUESTIONNAIRE, combine=combine)
    result = scoring.compute_round(spec, inputs)
    assert scoring.compute_round(spec, inputs) == result
    assert scoring.compute_round(spec, list(reversed(inputs))) == result

    stored_spec = json.loads(json.dumps(scoring.spec_to_json(spec)))
    stored_inputs = json.loads(json.dumps(scoring.inputs_to_json(inputs)))
    assert scoring.spec_from_json(stored_spec) == spec
    again = scoring.compute_round(
        scoring.spec_from_json(stored_spec), scoring.inputs_from_json(stored_inputs)
    )
    assert again == result
    assert canonical(again) == canonical(result)
    assert json.loads(json.dumps(result)) == result  # JSON-ready: strings, ints, bools, None

    # Stored JSON whose keys come back in another order (PostgreSQL's jsonb) changes nothing.
    shuffled = scoring.compute_round(
        scoring.spec_from_json(reordered(stored_spec)), scoring.inputs_from_json(reordered(stored_inputs))
    )
    assert canonical(shuffled) == canonical(result)
