"""Rate limits counted in the shared cache (so every worker process sees the same counts).

``rate_hit(scope=, ident=, rate="10/min")`` counts one request and answers 0 while it is
allowed, else the seconds until the window ends (for ``Retry-After``); e.g. the master-plan
documents count each person's fresh renders against ``settings.DOCUMENT_RATE``.
``client_address`` is the caller's address behind ``settings.TRUSTED_PROXY_COUNT`` proxies.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

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


def client_address(meta: dict[str, str]) -> str:
    """The client's address: REMOTE_ADDR, or the entry that trusted proxies put in X-Forwarded-For."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return meta.get("REMOTE_ADDR", "") or "unknown"
