"""Named permissions and the roles that grant them: the one place that answers "may they?".

A permission is granted by a membership, within the membership's scope:
ministry admins and assessors everywhere, pendamping and coordinators in their region,
agency officers in their agency (and, for reading, its region).
Views call ``can``/``require``; selectors call ``readable_region_ids`` so that lists and
object look-ups only ever hold what the actor may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .roles import Role

# Every permission name, with what it lets one do (shown on the roles page of the docs).
PERMISSIONS: dict[str, Any] = {
    "region.view_private": _("See a region's internal pages (enrolment, organisation, plan drafts)"),
    "programme.manage": _("Manage cohorts and enrol regions"),
    "participation.change": _("Record a region's stage, dates and MoU"),
    "organisation.change": _("Manage a region's agencies, councils, pokja and forum meetings"),
    "masterplan.view": _("Read a region's master plan, drafts included"),
    "masterplan.change": _("Edit a region's whole master plan"),
    "masterplan.change_own": _("Edit the plan items that one's own agency owns"),
    "masterplan.submit": _("Submit a master plan for ratification and start a new version"),
    "masterplan.ratify": _("Record a master plan's ratification (Perbup/Perwali/Perda)"),
    "monitoring.view": _("See a region's implementation progress (approved reports, dashboards)"),
    "monitoring.report": _("Write progress reports for every agency of a region"),
    "monitoring.report_own": _("Write progress reports on one's own agency's items"),
    "monitoring.approve": _("Approve or return a region's submitted progress reports"),
    "monitoring.configure": _("Set reporting periods, the status vocabulary, thresholds and lock exceptions"),
    "evaluation.manage": _(
        "Manage evaluation methods and rounds, load historical results, compute and publish the index"
    ),
    "evaluation.self_assess": _("Fill and submit a region's self-assessment"),
    "evaluation.self_assess_pokja": _(
        "Fill the self-assessment questions of one's own pokja's smart dimension"
    ),
    "evaluation.score": _("Score the regions one is assigned to as an assessor"),
    "audit.view": _("See the audit trail of a region's objects"),
    "audit.view_all": _("See the whole audit trail"),
    "people.manage": _("Manage users and their roles"),
}

# Granted by an agency officer's membership on the agency's items only, never region-wide.
AGENCY_SCOPED: frozenset[str] = frozenset({"masterplan.change_own", "monitoring.report_own"})

ROLE_GRANTS: dict[str, frozenset[str]] = {
    Role.MINISTRY_ADMIN: frozenset(PERMISSIONS),
    Role.PENDAMPING: frozenset(
        {"region.view_private", "participation.change", "masterplan.view", "monitoring.view", "audit.view"}
    ),
    Role.COORDINATOR: frozenset(
        {
            "region.view_private",
            "organisation.change",
            "masterplan.view",
            "masterplan.change",
            "masterplan.change_own",
            "masterplan.submit",
            "masterplan.ratify",
            "monitoring.view",
            "monitoring.report",
            "monitoring.approve",
            "evaluation.self_assess",
            "audit.view",
        }
    ),
    Role.AGENCY_OFFICER: frozenset(
        {
            "region.view_private",
            "masterplan.view",
            "masterplan.change_own",
            "monitoring.view",
            "monitoring.report_own",
            "evaluation.self_assess_pokja",
            "audit.view",
        }
    ),
    Role.ASSESSOR: frozenset({"evaluation.score"}),
}


@dataclass(frozen=True)
class Actor:
    """What one user may do, computed once per request from their memberships."""

    user_id: int | None
    is_authenticated: bool
    global_perms: frozenset[str] = frozenset()
    region_perms: dict[int, frozenset[str]] = field(default_factory=dict)
    agency_perms: dict[int, frozenset[str]] = field(default_factory=dict)
    roles: frozenset[str] = frozenset()
    home_region_ids: tuple[int, ...] = ()

    @property
    def is_ministry_admin(self) -> bool:
        return Role.MINISTRY_ADMIN in self.roles


ANONYMOUS = Actor(user_id=None, is_authenticated=False)


def actor_for(user: Any) -> Actor:
    """The ``Actor`` for ``user`` (cached on the user object for the request)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_kc_actor", None)
    if isinstance(cached, Actor):
        return cached
    global_perms: set[str] = set()
    region_perms: dict[int, set[str]] = {}
    agency_perms: dict[int, set[str]] = {}
    roles: set[str] = set()
    home: list[int] = []
    if user.is_superuser:
        roles.add(Role.MINISTRY_ADMIN)
        global_perms |= ROLE_GRANTS[Role.MINISTRY_ADMIN]
    # Memberships through the user model (settings.AUTH_USER_MODEL), so the engine names no app.
    rows = user.memberships.values_list("role", "region_id", "agency_id")
    for role, region_id, agency_id in rows:
        roles.add(role)
        grants = ROLE_GRANTS.get(role, frozenset())
        if role in (Role.MINISTRY_ADMIN, Role.ASSESSOR):
            global_perms |= grants
        elif role == Role.AGENCY_OFFICER:
            agency_perms.setdefault(agency_id, set()).update(grants)
            region_perms.setdefault(region_id, set()).update(grants - AGENCY_SCOPED)
            home.append(region_id)
        else:
            region_perms.setdefault(region_id, set()).update(grants)
            home.append(region_id)
    actor = Actor(
        user_id=user.pk,
        is_authenticated=True,
        global_perms=frozenset(global_perms),
        region_perms={k: frozenset(v) for k, v in region_perms.items()},
        agency_perms={k: frozenset(v) for k, v in agency_perms.items()},
        roles=frozenset(roles),
        home_region_ids=tuple(dict.fromkeys(home)),
    )
    user._kc_actor = actor
    return actor


def can(user: Any, perm: str, *, region_id: int | None = None, agency_id: int | None = None) -> bool:
    """May ``user`` do ``perm`` in ``region_id`` (or on an item owned by ``agency_id``)?"""
    if perm not in PERMISSIONS:
        raise ValueError(f"unknown permission {perm!r}")
    actor = actor_for(user)
    if perm in actor.global_perms:
        return True
    if region_id is not None and perm in actor.region_perms.get(region_id, frozenset()):
        return True
    return agency_id is not None and perm in actor.agency_perms.get(agency_id, frozenset())


def require(user: Any, perm: str, *, region_id: int | None = None, agency_id: int | None = None) -> None:
    """Raise ``PermissionDenied`` (403) unless ``can``; use after a scoped selector found the object."""
    if not can(user, perm, region_id=region_id, agency_id=agency_id):
        raise PermissionDenied(_("You do not have permission to do this."))


def readable_region_ids(user: Any, perm: str = "region.view_private") -> frozenset[int] | None:
    """Regions whose ``perm`` pages ``user`` may read: ``None`` means all of them."""
    actor = actor_for(user)
    if perm in actor.global_perms:
        return None
    return frozenset(rid for rid, perms in actor.region_perms.items() if perm in perms)
