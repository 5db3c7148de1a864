"""The rows of a round's ranking, written in Python: with every region on one page (514 rows of
~15 cells) the template engine costs far more than the page's queries (as for the monitoring
national table). Every value is escaped by ``format_html``; the template keeps the table's head
and the empty state."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from kotacerdas.core.numbers import format_number
from kotacerdas.regions.choices import RegionLevel

DASH = "—"
# A region code that stands for any: the report card's address is reversed once per page.
_PLACEHOLDER = "00.00"


def _figure(value: Any, places: int, language: str | None) -> str:
    if value is None or value == "":
        return DASH
    return format_number(
        value if isinstance(value, Decimal) else Decimal(str(value)), language, places=places
    )


def _signed(value: Decimal | None, places: int, language: str | None) -> str:
    if value is None:
        return DASH
    text = format_number(abs(value), language, places=places)
    if value > 0:
        return f"+{text}"
    if value < 0 and text.strip("0.,"):
        return f"\u2212{text}"
    return text


def ranking_rows_html(
    table: Sequence[Any],
    *,
    round_code: str,
    places: int,
    groups: Mapping[str, str],
    smart: bool,
    show_cohort: bool,
    show_kawasan: bool,
) -> SafeString:
    """``<tr>`` of each ``views.RankingRow`` (a ``RegionResult`` with its rank, dimension scores and
    smart score), the columns in the order of the template's head."""
    language = get_language()
    base = reverse("evaluation:region_result", args=[round_code, _PLACEHOLDER])
    kinds = {value: str(label) for value, label in RegionLevel.choices}
    rows = []
    for row in table:
        r = row.result
        region = r.region
        extra = []
        if show_cohort:
            extra.append(format_html("<td>{}</td>", DASH if r.cohort_year is None else r.cohort_year))
        if show_kawasan:
            extra.append(format_html("<td>{}</td>", r.kawasan_name or DASH))
        extra.append(format_html("<td>{}</td>", groups.get(r.group, r.group)))
        if smart:
            extra.append(
                format_html(
                    '<td class="num" data-smart-score>{}</td>', _figure(row.smart_score, places, language)
                )
            )
        rows.append(
            format_html(
                '<tr data-region="{}"><td class="num" data-rank>{}</td>'
                '<td><a href="{}">{}</a> <span class="muted small">{}</span></td><td>{}</td><td>{}</td>{}'
                '<td class="num" data-index>{}</td><td class="num" data-improvement>{}</td><td>{}</td>{}</tr>',
                region.code,
                DASH if row.rank is None else row.rank,
                base.replace(_PLACEHOLDER, region.code),
                region.name,
                region.code,
                region.province.name if region.province_id else DASH,
                kinds.get(region.level, region.level),
                SafeString("".join(extra)),
                _figure(r.index, places, language),
                _signed(r.improvement, places, language),
                r.predicate or DASH,
                format_html_join(
                    "", '<td class="num">{}</td>', ((_figure(v, places, language),) for v in row.dimensions)
                ),
            )
        )
    return SafeString("".join(rows))
