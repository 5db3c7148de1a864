"""System checks for deployment (``kotacerdas check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

# Caches that live inside one process: each worker would count logins and API calls on its own.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, Tags.security, deploy=True)
def shared_cache_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Login throttling and API rate limits need a cache every worker shares."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            Warning(
                f"The default cache is per process ({backend}): login throttling and API rate "
                "limits do not hold across workers.",
                hint="Set REDIS_URL, or leave it unset to use the database cache "
                "(django.core.cache.backends.db.DatabaseCache).",
                id="kotacerdas.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def site_url_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Links in e-mails (notifications) are made outside a request, from ``SITE_URL``."""
    url = getattr(settings, "SITE_URL", "")
    if not url.startswith("https://"):
        return [
            Warning(
                f"SITE_URL is {url!r}: links in the e-mails the site sends would not reach it.",
                hint="Set KOTACERDAS_SITE_URL to the site's public https:// address, "
                "e.g. https://kotacerdas.komdigi.go.id",
                id="kotacerdas.W002",
            )
        ]
    return []
