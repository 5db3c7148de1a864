"""The worksheet's format: sheet names, columns, allowed values and the plan header's fields.

The workbook's format is Indonesian by design: it is a file exchanged between regional
offices, whatever the language of the page it was downloaded from.
"""

from __future__ import annotations

from decimal import Decimal

from kotacerdas.core.workbooks import Col

from ..choices import BudgetSource, Horizon, ReadinessElement, SwotKind

MAX_PLAN_YEARS = 20  # as services.MAX_PLAN_YEARS (kept here so this module needs no services import)
MAX_AMOUNT = Decimal(10) ** 16  # ActionBudget.amount: 18 digits, 2 of them decimals

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


IDENTITY_NOTE = "Jangan diubah: menghubungkan baris ke butir di aplikasi (kosong untuk butir baru)."
LINEAGE_HEADER = "ID"
ROW_VERSION_HEADER = "Versi"


def _identity() -> tuple[Col, Col]:
    """The hidden columns that tie a row to its item: its lineage, and its version when exported."""
    return (
        Col("lineage", LINEAGE_HEADER, width=38, optional=True, hidden=True, note=IDENTITY_NOTE),
        Col("row_version", ROW_VERSION_HEADER, kind="int", width=8, optional=True, hidden=True),
    )


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
    *_identity(),
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
    *_identity(),
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
    *_identity(),
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
    ("exported_at", "Diekspor", "text"),  # when the file was exported
    ("header_version", "Versi Draf", "int"),  # the draft's row version then (conflicts are found from it)
)
PLAN_LABEL_HEADER = "Isian"
PLAN_VALUE_HEADER = "Nilai"
MISSION_LABEL = "Misi"
PLAN_MAX_LENGTH = {"title": 300, "vision": 300, "rpjmd_vision": 500}
