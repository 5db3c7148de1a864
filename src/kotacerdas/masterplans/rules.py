"""The master plan's validation rules, as pure functions (no Django import).

Every writer of a plan calls these: the editor's services (one item at a time), the Excel
import (the whole parsed plan before anything is written) and submission (the completeness
checklist). A rule returns ``Problem`` values; ``masterplans.messages`` turns their codes
into translated sentences.

Two kinds of rule:
- integrity (``ERROR``): no plan may break them, ever (agency of the region, years within
  the plan, an action's years within its programme's, budgets not negative, codes unique in
  the plan, case and spaces aside);
- completeness (``INCOMPLETE``): a draft may break them, a submitted plan may not (a quick
  win in every dimension, a vision, missions, scored readiness, programmes per dimension,
  actions per programme, a budget, a target and an indicator per action).

Codes are compared and stored in one form, ``normalise_code``: every writer (editor, API,
worksheet import) passes codes through it. A new item may not be given to an inactive agency
(``check_agency_active``); existing items keep theirs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

ERROR = "error"
INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class Problem:
    """One broken rule: ``code`` names the rule, ``params`` fill its message, ``item`` says where."""

    code: str
    severity: str
    params: tuple[tuple[str, str], ...] = ()
    item: str = ""

    @property
    def values(self) -> dict[str, str]:
        return dict(self.params)


def _problem(rule: str, severity: str = ERROR, /, item: str = "", **params: object) -> Problem:
    return Problem(
        code=rule, severity=severity, params=tuple((k, str(v)) for k, v in params.items()), item=item
    )


@dataclass(frozen=True)
class Context:
    """What the rules need to know about the plan around an item."""

    start_year: int
    end_year: int
    agency_keys: frozenset[str]  # agencies of the plan's region (any stable key: id or code)
    dimension_codes: tuple[str, ...] = ()
    inactive_agency_keys: frozenset[str] = frozenset()  # of those, the ones no longer active


@dataclass(frozen=True)
class ProgrammeFacts:
    code: str
    dimension: str
    agency: str | None
    start_year: int | None
    end_year: int | None
    name: str = ""


@dataclass(frozen=True)
class ActionFacts:
    code: str
    programme: str
    agency: str | None
    start_year: int | None
    end_year: int | None
    budgets: Sequence[tuple[int, str, Decimal]] = ()  # (year, source, amount)
    targets: Sequence[tuple[int, Decimal]] = ()  # (year, value)
    name: str = ""
    indicator: str = ""


@dataclass(frozen=True)
class QuickWinFacts:
    code: str
    dimension: str
    agency: str | None
    target_year: int | None
    name: str = ""


@dataclass(frozen=True)
class PlanFacts:
    context: Context
    programmes: Sequence[ProgrammeFacts] = ()
    actions: Sequence[ActionFacts] = ()
    quick_wins: Sequence[QuickWinFacts] = ()
    vision: str = ""
    mission_count: int = 0
    readiness_unscored: Sequence[str] = ()
    extra: dict[str, object] = field(default_factory=dict)


def normalise_code(code: str) -> str:
    """The one stored form of an item's code: no spaces around, single spaces inside, upper case
    (``" gov-01 .01 "`` -> ``"GOV-01 .01"``). Codes are unique in a plan in this form."""
    return " ".join(str(code).split()).upper()


def check_code(code: str, *, item: str) -> list[Problem]:
    if not code or not code.strip():
        return [_problem("code_missing", item=item)]
    if len(code) > 30:
        return [_problem("code_too_long", item=item, code=code)]
    return []


def check_agency(agency: str | None, ctx: Context, *, item: str) -> list[Problem]:
    if agency is None or agency == "":
        return [_problem("agency_missing", item=item)]
    if agency not in ctx.agency_keys:
        return [_problem("agency_not_in_region", item=item, agency=agency)]
    return []


def check_agency_active(agency: str | None, ctx: Context, *, item: str) -> list[Problem]:
    """A new item (or an item moved to another agency) may not go to an inactive agency."""
    if agency is not None and agency in ctx.inactive_agency_keys:
        return [_problem("agency_inactive", item=item, agency=agency)]
    return []


def check_years(start: int | None, end: int | None, ctx: Context, *, item: str) -> list[Problem]:
    problems: list[Problem] = []
    if start is None or end is None:
        return [_problem("years_missing", item=item)]
    if end < start:
        problems.append(_problem("years_reversed", item=item, start=start, end=end))
    for year in (start, end):
        if not ctx.start_year <= year <= ctx.end_year:
            problems.append(
                _problem("year_outside_plan", item=item, year=year, start=ctx.start_year, end=ctx.end_year)
            )
            break
    return problems


def check_programme(p: ProgrammeFacts, ctx: Context) -> list[Problem]:
    item = p.code
    problems = check_code(p.code, item=item)
    if ctx.dimension_codes and p.dimension not in ctx.dimension_codes:
        problems.append(_problem("dimension_unknown", item=item, dimension=p.dimension))
    problems += check_agency(p.agency, ctx, item=item)
    problems += check_years(p.start_year, p.end_year, ctx, item=item)
    return problems


def check_action_in_programme(a: ActionFacts, p: ProgrammeFacts) -> list[Problem]:
    """An action's years lie within its programme's."""
    if None in (a.start_year, a.end_year, p.start_year, p.end_year):
        return []
    assert a.start_year is not None and a.end_year is not None  # for mypy
    assert p.start_year is not None and p.end_year is not None
    if a.start_year < p.start_year or a.end_year > p.end_year:
        return [
            _problem(
                "action_outside_programme",
                item=a.code,
                start=a.start_year,
                end=a.end_year,
                programme=p.code,
                programme_start=p.start_year,
                programme_end=p.end_year,
            )
        ]
    return []


def check_action(a: ActionFacts, ctx: Context, programme: ProgrammeFacts | None = None) -> list[Problem]:
    item = a.code
    problems = check_code(a.code, item=item)
    problems += check_agency(a.agency, ctx, item=item)
    problems += check_years(a.start_year, a.end_year, ctx, item=item)
    if programme is not None:
        problems += check_action_in_programme(a, programme)
    seen_budget: set[tuple[int, str]] = set()
    for year, source, amount in a.budgets:
        if amount < 0:
            problems.append(_problem("budget_negative", item=item, year=year, amount=amount))
        if a.start_year is not None and a.end_year is not None and not a.start_year <= year <= a.end_year:
            problems.append(_problem("budget_year_outside_action", item=item, year=year))
        if (year, source) in seen_budget:
            problems.append(_problem("budget_duplicate", item=item, year=year, source=source))
        seen_budget.add((year, source))
    target_years = [year for year, _value in a.targets]
    for year in target_years:
        if not ctx.start_year <= year <= ctx.end_year:
            problems.append(
                _problem("year_outside_plan", item=item, year=year, start=ctx.start_year, end=ctx.end_year)
            )
    for year, count in Counter(target_years).items():
        if count > 1:
            problems.append(_problem("target_duplicate", item=item, year=year))
    return problems


def check_quick_win(q: QuickWinFacts, ctx: Context) -> list[Problem]:
    item = q.code
    problems = check_code(q.code, item=item)
    if ctx.dimension_codes and q.dimension not in ctx.dimension_codes:
        problems.append(_problem("dimension_unknown", item=item, dimension=q.dimension))
    problems += check_agency(q.agency, ctx, item=item)
    if q.target_year is None:
        problems.append(_problem("years_missing", item=item))
    elif not ctx.start_year <= q.target_year <= ctx.end_year:
        problems.append(
            _problem(
                "year_outside_plan", item=item, year=q.target_year, start=ctx.start_year, end=ctx.end_year
            )
        )
    elif q.target_year > ctx.start_year + 1:
        # a quick win is doable in the plan's first one or two years
        problems.append(_problem("quick_win_too_late", INCOMPLETE, item=item, year=q.target_year))
    return problems


def duplicate_codes(codes: Iterable[str]) -> list[str]:
    """Codes that appear more than once (case-insensitive), in first-seen order."""
    codes = list(codes)
    counts = Counter(normalise_code(code) for code in codes if code)
    seen: list[str] = []
    for code in codes:
        key = normalise_code(code) if code else ""
        if key and counts[key] > 1 and key not in seen:
            seen.append(key)
    return seen


def check_plan(facts: PlanFacts) -> list[Problem]:
    """Every integrity problem of a whole plan (import, and the checklist before submission)."""
    ctx = facts.context
    problems: list[Problem] = []
    for p in facts.programmes:
        problems += check_programme(p, ctx)
    programmes = {normalise_code(p.code): p for p in facts.programmes}
    for a in facts.actions:
        problems += check_action(a, ctx, programmes.get(normalise_code(a.programme)))
        if normalise_code(a.programme) not in programmes:
            problems.append(_problem("programme_unknown", item=a.code, programme=a.programme))
    for q in facts.quick_wins:
        problems += check_quick_win(q, ctx)
    all_codes = [p.code for p in facts.programmes] + [a.code for a in facts.actions]
    for code in duplicate_codes(all_codes):
        problems.append(_problem("code_duplicate", item=code, code=code))
    for code in duplicate_codes([q.code for q in facts.quick_wins]):
        problems.append(_problem("code_duplicate", item=code, code=code))
    return problems


def check_completeness(facts: PlanFacts) -> list[Problem]:
    """What a plan still lacks before it can be submitted for ratification."""
    problems: list[Problem] = []
    if not facts.vision.strip():
        problems.append(_problem("vision_missing", INCOMPLETE))
    if facts.mission_count == 0:
        problems.append(_problem("missions_missing", INCOMPLETE))
    for element in facts.readiness_unscored:
        problems.append(_problem("readiness_unscored", INCOMPLETE, element=element))
    with_programmes = {p.dimension for p in facts.programmes}
    with_quick_wins = {q.dimension for q in facts.quick_wins}
    programmes_with_actions = {normalise_code(a.programme) for a in facts.actions}
    for dimension in facts.context.dimension_codes:
        if dimension not in with_programmes:
            problems.append(_problem("dimension_without_programme", INCOMPLETE, dimension=dimension))
        if dimension not in with_quick_wins:
            problems.append(_problem("dimension_without_quick_win", INCOMPLETE, dimension=dimension))
    for p in facts.programmes:
        if normalise_code(p.code) not in programmes_with_actions:
            problems.append(_problem("programme_without_action", INCOMPLETE, item=p.code))
    for a in facts.actions:
        problems += _action_gaps(a)
    return problems


def _action_gaps(a: ActionFacts) -> list[Problem]:
    """An action without a budget, a target or an indicator."""
    gaps = [
        ("action_without_budget", not a.budgets),
        ("action_without_target", not a.targets),
        ("action_without_indicator", not a.indicator.strip()),
    ]
    return [_problem(code, INCOMPLETE, item=a.code) for code, missing in gaps if missing]


def counts_per_dimension(facts: PlanFacts) -> dict[str, tuple[int, int]]:
    """``{dimension: (programmes, actions)}`` in catalogue order (zeros included)."""
    programme_dimension = {normalise_code(p.code): p.dimension for p in facts.programmes}
    programmes = Counter(p.dimension for p in facts.programmes)
    actions = Counter(programme_dimension.get(normalise_code(a.programme), "") for a in facts.actions)
    order = list(facts.context.dimension_codes) or sorted(programmes)
    return {d: (programmes.get(d, 0), actions.get(d, 0)) for d in order}
