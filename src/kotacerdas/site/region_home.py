"""A region's home: what every app knows of the region, gathered in the composition layer.

Public facts for everyone; the stage timeline, the organisation in figures, every master plan
with its status badges and what is due next for those who may see the region's private pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kotacerdas.core.permissions import can
from kotacerdas.evaluation.choices import SelfAssessmentStatus
from kotacerdas.evaluation.self_selectors import RegionRound
from kotacerdas.masterplans.choices import VersionStatus
from kotacerdas.masterplans.models import MasterPlan, PlanVersion
from kotacerdas.masterplans.services import version_problems
from kotacerdas.monitoring.dashboards import quick_win_summary
from kotacerdas.organisation.models import WorkingGroup
from kotacerdas.organisation.selectors import organisation_summary
from kotacerdas.programme.choices import STAGE_ORDER, Stage
from kotacerdas.programme.models import Participation
from kotacerdas.programme.stage_rules import stages_allowed_next
from kotacerdas.regions.models import Region


def region_home(
    *, region: Region, actor: object, evaluation_rounds: list[RegionRound] | None = None
) -> dict[str, object]:
    """What a region's home shows to those who may see its private pages: the stage timeline,
    the organisation in figures, every master plan with its status and what is due next
    (``evaluation_rounds``: the rounds the page lists, whose open self-assessment is due)."""
    participation = (
        Participation.objects.select_related("cohort", "kawasan", "mou")
        .prefetch_related("stage_changes")
        .filter(region=region)
        .first()
    )
    timeline = []
    if participation is not None:
        reached = {c.stage: c for c in participation.stage_changes.all()}
        current_index = STAGE_ORDER.index(participation.stage)
        for index, stage in enumerate(STAGE_ORDER):
            change = reached.get(stage)
            timeline.append(
                {
                    "stage": stage,
                    "label": Stage(stage).label,
                    "date": change.date if change else None,
                    "note": change.note if change else "",
                    "state": "done"
                    if index < current_index
                    else ("current" if index == current_index else "todo"),
                }
            )
    organisation = organisation_summary(region=region)
    plans = region_plan_cards(region=region)
    return {
        "participation": participation,
        "timeline": timeline,
        # implementation: the quick wins' completion beside the stage (for monitoring readers)
        "quick_wins": quick_win_summary(region=region, actor=actor),
        "may_monitor": can(actor, "monitoring.view", region_id=region.pk),
        "organisation": organisation,
        "plans": plans,
        "due": region_due_items(
            participation=participation,
            organisation=organisation,
            plans=plans,
            pokja_without_decree=_pokja_without_decree(region),
        )
        + evaluation_due_items(evaluation_rounds or []),
    }


def region_plan_cards(*, region: Region) -> list[dict[str, Any]]:
    """Every master plan of the region, newest first, with the version in force (the ratified
    one), the working version (a draft or a submitted one) and their status badges."""

    plans = MasterPlan.objects.filter(region=region).prefetch_related(
        Prefetch("versions", queryset=PlanVersion.objects.order_by("number"))
    )
    cards: list[dict[str, Any]] = []
    for plan in plans.order_by("-start_year", "-id"):
        versions = list(plan.versions.all())
        in_force = next((v for v in versions if v.status == VersionStatus.RATIFIED), None)
        working = next(
            (v for v in reversed(versions) if v.status in (VersionStatus.DRAFT, VersionStatus.SUBMITTED)),
            None,
        )
        badges: list[dict[str, str]] = []
        if in_force is not None:
            badges.append(
                {
                    "tone": "ok",
                    "label": _("Ratified: %(kind)s number %(number)s")
                    % {
                        "kind": in_force.get_ratification_kind_display(),
                        "number": in_force.ratification_number,
                    },
                }
            )
        if working is not None:
            badges.append(
                {
                    "tone": "warn" if working.status == VersionStatus.DRAFT else "",
                    "label": _("Version %(number)s: %(status)s")
                    % {"number": working.number, "status": working.get_status_display()},
                }
            )
        if not badges:
            badges.append({"tone": "", "label": _("No version in force")})
        complete = (
            working is not None and working.status == VersionStatus.DRAFT and not version_problems(working)
        )
        cards.append(
            {
                "plan": plan,
                "in_force": in_force,
                "working": working,
                "badges": badges,
                "draft_complete": complete,
            }
        )
    return cards


def _pokja_without_decree(region: Region) -> list[str]:

    groups = WorkingGroup.objects.filter(region=region, decree__isnull=True).select_related("dimension")
    return [str(g.dimension) for g in groups]


def region_due_items(
    *,
    participation: Any,
    organisation: dict[str, Any],
    plans: list[dict[str, Any]],
    pokja_without_decree: list[str] | None = None,
) -> list[str]:
    """The next things a region has to do, from the facts recorded, in programme order."""
    if participation is None:
        return [_("The region is not enrolled in the programme yet.")]
    due = _organisation_due(participation, organisation, pokja_without_decree or [])
    if not plans:
        due.append(_("Start the master plan."))
    for card in plans:
        working, title = card["working"], card["plan"].title
        if working is None:
            continue
        if working.status == VersionStatus.SUBMITTED:
            due.append(
                _("%(plan)s, version %(number)s, is submitted: record the regulation that ratifies it.")
                % {"plan": title, "number": working.number}
            )
        elif card["draft_complete"]:
            due.append(
                _("The draft of %(plan)s, version %(number)s, is complete: submit it for ratification.")
                % {"plan": title, "number": working.number}
            )
        elif card["in_force"] is None:
            due.append(
                _("Complete the draft of %(plan)s, version %(number)s (see its checklist).")
                % {"plan": title, "number": working.number}
            )
    allowed = stages_allowed_next(participation)
    if allowed:
        due.append(_("Record the next stage: %(stage)s.") % {"stage": Stage(allowed[0]).label})
    return due


def evaluation_due_items(rounds: list[RegionRound]) -> list[str]:
    """The self-assessments the reader can fill that are not submitted yet."""
    due = []
    for r in rounds:
        if not r.may_fill_self or r.self_status == SelfAssessmentStatus.SUBMITTED:
            continue
        if r.self_closes_on:
            due.append(
                _("Fill and submit the self-assessment of %(round)s by %(date)s.")
                % {"round": r.round.name, "date": date_format(r.self_closes_on, "j F Y")}
            )
        else:
            due.append(_("Fill and submit the self-assessment of %(round)s.") % {"round": r.round.name})
    return due


def _organisation_due(
    participation: Any, organisation: dict[str, Any], pokja_without_decree: list[str]
) -> list[str]:
    """What is due in the region's organisation: MoU, decrees (SK), pokja and the forum."""
    due: list[str] = []
    if getattr(participation, "mou", None) is None:
        due.append(_("Record the signed MoU (Nota Kesepakatan)."))
    if not organisation.get("has_dewan_decree"):
        due.append(_("Record the SK of the Dewan Smart City."))
    if not organisation.get("has_tim_decree"):
        due.append(_("Record the SK of the Tim Pelaksana."))
    missing = organisation.get("dimensions_without_pokja") or []
    if missing:
        due.append(_("Form a pokja for: %(dims)s.") % {"dims": ", ".join(str(d) for d in missing)})
    if pokja_without_decree:
        due.append(_("Record the SK of the pokja for: %(dims)s.") % {"dims": ", ".join(pokja_without_decree)})
    if not organisation.get("recent_forum"):
        due.append(_("Hold a Forum Smart City meeting (none in the last three months)."))
    return due
