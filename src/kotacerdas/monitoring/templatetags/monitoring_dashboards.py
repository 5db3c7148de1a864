"""Template filters of the monitoring dashboards: a % that says "no data" instead of 0, the
traffic light as a labelled badge, a quick win's trend as a small server-drawn line."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kotacerdas.core.numbers import format_number
from kotacerdas.monitoring.choices import Light

register = template.Library()

LIGHT_BADGE = {"green": "badge-ok", "amber": "badge-warn", "red": "badge-bad"}


def _number(value: float | Decimal) -> str:
    return format_number(Decimal(str(round(float(value), 1))), get_language())


@register.filter
def pct(value: float | Decimal | None) -> SafeString:
    """``62,5 %``, or "no data" (never 0 %) when there is no figure."""
    if value is None:
        return format_html('<span class="muted no-data" data-no-data>{}</span>', _("no data"))
    return format_html("{}&nbsp;%", _number(value))


@register.filter
def light(value: str | None) -> SafeString:
    """The traffic light as a badge with its meaning in words (colour is never the only cue)."""
    if not value:
        return mark_safe('<span class="muted" data-light="">—</span>')
    return format_html(
        '<span class="badge {}" data-light="{}">{}</span>',
        LIGHT_BADGE.get(value, ""),
        value,
        Light(value).label,
    )


@register.filter
def sparkline(trend: Sequence[tuple[Any, float | None]]) -> SafeString:
    """A quick win's completion over the year's periods as a small SVG line (periods without a
    figure leave a gap); the table beside it carries the same numbers."""
    width, height, pad = 96, 24, 2
    n = len(trend)
    if n == 0:
        return SafeString("")
    step = (width - 2 * pad) / max(n - 1, 1)
    segments: list[list[str]] = [[]]
    dots: list[tuple[str, str]] = []
    for i, (_period, value) in enumerate(trend):
        if value is None:
            if segments[-1]:
                segments.append([])
            continue
        x = pad + i * step
        y = height - pad - (height - 2 * pad) * float(value) / 100
        segments[-1].append(f"{x:.1f},{y:.1f}")
        dots.append((f"{x:.1f}", f"{y:.1f}"))
    lines = format_html_join(
        "",
        '<polyline points="{}" fill="none" stroke="currentColor" stroke-width="1.5"/>',
        ((" ".join(s),) for s in segments if len(s) > 1),
    )
    circles = format_html_join("", '<circle cx="{}" cy="{}" r="1.8" fill="currentColor"/>', dots)
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" aria-hidden="true" focusable="false">'
        '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="#c8d0dc" stroke-width="1"/>{}{}</svg>',
        width,
        height,
        width,
        height,
        height - pad,
        width,
        height - pad,
        lines,
        circles,
    )
