"""Reads of result letters and findings, scoped to the actor (404 for missing and hidden alike).

Who sees what:

- a region's **letter** and its **findings**: the region's people (``region.view_private`` on it:
  coordinator, agency officers, pendamping) once the round is published; the ministry
  (``evaluation.manage``) always, so it may preview a letter before publication;
- an **assessor** sees, on the findings page, only the findings of their own assignment (after
  declaring no conflict with the region), in every phase;
- the **follow-up** of a region's findings: the published weaknesses and recommendations of its
  previous round, with the region's answers (``findings_to_follow_up``), shown again in its
  next self-assessment.

A letter needs the round's index computed (``Round.snapshot``); until then it is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from kotacerdas.core.permissions import can
from kotacerdas.regions.models import Region

from ..choices import FindingKind, Phase
from ..models import Assignment, Finding, RegionResult, Round, RoundRegion
from ..phases import SCORING_PHASES
from .data import published_findings

# What a region answers after publication: a strength needs no follow-up.
FOLLOW_UP_KINDS = (FindingKind.WEAKNESS.value, FindingKind.RECOMMENDATION.value)


def round_get_for_user(*, actor: Any, code: str) -> Round:
    """A round: published ones for everyone, every round for the ministry; 404 otherwise."""
    round_ = Round.objects.select_related("method").filter(code=code).first()
    if round_ is None or not (round_.is_published or can(actor, "evaluation.manage")):
        raise Http404("round")
    return round_


def _entry(round_code: str, region_code: str) -> RoundRegion:
    entry = (
        RoundRegion.objects.select_related("round", "round__method", "region", "region__province")
        .filter(round__code=round_code, region__code=region_code)
        .first()
    )
    if entry is None:
        raise Http404("region in round")
    return entry


def _region_reader(actor: Any, entry: RoundRegion) -> bool:
    return entry.round.is_published and can(actor, "region.view_private", region_id=entry.region_id)


def letter_readable(actor: Any, round_: Round, region_id: int) -> bool:
    """Whether ``actor`` may read a region's letter in ``round_`` once its index is computed (the
    report card links to it then): the ministry always, the region's people once published."""
    return can(actor, "evaluation.manage") or (
        round_.is_published and can(actor, "region.view_private", region_id=region_id)
    )


def letter_entry_get_for_user(*, actor: Any, round_code: str, region_code: str) -> RoundRegion:
    """A region of a round whose letter ``actor`` may read, with a computed result; 404 otherwise."""
    entry = _entry(round_code, region_code)
    if not letter_readable(actor, entry.round, entry.region_id):
        raise Http404("letter")
    if (
        entry.round.snapshot_id is None
        or not RegionResult.objects.filter(
            snapshot_id=entry.round.snapshot_id, region_id=entry.region_id
        ).exists()
    ):
        raise Http404("letter")  # the index is not computed for this region yet
    return entry


def own_assignment(actor: Any, entry: RoundRegion) -> Assignment | None:
    """``actor``'s assignment to ``entry`` as an active assessor (``None`` if they have none)."""
    if not getattr(actor, "is_authenticated", False) or not can(actor, "evaluation.score"):
        return None
    return (
        Assignment.objects.select_related("assessor")
        .filter(entry=entry, assessor__user_id=actor.pk, assessor__active=True)
        .first()
    )


@dataclass(frozen=True)
class FindingsAccess:
    """What ``actor`` may see and do with a region's findings in a round."""

    entry: RoundRegion
    manage: bool  # the ministry: every finding; writes as the panel in the panel phase
    assignment: Assignment | None  # an assessor's own assignment: their findings only
    respond: bool  # the region's coordinator, once the round is published

    @property
    def may_write(self) -> bool:
        """Whether the add form is offered (the services check again)."""
        phase = self.entry.round.phase
        if self.assignment is not None:
            return phase in SCORING_PHASES
        return self.manage and phase == Phase.PANEL

    def may_change(self, finding: Finding) -> bool:
        """Whether edit and remove are offered for ``finding``."""
        phase = self.entry.round.phase
        if self.assignment is not None and finding.assignment_id == self.assignment.pk:
            return phase in SCORING_PHASES
        return self.manage and phase == Phase.PANEL

    def may_respond(self, finding: Finding) -> bool:
        return self.respond and finding.kind in FOLLOW_UP_KINDS


def findings_access(*, actor: Any, round_code: str, region_code: str) -> FindingsAccess:
    """Who ``actor`` is to this region's findings; 404 when they may not see them."""
    entry = _entry(round_code, region_code)
    manage = can(actor, "evaluation.manage")
    assignment = None if manage else own_assignment(actor, entry)
    if assignment is not None and assignment.no_conflict_declared_at is None:
        assignment = None  # an assessor sees a region only after declaring no conflict
    if not (manage or assignment is not None or _region_reader(actor, entry)):
        raise Http404("findings")
    respond = entry.round.is_published and can(actor, "evaluation.self_assess", region_id=entry.region_id)
    return FindingsAccess(entry=entry, manage=manage, assignment=assignment, respond=respond)


def finding_list(access: FindingsAccess) -> list[Finding]:
    """The findings ``access`` may see, in the letter's order (kind, then position)."""
    rows = Finding.objects.filter(entry=access.entry).select_related("assignment__assessor", "responded_by")
    if not access.manage:
        if access.assignment is not None:
            rows = rows.filter(assignment=access.assignment)
        else:
            rows = published_findings(rows)
    order = {kind: n for n, kind in enumerate(FindingKind.values)}
    return sorted(rows.order_by("position", "id"), key=lambda f: order.get(f.kind, len(order)))


def finding_get(access: FindingsAccess, uid: str) -> Finding:
    """One finding of the page ``access`` opened: 404 when it is not among those it may see."""
    for finding in finding_list(access):
        if str(finding.uid) == str(uid):
            return finding
    raise Http404("finding")


def previous_round(region: Region, round_: Round) -> Round | None:
    """The published round before ``round_`` that evaluated ``region``: ``round_.previous`` when
    set (and published), else the latest published earlier round with the region."""
    if round_.previous_id is not None:
        previous = Round.objects.filter(pk=round_.previous_id, phase=Phase.PUBLISHED).first()
        if previous is not None and RoundRegion.objects.filter(round=previous, region=region).exists():
            return previous
        return None
    earlier = Q(year__lt=round_.year) | Q(year=round_.year, stage__lt=round_.stage)
    return (
        Round.objects.filter(earlier, phase=Phase.PUBLISHED, regions__region=region)
        .exclude(pk=round_.pk)
        .order_by("-year", "-stage")
        .first()
    )


def findings_to_follow_up(region: Region, round_: Round) -> list[Finding]:
    """The weaknesses and recommendations ``region`` received in the round before ``round_``, with
    its answers: what its self-assessment in ``round_`` shows again (empty when there is none).
    Each finding's ``entry.round`` is loaded (for links to the findings page)."""
    previous = previous_round(region, round_)
    if previous is None:
        return []
    rows: QuerySet[Finding] = published_findings(
        Finding.objects.filter(entry__round=previous, entry__region=region, kind__in=FOLLOW_UP_KINDS)
    ).select_related("entry__round", "entry__region", "responded_by")
    order = {kind: n for n, kind in enumerate(FOLLOW_UP_KINDS)}
    return sorted(rows.order_by("position", "id"), key=lambda f: order[f.kind])
