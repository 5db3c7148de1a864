"""Writes about assessors: the pool, conflicts of interest, region partners, assignment of
assessors to a round's regions, and an assessor's declarations.

Every write checks its permission (``evaluation.manage`` for the ministry's; an assessor's own
declarations need ``evaluation.score`` and their own row), validates with a
``ValidationError`` naming the field, and records its audit event in the same transaction.
The rules live in the pure modules: ``conflicts`` (who may not assess whom) and
``assignment`` (who assesses what).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotacerdas.accounts.models import User
from kotacerdas.accounts.services import membership_add
from kotacerdas.core.models import AuditAction
from kotacerdas.core.permissions import can, require
from kotacerdas.core.roles import Role
from kotacerdas.core.services import (
    UserLike,
    audit_event,
    audit_record,
    audit_record_many,
    object_update,
    snapshot,
)
from kotacerdas.notifications.services import notify
from kotacerdas.regions.choices import RegionLevel
from kotacerdas.regions.models import Region

from . import assignment as rules
from . import conflicts
from .assessor_selectors import expertise_choices, group_dimensions, pair_conflicts, round_conflicts
from .choices import AssessorCategory, ConflictKind, Phase
from .models import Assessor, Assignment, Conflict, RegionPartner, Round, RoundRegion, Score

MANAGE = "evaluation.manage"
SCORE = "evaluation.score"
CODE_PREFIX = "ASR-"
ASSESSOR_FIELDS = ["code", "category", "institution", "home_province", "home_region", "expertise", "active"]
PROFILE_FIELDS = ["category", "institution", "home_province", "home_region", "expertise"]
MAX_PER_REGION = 10
REASON_MAX = 500


def conflict_labels(kinds: Iterable[str]) -> str:
    """The kinds of a conflict in words ("Home province, Declared by the assessor or the ministry")."""
    return ", ".join(str(ConflictKind(k).label) for k in kinds)


# ---------------------------------------------------------------- the pool


def assessor_next_code() -> str:
    """The next free code: ASR-001, ASR-002, ... (one past the highest number in use)."""
    numbers = [
        int(code[len(CODE_PREFIX) :])
        for code in Assessor.objects.filter(code__startswith=CODE_PREFIX).values_list("code", flat=True)
        if code[len(CODE_PREFIX) :].isdigit()
    ]
    return f"{CODE_PREFIX}{max(numbers, default=0) + 1:03d}"


def _profile(
    *,
    category: str,
    institution: str,
    home_province: Region | None,
    home_region: Region | None,
    expertise: Iterable[str],
) -> dict[str, Any]:
    """An assessor's profile, tidied and checked (every problem at once, by field)."""
    errors: dict[str, str] = {}
    if category not in AssessorCategory.values:
        errors["category"] = _("Choose a category: academic, IT consultant, practitioner or government.")
    institution = " ".join(institution.split())
    if len(institution) > 200:
        errors["institution"] = _("The institution's name is longer than 200 characters.")
    if home_province is not None and home_province.level != RegionLevel.PROVINCE:
        errors["home_province"] = _("%(region)s is not a province.") % {"region": home_province}
    if home_region is not None:
        if home_region.level == RegionLevel.PROVINCE:
            errors["home_region"] = _("The home region is a kabupaten or kota, not a province.")
        elif home_province is None:
            home_province = home_region.province
        elif home_region.province_id != home_province.pk and "home_province" not in errors:
            errors["home_region"] = _("%(region)s is not in %(province)s.") % {
                "region": home_region,
                "province": home_province,
            }
    known = [code for code, _name in expertise_choices()]
    wanted = list(dict.fromkeys(str(code).strip().upper() for code in expertise))
    unknown = [code for code in wanted if code not in known]
    if unknown:
        errors["expertise"] = _("Unknown evaluation dimensions: %(codes)s. Known: %(known)s.") % {
            "codes": ", ".join(unknown),
            "known": ", ".join(known) or "—",
        }
    if errors:
        raise ValidationError(errors)
    return {
        "category": category,
        "institution": institution,
        "home_province": home_province,
        "home_region": home_region,
        "expertise": [code for code in known if code in wanted],
    }


def assessor_create(
    *,
    actor: UserLike,
    user: User,
    category: str,
    institution: str = "",
    home_province: Region | None = None,
    home_region: Region | None = None,
    expertise: Iterable[str] = (),
) -> Assessor:
    """Add ``user`` to the pool with the next code; they get the assessor role if they lack it."""
    require(actor, MANAGE)
    profile = _profile(
        category=category,
        institution=institution,
        home_province=home_province,
        home_region=home_region,
        expertise=expertise,
    )
    _user_free(user)
    with transaction.atomic():
        if not user.memberships.filter(role=Role.ASSESSOR).exists():
            membership_add(actor=actor, user=user, role=Role.ASSESSOR)
        assessor = _insert(user, profile)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=assessor,
            changes={k: [None, v] for k, v in snapshot(assessor, ASSESSOR_FIELDS).items()},
            message=_("%(user)s joined the assessors' pool") % {"user": user.display_name},
        )
    return assessor


def _user_free(user: User) -> None:
    if not user.is_active:
        raise ValidationError({"user": _("%(user)s cannot sign in (deactivated).") % {"user": user.username}})
    existing = Assessor.objects.filter(user=user).values_list("code", flat=True).first()
    if existing:
        raise ValidationError(
            {
                "user": _("%(user)s is already in the pool as %(code)s.")
                % {"user": user.username, "code": existing}
            }
        )


def _insert(user: User, profile: dict[str, Any]) -> Assessor:
    """Insert with the next code; two creations at once both get a code (the second retries)."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Assessor.objects.create(user=user, code=assessor_next_code(), **profile)
        except IntegrityError:
            _user_free(user)  # the same person added meanwhile: say so
    raise ValidationError(_("No free assessor code was found; try again."))


def assessor_update(
    *, actor: UserLike, assessor: Assessor, data: dict[str, Any], expected_version: int | None
) -> Assessor:
    """Change an assessor's profile (the fields of ``data`` among ``PROFILE_FIELDS``); a stale
    ``expected_version`` raises ``ConflictError`` with the values saved meanwhile."""
    require(actor, MANAGE)
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    current = {name: getattr(assessor, name) for name in PROFILE_FIELDS}
    profile = _profile(**{**current, **data})
    return object_update(actor=actor, obj=assessor, data=profile, expected_version=expected_version)


def assessor_set_active(*, actor: UserLike, assessor: Assessor, active: bool) -> Assessor:
    """Take an assessor out of the pool (no new assignments; their pending ones are given to
    others at the next automatic assignment) or back in."""
    require(actor, MANAGE)
    return object_update(
        actor=actor,
        obj=assessor,
        data={"active": active},
        expected_version=None,
        message=_("Back in the assessors' pool") if active else _("Taken out of the assessors' pool"),
    )


# ---------------------------------------------------------------- conflicts and partners


def _reason(reason: str, field: str = "reason") -> str:
    text = " ".join(reason.split())
    if not text:
        raise ValidationError({field: _("Give the reason.")})
    if len(text) > REASON_MAX:
        raise ValidationError(
            {field: _("The reason is longer than %(max)s characters.") % {"max": REASON_MAX}}
        )
    return text


def _may_declare(actor: UserLike, assessor: Assessor) -> None:
    if can(actor, MANAGE):
        return
    if can(actor, SCORE) and assessor.user_id == getattr(actor, "pk", None):
        return
    raise PermissionDenied(_("You do not have permission to do this."))


def conflict_declare(*, actor: UserLike, assessor: Assessor, region: Region, reason: str) -> Conflict:
    """Record a conflict of interest between ``assessor`` and ``region`` (the assessor for
    themself, or the ministry). Their unsubmitted assignments to the region in open rounds are
    removed, and the ministry's admins are told the region needs another assessor."""
    _may_declare(actor, assessor)
    text = _reason(reason)
    if region.level == RegionLevel.PROVINCE:
        raise ValidationError({"region": _("Choose a kabupaten or kota, not a province.")})
    if Conflict.objects.filter(assessor=assessor, region=region).exists():
        raise ValidationError(
            {
                "region": _("A conflict of %(assessor)s with %(region)s is already declared.")
                % {"assessor": assessor.code, "region": region.name}
            }
        )
    with transaction.atomic():
        conflict = _conflict_record(actor=actor, assessor=assessor, region=region, reason=text)
        _withdraw_from(actor=actor, assessor=assessor, region=region, reason=text)
    return conflict


def _conflict_record(*, actor: UserLike, assessor: Assessor, region: Region, reason: str) -> Conflict:
    conflict = Conflict.objects.create(
        assessor=assessor,
        region=region,
        kind=ConflictKind.DECLARED,
        reason=reason,
        declared_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=conflict,
        changes={"assessor": [None, assessor.code], "region": [None, region.code], "reason": [None, reason]},
        region_id=region.pk,
        message=_("Conflict of interest declared: %(assessor)s with %(region)s")
        % {"assessor": assessor.code, "region": region.name},
    )
    return conflict


def _withdraw_from(*, actor: UserLike, assessor: Assessor, region: Region, reason: str) -> list[Assignment]:
    """Remove ``assessor``'s unsubmitted assignments to ``region`` in open rounds (their draft
    scores with them) and tell the ministry's admins which regions need another assessor."""
    pending = list(
        Assignment.objects.filter(
            assessor=assessor,
            entry__region=region,
            entry__round__historical=False,
            submitted_at__isnull=True,
        )
        .exclude(entry__round__phase=Phase.PUBLISHED)
        .select_related("entry__round")
    )
    for item in pending:
        _assignment_delete(actor=actor, assignment=item, reason=reason)
    for item in pending:
        round_ = item.entry.round

        def title(round_: Round = round_) -> str:
            return _(
                "%(assessor)s declared a conflict of interest with %(region)s (%(round)s): assign another assessor"
            ) % {
                "assessor": assessor.code,
                "region": region.name,
                "round": round_.name,
            }

        notify(
            recipients=ministry_admins(),
            kind="assessor_conflict",
            title=title,
            url=reverse("evaluation:assessor_assignment_edit", args=[round_.code, region.code]),
            region_id=region.pk,
        )
    return pending


def ministry_admins() -> list[User]:
    return list(User.objects.filter(is_active=True, memberships__role=Role.MINISTRY_ADMIN).distinct())


def conflict_withdraw(*, actor: UserLike, conflict: Conflict) -> None:
    """Delete a declared conflict (the ministry's correction of a mistaken declaration)."""
    require(actor, MANAGE)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=conflict,
            changes={"assessor": [conflict.assessor.code, None], "region": [conflict.region.code, None]},
            region_id=conflict.region_id,
            message=_("Declared conflict withdrawn: %(assessor)s with %(region)s")
            % {"assessor": conflict.assessor.code, "region": conflict.region.name},
        )
        conflict.delete()


def region_partner_add(*, actor: UserLike, region: Region, institution: str, note: str = "") -> RegionPartner:
    """Record an institution that partners ``region``: its people conflict with the region."""
    require(actor, MANAGE)
    name = " ".join(institution.split())
    note = " ".join(note.split())
    if region.level == RegionLevel.PROVINCE:
        raise ValidationError({"region": _("Choose a kabupaten or kota, not a province.")})
    if not name:
        raise ValidationError({"institution": _("Give the institution's name.")})
    if len(name) > 200:
        raise ValidationError({"institution": _("The institution's name is longer than 200 characters.")})
    if len(note) > 300:
        raise ValidationError({"note": _("The note is longer than 300 characters.")})
    key = conflicts.institution_key(name)
    for existing in RegionPartner.objects.filter(region=region).values_list("institution", flat=True):
        if conflicts.institution_key(existing) == key:
            raise ValidationError(
                {
                    "institution": _("%(institution)s already partners %(region)s.")
                    % {"institution": existing, "region": region.name}
                }
            )
    with transaction.atomic():
        partner = RegionPartner.objects.create(region=region, institution=name, note=note)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=partner,
            changes={"region": [None, region.code], "institution": [None, name], "note": [None, note]},
        )
    return partner


def region_partner_remove(*, actor: UserLike, partner: RegionPartner) -> None:
    require(actor, MANAGE)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=partner,
            changes={"region": [partner.region.code, None], "institution": [partner.institution, None]},
        )
        partner.delete()


# ---------------------------------------------------------------- assignment


@dataclass(frozen=True)
class GenerateResult:
    """What an automatic assignment did, and why loads could not be even if so."""

    created: int
    removed: int
    kept: int
    plan: rules.Plan
    explanation: str = ""


def _round_open(round_: Round, field: str = "__all__") -> None:
    if round_.historical:
        raise ValidationError(
            {
                field: _(
                    "%(round)s is a historical round: its results come from the letters, without assessors."
                )
                % {"round": round_}
            }
        )
    if round_.phase == Phase.PUBLISHED:
        raise ValidationError(
            {field: _("%(round)s is published: its assessors no longer change.") % {"round": round_}}
        )


def _scored_flag() -> Exists:
    return Exists(Score.objects.filter(assignment=OuterRef("pk")))


def _explain(plan: rules.Plan) -> str:
    """Why the loads of a plan are not within one of each other, in words."""
    if plan.balanced:
        return ""
    reasons = []
    for limit in plan.limits:
        if limit.kind == rules.LIMIT_FREE:
            reasons.append(
                ngettext(
                    "%(assessor)s is free of conflict for only %(count)s region that needs assessors",
                    "%(assessor)s is free of conflict for only %(count)s regions that need assessors",
                    limit.regions,
                )
                % {"assessor": limit.assessor, "count": limit.regions}
            )
        else:
            reasons.append(
                ngettext(
                    "%(assessor)s already holds %(count)s region with scores",
                    "%(assessor)s already holds %(count)s regions with scores",
                    limit.regions,
                )
                % {"assessor": limit.assessor, "count": limit.regions}
            )
    return _(
        "Loads are kept within one region of each other when conflicts allow; here they run from "
        "%(low)s to %(high)s regions, as even as they can be: %(why)s."
    ) % {"low": plan.band[0], "high": plan.band[1], "why": "; ".join(reasons)}


def _short_message(exc: rules.AssignmentError, names: dict[str, str]) -> str:
    parts = [
        _("%(region)s has only %(free)s assessors free of conflict, %(needed)s needed")
        % {"region": names.get(code, code), "free": free, "needed": needed}
        for code, (free, needed) in exc.short.items()
    ]
    shown = "; ".join(parts[:5])
    if len(parts) > 5:
        shown += " " + _("(and %(count)s more regions)") % {"count": len(parts) - 5}
    return _(
        "Not enough assessors free of conflict: %(regions)s. Add assessors to the pool, or lower "
        "the number per region."
    ) % {"regions": shown}


def assignment_generate(
    *, actor: UserLike, round_: Round, per_region: int = rules.DEFAULT_PER_REGION
) -> GenerateResult:
    """Assign ``per_region`` active assessors to every region of ``round_`` (``assignment.assign``).

    Assignments with scores (or submitted) stay and count; the others are replaced (a row is
    kept when the plan gives the region the same assessor). The round is locked while this runs,
    so two admins generating at once get one result after the other. A region that cannot get
    enough assessors free of conflict refuses the whole (``ValidationError`` naming it);
    nothing is written then.
    """
    require(actor, MANAGE)
    if not isinstance(per_region, int) or not 1 <= per_region <= MAX_PER_REGION:
        raise ValidationError(
            {
                "per_region": _("Assessors per region: a whole number from 1 to %(max)s.")
                % {"max": MAX_PER_REGION}
            }
        )
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        _round_open(locked)
        entries = list(RoundRegion.objects.filter(round=locked).select_related("region__province", "round"))
        if not entries:
            raise ValidationError({"__all__": _("%(round)s has no regions yet.") % {"round": locked}})
        current = list(
            Assignment.objects.filter(entry__round=locked)
            .select_related("assessor", "entry__round", "entry__region")
            .annotate(has_scores=_scored_flag())
        )
        kept = [a for a in current if a.submitted_at is not None or a.has_scores]
        plan = _plan(locked, entries, kept, per_region)
        created, removed = _apply(actor, entries, current, kept, plan)
        explanation = _explain(plan)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            changes={
                "per_region": per_region,
                "created": len(created),
                "removed": len(removed),
                "kept": len(kept),
                "loads": [plan.band[0], plan.band[1]],
            },
            message=(
                _("Assessors assigned automatically (%(per_region)s per region)") % {"per_region": per_region}
            )
            + (f". {explanation}" if explanation else ""),
        )
    return GenerateResult(
        created=len(created), removed=len(removed), kept=len(kept), plan=plan, explanation=explanation
    )


def _plan(
    round_: Round, entries: list[RoundRegion], kept: Sequence[Assignment], per_region: int
) -> rules.Plan:
    kept_by_entry: dict[int, set[str]] = defaultdict(set)
    loads: dict[str, int] = defaultdict(int)
    for a in kept:
        kept_by_entry[a.entry_id].add(a.assessor.code)
        loads[a.assessor.code] += 1
    dimensions = group_dimensions(round_)
    found = round_conflicts(round_)
    needs = [
        rules.RegionNeed(
            code=e.region.code,
            province=e.region.province.code if e.region.province else "",
            dimensions=dimensions.get(e.group_id, frozenset()),
            kept=frozenset(kept_by_entry.get(e.pk, ())),
        )
        for e in entries
    ]
    candidates = [
        rules.Candidate(
            code=code,
            load=loads.get(code, 0),
            expertise=frozenset(expertise or ()),
            conflicts=frozenset(found.get(code, {})),
        )
        for code, expertise in Assessor.objects.filter(active=True).values_list("code", "expertise")
    ]
    try:
        return rules.assign(needs, candidates, per_region)
    except rules.AssignmentError as exc:
        names = {e.region.code: e.region.name for e in entries}
        raise ValidationError({"per_region": _short_message(exc, names)}) from exc


def _apply(
    actor: UserLike,
    entries: list[RoundRegion],
    current: Sequence[Assignment],
    kept: Sequence[Assignment],
    plan: rules.Plan,
) -> tuple[list[Assignment], list[Assignment]]:
    kept_ids = {a.pk for a in kept}
    wanted = {e.pk: set(plan.regions.get(e.region.code, ())) for e in entries}
    removed = [a for a in current if a.pk not in kept_ids and a.assessor.code not in wanted[a.entry_id]]
    removed_ids = {a.pk for a in removed}
    staying = {(a.entry_id, a.assessor.code) for a in current if a.pk not in removed_ids}
    people = {
        a.code: a for a in Assessor.objects.filter(code__in={c for codes in wanted.values() for c in codes})
    }
    created = [
        Assignment(entry=e, assessor=people[code])
        for e in entries
        for code in sorted(wanted[e.pk])
        if (e.pk, code) not in staying
    ]
    region_of = {e.pk: e.region_id for e in entries}
    events = [
        audit_event(
            actor=actor,
            action=AuditAction.DELETE,
            obj=a,
            changes={"assessor": [a.assessor.code, None]},
            region_id=region_of[a.entry_id],
            message=_("Replaced by the automatic assignment"),
        )
        for a in removed
    ]
    Assignment.objects.filter(pk__in=[a.pk for a in removed]).delete()
    Assignment.objects.bulk_create(created)
    events += [
        audit_event(
            actor=actor,
            action=AuditAction.CREATE,
            obj=a,
            changes={"assessor": [None, a.assessor.code]},
            region_id=region_of[a.entry_id],
            message=_("Assigned by the automatic assignment"),
        )
        for a in created
    ]
    audit_record_many(events)
    return created, removed


def _assignment_delete(*, actor: UserLike, assignment: Assignment, reason: str) -> None:
    scores = Score.objects.filter(assignment=assignment).count()
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=assignment,
        changes={"assessor": [assignment.assessor.code, None], "reason": reason, "draft_scores": scores},
        region_id=assignment.entry.region_id,
        message=reason,
    )
    assignment.delete()


def assignment_override(
    *,
    actor: UserLike,
    entry: RoundRegion,
    remove: Assessor | None = None,
    add: Assessor | None = None,
    reason: str,
) -> list[Assignment]:
    """The ministry's change to a region's assessors: remove one, add one, or both (a swap),
    with a reason recorded on every change. An assessor in conflict with the region is never
    added; one who submitted scores is never removed. Returns the region's assignments."""
    require(actor, MANAGE)
    text = _reason(reason)
    if remove is None and add is None:
        raise ValidationError(_("Choose an assessor to remove, one to add, or both."))
    if remove is not None and add is not None and remove.pk == add.pk:
        raise ValidationError({"add": _("Choose someone other than the assessor you remove.")})
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=entry.round_id)
        _round_open(locked)
        region = Region.objects.select_related("province").get(pk=entry.region_id)
        leaving = _leaving(entry, region, remove)
        if add is not None:
            _check_joining(entry, region, add)
        if leaving is not None:
            _assignment_delete(actor=actor, assignment=leaving, reason=text)
        if add is not None:
            joined = Assignment.objects.create(entry=entry, assessor=add)
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=joined,
                changes={"assessor": [None, add.code], "reason": text},
                region_id=region.pk,
                message=text,
            )
    return list(Assignment.objects.filter(entry=entry).select_related("assessor"))


def _leaving(entry: RoundRegion, region: Region, remove: Assessor | None) -> Assignment | None:
    if remove is None:
        return None
    leaving = (
        Assignment.objects.filter(entry=entry, assessor=remove).select_related("assessor", "entry").first()
    )
    if leaving is None:
        raise ValidationError(
            {
                "remove": _("%(assessor)s is not assigned to %(region)s.")
                % {"assessor": remove.code, "region": region.name}
            }
        )
    if leaving.submitted_at is not None:
        raise ValidationError(
            {
                "remove": _("%(assessor)s has submitted scores for %(region)s: the assignment stays.")
                % {"assessor": remove.code, "region": region.name}
            }
        )
    return leaving


def _check_joining(entry: RoundRegion, region: Region, add: Assessor) -> None:
    if not add.active:
        raise ValidationError({"add": _("%(assessor)s is not active in the pool.") % {"assessor": add.code}})
    if Assignment.objects.filter(entry=entry, assessor=add).exists():
        raise ValidationError(
            {
                "add": _("%(assessor)s is already assigned to %(region)s.")
                % {"assessor": add.code, "region": region.name}
            }
        )
    kinds = pair_conflicts(add, region)
    if kinds:
        raise ValidationError(
            {
                "add": _(
                    "%(assessor)s has a conflict of interest with %(region)s (%(why)s): a conflict is never "
                    "overridden. Choose another assessor."
                )
                % {"assessor": add.code, "region": region.name, "why": conflict_labels(kinds)}
            }
        )


# ---------------------------------------------------------------- an assessor's declarations


def _own(actor: UserLike, assignment: Assignment) -> None:
    require(actor, SCORE)
    if assignment.assessor.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the assigned assessor declares this."))


def assignment_declare_no_conflict(*, actor: UserLike, assignment: Assignment) -> Assignment:
    """The assessor declares they have no conflict of interest with the region: from then on
    they see its material. Declaring again changes nothing. Refused when the programme itself
    finds a conflict (then they declare it)."""
    _own(actor, assignment)
    round_ = assignment.entry.round
    _round_open(round_)
    if assignment.no_conflict_declared_at is not None:
        return assignment
    region = Region.objects.select_related("province").get(pk=assignment.entry.region_id)
    kinds = pair_conflicts(assignment.assessor, region)
    if kinds:
        raise ValidationError(
            _(
                "The programme finds a conflict of interest with %(region)s (%(why)s): declare it instead, "
                "and the ministry will assign another assessor."
            )
            % {"region": region.name, "why": conflict_labels(kinds)}
        )
    now = timezone.now()
    with transaction.atomic():
        if Assignment.objects.filter(pk=assignment.pk, no_conflict_declared_at__isnull=True).update(
            no_conflict_declared_at=now
        ):
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=assignment,
                changes={"no_conflict_declared_at": [None, now]},
                region_id=region.pk,
                message=_("No conflict of interest declared with %(region)s") % {"region": region.name},
            )
    assignment.refresh_from_db(fields=["no_conflict_declared_at"])
    return assignment


def assignment_declare_conflict(*, actor: UserLike, assignment: Assignment, reason: str) -> Conflict:
    """The assessor declares a conflict of interest with an assigned region: the conflict is
    recorded, the assignment removed (with any draft scores) and the ministry's admins notified
    that the region needs another assessor."""
    _own(actor, assignment)
    _round_open(assignment.entry.round)
    if assignment.submitted_at is not None:
        raise ValidationError(
            _("Your scores for this region are submitted: ask the ministry's evaluation team to remove them.")
        )
    text = _reason(reason)
    region = Region.objects.get(pk=assignment.entry.region_id)
    assessor = assignment.assessor
    with transaction.atomic():
        conflict = Conflict.objects.filter(assessor=assessor, region=region).first()
        if conflict is None:
            conflict = _conflict_record(actor=actor, assessor=assessor, region=region, reason=text)
        _withdraw_from(actor=actor, assessor=assessor, region=region, reason=text)
    return conflict


def assessors_by_code(codes: Sequence[str]) -> dict[str, Assessor]:
    return {a.code: a for a in Assessor.objects.filter(code__in=list(codes))}
