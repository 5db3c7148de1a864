"""API of master plans (the plan tree, versions, items)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern

# extra non-router paths under /api/v1/masterplans/
urlpatterns: list[URLPattern] = []


def register(router: Any) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
