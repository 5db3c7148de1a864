"""Writes of a region's self-assessment in a round.

Every service checks who may write (``self_selectors.editor_for``: the coordinator everything, a
pokja officer the questions and survey of their pokja's smart dimension), that the round's
self-assessment phase is open (``phases.phase_require_open``), validates with messages that say
what is wrong, and writes in one transaction with its audit events, the self-assessment's row
locked so that two writers meet one at a time; a stale ``expected_version`` raises
``ConflictError`` with the other writer's values. A change after a submission makes the
self-assessment a draft again; the submitted versions stay exactly as they were, files included.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.files import evidence_check, file_delete_on_commit
from kotacerdas.core.models import AuditAction
from kotacerdas.core.permissions import can, require
from kotacerdas.core.roles import Role
from kotacerdas.core.services import UserLike, audit_record, diff
from kotacerdas.masterplans.models import ActionPlan, Programme, QuickWin
from kotacerdas.monitoring.choices import ReportState
from kotacerdas.monitoring.models import ProgressReport
from kotacerdas.notifications.services import notify
from kotacerdas.programme.models import Dimension

from . import documents_check
from .choices import AnswerKind, DocumentKind, SelfAssessmentStatus
from .models import (
    DocumentCheck,
    GroupWeight,
    MethodVersion,
    Question,
    RoundRegion,
    SelfAnswer,
    SelfAssessment,
    SelfAssessmentVersion,
    SelfEvidence,
)
from .phases import phase_require_open
from .self_selectors import (
    editor_for,
    frozen_paths,
    level_text,
    link_label,
    self_content,
    self_data,
)

PHASE = "self_assessment"
JUSTIFICATION_CHARS = 5000
LINKS_MAX = 20
LINK_KINDS = ("plan_item", "quick_win", "report")
NOTE_CHARS = 500  # DocumentCheck.note
NAME_CHARS = 200  # file names
# Evidence of one answer: at most this many files and bytes (settings EVALUATION_EVIDENCE_MAX_FILES
# and EVALUATION_EVIDENCE_MAX_TOTAL_BYTES); each file is limited by core.files.evidence_check.
EVIDENCE_MAX_FILES = 10
EVIDENCE_MAX_TOTAL_BYTES = 50 * 1024 * 1024
MISSING_LISTED = 15  # how many unanswered questions a refused submission names


def _user(actor: UserLike) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def conflict_message() -> str:
    return _("Someone else changed this after you opened it. Their values are shown; nothing was saved.")


def entry_of(self_assessment: SelfAssessment) -> RoundRegion:
    return RoundRegion.objects.select_related("round__method", "region", "group").get(
        pk=self_assessment.entry_id
    )


def _require_reader_writer(actor: UserLike, entry: RoundRegion) -> None:
    """Someone who may change something in the region's self-assessment."""
    if not editor_for(actor, entry).any:
        raise PermissionDenied(_("You do not fill this region's self-assessment."))


def require_whole(actor: UserLike, entry: RoundRegion) -> None:
    """The coordinator (``evaluation.self_assess``): documents, submission, every question."""
    require(actor, "evaluation.self_assess", region_id=entry.region_id)


def dimension_refusal(actor: UserLike, entry: RoundRegion, dimension: Dimension | None) -> PermissionDenied:
    if not can(actor, "evaluation.self_assess_pokja", region_id=entry.region_id):
        return PermissionDenied(_("You do not fill this region's self-assessment."))
    if dimension is None:
        return PermissionDenied(_("Only the region's coordinator answers questions of no smart dimension."))
    return PermissionDenied(
        _(
            "Only the coordinator or the pokja of %(dimension)s answers this: your agency leads "
            "no pokja of that dimension."
        )
        % {"dimension": dimension}
    )


def require_question(actor: UserLike, entry: RoundRegion, question: Question) -> None:
    """The coordinator, or a pokja officer for a question of their pokja's smart dimension."""
    if not editor_for(actor, entry).may_answer(question):
        raise dimension_refusal(actor, entry, question.smart_dimension)


def _question_in_group(entry: RoundRegion, question: Question) -> None:
    if (
        question.method_id != entry.round.method_id
        or not GroupWeight.objects.filter(
            group_id=entry.group_id, dimension_id=question.dimension_id
        ).exists()
    ):
        raise ValidationError(
            {"question": _("Question %(key)s is not in this region's questionnaire.") % {"key": question.key}}
        )


def locked_self_assessment(self_assessment: SelfAssessment) -> SelfAssessment:
    return SelfAssessment.objects.select_for_update().get(pk=self_assessment.pk)


def reopen_after_change(actor: UserLike, sa: SelfAssessment, entry: RoundRegion) -> None:
    """A change to a submitted self-assessment makes it a draft again (its versions stay)."""
    if sa.status != SelfAssessmentStatus.SUBMITTED:
        return
    sa.status = SelfAssessmentStatus.DRAFT
    sa.row_version += 1
    sa.save(update_fields=["status", "row_version", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=sa,
        changes={"status": [SelfAssessmentStatus.SUBMITTED.value, SelfAssessmentStatus.DRAFT.value]},
        region_id=entry.region_id,
        message=_("Changed after its submission: a draft again until it is submitted again"),
    )


def delete_unless_frozen(sa: SelfAssessment, names: Iterable[str], field: Any) -> None:
    """Delete replaced or removed files once the change commits, unless a submitted version
    holds them (assessors read exactly what was submitted)."""
    keep = frozen_paths(sa)
    for name in names:
        if name and name not in keep:
            file_delete_on_commit(name, storage=field.storage)


def short_name(name: str) -> str:
    if len(name) <= NAME_CHARS:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 10:
        return name[:NAME_CHARS]
    return stem[: NAME_CHARS - len(suffix) - 1] + "." + suffix


# ---------------------------------------------------------------- start


def self_assessment_get_or_start(entry: RoundRegion, *, actor: UserLike = None) -> SelfAssessment:
    """The entry's self-assessment, started (with its document checklist filled from the region's
    data) if it does not exist yet. With ``actor``, only someone who may fill it, in the phase."""
    existing = SelfAssessment.objects.filter(entry=entry).first()
    if existing is not None:
        return existing
    if actor is not None:
        _require_reader_writer(actor, entry)
        phase_require_open(entry.round, PHASE)
    found = documents_check.documents_found(entry.region_id)
    with transaction.atomic():
        sa, created = SelfAssessment.objects.get_or_create(entry=entry)
        if created:
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=sa,
                changes={"status": [None, sa.status]},
                region_id=entry.region_id,
                message=_("Self-assessment started"),
            )
            documents_check.checklist_fill(
                actor=actor, self_assessment=sa, region_id=entry.region_id, found=found
            )
    return sa


def _resolve(
    answer: SelfAnswer | None, self_assessment: SelfAssessment | None, question: Question | None
) -> tuple[SelfAssessment, Question]:
    if answer is not None:
        return answer.self_assessment, answer.question
    if self_assessment is None or question is None:
        raise TypeError("give an answer, or a self-assessment and a question")
    return self_assessment, question


# ---------------------------------------------------------------- answers


def clean_level(method: MethodVersion, question: Question, value: Any) -> Decimal | None:
    """A proposed level: one of the method's levels, or for a survey question a mean within the
    scale with at most two decimals; empty is no level yet."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        level = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        level = Decimal("NaN")
    if not level.is_finite():
        raise ValidationError({"level": _("%(value)s is not a number.") % {"value": value}})
    if question.answer == AnswerKind.SURVEY:
        if not method.scale_min <= level <= method.scale_max:
            raise ValidationError(
                {
                    "level": _("A survey mean lies between %(min)s and %(max)s; %(value)s does not.")
                    % {
                        "min": level_text(method.scale_min),
                        "max": level_text(method.scale_max),
                        "value": level_text(level),
                    }
                }
            )
        if level != level.quantize(Decimal("0.01")):
            raise ValidationError({"level": _("Give the survey mean with at most two decimals.")})
        return level
    levels = [Decimal(str(v)) for v in method.levels]
    if level not in levels:
        raise ValidationError(
            {
                "level": _("%(value)s is not a level of the scale: choose one of %(levels)s.")
                % {"value": level_text(level), "levels": ", ".join(level_text(v) or "" for v in levels)}
            }
        )
    return level


def _link_pairs(links: Iterable[Any]) -> list[tuple[str, str]]:
    """(kind, uid) pairs from ``{"kind", "ref"}`` dicts or ``"kind:uid"`` strings, in order, once each."""
    pairs: list[tuple[str, str]] = []
    bad: list[str] = []
    for link in links:
        if isinstance(link, Mapping):
            kind, ref = str(link.get("kind", "")), str(link.get("ref", ""))
        else:
            kind, _sep, ref = str(link).partition(":")
        try:
            ref = str(uuid.UUID(ref.strip()))
        except ValueError:
            ref = ""
        if kind not in LINK_KINDS or not ref:
            bad.append(str(link)[:80])
        elif (kind, ref) not in pairs:
            pairs.append((kind, ref))
    if bad:
        raise ValidationError(
            {
                "links": _(
                    "Links name a master-plan item, a quick win or a progress report of the region; "
                    "these do not: %(links)s."
                )
                % {"links": ", ".join(bad)}
            }
        )
    return pairs


def clean_links(entry: RoundRegion, links: Iterable[Any] | None) -> list[dict[str, str]]:
    """Links to the region's own master-plan items (programmes, action plans), quick wins and
    approved progress reports, by uid, each with the label it is shown with."""
    pairs = _link_pairs(links or [])
    if len(pairs) > LINKS_MAX:
        raise ValidationError({"links": _("An answer links at most %(n)s items.") % {"n": LINKS_MAX}})
    refs = {kind: [ref for k, ref in pairs if k == kind] for kind in LINK_KINDS}
    found: dict[tuple[str, str], str] = {}
    own_plan = Q(version__plan__region_id=entry.region_id)
    for model in (Programme, ActionPlan):
        if refs["plan_item"]:
            for item in model.objects.filter(own_plan, uid__in=refs["plan_item"]):
                found[("plan_item", str(item.uid))] = link_label("plan_item", item)
    if refs["quick_win"]:
        for qw in QuickWin.objects.filter(own_plan, uid__in=refs["quick_win"]):
            found[("quick_win", str(qw.uid))] = link_label("quick_win", qw)
    if refs["report"]:
        for report in ProgressReport.objects.filter(
            region_id=entry.region_id, state=ReportState.APPROVED, uid__in=refs["report"]
        ).select_related("period"):
            found[("report", str(report.uid))] = link_label("report", report)
    unknown = [ref for pair in pairs if pair not in found for ref in [pair[1]]]
    if unknown:
        raise ValidationError(
            {
                "links": _(
                    "An answer links only the region's own master-plan items, quick wins and approved "
                    "progress reports; these are not: %(refs)s."
                )
                % {"refs": ", ".join(unknown)}
            }
        )
    return [{"kind": kind, "ref": ref, "label": found[(kind, ref)]} for kind, ref in pairs]


def answer_values(answer: SelfAnswer | None) -> dict[str, Any]:
    """An answer's values as shown to someone whose save met it (a conflict)."""
    if answer is None:
        return {}
    return {
        "level": level_text(answer.level),
        "justification": answer.justification,
        "links": [link.get("label", "") for link in answer.links],
        "updated_by": "" if answer.updated_by is None else str(answer.updated_by),
    }


def check_version(row: Any, expected_version: int | None, values: dict[str, Any]) -> None:
    """``expected_version`` None: no check; 0: no row expected yet; else the row's version."""
    if expected_version is None:
        return
    current = 0 if row is None else row.row_version
    if current != expected_version:
        raise ConflictError(conflict_message(), current=values, row_version=current)


def answer_save(
    *,
    actor: UserLike,
    answer: SelfAnswer | None = None,
    self_assessment: SelfAssessment | None = None,
    question: Question | None = None,
    level: Any = None,
    justification: str = "",
    links: Iterable[Any] | None = None,
    expected_version: int | None = None,
) -> SelfAnswer:
    """Save the region's answer to one question: a proposed level (or a survey mean), a
    justification, links to the region's own items. ``expected_version``: the answer's
    ``row_version`` when it was read (0 when it had none), or None not to check."""
    sa, question = _resolve(answer, self_assessment, question)
    entry = entry_of(sa)
    require_question(actor, entry, question)
    phase_require_open(entry.round, PHASE)
    _question_in_group(entry, question)
    text = (justification or "").strip()
    data = {
        "level": clean_level(entry.round.method, question, level),
        "justification": text,
        "links": clean_links(entry, links),
    }
    if len(text) > JUSTIFICATION_CHARS:
        raise ValidationError(
            {
                "justification": _("Keep the justification within %(n)s characters.")
                % {"n": JUSTIFICATION_CHARS}
            }
        )
    with transaction.atomic():
        locked = locked_self_assessment(sa)
        current = (
            SelfAnswer.objects.select_for_update(of=("self",))
            .select_related("updated_by")
            .filter(self_assessment=locked, question=question)
            .first()
        )
        check_version(current, expected_version, answer_values(current))
        saved = answer_write(actor, entry, locked, question, current, data)
    return saved


def answer_write(
    actor: UserLike,
    entry: RoundRegion,
    sa: SelfAssessment,
    question: Question,
    current: SelfAnswer | None,
    data: dict[str, Any],
) -> SelfAnswer:
    """Create or change the answer with ``data`` (in the caller's transaction, ``sa`` locked)."""
    fields = list(data)
    if current is None:
        current = SelfAnswer(self_assessment=sa, question=question, updated_by=_user(actor), **data)
        current.save()
        before: dict[str, Any] = dict.fromkeys(fields)
        action = AuditAction.CREATE
    else:
        before = {k: getattr(current, k) for k in fields}
        if all(before[k] == v for k, v in data.items()):
            return current
        for k, v in data.items():
            setattr(current, k, v)
        current.updated_by = _user(actor)
        current.row_version += 1
        current.save()
        action = AuditAction.UPDATE
    after = {k: getattr(current, k) for k in fields}
    audit_record(
        actor=actor,
        action=action,
        obj=current,
        changes=diff(
            {k: level_text(v) if k == "level" else v for k, v in before.items()},
            {k: level_text(v) if k == "level" else v for k, v in after.items()},
        ),
        region_id=entry.region_id,
        message=_("Self-assessment answer %(key)s") % {"key": question.key},
    )
    reopen_after_change(actor, sa, entry)
    return current


# ---------------------------------------------------------------- evidence


def evidence_limits() -> tuple[int, int]:
    return (
        int(getattr(settings, "EVALUATION_EVIDENCE_MAX_FILES", EVIDENCE_MAX_FILES)),
        int(getattr(settings, "EVALUATION_EVIDENCE_MAX_TOTAL_BYTES", EVIDENCE_MAX_TOTAL_BYTES)),
    )


def evidence_add(
    *,
    actor: UserLike,
    answer: SelfAnswer | None = None,
    self_assessment: SelfAssessment | None = None,
    question: Question | None = None,
    upload: Any,
) -> SelfEvidence:
    """Attach a supporting file to an answer (the answer is started if the question has none).

    The file passes the product's one check (``core.files.evidence_check``: PDF, PNG, JPEG, .xlsx
    or .docx by its content, a plain name, within the size limit) before anything is written, and
    is stored under a random name. Refused: ``ValidationError`` on ``file``, nothing written."""
    sa, question = _resolve(answer, self_assessment, question)
    entry = entry_of(sa)
    require_question(actor, entry, question)
    phase_require_open(entry.round, PHASE, field="file")
    _question_in_group(entry, question)
    checked = evidence_check(upload, field="file")
    max_files, max_bytes = evidence_limits()
    stored = ""
    try:
        with transaction.atomic():
            locked = locked_self_assessment(sa)
            row = (
                SelfAnswer.objects.select_for_update()
                .filter(self_assessment=locked, question=question)
                .first()
            )
            if row is None:
                row = answer_write(
                    actor, entry, locked, question, None, {"level": None, "justification": "", "links": []}
                )
            held = SelfEvidence.objects.filter(answer=row).aggregate(n=Count("pk"), total=Sum("size"))
            if held["n"] >= max_files:
                raise ValidationError(
                    {
                        "file": _("An answer holds at most %(n)s files: remove one before adding %(name)s.")
                        % {"n": max_files, "name": checked.display_name}
                    }
                )
            total = (held["total"] or 0) + checked.size
            if total > max_bytes:
                raise ValidationError(
                    {
                        "file": _(
                            "%(name)s would bring the answer's files to %(total)s; together they may hold "
                            "at most %(limit)s."
                        )
                        % {
                            "name": checked.display_name,
                            "total": filesizeformat(total),
                            "limit": filesizeformat(max_bytes),
                        }
                    }
                )
            evidence = SelfEvidence(
                answer=row,
                name=short_name(checked.display_name),
                kind=checked.kind.value,
                size=checked.size,
                uploaded_by=_user(actor),
            )
            evidence.file.save(f"evidence.{checked.kind.extension}", upload, save=False)
            stored = evidence.file.name or ""
            evidence.save()
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=evidence,
                changes={
                    "name": [None, evidence.name],
                    "kind": [None, evidence.kind],
                    "size": [None, evidence.size],
                },
                region_id=entry.region_id,
                message=_("Evidence of self-assessment answer %(key)s") % {"key": question.key},
            )
            reopen_after_change(actor, locked, entry)
    except Exception:
        if stored:  # nothing of a refused or failed upload stays on disk
            SelfEvidence.file.field.storage.delete(stored)
        raise
    return evidence


def evidence_remove(*, actor: UserLike, evidence: SelfEvidence) -> None:
    """Remove a supporting file from an answer. The stored file is deleted once the removal
    commits, unless a submitted version holds it."""
    answer = SelfAnswer.objects.select_related("self_assessment", "question__smart_dimension").get(
        pk=evidence.answer_id
    )
    entry = entry_of(answer.self_assessment)
    require_question(actor, entry, answer.question)
    phase_require_open(entry.round, PHASE, field="file")
    with transaction.atomic():
        locked = locked_self_assessment(answer.self_assessment)
        row = SelfEvidence.objects.filter(pk=evidence.pk).first()
        if row is None:
            return  # removed already
        name = row.file.name or ""
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=row,
            changes={"name": [row.name, None], "kind": [row.kind, None], "size": [row.size, None]},
            region_id=entry.region_id,
            message=_("Evidence of self-assessment answer %(key)s") % {"key": answer.question.key},
        )
        row.delete()
        delete_unless_frozen(locked, [name], SelfEvidence.file.field)
        reopen_after_change(actor, locked, entry)


# ---------------------------------------------------------------- documents


def documents_refresh(*, actor: UserLike, self_assessment: SelfAssessment) -> list[str]:
    """Fill the document checklist again from what the region holds now; returns the kinds whose
    line changed. Uploaded files are kept."""
    entry = entry_of(self_assessment)
    require_whole(actor, entry)
    phase_require_open(entry.round, PHASE)
    found = documents_check.documents_found(entry.region_id)
    with transaction.atomic():
        locked = locked_self_assessment(self_assessment)
        changed = documents_check.checklist_fill(
            actor=actor, self_assessment=locked, region_id=entry.region_id, found=found
        )
        if changed:
            reopen_after_change(actor, locked, entry)
    return changed


def _document_kind(kind: str) -> str:
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("%(kind)s is not a document of the checklist.") % {"kind": kind}})
    return kind


def document_upload(
    *,
    actor: UserLike,
    self_assessment: SelfAssessment,
    kind: str,
    upload: Any,
    note: str = "",
    expected_version: int | None = None,
) -> DocumentCheck:
    """Upload the file of one line of the checklist (a new file replaces the one before); the
    line is then present. ``expected_version``: the line's ``row_version`` as read."""
    entry = entry_of(self_assessment)
    require_whole(actor, entry)
    phase_require_open(entry.round, PHASE, field="file")
    kind = _document_kind(kind)
    note = (note or "").strip()
    if len(note) > NOTE_CHARS:
        raise ValidationError({"note": _("Keep the note within %(n)s characters.") % {"n": NOTE_CHARS}})
    checked = evidence_check(upload, field="file")
    stored = ""
    try:
        with transaction.atomic():
            locked = locked_self_assessment(self_assessment)
            row = DocumentCheck.objects.select_for_update().filter(self_assessment=locked, kind=kind).first()
            check_version(row, expected_version, _document_values(row))
            created = row is None
            if row is None:
                row = DocumentCheck(self_assessment=locked, kind=kind)
            before = {"present": row.present, "name": row.name, "note": row.note}
            old = row.file.name or ""
            row.file.save(f"document.{checked.kind.extension}", upload, save=False)
            stored = row.file.name or ""
            row.name, row.note, row.present = short_name(checked.display_name), note, True
            if row.pk is not None:
                row.row_version += 1
            row.save()
            audit_record(
                actor=actor,
                action=AuditAction.CREATE if created else AuditAction.UPDATE,
                obj=row,
                changes=diff(before, {"present": row.present, "name": row.name, "note": row.note}),
                region_id=entry.region_id,
                message=_("Self-assessment document: %(kind)s") % {"kind": DocumentKind(kind).label},
            )
            delete_unless_frozen(locked, [old], DocumentCheck.file.field)
            reopen_after_change(actor, locked, entry)
    except Exception:
        if stored:
            DocumentCheck.file.field.storage.delete(stored)
        raise
    return row


def _document_values(row: DocumentCheck | None) -> dict[str, Any]:
    if row is None:
        return {}
    return {"present": row.present, "source": row.source, "name": row.name, "note": row.note}


def document_remove(
    *, actor: UserLike, self_assessment: SelfAssessment, kind: str, expected_version: int | None = None
) -> DocumentCheck | None:
    """Remove the uploaded file of one line; the line stays present if the region's data holds
    the document."""
    entry = entry_of(self_assessment)
    require_whole(actor, entry)
    phase_require_open(entry.round, PHASE, field="file")
    kind = _document_kind(kind)
    found = documents_check.documents_found(entry.region_id)[kind]
    with transaction.atomic():
        locked = locked_self_assessment(self_assessment)
        row = DocumentCheck.objects.select_for_update().filter(self_assessment=locked, kind=kind).first()
        check_version(row, expected_version, _document_values(row))
        if row is None or not row.file:
            return row
        old, before = row.file.name or "", _document_values(row)
        row.file, row.name, row.note = "", "", ""
        row.present, row.source = found.present, found.source
        row.row_version += 1
        row.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=row,
            changes=diff(before, _document_values(row)),
            region_id=entry.region_id,
            message=_("Self-assessment document removed: %(kind)s") % {"kind": DocumentKind(kind).label},
        )
        delete_unless_frozen(locked, [old], DocumentCheck.file.field)
        reopen_after_change(actor, locked, entry)
    return row


# ---------------------------------------------------------------- submission


def _ministry_admins() -> list[Any]:
    return list(
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(memberships__role=Role.MINISTRY_ADMIN), is_active=True)
        .distinct()
    )


def _missing_message(missing: list[Question]) -> str:
    shown = [f"{q.dimension.code} {q.number}" for q in missing[:MISSING_LISTED]]
    more = len(missing) - len(shown)
    listed = ", ".join(shown) + (_(" and %(n)s more") % {"n": more} if more > 0 else "")
    return _("Answer every question before submitting; %(count)s still without a level: %(list)s.") % {
        "count": len(missing),
        "list": listed,
    }


def self_assessment_submit(
    *, actor: UserLike, self_assessment: SelfAssessment, expected_version: int | None = None
) -> SelfAssessmentVersion:
    """Submit the self-assessment: every question of the region's group must have a level. Its
    whole content (answers, evidence, links, documents, surveys) is frozen as the next numbered
    version, which assessors read; the ministry's evaluation team is notified."""
    entry = entry_of(self_assessment)
    require_whole(actor, entry)
    phase_require_open(entry.round, PHASE)
    found = documents_check.documents_found(entry.region_id)
    with transaction.atomic():
        locked = locked_self_assessment(self_assessment)
        if expected_version is not None and locked.row_version != expected_version:
            raise ConflictError(
                conflict_message(), current={"status": locked.status}, row_version=locked.row_version
            )
        last = (
            SelfAssessmentVersion.objects.filter(self_assessment=locked)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        ) or 0
        if locked.status == SelfAssessmentStatus.SUBMITTED and last:
            raise ValidationError(
                {"__all__": _("Version %(n)s is submitted and nothing changed since.") % {"n": last}}
            )
        documents_check.checklist_fill(
            actor=actor, self_assessment=locked, region_id=entry.region_id, found=found
        )
        data = self_data(entry, locked)
        missing = data.missing
        if missing:
            raise ValidationError({"__all__": _missing_message(missing)})
        version = SelfAssessmentVersion.objects.create(
            self_assessment=locked, number=last + 1, content=self_content(data), submitted_by=_user(actor)
        )
        before = locked.status
        locked.status = SelfAssessmentStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_by = _user(actor)
        locked.row_version += 1
        locked.save()
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=locked,
            changes={"status": [before, locked.status], "version": [last or None, version.number]},
            region_id=entry.region_id,
            message=_("Self-assessment submitted as version %(n)s") % {"n": version.number},
        )
        region, round_, number = entry.region, entry.round, version.number
        notify(
            recipients=_ministry_admins(),
            kind="self_assessment_submitted",
            title=lambda: (
                _("%(region)s submitted its self-assessment for %(round)s (version %(n)s)")
                % {"region": region.name, "round": round_.name, "n": number}
            ),
            url=reverse("evaluation:self_version", args=[round_.code, region.code, number]),
            region_id=region.pk,
        )
    self_assessment.status, self_assessment.row_version = locked.status, locked.row_version
    self_assessment.submitted_at, self_assessment.submitted_by = locked.submitted_at, locked.submitted_by
    return version
