"""Calibration of assessors: how each assessor's levels compare with the others', and the
levels put on one footing (z-score normalisation). Pure Python, decimal arithmetic, no Django.

An assessor who is strict everywhere (or generous everywhere) moves every region they score. For
each assessor, over all the questions they scored in the round: the mean and the standard
deviation (population) of their levels. Their level ``x`` becomes the z-score
``z = (x − mean) / sd`` and is put back on the scale around common anchors:
``anchor_mean + z × anchor_sd``, kept within the scale. Only an assessor who scored at least
``MIN_REGIONS`` regions is calibrated (fewer say too little about their habits); an assessor
with no spread at all (every level the same) cannot be normalised either: both stay raw, and
the result says so.

The anchors are given by the caller, or taken from the calibrated assessors themselves: the
mean of all their levels and the mean of their standard deviations. A calibrated value depends
on the assessor's own levels only through their z-scores, so moving all of one assessor's levels
by a constant leaves it unchanged for fixed anchors.

The calibrated index is shown beside the official one; it never replaces it unless the method
says so.
"""

from __future__ import annotations

import decimal
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from . import scoring

MIN_REGIONS = 10
PRECISION = 40

CALIBRATED = "calibrated"
FEW_REGIONS = "few_regions"  # fewer than MIN_REGIONS regions: left raw
NO_SPREAD = "no_spread"  # every level the same: left raw


@dataclass(frozen=True)
class Mark:
    """One assessor's level for one question of one region."""

    assessor: str
    region: Hashable
    question: str
    level: Decimal


@dataclass(frozen=True)
class AssessorStats:
    assessor: str
    regions: int
    count: int
    mean: Decimal
    sd: Decimal
    status: str  # CALIBRATED, FEW_REGIONS or NO_SPREAD

    @property
    def calibrated(self) -> bool:
        return self.status == CALIBRATED


@dataclass(frozen=True)
class Calibration:
    levels: list[Decimal]  # the marks' calibrated levels, in the order given
    assessors: dict[str, AssessorStats] = field(default_factory=dict)
    anchor_mean: Decimal | None = None
    anchor_sd: Decimal | None = None

    @property
    def applied(self) -> int:
        return sum(1 for s in self.assessors.values() if s.calibrated)


def _context() -> decimal.Context:
    return decimal.Context(prec=PRECISION, rounding=decimal.ROUND_HALF_EVEN)


def mean_sd(values: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
    """The mean and the population standard deviation of ``values`` (at least one)."""
    if not values:
        raise ValueError("no values")
    with decimal.localcontext(_context()) as ctx:
        n = Decimal(len(values))
        mean = sum(values, Decimal(0)) / n
        variance = sum(((v - mean) * (v - mean) for v in values), Decimal(0)) / n
        return mean, variance.sqrt(ctx)


def assessor_stats(marks: Sequence[Mark], *, min_regions: int = MIN_REGIONS) -> dict[str, AssessorStats]:
    """Each assessor's regions, number of levels, mean, standard deviation and whether they are
    calibrated."""
    levels: dict[str, list[Decimal]] = {}
    regions: dict[str, set[Hashable]] = {}
    for m in marks:
        levels.setdefault(m.assessor, []).append(m.level)
        regions.setdefault(m.assessor, set()).add(m.region)
    out = {}
    for assessor in sorted(levels):
        mean, sd = mean_sd(levels[assessor])
        count = len(regions[assessor])
        if count < min_regions:
            status = FEW_REGIONS
        elif sd == 0:
            status = NO_SPREAD
        else:
            status = CALIBRATED
        out[assessor] = AssessorStats(
            assessor=assessor, regions=count, count=len(levels[assessor]), mean=mean, sd=sd, status=status
        )
    return out


def calibrate(
    marks: Sequence[Mark],
    *,
    scale_min: Decimal,
    scale_max: Decimal,
    min_regions: int = MIN_REGIONS,
    anchor_mean: Decimal | None = None,
    anchor_sd: Decimal | None = None,
) -> Calibration:
    """The marks' calibrated levels (raw for an assessor left raw), in the order of ``marks``."""
    stats = assessor_stats(marks, min_regions=min_regions)
    calibrated = [s for s in stats.values() if s.calibrated]
    if not calibrated:
        return Calibration(levels=[m.level for m in marks], assessors=stats)
    with decimal.localcontext(_context()):
        if anchor_mean is None:
            pooled = [m.level for m in marks if stats[m.assessor].calibrated]
            anchor_mean = sum(pooled, Decimal(0)) / Decimal(len(pooled))
        if anchor_sd is None:
            anchor_sd = sum((s.sd for s in calibrated), Decimal(0)) / Decimal(len(calibrated))
        out = []
        for m in marks:
            s = stats[m.assessor]
            if not s.calibrated:
                out.append(m.level)
                continue
            value = anchor_mean + (m.level - s.mean) / s.sd * anchor_sd
            out.append(min(max(value, scale_min), scale_max))
    return Calibration(levels=out, assessors=stats, anchor_mean=anchor_mean, anchor_sd=anchor_sd)


def calibrate_round(
    spec: scoring.MethodSpec, inputs: Sequence[scoring.RegionInput], *, min_regions: int = MIN_REGIONS
) -> tuple[scoring.MethodSpec, list[scoring.RegionInput], Calibration]:
    """A round's engine inputs with every assessor's levels calibrated over the whole round.

    The spec returned reads every question's levels as values within the scale (a calibrated
    level is no whole level); the panel's overrides are kept as they are.
    """
    places = [
        (n, key, assessor, level)
        for n, item in enumerate(inputs)
        for key, by_assessor in item.scores.items()
        for assessor, level in by_assessor.items()
    ]
    marks = [Mark(assessor=a, region=item_n, question=k, level=v) for item_n, k, a, v in places]
    result = calibrate(marks, scale_min=spec.scale_min, scale_max=spec.scale_max, min_regions=min_regions)
    scores: list[dict[str, dict[str, Decimal]]] = [{} for _ in inputs]
    for (n, key, assessor, _level), value in zip(places, result.levels, strict=True):
        scores[n].setdefault(key, {})[assessor] = value
    any_value = replace(
        spec, questions={k: replace(q, answer=scoring.SURVEY) for k, q in spec.questions.items()}
    )
    calibrated = [replace(item, scores=scores[n]) for n, item in enumerate(inputs)]
    return any_value, calibrated, result
