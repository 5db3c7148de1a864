"""The master plan as an Excel workbook (kertas kerja): build one, and read one back.

``workbook_build`` (``build``) writes an .xlsx: an instructions sheet (Petunjuk), one sheet per
part of the plan (Rencana, Program, Rencana Aksi, Anggaran, Target, Quick Win, and the optional
Kesiapan, SWOT and Road Map) and a sheet of codes that feeds the dropdown lists.
``workbook_parse`` (``read``) reads one back into a ``ParsedPlan`` (``plan``: plain dataclasses,
no ORM, so the API can build one from JSON too) or returns every problem found as ``RowError``
values (sheet, row, column, message); ``plan_check`` (``check``) is the validation both paths
share: the catalogue (dimensions, sub-dimensions, the region's agencies) and then
``rules.check_plan``, each problem mapped back to the cell it came from. ``format`` holds the
sheets, columns and allowed values.

The generic parts (columns, the bounded reader, row errors, limits) are the product's one
worksheet reader in ``kotacerdas.core.workbooks``. Problems are translated (English msgids).
Nothing here writes to the database: ``importer.py`` does that.
"""

from kotacerdas.core.workbooks import XLSX_MIME, Col, RowError

from .build import WorkbookData, workbook_build
from .check import PlanErrors, plan_check
from .format import (
    MISSION_LABEL,
    PLAN_FIELDS,
    PLAN_LABEL_HEADER,
    PLAN_VALUE_HEADER,
    SHEET_ACTIONS,
    SHEET_BUDGETS,
    SHEET_GUIDE,
    SHEET_LISTS,
    SHEET_ORDER,
    SHEET_PLAN,
    SHEET_PROGRAMMES,
    SHEET_QUICK_WINS,
    SHEET_READINESS,
    SHEET_ROADMAP,
    SHEET_SWOT,
    SHEET_TARGETS,
    TABLES,
)
from .plan import (
    ActionRow,
    BudgetRow,
    Catalogue,
    ParsedPlan,
    ProgrammeRow,
    QuickWinRow,
    ReadinessRow,
    RoadmapRow,
    SwotRow,
    TargetRow,
    catalogue_for,
    plan_from_dict,
)
from .read import workbook_parse

__all__ = [
    "MISSION_LABEL",
    "PLAN_FIELDS",
    "PLAN_LABEL_HEADER",
    "PLAN_VALUE_HEADER",
    "SHEET_ACTIONS",
    "SHEET_BUDGETS",
    "SHEET_GUIDE",
    "SHEET_LISTS",
    "SHEET_ORDER",
    "SHEET_PLAN",
    "SHEET_PROGRAMMES",
    "SHEET_QUICK_WINS",
    "SHEET_READINESS",
    "SHEET_ROADMAP",
    "SHEET_SWOT",
    "SHEET_TARGETS",
    "TABLES",
    "XLSX_MIME",
    "ActionRow",
    "BudgetRow",
    "Catalogue",
    "Col",
    "ParsedPlan",
    "PlanErrors",
    "ProgrammeRow",
    "QuickWinRow",
    "ReadinessRow",
    "RoadmapRow",
    "RowError",
    "SwotRow",
    "TargetRow",
    "WorkbookData",
    "catalogue_for",
    "plan_check",
    "plan_from_dict",
    "workbook_build",
    "workbook_parse",
]
