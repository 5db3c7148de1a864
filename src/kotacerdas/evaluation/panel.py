"""Writes of the panel: per region and question, a decision that resolves a disagreement flag.

A decision either sets the question's score in place of the assessors' combined score (a value
within the method's scale; the engine reads it as an override, ``RegionInput.overrides``) or
confirms the combined score (no score: the flag is resolved, the score stays the assessors').
A reason is always required. A decision can be changed or withdrawn. Only the ministry's
evaluation admins (``evaluation.manage``) decide, only while the round's panel phase is open
(``phases.phase_require_open``); every change is audited in its transaction, with the region's
row locked so that two panel members deciding at once meet one at a time.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core.models import AuditAction
from kotacerdas.core.permissions import require
from kotacerdas.core.services import UserLike, audit_record

from .models import GroupWeight, PanelDecision, Question, RoundRegion, Score
from .phases import phase_require_open
from .scoring import plain

PHASE = "panel"
REASON_CHARS = 2000
SCORE_PLACES = 4  # PanelDecision.score


def _user(actor: UserLike) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _locked_entry(entry: RoundRegion) -> RoundRegion:
    return RoundRegion.objects.select_for_update().select_related("round__method", "region").get(pk=entry.pk)


def _check_question(entry: RoundRegion, question: Question) -> None:
    in_group = (
        question.method_id == entry.round.method_id
        and GroupWeight.objects.filter(group_id=entry.group_id, dimension_id=question.dimension_id).exists()
    )
    if not in_group:
        raise ValidationError(
            {"question": _("Question %(key)s is not in this region's questionnaire.") % {"key": question.key}}
        )
    scored = Score.objects.filter(
        assignment__entry=entry, assignment__submitted_at__isnull=False, question=question
    ).exists()
    if not scored:
        raise ValidationError(
            {
                "question": _(
                    "No assessor has submitted a score for question %(key)s yet: there is nothing to decide."
                )
                % {"key": question.key}
            }
        )


def clean_reason(reason: Any) -> str:
    text = str(reason or "").strip()
    if not text:
        raise ValidationError({"reason": _("Give the panel's reason.")})
    if len(text) > REASON_CHARS:
        raise ValidationError(
            {"reason": _("The reason is too long: at most %(n)s characters.") % {"n": REASON_CHARS}}
        )
    return text


def clean_score(entry: RoundRegion, score: Any) -> Decimal | None:
    """``None`` (confirm the assessors' combined score) or a value within the method's scale."""
    if score is None or (isinstance(score, str) and not score.strip()):
        return None
    method = entry.round.method
    try:
        value = Decimal(str(score).strip().replace(",", "."))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise ValidationError({"score": _("Enter the score as a number, e.g. 3 or 3.5.")})
    if not method.scale_min <= value <= method.scale_max:
        raise ValidationError(
            {
                "score": _("The score must lie within the scale, %(min)s to %(max)s.")
                % {"min": plain(method.scale_min), "max": plain(method.scale_max)}
            }
        )
    if value != value.quantize(Decimal(1).scaleb(-SCORE_PLACES)):
        raise ValidationError(
            {"score": _("Give the score with at most %(n)s decimals.") % {"n": SCORE_PLACES}}
        )
    return value


def _values(decision: PanelDecision | None) -> dict[str, Any]:
    if decision is None:
        return {"score": None, "reason": None}
    return {"score": None if decision.score is None else plain(decision.score), "reason": decision.reason}


def panel_decide(
    *, actor: UserLike, entry: RoundRegion, question: Question, score: Any, reason: Any
) -> PanelDecision:
    """Record (or change) the panel's decision on ``question`` of ``entry``'s region: a score in
    place of the assessors' combined one, or ``score`` empty to confirm the combined score."""
    require(actor, "evaluation.manage")
    with transaction.atomic():
        locked = _locked_entry(entry)
        phase_require_open(locked.round, PHASE)
        _check_question(locked, question)
        value = clean_score(locked, score)
        text = clean_reason(reason)
        decision = PanelDecision.objects.filter(entry=locked, question=question).first()
        before = _values(decision)
        if decision is None:
            decision = PanelDecision.objects.create(
                entry=locked, question=question, score=value, reason=text, decided_by=_user(actor)
            )
            action = AuditAction.CREATE
        else:
            decision.score, decision.reason, decision.decided_by = value, text, _user(actor)
            decision.save(update_fields=["score", "reason", "decided_by", "updated_at"])
            action = AuditAction.UPDATE
        after = _values(decision)
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        if value is None:
            message = _("Panel confirmed the assessors' score of %(key)s for %(region)s")
        else:
            message = _("Panel set the score of %(key)s for %(region)s to %(score)s")
        audit_record(
            actor=actor,
            action=action,
            obj=decision,
            changes=changes,
            region_id=locked.region_id,
            message=message % {"key": question.key, "region": locked.region, "score": after["score"]},
        )
    return decision


def panel_withdraw(*, actor: UserLike, decision: PanelDecision) -> None:
    """Withdraw a panel decision: the question's score is the assessors' combined one again."""
    require(actor, "evaluation.manage")
    with transaction.atomic():
        locked = _locked_entry(decision.entry)
        phase_require_open(locked.round, PHASE)
        current = PanelDecision.objects.filter(pk=decision.pk).select_related("question").first()
        if current is None:
            raise ValidationError({"question": _("This decision has already been withdrawn.")})
        before = _values(current)
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=current,
            changes={k: [v, None] for k, v in before.items()},
            region_id=locked.region_id,
            message=_("Panel decision on %(key)s for %(region)s withdrawn")
            % {"key": current.question.key, "region": locked.region},
        )
        current.delete()
