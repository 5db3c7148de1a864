"""One worksheet reader for the whole product: Excel workbooks (.xlsx) read safely.

Every import of a workbook (the master plan's worksheet, monitoring's bulk updates,
evaluation's score sheets) goes through here:

- ``bounds``: the workbook is checked *before* any parser touches it: its size, the
  uncompressed size of its parts (one by one and together), the rows of each sheet (counted
  while streaming the part) and a time budget, all from settings. A refusal is a
  ``WorkbookRefused`` carrying translated ``RowError`` values; nothing is parsed. Its zip part
  (``zip_over_limit``: the parts' count and unpacked sizes) also bounds uploaded Office files.
- ``columns``: how a table sheet's columns are described (``Col``).
- ``errors``: a problem found at a cell (``RowError``) and the collector that keeps one per cell.
- ``reader``: open a checked workbook (openpyxl, read-only) and read a table sheet's rows into
  Python values, with the time budget checked while reading.

Nothing here knows about a domain: the apps describe their sheets with ``Col`` and turn the
rows into their own records.
"""

from .bounds import (
    Bounds,
    Deadline,
    Limits,
    WorkbookRefused,
    ZipOverLimit,
    workbook_background_rows,
    workbook_check_bounds,
    workbook_limits,
    zip_over_limit,
)
from .columns import Col
from .errors import RowError, RowErrors
from .reader import (
    XLSX_MIME,
    CellReader,
    OpenWorkbook,
    choice,
    convert,
    norm,
    read_table,
    sheet_names,
    workbook_open,
)

__all__ = [
    "XLSX_MIME",
    "Bounds",
    "CellReader",
    "Col",
    "Deadline",
    "Limits",
    "OpenWorkbook",
    "RowError",
    "RowErrors",
    "WorkbookRefused",
    "ZipOverLimit",
    "choice",
    "convert",
    "norm",
    "read_table",
    "sheet_names",
    "workbook_background_rows",
    "workbook_check_bounds",
    "workbook_limits",
    "workbook_open",
    "zip_over_limit",
]
