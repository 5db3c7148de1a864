"""The master-plan document as an editable Word file (python-docx), from the same context as
the PDF and with the same chapters: the annex heading, BAB I to BAB VIII and the signature."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BLANK = "………………………"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value: Any) -> Any:
    """The context without characters Word's XML cannot hold (e.g. from pasted text)."""
    if isinstance(value, str):
        return _XML_INVALID.sub("", value)
    if isinstance(value, dict):
        return {k: _xml_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_xml_safe(v) for v in value]
    return value


def _table(document: Any, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> Any:
    """A grid table. The body rows are written as plain ``<w:tr>`` elements: python-docx's
    ``add_row`` and ``cell.text`` walk the table for every cell (some 40 ms a row on a big plan)."""
    from docx.oxml.ns import qn
    from lxml import etree

    table = document.add_table(rows=1, cols=len(headers))
    table.style = _styles(document)["Table Grid"]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    tbl = table._tbl
    tag_tr, tag_tc, tag_p, tag_r, tag_t, tag_br = (
        qn(t) for t in ("w:tr", "w:tc", "w:p", "w:r", "w:t", "w:br")
    )
    space = qn("xml:space")
    for values in rows:
        if len(values) != len(headers):
            raise ValueError(f"row of {len(values)} cells in a table of {len(headers)} columns")
        tr = etree.SubElement(tbl, tag_tr)
        for value in values:
            paragraph = etree.SubElement(etree.SubElement(tr, tag_tc), tag_p)
            text = "" if value is None else str(value)
            if not text:
                continue
            run = etree.SubElement(paragraph, tag_r)
            for i, line in enumerate(text.split("\n")):
                if i:
                    etree.SubElement(run, tag_br)
                t = etree.SubElement(run, tag_t)
                t.text = line
                t.set(space, "preserve")
    return table


def _styles(document: Any) -> dict[str, Any]:
    """The styles the document uses, looked up once (a lookup by name walks every style)."""
    cached = getattr(document, "_kc_styles", None)
    if cached is None:
        names = ("Table Grid", "List Bullet", "List Number")
        cached = {name: document.styles[name] for name in names}
        document._kc_styles = cached
    return cached


def _toc(document: Any) -> None:
    """A table-of-contents field; Word fills it in when the fields are updated."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = document.add_paragraph().add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-2" \\h \\z \\u'
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "Perbarui kolom (F9) untuk menyusun daftar isi."
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, placeholder, end):
        run._r.append(element)


def render_docx_from_context(context: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    ctx = _xml_safe(context)
    reg, sig = ctx["regulation"], ctx["signature"]
    chapters = {c["id"]: c for c in ctx["chapters"]}
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    document.core_properties.title = ctx["plan"]["title"]
    document.core_properties.subject = ctx["region"]["name"]
    document.core_properties.language = "id"

    def bab(chapter_id: str) -> None:
        c = chapters[chapter_id]
        document.add_heading(f"BAB {c['number']} {c['title'].upper()}", level=1)

    def empty(text: str) -> None:
        document.add_paragraph().add_run(text).italic = True

    def para(text: str) -> None:
        if text:
            document.add_paragraph(text)

    # the annex heading and the title page
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    heading.add_run(
        "\n".join(
            [
                "LAMPIRAN",
                reg["title"].upper(),
                f"NOMOR : {(reg['number'] or BLANK).upper()}",
                f"TANGGAL : {(reg['date'] or BLANK).upper()}",
                f"TENTANG : {reg['about'].upper()}",
            ]
        )
    )
    if not reg["ratified"]:
        document.add_paragraph().add_run("RANCANGAN").bold = True
    document.add_heading(ctx["plan"]["title"], level=0)
    para(f"{ctx['region']['name']} · Tahun {ctx['plan']['start_year']}–{ctx['plan']['end_year']}")
    if ctx["vision"]["text"]:
        document.add_paragraph().add_run(ctx["vision"]["text"]).bold = True
    para(f"Versi {ctx['version']['number']} · {ctx['version']['status']} · dicetak {ctx['generated']}")
    document.add_page_break()
    document.add_heading("DAFTAR ISI", level=1)
    _toc(document)

    # BAB I
    overview = ctx["overview"]
    bab("pendahuluan")
    document.add_heading("A. Latar Belakang", level=2)
    para(
        f"{overview['name']} menyusun Masterplan Smart City sebagai pedoman pembangunan kota cerdas "
        f"periode {ctx['plan']['start_year']}–{ctx['plan']['end_year']}."
        + (f" Daerah ini merupakan peserta {overview['cohort']}." if overview["cohort"] else "")
        + (
            f" Komitmen daerah dituangkan dalam Nota Kesepakatan Nomor {overview['mou']['number']} "
            f"tanggal {overview['mou']['date']}."
            if overview["mou"]
            else ""
        )
    )
    document.add_heading("B. Dasar Hukum", level=2)
    for law in ctx["legal_basis"]:
        document.add_paragraph(f"{law};", style=_styles(document)["List Number"])
    for x in ctx["governance"]["decrees"]:
        document.add_paragraph(
            f"{x['kind']} Nomor {x['number']} tanggal {x['date']} tentang {x['title']};",
            style=_styles(document)["List Number"],
        )
    document.add_heading("C. Maksud dan Tujuan", level=2)
    para(
        "Masterplan ini menjadi pedoman bagi perangkat daerah dan para pemangku kepentingan dalam "
        "merencanakan, melaksanakan, dan mengevaluasi pembangunan kota cerdas."
    )

    # BAB II
    bab("gambaran-umum")
    document.add_heading("A. Kondisi Umum Daerah", level=2)
    _table(
        document,
        ["Uraian", "Keterangan"],
        [
            ["Nama daerah", overview["name"]],
            ["Provinsi", overview["province"] or BLANK],
            ["Ibu kota", overview["capital"] or BLANK],
            ["Luas wilayah (km²)", overview["area"] or BLANK],
            ["Jumlah penduduk (jiwa)", overview["population"] or BLANK],
            ["Kode wilayah (Kemendagri)", ctx["region"]["code"]],
            ["Angkatan Gerakan Smart City", overview["cohort"] or BLANK],
        ],
    )
    document.add_heading("B. Kelembagaan Smart City", level=2)
    gov = ctx["governance"]
    for title, members in (("Dewan Smart City", gov["dewan"]), ("Tim Pelaksana Smart City", gov["tim"])):
        document.add_heading(title, level=3)
        if members:
            _table(
                document,
                ["Nama", "Jabatan", "Kedudukan", "Unsur"],
                [[m["name"], m["position"], m["role"], m["sector"]] for m in members],
            )
        else:
            empty("Belum tercatat.")
    document.add_heading("Kelompok Kerja (Pokja)", level=3)
    _table(
        document,
        ["Dimensi", "Perangkat daerah pengampu", "Ketua", "Keputusan"],
        [[p["dimension"], p["agency"] or "Belum tercatat.", p["lead"], p["decree"]] for p in gov["pokja"]],
    )

    # BAB III
    bab("kesiapan")
    _table(
        document,
        ["Elemen", "Skor", "Ringkasan"],
        [[r["element"], r["score"] or BLANK, r["summary"]] for r in ctx["readiness"]],
    )
    for r in ctx["readiness"]:
        document.add_heading(f"Analisis SWOT: {r['element']}", level=2)
        if not r["has_swot"]:
            empty("Belum ada butir SWOT.")
            continue
        for kind in r["swot"]:
            if kind["items"]:
                document.add_paragraph().add_run(kind["label"]).bold = True
                for text in kind["items"]:
                    document.add_paragraph(text, style=_styles(document)["List Bullet"])

    # BAB IV
    bab("visi")
    vision = ctx["vision"]
    document.add_heading("A. Visi", level=2)
    if vision["text"]:
        document.add_paragraph().add_run(vision["text"]).bold = True
    else:
        empty("Visi belum dirumuskan.")
    para(vision["explanation"])
    document.add_heading("B. Misi", level=2)
    for text in ctx["missions"]:
        document.add_paragraph(text, style=_styles(document)["List Number"])
    if not ctx["missions"]:
        empty("Misi belum dirumuskan.")
    document.add_heading("C. Keselarasan dengan RPJMD", level=2)
    if vision["rpjmd_vision"]:
        para(f"Visi RPJMD: {vision['rpjmd_vision']}")
    para(vision["rpjmd_alignment"])
    if not vision["rpjmd_vision"] and not vision["rpjmd_alignment"]:
        empty("Belum tercatat.")

    # BAB V
    bab("program")
    para(f"Masterplan ini memuat {ctx['programme_count']} program dan {ctx['action_count']} rencana aksi.")
    if not ctx["programme_count"]:
        empty("Versi ini belum memiliki program.")
    headers = ["Kode", "Rencana aksi", "OPD", "Tahun", "Indikator", "Baseline", "Target", "Anggaran (Rp)"]
    for i, dim in enumerate(ctx["dimensions"]):
        document.add_heading(f"{chr(65 + i)}. {dim['label']}", level=2)
        if not dim["programmes"]:
            empty("Belum ada program pada dimensi ini.")
        for p in dim["programmes"]:
            document.add_heading(f"{p['code']} {p['name']}", level=3)
            para(" · ".join(x for x in (p["subdimension"], p["agency_name"], p["years"], p["horizon"]) if x))
            para(p["description"])
            if not p["actions"]:
                empty("Belum ada rencana aksi.")
                continue
            rows = [
                [
                    a["code"],
                    a["name"],
                    a["agency"],
                    a["years"],
                    f"{a['indicator']} ({a['unit']})" if a["unit"] else a["indicator"],
                    a["baseline"],
                    a["targets"],
                    a["budget_total"],
                ]
                for a in p["actions"]
            ]
            if p["budget_total"]:
                rows.append(["", "Jumlah", "", "", "", "", "", p["budget_total"]])
            _table(document, headers, rows)

    # BAB VI
    bab("peta-jalan")
    document.add_heading("A. Peta Jalan", level=2)
    years = [str(y) for y in ctx["years"]]
    _table(
        document,
        ["Dimensi", *years],
        [[d["label"], *[str(n or "") for n in d["year_actions"]]] for d in ctx["dimensions"]],
    )
    for year in ctx["roadmap"]:
        for item in year["items"]:
            document.add_paragraph(
                f"{year['year']} · {item['dimension']}: {item['milestone']}",
                style=_styles(document)["List Bullet"],
            )
    if not ctx["has_milestones"]:
        empty("Belum ada tonggak capaian.")
    document.add_heading("B. Quick Win", level=2)
    if ctx["quick_wins"]:
        _table(
            document,
            ["Kode", "Quick win", "Dimensi", "OPD", "Target", "Program"],
            [
                [q["code"], q["title"], q["dimension"], q["agency"], q["target_year"], q["programme"]]
                for q in ctx["quick_wins"]
            ],
        )
    else:
        empty("Belum ada quick win.")

    # BAB VII, with the per-year worksheet in landscape
    bab("anggaran")
    budget = ctx["budget"]
    document.add_heading("A. Ringkasan Anggaran per Dimensi dan Sumber", level=2)
    _table(
        document,
        ["Dimensi", *budget["sources"], "Jumlah (Rp)", "%"],
        [
            *[[r["dimension"], *r["by_source"], r["total"], r["share"]] for r in budget["rows"]],
            ["Jumlah", *budget["totals"], budget["total"], budget["total_share"]],
        ],
    )
    section = document.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading("B. Rencana Anggaran per Tahun", level=2)
    if not ctx["action_count"]:
        empty("Versi ini belum memiliki rencana aksi.")
    for dim in ctx["dimensions"]:
        if not dim["programmes"]:
            continue
        document.add_heading(dim["label"], level=3)
        rows = []
        for p in dim["programmes"]:
            rows.append([p["code"], p["name"], p["agency"], *p["budget_years"], p["budget_total"], ""])
            rows += [
                [a["code"], a["name"], a["agency"], *a["budget_years"], a["budget_total"], a["sources"]]
                for a in p["actions"]
            ]
        _table(document, ["Kode", "Program / rencana aksi", "OPD", *years, "Jumlah", "Sumber"], rows)

    # BAB VIII and the signature
    section = document.add_section()
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = section.page_height, section.page_width
    bab("penutup")
    para(
        f"Masterplan Smart City {overview['name']} ini menjadi acuan bagi seluruh perangkat daerah dan "
        "pemangku kepentingan dalam melaksanakan pembangunan kota cerdas."
    )
    block = document.add_paragraph()
    block.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    block.add_run(
        f"Ditetapkan di {sig['place']}\npada tanggal {sig['date'] or BLANK}\n\n{sig['head'].upper()},\n\n\n\n"
    )
    block.add_run((sig["name"] or BLANK).upper()).bold = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
