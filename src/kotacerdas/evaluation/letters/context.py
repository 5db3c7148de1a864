"""What a result letter says, as the JSON-safe context its Typst template reads.

Pure (no Django): ``letter_context`` takes the round's facts (shared by every letter of the
round) and one region's facts, both read by ``letters.data``, and writes every figure the way
an Indonesian letter does: ``3,48``, ``+0,25``, ``13 dari 191``, ``7 Februari 2024 pukul 14.05
WIB``. The letter is official Indonesian text whatever the reader's interface language (as the
master-plan document is), so its words are written here and in the template, not in gettext.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kotacerdas.core.numbers import format_number
from kotacerdas.masterplans.documents.formatting import head_title, indonesian_date, short_region_name

LANGUAGE = "id"
LETTERHEAD = {
    "ministry": "KEMENTERIAN KOMUNIKASI DAN DIGITAL",
    "country": "REPUBLIK INDONESIA",
    "unit": "Tim Evaluasi Gerakan Menuju Smart City",
    "signatory": "Ketua Tim Evaluasi Gerakan Menuju Smart City",
}
STAGES = {"1": "tahap I", "2": "tahap II"}
# Finding kinds in the order a letter prints them, with their Indonesian headings.
FINDING_TITLES = (
    ("strength", "Kekuatan"),
    ("weakness", "Kelemahan"),
    ("recommendation", "Rekomendasi"),
)


@dataclass(frozen=True)
class SnapshotFacts:
    """The computation a letter's figures come from."""

    number: int
    digest: str
    computed_at: dt.datetime  # in the product's time zone (Asia/Jakarta)
    engine: str
    method: str


@dataclass(frozen=True)
class RoundFacts:
    """What every letter of a round shares (read once per round)."""

    code: str
    name: str
    year: int
    stage: str
    published: bool
    published_on: dt.date | None
    decimals: int
    snapshot: SnapshotFacts
    # group code → evaluation dimension code → weight (percent), in the method's order
    weights: dict[str, dict[str, Decimal]]
    dimension_names: dict[str, str]
    smart_names: dict[str, str]  # smart dimension code → name, in the catalogue's order
    national_total: int
    province_totals: dict[int, int]  # province id → regions of the round in it


@dataclass(frozen=True)
class LetterFacts:
    """One region's published figures (a ``RegionResult``) and its findings."""

    region_code: str
    region_name: str
    region_level: str
    region_capital: str
    province_id: int | None
    province_name: str
    group: str
    index: Decimal
    improvement: Decimal | None
    predicate: str
    rank_national: int
    rank_province: int
    dimensions: dict[str, str]  # code → published score ("3.60")
    smart: dict[str, dict[str, Any]]  # code → {"score": "3.10", "rank": 2}
    findings: list[tuple[str, str]] = field(default_factory=list)  # (kind, text), in order


def figure(value: Decimal | str | None, places: int) -> str:
    """A published figure with exactly ``places`` decimals, Indonesian style: ``3,48``."""
    if value is None or value == "":
        return ""
    return format_number(Decimal(value), LANGUAGE, places=places)


def signed(value: Decimal | None, places: int) -> str:
    """A change with its sign: ``+0,25``, ``-0,10``, ``0,00``; empty when there is none."""
    if value is None:
        return ""
    text = figure(value, places)
    if not text.strip("-0,"):  # rounds to zero: no sign
        return text.lstrip("-")
    return f"+{text}" if Decimal(value) > 0 else text


def rank_of(rank: int | None, total: int) -> str:
    """``13 dari 191``."""
    if rank is None:
        return ""
    return f"{rank} dari {total}"


def computed_at(moment: dt.datetime) -> str:
    """``7 Februari 2024 pukul 14.05 WIB`` (``moment`` is already in the product's time zone)."""
    return f"{indonesian_date(moment.date())} pukul {moment.hour:02d}.{moment.minute:02d} WIB"


def letter_title(round_: RoundFacts, letter: LetterFacts) -> str:
    return f"Hasil {round_.name} — {letter.region_name}"


def letter_filename(round_code: str, region_code: str, region_name: str) -> str:
    """``surat-2024-2-52.04-sumbawa.pdf`` (ASCII, no spaces)."""
    short = short_region_name(region_name).lower()
    slug = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in short).strip("-")
    slug = "-".join(part for part in slug.split("-") if part)
    return f"surat-{round_code}-{region_code}{'-' + slug if slug else ''}.pdf"


def _weight(value: Decimal) -> str:
    return f"{format_number(value, LANGUAGE)} %"


def letter_context(round_: RoundFacts, letter: LetterFacts, *, today: dt.date) -> dict[str, Any]:
    """The whole letter as the template reads it (strings and lists only)."""
    places = round_.decimals
    weights = round_.weights.get(letter.group, {})
    dimensions = [
        {
            "code": code,
            "name": round_.dimension_names.get(code, code),
            "weight": _weight(weight),
            "score": figure(letter.dimensions.get(code), places) or "—",
        }
        for code, weight in weights.items()
    ]
    smart = [
        {
            "code": code,
            "name": name,
            "score": figure(letter.smart[code].get("score"), places) or "—",
            "rank": str(letter.smart[code].get("rank") or "—"),
        }
        for code, name in round_.smart_names.items()
        if code in letter.smart
    ]
    findings = [
        {"kind": kind, "title": title, "items": [text for k, text in letter.findings if k == kind]}
        for kind, title in FINDING_TITLES
    ]
    province_total = round_.province_totals.get(letter.province_id or 0, 0)
    return {
        "title": letter_title(round_, letter),
        "preview": not round_.published,
        "letterhead": LETTERHEAD,
        "date": indonesian_date(round_.published_on or today),
        "round": {
            "code": round_.code,
            "name": round_.name,
            "year": str(round_.year),
            "stage": STAGES.get(round_.stage, round_.stage),
        },
        "region": {
            "code": letter.region_code,
            "name": letter.region_name,
            "province": short_region_name(letter.province_name),
            "head": head_title(letter.region_level, letter.region_name),
            "seat": letter.region_capital or "Tempat",
        },
        "decimals": str(places),
        "index": figure(letter.index, places),
        "improvement": signed(letter.improvement, places),
        "predicate": letter.predicate,
        "rank_national": rank_of(letter.rank_national, round_.national_total),
        "rank_province": rank_of(letter.rank_province, province_total),
        "dimensions": dimensions,
        "smart": smart,
        "findings": findings,
        "snapshot": {
            "number": str(round_.snapshot.number),
            "digest": round_.snapshot.digest,
            "computed": computed_at(round_.snapshot.computed_at),
            "engine": round_.snapshot.engine,
            "method": round_.snapshot.method,
        },
    }
