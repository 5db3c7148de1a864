"""Errors that services raise; views and the API turn them into messages and one error shape."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class ConflictError(Exception):
    """Someone else changed the object since it was loaded (optimistic locking)."""

    def __init__(self, message: str, current: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.current = current or {}


class PermissionDeniedError(Exception):
    """The actor may see the object but not do this to it."""


__all__ = ["ConflictError", "PermissionDeniedError", "ValidationError"]
