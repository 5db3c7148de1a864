"""Who the evaluation commands act as: a ministry admin, named with ``--as`` or found."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.db.models import Q

from kotacerdas.core.permissions import can
from kotacerdas.core.roles import Role


def add_actor_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USERNAME",
        default="",
        help="act as this user, who needs evaluation.manage (default: the first ministry admin)",
    )


def command_actor(username: str) -> Any:
    """The user a command acts as: ``username``, or the first active superuser or ministry admin.

    The services record this user in the audit trail and check that they may manage evaluations.
    """
    users = get_user_model().objects.filter(is_active=True)
    if username:
        user = users.filter(username=username).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
    else:
        user = (
            users.filter(Q(is_superuser=True) | Q(memberships__role=Role.MINISTRY_ADMIN))
            .order_by("pk")
            .first()
        )
        if user is None:
            raise CommandError(
                "No ministry admin to act as: create one (kotacerdas createsuperuser) or pass --as USERNAME."
            )
    if not can(user, "evaluation.manage"):
        raise CommandError(f"{user.get_username()} may not manage evaluations (evaluation.manage).")
    return user


def validation_lines(exc: Any) -> list[str]:
    """A ``ValidationError``'s messages, one per line, each with its field when it has one."""
    if hasattr(exc, "error_dict"):
        return [f"{name}: {message}" for name, errors in exc.message_dict.items() for message in errors]
    return list(exc.messages)
