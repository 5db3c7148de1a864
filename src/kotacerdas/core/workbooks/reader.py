"""Open a checked workbook and read its table sheets into Python values, cell problems noted.

``workbook_open`` checks the bounds first (``bounds.workbook_check_bounds``), then opens the
file with openpyxl in read-only mode (streaming, formulas kept as formulas so they can be
refused). ``read_table`` reads a table sheet (headers in row 1, found by name in any order)
into ``(row number, {key: raw value})``; ``convert`` turns raw values into text, whole numbers
and decimals as the columns say, noting every problem by sheet, row and column.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from .bounds import Bounds, Deadline, Limits, WorkbookRefused, as_source, workbook_check_bounds
from .columns import Col
from .errors import RowError, RowErrors

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_NUMBER = Decimal(10) ** 16  # 18 digits, 2 of them decimals
CENT = Decimal("0.01")
CHECK_EVERY = 200  # rows between two looks at the clock


@dataclass
class OpenWorkbook:
    """An open workbook (openpyxl, read-only), what its bounds check found, and its time budget."""

    book: Any
    bounds: Bounds
    deadline: Deadline


@contextmanager
def workbook_open(file: Any, *, limits: Limits | None = None) -> Iterator[OpenWorkbook]:
    """Check ``file``'s bounds, then open it; raises ``WorkbookRefused`` for a file to refuse."""
    bounds = workbook_check_bounds(file, limits)
    assert bounds.deadline is not None
    try:
        book = load_workbook(as_source(file), read_only=True, data_only=False)
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        TypeError,
        OSError,
        IndexError,
        AttributeError,
    ):
        raise WorkbookRefused(
            [RowError("", None, None, _("This is not an Excel workbook (.xlsx)."))]
        ) from None
    except Exception:  # openpyxl raises many things on a damaged file; none of them is the user's fault
        raise WorkbookRefused(
            [RowError("", None, None, _("This is not an Excel workbook (.xlsx), or it is damaged."))]
        ) from None
    try:
        yield OpenWorkbook(book=book, bounds=bounds, deadline=bounds.deadline)
    finally:
        book.close()


def norm(text: Any) -> str:
    """Text compared loosely: spaces collapsed, lower case."""
    return " ".join(str(text).split()).lower() if text is not None else ""


def sheet_names(book: Any) -> dict[str, str]:
    """The workbook's sheets by loose name (``norm``)."""
    return {norm(name): name for name in book.sheetnames}


_INT_RE = re.compile(r"^-?\d+$")
_DECIMAL_RE = re.compile(r"^-?\d+(\.\d+)?$")


class CellReader:
    """Reads cells into Python values, noting problems by cell."""

    def __init__(self, errors: RowErrors) -> None:
        self.errors = errors

    def text(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def integer(self, value: Any, sheet: str, row: int, column: str) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.errors.add(sheet, row, column, _("“%(value)s” is not a whole number.") % {"value": value})
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and _INT_RE.match(value.strip()):
            return int(value.strip())
        self.errors.add(sheet, row, column, _("“%(value)s” is not a whole number.") % {"value": value})
        return None

    def decimal(self, value: Any, sheet: str, row: int, column: str) -> Decimal | None:
        if value is None or value == "":
            return None
        number: Decimal | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int | float):
            try:
                number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            except InvalidOperation:
                number = None
            if number is not None and not number.is_finite():
                number = None
        elif isinstance(value, str) and _DECIMAL_RE.match(value.strip()):
            number = Decimal(value.strip())
        if number is None:
            self.errors.add(
                sheet,
                row,
                column,
                _("“%(value)s” is text, not a number: type the number only.") % {"value": value},
            )
            return None
        if abs(number) >= MAX_NUMBER:
            self.errors.add(sheet, row, column, _("The number %(value)s is too large.") % {"value": value})
            return None
        return number.quantize(CENT, rounding=ROUND_HALF_UP)


FORMULA = "f"


def formula_message() -> str:
    return _("Formulas are not allowed: type the value itself.")


def read_table(
    ws: Any,
    sheet: str,
    cols: Sequence[Col],
    errors: RowErrors,
    deadline: Deadline | None = None,
    present: set[str] | None = None,
) -> list[tuple[int, dict[str, Any]]] | None:
    """The data rows of a table sheet as ``(row number, {key: raw value})``; ``None`` if unreadable.

    Headers are found by name in row 1; a missing required column is a problem of row 1.
    Formulas are refused cell by cell. Empty rows are skipped. ``present``, when given, receives
    the keys of the columns the sheet has (an absent optional column reads as empty cells).
    """
    ws.reset_dimensions()  # don't trust a stored size: read the rows that are there
    rows = ws.iter_rows()
    header = next(rows, None)
    if header is None:
        errors.add(sheet, 1, None, _("The header row is missing."))
        return None
    index: dict[str, int] = {}
    labels: dict[int, str] = {}
    for i, cell in enumerate(header):
        if cell.value is not None:
            labels[i] = str(cell.value).strip()
            index.setdefault(norm(cell.value), i)
    positions: dict[str, int] = {}
    missing = False
    for col in cols:
        found = index.get(norm(col.header))
        if found is None:
            if not col.optional:
                errors.add(
                    sheet, 1, col.header, _("The column %(column)s is missing.") % {"column": col.header}
                )
                missing = True
        else:
            positions[col.key] = found
    if missing:
        return None
    if present is not None:
        present.update(positions)
    out: list[tuple[int, dict[str, Any]]] = []
    for number, cells in enumerate(rows, start=2):
        if deadline is not None and number % CHECK_EVERY == 0:
            deadline.check()
        values: dict[str, Any] = {}
        filled = False
        for i, cell in enumerate(cells):
            if cell.data_type == FORMULA:
                column = labels.get(i) or get_column_letter(i + 1)
                errors.add(sheet, number, column, formula_message())
                filled = True
        for col in cols:
            i = positions.get(col.key, -1)
            value = cells[i].value if 0 <= i < len(cells) else None
            if 0 <= i < len(cells) and cells[i].data_type == FORMULA:
                value = None
            if isinstance(value, str):
                value = value.strip() or None
            if value is not None:
                filled = True
            values[col.key] = value
        if filled:
            out.append((number, values))
    return out


def convert(
    reader: CellReader, sheet: str, number: int, cols: Sequence[Col], raw: dict[str, Any]
) -> dict[str, Any]:
    """A row's raw values as text, whole numbers and decimals, as its columns say."""
    out: dict[str, Any] = {}
    for col in cols:
        value = raw.get(col.key)
        if col.kind == "int":
            out[col.key] = reader.integer(value, sheet, number, col.header)
        elif col.kind == "decimal":
            out[col.key] = reader.decimal(value, sheet, number, col.header)
        else:
            out[col.key] = reader.text(value)
    return out


def choice(
    errors: RowErrors,
    sheet: str,
    number: int | None,
    column: str,
    value: str,
    allowed: dict[str, str],
    shown: Iterable[str],
) -> str:
    """``value`` as one of ``allowed`` (loosely matched), or "" with a problem noted."""
    if not value:
        return ""
    found = allowed.get(value.strip().lower())
    if found is None:
        errors.add(
            sheet,
            number,
            column,
            _("“%(value)s” is not an allowed value (allowed: %(allowed)s).")
            % {"value": value, "allowed": ", ".join(shown)},
        )
        return ""
    return found
