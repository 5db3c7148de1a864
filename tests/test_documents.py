"""The master-plan document: the regulation annex as PDF (Typst) and DOCX, its context (dates,
amounts, totals, the signature), safe text, the chart, downloads and the background job."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from kotacerdas.masterplans import documents, services
from kotacerdas.masterplans.documents import RoadmapCell, roadmap_svg
from kotacerdas.masterplans.documents.formatting import (
    head_title,
    indonesian_date,
    percent,
    quantity,
    rupiah,
)
from kotacerdas.masterplans.models import Programme
from kotacerdas.organisation.models import BodyMember, Decree, WorkingGroup
from kotacerdas.programme.models import Dimension, SubDimension

from .masterplan_data import small_plan

SVG = "{http://www.w3.org/2000/svg}"
VISION = "Sumbawa Gemilang"


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())  # one line: table cells may wrap


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def parse_svg(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own chart, not untrusted input


def in_order(text: str, needles: list[str]) -> bool:
    position = 0
    for needle in needles:
        found = text.find(needle, position)
        if found < 0:
            return False
        position = found + len(needle)
    return True


@pytest.fixture
def plan(world):
    return services.plan_create(
        actor=world.users["coordinator_a"],
        region=world.region_a,
        title="Masterplan Smart City Kabupaten Sumbawa",
        start_year=2024,
        end_year=2028,
    )


@pytest.fixture
def full_version(world, plan):
    """Vision, missions, readiness and SWOT, two programmes per dimension with actions, quick wins."""
    actor = world.users["coordinator_a"]
    version = plan.versions.get()
    services.version_update(
        actor=actor,
        version=version,
        data={
            "vision": VISION,
            "vision_explanation": "Gemilang: maju, sejahtera dan berdaya saing.",
            "rpjmd_vision": "Terwujudnya Masyarakat Sumbawa yang Unggul",
            "rpjmd_alignment": "Selaras dengan misi kedua RPJMD.",
        },
        expected_version=None,
    )
    services.missions_set(
        actor=actor, version=version, texts=["Tata kelola digital", "Ekonomi kreatif berdaya saing"]
    )
    for element in ["nature", "structure", "infrastructure", "suprastructure", "culture"]:
        services.readiness_set(
            actor=actor, version=version, element=element, score=3, summary=f"Ringkasan {element}"
        )
    services.swot_item_add(
        actor=actor, version=version, element="infrastructure", kind="S", text="Jaringan fiber di ibu kota"
    )
    services.swot_item_add(
        actor=actor, version=version, element="infrastructure", kind="W", text="Desa tanpa sinyal"
    )
    for dim in Dimension.objects.order_by("position"):
        for n in (1, 2):
            programme = services.programme_create(
                actor=actor,
                version=version,
                code=f"{dim.code}-0{n}",
                name=f"Program {dim.name} nomor {n}",
                subdimension=SubDimension.objects.get(code=f"{dim.code}-{n}"),
                agency=world.agency_a2,
                start_year=2024,
                end_year=2027,
            )
            for m in (1, 2):
                services.action_create(
                    actor=actor,
                    programme=programme,
                    code=f"{dim.code}-0{n}.0{m}",
                    name=f"Aksi {dim.code} {n}.{m}",
                    agency=world.agency_a,
                    start_year=2024,
                    end_year=2025 + m,
                    indicator="Jumlah layanan daring",
                    unit="layanan",
                    baseline=Decimal(1),
                    budgets=[
                        (2024, "APBD", Decimal("150000000")),
                        (2025, "NON_APBD", Decimal("25000000")),
                    ],
                    targets=[(2024, Decimal(2)), (2025, Decimal(4))],
                )
        services.quick_win_create(
            actor=actor,
            version=version,
            code=f"QW-{dim.code}",
            name=f"Quick win {dim.code}",
            acronym=f"Si{dim.code.title()}",
            expansion="Sistem informasi",
            dimension=dim,
            agency=world.agency_a,
            target_year=2024,
            programme=Programme.objects.get(version=version, code=f"{dim.code}-01"),
        )
    services.roadmap_item_add(
        actor=actor,
        version=version,
        year=2025,
        dimension=Dimension.objects.get(code="GOV"),
        milestone="Semua layanan perizinan daring",
    )
    version.refresh_from_db()
    return version


# ---------------------------------------------------------------- the chart (pure)

# ---------------------------------------------------------------- formatting (pure)


def test_dates_have_full_indonesian_month_names():
    assert indonesian_date(dt.date(2024, 2, 7)) == "7 Februari 2024"
    assert indonesian_date(dt.date(2023, 12, 31)) == "31 Desember 2023"
    assert indonesian_date(dt.date(2022, 5, 1)) == "1 Mei 2022"
    assert indonesian_date(None) == ""


def test_amounts_are_grouped_with_dots_and_never_decimals():
    assert rupiah(Decimal("93915000000")) == "93.915.000.000"
    assert rupiah(Decimal("197115456789.49")) == "197.115.456.789"
    assert rupiah(Decimal("999.5")) == "1.000"
    assert rupiah(0) == "0"
    assert rupiah(-1500) == "-1.500"
    assert rupiah(None) == ""


def test_quantities_and_percentages_use_the_decimal_comma():
    assert quantity(Decimal("12.50")) == "12,5"
    assert quantity(Decimal("1250.75")) == "1.250,75"
    assert quantity(Decimal("3.00")) == "3"
    assert percent(Decimal(1), Decimal(3)) == "33,3"
    assert percent(Decimal(5), Decimal(5)) == "100,0"
    assert percent(Decimal(0), Decimal(0)) == ""


def test_head_title_follows_the_kind_of_region():
    assert head_title("kabupaten", "Kabupaten Sumbawa") == "Bupati Sumbawa"
    assert head_title("kota", "Kota Sawahlunto") == "Wali Kota Sawahlunto"
    assert head_title("kabupaten", "Kabupaten Administrasi Kepulauan Seribu") == "Bupati Kepulauan Seribu"


@pytest.mark.parametrize(
    "chair,signatories,expected",
    [
        ("Drs. H. Mahmud Abdullah", "", "Drs. H. Mahmud Abdullah"),
        ("Bupati Sumbawa", "H. Mahmud Abdullah, Bupati Sumbawa\nDirjen Aptika", "H. Mahmud Abdullah"),
        ("Bupati Sumbawa", "Bupati Sumbawa\nDirektur Jenderal Aplikasi Informatika", ""),
        ("", "Ir. Budi, Kepala Dinas Kominfo", ""),
        ("", "Dr. Ani, Wali Kota Sawahlunto", "Dr. Ani"),
    ],
)
def test_regent_name_comes_from_a_person_not_an_office(chair, signatories, expected):
    assert documents.regent_name(dewan_chair=chair, mou_signatories=signatories) == expected


# ---------------------------------------------------------------- the context


def test_context_totals_are_separate_figures_and_the_share_adds_up(world, full_version):
    ctx = documents.build_context(full_version)
    budget = ctx["budget"]
    assert budget["total"] == "4.200.000.000"  # 24 actions of 175.000.000
    assert budget["total_share"] == "100,0"
    assert [r["share"] for r in budget["rows"]] == ["16,7"] * 6
    assert budget["sources"] == ["APBD", "APBN", "Non-APBD"]
    assert budget["totals"] == ["3.600.000.000", "0", "600.000.000"]
    gov = ctx["dimensions"][0]["programmes"][0]
    assert gov["budget_total"] == "350.000.000"
    assert gov["actions"][0]["target_lines"] == ["2024: 2", "2025: 4"]


def test_context_of_a_draft_leaves_the_regulation_blank(world, full_version):
    ctx = documents.build_context(full_version)
    regulation = ctx["regulation"]
    assert regulation["ratified"] is False
    assert regulation["title"] == "Peraturan Bupati Sumbawa"
    assert (regulation["number"], regulation["date"]) == ("", "")
    assert regulation["about"] == "Masterplan Smart City Kabupaten Sumbawa"
    assert ctx["signature"]["head"] == "Bupati Sumbawa"
    assert [c["number"] for c in ctx["chapters"]] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def test_context_of_a_ratified_version_has_number_date_and_regent(world, full_version):
    actor = world.users["coordinator_a"]
    BodyMember.objects.create(
        region=world.region_a, body="dewan", name="Drs. H. Mahmud Abdullah", role="ketua"
    )
    submitted = services.version_submit(actor=actor, version=full_version)
    ratified = services.version_ratify(
        actor=actor, version=submitted, kind="perbup", number="7 Tahun 2024", date=dt.date(2024, 2, 7)
    )
    ctx = documents.build_context(ratified)
    assert ctx["regulation"]["number"] == "7 Tahun 2024"
    assert ctx["regulation"]["date"] == "7 Februari 2024"
    assert ctx["signature"]["date"] == "7 Februari 2024"
    assert ctx["signature"]["name"] == "Drs. H. Mahmud Abdullah"


def test_context_is_indonesian_whatever_the_interface_language(world, full_version):
    with translation.override("en"):
        english = documents.build_context(full_version)
    assert english["budget"]["total"] == "4.200.000.000"
    assert (
        english["dimensions"][0]["label"] == documents.build_context(full_version)["dimensions"][0]["label"]
    )


# ---------------------------------------------------------------- the chart (pure)


def test_roadmap_svg_has_one_mark_per_cell_with_data():
    rows = [("GOV", "Smart Governance"), ("BRD", "Smart Branding <&>"), ("ENV", "Smart Environment")]
    cells = {
        ("GOV", 2024): RoadmapCell(actions=3, budget=Decimal(10)),
        ("GOV", 2025): RoadmapCell(actions=1),
        ("BRD", 2026): RoadmapCell(budget=Decimal(5), milestones=1),
        ("ENV", 2024): RoadmapCell(),  # no data: no mark
    }
    svg = roadmap_svg(years=[2024, 2025, 2026], rows=rows, cells=cells, caption="Peta jalan & aksi")
    root = parse_svg(svg)  # well-formed, labels escaped
    assert root.tag == f"{SVG}svg"
    marks = root.findall(f".//{SVG}rect[@class='mark']")
    assert sorted((m.get("data-dimension"), int(m.get("data-year"))) for m in marks) == [
        ("BRD", 2026),
        ("GOV", 2024),
        ("GOV", 2025),
    ]
    widths = {(m.get("data-dimension"), m.get("data-year")): float(m.get("width")) for m in marks}
    assert widths[("GOV", "2024")] > widths[("GOV", "2025")]  # busier cell, longer bar
    assert len(root.findall(f".//{SVG}path[@class='milestone']")) == 1
    assert [t.text for t in root.findall(f".//{SVG}text[@class='year']")] == ["2024", "2025", "2026"]


def test_roadmap_svg_empty_is_valid():
    root = parse_svg(roadmap_svg(years=[2024], rows=[], cells={}))
    assert root.findall(f".//{SVG}rect[@class='mark']") == []


def test_chart_in_context_counts_running_actions(world, full_version):
    ctx = documents.build_context(full_version)
    root = parse_svg(ctx["roadmap_chart"])
    marks = root.findall(f".//{SVG}rect[@class='mark']")
    # every dimension has actions running 2024-2027, none in 2028
    assert {(m.get("data-dimension"), m.get("data-year")) for m in marks} == {
        (d.code, str(y)) for d in Dimension.objects.all() for y in range(2024, 2028)
    }
    gov = next(d for d in ctx["dimensions"] if d["code"] == "GOV")
    assert gov["year_actions"] == [4, 4, 4, 2, 0]  # half end in 2026, half in 2027


def test_context_queries_do_not_grow_with_the_plan(world, full_version):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert full_version.plan.region.code == "52.04"  # loaded once, as a view has them
    documents.build_context(full_version)  # the region's province, read once
    with CaptureQueriesContext(connection) as before:
        documents.build_context(full_version)
    programme = Programme.objects.get(version=full_version, code="ECO-01")
    for m in range(3, 8):
        services.action_create(
            actor=world.users["coordinator_a"],
            programme=programme,
            code=f"ECO-01.0{m}",
            name=f"Aksi tambahan {m}",
            agency=world.agency_a2,
            start_year=2024,
            end_year=2024,
            budgets=[(2024, "APBN", Decimal(1000))],
        )
    with CaptureQueriesContext(connection) as after:
        documents.build_context(full_version)
    assert len(after) == len(before) < 30


# ---------------------------------------------------------------- PDF


CHAPTER_HEADINGS = [
    "BAB I PENDAHULUAN",
    "BAB II GAMBARAN UMUM DAERAH",
    "BAB III ANALISIS KESIAPAN DAERAH",
    "BAB IV VISI DAN MISI SMART CITY",
    "BAB V PROGRAM DAN RENCANA AKSI",
    "BAB VI PETA JALAN DAN QUICK WIN",
    "BAB VII RENCANA ANGGARAN",
    "BAB VIII PENUTUP",
]


def test_pdf_is_the_regulation_annex_with_every_programme_in_order(world, full_version, tmp_path):
    data = documents.render_pdf(full_version)
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert in_order(text, ["LAMPIRAN", "PERATURAN BUPATI SUMBAWA", "NOMOR", "TANGGAL", "TENTANG"])
    assert "MASTERPLAN SMART CITY KABUPATEN SUMBAWA" in text
    assert VISION in text
    for programme in Programme.objects.filter(version=full_version):
        assert programme.name in text, programme.name
        assert programme.code in text
    for code in ("GOV-01.01", "ENV-02.02", "QW-ECO", "SiGov"):
        assert code in text
    assert "Semua layanan perizinan daring" in text  # road-map milestone
    assert "Jaringan fiber di ibu kota" in text  # SWOT
    assert "Tata kelola digital" in text  # mission
    assert "Undang-Undang Nomor 23 Tahun 2014" in text  # legal basis
    assert "150.000.000" in text  # amounts grouped the Indonesian way
    # the contents list the chapters, then the chapters follow in the same order, then the signature
    assert in_order(text, CHAPTER_HEADINGS + CHAPTER_HEADINGS + ["Ditetapkan di", "BUPATI SUMBAWA,"])


def test_pdf_totals_do_not_run_into_each_other(world, full_version, tmp_path):
    text = pdf_text(documents.render_pdf(full_version), tmp_path)
    # the total row of the budget summary: each figure a separate word, the share filled
    assert "Jumlah 3.600.000.000 0 600.000.000 4.200.000.000 100,0" in text


def test_pdf_is_indonesian_in_english_too(world, full_version, tmp_path):
    with translation.override("en"):
        text = pdf_text(documents.render_pdf(full_version), tmp_path)
    assert "BAB I PENDAHULUAN" in text and "150.000.000" in text


def test_pdf_of_a_ratified_version_has_its_number_date_and_regent(world, full_version, tmp_path):
    actor = world.users["coordinator_a"]
    Decree.objects.create(
        region=world.region_a,
        kind="dewan",
        number="188.4.45/123/2024",
        date=dt.date(2024, 1, 5),
        title="Dewan",
    )
    BodyMember.objects.create(
        region=world.region_a, body="dewan", name="Drs. H. Mahmud Abdullah", role="ketua"
    )
    submitted = services.version_submit(actor=actor, version=full_version)
    ratified = services.version_ratify(
        actor=actor, version=submitted, kind="perbup", number="7 Tahun 2024", date=dt.date(2024, 2, 12)
    )
    text = pdf_text(documents.render_pdf(ratified), tmp_path)
    assert "NOMOR : 7 TAHUN 2024" in text
    assert "TANGGAL : 12 FEBRUARI 2024" in text
    assert "pada tanggal 12 Februari 2024" in text
    assert "DRS. H. MAHMUD ABDULLAH" in text  # the signature block
    assert "188.4.45/123/2024 tanggal 5 Januari 2024" in text  # legal basis: the region's decrees


def test_pdf_governance_shows_recorded_organisation(world, full_version, tmp_path):
    decree = Decree.objects.create(
        region=world.region_a,
        kind="dewan",
        number="188.4.45/123/2024",
        date=dt.date(2024, 2, 1),
        title="Pembentukan Dewan Smart City",
    )
    BodyMember.objects.create(
        region=world.region_a, body="dewan", name="Drs. Ahmad Yani", role="ketua", decree=decree
    )
    BodyMember.objects.create(
        region=world.region_a, body="tim_pelaksana", name="Siti Aminah", sector="akademisi"
    )
    WorkingGroup.objects.create(
        region=world.region_a,
        dimension=Dimension.objects.get(code="GOV"),
        leading_agency=world.agency_a2,
        lead_name="Ir. Budi",
    )
    BodyMember.objects.create(region=world.region_b, body="dewan", name="Orang Buleleng")
    text = pdf_text(documents.render_pdf(full_version), tmp_path)
    for value in ("Drs. Ahmad Yani", "Siti Aminah", "Ir. Budi", "188.4.45/123/2024", "Dinas Komunikasi"):
        assert value in text
    assert "Orang Buleleng" not in text  # only the plan's region


def test_empty_plan_still_renders(world, plan, tmp_path):
    version = plan.versions.get()
    text = pdf_text(documents.render_pdf(version), tmp_path)
    ctx = documents.build_context(version)
    docx = docx_text(documents.render_docx(version))
    assert ctx["programme_count"] == 0 and ctx["quick_wins"] == []
    assert ctx["budget"]["total_share"] == ""
    assert "Versi ini belum memiliki program." in text
    assert "Belum tercatat." in text  # governance is empty
    assert "RANCANGAN" in text  # a draft is marked as such
    assert "Versi ini belum memiliki program." in docx


NASTY = [
    '#set page(width: 2cm) #eval("1+1")',
    "$x^2$ dan *tebal* dan _miring_",
    "<label> @ref \\ back\\slash",
    "[kurung] {kurawal} `kode` // komentar",
    "= Judul palsu",
]


def test_plan_text_cannot_inject_typst(world, plan, tmp_path):
    """Names full of Typst syntax are printed as they are: nothing is evaluated or styled."""
    actor = world.users["coordinator_a"]
    version = plan.versions.get()
    services.version_update(actor=actor, version=version, data={"vision": NASTY[0]}, expected_version=None)
    services.missions_set(actor=actor, version=version, texts=NASTY)
    programme = services.programme_create(
        actor=actor,
        version=version,
        code="GOV-01",
        name=NASTY[1],
        subdimension=SubDimension.objects.get(code="GOV-1"),
        agency=world.agency_a2,
        start_year=2024,
        end_year=2025,
    )
    services.action_create(
        actor=actor,
        programme=programme,
        code="GOV-01.01",
        name=NASTY[2],
        agency=world.agency_a,
        start_year=2024,
        end_year=2024,
        indicator=NASTY[3],
    )
    version.refresh_from_db()
    data = documents.render_pdf(version)
    path = tmp_path / "nasty.pdf"
    path.write_bytes(data)
    raw = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    text = " ".join(raw.split())
    for value in NASTY:
        assert " ".join(value.split()) in text, value
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    assert "595.276 x 841.89 pts (A4)" in info or "595.28 x 841.89 pts (A4)" in info  # no page set by text


def test_control_characters_from_pasted_text_do_not_break_the_documents(world, plan, tmp_path):
    version = plan.versions.get()
    services.version_update(
        actor=world.users["coordinator_a"],
        version=version,
        data={"vision": "Sumbawa\x0bGemilang\x0c"},
        expected_version=None,
    )
    version.refresh_from_db()
    assert "SumbawaGemilang" in docx_text(documents.render_docx(version))
    assert "SumbawaGemilang" in pdf_text(documents.render_pdf(version), tmp_path)


# ---------------------------------------------------------------- DOCX


def test_docx_has_the_same_chapters_and_data(world, full_version):
    from docx import Document

    data = documents.render_docx(full_version)
    document = Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h for h in headings if h.startswith("BAB ")] == CHAPTER_HEADINGS
    text = docx_text(data)
    assert "LAMPIRAN" in text and "PERATURAN BUPATI SUMBAWA" in text
    assert VISION in text
    for programme in Programme.objects.filter(version=full_version):
        assert programme.name in text
    assert "GOV-01.02" in text and "Semua layanan perizinan daring" in text
    assert "4.200.000.000" in text and "100,0" in text
    assert document.core_properties.title == "Masterplan Smart City Kabupaten Sumbawa"


# ---------------------------------------------------------------- downloads


@pytest.mark.parametrize("role", ["ministry_admin", "pendamping", "coordinator_a", "officer_a"])
def test_pdf_download_for_readers(world, plan, role):
    response = world.client_for(role).get("/rencana-induk/52.04/dokumen.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rencana-induk-52.04-v1.pdf"'
    assert response.content.startswith(b"%PDF")


def test_pdf_download_has_the_plan(world, full_version, tmp_path):
    response = world.client_for("officer_a").get("/rencana-induk/52.04/dokumen.pdf?versi=1")
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert VISION in text and "Program Smart Economy nomor 2" in text


def test_docx_download(world, full_version, settings):
    settings.DOCUMENTS_SECONDS_PER_ROW = 0.0001  # quick enough to make in the request
    response = world.client_for("coordinator_a").get("/rencana-induk/52.04/dokumen.docx?versi=1")
    assert response.status_code == 200
    assert response["Content-Type"] == documents.DOCX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="rencana-induk-52.04-v1.docx"'
    assert VISION in docx_text(response.content)


@pytest.mark.parametrize(
    "role,path",
    [
        ("coordinator_b", "/rencana-induk/52.04/dokumen.pdf"),
        ("coordinator_b", "/rencana-induk/52.04/dokumen.docx"),
        ("assessor", "/rencana-induk/52.04/dokumen.pdf"),
        ("coordinator_a", "/rencana-induk/52.04/dokumen.pdf?versi=7"),
        ("coordinator_a", "/rencana-induk/52.04/dokumen.pdf?versi=x"),
        ("coordinator_a", "/rencana-induk/51.08/dokumen.pdf"),
        ("coordinator_a", "/rencana-induk/99.99/dokumen.docx"),
    ],
)
def test_download_not_found(world, full_version, role, path):
    assert world.client_for(role).get(path).status_code == 404


def test_download_of_an_older_version(world, full_version, settings):
    settings.DOCUMENTS_SECONDS_PER_ROW = 0.0001
    actor = world.users["coordinator_a"]
    submitted = services.version_submit(actor=actor, version=full_version)
    ratified = services.version_ratify(
        actor=actor, version=submitted, kind="perbup", number="Perbup 12/2024", date=dt.date(2024, 3, 1)
    )
    services.version_new_draft(actor=actor, plan=ratified.plan)
    draft = world.client_for("coordinator_a").get("/rencana-induk/52.04/dokumen.docx")
    assert 'filename="rencana-induk-52.04-v2.docx"' in draft["Content-Disposition"]  # editors: the draft
    client = world.client_for("pendamping")
    in_force = client.get("/rencana-induk/52.04/dokumen.docx")  # readers: the version in force
    assert 'filename="rencana-induk-52.04-v1.docx"' in in_force["Content-Disposition"]
    newest = client.get("/rencana-induk/52.04/dokumen.docx?versi=2")
    assert 'filename="rencana-induk-52.04-v2.docx"' in newest["Content-Disposition"]
    first = client.get("/rencana-induk/52.04/dokumen.docx?versi=1")
    assert 'filename="rencana-induk-52.04-v1.docx"' in first["Content-Disposition"]
    assert "PERBUP 12/2024" in docx_text(first.content)


def test_frozen_version_document_is_rendered_once(world):
    small = small_plan(world, complete=True)
    version = services.version_submit(actor=world.users["coordinator_a"], version=small.version)
    calls = []

    def render(v):
        calls.append(v.pk)
        return b"%PDF-1.4 fake"

    assert documents.document_bytes(version, render, "pdf") == b"%PDF-1.4 fake"
    assert documents.document_bytes(version, render, "pdf") == b"%PDF-1.4 fake"
    assert len(calls) == 1
    # a change in the region's organisation (the governance chapter) renders it again
    from kotacerdas.organisation.models import Agency

    agency = Agency.objects.get(pk=world.agency_a.pk)
    agency.name = "Dinas Dukcapil Baru"
    agency.save()
    documents.document_bytes(version, render, "pdf")
    assert len(calls) == 2
    # a draft is always rendered fresh
    draft = services.version_new_draft(actor=world.users["coordinator_a"], plan=version.plan)
    documents.document_bytes(draft, render, "pdf")
    documents.document_bytes(draft, render, "pdf")
    assert len(calls) == 4


# ---------------------------------------------------------------- slow documents: a background job


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_slow_document_goes_to_a_job_that_ends_in_a_download(
    world, full_version, settings, immediate_tasks, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from kotacerdas.core.models import Job, JobStatus
    from kotacerdas.masterplans import tasks

    settings.DOCUMENTS_SECONDS_PER_ROW = 1.0  # every plan is "slow"
    old = Job.objects.create(
        kind="masterplan_document", params={"region": "52.04", "version": 1, "format": "pdf"}
    )
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=3))
    default_storage.save(tasks.document_job_path(old), ContentFile(b"%PDF old"))
    client = world.client_for("coordinator_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/rencana-induk/52.04/dokumen.pdf")
    assert response.status_code == 302
    job = Job.objects.exclude(pk=old.pk).get(kind="masterplan_document")
    assert response["Location"] == f"/tugas/{job.code}/"
    assert job.status == JobStatus.SUCCEEDED and job.progress == 100
    assert job.params == {"region": "52.04", "version": 1, "format": "pdf"}
    page = client.get(response["Location"])
    download = f"/rencana-induk/52.04/dokumen/{job.code}/"
    assert download in page.content.decode()
    file = client.get(download)
    assert file.status_code == 200
    assert file["Content-Disposition"] == 'attachment; filename="rencana-induk-52.04-v1.pdf"'
    assert "LAMPIRAN" in pdf_text(file.content, tmp_path)
    # the job's file is its creator's: another reader of the plan gets 404
    assert world.client_for("officer_a").get(download).status_code == 404
    # files of jobs older than a day are removed
    assert not default_storage.exists(tasks.document_job_path(old))
    assert default_storage.exists(tasks.document_job_path(job))


def test_quick_document_is_served_at_once(world, plan, settings, django_capture_on_commit_callbacks):
    from kotacerdas.core.models import Job

    assert documents.expected_seconds(plan.versions.get(), "pdf") <= documents.INLINE_SECONDS
    with django_capture_on_commit_callbacks(execute=False):
        response = world.client_for("coordinator_a").get("/rencana-induk/52.04/dokumen.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert not Job.objects.exists()


def test_sumbawa_sized_plan_estimates(world, plan):
    """The estimate grows with the rows: 216 rows of Sumbawa's plan are over a second in DOCX."""
    version = plan.versions.get()
    empty = documents.expected_seconds(version, "docx")
    small_plan_rows = documents.expected_seconds(version, "pdf")
    assert empty < documents.INLINE_SECONDS and small_plan_rows < documents.INLINE_SECONDS
    per_row = documents.files.SECONDS_PER_ROW["docx"]
    assert documents.files.FIXED_SECONDS["docx"] + 216 * per_row > documents.INLINE_SECONDS


def test_fresh_renders_are_limited_per_user(world, plan, settings):
    settings.DOCUMENT_RATE = "2/min"
    client = world.client_for("coordinator_a")
    assert client.get("/rencana-induk/52.04/dokumen.pdf").status_code == 200
    assert client.get("/rencana-induk/52.04/dokumen.docx").status_code == 200
    refused = client.get("/rencana-induk/52.04/dokumen.pdf")
    assert refused.status_code == 429 and refused["Retry-After"]
    # another user has their own allowance
    assert world.client_for("officer_a").get("/rencana-induk/52.04/dokumen.pdf").status_code == 200
