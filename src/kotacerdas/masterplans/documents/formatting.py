"""How the document writes numbers, dates and titles: the Indonesian of a regulation annex.

Pure functions, no Django: the document is a legal text in Indonesian whatever the reader's
interface language, so it never uses the active locale's formats.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
REGION_PREFIXES = ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota ", "Provinsi ")


def indonesian_date(day: dt.date | None) -> str:
    """``7 Februari 2024`` (the full month name, as regulations write dates)."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _group(digits: str) -> str:
    out: list[str] = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return ".".join(out)


def rupiah(amount: Decimal | int | None) -> str:
    """Rupiah without decimals, thousands grouped with dots: ``93.915.000.000``."""
    if amount is None:
        return ""
    whole = int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    sign = "-" if whole < 0 else ""
    return sign + _group(str(abs(whole)))


def decimal_id(value: Decimal | int | None, places: int) -> str:
    """A number with ``places`` decimals, Indonesian style: ``1.250,5``."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    fixed = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if fixed < 0 else ""
    whole, _, fraction = f"{abs(fixed):f}".partition(".")
    return sign + _group(whole) + ("," + fraction if places else "")


def quantity(value: Decimal | None) -> str:
    """A baseline or target: no decimals when it is whole, else at most two (``12,5``)."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return decimal_id(value, 0)
    return decimal_id(value, 2).rstrip("0").rstrip(",")


def percent(part: Decimal, total: Decimal) -> str:
    """``part`` as a share of ``total`` with one decimal (``45,3``); empty when there is no total."""
    if not total:
        return ""
    return decimal_id(Decimal(part) * 100 / Decimal(total), 1)


def short_region_name(name: str) -> str:
    """``Kabupaten Sumbawa`` → ``Sumbawa``; ``Kota Sawahlunto`` → ``Sawahlunto``."""
    for prefix in REGION_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def head_title(level: str, region_name: str) -> str:
    """The regional head's title: ``Bupati Sumbawa``, ``Wali Kota Sawahlunto``, ``Gubernur Bali``."""
    word = {"kota": "Wali Kota", "province": "Gubernur"}.get(level, "Bupati")
    return f"{word} {short_region_name(region_name)}"


def years_span(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"
