"""The rows of the national table, written in Python: 50 rows × ~15 cells placed by the template
engine cost more than the page's queries (the plan page does the same, decision 19). Every value
is escaped by ``format_html``; the template keeps the table's head and the empty state."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .templatetags.monitoring_dashboards import pct

# A region code that stands for any: the region dashboard's address is reversed once per page.
_PLACEHOLDER = "00.00"


def national_rows_html(
    table: Sequence[tuple[Any, Sequence[float | None]]], *, period_code: str
) -> SafeString:
    """``<tr>`` of each participation (with its stored figures annotated by
    ``dashboards.national_rows``) and its % per dimension."""
    base = reverse("monitoring:region", args=[_PLACEHOLDER])
    behind_badge = format_html('<span class="badge badge-bad">{}</span>', _("falling behind"))
    rows = []
    for p, dims in table:
        region = p.region
        cohort = str(p.cohort.year) + (f" · {p.kawasan.name}" if p.kawasan_id else "")
        counts = (
            format_html(' <span class="muted small">({}/{})</span>', p.items_approved, p.items_expected)
            if p.items_expected
            else ""
        )
        rows.append(
            format_html(
                '<tr data-region="{}"{}><td>{}</td><td><a href="{}?periode={}">{}</a></td><td>{}</td>'
                '<td>{}</td><td class="num" data-plan>{}</td>{}<td class="num" data-rate>{}{}</td>'
                '<td class="num" data-on-time>{}</td><td>{}</td></tr>',
                region.code,
                mark_safe(" data-behind") if p.behind else "",
                region.code,
                base.replace(_PLACEHOLDER, region.code),
                period_code,
                region.name,
                region.province.name if region.province_id else "—",
                cohort,
                pct(p.plan_percent),
                format_html_join("", '<td class="num">{}</td>', ((pct(v),) for v in dims)),
                pct(p.reporting_rate),
                counts,
                pct(p.timeliness),
                behind_badge if p.behind else "",
            )
        )
    return SafeString("".join(rows))
