"""Template filters of the plan editor: numbers in the reader's style."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from kotacerdas.core.numbers import format_number

register = template.Library()


@register.filter
def number(value: Decimal | int | float | None) -> str:
    """``408.000.000`` / ``12,5`` in Indonesian, ``408,000,000`` / ``12.5`` in English."""
    return format_number(value, get_language())


@register.filter
def rupiah(value: Decimal | int | float | None) -> str:
    """A whole-rupiah amount in the reader's style (no decimals)."""
    return format_number(value if value is not None else 0, get_language(), places=0)
