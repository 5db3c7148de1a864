"""The one roll-up rule of implementation progress. Pure: no Django, no database.

Pages, the API, exports and dashboards all call ``rollup``; the page "Bagaimana progres
dihitung" explains this module in words, so change both together.

The rule:
1. An action's % is that of its latest approved report in the year (the status's %, or the
   manual % when one was given with a reason). An action without one has **no data**: it is
   listed, and it never counts as 0 %.
2. Actions whose status is excluded (cancelled, postponed) are listed and left out of every
   figure, as if they were not in the plan.
3. A programme's % is the mean of its actions' % — or, if the region chose it, their mean
   weighted by each action's planned budget for the year (equal weights when no action with
   data has a budget). A programme with no action with data has no data.
4. A dimension's % is the mean of its programmes' % (those with data); the plan's % is the
   mean of its dimensions' % (those with data).
5. An agency's achievement is the mean of its counted actions' % (budget-weighted when the region
   chose it), for its traffic light beside its budget absorption.
6. A programme is running when one of its counted actions is past 0 %; "x of y programmes
   running" counts the programmes that are not wholly excluded.
7. Budget absorption is realised ÷ planned for the year (reported realisations only).
   The traffic light compares achievement with absorption: green while achievement lags
   absorption by at most ``amber_gap`` points, amber up to ``red_gap``, red beyond; no light
   without both figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

EQUAL = "equal"
BUDGET = "budget"

GREEN = "green"
AMBER = "amber"
RED = "red"


@dataclass(frozen=True)
class ActionInput:
    """One action of the plan in force, with its latest approved report's figures."""

    key: str
    programme: str
    dimension: str
    agency: str = ""
    percent: float | None = None  # None: no approved report (no data)
    excluded: bool = False  # its status is excluded from roll-ups (cancelled, postponed)
    budget_planned: Decimal = Decimal(0)  # the plan's budget for the year
    budget_realised: Decimal | None = None  # reported realisation, None when not reported


@dataclass(frozen=True)
class ProgrammeInput:
    key: str
    dimension: str


@dataclass(frozen=True)
class Thresholds:
    amber_gap: float = 10.0
    red_gap: float = 25.0


@dataclass(frozen=True)
class Figure:
    """A % with what it was made of."""

    percent: float | None
    counted: int = 0  # children with data that made the %
    no_data: int = 0  # children without data
    excluded: int = 0  # children left out (excluded statuses, or wholly excluded programmes)


@dataclass(frozen=True)
class Budget:
    planned: Decimal = Decimal(0)
    realised: Decimal | None = None

    @property
    def absorption(self) -> float | None:
        """Realised ÷ planned in %, or None when nothing was planned or reported."""
        if self.realised is None or self.planned <= 0:
            return None
        return float(self.realised / self.planned * 100)


@dataclass(frozen=True)
class DimensionResult:
    figure: Figure
    programmes_running: int
    programmes_total: int
    budget: Budget
    light: str | None


@dataclass(frozen=True)
class Rollup:
    plan: Figure
    dimensions: dict[str, DimensionResult]
    programmes: dict[str, Figure]
    agencies: dict[str, Budget]
    budget: Budget
    excluded: list[str] = field(default_factory=list)  # action keys with an excluded status
    no_data: list[str] = field(default_factory=list)  # action keys without an approved report
    agency_progress: dict[str, Figure] = field(default_factory=dict)  # achievement per agency


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def weighted_mean(pairs: Sequence[tuple[float, Decimal]]) -> float | None:
    """Mean of the values weighted by the (non-negative) weights; equal weights when all are 0."""
    if not pairs:
        return None
    total = sum((w for _, w in pairs), Decimal(0))
    if total <= 0:
        return mean([v for v, _ in pairs])
    return float(sum((Decimal(str(v)) * w for v, w in pairs), Decimal(0)) / total)


def clamp(value: float | None) -> float | None:
    """Keep a % within 0-100 against float rounding (never changes a value inside the range)."""
    if value is None:
        return None
    return min(100.0, max(0.0, value))


def light(achievement: float | None, absorption: float | None, thresholds: Thresholds) -> str | None:
    """The traffic light: how far achievement lags absorption."""
    if achievement is None or absorption is None:
        return None
    lag = absorption - achievement
    if lag <= thresholds.amber_gap:
        return GREEN
    if lag <= thresholds.red_gap:
        return AMBER
    return RED


def _add(budget: Budget, action: ActionInput) -> Budget:
    realised = budget.realised
    if action.budget_realised is not None:
        realised = (realised or Decimal(0)) + action.budget_realised
    return Budget(planned=budget.planned + action.budget_planned, realised=realised)


def _collect(
    actions: Iterable[ActionInput], programme_list: Sequence[ProgrammeInput]
) -> tuple[dict[str, list[ActionInput]], list[str], list[str], dict[str, Budget], dict[str, Budget], Budget]:
    """Group the actions by programme; list the excluded and no-data ones; sum the budgets of
    the counted actions per agency, per dimension and for the plan."""
    by_programme: dict[str, list[ActionInput]] = {p.key: [] for p in programme_list}
    excluded: list[str] = []
    no_data: list[str] = []
    agencies: dict[str, Budget] = {}
    dim_budget: dict[str, Budget] = {}
    plan_budget = Budget()
    for action in actions:
        by_programme.setdefault(action.programme, [])
        if action.excluded:
            excluded.append(action.key)
            by_programme[action.programme].append(action)
            continue
        by_programme[action.programme].append(action)
        if action.percent is None:
            no_data.append(action.key)
        agencies[action.agency] = _add(agencies.get(action.agency, Budget()), action)
        dim_budget[action.dimension] = _add(dim_budget.get(action.dimension, Budget()), action)
        plan_budget = _add(plan_budget, action)

    return by_programme, excluded, no_data, agencies, dim_budget, plan_budget


def _actions_figure(items: Sequence[ActionInput], weighting: str) -> Figure:
    """The % of a group of actions (a programme's, an agency's): the mean of the counted actions
    with data, budget-weighted when ``weighting`` says so."""
    counted = [a for a in items if not a.excluded]
    pairs = [(float(a.percent), a.budget_planned) for a in counted if a.percent is not None]
    value = weighted_mean(pairs) if weighting == BUDGET else mean([v for v, _ in pairs])
    return Figure(
        percent=clamp(value),
        counted=len(pairs),
        no_data=len(counted) - len(pairs),
        excluded=len(items) - len(counted),
    )


def rollup(
    actions: Iterable[ActionInput],
    programmes: Iterable[ProgrammeInput],
    *,
    dimensions: Sequence[str] = (),
    weighting: str = EQUAL,
    thresholds: Thresholds = Thresholds(),
) -> Rollup:
    """Roll the actions' % up to programmes, dimensions and the plan (the rule in the module's doc)."""
    if weighting not in (EQUAL, BUDGET):
        raise ValueError(f"unknown weighting {weighting!r}")
    programme_list = list(programmes)
    action_list = list(actions)
    by_programme, excluded, no_data, agencies, dim_budget, plan_budget = _collect(action_list, programme_list)
    by_agency: dict[str, list[ActionInput]] = {}
    for action in action_list:
        by_agency.setdefault(action.agency, []).append(action)
    # agencies whose every action is excluded are left out, as from ``agencies``
    agency_progress = {key: _actions_figure(by_agency[key], weighting) for key in agencies}

    programme_dimension = {p.key: p.dimension for p in programme_list}
    for key, items in by_programme.items():
        if key not in programme_dimension and items:
            programme_dimension[key] = items[0].dimension

    programme_figures: dict[str, Figure] = {}
    running: dict[str, int] = {}
    totals: dict[str, int] = {}
    dim_values: dict[str, list[float]] = {}
    dim_counts: dict[str, list[int]] = {}  # [no data, excluded]
    for key, items in by_programme.items():
        dimension = programme_dimension[key]
        counted = [a for a in items if not a.excluded]
        figure = _actions_figure(items, weighting)
        programme_figures[key] = figure
        counts = dim_counts.setdefault(dimension, [0, 0])
        wholly_excluded = bool(items) and not counted
        if wholly_excluded:
            counts[1] += 1
            continue
        totals[dimension] = totals.get(dimension, 0) + 1
        if any(a.percent is not None and a.percent > 0 for a in counted):
            running[dimension] = running.get(dimension, 0) + 1
        if figure.percent is None:
            counts[0] += 1
        else:
            dim_values.setdefault(dimension, []).append(figure.percent)

    names = list(dict.fromkeys([*dimensions, *programme_dimension.values()]))
    dimension_results: dict[str, DimensionResult] = {}
    plan_values: list[float] = []
    plan_no_data = 0
    for name in names:
        values = dim_values.get(name, [])
        counts = dim_counts.get(name, [0, 0])
        figure = Figure(
            percent=clamp(mean(values)), counted=len(values), no_data=counts[0], excluded=counts[1]
        )
        budget = dim_budget.get(name, Budget())
        dimension_results[name] = DimensionResult(
            figure=figure,
            programmes_running=running.get(name, 0),
            programmes_total=totals.get(name, 0),
            budget=budget,
            light=light(figure.percent, budget.absorption, thresholds),
        )
        if figure.percent is None:
            plan_no_data += 1
        else:
            plan_values.append(figure.percent)
    plan = Figure(percent=clamp(mean(plan_values)), counted=len(plan_values), no_data=plan_no_data)
    return Rollup(
        plan=plan,
        dimensions=dimension_results,
        programmes=programme_figures,
        agencies=agencies,
        budget=plan_budget,
        excluded=excluded,
        no_data=no_data,
        agency_progress=agency_progress,
    )


def quick_win_percent(percent: float | None, excluded: bool) -> float | None:
    """A quick win's completion: its latest approved report's %, nothing when excluded or missing."""
    return None if excluded else clamp(percent)
