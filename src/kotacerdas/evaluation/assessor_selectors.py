"""Reads about assessors: the pool, conflicts of interest, a round's assignment table, and an
assessor's own assignments.

The pool and the assignment table are the ministry's (callers check ``evaluation.manage``);
an assessor reaches a region only through ``assignment_for_assessor``, which answers 404 unless
the region is assigned to them and they declared no conflict with it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from kotacerdas.core.permissions import can
from kotacerdas.regions.models import Region

from . import conflicts
from .choices import Phase
from .models import (
    Assessor,
    Assignment,
    Conflict,
    GroupWeight,
    MethodDimension,
    RegionPartner,
    Round,
    RoundRegion,
    Score,
)

PAGE_SIZE = 50
# Rounds whose assignments are still worked on.
OPEN = ~Q(phase=Phase.PUBLISHED) & Q(historical=False)


def expertise_choices() -> list[tuple[str, str]]:
    """The evaluation dimensions an assessor may know, by code (the newest method's name first)."""
    seen: dict[str, str] = {}
    for code, name in MethodDimension.objects.order_by("-method__created_at", "position").values_list(
        "code", "name"
    ):
        seen.setdefault(code, name)
    return sorted(seen.items(), key=lambda item: _dimension_order(item[0]))


_ORDER = ["BASELINE", "OUTPUT", "OUTCOME", "IMPACT", "QUICK_WIN", "KOLABORASI"]


def _dimension_order(code: str) -> tuple[int, str]:
    return (_ORDER.index(code) if code in _ORDER else len(_ORDER), code)


def assessor_of(user: Any) -> Assessor | None:
    """The pool's row of ``user``, if they are an assessor."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Assessor.objects.select_related("home_province", "home_region").filter(user_id=user.pk).first()


def assessor_list(
    *,
    category: str = "",
    province: str = "",
    expertise: str = "",
    active: bool | None = None,
    query: str = "",
) -> QuerySet[Assessor]:
    """The pool, filtered, each with ``open_assignments`` (regions in rounds not yet published)."""
    rows = Assessor.objects.select_related("user", "home_province", "home_region").annotate(
        open_assignments=Count(
            "assignments", filter=Q(assignments__entry__round__in=Round.objects.filter(OPEN))
        )
    )
    if category:
        rows = rows.filter(category=category)
    if province:
        rows = rows.filter(home_province__code=province)
    if expertise:
        # The JSON list's text holds each code in quotes: an exact code, on SQLite and PostgreSQL.
        rows = rows.filter(expertise__icontains=f'"{expertise}"')
    if active is not None:
        rows = rows.filter(active=active)
    query = " ".join(query.split())
    if query:
        rows = rows.filter(
            Q(code__icontains=query)
            | Q(user__username__icontains=query)
            | Q(user__full_name__icontains=query)
            | Q(institution__icontains=query)
        )
    return rows.order_by("code")


def assessor_get(*, code: str) -> Assessor:
    """An assessor of the pool by code: 404 when unknown."""
    found = Assessor.objects.select_related("user", "home_province", "home_region").filter(code=code).first()
    if found is None:
        raise Http404("assessor")
    return found


def assessor_conflicts_declared(assessor: Assessor) -> list[Conflict]:
    return list(
        Conflict.objects.filter(assessor=assessor)
        .select_related("region", "declared_by")
        .order_by("region__code")
    )


def assessor_assignments(assessor: Assessor) -> list[Assignment]:
    """Every assignment of ``assessor``, newest rounds first."""
    return list(
        Assignment.objects.filter(assessor=assessor)
        .select_related("entry__round", "entry__region")
        .order_by("-entry__round__year", "-entry__round__stage", "entry__region__code")
    )


def round_get(*, code: str) -> Round:
    """A round by code (for the ministry's pages): 404 when unknown."""
    found = Round.objects.select_related("method").filter(code=code).first()
    if found is None:
        raise Http404("round")
    return found


def region_partner_list(*, region: str = "") -> QuerySet[RegionPartner]:
    rows = RegionPartner.objects.select_related("region")
    if region:
        rows = rows.filter(region__code=region)
    return rows.order_by("region__code", "institution")


# ---------------------------------------------------------------- conflicts


def _facts(assessors: QuerySet[Assessor], region_ids: Any) -> list[conflicts.AssessorFacts]:
    declared: dict[int, set[str]] = defaultdict(set)
    for assessor_id, region_code in Conflict.objects.filter(region_id__in=region_ids).values_list(
        "assessor_id", "region__code"
    ):
        declared[assessor_id].add(region_code)
    return [
        conflicts.AssessorFacts(
            code=code,
            institution=institution,
            home_province=province or "",
            home_region=region or "",
            declared=frozenset(declared.get(pk, ())),
        )
        for pk, code, institution, province, region in assessors.values_list(
            "pk", "code", "institution", "home_province__code", "home_region__code"
        )
    ]


def _region_facts(regions: Iterable[tuple[int, str, str | None]]) -> list[conflicts.RegionFacts]:
    rows = list(regions)
    partners: dict[int, set[str]] = defaultdict(set)
    for region_id, institution in RegionPartner.objects.filter(
        region_id__in=[pk for pk, _, _ in rows]
    ).values_list("region_id", "institution"):
        partners[region_id].add(institution)
    return [
        conflicts.RegionFacts(code=code, province=province or "", partners=frozenset(partners.get(pk, ())))
        for pk, code, province in rows
    ]


def round_conflicts(
    round_: Round, *, regions: Iterable[int] | None = None
) -> dict[str, dict[str, tuple[str, ...]]]:
    """Every conflict of interest in ``round_`` (or among its ``regions``, by id): assessor code →
    region code → kinds. Four queries, whatever the number of regions and assessors."""
    entries = RoundRegion.objects.filter(round=round_)
    if regions is not None:
        entries = entries.filter(region_id__in=list(regions))
    region_rows = list(entries.values_list("region_id", "region__code", "region__province__code"))
    region_ids = [pk for pk, _, _ in region_rows]
    return conflicts.conflict_map(_facts(Assessor.objects.all(), region_ids), _region_facts(region_rows))


def pair_conflicts(assessor: Assessor, region: Region) -> tuple[str, ...]:
    """Why ``assessor`` may not assess ``region`` (empty when free)."""
    found = conflicts.conflict_map(
        _facts(Assessor.objects.filter(pk=assessor.pk), [region.pk]),
        _region_facts([(region.pk, region.code, region.province.code if region.province else None)]),
    )
    return found.get(assessor.code, {}).get(region.code, ())


# ---------------------------------------------------------------- the assignment table


@dataclass(frozen=True)
class AssignedAssessor:
    code: str
    name: str
    active: bool
    declared_no_conflict: bool
    submitted: bool
    has_scores: bool
    conflicts: tuple[str, ...]


@dataclass
class AssignmentRow:
    entry: RoundRegion
    assessors: list[AssignedAssessor] = field(default_factory=list)
    short: int = 0

    @property
    def conflicted(self) -> bool:
        return any(a.conflicts for a in self.assessors)


@dataclass(frozen=True)
class LoadRow:
    code: str
    name: str
    active: bool
    load: int


@dataclass
class AssignmentTable:
    round: Round
    per_region: int
    rows: list[AssignmentRow]
    loads: list[LoadRow]
    regions: int
    assigned: int
    short_regions: int
    conflicted_pairs: int


def _scored() -> Exists:
    return Exists(Score.objects.filter(assignment=OuterRef("pk")))


def round_assignments(round_: Round, *, entries: Iterable[int] | None = None) -> QuerySet[Assignment]:
    rows = (
        Assignment.objects.filter(entry__round=round_)
        .select_related("assessor__user")
        .annotate(has_scores=_scored())
    )
    if entries is not None:
        rows = rows.filter(entry_id__in=list(entries))
    return rows.order_by("entry_id", "assessor__code")


def assignment_table(round_: Round, *, entries: list[RoundRegion], per_region: int) -> AssignmentTable:
    """The rows of ``entries`` (a page of the round's regions, region loaded) with their
    assessors and conflicts, and the whole round's loads and counts: eight queries, whatever
    the number of regions and assessors."""
    found = round_conflicts(round_)
    by_entry: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in round_assignments(round_, entries=[e.pk for e in entries]):
        by_entry[assignment.entry_id].append(assignment)
    rows = []
    for entry in entries:
        assessors = [
            AssignedAssessor(
                code=a.assessor.code,
                name=a.assessor.user.display_name,
                active=a.assessor.active,
                declared_no_conflict=a.no_conflict_declared_at is not None,
                submitted=a.submitted_at is not None,
                has_scores=bool(getattr(a, "has_scores", False)),
                conflicts=found.get(a.assessor.code, {}).get(entry.region.code, ()),
            )
            for a in by_entry.get(entry.pk, [])
        ]
        rows.append(
            AssignmentRow(entry=entry, assessors=assessors, short=max(0, per_region - len(assessors)))
        )
    loads: Counter[int] = Counter()
    per_entry: Counter[int] = Counter()
    conflicted = 0
    for assessor_id, code, entry_id, region in Assignment.objects.filter(entry__round=round_).values_list(
        "assessor_id", "assessor__code", "entry_id", "entry__region__code"
    ):
        loads[assessor_id] += 1
        per_entry[entry_id] += 1
        conflicted += region in found.get(code, {})
    regions = RoundRegion.objects.filter(round=round_).count()
    load_rows = [
        LoadRow(code=a.code, name=a.user.display_name, active=a.active, load=loads.get(a.pk, 0))
        for a in Assessor.objects.select_related("user").filter(Q(active=True) | Q(pk__in=list(loads)))
    ]
    return AssignmentTable(
        round=round_,
        per_region=per_region,
        rows=rows,
        loads=sorted(load_rows, key=lambda r: (-r.load, r.code)),
        regions=regions,
        assigned=sum(per_entry.values()),
        short_regions=regions - sum(1 for n in per_entry.values() if n >= per_region),
        conflicted_pairs=conflicted,
    )


def round_per_region(round_: Round, default: int = 3) -> int:
    """The number of assessors per region the round uses: the most common count among its
    regions that have assessors, else ``default``."""
    counts = Counter(
        RoundRegion.objects.filter(round=round_)
        .annotate(n=Count("assignments"))
        .filter(n__gt=0)
        .values_list("n", flat=True)
    )
    return counts.most_common(1)[0][0] if counts else default


def group_dimensions(round_: Round) -> dict[int, frozenset[str]]:
    """The dimensions each group of ``round_``'s method scores: group id → codes."""
    out: dict[int, set[str]] = defaultdict(set)
    for group_id, code in GroupWeight.objects.filter(group__method_id=round_.method_id).values_list(
        "group_id", "dimension__code"
    ):
        out[group_id].add(code)
    return {k: frozenset(v) for k, v in out.items()}


# ---------------------------------------------------------------- an assessor's own


def my_assignments(user: Any) -> list[Assignment]:
    """``user``'s assignments in rounds not yet published, oldest round first."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Assignment.objects.filter(assessor__user_id=user.pk, entry__round__in=Round.objects.filter(OPEN))
        .select_related("entry__round", "entry__region__province", "entry__group", "assessor")
        .order_by("entry__round__year", "entry__round__stage", "entry__region__code")
    )


def assignment_own(user: Any, round_code: str, region_code: str) -> Assignment:
    """``user``'s assignment to a region of a round, declared or not: 404 for anyone else."""
    if not can(user, "evaluation.score"):
        raise Http404("assignment")
    found = (
        Assignment.objects.select_related(
            "entry__round__method", "entry__region__province", "entry__group", "assessor"
        )
        .filter(
            assessor__user_id=user.pk,
            assessor__active=True,
            entry__round__code=round_code,
            entry__region__code=region_code,
        )
        .first()
    )
    if found is None:
        raise Http404("assignment")
    return found


def assignment_for_assessor(actor: Any, round_code: str, region_code: str) -> Assignment:
    """The assignment through which ``actor`` sees a region's material (scoring pages use it):
    404 unless ``actor`` is an active assessor assigned to that region of that round and has
    declared no conflict with it."""
    found = assignment_own(actor, round_code, region_code)
    if found.no_conflict_declared_at is None:
        raise Http404("assignment")
    return found
