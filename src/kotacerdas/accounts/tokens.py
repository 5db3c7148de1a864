"""API tokens that expire: ``API_TOKEN_HOURS`` after they were issued, at once when the password
changes or the account is deactivated."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from .models import User


def token_expires_at(token: Token) -> dt.datetime:
    return token.created + dt.timedelta(hours=settings.API_TOKEN_HOURS)


def token_is_valid(token: Token, *, now: dt.datetime | None = None) -> bool:
    """Not expired, issued after the owner's last password change, and the owner is active."""
    user: User = token.user
    now = now or timezone.now()
    if not user.is_active or now >= token_expires_at(token):
        return False
    return user.password_changed_at is None or token.created > user.password_changed_at


def token_issue(*, user: User) -> Token:
    """The user's token: the current one while valid, else a new one (the old key stops working)."""
    with transaction.atomic():
        token = Token.objects.select_for_update().filter(user=user).first()
        if token is not None and token_is_valid(token):
            return token
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def tokens_revoke(*, user: User) -> int:
    """Delete every API token of ``user`` (password changed, account deactivated)."""
    deleted, _details = Token.objects.filter(user=user).delete()
    return deleted


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's ``Authorization: Token <key>``, refusing expired or revoked tokens (401)."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if not token_is_valid(token):
            Token.objects.filter(pk=token.pk).delete()
            raise exceptions.AuthenticationFailed(_("The token has expired or was revoked; sign in again."))
        return user, token
