"""Reads of the evaluation pages and API: rounds, methods, a round's ranking and a region's report
card. Everything comes from stored rows: ``RegionResult`` (a snapshot's published figures, for
lists and rankings) and, for one region, its part of the current ``IndexSnapshot`` (every stage,
read from the database by JSON path, never the whole snapshot).

Visibility: a published round is public (anonymous readers included); an unpublished one only for
``evaluation.manage``; methods are public. ``round_get_for_user`` answers 404 for missing and
hidden alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    F,
    IntegerField,
    JSONField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import OrderBy
from django.db.models.fields.json import KT, KeyTransform
from django.db.models.functions import Cast
from django.http import Http404

from kotacerdas.core.permissions import can
from kotacerdas.programme.models import Cohort, Dimension, Kawasan
from kotacerdas.regions.choices import RegionLevel
from kotacerdas.regions.models import Region

from .choices import Phase
from .models import (
    GroupWeight,
    IndexSnapshot,
    Indicator,
    MethodDimension,
    MethodGroup,
    MethodVersion,
    Question,
    RegionResult,
    Round,
    RoundRegion,
    SubIndicator,
)

PAGE_SIZE = 50

# The ranking a table shows: the nation, the province, a peer group, or one smart dimension
# (then the rank and the score are that dimension's). Peer groups are the engine's PEER_KINDS.
NATIONAL = "national"
PROVINCE = "province"
PEER_RANKINGS = ("level", "cohort", "kawasan")
RANKINGS = (NATIONAL, PROVINCE, *PEER_RANKINGS)

# Sort keys (a leading "-" sorts descending; rows without a figure come last).
SORTS = ("rank", "code", "name", "province", "index", "improvement")

# The page's query speaks Indonesian: ?peringkat= and ?urut= values and what they stand for
# (a smart dimension is chosen by its code, e.g. ?peringkat=GOV).
PAGE_RANKINGS = {
    "nasional": NATIONAL,
    "provinsi": PROVINCE,
    "jenis": "level",
    "angkatan": "cohort",
    "kawasan": "kawasan",
}
PAGE_SORTS = {
    "peringkat": "rank",
    "kode": "code",
    "wilayah": "name",
    "provinsi": "province",
    "indeks": "index",
    "peningkatan": "improvement",
}


def may_manage(actor: Any) -> bool:
    return can(actor, "evaluation.manage")


# ---------------------------------------------------------------- rounds


def rounds_visible(actor: Any) -> QuerySet[Round]:
    """The rounds ``actor`` may read: published ones, every round with ``evaluation.manage``."""
    rounds = Round.objects.select_related("method")
    if not may_manage(actor):
        rounds = rounds.filter(phase=Phase.PUBLISHED)
    return rounds


def round_list(actor: Any) -> QuerySet[Round]:
    """Visible rounds, newest first, each with its number of regions."""
    return rounds_visible(actor).annotate(region_count=Count("regions")).order_by("-year", "-stage", "code")


def round_get_for_user(*, actor: Any, code: str) -> Round:
    """A visible round by code, with its method, previous round and current snapshot's header
    (not its inputs and result); 404 for a missing or unpublished one alike."""
    round_ = (
        rounds_visible(actor)
        .select_related("previous", "snapshot", "snapshot__computed_by")
        .defer("snapshot__inputs_json", "snapshot__result_json")
        .filter(code=code)
        .first()
    )
    if round_ is None:
        raise Http404("round")
    return round_


# ---------------------------------------------------------------- methods


def method_list() -> QuerySet[MethodVersion]:
    """Every method version (public), with its numbers of questions, groups and rounds."""
    questions = Question.objects.filter(method=OuterRef("pk")).values("method").annotate(n=Count("pk"))
    rounds = Round.objects.filter(method=OuterRef("pk")).values("method").annotate(n=Count("pk"))
    groups = MethodGroup.objects.filter(method=OuterRef("pk")).values("method").annotate(n=Count("pk"))
    return MethodVersion.objects.annotate(
        question_count=Subquery(questions.values("n"), output_field=IntegerField()),
        round_count=Subquery(rounds.values("n"), output_field=IntegerField()),
        group_count=Subquery(groups.values("n"), output_field=IntegerField()),
    ).order_by("code", "-version")


def method_get(*, code: str, version: int) -> MethodVersion:
    method = MethodVersion.objects.filter(code=code, version=version).first()
    if method is None:
        raise Http404("method")
    return method


@dataclass
class SubIndicatorNode:
    sub: SubIndicator
    questions: list[Question] = field(default_factory=list)


@dataclass
class IndicatorNode:
    indicator: Indicator
    subindicators: list[SubIndicatorNode] = field(default_factory=list)


@dataclass
class DimensionNode:
    dimension: MethodDimension
    indicators: list[IndicatorNode] = field(default_factory=list)
    question_count: int = 0


@dataclass
class WeightRow:
    dimension: MethodDimension
    weights: list[Decimal | None]  # one per group, None: not in that group


@dataclass
class MethodTree:
    method: MethodVersion
    dimensions: list[DimensionNode]
    groups: list[MethodGroup]
    weights: list[WeightRow]
    totals: list[Decimal]  # each group's sum (100)
    question_count: int


def method_tree(method: MethodVersion) -> MethodTree:
    """The whole method: groups and weights (dimensions × groups) and the questionnaire tree
    dimension → indicator → sub-indicator → question, in six queries whatever its size."""
    dimensions = list(MethodDimension.objects.filter(method=method).order_by("position", "code"))
    groups = list(MethodGroup.objects.filter(method=method).order_by("position", "code"))
    weights = {
        (w.group_id, w.dimension_id): w.weight
        for w in GroupWeight.objects.filter(group__method=method).only("group_id", "dimension_id", "weight")
    }
    indicators = list(
        Indicator.objects.filter(dimension__method=method).order_by("dimension_id", "position", "pk")
    )
    subs = list(
        SubIndicator.objects.filter(indicator__dimension__method=method).order_by(
            "indicator_id", "position", "pk"
        )
    )
    questions = list(
        Question.objects.filter(method=method).select_related("smart_dimension").order_by("position", "pk")
    )
    dim_nodes = {d.pk: DimensionNode(d) for d in dimensions}
    ind_nodes = {i.pk: IndicatorNode(i) for i in indicators}
    sub_nodes = {s.pk: SubIndicatorNode(s) for s in subs}
    for i in indicators:
        dim_nodes[i.dimension_id].indicators.append(ind_nodes[i.pk])
    for s in subs:
        ind_nodes[s.indicator_id].subindicators.append(sub_nodes[s.pk])
    for q in questions:
        sub_nodes[q.subindicator_id].questions.append(q)
        dim_nodes[q.dimension_id].question_count += 1
    rows = [WeightRow(d, [weights.get((g.pk, d.pk)) for g in groups]) for d in dimensions]
    totals = [sum((weights.get((g.pk, d.pk)) or Decimal(0) for d in dimensions), Decimal(0)) for g in groups]
    return MethodTree(
        method=method,
        dimensions=list(dim_nodes.values()),
        groups=groups,
        weights=rows,
        totals=totals,
        question_count=len(questions),
    )


# ---------------------------------------------------------------- the ranking


@dataclass(frozen=True)
class RankingFilters:
    """What a ranking shows: filters, the ranking chosen (national, province, a peer group or a
    smart dimension's code) and the order."""

    province: str = ""
    kind: str = ""
    cohort: int | None = None
    kawasan: str = ""
    group: str = ""
    ranking: str = NATIONAL
    sort: str = "rank"

    @property
    def smart(self) -> str:
        """The smart dimension ranked, or ""."""
        return "" if self.ranking in RANKINGS else self.ranking

    @property
    def sort_key(self) -> str:
        return self.sort.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")

    def with_(self, **changes: Any) -> RankingFilters:
        return replace(self, **changes)

    @classmethod
    def from_query(cls, get: Any, smart_codes: Any = ()) -> RankingFilters:
        """The page's filters from its Indonesian query (``?provinsi=52&peringkat=provinsi``); a
        value that is not one of the choices is ignored."""
        cohort = str(get.get("angkatan", "")).strip()
        kind = str(get.get("jenis", "")).strip()
        ranking = str(get.get("peringkat", "")).strip()
        ranking = PAGE_RANKINGS.get(ranking, ranking.upper() if ranking.upper() in smart_codes else NATIONAL)
        sort = str(get.get("urut", "")).strip()
        descending = sort.startswith("-")
        sort_key = PAGE_SORTS.get(sort.lstrip("-"), "")
        return cls(
            province=str(get.get("provinsi", "")).strip()[:2],
            kind=kind if kind in (RegionLevel.KABUPATEN, RegionLevel.KOTA) else "",
            cohort=int(cohort) if cohort.isdigit() and len(cohort) == 4 else None,
            kawasan=str(get.get("kawasan", "")).strip()[:40],
            group=str(get.get("kelompok", "")).strip()[:30],
            ranking=ranking,
            sort=(("-" if descending else "") + sort_key) if sort_key else "rank",
        )


def _int_json(path: str) -> Cast:
    return Cast(KT(path), IntegerField())


def _rank_expression(ranking: str) -> Any:
    if ranking == NATIONAL:
        return F("rank_national")
    if ranking == PROVINCE:
        return F("rank_province")
    if ranking in PEER_RANKINGS:
        return _int_json(f"ranks__{ranking}")
    return _int_json(f"smart__{ranking}__rank")


# The partition a "within ..." ranking is read in: rows of one province (kind, cohort, kawasan)
# come together, each ranked among its own.
_PARTITION = {
    PROVINCE: "region__province__code",
    "level": "region__level",
    "cohort": "region__participation__cohort__year",
    "kawasan": "region__participation__kawasan__name",
}

_SORT_FIELDS = {
    "code": "region__code",
    "name": "region__name",
    "province": "region__province__name",
    "index": "index",
    "improvement": "improvement",
}


PARTITIONED = frozenset(_PARTITION)


def _order(name: str, descending: bool) -> OrderBy:
    return F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)


def ranking_rows(*, round_: Round, filters: RankingFilters) -> QuerySet[RegionResult]:
    """The round's current published figures, one row per region, filtered, each with ``rank`` (the
    ranking chosen; rows outside a peer group or without the smart dimension are left out), its
    cohort and kawasan, sorted. Empty when the round has no computation yet."""
    if round_.snapshot_id is None:
        return RegionResult.objects.none()
    rows = (
        RegionResult.objects.filter(snapshot_id=round_.snapshot_id)
        .select_related("region", "region__province")
        .annotate(
            rank=_rank_expression(filters.ranking),
            cohort_year=F("region__participation__cohort__year"),
            kawasan_name=F("region__participation__kawasan__name"),
            kawasan_code=F("region__participation__kawasan__code"),
        )
    )
    if filters.province:
        rows = rows.filter(region__province__code=filters.province)
    if filters.kind:
        rows = rows.filter(region__level=filters.kind)
    if filters.cohort:
        rows = rows.filter(region__participation__cohort__year=filters.cohort)
    if filters.kawasan:
        rows = rows.filter(region__participation__kawasan__code=filters.kawasan)
    if filters.group:
        rows = rows.filter(group=filters.group)
    if filters.ranking in PEER_RANKINGS:
        rows = rows.exclude(**{f"ranks__{filters.ranking}": None})  # outside any such group
    elif filters.smart:
        rows = rows.filter(smart__has_key=filters.smart)
    key, descending = filters.sort_key, filters.descending
    if key == "rank":
        partition = _PARTITION.get(filters.ranking)
        order = [_order(partition, False)] if partition else []
        order += [_order("rank", descending), F("region__code").asc()]
    else:
        order = [
            _order(_SORT_FIELDS[key], descending),
            F("rank").asc(nulls_last=True),
            F("region__code").asc(),
        ]
    return rows.order_by(*order)


def ranking_options(round_: Round) -> dict[str, Any]:
    """The choices of the ranking's filters: the round's provinces, cohorts, kinds, kawasan, the
    method's groups and the smart dimensions (five queries)."""
    provinces = Region.objects.provinces()
    if round_.snapshot_id is not None:
        provinces = provinces.filter(
            pk__in=RegionResult.objects.filter(snapshot_id=round_.snapshot_id).values("region__province_id")
        )
    else:
        provinces = provinces.none()
    return {
        "provinces": list(provinces.order_by("code").values("code", "name")),
        "cohorts": list(Cohort.objects.order_by("-year").values_list("year", flat=True)),
        "kinds": [
            (RegionLevel.KABUPATEN.value, RegionLevel.KABUPATEN.label),
            (RegionLevel.KOTA.value, RegionLevel.KOTA.label),
        ],
        "kawasan": list(Kawasan.objects.order_by("name").values("code", "name")),
        "groups": list(MethodGroup.objects.filter(method_id=round_.method_id).order_by("position", "code")),
        "smart": smart_dimensions(),
    }


def smart_dimensions() -> list[Dimension]:
    """The six smart dimensions, in order (one query)."""
    return list(Dimension.objects.order_by("position", "code"))


def method_dimensions(method_id: int) -> list[MethodDimension]:
    return list(MethodDimension.objects.filter(method_id=method_id).order_by("position", "code"))


# ---------------------------------------------------------------- a region's report card


@dataclass
class Standing:
    """A rank and how many were ranked with it ("13 dari 191")."""

    rank: int | None
    of: int


@dataclass
class SnapshotRegion:
    """One region's part of a snapshot: what the engine computed (``part``: questions' scores,
    dimensions with weights and contributions, smart dimensions, the unrounded index, the
    improvement, ranks) and what it was given (``inputs``: the assessors, each question's levels
    in their order, the panel's scores, or the printed dimension scores of a historical round)."""

    part: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, Any] = field(default_factory=dict)
    decimals: int = 2


@dataclass
class ReportCard:
    entry: RoundRegion
    result: RegionResult | None
    snapshot: SnapshotRegion
    standings: dict[str, Standing]
    smart_counts: dict[str, int]
    history: list[RegionResult]

    @property
    def part(self) -> dict[str, Any]:
        return self.snapshot.part

    @property
    def decimals(self) -> int:
        return self.snapshot.decimals


def round_entry_get(*, round_: Round, code: str) -> RoundRegion:
    """A region of the round by Kemendagri code, with its group and participation; 404 if it is
    not in the round."""
    entry = (
        RoundRegion.objects.filter(round=round_, region__code=code)
        .select_related(
            "region",
            "region__province",
            "group",
            "region__participation__cohort",
            "region__participation__kawasan",
        )
        .first()
    )
    if entry is None:
        raise Http404("region")
    entry.round = round_  # the round already read: no second query for it
    return entry


def _json(field_name: str) -> Cast:
    """A snapshot's canonical JSON text read as JSON by the database (SQLite's JSON functions take
    the text as it is; PostgreSQL casts it to jsonb)."""
    return Cast(field_name, JSONField())


def snapshot_region(snapshot_id: int, code: str, position: int) -> SnapshotRegion:
    """One region's part of a snapshot's result and inputs, and the method's published decimals,
    read by JSON path in the database: the rest of the snapshot (every other region, every
    other assessor's score) never reaches Python. ``position`` is the region's place in the
    inputs, which list the regions by code (the number of the snapshot's regions before it)."""
    row = (
        IndexSnapshot.objects.filter(pk=snapshot_id)
        .annotate(
            part=KeyTransform(code, KeyTransform("regions", _json("result_json"))),
            entry=KeyTransform(str(position), KeyTransform("regions", _json("inputs_json"))),
            decimals=KeyTransform("decimals", KeyTransform("method", _json("inputs_json"))),
        )
        .values("part", "entry", "decimals")
        .first()
    )
    if row is None or not row["part"]:
        return SnapshotRegion()
    entry = row["entry"] if isinstance(row["entry"], dict) else {}
    if entry.get("region") != code:  # the regions' order differs: find it the long way (rare)
        snapshot = IndexSnapshot.objects.only("inputs_json").get(pk=snapshot_id)
        entry = next((e for e in snapshot.inputs["regions"] if e["region"] == code), {})
    return SnapshotRegion(part=dict(row["part"]), inputs=dict(entry), decimals=int(row["decimals"] or 2))


def _participation(region: Region) -> Any:
    try:
        return region.participation
    except Region.participation.RelatedObjectDoesNotExist:
        return None


@dataclass
class Standings:
    ranks: dict[str, Standing]  # national, province, level, cohort, kawasan: rank and out of
    smart: dict[str, int]  # smart dimension code → regions with its score
    position: int  # regions of the snapshot before this one by code (its place in the inputs)


def region_standings(*, region: Region, result: RegionResult) -> Standings:
    """Each of the region's ranks with how many regions it is out of (nationally, in its province,
    among its kind, cohort and kawasan), how many regions have each of its smart dimensions'
    scores, and its place in the snapshot's inputs: one query."""
    participation = _participation(region)
    smart_codes = sorted(result.smart)
    counts: dict[str, Any] = {
        "national": Count("pk"),
        "province": Count("pk", filter=Q(region__province_id=region.province_id)),
        "level": Count("pk", filter=Q(region__level=region.level)),
        "before": Count("pk", filter=Q(region__code__lt=region.code)),
    }
    if participation is not None:
        counts["cohort"] = Count("pk", filter=Q(region__participation__cohort_id=participation.cohort_id))
        if participation.kawasan_id:
            counts["kawasan"] = Count(
                "pk", filter=Q(region__participation__kawasan_id=participation.kawasan_id)
            )
    for n, code in enumerate(smart_codes):
        counts[f"smart{n}"] = Count("pk", filter=Q(smart__has_key=code))
    totals = RegionResult.objects.filter(snapshot_id=result.snapshot_id).aggregate(**counts)
    ranks = {
        "national": Standing(result.rank_national, totals["national"]),
        "province": Standing(result.rank_province, totals["province"]),
    }
    for kind in PEER_RANKINGS:
        if kind in totals and result.ranks.get(kind) is not None:
            ranks[kind] = Standing(result.ranks[kind], totals[kind])
    return Standings(
        ranks=ranks,
        smart={code: totals[f"smart{n}"] for n, code in enumerate(smart_codes)},
        position=totals["before"],
    )


def region_report_card(*, round_: Round, entry: RoundRegion) -> ReportCard:
    """A region's published figures in the round, its part of the snapshot, how many regions each
    rank is out of, and its history across rounds (a fixed number of queries)."""
    region = entry.region
    result = None
    if round_.snapshot_id is not None:
        result = RegionResult.objects.filter(snapshot_id=round_.snapshot_id, region=region).first()
    if result is None:
        return ReportCard(
            entry=entry,
            result=None,
            snapshot=SnapshotRegion(),
            standings={},
            smart_counts={},
            history=list(region_history(region=region, current=round_)),
        )
    standings = region_standings(region=region, result=result)
    return ReportCard(
        entry=entry,
        result=result,
        snapshot=snapshot_region(result.snapshot_id, region.code, standings.position),
        standings=standings.ranks,
        smart_counts=standings.smart,
        history=list(region_history(region=region, current=round_)),
    )


def region_history(*, region: Region, current: Round) -> QuerySet[RegionResult]:
    """The region's figures in every published round (and ``current``), each from its round's
    current computation, newest first, with the number of regions ranked: one query."""
    ranked = (
        RegionResult.objects.filter(snapshot_id=OuterRef("snapshot_id"))
        .order_by()
        .values("snapshot_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        RegionResult.objects.filter(region=region, snapshot_id=F("round__snapshot_id"))
        .filter(Q(round__phase=Phase.PUBLISHED) | Q(round=current))
        .select_related("round")
        .annotate(ranked=Subquery(ranked, output_field=IntegerField()))
        .order_by("-round__year", "-round__stage", "round__code")
    )


def question_texts(method_id: int, keys: list[str]) -> dict[str, dict[str, Any]]:
    """Number, text and dimension of the questions ``keys`` of a method (one query)."""
    if not keys:
        return {}
    return {
        q["key"]: dict(q)
        for q in Question.objects.filter(method_id=method_id, key__in=keys).values(
            "key", "number", "text", "dimension__code", "position"
        )
    }
