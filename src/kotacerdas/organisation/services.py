"""Writes of a region's organisation: agencies (OPD), decrees (SK), Dewan and Tim Pelaksana
members, pokja and Forum Smart City meetings.

Every function is keyword-only with ``actor`` first, validates with field-keyed
``ValidationError``s, and writes with its audit event in one transaction
(``core.services.object_create / object_update / object_delete``). Updates take the
``expected_version`` the editor saw and raise ``ConflictError`` when someone else saved in
between. Permission checks happen in the views and the API before these are called.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.files import file_replaced, pdf_check
from kotacerdas.core.services import UserLike, object_create, object_delete, object_update, snapshot
from kotacerdas.programme.models import Dimension
from kotacerdas.regions.models import Region

from .choices import AgencyKind, Body, BodyRole, DecreeKind, Sector
from .models import Agency, BodyMember, Decree, ForumMeeting, WorkingGroup

AGENCY_FIELDS = ["code", "acronym", "name", "kind", "is_active"]
DECREE_FIELDS = ["kind", "number", "date", "title", "document"]
MEMBER_FIELDS = ["body", "name", "position", "role", "sector", "agency", "decree"]
WORKING_GROUP_FIELDS = ["dimension", "leading_agency", "lead_name", "decree"]
MEETING_FIELDS = ["date", "title", "place", "attendees", "minutes", "minutes_file"]

CODE_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")
# The decree kind that forms each body.
BODY_DECREE_KIND = {Body.DEWAN: DecreeKind.DEWAN, Body.TIM_PELAKSANA: DecreeKind.TIM_PELAKSANA}


# --- shared checks ------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _require_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _locked_current[M: models.Model](obj: M, expected_version: int | None, fields: list[str]) -> M:
    """The row locked for writing; ``ConflictError`` if it changed since ``expected_version``."""
    current = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
    if current is None:
        raise ConflictError(_("Someone else deleted this after you opened it. Nothing was saved."))
    if expected_version is not None and getattr(current, "row_version", None) != expected_version:
        raise ConflictError(
            _(
                "Someone else changed this data after you opened it. Their values are shown; nothing was saved."
            ),
            current=snapshot(current, fields),
            row_version=getattr(current, "row_version", None),
        )
    return current


def _check_unknown(data: Mapping[str, Any], allowed: list[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )


# --- agencies -----------------------------------------------------------------------------


def _agency_check(
    *, region_id: int, code: str, acronym: str, name: str, kind: str, exclude_pk: int | None = None
) -> None:
    errors: dict[str, str] = {}
    if not code:
        errors["code"] = _("The code is required, e.g. diskominfo.")
    elif not CODE_RE.fullmatch(code):
        errors["code"] = _("The code may hold only letters, digits, hyphens and underscores.")
    if not acronym:
        errors["acronym"] = _("The acronym is required, e.g. Diskominfo.")
    if not name:
        errors["name"] = _("The agency's name is required.")
    if kind not in AgencyKind.values:
        errors["kind"] = _("Unknown value “%(value)s”.") % {"value": kind}
    same_region = Agency.objects.filter(region_id=region_id)
    if exclude_pk is not None:
        same_region = same_region.exclude(pk=exclude_pk)
    if "code" not in errors:
        other = same_region.filter(code__iexact=code).first()
        if other is not None:
            errors["code"] = _("The code “%(code)s” is already used by %(agency)s in this region.") % {
                "code": code,
                "agency": other.name,
            }
    if "acronym" not in errors:
        other = same_region.filter(acronym__iexact=acronym).first()
        if other is not None:
            errors["acronym"] = _(
                "The acronym “%(acronym)s” is already used by %(agency)s in this region."
            ) % {
                "acronym": acronym,
                "agency": other.name,
            }
    if errors:
        raise ValidationError(errors)


def agency_create(
    *,
    actor: UserLike,
    region: Region,
    code: str,
    acronym: str,
    name: str,
    kind: str = AgencyKind.DINAS,
) -> Agency:
    """Record an agency (OPD). Code and acronym are unique within the region."""
    code, acronym, name = (code or "").strip().lower(), (acronym or "").strip(), (name or "").strip()
    _agency_check(region_id=region.pk, code=code, acronym=acronym, name=name, kind=kind)
    try:
        with transaction.atomic():
            return object_create(
                actor=actor,
                obj=Agency(region=region, code=code, acronym=acronym, name=name, kind=kind),
                fields=AGENCY_FIELDS,
            )
    except IntegrityError as exc:  # two clerks adding the same agency at once
        raise ValidationError({"code": _("This agency is already recorded in this region.")}) from exc


def agency_update(
    *, actor: UserLike, agency: Agency, data: Mapping[str, Any], expected_version: int | None
) -> Agency:
    """Change an agency's code, acronym, name, kind or active flag."""
    _check_unknown(data, AGENCY_FIELDS)
    clean = dict(data)
    for key in ("code", "acronym", "name"):
        if key in clean:
            clean[key] = (clean[key] or "").strip()
    if "code" in clean:
        clean["code"] = clean["code"].lower()
    try:
        with transaction.atomic():
            current = _locked_current(agency, expected_version, list(clean))
            merged = {k: clean.get(k, getattr(current, k)) for k in ("code", "acronym", "name", "kind")}
            _agency_check(region_id=current.region_id, exclude_pk=current.pk, **merged)
            if clean.get("is_active") is False and current.is_active:
                _agency_deactivation_check(current)
            return object_update(actor=actor, obj=current, data=clean, expected_version=None)
    except IntegrityError as exc:
        raise ValidationError({"code": _("This agency is already recorded in this region.")}) from exc


def _agency_deactivation_check(agency: Agency) -> None:
    led = list(WorkingGroup.objects.filter(leading_agency=agency).select_related("dimension"))
    if led:
        raise ValidationError(
            {
                "is_active": _(
                    "%(agency)s leads the pokja for %(dimensions)s: choose another leading agency first."
                )
                % {"agency": agency.acronym, "dimensions": ", ".join(str(w.dimension) for w in led)}
            }
        )


def agency_deactivate(*, actor: UserLike, agency: Agency, expected_version: int | None = None) -> Agency:
    """Mark an agency inactive (it stays in the records; it can no longer be chosen)."""
    return agency_update(
        actor=actor, agency=agency, data={"is_active": False}, expected_version=expected_version
    )


# --- decrees ------------------------------------------------------------------------------


def _decree_check(
    *, region_id: int, kind: str, number: str, date: dt.date | None, title: str, exclude_pk: int | None
) -> None:
    errors: dict[str, str] = {}
    if kind not in DecreeKind.values:
        errors["kind"] = _("Unknown value “%(value)s”.") % {"value": kind}
    if not number:
        errors["number"] = _("The decree number is required.")
    else:
        others = Decree.objects.filter(region_id=region_id, number__iexact=number)
        if exclude_pk is not None:
            others = others.exclude(pk=exclude_pk)
        if others.exists():
            errors["number"] = _("Decree number %(number)s is already recorded in this region.") % {
                "number": number
            }
    if date is None:
        errors["date"] = _("The decree date is required.")
    elif date > _today():
        errors["date"] = _("The decree date cannot be in the future.")
    if not title:
        errors["title"] = _("The decree title is required.")
    if errors:
        raise ValidationError(errors)


def decree_create(
    *,
    actor: UserLike,
    region: Region,
    kind: str,
    number: str,
    date: dt.date,
    title: str,
    document: UploadedFile | None = None,
) -> Decree:
    """Record a decree (SK). Numbers are unique within the region; the file is an optional PDF."""
    number, title = (number or "").strip(), (title or "").strip()
    _decree_check(region_id=region.pk, kind=kind, number=number, date=date, title=title, exclude_pk=None)
    pdf_check(document, field="document")
    try:
        with transaction.atomic():
            return object_create(
                actor=actor,
                obj=Decree(
                    region=region, kind=kind, number=number, date=date, title=title, document=document or ""
                ),
                fields=DECREE_FIELDS,
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"number": _("Decree number %(number)s is already recorded in this region.") % {"number": number}}
        ) from exc


def decree_update(
    *, actor: UserLike, decree: Decree, data: Mapping[str, Any], expected_version: int | None
) -> Decree:
    """Change a decree. A new ``document`` replaces the old one; ``None`` leaves it as it is."""
    _check_unknown(data, DECREE_FIELDS)
    clean = dict(data)
    if clean.get("document") is None:
        clean.pop("document", None)
    for key in ("number", "title"):
        if key in clean:
            clean[key] = (clean[key] or "").strip()
    pdf_check(clean.get("document"), field="document")
    try:
        with transaction.atomic():
            current = _locked_current(decree, expected_version, list(clean))
            merged = {k: clean.get(k, getattr(current, k)) for k in ("kind", "number", "date", "title")}
            _decree_check(region_id=current.region_id, exclude_pk=current.pk, **merged)
            if merged["kind"] != current.kind:
                _decree_kind_change_check(current, merged["kind"])
            old_document = current.document.name
            updated = object_update(actor=actor, obj=current, data=clean, expected_version=None)
            file_replaced(old_document, updated.document)  # the old file goes once this commits
            return updated
    except IntegrityError as exc:
        raise ValidationError(
            {"number": _("This decree number is already recorded in this region.")}
        ) from exc


def _decree_kind_change_check(decree: Decree, new_kind: str) -> None:
    bodies = set(decree.members.values_list("body", flat=True))
    if any(BODY_DECREE_KIND.get(Body(b)) != new_kind for b in bodies):
        raise ValidationError(
            {"kind": _("Members are recorded under this decree: its kind must stay the kind of their body.")}
        )
    if new_kind != DecreeKind.POKJA and decree.working_groups.exists():
        raise ValidationError({"kind": _("Pokja are recorded under this decree: it must stay an SK Pokja.")})


def decree_delete(*, actor: UserLike, decree: Decree, expected_version: int | None = None) -> None:
    """Delete a decree that no member or pokja refers to (its file stays in storage)."""
    with transaction.atomic():
        current = _locked_current(decree, expected_version, DECREE_FIELDS)
        members = current.members.count()
        groups = current.working_groups.count()
        if members or groups:
            raise ValidationError(
                _(
                    "This decree is referred to by %(members)s members and %(groups)s pokja: "
                    "link them to another decree first."
                )
                % {"members": members, "groups": groups}
            )
        object_delete(actor=actor, obj=current, fields=DECREE_FIELDS)


# --- Dewan Smart City and Tim Pelaksana members ------------------------------------------


def _member_links_check(
    errors: dict[str, str],
    *,
    region_id: int,
    body: str,
    agency: Agency | None,
    decree: Decree | None,
    agency_changed: bool,
) -> None:
    """The member's agency and decree belong to the region (and fit the body)."""
    if agency is not None:
        if agency.region_id != region_id:
            errors["agency"] = _("The agency must be one of this region's agencies.")
        elif agency_changed and not agency.is_active:
            errors["agency"] = _("%(agency)s is no longer active.") % {"agency": agency.acronym}
    if decree is not None:
        if decree.region_id != region_id:
            errors["decree"] = _("The decree must be one of this region's decrees.")
        elif body in Body.values and decree.kind != BODY_DECREE_KIND[Body(body)]:
            errors["decree"] = _("The decree must be an %(kind)s.") % {
                "kind": DecreeKind(BODY_DECREE_KIND[Body(body)]).label
            }


def _member_check(
    *,
    region_id: int,
    body: str,
    name: str,
    role: str,
    sector: str,
    agency: Agency | None,
    decree: Decree | None,
    exclude_pk: int | None,
    agency_changed: bool = True,
) -> None:
    errors: dict[str, str] = {}
    if body not in Body.values:
        errors["body"] = _("Unknown value “%(value)s”.") % {"value": body}
    if not name:
        errors["name"] = _("The member's name is required.")
    if role not in BodyRole.values:
        errors["role"] = _("Unknown value “%(value)s”.") % {"value": role}
    if sector not in Sector.values:
        errors["sector"] = _("Unknown value “%(value)s”.") % {"value": sector}
    _member_links_check(
        errors, region_id=region_id, body=body, agency=agency, decree=decree, agency_changed=agency_changed
    )
    if role == BodyRole.CHAIR and body in Body.values:
        chairs = BodyMember.objects.filter(region_id=region_id, body=body, role=BodyRole.CHAIR)
        if exclude_pk is not None:
            chairs = chairs.exclude(pk=exclude_pk)
        chair = chairs.first()
        if chair is not None:
            errors["role"] = _("%(body)s already has a chair: %(name)s.") % {
                "body": Body(body).label,
                "name": chair.name,
            }
    if errors:
        raise ValidationError(errors)


def body_member_create(
    *,
    actor: UserLike,
    region: Region,
    body: str,
    name: str,
    position: str = "",
    role: str = BodyRole.MEMBER,
    sector: str = Sector.GOVERNMENT,
    agency: Agency | None = None,
    decree: Decree | None = None,
) -> BodyMember:
    """Add a member to the Dewan Smart City or the Tim Pelaksana (one chair per body)."""
    name, position = (name or "").strip(), (position or "").strip()
    _member_check(
        region_id=region.pk,
        body=body,
        name=name,
        role=role,
        sector=sector,
        agency=agency,
        decree=decree,
        exclude_pk=None,
    )
    return object_create(
        actor=actor,
        obj=BodyMember(
            region=region,
            body=body,
            name=name,
            position=position,
            role=role,
            sector=sector,
            agency=agency,
            decree=decree,
        ),
        fields=MEMBER_FIELDS,
    )


def body_member_update(
    *, actor: UserLike, member: BodyMember, data: Mapping[str, Any], expected_version: int | None
) -> BodyMember:
    _check_unknown(data, MEMBER_FIELDS)
    clean = dict(data)
    for key in ("name", "position"):
        if key in clean:
            clean[key] = (clean[key] or "").strip()
    with transaction.atomic():
        current = _locked_current(member, expected_version, list(clean))
        merged = {k: clean.get(k, getattr(current, k)) for k in MEMBER_FIELDS if k != "position"}
        agency = merged["agency"]
        _member_check(
            region_id=current.region_id,
            exclude_pk=current.pk,
            agency_changed=getattr(agency, "pk", None) != current.agency_id,
            **merged,
        )
        return object_update(actor=actor, obj=current, data=clean, expected_version=None)


def body_member_delete(*, actor: UserLike, member: BodyMember, expected_version: int | None = None) -> None:
    with transaction.atomic():
        current = _locked_current(member, expected_version, MEMBER_FIELDS)
        object_delete(actor=actor, obj=current, fields=MEMBER_FIELDS)


# --- pokja --------------------------------------------------------------------------------


def working_group_set(
    *,
    actor: UserLike,
    region: Region,
    dimension: Dimension,
    leading_agency: Agency,
    lead_name: str = "",
    decree: Decree | None = None,
    expected_version: int | None = None,
) -> WorkingGroup:
    """Form the pokja of a dimension, or change its leading agency, head or decree
    (one pokja per dimension per region)."""
    lead_name = (lead_name or "").strip()
    errors: dict[str, str] = {}
    if leading_agency is None:
        errors["leading_agency"] = _("Choose the leading agency.")
    elif leading_agency.region_id != region.pk:
        errors["leading_agency"] = _("The leading agency must be one of this region's agencies.")
    if decree is not None and (decree.region_id != region.pk or decree.kind != DecreeKind.POKJA):
        errors["decree"] = _("The decree must be an SK Pokja of this region.")
    if errors:
        raise ValidationError(errors)
    data = {"leading_agency": leading_agency, "lead_name": lead_name, "decree": decree}
    try:
        with transaction.atomic():
            existing = (
                WorkingGroup.objects.select_for_update().filter(region=region, dimension=dimension).first()
            )
            if existing is None:
                if expected_version is not None:
                    raise ConflictError(
                        _("Someone else dissolved this pokja after you opened it. Nothing was saved."),
                        current={},
                    )
                if not leading_agency.is_active:
                    raise ValidationError(
                        {"leading_agency": _("%(agency)s is no longer active.") % {"agency": leading_agency}}
                    )
                return object_create(
                    actor=actor,
                    obj=WorkingGroup(region=region, dimension=dimension, **data),
                    fields=WORKING_GROUP_FIELDS,
                )
            if leading_agency.pk != existing.leading_agency_id and not leading_agency.is_active:
                raise ValidationError(
                    {"leading_agency": _("%(agency)s is no longer active.") % {"agency": leading_agency}}
                )
            current = _locked_current(existing, expected_version, list(data))
            return object_update(actor=actor, obj=current, data=data, expected_version=None)
    except IntegrityError as exc:  # two people forming the same pokja at once
        raise ValidationError(
            {"dimension": _("A pokja for %(dimension)s already exists.") % {"dimension": dimension}}
        ) from exc


def working_group_delete(
    *, actor: UserLike, working_group: WorkingGroup, expected_version: int | None = None
) -> None:
    """Dissolve a pokja."""
    with transaction.atomic():
        current = _locked_current(working_group, expected_version, WORKING_GROUP_FIELDS)
        object_delete(actor=actor, obj=current, fields=WORKING_GROUP_FIELDS)


# --- Forum Smart City meetings ------------------------------------------------------------


def _meeting_check(
    *, date: dt.date | None, title: str, attendees: int | None, minutes: str, has_file: bool
) -> None:
    errors: dict[str, str] = {}
    if date is None:
        errors["date"] = _("The meeting date is required.")
    elif date > _today() and (minutes or has_file):
        errors["minutes"] = _("Minutes can only be recorded for a meeting that has taken place.")
    if not title:
        errors["title"] = _("The meeting title is required.")
    if attendees is not None and attendees < 0:
        errors["attendees"] = _("The number of attendees cannot be negative.")
    if errors:
        raise ValidationError(errors)


def forum_meeting_create(
    *,
    actor: UserLike,
    region: Region,
    date: dt.date,
    title: str,
    place: str = "",
    attendees: int | None = None,
    minutes: str = "",
    minutes_file: UploadedFile | None = None,
) -> ForumMeeting:
    """Record a Forum Smart City meeting and its minutes (text and/or a PDF)."""
    title, place, minutes = (title or "").strip(), (place or "").strip(), (minutes or "").strip()
    _meeting_check(date=date, title=title, attendees=attendees, minutes=minutes, has_file=bool(minutes_file))
    pdf_check(minutes_file, field="minutes_file")
    return object_create(
        actor=actor,
        obj=ForumMeeting(
            region=region,
            date=date,
            title=title,
            place=place,
            attendees=attendees,
            minutes=minutes,
            minutes_file=minutes_file or "",
        ),
        fields=MEETING_FIELDS,
    )


def forum_meeting_update(
    *, actor: UserLike, meeting: ForumMeeting, data: Mapping[str, Any], expected_version: int | None
) -> ForumMeeting:
    """Change a meeting. A new ``minutes_file`` replaces the old one; ``None`` leaves it."""
    _check_unknown(data, MEETING_FIELDS)
    clean = dict(data)
    if clean.get("minutes_file") is None:
        clean.pop("minutes_file", None)
    for key in ("title", "place", "minutes"):
        if key in clean:
            clean[key] = (clean[key] or "").strip()
    pdf_check(clean.get("minutes_file"), field="minutes_file")
    with transaction.atomic():
        current = _locked_current(meeting, expected_version, list(clean))
        _meeting_check(
            date=clean.get("date", current.date),
            title=clean.get("title", current.title),
            attendees=clean.get("attendees", current.attendees),
            minutes=clean.get("minutes", current.minutes),
            has_file=bool(clean.get("minutes_file") or current.minutes_file),
        )
        old_file = current.minutes_file.name
        updated = object_update(actor=actor, obj=current, data=clean, expected_version=None)
        file_replaced(old_file, updated.minutes_file)  # the old file goes once this commits
        return updated


def forum_meeting_delete(
    *, actor: UserLike, meeting: ForumMeeting, expected_version: int | None = None
) -> None:
    with transaction.atomic():
        current = _locked_current(meeting, expected_version, MEETING_FIELDS)
        object_delete(actor=actor, obj=current, fields=MEETING_FIELDS)
