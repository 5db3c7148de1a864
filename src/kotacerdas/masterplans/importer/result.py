"""What an import found and did: its changes (added, changed, removed, conflicts), counts and summaries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import (
    MasterPlan,
    PlanVersion,
)
from ..worksheets import (
    RowError,
)

KINDS = ("programmes", "actions", "quick_wins")
HEADER_FIELDS = ("vision", "vision_explanation", "rpjmd_vision", "rpjmd_alignment")
PROGRAMME_COMPARE = [
    "code",
    "name",
    "description",
    "subdimension_id",
    "agency_id",
    "horizon",
    "start_year",
    "end_year",
    "position",
]
ACTION_COMPARE = [
    "code",
    "programme_id",
    "name",
    "agency_id",
    "start_year",
    "end_year",
    "indicator",
    "unit",
    "baseline",
    "position",
]
QUICK_WIN_COMPARE = [
    "code",
    "name",
    "acronym",
    "expansion",
    "description",
    "dimension_id",
    "agency_id",
    "target_year",
    "programme_id",
    "position",
]


class ImportRefused(ValidationError):
    """The import was refused; ``rows`` says where and why (nothing was written)."""

    def __init__(self, rows: Sequence[RowError]) -> None:
        self.rows = list(rows)
        super().__init__([str(row) for row in self.rows] or [_("The import was refused.")])


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deleted)


ADD, CHANGE, REMOVE = "add", "change", "remove"
HEADER_KEY = "header"


@dataclass
class Change:
    """One addition, change or removal the file makes (or would make) to the draft.

    ``key`` names the item for a confirmation (``<kind>:<lineage>``; ``header`` for the plan's
    header). ``conflict``: the item was changed in the application after the file was
    exported. Removals and conflicts are applied only when confirmed (``applied``).
    ``fields`` are ``[label, old, new]`` as text.
    """

    kind: str  # programmes | actions | quick_wins | header
    key: str
    action: str  # add | change | remove
    code: str
    name: str
    conflict: bool = False
    applied: bool = True
    fields: list[list[str]] = field(default_factory=list)
    row: int | None = None

    @property
    def needs_confirmation(self) -> bool:
        return self.conflict or self.action == REMOVE

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "action": self.action,
            "code": self.code,
            "name": self.name,
            "conflict": self.conflict,
            "needs_confirmation": self.needs_confirmation,
            "applied": self.applied,
            "fields": [{"field": f[0], "old": f[1], "new": f[2]} for f in self.fields],
            "row": self.row,
        }


@dataclass
class ImportResult:
    plan: MasterPlan
    version: PlanVersion
    plan_created: bool
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    header_changes: list[str] = field(default_factory=list)  # header parts that changed
    changes: list[Change] = field(default_factory=list)  # every difference, applied or not
    dry_run: bool = False

    @property
    def waiting(self) -> list[Change]:
        """What the file would change but needs a confirmation (removals, conflicts)."""
        return [c for c in self.changes if not c.applied]

    @property
    def changed(self) -> bool:
        return self.plan_created or bool(self.header_changes) or any(c.changed for c in self.counts.values())

    @property
    def total(self) -> Counts:
        return Counts(
            added=sum(c.added for c in self.counts.values()),
            updated=sum(c.updated for c in self.counts.values()),
            deleted=sum(c.deleted for c in self.counts.values()),
            unchanged=sum(c.unchanged for c in self.counts.values()),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": self.plan.region.code,
            "start_year": self.plan.start_year,
            "version": self.version.number,
            "plan_created": self.plan_created,
            "changed": self.changed,
            "header_changes": list(self.header_changes),
            "changes": [c.as_dict() for c in self.changes],
            "counts": {
                kind: {
                    "added": c.added,
                    "updated": c.updated,
                    "deleted": c.deleted,
                    "unchanged": c.unchanged,
                }
                for kind, c in self.counts.items()
            },
        }


def preview_summary(result: ImportResult) -> str:
    """One sentence saying what confirming a preview would do."""
    adds = sum(1 for c in result.changes if c.action == ADD)
    changes = sum(1 for c in result.changes if c.action == CHANGE)
    removals = sum(1 for c in result.changes if c.action == REMOVE)
    conflicts = sum(1 for c in result.changes if c.conflict)
    if not result.changes and not result.plan_created:
        return _("Nothing to import: the worksheet matches version %(number)s.") % {
            "number": result.version.number
        }
    return _(
        "The worksheet adds %(added)s, changes %(changed)s and removes %(removed)s items; %(conflicts)s of the changes conflict with edits made in the application after the file was exported."
    ) % {"added": adds, "changed": changes, "removed": removals, "conflicts": conflicts}


def import_summary(result: ImportResult) -> str:
    """One sentence saying what an import did."""
    if not result.changed:
        return _("Nothing changed: the worksheet matches version %(number)s.") % {
            "number": result.version.number
        }
    total = result.total
    return _(
        "Imported into version %(number)s: %(added)s added, %(updated)s updated, %(deleted)s deleted, %(unchanged)s unchanged."
    ) % {
        "number": result.version.number,
        "added": total.added,
        "updated": total.updated,
        "deleted": total.deleted,
        "unchanged": total.unchanged,
    }
