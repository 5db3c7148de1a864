"""DRF permission classes for the API. Named permissions (``kotacerdas.core.permissions``) are
checked in the views with ``require`` after the scoped look-up, so these only say who may call.
"""

from __future__ import annotations

from rest_framework.permissions import IsAuthenticatedOrReadOnly

# Safe methods for anyone the view's selector lets see; writes need a signed-in user (the view then
# checks the named permission for the object). DRF's own class, so that the OpenAPI schema knows
# that reads need no credentials.
ReadOnlyOrAuthenticated = IsAuthenticatedOrReadOnly

__all__ = ["ReadOnlyOrAuthenticated"]
