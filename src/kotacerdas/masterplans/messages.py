"""Sentences for the rule problems of ``rules.py`` (translated; placeholders by name)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .rules import Problem

TEXTS = {
    "code_missing": gettext_lazy("The code is empty."),
    "code_too_long": gettext_lazy("The code %(code)s is longer than 30 characters."),
    "code_duplicate": gettext_lazy("The code %(code)s is used more than once in this plan."),
    "agency_missing": gettext_lazy("An owning agency is required."),
    "agency_not_in_region": gettext_lazy("Agency %(agency)s is not an agency of this region."),
    "agency_inactive": gettext_lazy(
        "Agency %(agency)s is no longer active: new items cannot be given to it."
    ),
    "action_outside_programme": gettext_lazy(
        "The action's years (%(start)s-%(end)s) lie outside the years of programme %(programme)s "
        "(%(programme_start)s-%(programme_end)s)."
    ),
    "years_missing": gettext_lazy("The years are required."),
    "years_reversed": gettext_lazy("The last year (%(end)s) is before the first year (%(start)s)."),
    "year_outside_plan": gettext_lazy("Year %(year)s is outside the plan's years (%(start)s-%(end)s)."),
    "dimension_unknown": gettext_lazy("Unknown dimension %(dimension)s."),
    "programme_unknown": gettext_lazy("Unknown programme %(programme)s."),
    "budget_negative": gettext_lazy("The budget for %(year)s is negative (%(amount)s)."),
    "budget_year_outside_action": gettext_lazy("The budget year %(year)s is outside the action's years."),
    "budget_duplicate": gettext_lazy("There are two budgets for %(year)s from %(source)s."),
    "target_duplicate": gettext_lazy("There are two targets for %(year)s."),
    "quick_win_too_late": gettext_lazy(
        "A quick win should be done in the plan's first two years, not in %(year)s."
    ),
    "vision_missing": gettext_lazy("The plan has no vision yet."),
    "missions_missing": gettext_lazy("The plan has no missions yet."),
    "readiness_unscored": gettext_lazy("The readiness of %(element)s is not scored yet."),
    "dimension_without_programme": gettext_lazy("Dimension %(dimension)s has no programme."),
    "dimension_without_quick_win": gettext_lazy("Dimension %(dimension)s has no quick win."),
    "programme_without_action": gettext_lazy("Programme %(item)s has no action plan."),
    "action_without_budget": gettext_lazy("Action plan %(item)s has no budget."),
    "action_without_target": gettext_lazy("Action plan %(item)s has no target."),
    "action_without_indicator": gettext_lazy("Action plan %(item)s has no output indicator."),
}


def _dimension_label(code: str) -> str:
    from kotacerdas.programme.models import Dimension

    dimension = Dimension.objects.filter(code=code).first()
    return dimension.label if dimension else code


def _agency_label(key: str) -> str:
    """The services name agencies by id; show their acronym (the worksheet's codes stay)."""
    if not key.isdigit():
        return key
    from kotacerdas.organisation.models import Agency

    agency = Agency.objects.filter(pk=int(key)).first()
    return agency.acronym if agency else key


def problem_text(problem: Problem) -> str:
    template = TEXTS.get(problem.code)
    values = {"item": problem.item, **problem.values}
    if "dimension" in values:
        values["dimension"] = _dimension_label(values["dimension"])
    if "agency" in values:
        values["agency"] = _agency_label(values["agency"])
    if template is None:
        return problem.code
    return str(template) % values


def problem_lines(problems: list[Problem]) -> list[str]:
    return [(f"{p.item}: " if p.item else "") + problem_text(p) for p in problems]


def first_problem_text(problems: list[Problem]) -> str:
    return problem_text(problems[0]) if problems else _("No problem.")
