"""The Impact surveys of a region's self-assessment: per smart dimension, the survey of about 50
users of its quick-win service (respondents, the mean rating of each survey question, the survey
file as evidence). Saving a survey gives the dimension's survey questions their answers. The same
checks and locking as every self-assessment write (``self_assessment``)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.core.files import evidence_check
from kotacerdas.core.models import AuditAction
from kotacerdas.core.services import UserLike, audit_record, diff
from kotacerdas.masterplans.models import QuickWin
from kotacerdas.programme.models import Dimension

from .choices import AnswerKind
from .models import (
    GroupWeight,
    MethodVersion,
    Question,
    RoundRegion,
    SelfAnswer,
    SelfAssessment,
    SurveySummary,
)
from .phases import phase_require_open
from .self_assessment import (
    PHASE,
    answer_write,
    check_version,
    clean_level,
    delete_unless_frozen,
    dimension_refusal,
    entry_of,
    locked_self_assessment,
    reopen_after_change,
    short_name,
)
from .self_selectors import editor_for

SERVICE_CHARS = 200  # SurveySummary.service
RESPONDENTS_MAX = 1_000_000
# Fewer respondents than this and the survey page warns (not an error): the method asks ~50.
RESPONDENTS_EXPECTED = 50
RESPONDENTS_WARNING = gettext_lazy(
    "Fewer than %(n)s people answered: the method asks for about %(n)s users of each service."
)


def survey_questions(entry: RoundRegion, smart_dimension: Dimension) -> list[Question]:
    """The survey questions (the Impact dimension's) of a smart dimension in the entry's group."""
    dimensions = GroupWeight.objects.filter(group_id=entry.group_id).values("dimension_id")
    return list(
        Question.objects.filter(
            method_id=entry.round.method_id,
            answer=AnswerKind.SURVEY,
            smart_dimension=smart_dimension,
            dimension_id__in=dimensions,
        ).order_by("position")
    )


def _clean_ratings(
    method: MethodVersion, questions: list[Question], ratings: Mapping[str, Any]
) -> dict[str, Decimal]:
    keys = {q.key: q for q in questions}
    unknown = sorted(str(k) for k in ratings if k not in keys)
    missing = [k for k in keys if k not in ratings or ratings[k] in (None, "")]
    problems = []
    if unknown:
        problems.append(_("not survey questions of this dimension: %(keys)s") % {"keys": ", ".join(unknown)})
    if missing:
        problems.append(_("without a mean rating: %(keys)s") % {"keys": ", ".join(missing)})
    clean: dict[str, Decimal] = {}
    for key, q in keys.items():
        if key in missing:
            continue
        try:
            value = clean_level(method, q, ratings[key])
        except ValidationError as exc:
            problems.append(f"{key}: {' '.join(exc.messages)}")
            continue
        if value is not None:
            clean[key] = value
    if problems:
        raise ValidationError({"ratings": "; ".join(problems)})
    return clean


def _clean_respondents(value: Any) -> int:
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else -1
    except ValueError:
        number = -1
    if not 1 <= number <= RESPONDENTS_MAX:
        raise ValidationError(
            {"respondents": _("Give the number of people who answered the survey (at least 1).")}
        )
    return number


def _clean_quick_win(entry: RoundRegion, dimension: Dimension, quick_win: Any) -> QuickWin | None:
    if quick_win in (None, ""):
        return None
    uid = quick_win.uid if isinstance(quick_win, QuickWin) else quick_win
    try:
        found = QuickWin.objects.filter(uid=uid, version__plan__region_id=entry.region_id).first()
    except ValidationError:
        found = None
    if found is None:
        raise ValidationError({"quick_win": _("Choose one of the region's own quick wins.")})
    if found.dimension_id != dimension.pk:
        raise ValidationError(
            {
                "quick_win": _("%(quick_win)s is a quick win of another dimension than %(dimension)s.")
                % {"quick_win": found, "dimension": dimension}
            }
        )
    return found


def survey_save(
    *,
    actor: UserLike,
    self_assessment: SelfAssessment,
    smart_dimension: Dimension,
    service: str,
    quick_win: Any = None,
    respondents: Any,
    ratings: Mapping[str, Any],
    file: Any = None,
    expected_version: int | None = None,
) -> SurveySummary:
    """Enter the Impact survey of one smart dimension's quick-win service: how many answered,
    the mean rating of each survey question of the dimension (within the scale), and the survey
    file as evidence (required the first time). The questions' answers take the means."""
    entry = entry_of(self_assessment)
    if not editor_for(actor, entry).may_survey(smart_dimension.pk):
        raise dimension_refusal(actor, entry, smart_dimension)
    phase_require_open(entry.round, PHASE)
    questions = survey_questions(entry, smart_dimension)
    if not questions:
        raise ValidationError(
            {
                "smart_dimension": _("The questionnaire has no survey question of %(dimension)s.")
                % {"dimension": smart_dimension}
            }
        )
    errors: dict[str, Any] = {}
    clean: dict[str, Any] = {}
    service = " ".join((service or "").split())
    if not service or len(service) > SERVICE_CHARS:
        errors["service"] = _("Name the service surveyed (at most %(n)s characters).") % {"n": SERVICE_CHARS}
    checks: dict[str, Any] = {
        "respondents": lambda: _clean_respondents(respondents),
        "ratings": lambda: _clean_ratings(entry.round.method, questions, ratings or {}),
        "quick_win": lambda: _clean_quick_win(entry, smart_dimension, quick_win),
        "file": lambda: evidence_check(file, field="file") if file else None,
    }
    for name, check in checks.items():
        try:
            clean[name] = check()
        except ValidationError as exc:
            errors[name] = exc.message_dict.get(name) or exc.messages
    if errors:
        raise ValidationError(errors)
    return _survey_write(
        actor, entry, self_assessment, smart_dimension, questions, service, clean, file, expected_version
    )


def _survey_values(row: SurveySummary | None) -> dict[str, Any]:
    if row is None:
        return {}
    return {
        "service": row.service,
        "respondents": row.respondents,
        "ratings": dict(row.ratings),
        "name": row.name,
    }


def _survey_write(
    actor: UserLike,
    entry: RoundRegion,
    self_assessment: SelfAssessment,
    dimension: Dimension,
    questions: list[Question],
    service: str,
    clean: dict[str, Any],
    file: Any,
    expected_version: int | None,
) -> SurveySummary:
    ratings: dict[str, Decimal] = clean["ratings"]
    stored = ""
    try:
        with transaction.atomic():
            locked = locked_self_assessment(self_assessment)
            row = (
                SurveySummary.objects.select_for_update()
                .filter(self_assessment=locked, smart_dimension=dimension)
                .first()
            )
            check_version(row, expected_version, _survey_values(row))
            if file is None and (row is None or not row.file):
                raise ValidationError({"file": _("Attach the survey file (its answers) as evidence.")})
            before = _survey_values(row)
            if row is None:
                row = SurveySummary(self_assessment=locked, smart_dimension=dimension, respondents=0)
            row.service, row.respondents, row.quick_win = service, clean["respondents"], clean["quick_win"]
            row.ratings = {k: format(v.quantize(Decimal("0.01")), "f") for k, v in ratings.items()}
            old = ""
            if file:
                old = row.file.name or ""
                row.file.save(f"survey.{clean['file'].kind.extension}", file, save=False)
                stored = row.file.name or ""
                row.name = short_name(clean["file"].display_name)
            if row.pk is not None:
                row.row_version += 1
            row.save()
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE if before else AuditAction.CREATE,
                obj=row,
                changes=diff(before, _survey_values(row)),
                region_id=entry.region_id,
                message=_("Impact survey of %(dimension)s") % {"dimension": dimension},
            )
            _survey_answers(actor, entry, locked, questions, row)
            delete_unless_frozen(locked, [old] if stored else [], SurveySummary.file.field)
            reopen_after_change(actor, locked, entry)
    except Exception:
        if stored:
            SurveySummary.file.field.storage.delete(stored)
        raise
    return row


def _survey_answers(
    actor: UserLike, entry: RoundRegion, sa: SelfAssessment, questions: list[Question], survey: SurveySummary
) -> None:
    """Each survey question's answer takes the survey's mean rating."""
    current = {
        a.question_id: a
        for a in SelfAnswer.objects.select_for_update().filter(self_assessment=sa, question__in=questions)
    }
    for q in questions:
        answer = current.get(q.pk)
        justification = (answer.justification if answer is not None else "") or _(
            "Survey of %(n)s users of %(service)s"
        ) % {"n": survey.respondents, "service": survey.service}
        data = {
            "level": Decimal(survey.ratings[q.key]),
            "justification": justification,
            "links": list(answer.links) if answer is not None else [],
        }
        answer_write(actor, entry, sa, q, answer, data)
