"""Writes of findings: the strengths, weaknesses and recommendations (*kekuatan, kelemahan,
rekomendasi*) of a region in a round, and the region's follow-up of them.

- An **assessor** writes findings for a region they are assigned to, after declaring no
  conflict, while the round's scoring phases are open (document review, interview); they edit
  and remove only their own.
- The **ministry**, as the panel, writes the panel's findings and edits or removes any finding
  of the round (consolidating the assessors') in the panel phase.
- After publication the region's **coordinator** answers each weakness and recommendation
  (``finding_respond``); the answers are shown again in the region's next self-assessment
  (``letters.selectors.findings_to_follow_up``).

Each write is audited in its transaction. Findings written before publication are not the
region's to read, so their audit events carry no region (only the whole trail shows them); the
region's answers carry it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.models import AuditAction
from kotacerdas.core.permissions import can, require
from kotacerdas.core.services import audit_record, object_delete, object_update

from .choices import FindingKind, Phase
from .letters.selectors import FOLLOW_UP_KINDS, own_assignment
from .models import Assignment, Finding, RoundRegion
from .phases import phase_require_open, scoring_require_open

TEXT_MAX = 4000
AUDITED = ("kind", "text", "assignment")


def _clean(kind: str, text: str) -> tuple[str, str]:
    errors: dict[str, str] = {}
    if kind not in FindingKind.values:
        errors["kind"] = _("Choose a strength, a weakness or a recommendation.")
    text = (text or "").strip()
    if not text:
        errors["text"] = _("Write the finding.")
    elif len(text) > TEXT_MAX:
        errors["text"] = _("Write at most %(max)s characters (this has %(count)s).") % {
            "max": TEXT_MAX,
            "count": len(text),
        }
    if errors:
        raise ValidationError(errors)
    return kind, text


def _declared(assignment: Assignment) -> None:
    if assignment.no_conflict_declared_at is None:
        raise ValidationError(
            _("Declare that you have no conflict of interest with this region before writing findings.")
        )


def _author(actor: Any, entry: RoundRegion) -> Assignment | None:
    """The assignment ``actor`` writes a new finding under (``None``: the panel's), once the
    permission and the phase allow it."""
    assignment = own_assignment(actor, entry)
    if assignment is not None:
        _declared(assignment)
        scoring_require_open(entry.round)
        return assignment
    require(actor, "evaluation.manage")
    phase_require_open(entry.round, Phase.PANEL)
    return None


def finding_change_check(*, actor: Any, finding: Finding) -> None:
    """Raise ``PermissionDenied`` (not theirs to change) or ``ValidationError`` (the phase is
    closed) unless ``actor`` may edit or remove ``finding`` now."""
    round_ = finding.entry.round
    assignment = finding.assignment
    if (
        assignment is not None
        and getattr(actor, "is_authenticated", False)
        and assignment.assessor.user_id == actor.pk
        and assignment.assessor.active
        and can(actor, "evaluation.score")
    ):
        _declared(assignment)
        scoring_require_open(round_)
        return
    require(actor, "evaluation.manage")
    phase_require_open(round_, Phase.PANEL)


def finding_add(*, actor: Any, entry: RoundRegion, kind: str, text: str) -> Finding:
    """Add a finding for ``entry``'s region: an assessor's under their assignment, else the panel's."""
    assignment = _author(actor, entry)
    kind, text = _clean(kind, text)
    with transaction.atomic():
        last = Finding.objects.filter(entry=entry, kind=kind).aggregate(m=Max("position"))["m"]
        finding = Finding(entry=entry, assignment=assignment, kind=kind, text=text, position=(last or 0) + 1)
        finding.full_clean()
        finding.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=finding,
            changes={
                "kind": [None, kind],
                "text": [None, text],
                "assessor": [None, _author_label(assignment)],
            },
            message=_("Finding added for %(region)s in %(round)s")
            % {"region": entry.region.name, "round": entry.round},
        )
    return finding


def _author_label(assignment: Assignment | None) -> str:
    return assignment.assessor.code if assignment is not None else str(_("panel"))


def finding_edit(
    *, actor: Any, finding: Finding, kind: str, text: str, expected_version: int | None = None
) -> Finding:
    """Change a finding's kind and text (``expected_version``: the ``row_version`` the editor saw;
    a stale one raises ``ConflictError``)."""
    finding_change_check(actor=actor, finding=finding)
    kind, text = _clean(kind, text)
    return object_update(
        actor=actor,
        obj=finding,
        data={"kind": kind, "text": text},
        expected_version=expected_version,
        message=_("Finding changed for %(region)s in %(round)s")
        % {"region": finding.entry.region.name, "round": finding.entry.round},
    )


def finding_remove(*, actor: Any, finding: Finding) -> None:
    """Remove a finding (its audit event keeps what it said)."""
    finding_change_check(actor=actor, finding=finding)
    object_delete(
        actor=actor,
        obj=finding,
        fields=AUDITED,
        message=_("Finding removed for %(region)s in %(round)s")
        % {"region": finding.entry.region.name, "round": finding.entry.round},
    )


def finding_respond(
    *, actor: Any, finding: Finding, response: str, expected_version: int | None = None
) -> Finding:
    """The region's follow-up of a published weakness or recommendation, by its coordinator."""
    entry = finding.entry
    require(actor, "evaluation.self_assess", region_id=entry.region_id)
    if not entry.round.is_published:
        raise ValidationError(
            {"response": _("Findings are answered once the round's results are published.")}
        )
    if finding.kind not in FOLLOW_UP_KINDS:
        raise ValidationError(
            {"response": _("A strength needs no follow-up; answer the weaknesses and recommendations.")}
        )
    if finding.assignment is not None and finding.assignment.submitted_at is None:
        raise ValidationError({"response": _("This finding is not part of the published results.")})
    response = (response or "").strip()
    if not response:
        raise ValidationError(
            {"response": _("Write what the region has done or plans to do about this finding.")}
        )
    if len(response) > TEXT_MAX:
        raise ValidationError(
            {
                "response": _("Write at most %(max)s characters (this has %(count)s).")
                % {"max": TEXT_MAX, "count": len(response)}
            }
        )
    with transaction.atomic():
        current = Finding.objects.select_for_update().get(pk=finding.pk)
        if expected_version is not None and current.row_version != expected_version:
            raise ConflictError(
                _(
                    "Someone else changed this data after you opened it. Their values are shown; nothing was saved."
                ),
                current={"response": current.response},
                row_version=current.row_version,
            )
        before = current.response
        if before == response:
            return current
        current.response = response
        current.responded_at = timezone.now()
        current.responded_by = actor
        current.row_version += 1
        current.save(update_fields=["response", "responded_at", "responded_by", "row_version", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=current,
            changes={"response": [before, response]},
            region_id=entry.region_id,
            message=_("Follow-up of a finding answered for %(region)s (%(round)s)")
            % {"region": entry.region.name, "round": entry.round},
        )
    finding.response, finding.responded_at = current.response, current.responded_at
    finding.responded_by, finding.row_version = current.responded_by, current.row_version
    return current
