"""The bulk-update workbook of a period: the items the actor reports on, prefilled with their reports."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kotacerdas.core.services import UserLike
from kotacerdas.masterplans.models import ActionPlan
from kotacerdas.organisation.models import Agency
from kotacerdas.regions.models import Region

from .. import selectors
from ..models import ProgressReport, ProgressStatus, ReportingPeriod
from .format import (
    BOLD,
    COLUMNS,
    GREY_FILL,
    HEADER_FILL,
    HEADER_FONT,
    INFO_LABEL_HEADER,
    INFO_PERIOD,
    INFO_REGION,
    INFO_VALUE_HEADER,
    KIND_LABELS,
    READ_ONLY,
    SHEET_GUIDE,
    SHEET_INFO,
    SHEET_LISTS,
    SHEET_REPORTS,
    STATE_LABELS,
    TITLE_FONT,
)

# ---------------------------------------------------------------- who reports on what


def bulk_agencies(*, actor: UserLike, region: Region) -> list[Agency]:
    """The agencies of ``region`` whose items ``actor`` reports on (all of them for a coordinator)."""
    ids = selectors.reporting_agency_ids(actor, region_id=region.pk)
    agencies = Agency.objects.filter(region=region).order_by("acronym")
    return list(agencies if ids is None else agencies.filter(pk__in=ids))


def bulk_scope(*, actor: UserLike, region: Region, agency_ids: Iterable[int] | None) -> list[int] | None:
    """The agencies a sheet covers: those asked for (all by default) among those the actor
    reports on; ``PermissionDenied`` when it reports on none, or on not all of those asked for."""
    allowed = selectors.reporting_agency_ids(actor, region_id=region.pk)
    if allowed is not None:
        allowed = list(Agency.objects.filter(region=region, pk__in=allowed).values_list("pk", flat=True))
        if not allowed:
            raise PermissionDenied(_("You do not report on any item of this region."))
    if agency_ids is None:
        return allowed
    asked = list(agency_ids)
    if allowed is not None and not set(asked) <= set(allowed):
        raise PermissionDenied(_("You report only on your own agency's items."))
    return asked


# ---------------------------------------------------------------- the template


def template_filename(region: Region, period: ReportingPeriod, agencies: Sequence[Agency] = ()) -> str:
    suffix = f"-{agencies[0].code}" if len(agencies) == 1 else ""
    return f"isian-laporan-{region.code}-{period.code}{suffix}.xlsx"


def _value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if value == "":
        return None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _cell(ws: Any, value: Any, *, font: Font | None = None, fill: PatternFill | None = None) -> Any:
    cell = WriteOnlyCell(ws, value=_value(value))
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"  # text that looks like a formula stays text
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


@dataclass
class _TemplateRow:
    item: selectors.Item
    agency: str
    budget: Decimal | None
    target: Decimal | None
    unit: str
    report: ProgressReport | None


def _template_rows(
    *, actor: UserLike, region: Region, period: ReportingPeriod, agency_ids: list[int] | None
) -> list[_TemplateRow]:
    """The items of the plan in force of ``agency_ids`` (all when None) with their plan figures for
    the period's year and their reports of the period: six queries whatever their number."""
    version = selectors.version_in_force_for_region(region.pk)
    if version is None:
        return []
    items = selectors.reportable_items(version, agency_ids=agency_ids)
    action_ids = [i.pk for i in items if i.kind == "action"]
    budgets, targets = selectors.plan_figures_for_year(action_ids=action_ids, year=period.year)
    units = dict(ActionPlan.objects.filter(pk__in=action_ids).values_list("pk", "unit"))
    acronyms = dict(Agency.objects.filter(region=region).values_list("pk", "acronym"))
    reports = {
        r.lineage_id: r
        for r in selectors.reports_visible(
            actor,
            ProgressReport.objects.filter(
                period=period, lineage_id__in=[i.lineage_id for i in items]
            ).select_related("status"),
        )
    }
    return [
        _TemplateRow(
            item=item,
            agency=acronyms.get(item.agency_id, ""),
            budget=budgets.get(item.pk) if item.kind == "action" else None,
            target=targets.get(item.pk) if item.kind == "action" else None,
            unit=units.get(item.pk, "") if item.kind == "action" else "",
            report=reports.get(item.lineage_id),
        )
        for item in items
    ]


def _row_values(row: _TemplateRow) -> dict[str, Any]:
    report = row.report
    values: dict[str, Any] = {
        "code": row.item.code,
        "name": row.item.name,
        "kind": KIND_LABELS.get(row.item.kind, row.item.kind),
        "agency": row.agency,
        "budget_planned": row.budget,
        "target": row.target,
        "unit": row.unit,
        "state": STATE_LABELS.get(report.state, report.state) if report else "",
        "lineage": str(row.item.lineage_id),
        "row_version": report.row_version if report else 0,
    }
    if report is not None:
        values.update(
            status=report.status.label,
            manual_percent=report.manual_percent,
            manual_reason=report.manual_reason,
            budget_realised=report.budget_realised,
            indicator_actual=report.indicator_actual,
            narrative=report.narrative,
        )
    return values


def _reports_sheet(wb: Workbook, rows: Sequence[_TemplateRow], statuses: int) -> None:
    ws = wb.create_sheet(SHEET_REPORTS)
    ws.freeze_panes = "B2"
    for index, col in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = col.width
        if col.hidden:
            ws.column_dimensions[letter].hidden = True
        if col.choices == "status" and statuses:
            dv = DataValidation(
                type="list", formula1=f"'{SHEET_LISTS}'!$A$2:$A${statuses + 1}", allow_blank=True
            )
            dv.error = "Pilih status dari daftar (lihat lembar Daftar Status)."
            dv.errorTitle = col.header
            dv.showErrorMessage = True
            dv.add(f"{letter}2:{letter}{max(len(rows) + 1, 2)}")
            ws.data_validations.append(dv)
    ws.append([_cell(ws, col.header, font=HEADER_FONT, fill=HEADER_FILL) for col in COLUMNS])
    for row in rows:
        values = _row_values(row)
        ws.append(
            [
                _cell(ws, values.get(col.key), fill=GREY_FILL if col.key in READ_ONLY else None)
                for col in COLUMNS
            ]
        )


GUIDE = [
    "Satu baris = satu butir (rencana aksi atau quick win) dari rencana induk yang berlaku, untuk periode pada lembar Keterangan.",
    "Isi kolom Status, Progres Manual (%), Alasan Progres Manual, Realisasi Anggaran (Rp), Capaian Indikator dan Uraian Kegiatan. Kolom abu-abu hanya untuk dibaca.",
    "Baris yang semua kolom isiannya kosong dilewati. Jangan mengubah nama lembar, judul kolom, atau kolom tersembunyi ID dan Versi.",
    "Jangan memakai rumus (formula): tuliskan nilainya. Angka ditulis sebagai angka, tanpa titik ribuan, mis. 150000000.",
    "Progres Manual (%) boleh kosong (progres mengikuti status). Bila diisi, Alasan Progres Manual wajib diisi.",
    "Unggah berkas di halaman Unggah Isian. Unggahan berjalan dua langkah: pratinjau (laporan baru, perubahan nilai lama → baru, konflik, baris yang ditolak), lalu konfirmasi.",
    "Konflik: laporan diubah di aplikasi setelah lembar ini diunduh. Baris konflik hanya diterapkan bila dicentang; bila tidak, laporan di aplikasi tetap.",
    "Baris ditolak bila periode terkunci, butir bukan milik OPD Anda, atau laporan sudah diajukan atau disetujui.",
    "Unggahan hanya berhasil bila seluruh berkas benar; bila ada kesalahan, tidak ada yang disimpan dan setiap kesalahan ditampilkan dengan lembar, baris dan kolomnya.",
    "Mengunggah berkas yang sama dua kali tidak mengubah apa pun pada unggahan kedua.",
]


def _guide_sheet(wb: Workbook, region: Region, period: ReportingPeriod) -> None:
    ws = wb.create_sheet(SHEET_GUIDE)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 110
    ws.append([_cell(ws, "Petunjuk pengisian laporan kemajuan smart city", font=TITLE_FONT)])
    ws.append([f"{region.name} ({region.code}) · {period.code}"])
    ws.append([])
    ws.append([_cell(ws, "Aturan umum", font=BOLD)])
    for line in GUIDE:
        ws.append(["•", line])
    ws.append([])
    ws.append([_cell(ws, f"Kolom lembar {SHEET_REPORTS}", font=BOLD)])
    for col in COLUMNS:
        parts = [col.header]
        if col.required:
            parts.append("(wajib)")
        if col.kind == "decimal" and col.key not in READ_ONLY:
            parts.append("— angka")
        if col.note:
            parts.append(f"— {col.note}")
        ws.append([None, " ".join(parts)])


def _info_sheet(wb: Workbook, region: Region, period: ReportingPeriod) -> None:
    ws = wb.create_sheet(SHEET_INFO)
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 40
    ws.append(
        [_cell(ws, h, font=HEADER_FONT, fill=HEADER_FILL) for h in (INFO_LABEL_HEADER, INFO_VALUE_HEADER)]
    )
    for label, value in (
        (INFO_REGION, region.code),
        ("Nama Daerah", region.name),
        (INFO_PERIOD, period.code),
        ("Nama Periode", str(period.label)),
        ("Tenggat", period.deadline.isoformat()),
        ("Tahun Anggaran", period.year),
        ("Diunduh", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    ):
        ws.append([label, _cell(ws, value)])


def _lists_sheet(wb: Workbook, statuses: Sequence[ProgressStatus]) -> None:
    ws = wb.create_sheet(SHEET_LISTS)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 14
    ws.append([_cell(ws, "Status", font=BOLD), _cell(ws, "Progres (%)", font=BOLD)])
    for status in statuses:
        ws.append([status.label, "tidak dihitung" if status.percent is None else status.percent])


def bulk_template(
    *, actor: UserLike, region: Region, period: ReportingPeriod, agency_ids: Iterable[int] | None = None
) -> bytes:
    """The worksheet of ``period``: one row per item of the plan in force that ``actor`` reports on
    (of ``agency_ids`` only, when given), prefilled with its report of the period: hidden ID and
    report version, then code, name, agency, the year's planned budget and target (grey, not
    read back), and the columns to fill. ``PermissionDenied`` for an actor who reports on none."""
    scope = bulk_scope(actor=actor, region=region, agency_ids=agency_ids)
    rows = _template_rows(actor=actor, region=region, period=period, agency_ids=scope)
    statuses = list(ProgressStatus.objects.filter(reporting_year_id=period.reporting_year_id))
    wb = Workbook(write_only=True)
    _guide_sheet(wb, region, period)
    _reports_sheet(wb, rows, len(statuses))
    _info_sheet(wb, region, period)
    _lists_sheet(wb, statuses)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
