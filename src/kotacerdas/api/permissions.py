"""DRF permission classes built on the named permissions of ``kotacerdas.core.permissions``."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadOnlyOrAuthenticated(BasePermission):
    """Safe methods for anyone the view's selector lets see; writes need a signed-in user.

    The view's service checks the named permission for the object being written.
    """

    def has_permission(self, request: Any, view: Any) -> bool:
        return request.method in SAFE_METHODS or bool(request.user and request.user.is_authenticated)
