"""A round's phases: which is open, and the one check every write of a phase makes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import Phase
from .models import Round, RoundPhase

ORDER: list[str] = [p.value for p in Phase]
# The phases in which assessors write (scores and findings).
SCORING_PHASES = (Phase.DOCUMENT_REVIEW.value, Phase.INTERVIEW.value)


def phase_label(phase: str) -> str:
    return str(Phase(phase).label)


def phase_require_open(round_: Round, phase: str, *, field: str = "__all__") -> None:
    """Raise ``ValidationError`` unless ``round_`` is in ``phase`` and that phase is not locked.

    The message says why and who can open it (the ministry's evaluation admins).
    """
    if round_.phase != phase:
        raise ValidationError(
            {
                field: _(
                    "%(round)s is in its %(current)s phase, not %(phase)s: this cannot be changed now. "
                    "The ministry's evaluation team moves a round between phases."
                )
                % {"round": round_, "current": phase_label(round_.phase), "phase": phase_label(phase)}
            }
        )
    row = RoundPhase.objects.filter(round=round_, phase=phase).only("locked", "note", "closes_on").first()
    if row is not None and row.locked:
        raise ValidationError(
            {
                field: _(
                    "The %(phase)s phase of %(round)s is locked%(note)s. "
                    "Ask the ministry's evaluation team to unlock it."
                )
                % {"phase": phase_label(phase), "round": round_, "note": f" ({row.note})" if row.note else ""}
            }
        )


def phase_require_ahead(round_: Round, phase: str, *, field: str = "__all__") -> None:
    """Raise ``ValidationError`` unless ``round_`` has not gone past ``phase`` (it is in it or
    before it) and ``phase`` is not locked: what prepares a phase (its presentation schedule)
    is written before and during it, never after."""
    if ORDER.index(round_.phase) > ORDER.index(phase):
        raise ValidationError(
            {
                field: _(
                    "%(round)s is in its %(current)s phase, after %(phase)s: this cannot be changed any more."
                )
                % {"round": round_, "current": phase_label(round_.phase), "phase": phase_label(phase)}
            }
        )
    if round_.phase == phase:
        phase_require_open(round_, phase, field=field)
        return
    row = RoundPhase.objects.filter(round=round_, phase=phase).only("locked", "note").first()
    if row is not None and row.locked:
        raise ValidationError(
            {
                field: _(
                    "The %(phase)s phase of %(round)s is locked%(note)s. "
                    "Ask the ministry's evaluation team to unlock it."
                )
                % {"phase": phase_label(phase), "round": round_, "note": f" ({row.note})" if row.note else ""}
            }
        )


def scoring_require_open(round_: Round, *, field: str = "__all__") -> None:
    """Assessors write (scores, findings) in document review and in the interview phase (either,
    when open): raise ``ValidationError`` otherwise."""
    phase = round_.phase if round_.phase in SCORING_PHASES else Phase.DOCUMENT_REVIEW
    phase_require_open(round_, phase, field=field)
