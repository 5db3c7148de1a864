"""Conflicts of interest between assessors and regions: the one detection rule, no Django.

An assessor conflicts with a region when

- the region is the assessor's home region (``home_region``),
- the region lies in the assessor's home province (``home_province``),
- an institution that partners the region is the assessor's own institution, compared without
  regard to case or spacing (``institution``: "Universitas  Mataram" is "universitas mataram"),
- or a conflict was declared for the pair, by the assessor or the ministry (``declared``).

The kinds are the values of ``choices.ConflictKind``. Declared conflicts are stored rows;
the others are computed here every time, so editing an assessor's province or a region's
partners changes the answer at once. ``selectors.round_conflicts`` reads what this needs for a
whole round in a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

HOME_REGION = "home_region"
HOME_PROVINCE = "home_province"
INSTITUTION = "institution"
DECLARED = "declared"
# The order in which a pair's kinds are reported.
KINDS: tuple[str, ...] = (HOME_REGION, HOME_PROVINCE, INSTITUTION, DECLARED)


def institution_key(name: str) -> str:
    """``name`` compared as people mean it: case and runs of spaces ignored."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class AssessorFacts:
    """What decides an assessor's conflicts: codes of their home province and region (``""``
    when unknown), their institution, and the regions declared in conflict."""

    code: str
    institution: str = ""
    home_province: str = ""
    home_region: str = ""
    declared: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class RegionFacts:
    """A region (Kemendagri code), its province's code and its partner institutions."""

    code: str
    province: str = ""
    partners: frozenset[str] = field(default_factory=frozenset)


def conflict_kinds(assessor: AssessorFacts, region: RegionFacts) -> tuple[str, ...]:
    """Why ``assessor`` may not assess ``region``: the kinds in ``KINDS`` order, empty when free."""
    found: set[str] = set()
    if assessor.home_region and region.code == assessor.home_region:
        found.add(HOME_REGION)
    if assessor.home_province and region.province == assessor.home_province:
        found.add(HOME_PROVINCE)
    key = institution_key(assessor.institution)
    if key and any(institution_key(p) == key for p in region.partners):
        found.add(INSTITUTION)
    if region.code in assessor.declared:
        found.add(DECLARED)
    return tuple(k for k in KINDS if k in found)


def conflict_map(
    assessors: Iterable[AssessorFacts], regions: Iterable[RegionFacts]
) -> dict[str, dict[str, tuple[str, ...]]]:
    """Every conflicting pair: assessor code → region code → kinds (pairs without one are absent).

    Regions are indexed by province and by partner, so the work grows with the number of
    conflicts found, not with assessors × regions.
    """
    by_code: dict[str, RegionFacts] = {}
    by_province: dict[str, list[str]] = defaultdict(list)
    by_partner: dict[str, list[str]] = defaultdict(list)
    for region in regions:
        by_code[region.code] = region
        if region.province:
            by_province[region.province].append(region.code)
        for key in {institution_key(p) for p in region.partners} - {""}:
            by_partner[key].append(region.code)
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for assessor in assessors:
        candidates: set[str] = set(assessor.declared)
        if assessor.home_region:
            candidates.add(assessor.home_region)
        if assessor.home_province:
            candidates.update(by_province.get(assessor.home_province, ()))
        key = institution_key(assessor.institution)
        if key:
            candidates.update(by_partner.get(key, ()))
        pairs = {}
        for code in sorted(candidates & by_code.keys()):
            kinds = conflict_kinds(assessor, by_code[code])
            if kinds:
                pairs[code] = kinds
        if pairs:
            out[assessor.code] = pairs
    return out
