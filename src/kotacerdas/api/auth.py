"""Token login for API clients, under the same failed-login limit as the web form."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

from kotacerdas.accounts import services
from kotacerdas.accounts.tokens import token_expires_at, token_issue
from kotacerdas.core.api_errors import error_body
from kotacerdas.core.ratelimit import client_address


class TokenLoginView(ObtainAuthToken):
    """POST username and password, get a token and when it expires. Refused (429) after too many
    failures. A valid token is returned again; an expired or revoked one is replaced."""

    refuses_with_429 = True  # the failed-login limit (documented by ErrorResponsesAutoSchema)

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: inline_serializer(
                "TokenIssued", {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()}
            )
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = request.data if isinstance(request.data, dict) else {}
        username = str(payload.get("username", ""))
        address = client_address(request.META)
        if services.login_is_blocked(username=username, address=address):
            return Response(
                error_body("throttled", _("Too many failed attempts. Wait a few minutes, then try again.")),
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            services.login_failure_record(username=username, address=address)
        serializer.is_valid(raise_exception=True)
        services.login_failures_clear(username=username)
        token = token_issue(user=serializer.validated_data["user"])
        return Response({"token": token.key, "expires_at": token_expires_at(token)})


token_login = TokenLoginView.as_view()
