"""Read a worksheet back into a ``ParsedPlan`` (``workbook_parse``), or every problem found as
``RowError`` values (sheet, row, column, message). The bounds of the file are checked before it
is parsed, and the reading keeps to the time budget (``core.workbooks``). Nothing here writes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from kotacerdas.core.workbooks import (
    CellReader,
    OpenWorkbook,
    RowError,
    WorkbookRefused,
    choice,
    convert,
    norm,
    read_table,
    sheet_names,
    workbook_open,
)

from .. import rules
from ..choices import BudgetSource, Horizon
from .check import PlanErrors, plan_check
from .format import (
    ELEMENT_LABELS,
    ELEMENTS,
    HORIZON_LABELS,
    HORIZONS,
    MISSION_LABEL,
    PLAN_FIELDS,
    PLAN_LABEL_HEADER,
    PLAN_VALUE_HEADER,
    REQUIRED_SHEETS,
    SHEET_ACTIONS,
    SHEET_BUDGETS,
    SHEET_PLAN,
    SHEET_PROGRAMMES,
    SHEET_QUICK_WINS,
    SHEET_READINESS,
    SHEET_ROADMAP,
    SHEET_SWOT,
    SHEET_TARGETS,
    SOURCES,
    SWOT_KINDS,
    SWOT_LABELS,
    TABLES,
)
from .plan import (
    ActionRow,
    BudgetRow,
    ParsedPlan,
    ProgrammeRow,
    QuickWinRow,
    ReadinessRow,
    RoadmapRow,
    SwotRow,
    TargetRow,
    catalogue_for,
)


def _read_plan_sheet(ws: Any, errors: PlanErrors, reader: CellReader) -> dict[str, Any]:
    ws.reset_dimensions()
    labels = {norm(label): (key, kind) for key, label, kind in PLAN_FIELDS}
    out: dict[str, Any] = {"missions": [], "header_rows": {}}
    for number, cells in enumerate(ws.iter_rows(), start=1):
        if number == 1:
            continue
        for i, cell in enumerate(cells):
            if cell.data_type == "f":
                column = (
                    PLAN_VALUE_HEADER
                    if i == 1
                    else (PLAN_LABEL_HEADER if i == 0 else get_column_letter(i + 1))
                )
                errors.add(SHEET_PLAN, number, column, _("Formulas are not allowed: type the value itself."))
        if not cells:
            continue
        label = norm(cells[0].value)
        value = cells[1].value if len(cells) > 1 and cells[1].data_type != "f" else None
        if label == norm(MISSION_LABEL):
            text = reader.text(value)
            if text:
                out["missions"].append(text)
            continue
        if label not in labels:
            continue
        key, kind = labels[label]
        out["header_rows"][key] = number
        if key == "region_code" and isinstance(value, float):
            value = f"{value:.2f}"  # 52.04 typed as a number
        if kind == "int":
            out[key] = reader.integer(value, SHEET_PLAN, number, PLAN_VALUE_HEADER)
        else:
            out[key] = reader.text(value)
    return out


def workbook_parse(file: Any, *, region: Any = None) -> ParsedPlan | list[RowError]:
    """Read a workbook into a ``ParsedPlan``, or return every problem found (nothing is written).

    ``file`` is a path, bytes or a binary file object. Its bounds are checked before it is
    parsed (``core.workbooks``). With ``region`` the workbook must be that region's (its
    agencies are the ones allowed); without, the Rencana sheet's region code says which
    region it is.
    """
    errors = PlanErrors()
    try:
        with workbook_open(file) as opened:
            plan = _read_workbook(opened, errors)
    except WorkbookRefused as exc:
        return exc.rows
    if plan is None:
        return errors.sorted()
    if region is None:
        from kotacerdas.regions.models import Region

        region = Region.objects.filter(code=plan.region_code).first()
        if region is None:
            errors.add(
                SHEET_PLAN,
                plan.header_rows.get("region_code"),
                PLAN_VALUE_HEADER,
                _("Unknown region %(code)s.") % {"code": plan.region_code or "—"},
            )
            return errors.sorted()
    catalogue = catalogue_for(region)
    plan_check(plan, catalogue, errors=errors)
    if errors.items:
        return errors.sorted()
    plan.checked_with = catalogue
    return plan


def _code(value: Any) -> Any:
    """An item's code, or a reference to one, in the one stored form (``rules.normalise_code``)."""
    return rules.normalise_code(value) if isinstance(value, str) and value.strip() else value


def _read_workbook(opened: OpenWorkbook, errors: PlanErrors) -> ParsedPlan | None:
    wb = opened.book
    names = sheet_names(wb)
    reader = CellReader(errors)
    for sheet in REQUIRED_SHEETS:
        if norm(sheet) not in names:
            errors.add(sheet, None, None, _("The sheet %(sheet)s is missing.") % {"sheet": sheet})
    if norm(SHEET_PLAN) not in names:
        return None
    header = _read_plan_sheet(wb[names[norm(SHEET_PLAN)]], errors, reader)
    plan = ParsedPlan(
        region_code=header.get("region_code", ""),
        title=header.get("title", ""),
        start_year=header.get("start_year"),
        end_year=header.get("end_year"),
        vision=header.get("vision", ""),
        vision_explanation=header.get("vision_explanation", ""),
        rpjmd_vision=header.get("rpjmd_vision", ""),
        rpjmd_alignment=header.get("rpjmd_alignment", ""),
        exported_at=header.get("exported_at", ""),
        header_version=header.get("header_version"),
        missions=header["missions"],
        header_rows=header["header_rows"],
    )

    def table(sheet: str) -> list[tuple[int, dict[str, Any]]] | None:
        if norm(sheet) not in names:
            return None
        cols = TABLES[sheet]
        rows = read_table(wb[names[norm(sheet)]], sheet, cols, errors, opened.deadline)
        if rows is None:
            return None
        return [(n, convert(reader, sheet, n, cols, raw)) for n, raw in rows]

    for n, v in table(SHEET_PROGRAMMES) or []:
        plan.programmes.append(
            ProgrammeRow(
                code=_code(v["code"]),
                name=v["name"],
                dimension=v["dimension"],
                subdimension=v["subdimension"],
                agency=v["agency"],
                horizon=choice(
                    errors, SHEET_PROGRAMMES, n, "Horizon", v["horizon"], HORIZONS, HORIZON_LABELS.values()
                )
                or (Horizon.MEDIUM if not v["horizon"] else ""),
                start_year=v["start_year"],
                end_year=v["end_year"],
                description=v.get("description", ""),
                lineage=v.get("lineage", ""),
                row_version=v.get("row_version"),
                row=n,
            )
        )
    for n, v in table(SHEET_ACTIONS) or []:
        plan.actions.append(
            ActionRow(
                code=_code(v["code"]),
                programme=_code(v["programme"]),
                name=v["name"],
                agency=v["agency"],
                start_year=v["start_year"],
                end_year=v["end_year"],
                indicator=v.get("indicator", ""),
                unit=v.get("unit", ""),
                baseline=v.get("baseline"),
                lineage=v.get("lineage", ""),
                row_version=v.get("row_version"),
                row=n,
            )
        )
    for n, v in table(SHEET_BUDGETS) or []:
        source = choice(errors, SHEET_BUDGETS, n, "Sumber", v["source"], SOURCES, BudgetSource.values)
        plan.budgets.append(
            BudgetRow(action=_code(v["action"]), year=v["year"], source=source, amount=v["amount"], row=n)
        )
    for n, v in table(SHEET_TARGETS) or []:
        plan.targets.append(TargetRow(action=_code(v["action"]), year=v["year"], value=v["value"], row=n))
    for n, v in table(SHEET_QUICK_WINS) or []:
        plan.quick_wins.append(
            QuickWinRow(
                code=_code(v["code"]),
                name=v["name"],
                acronym=v.get("acronym", ""),
                expansion=v.get("expansion", ""),
                description=v.get("description", ""),
                dimension=v["dimension"],
                agency=v["agency"],
                target_year=v["target_year"],
                programme=_code(v.get("programme", "")),
                lineage=v.get("lineage", ""),
                row_version=v.get("row_version"),
                row=n,
            )
        )
    readiness = table(SHEET_READINESS)
    if readiness is not None:
        plan.readiness = [
            ReadinessRow(
                element=choice(
                    errors, SHEET_READINESS, n, "Elemen", v["element"], ELEMENTS, ELEMENT_LABELS.values()
                ),
                score=v["score"],
                summary=v.get("summary", ""),
                row=n,
            )
            for n, v in readiness
        ]
    swot = table(SHEET_SWOT)
    if swot is not None:
        plan.swot = [
            SwotRow(
                element=choice(
                    errors, SHEET_SWOT, n, "Elemen", v["element"], ELEMENTS, ELEMENT_LABELS.values()
                ),
                kind=choice(errors, SHEET_SWOT, n, "Jenis", v["kind"], SWOT_KINDS, SWOT_LABELS.keys()),
                text=v["text"],
                row=n,
            )
            for n, v in swot
        ]
    roadmap = table(SHEET_ROADMAP)
    if roadmap is not None:
        plan.roadmap = [
            RoadmapRow(year=v["year"], dimension=v["dimension"], milestone=v["milestone"], row=n)
            for n, v in roadmap
        ]
    return plan
