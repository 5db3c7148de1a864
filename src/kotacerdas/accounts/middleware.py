"""Idle sessions end: a signed-in session unused for ``SESSION_IDLE_MINUTES`` is signed out."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "kc_last_seen"
# The session row is rewritten at most this often (seconds), not on every request.
TOUCH_INTERVAL = 60


def session_activity_start(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """At sign-in the session's activity clock starts (connected to ``user_logged_in``)."""
    if hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())


class IdleSessionMiddleware:
    """Sign out a session idle for longer than the setting; otherwise note its activity.

    ``SESSION_COOKIE_AGE`` equals the idle time too, so the stored session also expires on its
    own; this check makes the limit exact and leaves a message for the person.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if isinstance(last_seen, int) and now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, _("You were signed out after a period without activity."))
            elif not isinstance(last_seen, int) or now - last_seen >= TOUCH_INTERVAL:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
