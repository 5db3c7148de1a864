"""Reads of the panel: a region's questions with the assessors' submitted levels side by side,
their spread, the combined score (the engine's ``question_score``), the self-assessment's
proposal and the panel's decision. Flags are the engine's (``scoring.disagrees``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import Http404

from kotacerdas.core.permissions import require

from . import results, scoring
from .models import PanelDecision, Question, RoundRegion, Score, SelfAssessmentVersion
from .selectors import method_spec


@dataclass
class PanelLine:
    question: Question
    levels: list[Decimal | None]  # in the order of ``PanelData.assessors``
    spread: Decimal
    combined: Decimal
    flagged: bool
    proposal: Decimal | None  # the level of the region's latest submitted self-assessment
    decision: PanelDecision | None = None

    @property
    def score(self) -> Decimal:
        """The question's score as the engine takes it: the panel's, else the combined one."""
        if self.decision is not None and self.decision.score is not None:
            return self.decision.score
        return self.combined


@dataclass
class PanelData:
    entry: RoundRegion
    assessors: list[str]  # codes of the assessors who submitted
    lines: list[PanelLine] = field(default_factory=list)  # every scored question, in order
    threshold: Decimal = Decimal(2)

    @property
    def flagged(self) -> list[PanelLine]:
        return [line for line in self.lines if line.flagged]

    @property
    def shown(self) -> list[PanelLine]:
        """What the panel looks at: flagged questions and any other it has decided."""
        return [line for line in self.lines if line.flagged or line.decision is not None]

    @property
    def undecided(self) -> int:
        return sum(1 for line in self.flagged if line.decision is None)


def panel_entry_get(*, actor: Any, round_code: str, region_code: str) -> RoundRegion:
    """A region of a round for the panel: 404 for a round the reader cannot see or a region not
    in it, 403 without ``evaluation.manage``."""
    round_ = results.round_get_for_user(actor=actor, code=round_code)
    require(actor, "evaluation.manage")
    entry = (
        RoundRegion.objects.filter(round=round_, region__code=region_code)
        .select_related("round__method", "region", "region__province", "group")
        .first()
    )
    if entry is None:
        raise Http404("region")
    return entry


def submitted_proposals(entry: RoundRegion) -> dict[str, Decimal]:
    """The levels the region proposed in its latest submitted self-assessment (what the
    assessors read), by question key (one query; empty before a submission)."""
    version = (
        SelfAssessmentVersion.objects.filter(self_assessment__entry=entry)
        .order_by("-number")
        .only("content")
        .first()
    )
    if version is None:
        return {}
    out = {}
    for answer in version.content.get("answers", []):
        level = answer.get("level")
        if answer.get("key") and level not in (None, ""):
            out[str(answer["key"])] = Decimal(str(level))
    return out


def panel_data(entry: RoundRegion) -> PanelData:
    """Every scored question of ``entry`` with levels, spread, flag, proposal and decision
    (a fixed number of queries)."""
    spec = method_spec(entry.round.method)
    by_question: dict[int, dict[str, Decimal]] = {}
    assessors: set[str] = set()
    for question_id, assessor, level in Score.objects.filter(
        assignment__entry=entry, assignment__submitted_at__isnull=False
    ).values_list("question_id", "assignment__assessor__code", "level"):
        by_question.setdefault(question_id, {})[assessor] = level
        assessors.add(assessor)
    decisions = {
        d.question_id: d for d in PanelDecision.objects.filter(entry=entry).select_related("decided_by")
    }
    proposals = submitted_proposals(entry)
    codes = sorted(assessors)
    questions = (
        Question.objects.filter(pk__in=set(by_question) | set(decisions))
        .select_related("dimension")
        .order_by("position")
    )
    lines = []
    for q in questions:
        levels = by_question.get(q.pk, {})
        values = list(levels.values())
        if not values:
            continue
        lines.append(
            PanelLine(
                question=q,
                levels=[levels.get(code) for code in codes],
                spread=max(values) - min(values),
                combined=scoring.settle(scoring.question_score(spec, values)),
                flagged=scoring.disagrees(spec, values),
                proposal=proposals.get(q.key),
                decision=decisions.get(q.pk),
            )
        )
    return PanelData(entry=entry, assessors=codes, lines=lines, threshold=spec.disagreement)


def panel_question(entry: RoundRegion, key: str) -> Question:
    """A question of the round's method by key; 404 when there is none."""
    question = Question.objects.filter(method_id=entry.round.method_id, key=key).first()
    if question is None:
        raise Http404("question")
    return question


def panel_decision_get(entry: RoundRegion, key: str) -> PanelDecision:
    decision = (
        PanelDecision.objects.filter(entry=entry, question__key=key)
        .select_related("entry", "question")
        .first()
    )
    if decision is None:
        raise Http404("decision")
    return decision
