"""Reads of the evaluation app: method specs for the engine, a round's inputs, its results."""

from __future__ import annotations

from decimal import Decimal

from kotacerdas.programme.models import Participation

from . import scoring
from .models import (
    DimensionInput,
    GroupWeight,
    IndexSnapshot,
    MethodVersion,
    PanelDecision,
    Question,
    Round,
    RoundRegion,
    Score,
)


def method_spec(method: MethodVersion) -> scoring.MethodSpec:
    """What the index engine needs of ``method`` (two queries)."""
    groups: dict[str, dict[str, Decimal]] = {}
    weights = GroupWeight.objects.filter(group__method=method).select_related("group", "dimension")
    for w in weights.order_by("group__position", "dimension__position"):
        groups.setdefault(w.group.code, {})[w.dimension.code] = w.weight
    questions = {
        key: scoring.QuestionSpec(key=key, dimension=dim, answer=answer, smart=smart or "")
        for key, dim, answer, smart in Question.objects.filter(method=method)
        .order_by("position")
        .values_list("key", "dimension__code", "answer", "smart_dimension__code")
    }
    bands = tuple(
        scoring.Band(minimum=Decimal(str(b["min"])), label=str(b["label"]))
        for b in sorted(method.bands, key=lambda b: Decimal(str(b["min"])), reverse=True)
    )
    return scoring.MethodSpec(
        levels=tuple(Decimal(str(v)) for v in method.levels),
        scale_min=method.scale_min,
        scale_max=method.scale_max,
        combine=method.combine,
        decimals=method.decimals,
        rounding=method.rounding,
        groups=groups,
        questions=questions,
        bands=bands,
        disagreement=method.disagreement_levels,
    )


def previous_indices(round_: Round) -> dict[str, Decimal]:
    """Each region's unrounded index in the round's previous round (its current computation)."""
    if round_.previous_id is None:
        return {}
    previous = Round.objects.filter(pk=round_.previous_id).values_list("snapshot_id", flat=True).first()
    if previous is None:
        return {}
    snapshot = IndexSnapshot.objects.only("result_json").get(pk=previous)
    return {code: Decimal(r["index"]) for code, r in snapshot.result["regions"].items()}


def round_inputs(round_: Round) -> list[scoring.RegionInput]:
    """The engine's inputs for every region of ``round_`` (a fixed number of queries).

    A round's inputs are its assessors' submitted scores; a historical round's, its printed
    dimension scores. Peer groups: kota or
    kabupaten, the cohort's year, the kawasan's code.
    """
    entries = list(
        RoundRegion.objects.filter(round=round_)
        .select_related("region", "group")
        .only("id", "region__code", "region__level", "region__province_id", "group__code")
    )
    province_codes = dict(
        RoundRegion.objects.filter(round=round_).values_list("region_id", "region__province__code")
    )
    peers: dict[int, dict[str, str]] = {}
    for region_id, cohort, kawasan in Participation.objects.filter(
        region_id__in=[e.region_id for e in entries]
    ).values_list("region_id", "cohort__year", "kawasan__code"):
        peers[region_id] = {"cohort": str(cohort or ""), "kawasan": str(kawasan or "")}
    dimensions: dict[int, dict[str, Decimal]] = {}
    for entry_id, code, score in DimensionInput.objects.filter(entry__round=round_).values_list(
        "entry_id", "dimension__code", "score"
    ):
        dimensions.setdefault(entry_id, {})[code] = score
    scores = round_scores(round_)
    overrides: dict[int, dict[str, Decimal]] = {}
    for entry_id, key, panel_score in PanelDecision.objects.filter(
        entry__round=round_, score__isnull=False
    ).values_list("entry_id", "question__key", "score"):
        if panel_score is not None:
            overrides.setdefault(entry_id, {})[key] = panel_score
    previous = previous_indices(round_)
    out = []
    for e in entries:
        peer = {"level": e.region.level, **peers.get(e.region_id, {})}
        out.append(
            scoring.RegionInput(
                region=e.region.code,
                group=e.group.code,
                province=province_codes.get(e.region_id) or "",
                peers={k: v for k, v in peer.items() if v},
                scores=scores.get(e.id, {}),
                dimensions=dimensions.get(e.id, {}),
                previous=previous.get(e.region.code),
                overrides=overrides.get(e.id, {}),
            )
        )
    return out


def round_scores(round_: Round) -> dict[int, dict[str, dict[str, Decimal]]]:
    """Submitted scores of ``round_``: entry id → question key → assessor code → level (one query)."""
    out: dict[int, dict[str, dict[str, Decimal]]] = {}
    rows = Score.objects.filter(
        assignment__entry__round=round_, assignment__submitted_at__isnull=False
    ).values_list("assignment__entry_id", "question__key", "assignment__assessor__code", "level")
    for entry_id, key, assessor, level in rows.iterator(chunk_size=5000):
        out.setdefault(entry_id, {}).setdefault(key, {})[assessor] = level
    return out
