"""One error shape for every API error:

``{"error": {"code": "...", "message": "...", "fields": {"field": ["..."]}, "current": {...}}}``

``fields`` is there for invalid input (400), ``current`` for a conflict (409: the values the other
writer saved, and the object's ``row_version`` now, to retry with). ``exception_handler`` is DRF's
exception handler; ``ErrorResponsesAutoSchema`` documents the error responses in the OpenAPI
schema; ``not_found`` answers unknown paths under ``/api/v1/`` in the same shape, and
``api.middleware`` the errors Django answers by itself there (CSRF, 500). Pages outside the API
are not touched by any of it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from kotacerdas.core.errors import ConflictError, PermissionDeniedError

# What a client is told to send when it is not signed in (session users sign in on the site).
AUTHENTICATE_HEADER = 'Token realm="api"'


def _django_validation_fields(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if k == "__all__" else k): [str(m) for m in v]
            for k, v in exc.message_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def _flatten(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                for sub, msgs in _flatten(value).items():
                    out[f"{key}.{sub}"] = msgs
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                for i, item in enumerate(value):
                    for sub, msgs in _flatten(item).items():
                        out[f"{key}[{i}].{sub}"] = msgs
            else:
                out[key] = [str(v) for v in (value if isinstance(value, list) else [value])]
        return out
    if isinstance(detail, list):
        return {"non_field_errors": [str(v) for v in detail]}
    return {"non_field_errors": [str(detail)]}


def error_body(
    code: str, message: str, fields: dict[str, list[str]] | None = None, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    body.update(extra)
    return {"error": body}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ConflictError):
        current = dict(exc.current)
        if exc.row_version is not None:  # what the client sends to retry
            current["row_version"] = exc.row_version
        return Response(error_body("conflict", exc.message, current=current), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        fields = _django_validation_fields(exc)
        return Response(
            error_body("invalid", _("The data is not valid."), fields), status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, PermissionDenied | PermissionDeniedError):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        # DRF answers 403 when the first authentication class (the session) names no scheme;
        # a missing or bad credential is a 401 that says how to authenticate.
        response.status_code = status.HTTP_401_UNAUTHORIZED
        response["WWW-Authenticate"] = AUTHENTICATE_HEADER
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body("invalid", _("The data is not valid."), _flatten(exc.detail))
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        message = str(detail) if not isinstance(detail, dict | list) else _("Request refused.")
        response.data = error_body(str(getattr(exc, "default_code", "error")), message)
    return response


@csrf_exempt  # a 404 for any method: no session write can happen here
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """A path under /api/v1/ that matches no endpoint: the API's 404, not the site's HTML page."""
    return JsonResponse(error_body("not_found", _("Not found.")), status=status.HTTP_404_NOT_FOUND)


# The error shape in the OpenAPI schema.


class ErrorDetailSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="Machine-readable: invalid, conflict, not_found, …")
    message = serializers.CharField(help_text="A sentence for people, in the request's language.")
    current = serializers.DictField(
        required=False,
        help_text="Conflict (409): the values someone else saved meanwhile, and the object's "
        "row_version now (send it to retry; absent when the object is gone).",
    )

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        # "fields" cannot be a class attribute: it is the serializer's own property.
        fields["fields"] = serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="Invalid input (400): messages by field name; non_field_errors for the whole.",
        )
        return fields


class ErrorSerializer(serializers.Serializer[Any]):
    error = ErrorDetailSerializer()


_ERROR_DESCRIPTIONS = {
    "400": "Invalid input; nothing was written.",
    "401": "Not signed in: send a token (Authorization: Token …) or a session cookie.",
    "403": "Signed in, but not allowed to do this.",
    "404": "Not found, or not visible to you.",
    "409": "Someone else changed the object since you read it; nothing was written.",
    "429": "Too many requests: wait for Retry-After seconds.",
}


class ErrorResponsesAutoSchema(AutoSchema):
    """Adds the error responses an operation can give, all in the one error shape."""

    def _error_codes(self) -> list[str]:
        codes = ["401", "404"]  # 401: also for a bad token sent to a public endpoint
        unsafe = self.method not in {"GET", "HEAD", "OPTIONS"}
        if unsafe or self._is_list_view() or any(p.get("in") == "query" for p in self._get_parameters()):
            codes.append("400")
        try:
            permissions = self.view.get_permissions()
        except Exception:  # a view whose permissions depend on the request; assume the worst
            permissions = []
        if not permissions or not all(isinstance(p, AllowAny) for p in permissions) or unsafe:
            codes.append("403")
        if unsafe:  # a stale row_version (also on DELETE), or an object someone else removed
            codes.append("409")
        if getattr(self.view, "throttle_classes", None) or getattr(self.view, "refuses_with_429", False):
            codes.append("429")
        return sorted(codes)

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=_ERROR_DESCRIPTIONS[code]),
                    code,
                    direction=direction,
                )
        return responses
