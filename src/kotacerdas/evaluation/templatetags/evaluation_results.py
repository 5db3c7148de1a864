"""Template filters of the evaluation pages: published figures to the method's decimals, signed
improvements, unrounded intermediate values, all in the reader's number style."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from kotacerdas.core.numbers import format_number

register = template.Library()

DASH = "—"


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def score(value: Any, places: int = 2) -> str:
    """A published figure with exactly ``places`` decimals (``3,48``), or a dash."""
    number = _decimal(value)
    return DASH if number is None else format_number(number, get_language(), places=int(places))


@register.filter
def signed(value: Any, places: int = 2) -> str:
    """An improvement with its sign (``+0,25``, ``−0,10``, ``0,00``), or a dash."""
    number = _decimal(value)
    if number is None:
        return DASH
    text = format_number(abs(number), get_language(), places=int(places))
    if number > 0:
        return f"+{text}"
    if number < 0 and text.strip("0.,"):
        return f"\u2212{text}"
    return text


@register.filter
def unrounded(value: Any) -> str:
    """An intermediate value as the engine stored it, unrounded (``3,315``), or a dash."""
    number = _decimal(value)
    return DASH if number is None else format_number(number, get_language())


# Unrounded values shown in full up to this many decimals; longer ones (a mean of three is often
# a repeating decimal) are cut with "…" and carry their whole value in a tooltip and data-value.
EXACT_DECIMALS = 6


@register.filter
def exact(value: Any) -> SafeString:
    """An unrounded value as stored by the engine: in full when short (``3,315``), else cut to
    six decimals with "…" and the whole value in ``title`` and ``data-value`` (the text a reader
    copies is never mistaken for the rounded figure)."""
    number = _decimal(value)
    if number is None:
        return format_html("{}", DASH)
    language = get_language()
    full = format_number(number, language)
    exponent = number.normalize().as_tuple().exponent
    if not isinstance(exponent, int) or -exponent <= EXACT_DECIMALS:
        return format_html('<span class="exact" data-value="{}">{}</span>', number, full)
    cut = number.quantize(Decimal(1).scaleb(-EXACT_DECIMALS), rounding=ROUND_DOWN)
    return format_html(
        '<span class="exact" data-value="{}" title="{}">{}…</span>',
        number,
        full,
        format_number(cut, language, places=EXACT_DECIMALS),
    )
