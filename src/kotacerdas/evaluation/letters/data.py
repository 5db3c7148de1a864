"""Reads of the result letters: a round's shared facts once, then each region's figures.

Figures come from the round's current computation: its ``RegionResult`` rows (the snapshot's
published figures) and the snapshot's number, digest and time; never the snapshot's JSON, so
a letter costs the same in a round of 5 regions or 514. The caller has checked who may read.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kotacerdas.programme.models import Dimension

from ..models import Finding, GroupWeight, IndexSnapshot, MethodDimension, RegionResult, Round
from .context import LetterFacts, RoundFacts, SnapshotFacts

BATCH = 50


def published_findings(findings: QuerySet[Finding]) -> QuerySet[Finding]:
    """The findings that count: the panel's, and those of assessors who submitted their review
    (as only submitted scores count in the index)."""
    return findings.filter(Q(assignment__isnull=True) | Q(assignment__submitted_at__isnull=False))


def round_facts(round_: Round) -> RoundFacts:
    """What every letter of ``round_`` shares (a fixed number of queries); the round has a
    current computation (``round_.snapshot_id``)."""
    if round_.snapshot_id is None:
        raise ValueError(f"round {round_.code} has no computation")
    snapshot = (
        IndexSnapshot.objects.filter(pk=round_.snapshot_id)
        .values("number", "digest", "created_at", "engine", "method__code", "method__version")
        .get()
    )
    method_id = round_.method_id
    weights: dict[str, dict[str, Decimal]] = {}
    for group, dimension, weight in (
        GroupWeight.objects.filter(group__method_id=method_id)
        .order_by("group__position", "dimension__position")
        .values_list("group__code", "dimension__code", "weight")
    ):
        weights.setdefault(group, {})[dimension] = weight
    results = RegionResult.objects.filter(snapshot_id=round_.snapshot_id)
    province_totals = {
        row["region__province_id"]: row["n"]
        for row in results.values("region__province_id").annotate(n=Count("id")).order_by()
    }
    return RoundFacts(
        code=round_.code,
        name=round_.name,
        year=round_.year,
        stage=round_.stage,
        published=round_.is_published,
        published_on=timezone.localtime(round_.published_at).date() if round_.published_at else None,
        decimals=_decimals(round_),
        snapshot=SnapshotFacts(
            number=snapshot["number"],
            digest=snapshot["digest"],
            computed_at=timezone.localtime(snapshot["created_at"]),
            engine=snapshot["engine"],
            method=f"{snapshot['method__code']} v{snapshot['method__version']}",
        ),
        weights=weights,
        dimension_names=dict(
            MethodDimension.objects.filter(method_id=method_id)
            .order_by("position", "code")
            .values_list("code", "name")
        ),
        smart_names=dict(Dimension.objects.order_by("position", "code").values_list("code", "name")),
        national_total=sum(province_totals.values()),
        province_totals={k or 0: v for k, v in province_totals.items()},
    )


def _decimals(round_: Round) -> int:
    method = getattr(round_, "method", None)
    if method is not None:
        return int(method.decimals)
    return int(Round.objects.filter(pk=round_.pk).values_list("method__decimals", flat=True).get())


def _results(round_: Round) -> QuerySet[RegionResult]:
    return (
        RegionResult.objects.filter(snapshot_id=round_.snapshot_id)
        .select_related("region", "region__province")
        .only(
            "region_id",
            "group",
            "index",
            "improvement",
            "predicate",
            "rank_national",
            "rank_province",
            "dimensions",
            "smart",
            "region__code",
            "region__name",
            "region__level",
            "region__capital",
            "region__province_id",
            "region__province__name",
        )
    )


def _findings(round_: Round, region_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    rows = (
        published_findings(Finding.objects.filter(entry__round=round_, entry__region_id__in=region_ids))
        .order_by("entry__region_id", "position", "id")
        .values_list("entry__region_id", "kind", "text")
    )
    for region_id, kind, text in rows:
        out.setdefault(region_id, []).append((kind, text))
    return out


def _facts(result: RegionResult, findings: list[tuple[str, str]]) -> LetterFacts:
    region = result.region
    province = region.province
    return LetterFacts(
        region_code=region.code,
        region_name=region.name,
        region_level=region.level,
        region_capital=region.capital,
        province_id=region.province_id,
        province_name=province.name if province is not None else "",
        group=result.group,
        index=result.index,
        improvement=result.improvement,
        predicate=result.predicate,
        rank_national=result.rank_national,
        rank_province=result.rank_province,
        dimensions=dict(result.dimensions),
        smart=dict(result.smart),
        findings=findings,
    )


def letter_facts(round_: Round, region_id: int) -> LetterFacts | None:
    """One region's figures and findings in ``round_``'s current computation (``None``: none)."""
    result = _results(round_).filter(region_id=region_id).first()
    if result is None:
        return None
    return _facts(result, _findings(round_, [region_id]).get(region_id, []))


def letter_count(round_: Round) -> int:
    return RegionResult.objects.filter(snapshot_id=round_.snapshot_id).count()


def letter_facts_batches(round_: Round, *, batch: int = BATCH) -> Iterator[LetterFacts]:
    """Every region's facts in region-code order, read ``batch`` regions at a time (keyset on
    the code), so what is held at once does not grow with the round."""
    last = ""
    while True:
        rows = list(_results(round_).filter(region__code__gt=last).order_by("region__code")[:batch])
        if not rows:
            return
        findings = _findings(round_, [r.region_id for r in rows])
        for row in rows:
            yield _facts(row, findings.get(row.region_id, []))
        last = rows[-1].region.code
        del rows, findings  # before the next batch is read: never two batches held at once
