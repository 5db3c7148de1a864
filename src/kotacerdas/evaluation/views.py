"""The evaluation pages under /evaluasi/: rounds, methods, a round's ranking (and its .xlsx), a
region's report card, and the ministry's "compute the index" button.

Reads come from ``results`` (published rounds for everyone, unpublished ones only with
``evaluation.manage``: 404 otherwise); the one write calls ``services.index_compute``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from kotacerdas.core.files import bytes_download
from kotacerdas.core.permissions import require

from . import results, rounds, self_selectors, services
from .choices import Combine, Phase
from .letters import selectors as letter_selectors
from .models import MethodDimension, RegionResult, Round
from .ranking_table import ranking_rows_html

SHOW_ALL = "all"


@require_safe
def round_list(request: HttpRequest) -> HttpResponse:
    """Every round the reader may see (published ones; all for the ministry), newest first."""
    page = Paginator(results.round_list(request.user), results.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/round_list.html",
        {
            "page": page,
            "may_manage": results.may_manage(request.user),
            "self_entries": self_selectors.self_entries_open_for(request.user),
        },
    )


@require_safe
def method_list(request: HttpRequest) -> HttpResponse:
    """The evaluation methods and their versions (public)."""
    page = Paginator(results.method_list(), results.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "evaluation/method_list.html", {"page": page})


@require_safe
def method_detail(request: HttpRequest, code: str, version: int) -> HttpResponse:
    """A method version: scale, rules, bands, groups and weights, the whole questionnaire."""
    method = results.method_get(code=code, version=version)
    return render(request, "evaluation/method_detail.html", {"tree": results.method_tree(method)})


# ---------------------------------------------------------------- the ranking


@dataclass
class RankingRow:
    result: RegionResult
    rank: int | None
    dimensions: list[str | None]
    smart_score: str | None


def _dimension_values(result: RegionResult, dimensions: list[MethodDimension]) -> list[str | None]:
    return [result.dimensions.get(d.code) for d in dimensions]


def _ranking_context(request: HttpRequest, code: str) -> dict[str, Any]:
    round_ = results.round_get_for_user(actor=request.user, code=code)
    options = results.ranking_options(round_)
    filters = results.RankingFilters.from_query(request.GET, {d.code for d in options["smart"]})
    dimensions = results.method_dimensions(round_.method_id)
    return {
        "round": round_,
        "options": options,
        "filters": filters,
        "rows": results.ranking_rows(round_=round_, filters=filters),
        "dimensions": dimensions,
        "groups": {g.code: g.name for g in options["groups"]},
        "smart_dimension": next((d for d in options["smart"] if d.code == filters.smart), None),
    }


# Columns whose first click sorts highest first.
_HIGHEST_FIRST = {"indeks", "peningkatan"}


def _sort_links(request: HttpRequest, current: str) -> dict[str, dict[str, str]]:
    """For each sortable column: the query that sorts by it (again: the other way) and its state."""
    current_page_key = next(
        (page for page, key in results.PAGE_SORTS.items() if key == current.lstrip("-")), "peringkat"
    )
    descending = current.startswith("-")
    links = {}
    for key in results.PAGE_SORTS:
        query = request.GET.copy()
        query.pop("page", None)
        if key == current_page_key:
            state = "descending" if descending else "ascending"
            query["urut"] = key if descending else f"-{key}"
        else:
            state = "none"
            query["urut"] = f"-{key}" if key in _HIGHEST_FIRST else key
        links[key] = {"query": query.urlencode(), "state": state}
    return links


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@require_safe
def round_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A round's ranking: one row per region with its published figures, filters, the ranking
    chosen (national, province, peer group or smart dimension), sorting, 50 a page or all."""
    context = _ranking_context(request, code)
    rows = context["rows"]
    show_all = request.GET.get("per_page") == SHOW_ALL
    if show_all:
        total = rows.count()
        page = Paginator(rows, max(total, 1)).get_page(1)
    else:
        page = Paginator(rows, results.PAGE_SIZE).get_page(request.GET.get("page"))
    filters: results.RankingFilters = context["filters"]
    dimensions = context["dimensions"]
    table = [
        RankingRow(
            result=r,
            rank=r.rank,
            dimensions=_dimension_values(r, dimensions),
            smart_score=(r.smart.get(filters.smart) or {}).get("score") if filters.smart else None,
        )
        for r in page
    ]
    context.update(
        {
            "page": page,
            "table": table,
            "show_all": show_all,
            "paged_query": _query_without(request, "per_page", "page"),
            "sort_links": _sort_links(request, filters.sort),
            "export_query": _query_without(request, "page", "per_page"),
            "may_manage": results.may_manage(request.user),
            # the publish button: a computed round in its panel phase (a historical one in any)
            "may_publish": results.may_manage(request.user)
            and context["round"].snapshot_id is not None
            and not context["round"].is_published
            and (context["round"].historical or context["round"].phase == Phase.PANEL),
            "rankings": [
                (results.NATIONAL, "nasional", _("National")),
                (results.PROVINCE, "provinsi", _("Within the province")),
                ("level", "jenis", _("Within the kind (kota / kabupaten)")),
                ("cohort", "angkatan", _("Within the cohort")),
                ("kawasan", "kawasan", _("Within the kawasan")),
            ],
            "partitioned": filters.ranking in results.PARTITIONED,
            "table_rows": ranking_rows_html(
                table,
                round_code=context["round"].code,
                places=context["round"].method.decimals,
                groups=context["groups"],
                smart=bool(filters.smart),
                show_cohort=filters.ranking == "cohort",
                show_kawasan=filters.ranking == "kawasan",
            ),
        }
    )
    return render(request, "evaluation/round_detail.html", context)


def _row(sheet: Any, *values: Any) -> list[Any]:
    """A worksheet row whose texts stay texts (a name starting with "=" is not a formula)."""
    cells = []
    for value in values:
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def _number(value: Any) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


@require_safe
def round_export(request: HttpRequest, code: str) -> HttpResponse:
    """The ranking as filtered, ranked and sorted on the page, every row, as an .xlsx."""
    context = _ranking_context(request, code)
    round_: Round = context["round"]
    filters: results.RankingFilters = context["filters"]
    dimensions: list[MethodDimension] = context["dimensions"]
    smart = context["smart_dimension"]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Ranking"))
    sheet.append(
        [
            _("Rank"),
            _("Code"),
            _("Region"),
            _("Province"),
            _("Kind"),
            _("Cohort"),
            _("Kawasan"),
            _("Group"),
            _("Achievement index"),
            _("Improvement index"),
            _("Predicate"),
            _("National rank"),
            _("Rank in province"),
            *[d.name for d in dimensions],
            *([_("Score: %(dimension)s") % {"dimension": smart.label}] if smart else []),
        ]
    )
    for r in context["rows"]:
        sheet.append(
            _row(
                sheet,
                r.rank,
                r.region.code,
                r.region.name,
                r.region.province.name if r.region.province_id else "",
                r.region.get_level_display(),
                r.cohort_year,
                r.kawasan_name or "",
                context["groups"].get(r.group, r.group),
                r.index,
                r.improvement,
                r.predicate,
                r.rank_national,
                r.rank_province,
                *[_number(v) for v in _dimension_values(r, dimensions)],
                *([_number((r.smart.get(filters.smart) or {}).get("score"))] if smart else []),
            )
        )
    out = io.BytesIO()
    workbook.save(out)
    return bytes_download(out.getvalue(), f"evaluasi-{round_.code}.xlsx")


@login_required
@require_POST
def round_compute(request: HttpRequest, code: str) -> HttpResponse:
    """Compute the round's index again from its inputs as a new snapshot (evaluation.manage)."""
    round_ = results.round_get_for_user(actor=request.user, code=code)
    require(request.user, "evaluation.manage")
    try:
        snapshot = services.index_compute(actor=request.user, round_=round_)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The index is computed: computation #%(number)s, %(count)s regions.")
            % {"number": snapshot.number, "count": snapshot.result["count"]},
        )
    return HttpResponseRedirect(reverse("evaluation:round_detail", args=[round_.code]))


@login_required
@require_POST
def round_publish(request: HttpRequest, code: str) -> HttpResponse:
    """Publish the round from its current computation (evaluation.manage): its results become
    public and its method is frozen for good."""
    round_ = results.round_get_for_user(actor=request.user, code=code)
    require(request.user, "evaluation.manage")
    try:
        rounds.round_publish(actor=request.user, round_=round_)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(round)s is published.") % {"round": round_.name})
    return HttpResponseRedirect(reverse("evaluation:round_detail", args=[round_.code]))


# ---------------------------------------------------------------- the report card


@dataclass
class DimensionLine:
    code: str
    name: str
    weight: str
    score: str
    published: str
    contribution: str


@dataclass
class SmartLine:
    code: str
    name: str
    score: str | None
    published: str | None
    rank: int | None
    of: int | None


@dataclass
class QuestionLine:
    key: str
    number: str
    text: str
    levels: list[str | None]  # in the order of the region's assessors (None: gave none)
    score: str
    disagreement: bool
    combined: str | None  # the assessors' combined score the panel replaced, if it did


@dataclass
class QuestionGroup:
    dimension: str
    name: str
    questions: list[QuestionLine]
    score: str | None


def _explanation(round_: Round, card: results.ReportCard) -> dict[str, Any]:
    """The region's part of the snapshot laid out for the page: dimension lines (weight × score =
    contribution), the smart dimensions, and each question's levels when the round has them."""
    part, inputs = card.snapshot.part, card.snapshot.inputs
    dimensions = results.method_dimensions(round_.method_id)
    names = {d.code: d.name for d in dimensions}
    order = {d.code: n for n, d in enumerate(dimensions)}  # the snapshot's keys are sorted by code
    dimension_lines = [
        DimensionLine(
            code=code,
            name=names.get(code, code),
            weight=d["weight"],
            score=d["score"],
            published=d["published"],
            contribution=d["contribution"],
        )
        for code, d in sorted(
            part.get("dimensions", {}).items(), key=lambda kv: (order.get(kv[0], 99), kv[0])
        )
    ]
    smart_part = part.get("smart", {})
    smart_lines = [
        SmartLine(
            code=d.code,
            name=d.label,
            score=(smart_part.get(d.code) or {}).get("score"),
            published=(smart_part.get(d.code) or {}).get("published"),
            rank=(smart_part.get(d.code) or {}).get("rank"),
            of=card.smart_counts.get(d.code),
        )
        for d in results.smart_dimensions()
    ]
    questions: dict[str, str] = part.get("questions", {})
    levels: dict[str, list[str | None]] = inputs.get("scores", {})
    disagreements = set(part.get("disagreements", []))
    overridden: dict[str, str] = part.get("overridden", {})
    texts = results.question_texts(round_.method_id, list(questions))
    groups: dict[str, QuestionGroup] = {}
    ordered = sorted(questions.items(), key=lambda kv: (texts.get(kv[0], {}).get("position", 0), kv[0]))
    for key, score in ordered:
        info = texts.get(key, {})
        code = info.get("dimension__code", key.split("-")[0])
        group = groups.setdefault(
            code,
            QuestionGroup(
                dimension=code,
                name=names.get(code, code),
                questions=[],
                score=(part.get("dimensions", {}).get(code) or {}).get("score"),
            ),
        )
        group.questions.append(
            QuestionLine(
                key=key,
                number=info.get("number", key),
                text=info.get("text", ""),
                levels=list(levels.get(key, [])),
                score=score,
                disagreement=key in disagreements,
                combined=overridden.get(key),
            )
        )
    chart = {
        "labels": [line.name for line in smart_lines],
        "values": [None if line.score is None else float(Decimal(line.score)) for line in smart_lines],
        "max": float(round_.method.scale_max),
        "min": float(round_.method.scale_min),
        "label": _("Score"),
    }
    return {
        "dimension_lines": dimension_lines,
        "smart_lines": smart_lines,
        "has_smart": bool(smart_part),
        "question_groups": list(groups.values()),
        "assessors": list(inputs.get("assessors", [])),
        "chart": chart,
    }


@require_safe
def region_result(request: HttpRequest, code: str, region_code: str) -> HttpResponse:
    """A region's report card in a round: its index and improvement, ranks, dimension scores,
    the smart dimensions (radar and table), its history, and how the index was computed."""
    round_ = results.round_get_for_user(actor=request.user, code=code)
    entry = results.round_entry_get(round_=round_, code=region_code)
    card = results.region_report_card(round_=round_, entry=entry)
    context: dict[str, Any] = {
        "round": round_,
        "region": entry.region,
        "entry": entry,
        "card": card,
        "result": card.result,
        "part": card.part,
        "decimals": card.decimals,
        "may_manage": results.may_manage(request.user),
        "may_read_letter": card.result is not None
        and letter_selectors.letter_readable(actor=request.user, entry=entry),
        "combine_label": Combine(round_.method.combine).label
        if round_.method.combine in Combine.values
        else "",
        "combine": round_.method.combine,
    }
    if card.part:
        context.update(_explanation(round_, card))
    return render(request, "evaluation/region_result.html", context)
