"""Build a worksheet: an instructions sheet (Petunjuk), one sheet per part of the plan and a
sheet of codes that feeds the dropdown lists (openpyxl, write-only)."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..choices import BudgetSource
from .format import (
    ACTION_COLS,
    BUDGET_COLS,
    ELEMENT_LABELS,
    HORIZON_LABELS,
    MISSION_LABEL,
    PLAN_FIELDS,
    PLAN_LABEL_HEADER,
    PLAN_VALUE_HEADER,
    PROGRAMME_COLS,
    QUICK_WIN_COLS,
    READINESS_COLS,
    ROADMAP_COLS,
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
    SWOT_COLS,
    SWOT_LABELS,
    TABLES,
    TARGET_COLS,
    Col,
)
from .plan import Catalogue, ParsedPlan

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass
class WorkbookData:
    """What ``workbook_build`` writes: the region's catalogue (dropdowns) and a plan."""

    catalogue: Catalogue
    plan: ParsedPlan


def _cell(ws: Any, value: Any, *, font: Font | None = None, fill: PatternFill | None = None) -> Any:
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text that looks like a formula stays text
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def _value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if value == "":
        return None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters a cell cannot hold
    return value


def _row(ws: Any, values: Iterable[Any]) -> list[Any]:
    out = []
    for v in values:
        v = _value(v)
        out.append(_cell(ws, v) if isinstance(v, str) and v.startswith("=") else v)
    return out


def _table_sheet(
    wb: Workbook, title: str, cols: Sequence[Col], rows: Iterable[Sequence[Any]], lists: dict[str, str]
) -> None:
    ws = wb.create_sheet(title)
    ws.freeze_panes = "A2"
    for index, col in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(index)].width = col.width
        if col.hidden:
            ws.column_dimensions[get_column_letter(index)].hidden = True
    body = list(rows)
    count = len(body)
    last = max(500, count + 200)
    for index, col in enumerate(cols, start=1):
        source = lists.get(col.choices)
        if not source:
            continue
        dv = DataValidation(type="list", formula1=source, allow_blank=True)
        dv.error = "Pilih nilai dari daftar (lihat lembar Daftar Kode)."
        dv.errorTitle = col.header
        dv.showErrorMessage = True
        letter = get_column_letter(index)
        dv.add(f"{letter}2:{letter}{last}")
        ws.data_validations.append(dv)
    ws.append([_cell(ws, col.header, font=HEADER_FONT, fill=HEADER_FILL) for col in cols])
    for values in body:
        ws.append(_row(ws, values))


@dataclass
class _Lists:
    """The codes sheet that feeds the dropdowns: its cells, and each list's range formula."""

    headers: dict[int, str]
    grid: dict[int, dict[int, Any]]
    widths: dict[int, int]
    last_col: int
    formulas: dict[str, str]


def _lists_layout(catalogue: Catalogue) -> _Lists:
    columns: list[tuple[str, list[str], list[int], list[list[Any]]]] = [
        ("dimension", ["Dimensi", "Nama Dimensi"], [10, 28], [[c, n] for c, n in catalogue.dimensions]),
        (
            "subdimension",
            ["Sub-dimensi", "Dimensi", "Nama Sub-dimensi"],
            [12, 10, 40],
            [[c, d, n] for c, d, n in catalogue.subdimensions],
        ),
        (
            "agency",
            ["OPD", "Singkatan", "Nama OPD"],
            [16, 16, 48],
            [[c, a, n] for c, a, n in catalogue.agencies],
        ),
        ("horizon", ["Horizon"], [12], [[label] for label in HORIZON_LABELS.values()]),
        ("source", ["Sumber"], [12], [[value] for value in BudgetSource.values]),
        ("element", ["Elemen"], [16], [[label] for label in ELEMENT_LABELS.values()]),
        ("swot", ["Jenis SWOT", "Arti"], [10, 14], [[value, label] for value, label in SWOT_LABELS.items()]),
    ]
    lists = _Lists(headers={}, grid=defaultdict(dict), widths={}, last_col=1, formulas={})
    col = 1
    for key, headers, widths, rows in columns:
        for offset, (header, width) in enumerate(zip(headers, widths, strict=True)):
            lists.headers[col + offset] = header
            lists.widths[col + offset] = width
        for i, values in enumerate(rows, start=2):
            for offset, value in enumerate(values):
                lists.grid[i][col + offset] = value
        if rows:
            letter = get_column_letter(col)
            lists.formulas[key] = f"'{SHEET_LISTS}'!${letter}$2:${letter}${len(rows) + 1}"
        col += len(headers) + 1
    lists.last_col = col
    return lists


def _lists_sheet(wb: Workbook, lists: _Lists) -> None:
    ws = wb.create_sheet(SHEET_LISTS)
    for col, width in lists.widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    ws.append(
        [
            _cell(ws, lists.headers[c], font=BOLD) if c in lists.headers else None
            for c in range(1, lists.last_col)
        ]
    )
    for i in range(2, max(lists.grid, default=1) + 1):
        ws.append([lists.grid[i].get(c) for c in range(1, lists.last_col)])


GUIDE_GENERAL = [
    "Kertas kerja ini memuat seluruh isi rencana induk (masterplan) smart city satu daerah.",
    "Isi setiap lembar mulai baris 2; baris 1 adalah judul kolom. Jangan mengubah nama lembar atau judul kolom.",
    "Satu baris = satu butir. Kode harus unik: kode program dan kode rencana aksi tidak boleh sama satu sama lain; kode quick win unik di antara quick win.",
    "Jangan memakai rumus (formula): tuliskan nilainya. Berkas berisi rumus ditolak.",
    "Angka ditulis sebagai angka (bukan teks), tanpa titik ribuan, mis. 150000000.",
    "Semua tahun harus berada di antara Tahun Mulai dan Tahun Selesai rencana (lembar Rencana).",
    "Dimensi, sub-dimensi, OPD, horizon dan sumber anggaran dipilih dari daftar (lembar Daftar Kode).",
    "Saat diimpor, butir dicocokkan menurut kolom tersembunyi ID (identitas butir), lalu menurut kode: kode boleh diganti tanpa kehilangan riwayat butir. Baris baru: biarkan ID kosong.",
    "Impor berjalan dua langkah: pratinjau (semua tambahan, perubahan, penghapusan, dan konflik dengan perubahan di aplikasi setelah berkas diekspor), lalu konfirmasi. Penghapusan dan konflik hanya diterapkan bila dicentang.",
    "Impor hanya berhasil bila seluruh berkas benar; bila ada kesalahan, tidak ada yang disimpan dan setiap kesalahan ditampilkan dengan lembar, baris dan kolomnya.",
]
GUIDE_SHEETS = {
    SHEET_PLAN: "Kepala rencana: kode daerah, judul, tahun mulai dan selesai, visi, maknanya, visi RPJMD dan keselarasannya. Tulis setiap misi pada baris 'Misi' tersendiri.",
    SHEET_PROGRAMMES: "Program kerja per sub-dimensi, dengan OPD pengampu, horizon dan tahunnya.",
    SHEET_ACTIONS: "Rencana aksi di bawah program (Kode Program), dengan OPD, tahun, indikator output, satuan dan baseline.",
    SHEET_BUDGETS: "Anggaran rencana aksi per tahun dan sumber (satu baris per tahun dan sumber).",
    SHEET_TARGETS: "Target indikator output rencana aksi per tahun (satu baris per tahun).",
    SHEET_QUICK_WINS: "Quick win: paling sedikit satu per dimensi, dapat diselesaikan pada satu-dua tahun pertama.",
    SHEET_READINESS: "Kesiapan kelima elemen (skor 1-5). Lembar ini boleh dihapus; bila dihapus, isinya di aplikasi tidak berubah.",
    SHEET_SWOT: "Analisis SWOT per elemen kesiapan. Boleh dihapus (isi di aplikasi tidak berubah).",
    SHEET_ROADMAP: "Road map: capaian tiap dimensi per tahun. Boleh dihapus (isi di aplikasi tidak berubah).",
    SHEET_LISTS: "Daftar kode yang boleh dipakai (dimensi, sub-dimensi, OPD daerah ini, horizon, sumber anggaran, elemen, jenis SWOT). Lembar ini tidak dibaca saat impor.",
}


def _guide_sheet(wb: Workbook, catalogue: Catalogue) -> None:
    ws = wb.create_sheet(SHEET_GUIDE)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 110
    ws.append([_cell(ws, "Petunjuk pengisian kertas kerja rencana induk smart city", font=TITLE_FONT)])
    ws.append([f"{catalogue.region_name} ({catalogue.region_code})"])
    ws.append([])
    ws.append([_cell(ws, "Aturan umum", font=BOLD)])
    for line in GUIDE_GENERAL:
        ws.append(["•", line])
    ws.append([])
    ws.append([_cell(ws, "Lembar", font=BOLD), _cell(ws, "Isi dan kolom", font=BOLD)])
    for sheet in SHEET_ORDER[1:]:
        ws.append([_cell(ws, sheet, font=BOLD), GUIDE_SHEETS[sheet]])
        for col in TABLES.get(sheet, ()):
            parts = [col.header]
            if col.required:
                parts.append("(wajib)")
            if col.kind == "int":
                parts.append("— bilangan bulat")
            elif col.kind == "decimal":
                parts.append("— angka")
            if col.note:
                parts.append(f"— {col.note}")
            ws.append([None, "   " + " ".join(parts)])
    ws.append([])
    ws.append([_cell(ws, "Nilai yang diizinkan", font=BOLD)])
    ws.append(["Dimensi", ", ".join(f"{c} ({n})" for c, n in catalogue.dimensions)])
    ws.append(["Sub-dimensi", ", ".join(f"{c} ({n})" for c, _d, n in catalogue.subdimensions)])
    ws.append(["OPD", ", ".join(f"{c} ({a})" for c, a, _n in catalogue.agencies) or "—"])
    ws.append(["Horizon", ", ".join(HORIZON_LABELS.values())])
    ws.append(["Sumber anggaran", ", ".join(BudgetSource.values)])
    ws.append(["Elemen kesiapan", ", ".join(ELEMENT_LABELS.values())])
    ws.append(["Jenis SWOT", ", ".join(f"{k} ({v})" for k, v in SWOT_LABELS.items())])


def workbook_build(plan_data: WorkbookData, *, template: bool) -> bytes:
    """The .xlsx of a plan; ``template=True`` leaves the item sheets empty (header prefilled)."""
    catalogue, plan = plan_data.catalogue, plan_data.plan
    wb = Workbook(write_only=True)
    _guide_sheet(wb, catalogue)
    lists = _lists_layout(catalogue)  # the codes sheet comes last; its ranges are needed first
    formulas = lists.formulas

    ws = wb.create_sheet(SHEET_PLAN)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 90
    ws.freeze_panes = "A2"
    ws.append(
        [_cell(ws, h, font=HEADER_FONT, fill=HEADER_FILL) for h in (PLAN_LABEL_HEADER, PLAN_VALUE_HEADER)]
    )
    values = {
        "region_code": catalogue.region_code,
        "region_name": catalogue.region_name,
        "title": plan.title,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "vision": plan.vision,
        "vision_explanation": plan.vision_explanation,
        "rpjmd_vision": plan.rpjmd_vision,
        "rpjmd_alignment": plan.rpjmd_alignment,
        "exported_at": plan.exported_at,
        "header_version": plan.header_version,
    }
    for key, label, _kind in PLAN_FIELDS:
        ws.append(_row(ws, [label, values[key]]))
    for mission in plan.missions if not template else []:
        ws.append(_row(ws, [MISSION_LABEL, mission]))
    if template or not plan.missions:
        ws.append([MISSION_LABEL, None])

    empty = template
    _table_sheet(
        wb,
        SHEET_PROGRAMMES,
        PROGRAMME_COLS,
        []
        if empty
        else (
            [
                p.code,
                p.name,
                p.dimension,
                p.subdimension,
                p.agency,
                HORIZON_LABELS.get(p.horizon, p.horizon),
                p.start_year,
                p.end_year,
                p.description,
                p.lineage,
                p.row_version,
            ]
            for p in plan.programmes
        ),
        formulas,
    )
    _table_sheet(
        wb,
        SHEET_ACTIONS,
        ACTION_COLS,
        []
        if empty
        else (
            [
                a.code,
                a.programme,
                a.name,
                a.agency,
                a.start_year,
                a.end_year,
                a.indicator,
                a.unit,
                a.baseline,
                a.lineage,
                a.row_version,
            ]
            for a in plan.actions
        ),
        formulas,
    )
    _table_sheet(
        wb,
        SHEET_BUDGETS,
        BUDGET_COLS,
        [] if empty else ([b.action, b.year, b.source, b.amount] for b in plan.budgets),
        formulas,
    )
    _table_sheet(
        wb,
        SHEET_TARGETS,
        TARGET_COLS,
        [] if empty else ([t.action, t.year, t.value] for t in plan.targets),
        formulas,
    )
    _table_sheet(
        wb,
        SHEET_QUICK_WINS,
        QUICK_WIN_COLS,
        []
        if empty
        else (
            [
                q.code,
                q.name,
                q.acronym,
                q.expansion,
                q.dimension,
                q.agency,
                q.target_year,
                q.programme,
                q.description,
                q.lineage,
                q.row_version,
            ]
            for q in plan.quick_wins
        ),
        formulas,
    )
    readiness = {r.element: r for r in plan.readiness or []} if not empty else {}
    _table_sheet(
        wb,
        SHEET_READINESS,
        READINESS_COLS,
        (
            [
                label,
                readiness[element].score if element in readiness else None,
                readiness[element].summary if element in readiness else "",
            ]
            for element, label in ELEMENT_LABELS.items()
        ),
        formulas,
    )
    _table_sheet(
        wb,
        SHEET_SWOT,
        SWOT_COLS,
        []
        if empty
        else ([ELEMENT_LABELS.get(s.element, s.element), s.kind, s.text] for s in plan.swot or []),
        formulas,
    )
    _table_sheet(
        wb,
        SHEET_ROADMAP,
        ROADMAP_COLS,
        [] if empty else ([r.year, r.dimension, r.milestone] for r in plan.roadmap or []),
        formulas,
    )
    _lists_sheet(wb, lists)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
