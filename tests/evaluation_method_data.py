"""Method files for the evaluation-method tests: a small valid method as data, and a
hypothesis strategy of small valid methods."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

SMART_CODES = {"GOV", "BRD", "ECO", "LIV", "SOC", "ENV"}

SMALL: dict[str, Any] = {
    "code": "uji",
    "name": "Metode uji",
    "description": "Dua dimensi, dua kelompok.",
    "scale": {"levels": ["0", "1", "2", "3", "4"], "min": "0", "max": "4"},
    "combine": "mean",
    "dimension_rule": "mean",
    "decimals": 2,
    "rounding": "half_up",
    "disagreement_levels": "2",
    "bands": [{"min": "3.50", "label": "Sangat Baik"}, {"min": "0", "label": "Cukup"}],
    "dimensions": [
        {
            "code": "BASELINE",
            "name": "Baseline",
            "indicators": [
                {
                    "number": "1",
                    "name": "Perencanaan",
                    "subindicators": [
                        {
                            "number": "1.1",
                            "name": "Master plan",
                            "questions": [
                                {
                                    "number": "1.1.1",
                                    "text": "Apakah master plan sudah memiliki payung hukum?",
                                    "guidance": "Perbup atau Perda.",
                                    "evidence_expected": "Salinan peraturan.",
                                    "descriptors": {"0": "Belum ada", "4": "Perda"},
                                    "answer": "level",
                                },
                                {"number": "1.1.2", "text": "Apakah ada Dewan Smart City?"},
                            ],
                        }
                    ],
                },
                {
                    "number": "2",
                    "name": "Realisasi",
                    "subindicators": [
                        {
                            "number": "1.1",
                            "name": "Realisasi program",
                            "questions": [{"number": "1.1.1", "text": "Berapa program yang berjalan?"}],
                        }
                    ],
                },
            ],
        },
        {
            "code": "IMPACT",
            "name": "Impact",
            "indicators": [
                {
                    "number": "1",
                    "name": "Smart Governance",
                    "subindicators": [
                        {
                            "number": "4.1",
                            "name": "Layanan publik",
                            "questions": [
                                {
                                    "number": "4.1.1",
                                    "text": "Rata-rata nilai layanan daring?",
                                    "answer": "survey",
                                    "smart_dimension": "GOV",
                                }
                            ],
                        }
                    ],
                }
            ],
        },
    ],
    "groups": [
        {"code": "regular", "name": "Reguler", "weights": {"BASELINE": "40", "IMPACT": "60"}},
        {"code": "kawasan", "name": "Kawasan", "weights": {"IMPACT": "100"}},
    ],
}


def small(**changes: Any) -> dict[str, Any]:
    """A deep copy of ``SMALL`` with top-level keys replaced."""
    data = copy.deepcopy(SMALL)
    data.update(changes)
    return data


def _decimal(value: Decimal) -> str:
    return format(value, "f")


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=30
).filter(lambda s: s.strip() != "")


@st.composite
def methods(draw: st.DrawFn) -> dict[str, Any]:
    """A small valid method: 1-3 dimensions, a few questions, one or two groups."""
    halves = draw(st.lists(st.integers(0, 16), min_size=1, max_size=5, unique=True))
    levels = sorted(Decimal(h) / 2 for h in halves)
    low = levels[0] - draw(st.integers(0, 2))
    high = max(levels[-1], low) + draw(st.integers(1, 3))
    level_texts = [_decimal(v) for v in levels]
    codes = draw(
        st.lists(
            st.sampled_from(["BASELINE", "OUTPUT", "OUTCOME", "IMPACT", "QUICK_WIN", "K2"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    dimensions = []
    for code in codes:
        indicators = []
        for i in range(1, draw(st.integers(1, 2)) + 1):
            subs = []
            for s in range(1, draw(st.integers(1, 2)) + 1):
                questions = []
                for q in range(1, draw(st.integers(1, 3)) + 1):
                    question: dict[str, Any] = {"number": f"{s}.{q}", "text": draw(TEXT)}
                    if draw(st.booleans()):
                        question["guidance"] = draw(TEXT)
                    if draw(st.booleans()):
                        question["evidence_expected"] = draw(TEXT)
                    described = draw(st.lists(st.sampled_from(level_texts), unique=True, max_size=3))
                    if described:
                        question["descriptors"] = {lv: draw(TEXT) for lv in described}
                    question["answer"] = draw(st.sampled_from(["level", "survey"]))
                    smart = draw(st.sampled_from(["", *sorted(SMART_CODES)]))
                    if smart:
                        question["smart_dimension"] = smart
                    questions.append(question)
                subs.append({"number": f"{i}.{s}", "name": draw(TEXT), "questions": questions})
            indicators.append({"number": str(i), "name": draw(TEXT), "subindicators": subs})
        dimensions.append({"code": code, "name": draw(TEXT), "indicators": indicators})
    groups = []
    for n in range(draw(st.integers(1, 2))):
        members = codes if n == 0 else draw(st.lists(st.sampled_from(codes), min_size=1, unique=True))
        cuts = sorted(
            draw(
                st.lists(
                    st.integers(1, 9999), min_size=len(members) - 1, max_size=len(members) - 1, unique=True
                )
            )
        )
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, 10000], strict=True)]
        weights = {m: _decimal(Decimal(p) / 100) for m, p in zip(members, parts, strict=True)}
        groups.append({"code": f"g{n}", "name": draw(TEXT), "weights": weights})
    band_mins = draw(st.lists(st.integers(int(low * 4), int(high * 4)), unique=True, max_size=3))
    return {
        "code": "acak",
        "name": draw(TEXT),
        "description": draw(st.text(max_size=50).filter(lambda s: "\x00" not in s)),
        "scale": {"levels": level_texts, "min": _decimal(low), "max": _decimal(high)},
        "combine": draw(st.sampled_from(["mean", "median"])),
        "decimals": draw(st.integers(0, 4)),
        "disagreement_levels": draw(st.sampled_from(["1", "1.5", "2", "2.25"])),
        "bands": [{"min": _decimal(Decimal(m) / 4), "label": draw(TEXT)[:60]} for m in band_mins],
        "dimensions": dimensions,
        "groups": groups,
    }
