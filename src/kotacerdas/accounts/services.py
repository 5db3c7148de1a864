"""Writes about people: users, memberships, and the login rate limit."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core.models import AuditAction
from kotacerdas.core.roles import Role
from kotacerdas.core.services import UserLike, audit_record, snapshot

from .models import Membership, User

USER_AUDIT_FIELDS = ["username", "email", "full_name", "position", "is_active"]


def user_create(
    *,
    actor: UserLike,
    username: str,
    email: str = "",
    full_name: str = "",
    position: str = "",
    password: str | None = None,
) -> User:
    """Create a person who can sign in (an unusable password means: set it by reset link)."""
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    with transaction.atomic():
        user = User(username=username, email=email, full_name=full_name, position=position)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=user,
            changes={k: [None, v] for k, v in snapshot(user, USER_AUDIT_FIELDS).items()},
        )
    return user


def user_deactivate(*, actor: UserLike, user: User) -> User:
    """Stop ``user`` signing in: sessions end at their next request, API tokens are deleted."""
    if getattr(actor, "pk", None) == user.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if not user.is_active:
        return user
    from .tokens import tokens_revoke

    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=False)
        user.is_active = False
        tokens_revoke(user=user)
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=user, changes={"is_active": [True, False]})
    return user


def user_password_changed(*, user: User) -> None:
    """After a password change: the person's API tokens stop working, with an audit event."""
    from .tokens import tokens_revoke

    with transaction.atomic():
        tokens_revoke(user=user)
        audit_record(actor=user, action=AuditAction.UPDATE, obj=user, message=_("Password changed"))


def membership_add(
    *,
    actor: UserLike,
    user: User,
    role: str,
    region_id: int | None = None,
    agency_id: int | None = None,
) -> Membership:
    """Give ``user`` a role. Regional roles need a region, officers an agency (of ``region_id``
    when one is given); nothing else."""
    from kotacerdas.organisation.models import Agency

    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if role == Role.AGENCY_OFFICER:
        if agency_id is None:
            raise ValidationError({"agency": _("An agency officer needs an agency.")})
        agency = Agency.objects.select_related("region").filter(pk=agency_id).first()
        if agency is None:
            raise ValidationError({"agency": _("Unknown agency.")})
        if region_id is not None and agency.region_id != region_id:
            raise ValidationError(
                {
                    "agency": _("%(agency)s is an agency of %(agency_region)s, not of the chosen region.")
                    % {"agency": agency.name, "agency_region": agency.region.name}
                }
            )
        region_id = agency.region_id
    elif role in (Role.PENDAMPING, Role.COORDINATOR):
        if region_id is None:
            raise ValidationError({"region": _("This role needs a region.")})
        agency_id = None
    else:
        region_id = agency_id = None
    scope: dict[str, object] = {"region__isnull": True} if region_id is None else {"region_id": region_id}
    scope.update({"agency__isnull": True} if agency_id is None else {"agency_id": agency_id})
    if Membership.objects.filter(user=user, role=role, **scope).exists():
        raise ValidationError(_("This person already has this role."))
    with transaction.atomic():
        membership = Membership.objects.create(user=user, role=role, region_id=region_id, agency_id=agency_id)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=membership,
            changes={"role": [None, role], "region": [None, region_id], "agency": [None, agency_id]},
        )
    return membership


def membership_remove(*, actor: UserLike, membership: Membership) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=membership,
            changes={"role": [membership.role, None], "region": [membership.region_id, None]},
        )
        membership.delete()


def _user_key(username: str) -> tuple[str, int]:
    name = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return (f"login-fail:user:{name}", settings.LOGIN_FAILURE_LIMIT)


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    """The counters, kept in the shared cache so that every worker process sees the same counts."""
    return [
        _user_key(username),
        (f"login-fail:addr:{address}", settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS),
    ]


def login_is_blocked(*, username: str, address: str) -> bool:
    """Too many failed logins for this username, or from this address, within the window?"""
    return any((cache.get(key) or 0) >= limit for key, limit in _keys(username, address))


def login_failure_record(*, username: str, address: str) -> None:
    """Count a failed login (web form or API token) and leave an audit event."""
    for key, _limit in _keys(username, address):
        cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW)
    from kotacerdas.core.models import AuditEvent

    user = User.objects.filter(username__iexact=username.strip()).first()
    AuditEvent.objects.create(
        actor=None,
        actor_label=address,
        action=AuditAction.LOGIN_FAILED,
        object_type="accounts.user",
        object_id=str(user.pk) if user else "",
        object_repr=username.strip()[:300],
        message=_("Failed login"),
    )


def login_failures_clear(*, username: str) -> None:
    """A successful sign-in clears its username's counter. The address counter runs out with its
    window: one good password must not reset an address that is guessing other people's."""
    cache.delete(_user_key(username)[0])
