"""The bulk-update workbook's format: sheet names, columns, labels, and the refusal of a file.

The workbook is in Indonesian whatever the page's language: it is exchanged between offices.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill

from kotacerdas.core.workbooks import Col, RowError

from ..choices import ReportState

STAGED_KIND = "monitoring_bulk"
STAGED_HOURS = 24  # a preview waits this long for its confirmation
UPLOAD_DIR = "imports"  # MEDIA_ROOT/imports/: uploads waiting for their background job

# ---------------------------------------------------------------- the workbook's format

SHEET_GUIDE = "Petunjuk"
SHEET_REPORTS = "Laporan"
SHEET_INFO = "Keterangan"
SHEET_LISTS = "Daftar Status"
SHEET_ORDER = [SHEET_GUIDE, SHEET_REPORTS, SHEET_INFO, SHEET_LISTS]
INFO_LABEL_HEADER, INFO_VALUE_HEADER = "Isian", "Nilai"
INFO_REGION, INFO_PERIOD = "Kode Daerah", "Periode"

READ_ONLY_NOTE = "Abu-abu: hanya untuk dibaca, tidak dibaca saat diunggah."
IDENTITY_NOTE = "Tersembunyi, jangan diubah: menghubungkan baris ke butir dan ke versi laporannya."
COLUMNS = (
    Col(
        "code",
        "Kode",
        width=14,
        required=True,
        note="Kode rencana aksi atau quick win; dipakai untuk mencocokkan baris bila kolom ID kosong.",
    ),
    Col("name", "Nama Butir", width=44, optional=True, note=READ_ONLY_NOTE),
    Col("kind", "Jenis", width=13, optional=True, note=READ_ONLY_NOTE),
    Col("agency", "OPD", width=14, optional=True, note=READ_ONLY_NOTE),
    Col("budget_planned", "Anggaran Rencana (Rp)", kind="decimal", width=18, optional=True),
    Col("target", "Target Indikator", kind="decimal", width=12, optional=True),
    Col("unit", "Satuan", width=12, optional=True, note=READ_ONLY_NOTE),
    Col("state", "Status Laporan", width=14, optional=True, note=READ_ONLY_NOTE),
    Col(
        "status",
        "Status",
        width=18,
        required=True,
        choices="status",
        note="Pilih dari daftar (lembar Daftar Status); status menentukan progres (%).",
    ),
    Col(
        "manual_percent",
        "Progres Manual (%)",
        kind="decimal",
        width=12,
        optional=True,
        note="Boleh kosong. Bila diisi (0-100), Alasan Progres Manual wajib; tidak untuk status tanpa %.",
    ),
    Col("manual_reason", "Alasan Progres Manual", width=32, optional=True),
    Col(
        "budget_realised",
        "Realisasi Anggaran (Rp)",
        kind="decimal",
        width=18,
        optional=True,
        note="Realisasi tahun ini sampai periode ini; angka saja, tanpa titik ribuan.",
    ),
    Col(
        "indicator_actual",
        "Capaian Indikator",
        kind="decimal",
        width=12,
        optional=True,
        note="Nilai indikator output yang dicapai (rencana aksi saja).",
    ),
    Col(
        "narrative",
        "Uraian Kegiatan",
        width=60,
        optional=True,
        note="Apa yang dikerjakan (paling banyak 5.000 karakter).",
    ),
    Col("lineage", "ID", width=38, optional=True, hidden=True, note=IDENTITY_NOTE),
    Col("row_version", "Versi", kind="int", width=8, optional=True, hidden=True, note=IDENTITY_NOTE),
)
READ_ONLY = frozenset({"name", "kind", "agency", "budget_planned", "target", "unit", "state"})
READ_COLUMNS = tuple(c for c in COLUMNS if c.key not in READ_ONLY)
# The columns an agency fills (a row whose fill-in cells are all empty is skipped).
EDITABLE = ("status", "manual_percent", "manual_reason", "budget_realised", "indicator_actual", "narrative")
HEADERS = {c.key: c.header for c in COLUMNS}
KIND_LABELS = {"action": "Rencana Aksi", "quick_win": "Quick Win"}
STATE_LABELS: dict[str, str] = {
    ReportState.DRAFT: "Draf",
    ReportState.SUBMITTED: "Diajukan",
    ReportState.RETURNED: "Dikembalikan",
    ReportState.APPROVED: "Disetujui",
}

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
GREY_FILL = PatternFill("solid", fgColor="E7E6E6")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)


class BulkRefused(ValidationError):
    """The upload was refused; ``rows`` says where and why (nothing was written)."""

    def __init__(self, rows: Sequence[RowError]) -> None:
        self.rows = list(rows)
        super().__init__([str(row) for row in self.rows] or [_("The upload was refused.")])


def refusal(message: str, sheet: str = "", row: int | None = None, column: str | None = None) -> BulkRefused:
    return BulkRefused([RowError(sheet, row, column, message)])
