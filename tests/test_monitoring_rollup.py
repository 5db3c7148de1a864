"""The one roll-up rule (monitoring/rollup.py): examples and properties, no database."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kotacerdas.monitoring import rollup
from kotacerdas.monitoring.rollup import ActionInput, ProgrammeInput, Thresholds

PROGRAMMES = [ProgrammeInput("p1", "gov"), ProgrammeInput("p2", "gov"), ProgrammeInput("p3", "eco")]


def test_the_rule_on_a_small_plan() -> None:
    actions = [
        ActionInput(
            "a1", "p1", "gov", "x", percent=100, budget_planned=Decimal(100), budget_realised=Decimal(50)
        ),
        ActionInput("a2", "p1", "gov", "x", percent=50, budget_planned=Decimal(300)),
        ActionInput("a3", "p2", "gov", "y", percent=None),  # no data
        ActionInput("a4", "p3", "eco", "y", percent=0),
        ActionInput("a5", "p3", "eco", "y", percent=None, excluded=True),
    ]
    result = rollup.rollup(actions, PROGRAMMES, dimensions=["gov", "eco", "env"])
    assert result.programmes["p1"].percent == 75
    assert result.programmes["p2"].percent is None  # no data is not 0 %
    assert result.programmes["p3"].percent == 0
    assert result.dimensions["gov"].figure.percent == 75  # p2 has no data: left out
    assert result.dimensions["env"].figure.percent is None
    assert result.plan.percent == 37.5
    assert result.plan.no_data == 1
    assert result.excluded == ["a5"] and result.no_data == ["a3"]
    assert (result.dimensions["gov"].programmes_running, result.dimensions["gov"].programmes_total) == (1, 2)
    assert (result.dimensions["eco"].programmes_running, result.dimensions["eco"].programmes_total) == (0, 1)
    weighted = rollup.rollup(actions, PROGRAMMES, weighting=rollup.BUDGET)
    assert weighted.programmes["p1"].percent == 62.5  # (100×100 + 50×300) / 400
    assert result.budget.planned == Decimal(400)
    assert result.budget.realised == Decimal(50)
    assert result.agencies["x"].absorption == 12.5
    # an agency's achievement: the mean of its counted actions with data (weighted when chosen)
    assert result.agency_progress["x"].percent == 75
    assert result.agency_progress["y"].percent == 0 and result.agency_progress["y"].no_data == 1
    assert result.agency_progress["y"].excluded == 1
    assert weighted.agency_progress["x"].percent == 62.5


def test_traffic_light_thresholds() -> None:
    t = Thresholds(amber_gap=10, red_gap=25)
    assert rollup.light(50, 60, t) == rollup.GREEN
    assert rollup.light(50, 61, t) == rollup.AMBER
    assert rollup.light(50, 76, t) == rollup.RED
    assert rollup.light(None, 76, t) is None
    assert rollup.light(50, None, t) is None


def test_a_wholly_excluded_programme_is_not_counted_as_a_programme() -> None:
    actions = [
        ActionInput("a1", "p1", "gov", percent=None, excluded=True),
        ActionInput("a2", "p2", "gov", percent=25),
    ]
    result = rollup.rollup(actions, PROGRAMMES[:2])
    assert result.dimensions["gov"].programmes_total == 1
    assert result.dimensions["gov"].figure.excluded == 1


percents = st.one_of(st.none(), st.floats(min_value=0, max_value=100, allow_nan=False))
budgets = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def plans(draw: st.DrawFn) -> tuple[list[ActionInput], list[ProgrammeInput]]:
    n_programmes = draw(st.integers(1, 6))
    programmes = [
        ProgrammeInput(f"p{i}", draw(st.sampled_from(["gov", "eco", "env"]))) for i in range(n_programmes)
    ]
    actions = []
    for i in range(draw(st.integers(0, 20))):
        programme = draw(st.sampled_from(programmes))
        actions.append(
            ActionInput(
                f"a{i}",
                programme.key,
                programme.dimension,
                draw(st.sampled_from(["x", "y"])),
                percent=draw(percents),
                excluded=draw(st.booleans()),
                budget_planned=draw(budgets),
                budget_realised=draw(st.one_of(st.none(), budgets)),
            )
        )
    return actions, programmes


def _all_percents(result: rollup.Rollup) -> list[float | None]:
    return [
        result.plan.percent,
        *(d.figure.percent for d in result.dimensions.values()),
        *(f.percent for f in result.programmes.values()),
        # agencies with data (one with no data, or a new one, adds no %)
        *(f.percent for _, f in sorted(result.agency_progress.items()) if f.percent is not None),
    ]


@given(plans(), st.sampled_from([rollup.EQUAL, rollup.BUDGET]))
def test_every_percent_lies_within_0_and_100(plan, weighting) -> None:
    result = rollup.rollup(*plan, weighting=weighting)
    assert all(p is None or 0 <= p <= 100 for p in _all_percents(result))


@given(plans(), st.sampled_from([rollup.EQUAL, rollup.BUDGET]), percents, budgets)
def test_excluded_items_never_change_a_result(plan, weighting, percent, budget) -> None:
    actions, programmes = plan
    before = rollup.rollup(actions, programmes, weighting=weighting)
    key = programmes[0]
    extra = ActionInput(
        "ex", key.key, key.dimension, "x", percent=percent, excluded=True, budget_planned=budget
    )
    after = rollup.rollup([*actions, extra], programmes, weighting=weighting)
    assert _all_percents(before) == _all_percents(after)
    assert before.budget == after.budget


@given(plans(), st.sampled_from([rollup.EQUAL, rollup.BUDGET]))
def test_no_data_never_counts_as_zero(plan, weighting) -> None:
    actions, programmes = plan
    before = rollup.rollup(actions, programmes, weighting=weighting)
    key = programmes[0]
    extra = ActionInput("nd", key.key, key.dimension, "x", percent=None, budget_planned=Decimal(5))
    after = rollup.rollup([*actions, extra], programmes, weighting=weighting)
    assert _all_percents(before) == _all_percents(after)
    assert "nd" in after.no_data


@given(plans(), budgets)
def test_weighted_and_unweighted_agree_when_budgets_are_equal(plan, budget) -> None:
    actions, programmes = plan
    same = [
        ActionInput(
            a.key, a.programme, a.dimension, a.agency, a.percent, a.excluded, budget, a.budget_realised
        )
        for a in actions
    ]
    equal = rollup.rollup(same, programmes, weighting=rollup.EQUAL)
    weighted = rollup.rollup(same, programmes, weighting=rollup.BUDGET)
    for a, b in zip(_all_percents(equal), _all_percents(weighted), strict=True):
        assert (a is None and b is None) or abs(a - b) < 1e-6


@given(plans(), st.sampled_from([rollup.EQUAL, rollup.BUDGET]))
def test_an_item_at_its_parents_percent_leaves_the_parent_unchanged(plan, weighting) -> None:
    actions, programmes = plan
    before = rollup.rollup(actions, programmes, weighting=weighting)
    for programme in programmes:
        value = before.programmes[programme.key].percent
        if value is None:
            continue
        extra = ActionInput(
            "new", programme.key, programme.dimension, "x", percent=value, budget_planned=Decimal(7)
        )
        after = rollup.rollup([*actions, extra], programmes, weighting=weighting)
        assert abs(after.programmes[programme.key].percent - value) < 1e-6
        dim_before = before.dimensions[programme.dimension].figure.percent
        assert abs(after.dimensions[programme.dimension].figure.percent - dim_before) < 1e-6
        break
