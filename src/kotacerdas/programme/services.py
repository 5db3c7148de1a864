"""The programme's rules: enrolment, the stage path (in order, with dates) and the MoU."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.files import file_replaced, pdf_check
from kotacerdas.core.models import AuditAction
from kotacerdas.core.services import UserLike, audit_record, object_create, object_update
from kotacerdas.regions.choices import RegionLevel
from kotacerdas.regions.models import Region

from . import stage_rules
from .choices import STAGE_ORDER, Stage, Track, stage_index
from .models import Cohort, Kawasan, MoU, Participation, StageChange

PARTICIPATION_FIELDS = ["region", "cohort", "track", "kawasan", "stage", "stage_date", "notes"]
MOU_FIELDS = ["number", "date", "signatories", "document"]


def cohort_create(*, actor: UserLike, year: int, name: str, description: str = "") -> Cohort:
    if Cohort.objects.filter(year=year).exists():
        raise ValidationError({"year": _("A cohort for %(year)s already exists.") % {"year": year}})
    return object_create(
        actor=actor,
        obj=Cohort(year=year, name=name, description=description),
        fields=["year", "name", "description"],
    )


def participation_enrol(
    *,
    actor: UserLike,
    region_code: str,
    cohort_year: int,
    selected_on: dt.date,
    track: str = Track.REGULAR,
    kawasan_code: str = "",
    notes: str = "",
) -> Participation:
    """Enrol a kabupaten/kota (or a province as a Smart Province) in a cohort, at stage "selected"."""
    region = Region.objects.filter(code=region_code.strip()).first()
    if region is None:
        raise ValidationError({"region": _("Unknown region code %(code)s.") % {"code": region_code}})
    if not region.is_current:
        raise ValidationError(
            {"region": _("Region %(code)s no longer exists (its code was retired).") % {"code": region.code}}
        )
    cohort = Cohort.objects.filter(year=cohort_year).first()
    if cohort is None:
        raise ValidationError({"cohort": _("There is no cohort for %(year)s.") % {"year": cohort_year}})
    if Participation.objects.filter(region=region).exists():
        raise ValidationError({"region": _("%(region)s is already enrolled.") % {"region": region.name}})
    kawasan = None
    if track == Track.KAWASAN:
        kawasan = Kawasan.objects.filter(code=kawasan_code).first()
        if kawasan is None:
            raise ValidationError({"kawasan": _("A kawasan participant needs a known kawasan.")})
    elif track != Track.REGULAR:
        raise ValidationError({"track": _("Unknown track.")})
    with transaction.atomic():
        participation = object_create(
            actor=actor,
            obj=Participation(
                region=region,
                cohort=cohort,
                track=track,
                kawasan=kawasan,
                stage=Stage.SELECTED,
                stage_date=selected_on,
                notes=notes,
            ),
            fields=PARTICIPATION_FIELDS,
            message=_("Enrolled as a Smart Province") if region.level == RegionLevel.PROVINCE else "",
        )
        StageChange.objects.create(
            participation=participation,
            stage=Stage.SELECTED,
            date=selected_on,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    return participation


def participation_advance(
    *,
    actor: UserLike,
    participation: Participation,
    stage: str,
    date: dt.date,
    note: str = "",
    expected_version: int | None = None,
) -> Participation:
    """Move a participant to the next stage. Stages go in order, one at a time, with dates that
    never go back; "MoU signed" needs the MoU recorded first; a stage that records another app's
    fact ("Master plan ratified", "Evaluated") needs that fact and takes its date (``stage_rules``)."""
    if stage not in STAGE_ORDER:
        raise ValidationError({"stage": _("Unknown stage.")})
    with transaction.atomic():
        current = Participation.objects.select_for_update().get(pk=participation.pk)
        if expected_version is not None and current.row_version != expected_version:
            raise ConflictError(
                _("Someone else changed this participant's stage after you opened it. Nothing was saved."),
                current={"stage": current.stage, "stage_date": current.stage_date.isoformat()},
                row_version=current.row_version,
            )
        now_index, new_index = stage_index(current.stage), stage_index(stage)
        if new_index != now_index + 1:
            expected = STAGE_ORDER[now_index + 1] if now_index + 1 < len(STAGE_ORDER) else None
            raise ValidationError(
                {
                    "stage": _("Stage out of order: after “%(current)s” comes “%(next)s”, not “%(asked)s”.")
                    % {
                        "current": Stage(current.stage).label,
                        "next": Stage(expected).label if expected else _("nothing (the last stage)"),
                        "asked": Stage(stage).label,
                    }
                }
            )
        refusal = stage_rules.stage_refusal(current, stage)
        if refusal:
            raise ValidationError({"stage": refusal})
        refusal = stage_rules.stage_date_refusal(current, stage, date)
        if refusal:
            raise ValidationError({"date": refusal})
        if date < current.stage_date:
            raise ValidationError(
                {
                    "date": _("The date cannot be before the previous stage's date (%(date)s).")
                    % {"date": current.stage_date.strftime("%d-%m-%Y")}
                }
            )
        if stage == Stage.MOU_SIGNED and not MoU.objects.filter(participation=current).exists():
            raise ValidationError({"stage": _("Record the MoU before marking it signed.")})
        before = {"stage": current.stage, "stage_date": current.stage_date.isoformat()}
        current.stage, current.stage_date = stage, date
        current.row_version += 1
        current.save(update_fields=["stage", "stage_date", "row_version", "updated_at"])
        StageChange.objects.create(
            participation=current,
            stage=stage,
            date=date,
            note=note,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=current,
            changes={
                "stage": [before["stage"], stage],
                "stage_date": [before["stage_date"], date.isoformat()],
            },
            message=note,
        )
    return current


def participation_stage_established(*, actor: UserLike, region_id: int, stage: str) -> Participation | None:
    """Another app established ``stage``'s fact (a master plan was ratified): record the stage with
    the fact's date when it is the region's next stage and the date fits its timeline.

    A participant further along keeps its timeline (a later version was ratified); one still
    before it, or whose last stage is dated after the fact, is left to the pendamping, who records
    the stages in between and then this one. Returns the participation when the stage was recorded.
    """
    participation = Participation.objects.filter(region_id=region_id).first()
    if participation is None or stage_index(stage) != stage_index(participation.stage) + 1:
        return None
    evidence = stage_rules.stage_evidence(participation, stage)
    if evidence is None or evidence.date < participation.stage_date:
        return None
    if stage_rules.stage_refusal(participation, stage):
        return None
    return participation_advance(
        actor=actor, participation=participation, stage=stage, date=evidence.date, note=evidence.label
    )


def mou_record(
    *,
    actor: UserLike,
    participation: Participation,
    number: str,
    date: dt.date,
    signatories: str,
    document: UploadedFile | None = None,
) -> MoU:
    """Record the MoU / Nota Kesepakatan. Numbers are unique across the programme."""
    number = number.strip()
    if not number:
        raise ValidationError({"number": _("The MoU number is required.")})
    pdf_check(document, field="document")
    if MoU.objects.filter(number__iexact=number).exclude(participation=participation).exists():
        raise ValidationError(
            {
                "number": _("MoU number %(number)s is already recorded for another region.")
                % {"number": number}
            }
        )
    if date < participation.cohort_start_date():
        raise ValidationError({"date": _("The MoU date is before the cohort's year.")})
    existing = MoU.objects.filter(participation=participation).first()
    if existing is not None:
        data: dict[str, Any] = {"number": number, "date": date, "signatories": signatories}
        if document is not None:
            data["document"] = document
        old_document = existing.document.name
        with transaction.atomic():
            mou = object_update(actor=actor, obj=existing, data=data, expected_version=None)
            file_replaced(old_document, mou.document)  # the old file goes once this commits
        return mou
    try:
        with transaction.atomic():
            return object_create(
                actor=actor,
                obj=MoU(
                    participation=participation,
                    number=number,
                    date=date,
                    signatories=signatories,
                    document=document or "",
                ),
                fields=MOU_FIELDS,
            )
    except IntegrityError as exc:  # two clerks recording the same number at once
        raise ValidationError(
            {"number": _("MoU number %(number)s is already recorded.") % {"number": number}}
        ) from exc


def participation_update(
    *, actor: UserLike, participation: Participation, data: dict[str, Any], expected_version: int | None
) -> Participation:
    """Edit notes, track and kawasan (stage changes go through ``participation_advance``)."""
    allowed = {"notes", "track", "kawasan"}
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    return object_update(actor=actor, obj=participation, data=data, expected_version=expected_version)
