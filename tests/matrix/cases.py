"""The permission matrix: every URL, every role of the standard cast, the expected status.

Each app adds its cases in ``cases_<app>.py`` as a list named ``CASES``; ``test_matrix.py``
runs them all and fails if a named URL of the project has no case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = [
    "ministry_admin",
    "pendamping",
    "coordinator_a",
    "officer_a",
    "assessor",
    "coordinator_b",
    "anonymous",
]
LOGIN = 302  # anonymous users are sent to the login page


def expect(default: int, **by_role: int) -> dict[str, int]:
    """``expect(200, anonymous=302)``: the status for each role, ``default`` for the rest."""
    unknown = set(by_role) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")
    return {role: by_role.get(role, default) for role in ROLES}


@dataclass
class Case:
    """One URL (by name) requested by each role; ``path`` builds it from the test world."""

    url_name: str
    path: Callable[[Any], str]
    expect: dict[str, int]
    method: str = "get"
    data: Callable[[Any], dict[str, Any]] | None = None
    setup: Callable[[Any], Any] | None = None
    content_type: str | None = None
    id: str = field(default="")

    def label(self) -> str:
        return self.id or f"{self.method.upper()} {self.url_name}"
