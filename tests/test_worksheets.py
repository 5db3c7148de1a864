"""Worksheets (kertas kerja): the workbook's format, reading it back, and every kind of bad input
refused with its sheet, row and column (and nothing written)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from kotacerdas.core.models import AuditEvent
from kotacerdas.core.workbooks import reader
from kotacerdas.masterplans.models import MasterPlan
from kotacerdas.masterplans.worksheets import RowError, workbook_parse

from .worksheet_data import edit_workbook, find_row, sumbawa_file


def _where(errors: list[RowError]) -> set[tuple[str, int | None, str | None]]:
    return {(e.sheet, e.row, e.column) for e in errors}


def test_template_format(world):
    from kotacerdas.masterplans.importer import template_build

    content = template_build(world.region_a)
    wb = openpyxl.load_workbook(io.BytesIO(content))
    assert wb.sheetnames == [
        "Petunjuk",
        "Rencana",
        "Program",
        "Rencana Aksi",
        "Anggaran",
        "Target",
        "Quick Win",
        "Kesiapan",
        "SWOT",
        "Road Map",
        "Daftar Kode",
    ]
    program = wb["Program"]
    assert [c.value for c in program[1]] == [
        "Kode",
        "Nama Program",
        "Dimensi",
        "Sub-dimensi",
        "OPD Pengampu",
        "Horizon",
        "Tahun Mulai",
        "Tahun Selesai",
        "Deskripsi",
        "ID",
        "Versi",
    ]
    assert program.column_dimensions["J"].hidden and program.column_dimensions["K"].hidden
    assert program.freeze_panes == "A2"
    assert program.column_dimensions["B"].width > 30
    assert program.max_row == 1  # a template has no items
    # dropdowns for dimension, sub-dimension, agency and horizon; budget source on Anggaran
    ranges = {str(dv.sqref).split(":")[0][0]: dv.formula1 for dv in program.data_validations.dataValidation}
    assert set(ranges) == {"C", "D", "E", "F"}
    assert all(f.startswith("'Daftar Kode'!") for f in ranges.values())
    budget_lists = [dv.formula1 for dv in wb["Anggaran"].data_validations.dataValidation]
    assert len(budget_lists) == 1
    # the codes sheet lists this region's agencies only (region B's are not in it)
    lists = wb["Daftar Kode"]
    header = [c.value for c in lists[1]]
    col = header.index("OPD") + 1
    agencies = [lists.cell(row=r, column=col).value for r in range(2, lists.max_row + 1)]
    assert sorted(a for a in agencies if a) == ["disdukcapil", "diskominfo"]
    # the plan header is prefilled with the region
    rencana = {row[0].value: row[1].value for row in wb["Rencana"].iter_rows(min_row=2)}
    assert rencana["Kode Daerah"] == "52.04"
    assert rencana["Nama Daerah"] == "Kabupaten Sumbawa"
    # the instructions are there, with the allowed values
    guide = "\n".join(str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value)
    assert "GOV-1" in guide and "APBD" in guide and "disdukcapil" in guide


def test_parse_reads_back_what_was_built(world):
    content, plan = sumbawa_file(world)
    parsed = workbook_parse(content, region=world.region_a)
    assert not isinstance(parsed, list), parsed[:5]
    assert (len(parsed.programmes), len(parsed.actions), len(parsed.quick_wins)) == (74, 142, 6)
    assert [p.code for p in parsed.programmes] == [p.code for p in plan.programmes]
    assert parsed.programmes[0].row == 2
    first = parsed.actions[0]
    assert (first.code, first.programme, first.baseline) == (
        plan.actions[0].code,
        plan.actions[0].programme,
        plan.actions[0].baseline,
    )
    assert sum(b.amount for b in parsed.budgets) == sum(b.amount for b in plan.budgets)
    assert {q.acronym for q in parsed.quick_wins} == {
        "SiLAMO",
        "Discover Sumbawa",
        "SiJINAK",
        "e-Puskesmas",
        "SiPATARA",
        "Go-SIPS",
    }
    assert parsed.missions == plan.missions
    assert parsed.vision == plan.vision
    assert [r.element for r in parsed.readiness] == [r.element for r in plan.readiness]


def test_parse_accepts_acronyms_labels_and_numbers_as_text(world):
    content, _plan = sumbawa_file(world, small=True)

    def edit(wb):
        ws = wb["Program"]
        ws["E2"] = "DISKOMINFO"  # an acronym, any case
        ws["F2"] = "pendek"
        ws["G2"] = "2024"  # a year typed as text
        wb["Anggaran"]["D2"] = "1500000.5"

    parsed = workbook_parse(edit_workbook(content, edit), region=world.region_a)
    assert not isinstance(parsed, list), parsed
    p = parsed.programmes[0]
    assert (p.horizon, p.start_year) == ("short", 2024)
    assert parsed.budgets[0].amount == Decimal("1500000.50")


def test_text_that_looks_like_a_formula_is_kept_as_text(world):
    from kotacerdas.masterplans.worksheets import catalogue_for

    from .worksheet_data import small_plan, sumbawa_agencies, workbook_bytes

    plan = small_plan(agencies=sumbawa_agencies(world))
    plan.programmes[0].name = "=SUM bukan rumus"
    content = workbook_bytes(catalogue_for(world.region_a), plan)
    parsed = workbook_parse(content, region=world.region_a)
    assert not isinstance(parsed, list), parsed
    assert parsed.programmes[0].name == "=SUM bukan rumus"


# ---------------------------------------------------------------- bad input


def _set(sheet: str, cell: str, value):
    def edit(wb):
        wb[sheet][cell] = value

    return edit


def _delete_sheet(sheet: str):
    def edit(wb):
        del wb[sheet]

    return edit


def _duplicate_action_code(wb):
    ws = wb["Rencana Aksi"]
    ws["A3"] = ws["A2"].value


BAD_EDITS = [
    # (id, edit, expected (sheet, row, column))
    ("wrong agency", _set("Program", "E2", "dinas-fiktif"), ("Program", 2, "OPD Pengampu")),
    ("unknown dimension", _set("Program", "C2", "XYZ"), ("Program", 2, "Dimensi")),
    ("unknown sub-dimension", _set("Program", "D2", "GOV-9"), ("Program", 2, "Sub-dimensi")),
    ("sub-dimension of another dimension", _set("Program", "D2", "ENV-1"), ("Program", 2, "Sub-dimensi")),
    ("text in a budget cell", _set("Anggaran", "D2", "satu juta"), ("Anggaran", 2, "Jumlah (Rp)")),
    ("negative budget", _set("Anggaran", "D2", -5), ("Anggaran", 2, "Jumlah (Rp)")),
    ("unknown budget source", _set("Anggaran", "C2", "HIBAH"), ("Anggaran", 2, "Sumber")),
    ("duplicated code", _duplicate_action_code, ("Rencana Aksi", 3, "Kode")),
    ("formula", _set("Anggaran", "D2", "=1000*2"), ("Anggaran", 2, "Jumlah (Rp)")),
    ("formula in the header sheet", _set("Rencana", "B4", '=CONCAT("a","b")'), ("Rencana", 4, "Nilai")),
    ("missing sheet", _delete_sheet("Target"), ("Target", None, None)),
    ("year outside the plan", _set("Rencana Aksi", "F2", 2031), ("Rencana Aksi", 2, "Tahun Selesai")),
    ("quick win year outside the plan", _set("Quick Win", "G2", 2035), ("Quick Win", 2, "Tahun Target")),
    ("year is not a number", _set("Program", "G2", "dua ribu"), ("Program", 2, "Tahun Mulai")),
    ("unknown programme", _set("Rencana Aksi", "B2", "NOPE-01"), ("Rencana Aksi", 2, "Kode Program")),
    ("unknown action in targets", _set("Target", "A2", "NOPE-01.01"), ("Target", 2, "Kode Rencana Aksi")),
    ("missing name", _set("Program", "B2", None), ("Program", 2, "Nama Program")),
    ("missing column", _set("Rencana Aksi", "B1", "Induk"), ("Rencana Aksi", 1, "Kode Program")),
    ("readiness score out of range", _set("Kesiapan", "B2", 9), ("Kesiapan", 2, "Skor (1-5)")),
    ("other region's worksheet", _set("Rencana", "B2", "51.08"), ("Rencana", 2, "Nilai")),
    ("plan years reversed", _set("Rencana", "B6", 2020), ("Rencana", 6, "Nilai")),
]


@pytest.mark.parametrize("edit,where", [(e, w) for _i, e, w in BAD_EDITS], ids=[i for i, _e, _w in BAD_EDITS])
def test_bad_input_is_refused_with_its_cell(world, edit, where):
    content, _plan = sumbawa_file(world, small=True)
    errors = workbook_parse(edit_workbook(content, edit), region=world.region_a)
    assert isinstance(errors, list), "the file should have been refused"
    assert where in _where(errors), [e.as_dict() for e in errors]
    assert all(e.message for e in errors)


def test_every_problem_is_reported_at_once(world):
    content, _plan = sumbawa_file(world, small=True)

    def edit(wb):
        wb["Program"]["E2"] = "dinas-fiktif"
        wb["Anggaran"]["D3"] = "banyak"
        wb["Target"]["C2"] = "=1+1"

    errors = workbook_parse(edit_workbook(content, edit), region=world.region_a)
    assert {
        ("Program", 2, "OPD Pengampu"),
        ("Anggaran", 3, "Jumlah (Rp)"),
        ("Target", 2, "Target"),
    } <= _where(errors)


def test_messages_are_translatable_sentences(world):
    content, _plan = sumbawa_file(world, small=True)
    bad = edit_workbook(content, _set("Anggaran", "D2", "satu juta"))
    with translation.override("en"):
        errors = workbook_parse(bad, region=world.region_a)
    assert isinstance(errors, list)
    assert errors[0].message == "“satu juta” is text, not a number: type the number only."
    with translation.override("en"):
        errors = workbook_parse(edit_workbook(content, _set("Anggaran", "D2", "=1+1")), region=world.region_a)
    assert errors[0].message == "Formulas are not allowed: type the value itself."


def test_empty_file_and_empty_workbook(world):
    from kotacerdas.masterplans.importer import template_build

    errors = workbook_parse(b"", region=world.region_a)
    assert _where(errors) == {("", None, None)}
    errors = workbook_parse(template_build(world.region_a), region=world.region_a)
    assert isinstance(errors, list)
    assert ("Program", None, None) in _where(errors)


@pytest.mark.parametrize(
    "content",
    [
        b"not a spreadsheet at all",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        "zip",
    ],
    ids=["text", "pdf", "zip that is not xlsx"],
)
def test_not_an_xlsx(world, content):
    if content == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("hello.txt", "hello")
        content = buffer.getvalue()
    errors = workbook_parse(content, region=world.region_a)
    assert _where(errors) == {("", None, None)}


def test_a_30_mb_file_is_refused_before_it_is_read(world, tmp_path, monkeypatch):
    path = tmp_path / "besar.xlsx"
    with path.open("wb") as fh:
        fh.truncate(30 * 1024 * 1024)  # sparse: 30 MB on paper, nothing on disk
    called = []
    monkeypatch.setattr(reader, "load_workbook", lambda *a, **k: called.append(1))
    errors = workbook_parse(path, region=world.region_a)
    assert _where(errors) == {("", None, None)} and not called
    with translation.override("en"):
        assert "too large" in workbook_parse(path, region=world.region_a)[0].message


def test_limit_comes_from_settings(world, settings):
    content, _plan = sumbawa_file(world, small=True)
    settings.KOTACERDAS_MAX_WORKSHEET_BYTES = len(content) - 1
    assert isinstance(workbook_parse(content, region=world.region_a), list)
    settings.KOTACERDAS_MAX_WORKSHEET_BYTES = len(content)
    assert not isinstance(workbook_parse(content, region=world.region_a), list)


def test_bad_input_writes_nothing(world):
    """Refused at the service too (an API caller could send a ParsedPlan built from JSON)."""
    from kotacerdas.masterplans.importer import ImportRefused, plan_import

    content, _plan = sumbawa_file(world, small=True)
    parsed = workbook_parse(content, region=world.region_a)
    parsed.checked_with = None
    parsed.programmes[0].agency = "dinas-fiktif"
    events = AuditEvent.objects.count()
    with pytest.raises(ImportRefused) as exc:
        plan_import(actor=world.users["coordinator_a"], region=world.region_a, parsed=parsed)
    assert ("Program", 2, "OPD Pengampu") in _where(exc.value.rows)
    assert MasterPlan.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_region_from_the_plan_sheet(world):
    content, _plan = sumbawa_file(world, small=True)
    parsed = workbook_parse(content)
    assert not isinstance(parsed, list)
    assert parsed.region_code == "52.04"
    errors = workbook_parse(edit_workbook(content, _set("Rencana", "B2", "99.99")))
    assert _where(errors) == {("Rencana", 2, "Nilai")}


def test_find_row_helper(world):
    content, _plan = sumbawa_file(world, small=True)
    wb = openpyxl.load_workbook(io.BytesIO(content))
    assert find_row(wb["Program"], 1, "GOV-01") == 2
