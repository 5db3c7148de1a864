"""Every answer under /api/v1/ is JSON, errors in the one shape (``core/api_errors.py``).

DRF views answer their own errors in that shape. What Django answers by itself before or after
a view (a CSRF failure, a 404 from the URL resolver, the 500 page of an unhandled exception, the
400 of a bad ``Host``) is an HTML page; under /api/v1/ this middleware answers it in the error
shape instead, with the same status. Pages outside /api/v1/ are left alone. (A malformed
``page_size`` is refused by the pagination classes, ``core/api_pagination.py``.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _

from kotacerdas.core.api_errors import error_body

API_PREFIX = "/api/v1/"
# Headers of the original answer that still hold for its JSON replacement.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Content-Language", "Vary")


def _status_error(status: int) -> tuple[str, str]:
    """The error code and message for an error status Django answered by itself."""
    if status == 400:
        return "bad_request", _("The request is malformed.")
    if status == 403:
        return "permission_denied", _("You do not have permission to perform this action.")
    if status == 404:
        return "not_found", _("Not found.")
    if status == 405:
        return "method_not_allowed", _("This method is not allowed here.")
    if status >= 500:
        return "server_error", _("A server error occurred. It has been logged; please try again later.")
    return "error", _("The request was refused.")


def _is_json(response: HttpResponseBase) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip() == "application/json"


def as_api_error(response: HttpResponseBase) -> HttpResponseBase:
    """The same error in the API's shape (the body kept when it already is the shape)."""
    if response.status_code < 400 or _is_json(response):
        return response
    data: Any = getattr(response, "data", None)  # a DRF answer rendered as something else
    if not (isinstance(data, dict) and isinstance(data.get("error"), dict)):
        data = error_body(*_status_error(response.status_code))
    replacement = JsonResponse(data, status=response.status_code, json_dumps_params={"ensure_ascii": False})
    for header in KEPT_HEADERS:
        if header in response:
            replacement[header] = response[header]
    return replacement


class ApiErrorMiddleware:
    """Under /api/v1/: every error answered as JSON in the one shape."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        return as_api_error(self.get_response(request))


__all__ = ["API_PREFIX", "ApiErrorMiddleware", "as_api_error"]
