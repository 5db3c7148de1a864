"""Test data for the worksheets: the Sumbawa 2024 master plan as a ``ParsedPlan``, and workbooks.

Sumbawa 2024 (DOMAIN.md §3): 74 programmes and 142 actions, per dimension GOV 9/25, BRD 12/14,
ECO 20/38, LIV 13/25, SOC 8/18, ENV 12/22, with the six quick wins SiLAMO, Discover Sumbawa,
SiJINAK, e-Puskesmas, SiPATARA and Go-SIPS. Names, budgets and targets are generated
(deterministically); the counts and the quick wins are the real plan's.

Also used by ``bench/`` (the national benchmark imports 514 such plans).
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Sequence
from decimal import Decimal

from kotacerdas.masterplans.worksheets import (
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
    WorkbookData,
    workbook_build,
)

# dimension: (programmes, actions)
SUMBAWA_COUNTS: dict[str, tuple[int, int]] = {
    "GOV": (9, 25),
    "BRD": (12, 14),
    "ECO": (20, 38),
    "LIV": (13, 25),
    "SOC": (8, 18),
    "ENV": (12, 22),
}
# code, name, acronym, dimension, preferred agency
SUMBAWA_QUICK_WINS: list[tuple[str, str, str, str, str]] = [
    ("QW-GOV", "SiLAMO: layanan administrasi kependudukan daring", "SiLAMO", "GOV", "disdukcapil"),
    ("QW-BRD", "Discover Sumbawa: portal pariwisata", "Discover Sumbawa", "BRD", "dispar"),
    ("QW-ECO", "SiJINAK: perizinan dan data ternak", "SiJINAK", "ECO", "distan"),
    ("QW-LIV", "e-Puskesmas: rekam medis dan antrean puskesmas", "e-Puskesmas", "LIV", "dinkes"),
    ("QW-SOC", "SiPATARA: pemantauan bantuan sosial", "SiPATARA", "SOC", "dinsos"),
    ("QW-ENV", "Go-SIPS: pengelolaan sampah", "Go-SIPS", "ENV", "dlh"),
]
SUMBAWA_AGENCIES: list[tuple[str, str, str]] = [
    ("disdukcapil", "Disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("diskominfo", "Diskominfo", "Dinas Komunikasi dan Informatika"),
    ("dispar", "Dispar", "Dinas Pariwisata"),
    ("distan", "Distan", "Dinas Pertanian dan Peternakan"),
    ("dinkes", "Dinkes", "Dinas Kesehatan"),
    ("dinsos", "Dinsos", "Dinas Sosial"),
    ("dlh", "DLH", "Dinas Lingkungan Hidup"),
    ("bappeda", "Bappeda", "Badan Perencanaan Pembangunan Daerah"),
]
WORDS = ["Pengembangan", "Penguatan", "Digitalisasi", "Integrasi", "Peningkatan", "Penataan", "Optimalisasi"]
TOPICS = [
    "layanan",
    "data",
    "aplikasi",
    "jaringan",
    "kapasitas SDM",
    "kawasan",
    "sistem informasi",
    "promosi",
]


def _split(total: int, parts: int) -> list[int]:
    """``total`` actions over ``parts`` programmes: at least one each, the rest spread evenly."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def sumbawa_plan(
    *,
    agencies: Sequence[str],
    region_code: str = "52.04",
    start_year: int = 2024,
    end_year: int = 2028,
    counts: dict[str, tuple[int, int]] | None = None,
    seed: int = 2024,
) -> ParsedPlan:
    """The Sumbawa-shaped plan with the given agency codes (they must be the region's)."""
    rng = random.Random(seed)
    counts = counts or SUMBAWA_COUNTS
    agency_list = list(agencies)
    plan = ParsedPlan(
        region_code=region_code,
        title="Masterplan Smart City Kabupaten Sumbawa 2024-2028",
        start_year=start_year,
        end_year=end_year,
        vision="Sumbawa Gemilang yang Berkeadaban",
        vision_explanation="Sumbawa yang maju, sejahtera dan berbudaya dengan layanan digital.",
        rpjmd_vision="Terwujudnya Kabupaten Sumbawa yang Gemilang",
        rpjmd_alignment="Visi smart city selaras dengan misi RPJMD 2021-2026.",
        missions=["Tata kelola pemerintahan yang bersih", "Ekonomi daerah yang tangguh", "Masyarakat sehat"],
        readiness=[
            ReadinessRow(element=e, score=rng.randint(2, 4), summary=f"Kesiapan {e}")
            for e in ["nature", "structure", "infrastructure", "suprastructure", "culture"]
        ],
        swot=[
            SwotRow(element="structure", kind="S", text="Komitmen kepala daerah"),
            SwotRow(element="infrastructure", kind="W", text="Jaringan internet belum merata"),
            SwotRow(element="culture", kind="O", text="Generasi muda melek digital"),
        ],
        roadmap=[],
    )
    n_agency = 0
    for dim, (n_programmes, n_actions) in counts.items():
        for p_index, n_for_programme in enumerate(_split(n_actions, n_programmes), start=1):
            p_code = f"{dim}-{p_index:02d}"
            agency = agency_list[n_agency % len(agency_list)]
            n_agency += 1
            p_start = start_year + rng.randint(0, 1)
            plan.programmes.append(
                ProgrammeRow(
                    code=p_code,
                    name=f"{rng.choice(WORDS)} {rng.choice(TOPICS)} {dim} {p_index}",
                    dimension=dim,
                    subdimension=f"{dim}-{(p_index - 1) % 3 + 1}",
                    agency=agency,
                    horizon=rng.choice(["short", "medium", "long"]),
                    start_year=p_start,
                    end_year=end_year,
                    description="",
                )
            )
            for a_index in range(1, n_for_programme + 1):
                a_code = f"{p_code}.{a_index:02d}"
                a_start = max(p_start, start_year + rng.randint(0, 2))  # within its programme's years
                a_end = min(end_year, a_start + rng.randint(0, 2))
                plan.actions.append(
                    ActionRow(
                        code=a_code,
                        programme=p_code,
                        name=f"{rng.choice(WORDS)} {rng.choice(TOPICS)} {a_code}",
                        agency=agency_list[(n_agency + a_index) % len(agency_list)],
                        start_year=a_start,
                        end_year=a_end,
                        indicator=f"Jumlah {rng.choice(TOPICS)}",
                        unit="unit",
                        baseline=Decimal(rng.randint(0, 10)),
                    )
                )
                for year in range(a_start, a_end + 1):
                    plan.budgets.append(
                        BudgetRow(
                            action=a_code,
                            year=year,
                            source="APBD",
                            amount=Decimal(rng.randint(10, 900) * 1_000_000),
                        )
                    )
                    if rng.random() < 0.3:
                        plan.budgets.append(
                            BudgetRow(
                                action=a_code,
                                year=year,
                                source=rng.choice(["APBN", "NON_APBD"]),
                                amount=Decimal(rng.randint(5, 300) * 1_000_000) + Decimal("0.50"),
                            )
                        )
                    plan.targets.append(
                        TargetRow(action=a_code, year=year, value=Decimal(rng.randint(1, 100)))
                    )
        plan.roadmap.append(RoadmapRow(year=end_year, dimension=dim, milestone=f"Dimensi {dim} tercapai"))
    for code, name, acronym, dim, preferred in SUMBAWA_QUICK_WINS:
        if dim not in counts:
            continue
        plan.quick_wins.append(
            QuickWinRow(
                code=code,
                name=name,
                acronym=acronym,
                dimension=dim,
                agency=preferred if preferred in agency_list else agency_list[0],
                target_year=start_year,
                programme=f"{dim}-01",
            )
        )
    return plan


def small_plan(*, agencies: Sequence[str], region_code: str = "52.04", start_year: int = 2024) -> ParsedPlan:
    """One programme and one action per dimension, and the six quick wins."""
    return sumbawa_plan(
        agencies=agencies,
        region_code=region_code,
        start_year=start_year,
        end_year=start_year + 4,
        counts={dim: (1, 1) for dim in SUMBAWA_COUNTS},
    )


def catalogue_standalone(
    *, region_code: str = "52.04", region_name: str = "Kabupaten Sumbawa", agencies=None
) -> Catalogue:
    """A catalogue without the database (for building files outside a test database)."""
    from kotacerdas.programme.catalogue import DIMENSIONS

    agencies = agencies or SUMBAWA_AGENCIES
    return Catalogue(
        region_code=region_code,
        region_name=region_name,
        dimensions=tuple((code, name) for code, name, _en, _subs in DIMENSIONS),
        subdimensions=tuple(
            (f"{code}-{i}", code, sub_name)
            for code, _name, _en, subs in DIMENSIONS
            for i, (sub_name, _sub_en) in enumerate(subs, start=1)
        ),
        agencies=tuple(agencies),
    )


def workbook_bytes(catalogue: Catalogue, plan: ParsedPlan) -> bytes:
    return workbook_build(WorkbookData(catalogue=catalogue, plan=plan), template=False)


def edit_workbook(content: bytes, edit) -> bytes:
    """Open a workbook with openpyxl, let ``edit(wb)`` change it, and return the new bytes."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(content))
    edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def find_row(ws, column: int, value: str) -> int:
    """The row number whose ``column`` (1-based) holds ``value``."""
    for row in ws.iter_rows(min_row=2):
        if row[column - 1].value == value:
            return row[0].row
    raise LookupError(value)


# ---------------------------------------------------------------- with the test database


def sumbawa_agencies(world) -> list[str]:
    """Give region A (52.04) the Sumbawa set of agencies; returns their codes."""
    from .factories import AgencyFactory

    for code, acronym, name in SUMBAWA_AGENCIES:
        AgencyFactory(region=world.region_a, code=code, acronym=acronym, name=name)
    return [code for code, _acronym, _name in SUMBAWA_AGENCIES]


def sumbawa_file(world, *, small: bool = False, **kwargs) -> tuple[bytes, ParsedPlan]:
    """The Sumbawa 2024 workbook of region A (or its small version) and the plan written in it."""
    from kotacerdas.masterplans.worksheets import catalogue_for

    codes = sumbawa_agencies(world)
    plan = small_plan(agencies=codes, **kwargs) if small else sumbawa_plan(agencies=codes, **kwargs)
    return workbook_bytes(catalogue_for(world.region_a), plan), plan


# ---------------------------------------------------------------- hostile workbooks (written raw)

SHEET_XMLNS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
ACTIONS_PART = "xl/worksheets/sheet4.xml"  # Rencana Aksi: the fourth sheet built


def _base_workbook() -> bytes:
    """A correct small workbook (no database needed) that the hostile ones start from."""
    plan = small_plan(agencies=[code for code, _a, _n in SUMBAWA_AGENCIES])
    return workbook_bytes(catalogue_standalone(), plan)


def _copy_except(source: bytes, target: zipfile.ZipFile, skip: set[str], edit=None) -> None:
    with zipfile.ZipFile(io.BytesIO(source)) as base:
        for info in base.infolist():
            if info.filename in skip:
                continue
            data = base.read(info)
            if edit is not None:
                data = edit(info.filename, data)
            target.writestr(info.filename, data)


def bomb_workbook(path, *, megabytes: int = 400):
    """A workbook of a few hundred KB whose sharedStrings.xml holds one string of ``megabytes`` MB.

    Written part by part (streamed, so building it needs little memory); a real spreadsheet
    program would open it, and so would openpyxl, holding the whole string in memory.
    """

    def link_shared_strings(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return data.replace(
                b"</Types>",
                b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
            )
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
            )
        return data

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        _copy_except(_base_workbook(), z, set(), link_shared_strings)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(
                f'<?xml version="1.0" encoding="UTF-8"?><sst {SHEET_XMLNS} count="1" uniqueCount="1"><si><t>'.encode()
            )
            chunk = b"a" * (1024 * 1024)
            for _ in range(megabytes):
                part.write(chunk)
            part.write(b"</t></si></sst>")
    return path


def many_rows_workbook(path, *, rows: int = 1_000_000, dimension: bool = True, gap: bool = False):
    """A workbook whose Rencana Aksi sheet has ``rows`` data rows, written as raw XML.

    ``dimension=False`` leaves out the sheet's stated size (a reader must count); ``gap=True``
    writes one row numbered ``rows`` instead (a parser fills the gap with empty rows).
    """
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        _copy_except(_base_workbook(), z, {ACTIONS_PART})
        with z.open(ACTIONS_PART, "w", force_zip64=True) as part:
            head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {SHEET_XMLNS}>'
            if dimension:
                head += f'<dimension ref="A1:I{rows + 1}"/>'
            head += '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Kode</t></is></c></row>'
            part.write(head.encode())
            if gap:
                part.write(f'<row r="{rows + 1}"><c r="A{rows + 1}"><v>1</v></c></row>'.encode())
            else:
                for start in range(2, rows + 2, 50_000):
                    stop = min(start + 50_000, rows + 2)
                    part.write(
                        "".join(
                            f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(start, stop)
                        ).encode()
                    )
            part.write(b"</sheetData></worksheet>")
    return path
