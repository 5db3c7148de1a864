"""Reads about people, scoped to the actor."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from kotacerdas.core.permissions import can

from .models import Membership, User


def user_list(*, actor: Any, query: str = "", role: str = "") -> QuerySet[User]:
    """People the actor may manage (ministry admins: everyone)."""
    if not can(actor, "people.manage"):
        return User.objects.none()
    qs = User.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("region", "agency"))
    ).order_by("username")
    if query:
        qs = qs.filter(
            Q(username__icontains=query) | Q(full_name__icontains=query) | Q(email__icontains=query)
        )
    if role:
        qs = qs.filter(memberships__role=role).distinct()
    return qs


def user_get_for_actor(*, actor: Any, username: str) -> User:
    user = user_list(actor=actor).filter(username=username).first()
    if user is None:
        raise Http404("user")
    return user
