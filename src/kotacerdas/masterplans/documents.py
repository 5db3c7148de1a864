"""The master-plan document, generated from the data: PDF (WeasyPrint) and DOCX (python-docx).

One context is built per version (``build_context``) and both formats render from it, in the
chapter order of DOMAIN.md §3: cover, contents, readiness and SWOT, vision and missions,
programmes and action plans per dimension, road map, quick wins, governance, budget summary,
and the annex of action worksheets (budgets per year).

The road-map chart is inline SVG drawn by ``roadmap_svg`` (pure, no Django). WeasyPrint
never fetches anything remote: everything is inline and the URL fetcher refuses any URL that
is not ``data:`` or a file under this package's static directory.

The document uses the active language. The caller has checked that the actor may read the
version (``masterplan.view`` on its region); the region's organisation is read for it.
"""

from __future__ import annotations

import io
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape, quoteattr

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kotacerdas.organisation.choices import Body, BodyRole
from kotacerdas.organisation.models import BodyMember, Decree, WorkingGroup
from kotacerdas.programme.models import Dimension

from . import selectors
from .choices import BudgetSource, ReadinessElement, SwotKind, VersionStatus
from .models import PlanVersion, RoadmapItem, SwotItem

# WeasyPrint logs every layout step at INFO; the server log needs none of it.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"

# One colour per dimension, in catalogue order (repeats if the catalogue grows).
SOURCE_SHORT = {BudgetSource.APBD: "APBD", BudgetSource.APBN: "APBN", BudgetSource.NON_APBD: "Non-APBD"}
PALETTE = ["#1f5fa8", "#c0392b", "#d68910", "#1e8449", "#7d3c98", "#117a65", "#5d6d7e", "#a04000"]


# ---------------------------------------------------------------- the road-map chart (pure)


@dataclass(frozen=True)
class RoadmapCell:
    """What one dimension has in one year: actions running, planned budget, milestones."""

    actions: int = 0
    budget: Decimal = Decimal(0)
    milestones: int = 0

    @property
    def has_data(self) -> bool:
        return self.actions > 0 or self.budget > 0 or self.milestones > 0


def roadmap_svg(
    *,
    years: Sequence[int],
    rows: Sequence[tuple[str, str]],
    cells: Mapping[tuple[str, int], RoadmapCell],
    caption: str = "",
    mark_title: str = "%(row)s %(year)s: %(actions)s",
    width: int = 680,
) -> str:
    """A year-by-dimension chart as an SVG string.

    ``rows`` are ``(code, label)`` in display order; ``cells`` maps ``(code, year)`` to its
    figures. Every cell with data gets one bar (``class="mark"``) whose length is the number
    of running actions relative to the busiest cell, labelled with that number; a cell with
    road-map milestones also gets a small diamond (``class="milestone"``). ``mark_title`` is
    the (translated) tooltip, with ``%(row)s``, ``%(year)s`` and ``%(actions)s``.
    """
    label_w = 150
    head_h = 26
    row_h = 30
    bar_h = 14
    n_years = max(len(years), 1)
    col_w = (width - label_w) / n_years
    height = head_h + row_h * max(len(rows), 1) + 8
    busiest = max((c.actions for c in cells.values()), default=0) or 1
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="roadmap-chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img"'
        + (f" aria-label={quoteattr(caption)}" if caption else "")
        + ' font-family="DejaVu Sans, sans-serif" font-size="10">'
    ]
    if caption:
        out.append(f"<title>{escape(caption)}</title>")
    for i, year in enumerate(years):
        x = label_w + i * col_w
        fill = "#f4f6f8" if i % 2 == 0 else "#ffffff"
        out.append(
            f'<rect class="column" x="{x:.1f}" y="0" width="{col_w:.1f}" height="{height}" fill="{fill}"/>'
        )
        out.append(
            f'<text class="year" x="{x + col_w / 2:.1f}" y="16" text-anchor="middle" '
            f'font-weight="bold">{year}</text>'
        )
    for r, (code, label) in enumerate(rows):
        y = head_h + r * row_h
        colour = PALETTE[r % len(PALETTE)]
        out.append(
            f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="#d5d8dc" stroke-width="0.5"/>'
            f'<text class="row-label" x="4" y="{y + row_h / 2 + 4:.1f}">{escape(_shorten(label, 26))}</text>'
        )
        for i, year in enumerate(years):
            cell = cells.get((code, year))
            if cell is None or not cell.has_data:
                continue
            x = label_w + i * col_w + 4
            room = col_w - 44  # leaves room for the value and the milestone diamond
            length = max(3.0, room * cell.actions / busiest) if cell.actions else 3.0
            by = y + (row_h - bar_h) / 2
            title = mark_title % {"row": label, "year": year, "actions": cell.actions}
            out.append(
                f'<rect class="mark" data-dimension={quoteattr(code)} data-year="{year}" '
                f'x="{x:.1f}" y="{by:.1f}" width="{length:.1f}" height="{bar_h}" rx="2" fill="{colour}">'
                f"<title>{escape(title)}</title></rect>"
            )
            if cell.actions:
                out.append(
                    f'<text class="value" x="{x + length + 3:.1f}" y="{by + bar_h - 3:.1f}">{cell.actions}</text>'
                )
            if cell.milestones:
                mx = label_w + (i + 1) * col_w - 8
                my = y + row_h / 2
                out.append(
                    f'<path class="milestone" data-dimension={quoteattr(code)} data-year="{year}" '
                    f'd="M{mx:.1f} {my - 5:.1f} L{mx + 5:.1f} {my:.1f} L{mx:.1f} {my + 5:.1f} '
                    f'L{mx - 5:.1f} {my:.1f} Z" fill="#222"/>'
                )
    out.append("</svg>")
    return "".join(out)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- formatting


def money(amount: Decimal | int | None) -> str:
    """Rupiah without decimals, grouped the active language's way (1.500.000 / 1,500,000)."""
    if amount is None:
        return ""
    return number_format(Decimal(amount).quantize(Decimal(1)), decimal_pos=0, force_grouping=True)


def quantity(value: Decimal | None) -> str:
    """A baseline or target: no decimals when it is whole."""
    if value is None:
        return ""
    places = 0 if value == value.to_integral_value() else 2
    return number_format(value, decimal_pos=places, force_grouping=True)


def _years(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


# ---------------------------------------------------------------- the context


def chapters() -> list[dict[str, str]]:
    """The chapters in document order (ids are anchors in the PDF)."""
    return [
        {"id": "readiness", "number": "1", "title": _("Readiness and SWOT")},
        {"id": "vision", "number": "2", "title": _("Vision and missions")},
        {"id": "dimensions", "number": "3", "title": _("Programmes and action plans")},
        {"id": "roadmap", "number": "4", "title": _("Road map")},
        {"id": "quick-wins", "number": "5", "title": _("Quick wins")},
        {"id": "governance", "number": "6", "title": _("Governance")},
        {"id": "budget", "number": "7", "title": _("Budget summary")},
        {"id": "annex", "number": "A", "title": _("Annex: action worksheets")},
    ]


def _readiness(version: PlanVersion) -> list[dict[str, Any]]:
    scores = {r.element: r for r in version.readiness.all()}
    swot: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for item in SwotItem.objects.filter(version=version).order_by("element", "kind", "position", "id"):
        swot[item.element][item.kind].append(item.text)
    rows = []
    for element in ReadinessElement:
        row = scores.get(element.value)
        kinds = [
            {"code": kind.value, "label": kind.label, "items": swot[element.value][kind.value]}
            for kind in SwotKind
        ]
        rows.append(
            {
                "element": element.label,
                "score": row.score if row else None,
                "summary": row.summary if row else "",
                "swot": kinds,
                "has_swot": any(k["items"] for k in kinds),
            }
        )
    return rows


def _action_row(action: Any, years: list[int]) -> dict[str, Any]:
    per_year: dict[int, Decimal] = defaultdict(Decimal)
    sources: list[str] = []
    for budget in action.budgets.all():
        per_year[budget.year] += budget.amount
        label = SOURCE_SHORT.get(budget.source, budget.source)
        if label not in sources:
            sources.append(label)
    total = sum(per_year.values(), Decimal(0))
    targets = [(t.year, quantity(t.value)) for t in action.targets.all()]
    return {
        "code": action.code,
        "name": action.name,
        "agency": action.agency.acronym,
        "agency_name": action.agency.name,
        "years": _years(action.start_year, action.end_year),
        "start_year": action.start_year,
        "end_year": action.end_year,
        "indicator": action.indicator,
        "unit": action.unit,
        "baseline": quantity(action.baseline),
        "targets": " · ".join(f"{y}: {v}" for y, v in targets),
        "budget_total": money(total) if total else "",
        "budget_total_value": total,
        "budget_years": [money(per_year[y]) if per_year.get(y) else "" for y in years],
        "budget_year_values": per_year,
        "sources": ", ".join(sources),
    }


def _governance(region_id: int) -> dict[str, Any]:
    members = list(
        BodyMember.objects.filter(region_id=region_id)
        .select_related("agency", "decree")
        .order_by("body", "role", "name")
    )
    role_order = {role: i for i, role in enumerate(BodyRole.values)}  # chair first, members last
    members.sort(key=lambda m: (role_order.get(m.role, 9), m.name))

    def rows(body: str) -> list[dict[str, str]]:
        return [
            {
                "name": m.name,
                "position": m.position,
                "role": m.get_role_display(),
                "sector": m.get_sector_display(),
                "agency": m.agency.acronym if m.agency else "",
            }
            for m in members
            if m.body == body
        ]

    groups = {
        g.dimension_id: g
        for g in WorkingGroup.objects.filter(region_id=region_id).select_related("leading_agency", "decree")
    }
    pokja = []
    for dimension in Dimension.objects.order_by("position"):
        group = groups.get(dimension.pk)
        pokja.append(
            {
                "dimension": dimension.label,
                "recorded": group is not None,
                "agency": f"{group.leading_agency.name} ({group.leading_agency.acronym})" if group else "",
                "lead": group.lead_name if group else "",
                "decree": group.decree.number if group and group.decree else "",
            }
        )
    decrees = [
        {
            "kind": d.get_kind_display(),
            "number": d.number,
            "date": date_format(d.date, "DATE_FORMAT"),
            "title": d.title,
        }
        for d in Decree.objects.filter(region_id=region_id).order_by("date", "number")
    ]
    return {
        "dewan": rows(Body.DEWAN),
        "tim": rows(Body.TIM_PELAKSANA),
        "pokja": pokja,
        "pokja_recorded": any(p["recorded"] for p in pokja),
        "decrees": decrees,
    }


def build_context(version: PlanVersion) -> dict[str, Any]:
    """Everything the document shows, read once, formatted for the active language."""
    plan = version.plan
    region = plan.region
    tree = selectors.plan_tree(version=version)
    counts = {c["dimension"].pk: c for c in selectors.counts_per_dimension(version=version)}
    summary = selectors.budget_summary(version=version)

    budget_years: set[int] = set()
    for node in tree:
        for programme in node.programmes:
            for action in programme.actions.all():
                budget_years.update(b.year for b in action.budgets.all())
    years = sorted(set(range(plan.start_year, plan.end_year + 1)) | budget_years)

    milestones: dict[tuple[int, int], list[str]] = defaultdict(list)
    roadmap_items = list(
        RoadmapItem.objects.filter(version=version)
        .select_related("dimension")
        .order_by("year", "dimension__position", "id")
    )
    for item in roadmap_items:
        milestones[(item.dimension_id, item.year)].append(item.milestone)

    dimensions = []
    cells: dict[tuple[str, int], RoadmapCell] = {}
    quick_wins = []
    for position, node in enumerate(tree):
        dimension = node.dimension
        programmes = []
        year_budget: dict[int, Decimal] = defaultdict(Decimal)
        year_actions: dict[int, int] = defaultdict(int)
        for programme in node.programmes:
            actions = [_action_row(a, years) for a in programme.actions.all()]
            for row in actions:
                for y in range(row["start_year"], row["end_year"] + 1):
                    year_actions[y] += 1
                for y, amount in row["budget_year_values"].items():
                    year_budget[y] += amount
            programme_total = sum((a["budget_total_value"] for a in actions), Decimal(0))
            programmes.append(
                {
                    "code": programme.code,
                    "name": programme.name,
                    "description": programme.description,
                    "subdimension": programme.subdimension.label,
                    "agency": programme.agency.acronym,
                    "agency_name": programme.agency.name,
                    "years": _years(programme.start_year, programme.end_year),
                    "horizon": programme.get_horizon_display(),
                    "actions": actions,
                    "budget_total": money(programme_total) if programme_total else "",
                    "budget_years": [
                        money(v) if v else ""
                        for v in (
                            sum((a["budget_year_values"].get(y, Decimal(0)) for a in actions), Decimal(0))
                            for y in years
                        )
                    ],
                }
            )
        for year in years:
            cells[(dimension.code, year)] = RoadmapCell(
                actions=year_actions.get(year, 0),
                budget=year_budget.get(year, Decimal(0)),
                milestones=len(milestones.get((dimension.pk, year), [])),
            )
        count = counts.get(dimension.pk, {})
        dimensions.append(
            {
                "code": dimension.code,
                "label": dimension.label,
                "colour": PALETTE[position % len(PALETTE)],
                "programmes": programmes,
                "programme_count": count.get("programmes", 0),
                "action_count": count.get("actions", 0),
                "quick_win_count": count.get("quick_wins", 0),
                "year_actions": [year_actions.get(y, 0) for y in years],
                "year_budgets": [money(year_budget[y]) if year_budget.get(y) else "" for y in years],
            }
        )
        for qw in node.quick_wins:
            quick_wins.append(
                {
                    "code": qw.code,
                    "name": qw.name,
                    "acronym": qw.acronym,
                    "expansion": qw.expansion,
                    "description": qw.description,
                    "dimension": dimension.label,
                    "agency": qw.agency.acronym,
                    "agency_name": qw.agency.name,
                    "target_year": qw.target_year,
                    "title": " — ".join(
                        x
                        for x in (
                            f"{qw.acronym}: {qw.expansion}" if qw.acronym and qw.expansion else qw.acronym,
                            qw.name,
                        )
                        if x
                    ),
                    "programme": f"{qw.programme.code} {qw.programme.name}" if qw.programme else "",
                }
            )

    rows = [(d["code"], d["label"]) for d in dimensions]
    chart = roadmap_svg(
        years=years,
        rows=rows,
        cells=cells,
        caption=_("Action plans running per dimension and year"),
        mark_title=_("%(row)s, %(year)s: %(actions)s action plans running"),
    )
    roadmap = [
        {
            "year": year,
            "items": [
                {"dimension": i.dimension.label, "milestone": i.milestone}
                for i in roadmap_items
                if i.year == year
            ],
        }
        for year in years
    ]

    sources = [SOURCE_SHORT.get(s, s) for s in summary["sources"]]
    total = summary["total"]
    budget_rows = [
        {
            "dimension": row["dimension"].label,
            "by_source": [money(row["by_source"][s]) for s in summary["sources"]],
            "total": money(row["total"]),
            "share": number_format(row["total"] * 100 / total, decimal_pos=1) if total else "",
        }
        for row in summary["rows"]
    ]
    programme_count = sum(d["programme_count"] for d in dimensions)
    action_count = sum(d["action_count"] for d in dimensions)
    ratified = version.status in (VersionStatus.RATIFIED, VersionStatus.SUPERSEDED) and bool(
        version.ratification_number
    )
    return {
        "lang": (get_language() or "id").split("-")[0],
        "region": {"code": region.code, "name": region.name},
        "plan": {"title": plan.title, "start_year": plan.start_year, "end_year": plan.end_year},
        "version": {
            "number": version.number,
            "status": version.get_status_display(),
            "ratified": ratified,
            "ratification": (
                {
                    "kind": version.get_ratification_kind_display(),
                    "number": version.ratification_number,
                    "date": date_format(version.ratification_date, "DATE_FORMAT")
                    if version.ratification_date
                    else "",
                }
                if ratified
                else None
            ),
        },
        "generated": date_format(timezone.localdate(), "DATE_FORMAT"),
        "chapters": chapters(),
        "readiness": _readiness(version),
        "vision": {
            "text": version.vision,
            "explanation": version.vision_explanation,
            "rpjmd_vision": version.rpjmd_vision,
            "rpjmd_alignment": version.rpjmd_alignment,
        },
        "missions": list(version.missions.order_by("position", "id").values_list("text", flat=True)),
        "years": years,
        "dimensions": dimensions,
        "programme_count": programme_count,
        "action_count": action_count,
        "quick_win_count": len(quick_wins),
        "roadmap_chart": mark_safe(chart),  # noqa: S308 - built by roadmap_svg, every text escaped
        "roadmap": roadmap,
        "has_milestones": bool(roadmap_items),
        "quick_wins": quick_wins,
        "governance": _governance(region.pk),
        "budget": {
            "sources": sources,
            "legend": [(SOURCE_SHORT.get(s, s), BudgetSource(s).label) for s in summary["sources"]],
            "rows": budget_rows,
            "totals": [money(summary["totals"][s]) for s in summary["sources"]],
            "total": money(total),
        },
    }


# ---------------------------------------------------------------- PDF


def _url_fetcher() -> Any:
    """A WeasyPrint fetcher for ``data:`` URLs and files under the static directory only."""
    from weasyprint.urls import URLFetcher

    static = STATIC_DIR.resolve()

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if not path.is_relative_to(static):
                    raise ValueError(f"refused: {url}")
            elif parts.scheme != "data":
                raise ValueError(f"refused: {url}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols=("file", "data"), allow_redirects=False, timeout=2)


def render_html(version: PlanVersion, context: dict[str, Any] | None = None) -> str:
    return render_to_string(
        "masterplans/document/document.html", context if context is not None else build_context(version)
    )


def html_to_document(html: str) -> Any:
    """Lay HTML out in pages (a WeasyPrint ``Document``) with the local-only fetcher."""
    from weasyprint import HTML

    return HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_url_fetcher()).render()


def html_to_pdf(html: str) -> bytes:
    """Render HTML to PDF bytes (the benchmark's one-page yardstick goes through here too)."""
    pdf = html_to_document(html).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def render_pdf(version: PlanVersion, context: dict[str, Any] | None = None) -> bytes:
    """The master-plan document as PDF bytes."""
    return html_to_pdf(render_html(version, context))


# ---------------------------------------------------------------- DOCX


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


def _docx_table(document: Any, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Any:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(text))
        run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = str(text)
    return table


def _docx_toc(document: Any) -> None:
    """A table-of-contents field; Word fills it in when the fields are updated."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = document.add_paragraph()
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-2" \\h \\z \\u'
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = _("Update the fields (F9) to build the table of contents.")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, placeholder, end):
        run._r.append(element)


def render_docx(version: PlanVersion, context: dict[str, Any] | None = None) -> bytes:
    """The same chapters as the PDF as an editable Word document (narrative text editable)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    ctx = _xml_safe(context if context is not None else build_context(version))
    chapters_by_id = {c["id"]: c for c in ctx["chapters"]}

    def heading(chapter_id: str) -> None:
        c = chapters_by_id[chapter_id]
        document.add_heading(f"{c['number']}. {c['title']}", level=1)

    def empty(text: str) -> None:
        document.add_paragraph().add_run(text).italic = True

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)
    document.core_properties.title = ctx["plan"]["title"]
    document.core_properties.subject = ctx["region"]["name"]
    document.core_properties.language = ctx["lang"]

    # cover
    document.add_heading(ctx["plan"]["title"], level=0)
    document.add_paragraph(f"{ctx['region']['name']} ({ctx['region']['code']})")
    document.add_paragraph(
        _("Smart-city master plan %(start)s–%(end)s")
        % {"start": ctx["plan"]["start_year"], "end": ctx["plan"]["end_year"]}
    )
    document.add_paragraph(
        _("Version %(number)s · %(status)s")
        % {"number": ctx["version"]["number"], "status": ctx["version"]["status"]}
    )
    if ctx["version"]["ratification"]:
        r = ctx["version"]["ratification"]
        document.add_paragraph(
            _("Ratified by %(kind)s number %(number)s of %(date)s")
            % {"kind": r["kind"], "number": r["number"], "date": r["date"]}
        )
    if ctx["vision"]["text"]:
        document.add_paragraph(ctx["vision"]["text"]).runs[0].bold = True
    document.add_paragraph(_("Generated on %(date)s") % {"date": ctx["generated"]})
    document.add_page_break()
    document.add_heading(_("Contents"), level=1)
    _docx_toc(document)
    document.add_page_break()

    # 1 readiness and SWOT
    heading("readiness")
    _docx_table(
        document,
        [_("Element"), _("Score (1-5)"), _("Summary")],
        [[r["element"], r["score"] or "—", r["summary"]] for r in ctx["readiness"]],
    )
    for r in ctx["readiness"]:
        document.add_heading(_("SWOT: %(element)s") % {"element": r["element"]}, level=2)
        if not r["has_swot"]:
            empty(_("No SWOT items recorded."))
            continue
        for kind in r["swot"]:
            if kind["items"]:
                document.add_paragraph(kind["label"]).runs[0].bold = True
                for text in kind["items"]:
                    document.add_paragraph(text, style="List Bullet")

    # 2 vision
    heading("vision")
    vision = ctx["vision"]
    document.add_heading(_("Vision"), level=2)
    if vision["text"]:
        document.add_paragraph(vision["text"]).runs[0].bold = True
    else:
        empty(_("The vision is not written yet."))
    if vision["explanation"]:
        document.add_paragraph(vision["explanation"])
    document.add_heading(_("Missions"), level=2)
    if ctx["missions"]:
        for text in ctx["missions"]:
            document.add_paragraph(text, style="List Number")
    else:
        empty(_("No missions recorded."))
    document.add_heading(_("Alignment with the RPJMD"), level=2)
    if vision["rpjmd_vision"]:
        document.add_paragraph(_("RPJMD vision: %(vision)s") % {"vision": vision["rpjmd_vision"]})
    if vision["rpjmd_alignment"]:
        document.add_paragraph(vision["rpjmd_alignment"])
    if not vision["rpjmd_vision"] and not vision["rpjmd_alignment"]:
        empty(_("Not recorded."))

    # 3 programmes and action plans
    heading("dimensions")
    if not ctx["programme_count"]:
        empty(_("This version has no programmes yet."))
    action_headers = [
        _("Code"),
        _("Action plan"),
        _("Agency"),
        _("Years"),
        _("Indicator"),
        _("Baseline"),
        _("Targets"),
        _("Budget (Rp)"),
    ]
    for d in ctx["dimensions"]:
        document.add_heading(d["label"], level=2)
        document.add_paragraph(
            _("%(programmes)s programmes, %(actions)s action plans")
            % {"programmes": d["programme_count"], "actions": d["action_count"]}
        )
        if not d["programmes"]:
            empty(_("No programmes in this dimension yet."))
            continue
        for p in d["programmes"]:
            document.add_heading(f"{p['code']} {p['name']}", level=3)
            document.add_paragraph(
                " · ".join(x for x in (p["subdimension"], p["agency_name"], p["years"], p["horizon"]) if x)
            )
            if p["description"]:
                document.add_paragraph(p["description"])
            if not p["actions"]:
                empty(_("No action plans yet."))
                continue
            _docx_table(
                document,
                action_headers,
                [
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
                ],
            )

    # 4 road map
    heading("roadmap")
    document.add_paragraph(_("Action plans running per dimension and year"))
    _docx_table(
        document,
        [_("Dimension"), *[str(y) for y in ctx["years"]]],
        [[d["label"], *[str(n or "") for n in d["year_actions"]]] for d in ctx["dimensions"]],
    )
    document.add_heading(_("Planned budget per year (Rp)"), level=2)
    _docx_table(
        document,
        [_("Dimension"), *[str(y) for y in ctx["years"]]],
        [[d["label"], *d["year_budgets"]] for d in ctx["dimensions"]],
    )
    document.add_heading(_("Milestones"), level=2)
    if ctx["has_milestones"]:
        for year in ctx["roadmap"]:
            for item in year["items"]:
                document.add_paragraph(
                    f"{year['year']} · {item['dimension']}: {item['milestone']}", style="List Bullet"
                )
    else:
        empty(_("No milestones recorded."))

    # 5 quick wins
    heading("quick-wins")
    if ctx["quick_wins"]:
        _docx_table(
            document,
            [_("Code"), _("Quick win"), _("Dimension"), _("Agency"), _("Target year"), _("Programme")],
            [
                [
                    q["code"],
                    q["title"],
                    q["dimension"],
                    q["agency"],
                    str(q["target_year"]),
                    q["programme"],
                ]
                for q in ctx["quick_wins"]
            ],
        )
    else:
        empty(_("No quick wins recorded."))

    # 6 governance
    heading("governance")
    gov = ctx["governance"]
    for title, members in ((_("Dewan Smart City"), gov["dewan"]), (_("Tim Pelaksana"), gov["tim"])):
        document.add_heading(title, level=2)
        if members:
            _docx_table(
                document,
                [_("Name"), _("Position"), _("Role"), _("Sector")],
                [[m["name"], m["position"], m["role"], m["sector"]] for m in members],
            )
        else:
            empty(_("Not recorded."))
    document.add_heading(_("Pokja (working groups)"), level=2)
    _docx_table(
        document,
        [_("Dimension"), _("Leading agency"), _("Head"), _("Decree")],
        [[p["dimension"], p["agency"] or _("Not recorded."), p["lead"], p["decree"]] for p in gov["pokja"]],
    )
    document.add_heading(_("Decrees"), level=2)
    if gov["decrees"]:
        _docx_table(
            document,
            [_("Kind"), _("Number"), _("Date"), _("Title")],
            [[x["kind"], x["number"], x["date"], x["title"]] for x in gov["decrees"]],
        )
    else:
        empty(_("Not recorded."))

    # 7 budget
    heading("budget")
    budget = ctx["budget"]
    _docx_table(
        document,
        [_("Dimension"), *budget["sources"], _("Total"), "%"],
        [
            *[[r["dimension"], *r["by_source"], r["total"], r["share"]] for r in budget["rows"]],
            [_("Total"), *budget["totals"], budget["total"], ""],
        ],
    )

    # annex, landscape
    section = document.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    heading("annex")
    if not ctx["action_count"]:
        empty(_("This version has no action plans yet."))
    for d in ctx["dimensions"]:
        if not d["programmes"]:
            continue
        document.add_heading(d["label"], level=2)
        rows: list[list[str]] = []
        for p in d["programmes"]:
            rows.append([p["code"], p["name"], p["agency"], *p["budget_years"], p["budget_total"], ""])
            rows += [
                [a["code"], a["name"], a["agency"], *a["budget_years"], a["budget_total"], a["sources"]]
                for a in p["actions"]
            ]
        _docx_table(
            document,
            [
                _("Code"),
                _("Programme / action plan"),
                _("Agency"),
                *[str(y) for y in ctx["years"]],
                _("Total"),
                _("Source"),
            ],
            rows,
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- names


def document_filename(version: PlanVersion, extension: str) -> str:
    """``rencana-induk-52.04-v1.pdf``."""
    return f"rencana-induk-{version.plan.region.code}-v{version.number}.{extension}"


def _organisation_stamp(region_id: int) -> str:
    """When the region's organisation last changed (the governance chapter shows it)."""
    from django.db.models import Max

    from kotacerdas.organisation.models import Agency, BodyMember, Decree, ForumMeeting, WorkingGroup

    stamps = [
        model.objects.filter(region_id=region_id).aggregate(m=Max("updated_at"))["m"]
        for model in (Agency, BodyMember, Decree, ForumMeeting, WorkingGroup)
    ]
    return max((s.isoformat() for s in stamps if s is not None), default="-")


def document_bytes(version: PlanVersion, render: Callable[[PlanVersion], bytes], extension: str) -> bytes:
    """The document of ``version``. A frozen version's document is rendered once and kept in
    storage (keyed by version, language and the organisation's last change); drafts are
    rendered on every request because they change."""
    if version.status == VersionStatus.DRAFT:
        return render(version)
    import hashlib

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    key = hashlib.sha256(
        f"{version.uid}|{version.row_version}|{get_language()}|{_organisation_stamp(version.plan.region_id)}".encode()
    ).hexdigest()[:32]
    path = f"documents/{version.uid}/{key}.{extension}"
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as handle:
            return bytes(handle.read())
    content = render(version)
    default_storage.save(path, ContentFile(content))
    return content
