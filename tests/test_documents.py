"""The master-plan document: PDF and DOCX generated from the data, the road-map chart, downloads."""

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
from kotacerdas.masterplans.models import Programme
from kotacerdas.organisation.models import BodyMember, Decree, WorkingGroup
from kotacerdas.programme.models import Dimension, SubDimension

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
    root = parse_svg(str(ctx["roadmap_chart"]))
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


def test_pdf_has_vision_every_programme_and_chapters_in_order(world, full_version, tmp_path):
    with translation.override("en"):
        data = documents.render_pdf(full_version)
        chapters = [f"{c['number']}. {c['title']}" for c in documents.chapters()]
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert VISION in text
    assert "Masterplan Smart City Kabupaten Sumbawa" in text
    for programme in Programme.objects.filter(version=full_version):
        assert programme.name in text, programme.name
        assert programme.code in text
    for code in ("GOV-01.01", "ENV-02.02", "QW-ECO", "SiGov"):
        assert code in text
    assert "Semua layanan perizinan daring" in text  # road-map milestone
    assert "Jaringan fiber di ibu kota" in text  # SWOT
    assert "Tata kelola digital" in text  # mission
    assert "150,000,000" in text  # budgets, grouped the English way
    # the contents list the chapters in order, and the chapters follow in the same order
    assert in_order(text, chapters + chapters), text[:2000]


def test_pdf_in_indonesian_groups_numbers_the_indonesian_way(world, full_version, tmp_path):
    text = pdf_text(documents.render_pdf(full_version), tmp_path)
    assert "150.000.000" in text
    assert VISION in text


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
    with translation.override("en"):
        text = pdf_text(documents.render_pdf(version), tmp_path)
        ctx = documents.build_context(version)
        docx = docx_text(documents.render_docx(version))
    assert ctx["programme_count"] == 0 and ctx["quick_wins"] == []
    assert "This version has no programmes yet." in text
    assert "Not recorded." in text  # governance is empty
    assert "Masterplan Smart City Kabupaten Sumbawa" in text
    assert "This version has no programmes yet." in docx


def test_pdf_fetches_nothing_remote():
    fetcher = documents._url_fetcher()
    for url in ("https://example.com/x.css", "http://127.0.0.1/", "file:///etc/passwd", "ftp://x/y"):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


# ---------------------------------------------------------------- DOCX


def test_docx_has_the_same_chapters_and_data(world, full_version):
    from docx import Document

    with translation.override("en"):
        data = documents.render_docx(full_version)
        chapters = [f"{c['number']}. {c['title']}" for c in documents.chapters()]
    document = Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h for h in headings if h in chapters] == chapters
    text = docx_text(data)
    assert VISION in text
    for programme in Programme.objects.filter(version=full_version):
        assert programme.name in text
    assert "GOV-01.02" in text and "Semua layanan perizinan daring" in text
    assert document.core_properties.title == "Masterplan Smart City Kabupaten Sumbawa"


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
    assert documents.render_pdf(version).startswith(b"%PDF")


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


def test_docx_download(world, full_version):
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


def test_download_of_an_older_version(world, full_version):
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
    assert "Perbup 12/2024" in docx_text(first.content)


def test_frozen_version_document_is_rendered_once(world):
    from kotacerdas.masterplans import documents, services

    from .masterplan_data import small_plan

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
