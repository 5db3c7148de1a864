"""A problem found in a workbook, where it is (sheet, row, column header) and what it is."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .columns import Col


@dataclass(frozen=True)
class RowError:
    """One problem: where (sheet, row, column header) and what (a translated sentence).

    ``sheet`` is empty for a problem of the whole file (too large, not a workbook).
    """

    sheet: str
    row: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = [self.sheet] if self.sheet else []
        if self.row:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}" if where else self.message


class RowErrors:
    """Collects problems, at most one per cell (the first found is the one people need)."""

    def __init__(self) -> None:
        self.items: list[RowError] = []
        self.cells: set[tuple[str, int | None, str | None]] = set()

    def add(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        key = (sheet, row, column)
        if row is not None and column is not None and key in self.cells:
            return
        error = RowError(sheet, row, column, message)
        if error in self.items:
            return
        self.cells.add(key)
        self.items.append(error)

    def sorted(
        self, sheet_order: Sequence[str] = (), tables: Mapping[str, Sequence[Col]] | None = None
    ) -> list[RowError]:
        """The problems by sheet (in ``sheet_order``), row and column (in the table's order)."""
        order = {name: i for i, name in enumerate(sheet_order)}
        tables = tables or {}

        def column_index(e: RowError) -> int:
            for i, col in enumerate(tables.get(e.sheet, ())):
                if col.header == e.column:
                    return i
            return -1

        return sorted(self.items, key=lambda e: (order.get(e.sheet, -1), e.row or 0, column_index(e)))
