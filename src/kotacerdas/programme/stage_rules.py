"""What a stage needs beyond its place in the path, answered by the apps that hold the facts.

Some stages record a fact that another app owns: "Master plan ratified" needs a ratified master
plan, "Implementing" an approved progress report, "Evaluated" an evaluation. The programme
cannot import those apps (they build on it), so each registers a check here from its
``AppConfig.ready()``::

    register_stage_requirement(Stage.RATIFIED, ratified_plan_evidence)

A check takes the participation and returns the ``StageEvidence`` (the date the fact was
established, and a label such as the regulation's number) or ``None`` while the fact is missing.
A requirement holds for its stage and every later one. A stage whose requirement no installed
app answers is refused: the programme never records a fact nobody can show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import STAGE_ORDER, Stage, stage_index

if TYPE_CHECKING:
    from .models import Participation


@dataclass(frozen=True)
class StageEvidence:
    """The fact behind a stage: when it was established and how people name it."""

    date: dt.date
    label: str = ""


StageCheck = Callable[["Participation"], StageEvidence | None]


@dataclass(frozen=True)
class Requirement:
    missing: Promise  # the fact is not there yet
    unanswered: Promise  # no installed app can record the fact


REQUIREMENTS: dict[str, Requirement] = {
    Stage.RATIFIED: Requirement(
        missing=gettext_lazy(
            "The region's master plan is not ratified yet: record the regulation (Perbup/Perwali) on the "
            "submitted master plan first; the stage is then recorded with the regulation's date."
        ),
        unanswered=gettext_lazy("No part of the product records ratified master plans."),
    ),
    Stage.IMPLEMENTING: Requirement(
        missing=gettext_lazy(
            "The region has no approved progress report yet: the stage is recorded by its first approved "
            "report."
        ),
        unanswered=gettext_lazy("No part of the product records progress reports."),
    ),
    Stage.EVALUATED: Requirement(
        missing=gettext_lazy("The region has no evaluation yet: the stage is recorded by its evaluation."),
        unanswered=gettext_lazy(
            "“Evaluated” cannot be recorded yet: it needs an evaluation of the region, and evaluations "
            "are not recorded in the product yet."
        ),
    ),
}

_checks: dict[str, StageCheck] = {}


def register_stage_requirement(stage: str, check: StageCheck) -> None:
    """Let an app answer for a stage's fact (call it from ``AppConfig.ready()``)."""
    if stage not in REQUIREMENTS:
        raise ValueError(f"stage {stage!r} has no requirement to answer")
    _checks[stage] = check


def unregister_stage_requirement(stage: str) -> StageCheck | None:
    """Remove an app's answer (tests use it to see the refusal when nobody answers)."""
    return _checks.pop(stage, None)


def stage_evidence(participation: Participation, stage: str) -> StageEvidence | None:
    """The evidence of ``stage``'s own fact, or ``None`` when it has no requirement or no fact."""
    check = _checks.get(stage)
    return check(participation) if check is not None else None


def stage_refusal(participation: Participation, stage: str) -> str | None:
    """Why ``participation`` cannot be at ``stage`` (a sentence), or ``None`` when the facts allow it."""
    reached = stage_index(stage)
    for required, requirement in REQUIREMENTS.items():
        if stage_index(required) > reached:
            continue
        check = _checks.get(required)
        if check is None:
            return str(requirement.unanswered)
        if check(participation) is None:
            return str(requirement.missing)
    return None


def stage_date_refusal(participation: Participation, stage: str, date: dt.date) -> str | None:
    """A stage that records a fact carries the fact's date (e.g. the regulation's)."""
    evidence = stage_evidence(participation, stage)
    if evidence is None or evidence.date == date:
        return None
    return _("The stage takes the date of %(fact)s: %(date)s.") % {
        "fact": evidence.label or Stage(stage).label,
        "date": evidence.date.strftime("%d-%m-%Y"),
    }


def stages_allowed_next(participation: Participation) -> list[str]:
    """The stages that may be recorded next: the next in order, when the facts allow it."""
    index = stage_index(participation.stage) + 1
    if index >= len(STAGE_ORDER):
        return []
    candidate = STAGE_ORDER[index]
    return [] if stage_refusal(participation, candidate) else [candidate]
