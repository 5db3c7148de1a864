"""The index engine: the one place where evaluation scores become published figures.

Pure Python (no Django), decimal arithmetic only, so every published number is reproducible
bit for bit and explains itself:

    assessors' levels → question score (mean or median, the method's ``combine``)
    question scores   → dimension score (plain mean of the dimension's questions)
    dimension scores  → index = Σ weight × dimension score over the region's group
    index             → Indeks Pencapaian, rounded half up to the method's decimals
    index − previous  → Indeks Peningkatan, computed on the unrounded indices, then rounded
    indices           → ranks (national, province, peer groups, per smart dimension);
                        ties share a rank (1, 2, 2, 4) and ranks use the unrounded (settled) values

A historical round has no question scores: its inputs are the dimension scores printed in
the letters, and the same engine goes on from there. Only the published figures are rounded
(``publish``). Division runs in a decimal context of ``PRECISION`` significant digits, the
same on every machine whatever the thread's own decimal context.

Settled figures. A mean of three assessors' levels is a third (10/3): at ``PRECISION`` digits
its last digit is rounded, and two indices equal in exact arithmetic but reached along
different paths (one region's thirds, another's sevenths) can then differ in their 40th
digit. Every unrounded figure the engine reports, ranks, subtracts or publishes is therefore
*settled*: computed from the full-precision stages, then fixed to ``SETTLE_PLACES`` (20)
decimal places (``settle``). That is far coarser than the arithmetic noise (about 1e-38) and
far finer than any difference real scores make: inputs carry at most four decimals and the
denominators are the counts of assessors and questions, so two different exact values differ
by far more than 1e-20, and an exact value lies on or far from (more than 1e-38) a boundary
between two settled ones. Equal indices therefore share a rank, unequal ones never do, and a
published figure is the exact value rounded half up.
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

ENGINE_VERSION = "1"
PRECISION = 40
SETTLE_PLACES = 20
_SETTLE = Decimal(1).scaleb(-SETTLE_PLACES)
HUNDRED = Decimal(100)

MEAN = "mean"
MEDIAN = "median"
HALF_UP = "half_up"
LEVEL = "level"
SURVEY = "survey"

# Peer groups ranked besides the nation and the province (RegionInput.peers keys).
PEER_KINDS = ("level", "cohort", "kawasan")


class ScoringError(ValueError):
    """Inputs the method cannot score (a level off the scale, a missing dimension, ...)."""


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    dimension: str
    answer: str = LEVEL  # LEVEL: one of the scale's levels; SURVEY: any value within the scale
    smart: str = ""  # smart dimension code (GOV, BRD, ...) or ""


@dataclass(frozen=True)
class Band:
    minimum: Decimal
    label: str


@dataclass(frozen=True)
class MethodSpec:
    """What the engine needs of a method version."""

    levels: tuple[Decimal, ...]
    scale_min: Decimal
    scale_max: Decimal
    combine: str  # MEAN or MEDIAN
    decimals: int
    rounding: str  # HALF_UP
    groups: Mapping[str, Mapping[str, Decimal]]  # group → dimension → weight in percent
    questions: Mapping[str, QuestionSpec] = field(default_factory=dict)
    bands: tuple[Band, ...] = ()  # highest minimum first
    disagreement: Decimal = Decimal(2)


@dataclass(frozen=True)
class RegionInput:
    """One region's inputs: question levels per assessor, or the printed dimension scores."""

    region: str  # Kemendagri code
    group: str
    province: str = ""
    peers: Mapping[str, str] = field(default_factory=dict)  # "level" → "kota", "cohort" → "2017", ...
    # question key → {assessor id → level}; empty for a historical (dimension-level) input.
    scores: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)
    dimensions: Mapping[str, Decimal] = field(default_factory=dict)
    previous: Decimal | None = None  # the region's unrounded index in the previous round
    # question key → the score the panel set in place of the assessors' combined score
    overrides: Mapping[str, Decimal] = field(default_factory=dict)


def _context() -> decimal.Context:
    return decimal.Context(prec=PRECISION, rounding=decimal.ROUND_HALF_EVEN)


def mean(values: Sequence[Decimal]) -> Decimal:
    if not values:
        raise ScoringError("the mean of nothing")
    with decimal.localcontext(_context()):
        return sum(values, Decimal(0)) / Decimal(len(values))


def median(values: Sequence[Decimal]) -> Decimal:
    if not values:
        raise ScoringError("the median of nothing")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    with decimal.localcontext(_context()):
        return (ordered[middle - 1] + ordered[middle]) / Decimal(2)


def settle(value: Decimal) -> Decimal:
    """An unrounded figure as the engine reports it: ``value`` at ``SETTLE_PLACES`` decimal places."""
    with decimal.localcontext(_context()):
        return value.quantize(_SETTLE)


def publish(value: Decimal, decimals: int, rounding: str = HALF_UP) -> Decimal:
    """A published figure: ``value`` rounded to ``decimals`` places, half up (3.315 → 3.32).

    Half up as Excel's ROUND does it: a tie goes away from zero, so -0.005 → -0.01. A
    result of zero is always positive (never "-0.00").
    """
    if rounding != HALF_UP:
        raise ScoringError(f"unknown rounding {rounding!r}")
    with decimal.localcontext(_context()):
        result = value.quantize(Decimal(1).scaleb(-decimals), rounding=decimal.ROUND_HALF_UP)
    return abs(result) if result == 0 else result  # never "-0.00"


def check_weights(groups: Mapping[str, Mapping[str, Decimal]]) -> list[str]:
    """The groups whose weights do not sum to 100 (or hold a negative weight)."""
    bad = []
    for group, weights in groups.items():
        if sum(weights.values(), Decimal(0)) != HUNDRED or any(w < 0 for w in weights.values()):
            bad.append(group)
    return bad


def check_level(spec: MethodSpec, question: QuestionSpec, level: Decimal) -> None:
    """Raise ``ScoringError`` unless ``level`` is allowed for ``question``."""
    if not level.is_finite():
        raise ScoringError(f"{question.key}: {level} is not a number")
    if question.answer == SURVEY:
        if not spec.scale_min <= level <= spec.scale_max:
            raise ScoringError(f"{question.key}: {level} is outside {spec.scale_min}-{spec.scale_max}")
    elif level not in spec.levels:
        allowed = ", ".join(str(v) for v in spec.levels)
        raise ScoringError(f"{question.key}: {level} is not a level of the scale ({allowed})")


def question_score(spec: MethodSpec, levels: Iterable[Decimal]) -> Decimal:
    """The question's score from the assessors' levels: their mean or median."""
    values = list(levels)
    if spec.combine == MEAN:
        return mean(values)
    if spec.combine == MEDIAN:
        return median(values)
    raise ScoringError(f"unknown combination {spec.combine!r}")


def disagrees(spec: MethodSpec, levels: Iterable[Decimal]) -> bool:
    """Do two assessors differ by the method's threshold or more on this question?"""
    values = list(levels)
    return len(values) > 1 and max(values) - min(values) >= spec.disagreement


def predicate(spec: MethodSpec, value: Decimal) -> str:
    """The label of the first band (highest first) whose minimum ``value`` reaches."""
    for band in spec.bands:
        if value >= band.minimum:
            return band.label
    return ""


def ranks(values: Mapping[str, Decimal]) -> dict[str, int]:
    """Competition ranks, highest first; equal values share a rank (1, 2, 2, 4)."""
    ordered = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
    out: dict[str, int] = {}
    previous: Decimal | None = None
    rank = 0
    for position, (key, value) in enumerate(ordered, start=1):
        if value != previous:
            rank = position
            previous = value
        out[key] = rank
    return out


def ranks_within(values: Mapping[str, Decimal], groups: Mapping[str, str]) -> dict[str, int | None]:
    """Ranks inside each group (``groups``: key → group name; no group → ``None``)."""
    members: dict[str, dict[str, Decimal]] = {}
    for key, value in values.items():
        name = groups.get(key, "")
        if name:
            members.setdefault(name, {})[key] = value
    out: dict[str, int | None] = {key: None for key in values}
    for group_values in members.values():
        out.update(ranks(group_values))
    return out


@functools.lru_cache(maxsize=65536)
def plain(value: Decimal) -> str:
    """A decimal without trailing zeros, never in exponent form ("3.6000" → "3.6", "1E+1" → "10").

    Exact: no digit is rounded away, whatever the thread's decimal context; zero is "0".
    """
    if value.is_zero():
        return "0"
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _fixed(value: Decimal) -> str:
    """A published figure with all its places, never in exponent form ("0.00", not "0E-2")."""
    return format(value, "f")


def _s(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


# What one question's levels give, whatever the question: (checked as a survey's, the levels in
# the assessors' order) → (combined score, settled, disagreement). A round has few distinct
# combinations (125 for three assessors on a 0-4 scale), so each is combined once.
Combined = tuple[Decimal, Decimal, bool]
CombineMemo = dict[tuple[bool, tuple[Decimal, ...]], Combined]


def _combine(spec: MethodSpec, question: QuestionSpec, values: list[Decimal], region: str) -> Combined:
    """Check one question's levels and combine them (in the engine's decimal context)."""
    if question.answer == SURVEY or not frozenset(spec.levels).issuperset(values):
        for level in values:
            try:
                check_level(spec, question, level)
            except ScoringError as exc:
                raise ScoringError(f"{region}: {exc}") from None
    score = sum(values, Decimal(0)) / len(values) if spec.combine == MEAN else question_score(spec, values)
    return score, score.quantize(_SETTLE), len(values) > 1 and max(values) - min(values) >= spec.disagreement


def _from_questions(
    spec: MethodSpec, item: RegionInput, weights: Mapping[str, Decimal], memo: CombineMemo | None = None
) -> tuple[dict[str, dict[str, Any]], dict[str, Decimal], dict[str, Decimal]]:
    """Question scores, dimension means and smart-dimension means of one region's levels
    (``memo``: combinations already computed, shared by the regions of a round)."""
    questions: dict[str, dict[str, Any]] = {}
    per_dimension: dict[str, list[Decimal]] = {}
    smart_values: dict[str, list[Decimal]] = {}
    memo = {} if memo is None else memo
    with decimal.localcontext(_context()):
        for key, by_assessor in sorted(item.scores.items()):
            question = spec.questions.get(key)
            if question is None:
                raise ScoringError(f"{item.region}: unknown question {key!r}")
            if question.dimension not in weights:
                raise ScoringError(f"{item.region}: {key} is not in group {item.group}")
            values = list(by_assessor.values())
            if not values:
                raise ScoringError(f"{item.region}: {key} has no score")
            # equal decimals hash alike: 3.0000 is the level 3, and combines as 3 does
            memo_key = (question.answer == SURVEY, tuple(values))
            try:
                combined = memo.get(memo_key)
            except TypeError:  # a signalling NaN cannot be hashed: _combine refuses it
                combined = _combine(spec, question, values, item.region)
            if combined is None:
                combined = memo[memo_key] = _combine(spec, question, values, item.region)
            score, raw, disagreement = combined
            settled = raw
            if key in item.overrides:
                score = item.overrides[key]
                if not score.is_finite() or not spec.scale_min <= score <= spec.scale_max:
                    raise ScoringError(f"{item.region}: {key} panel score {score} is outside the scale")
                settled = score.quantize(_SETTLE)
            questions[key] = {
                "dimension": question.dimension,
                "smart": question.smart,
                "raw": raw,
                "score": settled,
                "disagreement": disagreement,
            }
            per_dimension.setdefault(question.dimension, []).append(score)
            if question.smart:
                smart_values.setdefault(question.smart, []).append(score)
    expected = {q.key for q in spec.questions.values() if q.dimension in weights}
    missing = sorted(expected - set(item.scores))
    if missing:
        raise ScoringError(f"{item.region}: no score for {', '.join(missing[:5])}")
    dimensions = {code: mean(values) for code, values in per_dimension.items()}
    smart = {code: mean(values) for code, values in sorted(smart_values.items())}
    return questions, dimensions, smart


def region_stages(spec: MethodSpec, item: RegionInput, memo: CombineMemo | None = None) -> dict[str, Any]:
    """Every stage of one region's index, unrounded, as settled decimals (no ranks).

    The index is summed from the full-precision dimension scores, in the order of the
    dimension codes (the same sum whatever order the weights come in), then settled.
    """
    if item.group not in spec.groups:
        raise ScoringError(f"{item.region}: unknown group {item.group!r}")
    weights = spec.groups[item.group]
    questions: dict[str, dict[str, Any]] = {}
    smart: dict[str, Decimal] = {}
    if item.scores:
        questions, dimension_scores, smart = _from_questions(spec, item, weights, memo)
    else:
        dimension_scores = dict(item.dimensions)
        for code, value in dimension_scores.items():
            if code not in weights:
                raise ScoringError(f"{item.region}: dimension {code} is not in group {item.group}")
            if not value.is_finite() or not spec.scale_min <= value <= spec.scale_max:
                raise ScoringError(
                    f"{item.region}: {code} {value} is outside {spec.scale_min}-{spec.scale_max}"
                )
    missing_dims = [code for code in weights if code not in dimension_scores]
    if missing_dims:
        raise ScoringError(f"{item.region}: no score for dimension {', '.join(missing_dims)}")
    with decimal.localcontext(_context()):
        contributions = {code: weights[code] * dimension_scores[code] / HUNDRED for code in weights}
        index = settle(sum((contributions[code] for code in sorted(weights)), Decimal(0)))
        # The previous index is a settled figure too: the difference is exact.
        improvement = None if item.previous is None else settle(index - item.previous)
    return {
        "questions": questions,
        "dimensions": {
            code: {
                "weight": weights[code],
                "score": settle(dimension_scores[code]),
                "contribution": settle(contributions[code]),
            }
            for code in weights
        },
        "smart": {code: settle(value) for code, value in smart.items()},
        "index": index,
        "previous": item.previous,
        "improvement": improvement,
    }


def compute_round(spec: MethodSpec, inputs: Sequence[RegionInput]) -> dict[str, Any]:
    """The whole round: every region's stages, published figures and ranks, as JSON-ready strings.

    The result is deterministic: the same spec and inputs give the same dict, in the same
    order, on every machine (regions sorted by code, decimals as strings).
    """
    bad = check_weights(spec.groups)
    if bad:
        raise ScoringError(f"weights of {', '.join(bad)} do not sum to 100")
    items = sorted(inputs, key=lambda i: i.region)
    seen: set[str] = set()
    for item in items:
        if item.region in seen:
            raise ScoringError(f"{item.region} appears twice")
        seen.add(item.region)
    memo: CombineMemo = {}
    stages = {item.region: region_stages(spec, item, memo) for item in items}
    indices = {code: s["index"] for code, s in stages.items()}
    national = ranks(indices)
    province = ranks_within(indices, {i.region: i.province or "-" for i in items})
    peer = {
        kind: ranks_within(indices, {i.region: i.peers.get(kind, "") for i in items}) for kind in PEER_KINDS
    }
    smart_codes = sorted({code for s in stages.values() for code in s["smart"]})
    smart_ranks = {
        code: ranks({region: s["smart"][code] for region, s in stages.items() if code in s["smart"]})
        for code in smart_codes
    }
    regions: dict[str, Any] = {}
    for item in items:
        s = stages[item.region]
        published = publish(s["index"], spec.decimals, spec.rounding)
        improvement = s["improvement"]
        regions[item.region] = {
            "group": item.group,
            "province": item.province,
            "peers": dict(sorted(item.peers.items())),
            "questions": {key: plain(q["score"]) for key, q in s["questions"].items()},
            "disagreements": [key for key, q in s["questions"].items() if q["disagreement"]],
            # question key → the assessors' combined score the panel replaced
            "overridden": {
                key: plain(q["raw"]) for key, q in s["questions"].items() if key in item.overrides
            },
            "dimensions": {
                code: {
                    "weight": plain(d["weight"]),
                    "score": plain(d["score"]),
                    "published": _fixed(publish(d["score"], spec.decimals, spec.rounding)),
                    "contribution": plain(d["contribution"]),
                }
                for code, d in s["dimensions"].items()
            },
            "smart": {
                code: {
                    "score": plain(value),
                    "published": _fixed(publish(value, spec.decimals, spec.rounding)),
                    "rank": smart_ranks[code][item.region],
                }
                for code, value in s["smart"].items()
            },
            "index": plain(s["index"]),
            "index_published": _fixed(published),
            "previous": _s(s["previous"]),
            "improvement": _s(improvement),
            "improvement_published": None
            if improvement is None
            else _fixed(publish(improvement, spec.decimals, spec.rounding)),
            "predicate": predicate(spec, published),
            "ranks": {
                "national": national[item.region],
                "province": province[item.region],
                **{kind: peer[kind][item.region] for kind in PEER_KINDS},
            },
        }
    return {"engine": ENGINE_VERSION, "count": len(regions), "regions": regions}


def spec_to_json(spec: MethodSpec) -> dict[str, Any]:
    """The spec as JSON-ready data (stored in a snapshot's inputs)."""
    return {
        "levels": [str(v) for v in spec.levels],
        "scale_min": str(spec.scale_min),
        "scale_max": str(spec.scale_max),
        "combine": spec.combine,
        "decimals": spec.decimals,
        "rounding": spec.rounding,
        "disagreement": str(spec.disagreement),
        "groups": {g: {d: str(w) for d, w in ws.items()} for g, ws in sorted(spec.groups.items())},
        "questions": {
            k: {"dimension": q.dimension, "answer": q.answer, "smart": q.smart}
            for k, q in sorted(spec.questions.items())
        },
        "bands": [{"min": str(b.minimum), "label": b.label} for b in spec.bands],
    }


def spec_from_json(data: Mapping[str, Any]) -> MethodSpec:
    return MethodSpec(
        levels=tuple(Decimal(v) for v in data["levels"]),
        scale_min=Decimal(data["scale_min"]),
        scale_max=Decimal(data["scale_max"]),
        combine=data["combine"],
        decimals=int(data["decimals"]),
        rounding=data["rounding"],
        disagreement=Decimal(data["disagreement"]),
        groups={g: {d: Decimal(w) for d, w in ws.items()} for g, ws in data["groups"].items()},
        questions={
            k: QuestionSpec(key=k, dimension=q["dimension"], answer=q["answer"], smart=q["smart"])
            for k, q in data["questions"].items()
        },
        bands=tuple(Band(minimum=Decimal(b["min"]), label=b["label"]) for b in data["bands"]),
    )


def inputs_to_json(inputs: Sequence[RegionInput]) -> list[dict[str, Any]]:
    """Region inputs as JSON-ready data, sorted by region (stored in a snapshot's inputs).

    A region's assessors are listed once; each question holds their levels in that order
    (``null`` where an assessor gave none).
    """
    out = []
    for i in sorted(inputs, key=lambda i: i.region):
        assessors = sorted({a for by in i.scores.values() for a in by})
        out.append(
            {
                "region": i.region,
                "group": i.group,
                "province": i.province,
                "peers": dict(sorted(i.peers.items())),
                "assessors": assessors,
                "scores": {
                    k: [None if by.get(a) is None else str(by[a]) for a in assessors]
                    for k, by in sorted(i.scores.items())
                },
                "dimensions": {d: str(v) for d, v in sorted(i.dimensions.items())},
                "previous": _s(i.previous),
                "overrides": {k: str(v) for k, v in sorted(i.overrides.items())},
            }
        )
    return out


def inputs_from_json(data: Sequence[Mapping[str, Any]]) -> list[RegionInput]:
    return [
        RegionInput(
            region=d["region"],
            group=d["group"],
            province=d["province"],
            peers=dict(d["peers"]),
            scores={
                k: {a: Decimal(v) for a, v in zip(d["assessors"], levels, strict=True) if v is not None}
                for k, levels in d["scores"].items()
            },
            dimensions={k: Decimal(v) for k, v in d["dimensions"].items()},
            previous=None if d["previous"] is None else Decimal(d["previous"]),
            overrides={k: Decimal(v) for k, v in d.get("overrides", {}).items()},
        )
        for d in data
    ]
