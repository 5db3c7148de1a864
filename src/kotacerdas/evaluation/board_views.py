"""The assessment board, under /evaluasi/<round>/papan/ (the ministry's, ``evaluation.manage``):
every region of the round on one page with its progress, flags, panel decisions and provisional
index, filtered and sorted, and the same rows as an .xlsx.

Reads come from ``board.board_for_round`` (a fixed number of queries). The rows are written in
Python (``format_html``), as the ranking's are: 514 rows through the template engine would cost
far more than the page's queries.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from kotacerdas.core.files import bytes_download
from kotacerdas.core.numbers import format_number
from kotacerdas.core.permissions import require

from . import board, results
from .choices import SelfAssessmentStatus
from .models import Round
from .views import _row

DASH = "—"
_PLACEHOLDER = "00.00"


def status_labels() -> dict[str, str]:
    return {
        board.NOT_STARTED: _("Not started"),
        **{v: str(label) for v, label in SelfAssessmentStatus.choices},
    }


def board_round_get(request: HttpRequest, code: str) -> Round:
    """A round whose board the reader may see: 404 for a round they cannot see, 403 without
    ``evaluation.manage``."""
    round_ = results.round_get_for_user(actor=request.user, code=code)
    require(request.user, "evaluation.manage")
    return round_


def _panel_url(round_code: str) -> str:
    """A region's panel page, with a placeholder for its code."""
    return reverse("evaluation:panel", args=[round_code, _PLACEHOLDER])


def _figure(value: Any, places: int, language: str | None) -> str:
    return DASH if value is None else format_number(value, language, places=places)


def board_rows_html(data: board.Board) -> SafeString:
    """``<tr>`` of each board row, the columns in the order of the template's head."""
    language = get_language()
    places = data.decimals
    panel = _panel_url(data.round.code)
    statuses = status_labels()
    provisional = _("provisional")
    partial = _("over the questions scored so far")
    out = []
    for r in data.rows:
        flag_text = (
            _("%(flags)s (%(undecided)s open)") % {"flags": r.flags, "undecided": r.undecided}
            if r.undecided
            else str(r.flags)
        )
        region = format_html('<a href="{}">{}</a>', panel.replace(_PLACEHOLDER, r.code), r.name)
        flags = format_html('<span data-flags="{}">{}</span>', r.flags, flag_text)
        index = (
            format_html(
                '<span title="{}">{}</span>{}',
                provisional,
                _figure(r.published, places, language),
                format_html(' <abbr class="muted small" title="{}">*</abbr>', partial) if r.partial else "",
            )
            if r.published is not None
            else DASH
        )
        out.append(
            format_html(
                '<tr data-region="{}"><td>{} <span class="muted small">{}</span></td>'
                "<td>{}</td><td>{}</td>"
                '<td><span class="badge{}" data-status="{}">{}</span></td>'
                '<td class="num" data-assessors>{}/{}</td>'
                '<td class="num" data-scored>{}/{}</td>'
                '<td class="num">{}</td>'
                '<td class="num" data-decisions>{}</td>'
                '<td class="num" data-index>{}</td>'
                '<td class="num muted" data-calibrated>{}</td></tr>',
                r.code,
                region,
                r.code,
                r.province_name or DASH,
                r.group_name,
                " badge-ok" if r.status == "submitted" else " badge-warn" if r.status == "draft" else "",
                r.status,
                statuses.get(r.status, r.status),
                r.submitted,
                r.declared,
                r.scored,
                r.questions,
                flags,
                r.decisions,
                index,
                _figure(r.calibrated, places, language),
            )
        )
    return SafeString("".join(out))


def _sort_links(request: HttpRequest, current: str) -> dict[str, dict[str, str]]:
    """For each sortable column: the query that sorts by it (again: the other way) and its state."""
    current_key = current.lstrip("-")
    descending = current.startswith("-")
    links = {}
    for page_key, key in board.PAGE_SORTS.items():
        query = request.GET.copy()
        if key == current_key:
            state = "descending" if descending else "ascending"
            query["urut"] = page_key if descending else f"-{page_key}"
        else:
            state = "none"
            query["urut"] = page_key
        links[page_key] = {"query": query.urlencode(), "state": state}
    return links


@login_required
@require_safe
def board_page(request: HttpRequest, round_code: str) -> HttpResponse:
    """The assessment board of a round: every region, filters, sorting (evaluation.manage)."""
    round_ = board_round_get(request, round_code)
    filters = board.BoardFilters.from_query(request.GET)
    data = board.board_for_round(round_=round_, filters=filters)
    export_query = request.GET.copy()
    return render(
        request,
        "evaluation/board/board.html",
        {
            "round": round_,
            "board": data,
            "filters": filters,
            "statuses": list(status_labels().items()),
            "sort_links": _sort_links(request, filters.sort),
            "export_query": export_query.urlencode(),
            "table_rows": board_rows_html(data),
            "calibrated_assessors": data.calibration.applied,
            "assessor_count": len(data.calibration.assessors),
            "raw_assessors": [s for s in data.calibration.assessors.values() if not s.calibrated],
        },
    )


@login_required
@require_safe
def board_export(request: HttpRequest, round_code: str) -> HttpResponse:
    """The board as filtered and sorted on the page, every row, as an .xlsx."""
    round_ = board_round_get(request, round_code)
    data = board.board_for_round(round_=round_, filters=board.BoardFilters.from_query(request.GET))
    statuses = status_labels()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Board"))
    sheet.append(
        [
            _("Code"),
            _("Region"),
            _("Province"),
            _("Group"),
            _("Self-assessment"),
            _("Assessors declared"),
            _("Assessors submitted"),
            _("Questions scored"),
            _("Questions"),
            _("Disagreement flags"),
            _("Flags without a panel decision"),
            _("Panel decisions"),
            _("Provisional index"),
            _("Over the questions scored so far"),
            _("Calibrated index"),
        ]
    )
    for r in data.rows:
        sheet.append(
            _row(
                sheet,
                r.code,
                r.name,
                r.province_name,
                r.group_name,
                statuses.get(r.status, r.status),
                r.declared,
                r.submitted,
                r.scored,
                r.questions,
                r.flags,
                r.undecided,
                r.decisions,
                r.published,
                _("yes") if r.partial else "",
                r.calibrated,
            )
        )
    out = io.BytesIO()
    workbook.save(out)
    return bytes_download(out.getvalue(), f"papan-{round_.code}.xlsx")
