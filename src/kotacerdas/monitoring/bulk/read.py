"""Read an uploaded bulk-update sheet with the one worksheet reader (``core.workbooks``): its rows,
each matched to its item (hidden ID, else code); every problem of the file by sheet, row and column."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from kotacerdas.core.workbooks import (
    CellReader,
    RowErrors,
    WorkbookRefused,
    convert,
    norm,
    read_table,
    sheet_names,
    workbook_open,
)
from kotacerdas.regions.models import Region

from .. import selectors, services
from ..models import ReportingPeriod
from .format import (
    EDITABLE,
    HEADERS,
    INFO_PERIOD,
    INFO_REGION,
    INFO_VALUE_HEADER,
    READ_COLUMNS,
    SHEET_INFO,
    SHEET_ORDER,
    SHEET_REPORTS,
    BulkRefused,
)


@dataclass
class SheetRow:
    """One filled row of the report sheet: where it is, its item and what it says."""

    row: int
    lineage: str
    data: dict[str, Any]
    expected_version: int | None
    code: str = ""

    def as_write(self) -> services.ReportWrite:
        return services.ReportWrite(self.lineage, self.data, self.expected_version, partial=True)


def _period_text(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):  # "2024-1" turned into a date by a spreadsheet program
        return f"{value.year}-{value.month}"
    return str(value or "").strip()


def _read_info(ws: Any, region: Region, period: ReportingPeriod, errors: RowErrors) -> None:
    """The Keterangan sheet, when present, must be this region's and this period's."""
    for number, cells in enumerate(ws.iter_rows(max_col=2), start=1):
        if number == 1 or not cells:
            continue
        label = norm(cells[0].value)
        value = cells[1].value if len(cells) > 1 and cells[1].data_type != "f" else None
        if label == norm(INFO_REGION) and value not in (None, ""):
            code = f"{value:.2f}" if isinstance(value, float) else str(value).strip()
            if code != region.code:
                errors.add(
                    SHEET_INFO,
                    number,
                    INFO_VALUE_HEADER,
                    _("This sheet is for region %(sheet)s, not %(region)s.")
                    % {"sheet": code, "region": region.code},
                )
        elif label == norm(INFO_PERIOD) and value not in (None, ""):
            code = _period_text(value)
            if code != period.code:
                errors.add(
                    SHEET_INFO,
                    number,
                    INFO_VALUE_HEADER,
                    _(
                        "This sheet is for period %(sheet)s, not %(period)s: choose that period, or "
                        "download the sheet of %(period)s."
                    )
                    % {"sheet": code, "period": period.code},
                )


def read_rows(
    file: Any, *, region: Region, period: ReportingPeriod, errors: RowErrors
) -> tuple[list[tuple[int, dict[str, Any]]], set[str]]:
    """The report sheet's rows (cells converted) and the keys of the columns it has. A cell's
    problem is noted in ``errors`` (the rows are still checked, so that every problem is found in
    one pass); a file that cannot be read as a report sheet is refused (``BulkRefused``)."""
    found: set[str] = set()
    rows: list[tuple[int, dict[str, Any]]] | None = None
    reader = CellReader(errors)
    try:
        with workbook_open(file) as opened:
            names = sheet_names(opened.book)
            if norm(SHEET_INFO) in names:
                _read_info(opened.book[names[norm(SHEET_INFO)]], region, period, errors)
            if norm(SHEET_REPORTS) not in names:
                errors.add(
                    SHEET_REPORTS,
                    None,
                    None,
                    _("The sheet %(sheet)s is missing: use the sheet downloaded from this page.")
                    % {"sheet": SHEET_REPORTS},
                )
            else:
                raw = read_table(
                    opened.book[names[norm(SHEET_REPORTS)]],
                    SHEET_REPORTS,
                    READ_COLUMNS,
                    errors,
                    opened.deadline,
                    found,
                )
                if raw is not None:
                    rows = [(n, convert(reader, SHEET_REPORTS, n, READ_COLUMNS, values)) for n, values in raw]
    except WorkbookRefused as exc:
        raise BulkRefused(exc.rows) from None
    if rows is None:
        raise BulkRefused(errors.sorted(SHEET_ORDER, {SHEET_REPORTS: READ_COLUMNS}))
    return rows, found


def match_rows(
    rows: Sequence[tuple[int, dict[str, Any]]],
    found: set[str],
    items: Sequence[selectors.Item],
    errors: RowErrors,
) -> list[SheetRow]:
    """Each filled row matched to its item (by its hidden ID, else by its code); the values of the
    columns the sheet has (an absent column keeps the stored value)."""
    by_code: dict[str, list[selectors.Item]] = {}
    for item in items:
        by_code.setdefault(item.code.casefold(), []).append(item)
    seen: dict[str, int] = {}
    out: list[SheetRow] = []
    for number, values in rows:
        data = {key: values[key] for key in EDITABLE if key in found}
        if all(value in (None, "") for value in data.values()):
            continue  # nothing filled in: skipped
        lineage = ""
        identity = values.get("lineage") or ""
        if identity:
            try:
                lineage = str(uuid.UUID(identity))
            except ValueError:
                errors.add(
                    SHEET_REPORTS,
                    number,
                    HEADERS["lineage"],
                    _("“%(value)s” is not an item ID: leave the hidden ID column as downloaded.")
                    % {"value": identity[:40]},
                )
                continue
        else:
            code = values.get("code") or ""
            matches = by_code.get(code.casefold(), []) if code else []
            if len(matches) != 1:
                errors.add(
                    SHEET_REPORTS,
                    number,
                    HEADERS["code"],
                    _("No action plan or quick win has the code “%(code)s” in the master plan in force.")
                    % {"code": code}
                    if not matches
                    else _(
                        "Both an action plan and a quick win have the code “%(code)s”: use the downloaded sheet."
                    )
                    % {"code": code},
                )
                continue
            lineage = str(matches[0].lineage_id)
        if lineage in seen:
            errors.add(
                SHEET_REPORTS,
                number,
                HEADERS["code"],
                _("This item is already on row %(row)s: keep one row per item.") % {"row": seen[lineage]},
            )
            continue
        seen[lineage] = number
        version = values.get("row_version") if "row_version" in found else None
        out.append(SheetRow(number, lineage, data, version, values.get("code") or ""))
    return out
