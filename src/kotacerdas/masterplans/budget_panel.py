"""The rows of the plan page's budget panel (per dimension and source, per year, per agency).

Written here in plain Python, every value escaped, for the reason the programme blocks are
(``editor_rows``): the template engine spends a few microseconds on each value it places, and
these tables place some 150 amounts and counts on every opening of the plan page. The panel's
frame (headings, column titles, the empty state) stays in ``plan_detail.html``. No queries: the
figures come from ``selectors.budget_totals`` and ``selectors.counts_per_dimension``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any

from django.utils.safestring import SafeString

from kotacerdas.core.numbers import format_number

from .selectors import BudgetTotals


@dataclass(frozen=True)
class BudgetPanel:
    dimension_rows: SafeString  # a row per dimension: counts, an amount per source, the total
    source_totals: SafeString  # the total row's cells: an amount per source, then the total
    year_rows: SafeString
    agency_rows: SafeString  # empty without budgets (the template says so)


def budget_panel(
    totals: BudgetTotals, counts: list[dict[str, Any]], *, language: str | None, filter_query: str
) -> BudgetPanel:
    """The panel's rows. ``counts`` are ``counts_per_dimension``'s rows, each with its
    dimension's ``budget`` row of ``totals``; ``filter_query`` the page's filters, which a
    dimension's link keeps."""

    def rupiah(value: Decimal) -> str:
        return format_number(value, language, places=0)

    def amounts(by_source: dict[str, Decimal], cell: str = "td") -> str:
        return "".join(f'<{cell} class="num">{rupiah(a)}</{cell}>' for a in by_source.values())

    query = escape(filter_query)
    dimension_rows = []
    for c in counts:
        code, row = escape(c["dimension"].code), c["budget"]
        quick_wins = c["quick_wins"] or '<span class="badge badge-bad">0</span>'
        dimension_rows.append(
            f'<tr data-dimension="{code}"><td><a href="?{query}&amp;dimensi={code}">'
            f"{escape(c['dimension'].label)}</a></td>"
            f'<td class="num">{c["programmes"]}</td><td class="num">{c["actions"]}</td>'
            f'<td class="num">{quick_wins}</td>{amounts(row["by_source"])}'
            f'<td class="num"><b>{rupiah(row["total"])}</b></td></tr>'
        )
    year_rows = "".join(
        f'<tr data-year="{row["year"]}"><td>{row["year"]}</td>{amounts(row["by_source"])}'
        f'<td class="num"><b>{rupiah(row["total"])}</b></td></tr>'
        for row in totals.per_year
    )
    agency_rows = "".join(
        f'<tr><td><abbr title="{escape(row["name"])}">{escape(row["acronym"])}</abbr></td>'
        f'<td class="num">{rupiah(row["total"])}</td></tr>'
        for row in totals.per_agency
    )
    return BudgetPanel(
        dimension_rows=SafeString("".join(dimension_rows)),
        source_totals=SafeString(
            amounts(totals.per_source, "th") + f'<th class="num" data-total>{rupiah(totals.total)}</th>'
        ),
        year_rows=SafeString(year_rows),
        agency_rows=SafeString(agency_rows),
    )
