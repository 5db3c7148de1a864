"""The CSRF-failure page: the product's layout for pages, the API's error shape under /api/v1/.

(403, 404 and 500 use Django's handlers with the templates ``403.html``, ``404.html`` and
``500.html``; the API answers its own errors in its shape.)
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .api_errors import error_body

API_PREFIX = "/api/v1/"


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid CSRF token (``CSRF_FAILURE_VIEW``): nothing was saved."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            error_body("csrf_failed", _("CSRF check failed: send the X-CSRFToken header, or use a token.")),
            status=403,
        )
    return render(request, "403_csrf.html", status=403)
