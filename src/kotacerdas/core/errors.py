"""Errors that services raise; views and the API turn them into messages and one error shape."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class ConflictError(Exception):
    """Someone else changed the object since it was loaded (optimistic locking).

    ``current`` holds the values the other writer saved; ``row_version`` the object's version now
    (None when it is gone), which a client sends to retry.
    """

    def __init__(
        self, message: str, current: dict[str, Any] | None = None, row_version: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.current = current or {}
        self.row_version = row_version


class PermissionDeniedError(Exception):
    """The actor may see the object but not do this to it."""


__all__ = ["ConflictError", "PermissionDeniedError", "ValidationError"]
