"""Rate limits for expensive pages (PDF/DOCX generation), counted in the shared cache.

``@rate_limited("documents")`` allows each signed-in person ``settings.DOCUMENT_RATE``
requests (e.g. ``10/min``) per window; the next ones answer 429 with ``Retry-After``.
Anonymous callers are counted by address.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .services import client_address

PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def rate_parse(rate: str) -> tuple[int, int]:
    """``"10/min"`` → ``(10, 60)``: requests allowed, window in seconds."""
    count, _sep, period = rate.partition("/")
    if not count.strip().isdigit() or period.strip().lower() not in PERIODS:
        raise ValueError(f"bad rate {rate!r}: use n/s, n/min, n/hour or n/day")
    return int(count), PERIODS[period.strip().lower()]


def rate_hit(*, scope: str, ident: str, rate: str) -> int:
    """Count one request; 0 if it is allowed, else the seconds until the window ends."""
    allowed, seconds = rate_parse(rate)
    now = time.time()
    window = int(now // seconds)
    key = f"rate:{scope}:{ident}:{window}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 1)
        count = 1
    if count <= allowed:
        return 0
    return max(1, int((window + 1) * seconds - now))


def rate_limited(
    scope: str, *, setting: str = "DOCUMENT_RATE"
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Limit a function view to ``getattr(settings, setting)`` requests per person per window."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            ident = f"user:{user.pk}" if user.is_authenticated else f"addr:{client_address(request.META)}"
            retry = rate_hit(scope=scope, ident=ident, rate=getattr(settings, setting))
            if retry:
                response = HttpResponse(
                    _("Too many requests. Wait %(seconds)s seconds, then try again.") % {"seconds": retry},
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(retry)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
