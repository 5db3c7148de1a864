"""The master plan as an Excel workbook (kertas kerja): build one, and read one back.

``workbook_build`` writes an .xlsx: an instructions sheet (Petunjuk), one sheet per part of
the plan (Rencana, Program, Rencana Aksi, Anggaran, Target, Quick Win, and the optional
Kesiapan, SWOT and Road Map) and a sheet of codes that feeds the dropdown lists.
``workbook_parse`` reads one back into a ``ParsedPlan`` (plain dataclasses, no ORM, so the
API can build one from JSON too) or returns every problem found as ``RowError`` values
(sheet, row, column, message); ``plan_check`` is the validation both paths share: the
catalogue (dimensions, sub-dimensions, the region's agencies) and then ``rules.check_plan``,
each problem mapped back to the cell it came from.

The workbook's format (sheet names, column headers, the instructions) is Indonesian by
design: it is a file exchanged between regional offices, whatever the language of the page
it was downloaded from. Problems are translated (English msgids).

Nothing here writes to the database: ``importer.py`` does that.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from . import rules
from .choices import BudgetSource, Horizon, ReadinessElement, SwotKind
from .messages import problem_text

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_PLAN_YEARS = 20  # as services.MAX_PLAN_YEARS (kept here so this module needs no services import)
MAX_AMOUNT = Decimal(10) ** 16  # ActionBudget.amount: 18 digits, 2 of them decimals
CENT = Decimal("0.01")

# ---------------------------------------------------------------- the parsed plan


@dataclass
class ProgrammeRow:
    code: str
    name: str
    dimension: str
    subdimension: str
    agency: str
    start_year: int | None
    end_year: int | None
    horizon: str = Horizon.MEDIUM
    description: str = ""
    row: int | None = None


@dataclass
class ActionRow:
    code: str
    programme: str
    name: str
    agency: str
    start_year: int | None
    end_year: int | None
    indicator: str = ""
    unit: str = ""
    baseline: Decimal | None = None
    row: int | None = None


@dataclass
class BudgetRow:
    action: str
    year: int | None
    source: str
    amount: Decimal | None
    row: int | None = None


@dataclass
class TargetRow:
    action: str
    year: int | None
    value: Decimal | None
    row: int | None = None


@dataclass
class QuickWinRow:
    code: str
    name: str
    dimension: str
    agency: str
    target_year: int | None
    acronym: str = ""
    expansion: str = ""
    description: str = ""
    programme: str = ""
    row: int | None = None


@dataclass
class ReadinessRow:
    element: str
    score: int | None
    summary: str = ""
    row: int | None = None


@dataclass
class SwotRow:
    element: str
    kind: str
    text: str
    row: int | None = None


@dataclass
class RoadmapRow:
    year: int | None
    dimension: str
    milestone: str
    row: int | None = None


@dataclass
class ParsedPlan:
    """A whole plan as read from a workbook (or built from JSON): codes and text, no database rows.

    Agencies are written as the region's agency code (or acronym), dimensions and
    sub-dimensions by catalogue code. ``readiness``, ``swot`` and ``roadmap`` are ``None`` when
    their sheet was absent: the import then leaves them as they are.
    """

    region_code: str
    title: str
    start_year: int | None
    end_year: int | None
    vision: str = ""
    vision_explanation: str = ""
    rpjmd_vision: str = ""
    rpjmd_alignment: str = ""
    missions: list[str] = field(default_factory=list)
    programmes: list[ProgrammeRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    budgets: list[BudgetRow] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    quick_wins: list[QuickWinRow] = field(default_factory=list)
    readiness: list[ReadinessRow] | None = None
    swot: list[SwotRow] | None = None
    roadmap: list[RoadmapRow] | None = None
    header_rows: dict[str, int] = field(default_factory=dict)  # Rencana sheet: field -> row
    # The catalogue a successful ``plan_check`` used: the import then need not check again.
    checked_with: Catalogue | None = field(default=None, compare=False, repr=False)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("checked_with", None)
        return data


@dataclass(frozen=True)
class RowError:
    """One problem: where (sheet, row, column header) and what (a translated sentence)."""

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


@dataclass(frozen=True)
class Catalogue:
    """What a workbook of one region may refer to: dimensions, sub-dimensions, its agencies."""

    region_code: str
    region_name: str
    dimensions: tuple[tuple[str, str], ...]  # (code, name), in catalogue order
    subdimensions: tuple[tuple[str, str, str], ...]  # (code, dimension code, name)
    agencies: tuple[tuple[str, str, str], ...]  # (code, acronym, name) of active agencies
    dimension_ids: dict[str, int] = field(default_factory=dict)
    subdimension_ids: dict[str, int] = field(default_factory=dict)
    agency_ids: dict[str, int] = field(default_factory=dict)  # lower-cased code and acronym -> pk

    @property
    def dimension_codes(self) -> tuple[str, ...]:
        return tuple(code for code, _name in self.dimensions)

    @property
    def subdimension_dimension(self) -> dict[str, str]:
        return {code: dim for code, dim, _name in self.subdimensions}

    def agency_id(self, text: str) -> int | None:
        return self.agency_ids.get(text.strip().lower()) if text else None

    def dimension_code(self, text: str) -> str:
        """A dimension code from its code or (Indonesian/English) name; unknown text upper-cased."""
        key = text.strip().upper()
        if key in self.dimension_ids:
            return key
        for code, name in self.dimensions:
            if name.strip().upper() == key:
                return code
        return key

    def subdimension_code(self, text: str) -> str:
        key = text.strip().upper()
        if key in self.subdimension_ids:
            return key
        for code, _dim, name in self.subdimensions:
            if name.strip().upper() == key:
                return code
        return key


def catalogue_for(region: Any) -> Catalogue:
    """The catalogue and agencies a workbook of ``region`` may use (three queries)."""
    from kotacerdas.organisation.models import Agency
    from kotacerdas.programme.models import Dimension, SubDimension

    dimensions = list(Dimension.objects.order_by("position", "code").values_list("pk", "code", "name"))
    subs = list(
        SubDimension.objects.order_by("dimension__position", "position", "code").values_list(
            "pk", "code", "dimension__code", "name"
        )
    )
    agencies = list(
        Agency.objects.filter(region=region)
        .order_by("acronym")
        .values_list("pk", "code", "acronym", "name", "is_active")
    )
    agency_ids: dict[str, int] = {}
    for pk, _code, acronym, _name, _active in agencies:
        agency_ids.setdefault(acronym.strip().lower(), pk)
    for pk, code, _acronym, _name, _active in agencies:
        agency_ids[code.strip().lower()] = pk  # a code wins over someone else's acronym
    return Catalogue(
        region_code=region.code,
        region_name=region.name,
        dimensions=tuple((code, name) for _pk, code, name in dimensions),
        subdimensions=tuple((code, dim, name) for _pk, code, dim, name in subs),
        agencies=tuple((code, acronym, name) for _pk, code, acronym, name, active in agencies if active),
        dimension_ids={code: pk for pk, code, _name in dimensions},
        subdimension_ids={code: pk for pk, code, _dim, _name in subs},
        agency_ids=agency_ids,
    )


# ---------------------------------------------------------------- the workbook's format

SHEET_GUIDE = "Petunjuk"
SHEET_PLAN = "Rencana"
SHEET_PROGRAMMES = "Program"
SHEET_ACTIONS = "Rencana Aksi"
SHEET_BUDGETS = "Anggaran"
SHEET_TARGETS = "Target"
SHEET_QUICK_WINS = "Quick Win"
SHEET_READINESS = "Kesiapan"
SHEET_SWOT = "SWOT"
SHEET_ROADMAP = "Road Map"
SHEET_LISTS = "Daftar Kode"

REQUIRED_SHEETS = [
    SHEET_PLAN,
    SHEET_PROGRAMMES,
    SHEET_ACTIONS,
    SHEET_BUDGETS,
    SHEET_TARGETS,
    SHEET_QUICK_WINS,
]
OPTIONAL_SHEETS = [SHEET_READINESS, SHEET_SWOT, SHEET_ROADMAP]
SHEET_ORDER = [SHEET_GUIDE, *REQUIRED_SHEETS, *OPTIONAL_SHEETS, SHEET_LISTS]

# Allowed values as written in the workbook (Indonesian), and what they mean.
HORIZON_LABELS: dict[str, str] = {
    Horizon.SHORT: "Pendek",
    Horizon.MEDIUM: "Menengah",
    Horizon.LONG: "Panjang",
}
ELEMENT_LABELS: dict[str, str] = {
    ReadinessElement.NATURE: "Alam",
    ReadinessElement.STRUCTURE: "Struktur",
    ReadinessElement.INFRASTRUCTURE: "Infrastruktur",
    ReadinessElement.SUPRASTRUCTURE: "Suprastruktur",
    ReadinessElement.CULTURE: "Budaya",
}
SWOT_LABELS: dict[str, str] = {
    SwotKind.STRENGTH: "Kekuatan",
    SwotKind.WEAKNESS: "Kelemahan",
    SwotKind.OPPORTUNITY: "Peluang",
    SwotKind.THREAT: "Ancaman",
}


def _choice_map(labels: dict[str, str]) -> dict[str, str]:
    out = {str(value).lower(): str(value) for value in labels}
    out.update({label.lower(): str(value) for value, label in labels.items()})
    return out


HORIZONS = _choice_map(HORIZON_LABELS)
ELEMENTS = _choice_map(ELEMENT_LABELS)
SWOT_KINDS = _choice_map(SWOT_LABELS)
SOURCES = {value.lower(): value for value in BudgetSource.values} | {
    "non apbd": "NON_APBD",
    "non-apbd": "NON_APBD",
}


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    kind: str = "text"  # text | int | decimal
    width: int = 14
    required: bool = False
    max_length: int | None = None
    choices: str = ""  # a dropdown: dimension, subdimension, agency, horizon, source, element, swot
    optional: bool = False  # the column itself may be absent from the sheet
    note: str = ""  # for the instructions sheet


PROGRAMME_COLS = (
    Col("code", "Kode", width=12, max_length=30, note="Kode unik program, mis. GOV-01."),
    Col("name", "Nama Program", width=48, required=True, max_length=300),
    Col(
        "dimension",
        "Dimensi",
        width=10,
        choices="dimension",
        note="Kode dimensi; boleh kosong bila sub-dimensi diisi.",
    ),
    Col(
        "subdimension",
        "Sub-dimensi",
        width=12,
        required=True,
        choices="subdimension",
        note="Kode sub-dimensi, mis. GOV-1.",
    ),
    Col("agency", "OPD Pengampu", width=18, choices="agency", note="Kode atau singkatan OPD daerah ini."),
    Col(
        "horizon",
        "Horizon",
        width=12,
        choices="horizon",
        note="Pendek (1-2 tahun), Menengah (±5 tahun), Panjang (±10 tahun); kosong = Menengah.",
    ),
    Col("start_year", "Tahun Mulai", kind="int", width=12),
    Col("end_year", "Tahun Selesai", kind="int", width=12),
    Col("description", "Deskripsi", width=48, optional=True),
)
ACTION_COLS = (
    Col("code", "Kode", width=14, max_length=30, note="Kode unik rencana aksi, mis. GOV-01.01."),
    Col("programme", "Kode Program", width=14, required=True, note="Kode program induknya (lembar Program)."),
    Col("name", "Nama Rencana Aksi", width=48, required=True, max_length=300),
    Col("agency", "OPD Pengampu", width=18, choices="agency"),
    Col("start_year", "Tahun Mulai", kind="int", width=12),
    Col("end_year", "Tahun Selesai", kind="int", width=12),
    Col("indicator", "Indikator Output", width=36, max_length=300, optional=True),
    Col("unit", "Satuan", width=14, max_length=60, optional=True),
    Col("baseline", "Baseline", kind="decimal", width=12, optional=True),
)
BUDGET_COLS = (
    Col("action", "Kode Rencana Aksi", width=18, required=True),
    Col("year", "Tahun", kind="int", width=10, required=True, note="Dalam tahun rencana aksinya."),
    Col("source", "Sumber", width=12, required=True, choices="source", note="APBD, APBN atau NON_APBD."),
    Col(
        "amount",
        "Jumlah (Rp)",
        kind="decimal",
        width=20,
        required=True,
        note="Angka saja, tanpa titik ribuan, tidak negatif.",
    ),
)
TARGET_COLS = (
    Col("action", "Kode Rencana Aksi", width=18, required=True),
    Col("year", "Tahun", kind="int", width=10, required=True),
    Col(
        "value",
        "Target",
        kind="decimal",
        width=14,
        required=True,
        note="Nilai indikator output pada tahun itu.",
    ),
)
QUICK_WIN_COLS = (
    Col("code", "Kode", width=12, max_length=30, note="Kode unik quick win, mis. QW-GOV."),
    Col("name", "Nama Quick Win", width=40, required=True, max_length=300),
    Col("acronym", "Akronim", width=16, max_length=60, optional=True),
    Col("expansion", "Kepanjangan", width=40, max_length=300, optional=True),
    Col("dimension", "Dimensi", width=10, required=True, choices="dimension"),
    Col("agency", "OPD Pengampu", width=18, choices="agency"),
    Col("target_year", "Tahun Target", kind="int", width=12, note="Tahun pertama atau kedua rencana."),
    Col("programme", "Kode Program", width=14, optional=True, note="Boleh kosong."),
    Col("description", "Deskripsi", width=40, optional=True),
)
READINESS_COLS = (
    Col("element", "Elemen", width=18, required=True, choices="element"),
    Col("score", "Skor (1-5)", kind="int", width=12),
    Col("summary", "Ringkasan", width=80, optional=True),
)
SWOT_COLS = (
    Col("element", "Elemen", width=18, required=True, choices="element"),
    Col(
        "kind",
        "Jenis",
        width=14,
        required=True,
        choices="swot",
        note="S/W/O/T atau Kekuatan/Kelemahan/Peluang/Ancaman.",
    ),
    Col("text", "Uraian", width=80, required=True),
)
ROADMAP_COLS = (
    Col("year", "Tahun", kind="int", width=10, required=True),
    Col("dimension", "Dimensi", width=10, required=True, choices="dimension"),
    Col("milestone", "Capaian", width=80, required=True),
)
TABLES: dict[str, tuple[Col, ...]] = {
    SHEET_PROGRAMMES: PROGRAMME_COLS,
    SHEET_ACTIONS: ACTION_COLS,
    SHEET_BUDGETS: BUDGET_COLS,
    SHEET_TARGETS: TARGET_COLS,
    SHEET_QUICK_WINS: QUICK_WIN_COLS,
    SHEET_READINESS: READINESS_COLS,
    SHEET_SWOT: SWOT_COLS,
    SHEET_ROADMAP: ROADMAP_COLS,
}

# The Rencana sheet: one field per row (label in column A, value in column B); "Misi" repeats.
PLAN_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("region_code", "Kode Daerah", "text"),
    ("region_name", "Nama Daerah", "text"),
    ("title", "Judul", "text"),
    ("start_year", "Tahun Mulai", "int"),
    ("end_year", "Tahun Selesai", "int"),
    ("vision", "Visi", "text"),
    ("vision_explanation", "Makna Visi", "text"),
    ("rpjmd_vision", "Visi RPJMD", "text"),
    ("rpjmd_alignment", "Keselarasan dengan RPJMD", "text"),
)
PLAN_LABEL_HEADER = "Isian"
PLAN_VALUE_HEADER = "Nilai"
MISSION_LABEL = "Misi"
PLAN_MAX_LENGTH = {"title": 300, "vision": 300, "rpjmd_vision": 500}


# ---------------------------------------------------------------- building


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
    "Saat diimpor, butir dicocokkan menurut kode: kode yang sudah ada diperbarui, kode baru ditambahkan, dan butir yang tidak ada lagi di berkas dihapus dari draf.",
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
            [a.code, a.programme, a.name, a.agency, a.start_year, a.end_year, a.indicator, a.unit, a.baseline]
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


# ---------------------------------------------------------------- reading


class _Errors:
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

    def problem(self, sheet: str, row: int | None, column: str | None, problem: rules.Problem) -> None:
        self.add(sheet, row, column, problem_text(problem))

    def sorted(self) -> list[RowError]:
        order = {name: i for i, name in enumerate(SHEET_ORDER)}

        def column_index(e: RowError) -> int:
            cols = TABLES.get(e.sheet, ())
            for i, col in enumerate(cols):
                if col.header == e.column:
                    return i
            return -1

        return sorted(self.items, key=lambda e: (order.get(e.sheet, -1), e.row or 0, column_index(e)))


def _file_size(file: Any) -> int | None:
    if isinstance(file, bytes | bytearray):
        return len(file)
    if isinstance(file, str | Path):
        return Path(file).stat().st_size
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    try:
        position = file.tell()
        file.seek(0, io.SEEK_END)
        end = file.tell()
        file.seek(position)
        return int(end - position)
    except (AttributeError, OSError, ValueError):
        return None


def max_worksheet_bytes() -> int:
    return int(getattr(settings, "KOTACERDAS_MAX_WORKSHEET_BYTES", DEFAULT_MAX_BYTES))


def _problem(rule: str, /, item: str = "", **params: object) -> rules.Problem:
    return rules.Problem(
        code=rule, severity=rules.ERROR, params=tuple((k, str(v)) for k, v in params.items()), item=item
    )


_INT_RE = re.compile(r"^-?\d+$")
_DECIMAL_RE = re.compile(r"^-?\d+(\.\d+)?$")


class _Reader:
    """Reads one sheet's cells into Python values, noting problems by cell."""

    def __init__(self, errors: _Errors) -> None:
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
        if abs(number) >= MAX_AMOUNT:
            self.errors.add(sheet, row, column, _("The number %(value)s is too large.") % {"value": value})
            return None
        return number.quantize(CENT, rounding=ROUND_HALF_UP)


def _norm(text: Any) -> str:
    return " ".join(str(text).split()).lower() if text is not None else ""


def _read_table(
    ws: Any, sheet: str, cols: Sequence[Col], errors: _Errors
) -> list[tuple[int, dict[str, Any]]] | None:
    """The data rows of a table sheet as ``(row number, {key: raw value})``; ``None`` if unreadable."""
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
            index.setdefault(_norm(cell.value), i)
    positions: dict[str, int] = {}
    missing = False
    for col in cols:
        found = index.get(_norm(col.header))
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
    out: list[tuple[int, dict[str, Any]]] = []
    for number, cells in enumerate(rows, start=2):
        values: dict[str, Any] = {}
        filled = False
        for i, cell in enumerate(cells):
            if cell.data_type == "f":
                column = labels.get(i) or get_column_letter(i + 1)
                errors.add(sheet, number, column, _("Formulas are not allowed: type the value itself."))
                filled = True
        for col in cols:
            i = positions.get(col.key, -1)
            value = cells[i].value if 0 <= i < len(cells) else None
            if i >= 0 and 0 <= i < len(cells) and cells[i].data_type == "f":
                value = None
            if isinstance(value, str):
                value = value.strip() or None
            if value is not None:
                filled = True
            values[col.key] = value
        if filled:
            out.append((number, values))
    return out


def _convert(
    reader: _Reader, sheet: str, number: int, cols: Sequence[Col], raw: dict[str, Any]
) -> dict[str, Any]:
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


def _choice(
    errors: _Errors,
    sheet: str,
    number: int | None,
    column: str,
    value: str,
    allowed: dict[str, str],
    shown: Iterable[str],
) -> str:
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


def _read_plan_sheet(ws: Any, errors: _Errors, reader: _Reader) -> dict[str, Any]:
    ws.reset_dimensions()
    labels = {_norm(label): (key, kind) for key, label, kind in PLAN_FIELDS}
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
        label = _norm(cells[0].value)
        value = cells[1].value if len(cells) > 1 and cells[1].data_type != "f" else None
        if label == _norm(MISSION_LABEL):
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


def _sheet_names(wb: Any) -> dict[str, str]:
    return {_norm(name): name for name in wb.sheetnames}


def workbook_parse(file: Any, *, region: Any = None) -> ParsedPlan | list[RowError]:
    """Read a workbook into a ``ParsedPlan``, or return every problem found (nothing is written).

    ``file`` is a path, bytes or a binary file object. With ``region`` the workbook must be
    that region's (its agencies are the ones allowed); without, the Rencana sheet's region
    code says which region it is.
    """
    errors = _Errors()
    size = _file_size(file)
    limit = max_worksheet_bytes()
    if size is not None and size > limit:
        errors.add(
            "", None, None, _("The file is too large (at most %(size)s).") % {"size": filesizeformat(limit)}
        )
        return errors.sorted()
    if size == 0:
        errors.add("", None, None, _("The file is empty."))
        return errors.sorted()
    source: Any = io.BytesIO(file) if isinstance(file, bytes | bytearray) else file
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        wb = load_workbook(source, read_only=True, data_only=False)
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
        errors.add("", None, None, _("This is not an Excel workbook (.xlsx)."))
        return errors.sorted()
    except Exception:  # openpyxl raises many things on a damaged file; none of them is the user's fault
        errors.add("", None, None, _("This is not an Excel workbook (.xlsx), or it is damaged."))
        return errors.sorted()
    try:
        plan = _read_workbook(wb, errors)
    finally:
        wb.close()
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


def _read_workbook(wb: Any, errors: _Errors) -> ParsedPlan | None:
    names = _sheet_names(wb)
    reader = _Reader(errors)
    for sheet in REQUIRED_SHEETS:
        if _norm(sheet) not in names:
            errors.add(sheet, None, None, _("The sheet %(sheet)s is missing.") % {"sheet": sheet})
    if _norm(SHEET_PLAN) not in names:
        return None
    header = _read_plan_sheet(wb[names[_norm(SHEET_PLAN)]], errors, reader)
    plan = ParsedPlan(
        region_code=header.get("region_code", ""),
        title=header.get("title", ""),
        start_year=header.get("start_year"),
        end_year=header.get("end_year"),
        vision=header.get("vision", ""),
        vision_explanation=header.get("vision_explanation", ""),
        rpjmd_vision=header.get("rpjmd_vision", ""),
        rpjmd_alignment=header.get("rpjmd_alignment", ""),
        missions=header["missions"],
        header_rows=header["header_rows"],
    )

    def table(sheet: str) -> list[tuple[int, dict[str, Any]]] | None:
        if _norm(sheet) not in names:
            return None
        cols = TABLES[sheet]
        rows = _read_table(wb[names[_norm(sheet)]], sheet, cols, errors)
        if rows is None:
            return None
        return [(n, _convert(reader, sheet, n, cols, raw)) for n, raw in rows]

    for n, v in table(SHEET_PROGRAMMES) or []:
        plan.programmes.append(
            ProgrammeRow(
                code=v["code"],
                name=v["name"],
                dimension=v["dimension"],
                subdimension=v["subdimension"],
                agency=v["agency"],
                horizon=_choice(
                    errors, SHEET_PROGRAMMES, n, "Horizon", v["horizon"], HORIZONS, HORIZON_LABELS.values()
                )
                or (Horizon.MEDIUM if not v["horizon"] else ""),
                start_year=v["start_year"],
                end_year=v["end_year"],
                description=v.get("description", ""),
                row=n,
            )
        )
    for n, v in table(SHEET_ACTIONS) or []:
        plan.actions.append(
            ActionRow(
                code=v["code"],
                programme=v["programme"],
                name=v["name"],
                agency=v["agency"],
                start_year=v["start_year"],
                end_year=v["end_year"],
                indicator=v.get("indicator", ""),
                unit=v.get("unit", ""),
                baseline=v.get("baseline"),
                row=n,
            )
        )
    for n, v in table(SHEET_BUDGETS) or []:
        source = _choice(errors, SHEET_BUDGETS, n, "Sumber", v["source"], SOURCES, BudgetSource.values)
        plan.budgets.append(
            BudgetRow(action=v["action"], year=v["year"], source=source, amount=v["amount"], row=n)
        )
    for n, v in table(SHEET_TARGETS) or []:
        plan.targets.append(TargetRow(action=v["action"], year=v["year"], value=v["value"], row=n))
    for n, v in table(SHEET_QUICK_WINS) or []:
        plan.quick_wins.append(
            QuickWinRow(
                code=v["code"],
                name=v["name"],
                acronym=v.get("acronym", ""),
                expansion=v.get("expansion", ""),
                description=v.get("description", ""),
                dimension=v["dimension"],
                agency=v["agency"],
                target_year=v["target_year"],
                programme=v.get("programme", ""),
                row=n,
            )
        )
    readiness = table(SHEET_READINESS)
    if readiness is not None:
        plan.readiness = [
            ReadinessRow(
                element=_choice(
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
                element=_choice(
                    errors, SHEET_SWOT, n, "Elemen", v["element"], ELEMENTS, ELEMENT_LABELS.values()
                ),
                kind=_choice(errors, SHEET_SWOT, n, "Jenis", v["kind"], SWOT_KINDS, SWOT_LABELS.keys()),
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


# ---------------------------------------------------------------- checking


def plan_check(plan: ParsedPlan, catalogue: Catalogue, *, errors: _Errors | None = None) -> list[RowError]:
    """Every problem of a parsed plan against the region's catalogue and the plan rules.

    Problems already noted for a cell (e.g. text in a number cell) are not repeated.
    Normalises codes in place (dimensions and sub-dimensions by catalogue code).
    """
    errors = errors if errors is not None else _Errors()
    _check_header(plan, catalogue, errors)
    start, end = plan.start_year, plan.end_year
    years_ok = start is not None and end is not None and start <= end
    ctx = rules.Context(
        start_year=start if years_ok and start is not None else 2000,
        end_year=end if years_ok and end is not None else 2100,
        agency_keys=frozenset(str(pk) for pk in catalogue.agency_ids.values()),
        dimension_codes=catalogue.dimension_codes,
    )

    def agency_key(text: str) -> str:
        pk = catalogue.agency_id(text)
        return str(pk) if pk is not None else text

    def require(sheet: str, row: int | None, item: Any, cols: Sequence[Col]) -> None:
        for col in cols:
            value = getattr(item, col.key, None)
            if col.required and (value is None or value == ""):
                errors.add(sheet, row, col.header, _("%(column)s is required.") % {"column": col.header})
            if (
                col.max_length
                and isinstance(value, str)
                and len(value) > col.max_length
                and col.key != "code"
            ):
                errors.add(
                    sheet,
                    row,
                    col.header,
                    _("Too long: at most %(n)s characters.") % {"n": col.max_length},
                )

    def code_ok(sheet: str, row: int | None, code: str) -> bool:
        if not code:
            errors.problem(sheet, row, "Kode", _problem("code_missing"))
            return False
        return True

    # Programmes and actions share one code space; later rows with a used code are refused.
    item_codes = [(SHEET_PROGRAMMES, p.row, p.code) for p in plan.programmes] + [
        (SHEET_ACTIONS, a.row, a.code) for a in plan.actions
    ]
    duplicates = set(rules.duplicate_codes([c for _s, _r, c in item_codes]))
    seen: set[str] = set()
    skip_rows: set[tuple[str, int | None]] = set()
    for sheet, row, code in item_codes:
        key = code.strip().upper()
        if key in duplicates:
            if key in seen:
                errors.problem(sheet, row, "Kode", _problem("code_duplicate", item=code, code=code))
                skip_rows.add((sheet, row))
            seen.add(key)

    programme_facts: list[rules.ProgrammeFacts] = []
    where: dict[tuple[str, str], int | None] = {}  # (kind, CODE) -> row
    sub_dimension = catalogue.subdimension_dimension
    for p in plan.programmes:
        require(SHEET_PROGRAMMES, p.row, p, PROGRAMME_COLS)
        if p.subdimension:
            p.subdimension = catalogue.subdimension_code(p.subdimension)
            if p.subdimension not in sub_dimension:
                errors.add(
                    SHEET_PROGRAMMES,
                    p.row,
                    "Sub-dimensi",
                    _("Unknown sub-dimension %(code)s.") % {"code": p.subdimension},
                )
        if p.dimension:
            p.dimension = catalogue.dimension_code(p.dimension)
        elif p.subdimension in sub_dimension:
            p.dimension = sub_dimension[p.subdimension]
        if (
            p.dimension
            and p.subdimension in sub_dimension
            and sub_dimension[p.subdimension] != p.dimension
            and p.dimension in catalogue.dimension_ids
        ):
            errors.add(
                SHEET_PROGRAMMES,
                p.row,
                "Sub-dimensi",
                _("Sub-dimension %(sub)s is not part of dimension %(dimension)s.")
                % {"sub": p.subdimension, "dimension": p.dimension},
            )
        if p.horizon and p.horizon not in Horizon.values:
            errors.add(
                SHEET_PROGRAMMES, p.row, "Horizon", _("Unknown horizon %(value)s.") % {"value": p.horizon}
            )
        if not code_ok(SHEET_PROGRAMMES, p.row, p.code) or (SHEET_PROGRAMMES, p.row) in skip_rows:
            continue
        where[("programme", p.code.strip().upper())] = p.row
        programme_facts.append(
            rules.ProgrammeFacts(
                code=p.code.strip(),
                dimension=p.dimension or "?",
                agency=agency_key(p.agency),
                start_year=p.start_year,
                end_year=p.end_year,
                name=p.name,
            )
        )

    budgets: dict[str, list[BudgetRow]] = defaultdict(list)
    for b in plan.budgets:
        require(SHEET_BUDGETS, b.row, b, BUDGET_COLS)
        if b.source and b.source not in BudgetSource.values:
            errors.add(
                SHEET_BUDGETS, b.row, "Sumber", _("Unknown budget source %(value)s.") % {"value": b.source}
            )
        budgets[b.action.strip().upper()].append(b)
    targets: dict[str, list[TargetRow]] = defaultdict(list)
    for t in plan.targets:
        require(SHEET_TARGETS, t.row, t, TARGET_COLS)
        targets[t.action.strip().upper()].append(t)

    action_facts: list[rules.ActionFacts] = []
    actions_by_code: dict[str, ActionRow] = {}
    for a in plan.actions:
        require(SHEET_ACTIONS, a.row, a, ACTION_COLS)
        if not code_ok(SHEET_ACTIONS, a.row, a.code) or (SHEET_ACTIONS, a.row) in skip_rows:
            continue
        key = a.code.strip().upper()
        where[("action", key)] = a.row
        actions_by_code[key] = a
        action_facts.append(
            rules.ActionFacts(
                code=a.code.strip(),
                programme=a.programme,
                agency=agency_key(a.agency),
                start_year=a.start_year,
                end_year=a.end_year,
                budgets=[
                    (b.year, b.source, b.amount)
                    for b in budgets.get(key, [])
                    if b.year is not None and b.amount is not None and b.source
                ],
                targets=[
                    (t.year, t.value)
                    for t in targets.get(key, [])
                    if t.year is not None and t.value is not None
                ],
                name=a.name,
            )
        )
    for key, rows in budgets.items():
        if key and key not in actions_by_code:
            for b in rows:
                errors.add(
                    SHEET_BUDGETS,
                    b.row,
                    "Kode Rencana Aksi",
                    _("Unknown action plan %(code)s.") % {"code": b.action},
                )
    for key, trows in targets.items():
        if key and key not in actions_by_code:
            for t in trows:
                errors.add(
                    SHEET_TARGETS,
                    t.row,
                    "Kode Rencana Aksi",
                    _("Unknown action plan %(code)s.") % {"code": t.action},
                )

    for problem in rules.check_plan(
        rules.PlanFacts(context=ctx, programmes=programme_facts, actions=action_facts)
    ):
        if problem.severity != rules.ERROR:
            continue
        key = problem.item.strip().upper()
        if ("action", key) in where:
            _map_action_problem(
                problem, actions_by_code[key], budgets.get(key, []), targets.get(key, []), errors
            )
        elif ("programme", key) in where:
            _map_item_problem(
                problem,
                SHEET_PROGRAMMES,
                where[("programme", key)],
                errors,
                start_end=_years_of(plan.programmes, key),
            )
        else:
            errors.problem(SHEET_PROGRAMMES, None, None, problem)

    # Quick wins: their own code space.
    qw_codes = [q.code for q in plan.quick_wins]
    qw_duplicates = set(rules.duplicate_codes(qw_codes))
    qw_seen: set[str] = set()
    qw_facts: list[rules.QuickWinFacts] = []
    qw_rows: dict[str, int | None] = {}
    programme_codes = {p.code.strip().upper() for p in plan.programmes if p.code}
    for q in plan.quick_wins:
        require(SHEET_QUICK_WINS, q.row, q, QUICK_WIN_COLS)
        if q.dimension:
            q.dimension = catalogue.dimension_code(q.dimension)
        if q.programme and q.programme.strip().upper() not in programme_codes:
            errors.problem(
                SHEET_QUICK_WINS,
                q.row,
                "Kode Program",
                _problem("programme_unknown", item=q.code, programme=q.programme),
            )
        if not code_ok(SHEET_QUICK_WINS, q.row, q.code):
            continue
        key = q.code.strip().upper()
        if key in qw_duplicates:
            if key in qw_seen:
                errors.problem(
                    SHEET_QUICK_WINS, q.row, "Kode", _problem("code_duplicate", item=q.code, code=q.code)
                )
                continue
            qw_seen.add(key)
        qw_rows[key] = q.row
        qw_facts.append(
            rules.QuickWinFacts(
                code=q.code.strip(),
                dimension=q.dimension or "?",
                agency=agency_key(q.agency),
                target_year=q.target_year,
                name=q.name,
            )
        )
    for problem in rules.check_plan(rules.PlanFacts(context=ctx, quick_wins=qw_facts)):
        if problem.severity != rules.ERROR:
            continue
        row = qw_rows.get(problem.item.strip().upper())
        column = {
            "code_too_long": "Kode",
            "code_missing": "Kode",
            "code_duplicate": "Kode",
            "dimension_unknown": "Dimensi",
            "agency_missing": "OPD Pengampu",
            "agency_not_in_region": "OPD Pengampu",
        }.get(problem.code, "Tahun Target")
        errors.problem(SHEET_QUICK_WINS, row, column, problem)

    _check_optional(plan, catalogue, ctx, years_ok, errors, require)
    return errors.sorted()


def _years_of(items: Sequence[ProgrammeRow], key: str) -> tuple[int | None, int | None]:
    for p in items:
        if p.code.strip().upper() == key:
            return p.start_year, p.end_year
    return None, None


ITEM_COLUMNS = {
    "code_too_long": "Kode",
    "code_missing": "Kode",
    "code_duplicate": "Kode",
    "agency_missing": "OPD Pengampu",
    "agency_not_in_region": "OPD Pengampu",
    "years_missing": "Tahun Mulai",
    "years_reversed": "Tahun Selesai",
    "dimension_unknown": "Dimensi",
    "programme_unknown": "Kode Program",
}


def _map_item_problem(
    problem: rules.Problem,
    sheet: str,
    row: int | None,
    errors: _Errors,
    *,
    start_end: tuple[int | None, int | None],
) -> None:
    if problem.code == "year_outside_plan":
        year = problem.values.get("year")
        start, end = start_end
        column = (
            "Tahun Mulai" if year == str(start) else ("Tahun Selesai" if year == str(end) else "Tahun Mulai")
        )
        errors.problem(sheet, row, column, problem)
        return
    errors.problem(sheet, row, ITEM_COLUMNS.get(problem.code), problem)


def _map_action_problem(
    problem: rules.Problem,
    action: ActionRow,
    budgets: Sequence[BudgetRow],
    targets: Sequence[TargetRow],
    errors: _Errors,
) -> None:
    values = problem.values
    year = values.get("year")
    if problem.code == "budget_negative":
        for b in budgets:
            if str(b.year) == year and b.amount is not None and b.amount < 0:
                errors.problem(SHEET_BUDGETS, b.row, "Jumlah (Rp)", problem)
        return
    if problem.code == "budget_year_outside_action":
        for b in budgets:
            if str(b.year) == year:
                errors.problem(SHEET_BUDGETS, b.row, "Tahun", problem)
        return
    if problem.code == "budget_duplicate":
        seen = False
        for b in budgets:
            if str(b.year) == year and b.source == values.get("source"):
                if seen:
                    errors.problem(SHEET_BUDGETS, b.row, "Sumber", problem)
                seen = True
        return
    if problem.code == "target_duplicate":
        seen = False
        for t in targets:
            if str(t.year) == year:
                if seen:
                    errors.problem(SHEET_TARGETS, t.row, "Tahun", problem)
                seen = True
        return
    if problem.code == "year_outside_plan":
        if (
            year in (str(action.start_year), str(action.end_year))
            and (SHEET_ACTIONS, action.row, "Tahun Mulai") not in errors.cells
            and (SHEET_ACTIONS, action.row, "Tahun Selesai") not in errors.cells
        ):
            column = "Tahun Mulai" if year == str(action.start_year) else "Tahun Selesai"
            errors.problem(SHEET_ACTIONS, action.row, column, problem)
            return
        matched = False
        for t in targets:
            if str(t.year) == year:
                errors.problem(SHEET_TARGETS, t.row, "Tahun", problem)
                matched = True
        if not matched:
            errors.problem(SHEET_ACTIONS, action.row, "Tahun Mulai", problem)
        return
    errors.problem(SHEET_ACTIONS, action.row, ITEM_COLUMNS.get(problem.code), problem)


def _check_header(plan: ParsedPlan, catalogue: Catalogue, errors: _Errors) -> None:
    rows = plan.header_rows
    value = PLAN_VALUE_HEADER
    if not plan.region_code:
        errors.add(SHEET_PLAN, rows.get("region_code"), value, _("The region code is required."))
    elif plan.region_code.strip() != catalogue.region_code:
        errors.add(
            SHEET_PLAN,
            rows.get("region_code"),
            value,
            _("This worksheet is for region %(file)s, not %(region)s.")
            % {"file": plan.region_code, "region": catalogue.region_code},
        )
    if not plan.title:
        errors.add(SHEET_PLAN, rows.get("title"), value, _("The title is required."))
    for key, limit in PLAN_MAX_LENGTH.items():
        text = getattr(plan, key)
        if len(text) > limit:
            errors.add(
                SHEET_PLAN, rows.get(key), value, _("Too long: at most %(n)s characters.") % {"n": limit}
            )
    for key in ("start_year", "end_year"):
        year = getattr(plan, key)
        if year is None:
            errors.add(SHEET_PLAN, rows.get(key), value, _("The years are required."))
        elif not 2000 <= year <= 2100:
            errors.add(SHEET_PLAN, rows.get(key), value, _("The year must be between 2000 and 2100."))
    start, end = plan.start_year, plan.end_year
    if start is not None and end is not None:
        if end < start:
            errors.add(SHEET_PLAN, rows.get("end_year"), value, _("The last year is before the first year."))
        elif end - start + 1 > MAX_PLAN_YEARS:
            errors.add(
                SHEET_PLAN,
                rows.get("end_year"),
                value,
                _("A master plan covers at most %(n)s years.") % {"n": MAX_PLAN_YEARS},
            )
    if not plan.programmes:
        errors.add(
            SHEET_PROGRAMMES, None, None, _("The sheet has no rows: a plan needs at least one programme.")
        )


def _check_optional(
    plan: ParsedPlan, catalogue: Catalogue, ctx: rules.Context, years_ok: bool, errors: _Errors, require: Any
) -> None:
    if plan.readiness is not None:
        counts = Counter(r.element for r in plan.readiness if r.element)
        for r in plan.readiness:
            require(SHEET_READINESS, r.row, r, READINESS_COLS)
            if r.element and r.element not in ReadinessElement.values:
                errors.add(SHEET_READINESS, r.row, "Elemen", _("Unknown readiness element."))
            elif r.element and counts[r.element] > 1:
                errors.add(
                    SHEET_READINESS,
                    r.row,
                    "Elemen",
                    _("The element %(element)s appears more than once.")
                    % {"element": ELEMENT_LABELS.get(r.element, r.element)},
                )
            if r.score is not None and not 1 <= r.score <= 5:
                errors.add(SHEET_READINESS, r.row, "Skor (1-5)", _("The readiness score runs from 1 to 5."))
    if plan.swot is not None:
        for s in plan.swot:
            require(SHEET_SWOT, s.row, s, SWOT_COLS)
            if s.element and s.element not in ReadinessElement.values:
                errors.add(SHEET_SWOT, s.row, "Elemen", _("Unknown readiness element."))
            if s.kind and s.kind not in SwotKind.values:
                errors.add(SHEET_SWOT, s.row, "Jenis", _("Unknown SWOT kind %(value)s.") % {"value": s.kind})
    if plan.roadmap is not None:
        for m in plan.roadmap:
            require(SHEET_ROADMAP, m.row, m, ROADMAP_COLS)
            if m.dimension:
                m.dimension = catalogue.dimension_code(m.dimension)
                if m.dimension not in catalogue.dimension_ids:
                    errors.problem(
                        SHEET_ROADMAP, m.row, "Dimensi", _problem("dimension_unknown", dimension=m.dimension)
                    )
            if years_ok and m.year is not None and not ctx.start_year <= m.year <= ctx.end_year:
                errors.problem(
                    SHEET_ROADMAP,
                    m.row,
                    "Tahun",
                    _problem("year_outside_plan", year=m.year, start=ctx.start_year, end=ctx.end_year),
                )
