"""API endpoints of this app (filled in by its issue work)."""

from __future__ import annotations

from typing import Any


def register(router: Any) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
