"""Reads of the assessment board: every region of a round on one page, for the ministry.

Per region: its group, the self-assessment's status, assessors declared and submitted, the
questions scored, the disagreement flags (and how many the panel has not decided yet), the panel
decisions, and a *provisional* index computed by the engine (``scoring.region_stages``) from the
submitted scores as they stand, with the panel's overrides. A region whose questions are not all
scored yet gets an index over the questions scored so far (marked partial); a region with a
dimension that has no score at all gets none.

Queries are fixed whatever the round's size: the regions with their counts aggregated by the
database (one query), the method (two), the submitted scores (one, ``selectors.round_scores``)
and the panel decisions (one); the engine then runs once over all of them. Filters and sorting
work on those rows in Python, so the options and totals always describe the whole round.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, cast

from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from . import calibration, scoring
from .models import Assignment, PanelDecision, Round, RoundRegion
from .selectors import method_spec, round_scores

NOT_STARTED = "not_started"
STATUSES = (NOT_STARTED, "draft", "submitted")
# Sort keys (a leading "-" sorts descending; rows without a figure come last).
SORTS = ("code", "name", "province", "status", "submitted", "scored", "flags", "index", "decisions")
# The page's query speaks Indonesian: ?urut= values and what they stand for.
PAGE_SORTS = {
    "kode": "code",
    "wilayah": "name",
    "provinsi": "province",
    "status": "status",
    "asesor": "submitted",
    "terisi": "scored",
    "beda": "flags",
    "indeks": "index",
    "panel": "decisions",
}


@dataclass(frozen=True)
class BoardFilters:
    province: str = ""  # a province's Kemendagri code
    status: str = ""  # one of STATUSES
    flagged: bool = False  # only regions with flags the panel has not decided
    sort: str = "code"

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> BoardFilters:
        """Filters from a page's query (?provinsi=&status=&beda=1&urut=) or the API's
        (?province=&status=&flagged=&sort=); unknown values are ignored."""
        province = str(query.get("provinsi") or query.get("province") or "").strip()
        status = str(query.get("status") or "").strip()
        flagged = str(query.get("beda") or query.get("flagged") or "").lower() in ("1", "true", "yes")
        raw = str(query.get("urut") or query.get("sort") or "code").strip()
        descending = raw.startswith("-")
        key = PAGE_SORTS.get(raw.lstrip("-"), raw.lstrip("-"))
        sort = f"-{key}" if descending and key in SORTS else key if key in SORTS else "code"
        return cls(
            province=province[:10],
            status=status if status in STATUSES else "",
            flagged=flagged,
            sort=sort,
        )


@dataclass
class BoardRow:
    entry_id: int
    code: str
    name: str
    province_code: str
    province_name: str
    group: str
    group_name: str
    status: str  # not_started, draft or submitted
    declared: int
    submitted: int
    scored: int  # questions with at least one submitted score
    questions: int  # questions of the region's group
    flags: int = 0  # questions on which the assessors disagree by the method's threshold or more
    undecided: int = 0  # flags without a panel decision
    decisions: int = 0
    index: Decimal | None = None  # provisional, settled (unrounded)
    published: Decimal | None = None  # provisional, rounded as the method publishes
    partial: bool = False  # over the questions scored so far
    calibrated: Decimal | None = None  # beside the official one, rounded like it
    flagged_keys: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.questions > 0 and self.scored >= self.questions


@dataclass
class Board:
    round: Round
    rows: list[BoardRow]  # filtered and sorted
    total: int  # regions in the round
    provinces: list[tuple[str, str]]  # (code, name) of the round's provinces
    decimals: int
    calibration: calibration.Calibration
    calibrated_official: bool


def _entries(round_: Round) -> list[dict[str, Any]]:
    """Every region of the round with its counts, aggregated by the database (one query)."""
    submitted = (
        Assignment.objects.filter(entry=OuterRef("pk"), submitted_at__isnull=False)
        .order_by()
        .values("entry")
        .annotate(n=Count("pk"))
        .values("n")
    )
    decisions = (
        PanelDecision.objects.filter(entry=OuterRef("pk"))
        .order_by()
        .values("entry")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        RoundRegion.objects.filter(round=round_)
        .annotate(
            declared=Count("assignments", distinct=True),
            submitted=Coalesce(Subquery(submitted), 0),
            decisions=Coalesce(Subquery(decisions), 0),
            status=F("self_assessment__status"),
        )
        .order_by("region__code")
        .values(
            "id",
            "region__code",
            "region__name",
            "region__province__code",
            "region__province__name",
            "group__code",
            "group__name",
            "declared",
            "submitted",
            "decisions",
            "status",
        )
    )
    return cast(list[dict[str, Any]], list(rows))


def _sort_key(name: str) -> Any:
    def key(row: BoardRow) -> Any:
        value = getattr(row, {"province": "province_name"}.get(name, name))
        return (value is None, value, row.code)

    return key


def _sorted(rows: list[BoardRow], sort: str) -> list[BoardRow]:
    name = sort.lstrip("-")
    descending = sort.startswith("-")
    present = [r for r in rows if getattr(r, name, None) is not None]
    missing = [r for r in rows if getattr(r, name, None) is None]
    present.sort(key=_sort_key(name), reverse=descending)
    return present + sorted(missing, key=lambda r: r.code)  # rows without a figure come last


def _provisional(
    spec: scoring.MethodSpec,
    region: str,
    group: str,
    scores: Mapping[str, Mapping[str, Decimal]],
    overrides: Mapping[str, Decimal],
    expected: int,
) -> Decimal | None:
    """The engine's index over the questions scored so far (``None`` when a dimension has none)."""
    if not scores:
        return None
    partial_spec = spec
    if len(scores) < expected:
        partial_spec = replace(spec, questions={k: spec.questions[k] for k in scores if k in spec.questions})
    item = scoring.RegionInput(region=region, group=group, scores=scores, overrides=overrides)
    try:
        stages = scoring.region_stages(partial_spec, item)
    except scoring.ScoringError:
        return None
    index: Decimal = stages["index"]
    return index


def board_for_round(*, round_: Round, filters: BoardFilters | None = None) -> Board:
    """The board of ``round_`` (read by someone with ``evaluation.manage``), filtered and sorted."""
    filters = filters or BoardFilters()
    method = round_.method
    spec = method_spec(method)
    entries = _entries(round_)
    scores = round_scores(round_)
    decided: dict[int, dict[str, Decimal | None]] = {}
    for entry_id, key, score in PanelDecision.objects.filter(entry__round=round_).values_list(
        "entry_id", "question__key", "score"
    ):
        decided.setdefault(entry_id, {})[key] = score
    expected = {
        group: sum(1 for q in spec.questions.values() if q.dimension in weights)
        for group, weights in spec.groups.items()
    }
    provinces = sorted(
        {(e["region__province__code"] or "", e["region__province__name"] or "") for e in entries}
        - {("", "")},
        key=lambda p: p[1],
    )
    # Calibration runs over every score of the round, whatever the filters.
    any_value, calibrated_inputs, result = calibration.calibrate_round(
        spec,
        [
            scoring.RegionInput(
                region=e["region__code"], group=e["group__code"], scores=scores.get(e["id"], {})
            )
            for e in entries
        ],
    )
    calibrated_levels = {item.region: item.scores for item in calibrated_inputs}
    rows: list[BoardRow] = []
    for e in entries:
        if filters.province and e["region__province__code"] != filters.province:
            continue
        status = e["status"] or NOT_STARTED
        if filters.status and status != filters.status:
            continue
        by_question = scores.get(e["id"], {})
        decisions = decided.get(e["id"], {})
        overrides = {k: v for k, v in decisions.items() if v is not None}
        total = expected.get(e["group__code"], 0)
        index = _provisional(spec, e["region__code"], e["group__code"], by_question, overrides, total)
        # Flags come from the levels themselves: a region the engine cannot score yet has them too.
        flagged = [k for k, levels in sorted(by_question.items()) if scoring.disagrees(spec, levels.values())]
        row = BoardRow(
            entry_id=e["id"],
            code=e["region__code"],
            name=e["region__name"],
            province_code=e["region__province__code"] or "",
            province_name=e["region__province__name"] or "",
            group=e["group__code"],
            group_name=e["group__name"],
            status=status,
            declared=e["declared"],
            submitted=e["submitted"],
            scored=len(by_question),
            questions=total,
            flags=len(flagged),
            undecided=sum(1 for k in flagged if k not in decisions),
            decisions=e["decisions"],
            index=index,
            published=None if index is None else scoring.publish(index, spec.decimals, spec.rounding),
            partial=index is not None and len(by_question) < total,
            flagged_keys=flagged,
        )
        if index is not None:
            calibrated = _provisional(
                any_value, row.code, row.group, calibrated_levels.get(row.code, {}), overrides, total
            )
            if calibrated is not None:
                row.calibrated = scoring.publish(calibrated, spec.decimals, spec.rounding)
        if filters.flagged and not row.undecided:
            continue
        rows.append(row)
    return Board(
        round=round_,
        rows=_sorted(rows, filters.sort),
        total=len(entries),
        provinces=provinces,
        decimals=spec.decimals,
        calibration=result,
        calibrated_official=method.calibrated_official,
    )
