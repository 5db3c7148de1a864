"""Writes of assessors' scores: a level per question of an assigned region, the submission of
an assignment's scores, and the ministry's reopening of a submission.

- An **assessor** scores a region they are assigned to, after declaring no conflict with it,
  while the round's scoring phases are open (document review, interview), and until they submit.
  A level question takes one of the method's levels; a survey question a mean within the scale.
  Only the questions of the dimensions weighted for the region's group are scored.
- **Submitting** needs every such question answered; the ministry's admins are told. From then
  on the scores count and the assessor may read the other assessors' submitted scores.
- The **ministry** reopens a submission with a reason (the assessor is told), and imports scores
  on behalf of assessors through the same checks (``score_check``).

Each write is audited in its transaction, with no region on the event: scores are not the
region's to read before publication.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.models import AuditAction
from kotacerdas.core.permissions import can, require
from kotacerdas.core.services import UserLike, audit_record
from kotacerdas.notifications.services import notify

from .assessors import ministry_admins
from .choices import AnswerKind
from .models import Assignment, GroupWeight, MethodVersion, Question, Score
from .phases import scoring_require_open
from .self_selectors import group_questions

MANAGE = "evaluation.manage"
SCORE = "evaluation.score"
NOTE_MAX = 4000
REASON_MAX = 500


def level_text(value: Decimal) -> str:
    """A level as people write it: ``3`` rather than ``3.0000``, ``3.4`` rather than ``3.4000``."""
    return format(value.normalize(), "f")


def method_levels(method: MethodVersion) -> list[Decimal]:
    return [Decimal(str(v)) for v in method.levels]


def level_clean(method: MethodVersion, question: Question, level: Any, *, field: str = "level") -> Decimal:
    """``level`` as a decimal the question accepts: one of the method's levels for a level
    question, a mean within the scale (at most 4 decimals) for a survey question."""
    levels = method_levels(method)
    listed = ", ".join(level_text(v) for v in levels)
    text = str(level if level is not None else "").strip().replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        if question.answer == AnswerKind.SURVEY:
            raise ValidationError(
                {
                    field: _("Give the survey's mean rating, a number from %(min)s to %(max)s.")
                    % {"min": level_text(method.scale_min), "max": level_text(method.scale_max)}
                }
            )
        raise ValidationError({field: _("Choose one of the levels %(levels)s.") % {"levels": listed}})
    if question.answer == AnswerKind.SURVEY:
        exponent = value.normalize().as_tuple().exponent
        if not (method.scale_min <= value <= method.scale_max) or (
            isinstance(exponent, int) and exponent < -4
        ):
            raise ValidationError(
                {
                    field: _(
                        "%(value)s is not a survey mean of this method: give a number from %(min)s to %(max)s "
                        "with at most 4 decimals."
                    )
                    % {
                        "value": text,
                        "min": level_text(method.scale_min),
                        "max": level_text(method.scale_max),
                    }
                }
            )
        return value
    if value not in levels:
        raise ValidationError(
            {
                field: _("%(value)s is not a level of this method: choose one of %(levels)s.")
                % {"value": text, "levels": listed}
            }
        )
    return value


def note_clean(note: str, *, field: str = "note") -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {
                field: _("Write at most %(max)s characters (this has %(count)s).")
                % {"max": NOTE_MAX, "count": len(note)}
            }
        )
    return note


def group_dimension_ids(assignment: Assignment) -> set[int]:
    """The dimensions weighted for the group of the assignment's region (scored ones)."""
    return set(
        GroupWeight.objects.filter(group_id=assignment.entry.group_id).values_list("dimension_id", flat=True)
    )


def question_check(
    assignment: Assignment, question: Question, dimension_ids: set[int], *, field: str = "question"
) -> None:
    """Refuse a question outside the round's method or the region's group."""
    entry = assignment.entry
    if question.method_id != entry.round.method_id or question.dimension_id not in dimension_ids:
        raise ValidationError(
            {
                field: _("Question %(key)s is not scored for regions of the %(group)s group in %(round)s.")
                % {"key": question.key, "group": entry.group.name, "round": entry.round}
            }
        )


def _declared(assignment: Assignment) -> None:
    if assignment.no_conflict_declared_at is None:
        raise ValidationError(
            _("Declare that you have no conflict of interest with this region before scoring it.")
        )


def not_submitted_check(assignment: Assignment) -> None:
    if assignment.submitted_at is not None:
        raise ValidationError(
            _(
                "The scores of %(assessor)s for %(region)s are submitted: "
                "ask the ministry's evaluation team to reopen them to change a score."
            )
            % {"assessor": assignment.assessor.code, "region": assignment.entry.region.name}
        )


def _own(actor: UserLike, assignment: Assignment) -> None:
    require(actor, SCORE)
    assessor = assignment.assessor
    if assessor.user_id != getattr(actor, "pk", None) or not assessor.active:
        raise PermissionDenied(_("Only the assigned assessor scores this region."))


def score_writer_check(actor: UserLike, assignment: Assignment, *, on_behalf: bool = False) -> None:
    """Who may write scores under ``assignment`` now: its assessor (or, ``on_behalf``, the
    ministry importing for them), after the no-conflict declaration, in an open scoring phase,
    before submission. Raises ``PermissionDenied`` or ``ValidationError``."""
    if on_behalf:
        require(actor, MANAGE)
    else:
        _own(actor, assignment)
    _declared(assignment)
    scoring_require_open(assignment.entry.round)
    not_submitted_check(assignment)


def score_check(
    assignment: Assignment,
    question: Question,
    level: Any,
    note: str,
    *,
    dimension_ids: set[int] | None = None,
) -> tuple[Decimal, str]:
    """The cleaned level and note of one score, or a ``ValidationError`` naming the field."""
    if dimension_ids is None:
        dimension_ids = group_dimension_ids(assignment)
    question_check(assignment, question, dimension_ids)
    errors: dict[str, list[str]] = {}
    value = Decimal(0)
    try:
        value = level_clean(assignment.entry.round.method, question, level)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        note = note_clean(note)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return value, note


def _locked(assignment: Assignment) -> Assignment:
    """The assignment row, locked: a score write and a submission of it wait for each other."""
    current = Assignment.objects.select_for_update().get(pk=assignment.pk)
    assignment.submitted_at = current.submitted_at
    not_submitted_check(assignment)
    return current


def _score_write(
    *,
    actor: UserLike,
    assignment: Assignment,
    question: Question,
    level: Decimal,
    note: str,
    expected_version: int | None,
    message: str,
) -> Score:
    """Create or change the score, checking ``expected_version`` (0: none was there); call inside
    a transaction holding the assignment's lock."""
    current = Score.objects.select_for_update().filter(assignment=assignment, question=question).first()
    seen = current.row_version if current is not None else 0
    if expected_version is not None and seen != expected_version:
        raise ConflictError(
            _(
                "Someone else changed this data after you opened it. Their values are shown; nothing was saved."
            ),
            current=(
                {"level": level_text(current.level), "note": current.note} if current is not None else {}
            ),
            row_version=seen,
        )
    if current is None:
        score = Score.objects.create(assignment=assignment, question=question, level=level, note=note)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=score,
            changes={"level": [None, level_text(level)], "note": [None, note]},
            message=message,
        )
        return score
    changes: dict[str, list[Any]] = {}
    if current.level != level:
        changes["level"] = [level_text(current.level), level_text(level)]
    if current.note != note:
        changes["note"] = [current.note, note]
    if not changes:
        return current
    current.level, current.note = level, note
    current.row_version += 1
    current.save(update_fields=["level", "note", "row_version", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, changes=changes, message=message)
    return current


def _score_message(assignment: Assignment, question: Question) -> str:
    return _("Score of %(assessor)s for %(region)s, question %(key)s") % {
        "assessor": assignment.assessor.code,
        "region": assignment.entry.region.name,
        "key": question.key,
    }


def score_set(
    *,
    actor: UserLike,
    assignment: Assignment,
    question: Question,
    level: Any,
    note: str = "",
    expected_version: int | None = None,
) -> Score:
    """The assessor's level (and note) for one question of their region.

    ``expected_version``: the score's ``row_version`` the assessor saw (0 when there was none);
    a stale one raises ``ConflictError`` and nothing is written. ``None`` skips the check.
    """
    score_writer_check(actor, assignment)
    value, text = score_check(assignment, question, level, note)
    with transaction.atomic():
        _locked(assignment)
        return _score_write(
            actor=actor,
            assignment=assignment,
            question=question,
            level=value,
            note=text,
            expected_version=expected_version,
            message=_score_message(assignment, question),
        )


@dataclass(frozen=True)
class ScoreRow:
    """One checked score of an import: written by ``scores_write``."""

    assignment: Assignment
    question: Question
    level: Decimal
    note: str


def scores_write(*, actor: UserLike, rows: list[ScoreRow], message: str) -> int:
    """Write checked scores (an import's, on behalf of their assessors) in one transaction:
    each assignment locked and checked again, each score audited. Returns how many changed."""
    require(actor, MANAGE)
    changed = 0
    with transaction.atomic():
        locked: set[int] = set()
        for row in rows:
            if row.assignment.pk not in locked:
                _locked(row.assignment)
                locked.add(row.assignment.pk)
            before = Score.objects.filter(assignment=row.assignment, question=row.question).first()
            after = _score_write(
                actor=actor,
                assignment=row.assignment,
                question=row.question,
                level=row.level,
                note=row.note,
                expected_version=None,
                message=message,
            )
            if before is None or before.row_version != after.row_version:
                changed += 1
    return changed


# ---------------------------------------------------------------- submitting and reopening


def unanswered(assignment: Assignment) -> list[Question]:
    """The questions of the region's group the assignment has no score for, in order."""
    answered = set(Score.objects.filter(assignment=assignment).values_list("question_id", flat=True))
    return [q for q in group_questions(assignment.entry) if q.pk not in answered]


def _missing_message(missing: list[Question]) -> str:
    by_dimension = Counter(q.dimension.name for q in missing)
    parts = ", ".join(
        _("%(count)s in %(dimension)s") % {"count": count, "dimension": name}
        for name, count in by_dimension.items()
    )
    return ngettext(
        "%(count)s question is not answered yet (%(where)s): score every question before submitting.",
        "%(count)s questions are not answered yet (%(where)s): score every question before submitting.",
        len(missing),
    ) % {"count": len(missing), "where": parts}


def assignment_submit(*, actor: UserLike, assignment: Assignment) -> Assignment:
    """The assessor submits their scores of the region: every question must be answered. The
    ministry's admins are told; the scores then count and no longer change until reopened."""
    score_writer_check(actor, assignment)
    with transaction.atomic():
        current = _locked(assignment)
        missing = unanswered(assignment)
        if missing:
            raise ValidationError(_missing_message(missing))
        now = timezone.now()
        current.submitted_at = now
        current.save(update_fields=["submitted_at", "updated_at"])
        entry = assignment.entry
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=current,
            changes={"submitted_at": [None, now]},
            message=_("Scores of %(assessor)s for %(region)s submitted")
            % {"assessor": assignment.assessor.code, "region": entry.region.name},
        )
        code, region, round_name = assignment.assessor.code, entry.region.name, entry.round.name

        def title() -> str:
            return _("%(assessor)s submitted the scores of %(region)s (%(round)s)") % {
                "assessor": code,
                "region": region,
                "round": round_name,
            }

        notify(
            recipients=ministry_admins(),
            kind="assessor_submitted",
            title=title,
            url=reverse("evaluation:assessor_assignment_edit", args=[entry.round.code, entry.region.code]),
            region_id=None,
        )
    assignment.submitted_at = now
    return assignment


def assignment_reopen(*, actor: UserLike, assignment: Assignment, reason: str) -> Assignment:
    """The ministry reopens a submitted assignment (with a reason) while scoring is open: the
    assessor may change their scores again and is told why."""
    require(actor, MANAGE)
    scoring_require_open(assignment.entry.round)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the scores are reopened: the assessor reads it.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {
                "reason": _("Write at most %(max)s characters (this has %(count)s).")
                % {"max": REASON_MAX, "count": len(reason)}
            }
        )
    entry = assignment.entry
    with transaction.atomic():
        current = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if current.submitted_at is None:
            raise ValidationError(
                _("The scores of %(assessor)s for %(region)s are not submitted: there is nothing to reopen.")
                % {"assessor": assignment.assessor.code, "region": entry.region.name}
            )
        before = current.submitted_at
        current.submitted_at = None
        current.save(update_fields=["submitted_at", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=current,
            changes={"submitted_at": [before, None], "reason": [None, reason]},
            message=_("Scores of %(assessor)s for %(region)s reopened: %(reason)s")
            % {"assessor": assignment.assessor.code, "region": entry.region.name, "reason": reason},
        )
        region, round_name = entry.region.name, entry.round.name

        def title() -> str:
            return _("Your scores of %(region)s (%(round)s) are reopened: %(reason)s") % {
                "region": region,
                "round": round_name,
                "reason": reason,
            }

        notify(
            recipients=[assignment.assessor.user],
            kind="assessor_reopened",
            title=title,
            url=reverse("evaluation:assessor_scoring", args=[entry.round.code, entry.region.code]),
        )
    assignment.submitted_at = None
    return assignment


def may_score(actor: UserLike, assignment: Assignment) -> bool:
    """Whether the scoring page offers its pickers (the services check again)."""
    try:
        score_writer_check(actor, assignment)
    except (PermissionDenied, ValidationError):
        return False
    return can(actor, SCORE)
