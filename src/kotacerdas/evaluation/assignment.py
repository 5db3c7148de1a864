"""Automatic assignment of assessors to the regions of a round: the one rule, no Django.

Given the regions (their code, province, the dimensions their group scores, the assessors they
keep) and the assessors (code, the regions they already hold, expertise, the regions they
conflict with), ``assign`` chooses ``per_region`` assessors for every region:

1. **Never a conflict**: an assessor is never given a region in its ``conflicts``, nor a region
   twice. A region with fewer assessors free of conflict than it needs raises
   ``AssignmentError``, which names it.
2. **Loads within one**: the loads (regions per assessor, the kept ones included) of the
   assessors that can take work (free of conflict for at least one region that needs
   assessors) end within one of each other. When conflicts or kept regions make that
   impossible, the loads are as even as they can be (no move of regions between assessors
   makes them more even) and the plan says why (``Plan.balanced`` is False, ``Plan.limits``).
3. **Expertise**: each region's assessors together cover as many of its dimensions as a
   greedy choice finds (the least loaded first, then the one adding most uncovered
   dimensions, then the code), improved by swaps that leave every load as it was.
4. **Deterministic**: the same regions and assessors, in any order, give the same plan.

Balancing works as a flow: after the greedy choice, a region moves from the most loaded
assessors towards the least loaded along a chain of regions (A hands region 1 to B, B hands
region 2 to C, ...) found breadth first; every move keeps rule 1 and makes the loads strictly
more even, and when no such chain is left no assignment at all is more even.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

DEFAULT_PER_REGION = 3

# Plan.limits kinds: an assessor below the band because conflicts leave it few regions, or
# above it because of the regions it keeps.
LIMIT_FREE = "free"
LIMIT_KEPT = "kept"


@dataclass(frozen=True)
class RegionNeed:
    """A region to staff: ``dimensions`` its group scores, ``kept`` the assessors it keeps
    (assignments with scores), who count towards the number it needs."""

    code: str
    province: str = ""
    dimensions: frozenset[str] = field(default_factory=frozenset)
    kept: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Candidate:
    """An assessor who may be given regions: ``load`` the regions it holds already (kept)."""

    code: str
    load: int = 0
    expertise: frozenset[str] = field(default_factory=frozenset)
    conflicts: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Limit:
    """Why an assessor's load stays outside the others': conflicts leave it free for only
    ``regions`` of the regions needing assessors (``LIMIT_FREE``), or it already holds
    ``regions`` kept regions (``LIMIT_KEPT``)."""

    assessor: str
    kind: str
    regions: int


@dataclass(frozen=True)
class Plan:
    """The assessors given to each region (new ones only, by code), every assessor's load
    after it, and whether the loads of the assessors that can take work are within one."""

    regions: dict[str, tuple[str, ...]]
    loads: dict[str, int]
    working: tuple[str, ...]
    balanced: bool
    band: tuple[int, int]
    limits: tuple[Limit, ...] = ()
    uncovered: dict[str, tuple[str, ...]] = field(default_factory=dict)


class AssignmentError(ValueError):
    """Some regions cannot get enough assessors free of conflict: ``short`` maps each such
    region's code to (assessors free for it, assessors it needs)."""

    def __init__(self, short: dict[str, tuple[int, int]]) -> None:
        self.short = dict(sorted(short.items()))
        code, (free, needed) = next(iter(self.short.items()))
        super().__init__(
            f"region {code} can get only {free} assessors free of conflict, {needed} needed"
            + (f" (and {len(self.short) - 1} more regions)" if len(self.short) > 1 else "")
        )


@dataclass
class _State:
    """The plan being built: new members per region and the loads. Dimensions are bits:
    ``wanted`` a region's, ``kept_mask`` those its kept assessors cover, ``expertise`` an
    assessor's."""

    regions: dict[str, RegionNeed]
    candidates: dict[str, Candidate]
    eligible: dict[str, list[str]]  # region → assessors free for it and not kept there (sorted)
    members: dict[str, set[str]]  # region → new assessors
    holding: dict[str, set[str]]  # assessor → regions where it is a new member
    load: dict[str, int]
    wanted: dict[str, int] = field(default_factory=dict)
    kept_mask: dict[str, int] = field(default_factory=dict)
    expertise: dict[str, int] = field(default_factory=dict)
    free: dict[str, frozenset[str]] = field(default_factory=dict)  # ``eligible`` as sets

    def __post_init__(self) -> None:
        self.free = {code: frozenset(a) for code, a in self.eligible.items()}
        names = sorted(
            {d for r in self.regions.values() for d in r.dimensions}
            | {d for c in self.candidates.values() for d in c.expertise}
        )
        bit = {name: 1 << i for i, name in enumerate(names)}
        self.expertise = {a: _mask(c.expertise, bit) for a, c in self.candidates.items()}
        self.wanted = {code: _mask(r.dimensions, bit) for code, r in self.regions.items()}
        self.kept_mask = {
            code: _union(self.expertise.get(a, 0) for a in r.kept) for code, r in self.regions.items()
        }

    def coverage(self, region: str, members: Iterable[str]) -> int:
        """How many of ``region``'s dimensions its kept assessors and ``members`` cover."""
        covered = self.kept_mask[region] | _union(self.expertise[a] for a in members)
        return (covered & self.wanted[region]).bit_count()

    def move(self, region: str, leaving: str, joining: str) -> None:
        self.members[region].remove(leaving)
        self.members[region].add(joining)
        self.holding[leaving].remove(region)
        self.holding[joining].add(region)


def _mask(names: Iterable[str], bit: dict[str, int]) -> int:
    return _union(bit[n] for n in names)


def _union(masks: Iterable[int]) -> int:
    out = 0
    for m in masks:
        out |= m
    return out


def assign(
    regions: Iterable[RegionNeed], assessors: Iterable[Candidate], per_region: int = DEFAULT_PER_REGION
) -> Plan:
    """Choose ``per_region`` assessors for every region (see the module's rules)."""
    if per_region < 1:
        raise ValueError("per_region must be at least 1")
    by_region = {r.code: r for r in sorted(regions, key=lambda r: r.code)}
    candidates = {a.code: a for a in sorted(assessors, key=lambda a: a.code)}
    need = {code: max(0, per_region - len(r.kept)) for code, r in by_region.items()}
    eligible = {
        code: [a for a, c in candidates.items() if code not in c.conflicts and a not in r.kept]
        for code, r in by_region.items()
    }
    short = {
        code: (len(eligible[code]), need[code]) for code in by_region if len(eligible[code]) < need[code]
    }
    if short:
        raise AssignmentError(short)
    state = _State(
        regions=by_region,
        candidates=candidates,
        eligible=eligible,
        members={code: set() for code in by_region},
        holding={a: set() for a in candidates},
        load={a: c.load for a, c in candidates.items()},
    )
    working = sorted({a for code in by_region if need[code] for a in eligible[code]})
    _choose(state, need)
    _rebalance(state, working)
    _improve_coverage(state)
    return _plan(state, working, need)


def _choose(state: _State, need: dict[str, int]) -> None:
    """The greedy choice, the most constrained regions first (fewest spare assessors)."""
    order = sorted(
        (code for code in state.regions if need[code]),
        key=lambda code: (len(state.eligible[code]) - need[code], state.regions[code].province, code),
    )
    for code in order:
        chosen: list[str] = []
        for _ in range(need[code]):
            covered = state.coverage(code, chosen)
            best = min(
                (a for a in state.eligible[code] if a not in chosen),
                key=lambda a: (state.load[a], covered - state.coverage(code, [*chosen, a]), a),
            )
            chosen.append(best)
            state.load[best] += 1
        state.members[code].update(chosen)
        for a in chosen:
            state.holding[a].add(code)


def _chain(state: _State, sources: list[str], ceiling: int) -> list[tuple[str, str, str]] | None:
    """A chain of moves (leaving assessor, region, joining assessor) from one of ``sources``
    to an assessor holding at most ``ceiling`` regions, breadth first (the shortest, in code
    order)."""
    parent: dict[str, tuple[str, str] | None] = dict.fromkeys(sources)
    queue = deque(sources)
    while queue:
        giver = queue.popleft()
        for region in sorted(state.holding[giver]):
            members = state.members[region]
            for taker in state.eligible[region]:
                if taker in parent or taker in members:
                    continue
                parent[taker] = (giver, region)
                if state.load[taker] <= ceiling:
                    chain = []
                    node = taker
                    while (step := parent[node]) is not None:
                        chain.append((step[0], step[1], node))
                        node = step[0]
                    return chain[::-1]
                queue.append(taker)
    return None


def _rebalance(state: _State, working: list[str]) -> None:
    """Move regions from the most loaded assessors to the least loaded while a chain exists
    between two whose loads differ by two or more."""
    if not working:
        return
    while True:
        levels = sorted({state.load[a] for a in working}, reverse=True)
        lowest = levels[-1]
        for level in levels:
            if level - lowest < 2:
                return
            chain = _chain(state, [a for a in working if state.load[a] == level], level - 2)
            if chain is not None:
                for giver, region, taker in chain:
                    state.move(region, giver, taker)
                state.load[chain[0][0]] -= 1
                state.load[chain[-1][2]] += 1
                break
        else:
            return


def _improve_coverage(state: _State) -> None:
    """Swaps that cover more dimensions and leave every load as it was: an assessor handing
    its region to one holding one region less (their loads trade places), or two assessors
    trading regions."""
    improved = True
    while improved:
        improved = False
        for code in state.regions:
            if _improve_region(state, code):
                improved = True


def _improve_region(state: _State, code: str) -> bool:
    members = state.members[code]
    wanted = state.wanted[code]
    base = state.coverage(code, members)
    if base == wanted.bit_count():
        return False
    for giver in sorted(members):
        rest = state.kept_mask[code]
        for a in members:
            if a != giver:
                rest |= state.expertise[a]
        for taker in state.eligible[code]:
            if taker in members:
                continue
            gain = ((rest | state.expertise[taker]) & wanted).bit_count() - base
            if gain <= 0:
                continue
            if state.load[giver] == state.load[taker] + 1:
                state.move(code, giver, taker)
                state.load[giver] -= 1
                state.load[taker] += 1
                return True
            if _trade(state, code, giver, taker, gain):
                return True
    return False


def _trade(state: _State, code: str, giver: str, taker: str, gain: int) -> bool:
    """``giver`` takes one of ``taker``'s regions in exchange for ``code`` (which gains
    ``gain`` dimensions), if the other region loses fewer."""
    giver_mask, taker_mask = state.expertise[giver], state.expertise[taker]
    for other in sorted(state.holding[taker]):
        other_members = state.members[other]
        if giver in other_members or giver not in state.free[other]:
            continue
        wanted = state.wanted[other]
        if taker_mask & wanted & ~giver_mask:  # the taker brings something the giver does not
            rest = state.kept_mask[other]
            for a in other_members:
                if a != taker:
                    rest |= state.expertise[a]
            loss = ((rest | taker_mask) & wanted).bit_count() - ((rest | giver_mask) & wanted).bit_count()
            if loss >= gain:
                continue
        state.move(code, giver, taker)
        state.move(other, taker, giver)
        return True
    return False


def _plan(state: _State, working: list[str], need: dict[str, int]) -> Plan:
    loads = [state.load[a] for a in working]
    band = (min(loads), max(loads)) if loads else (0, 0)
    balanced = band[1] - band[0] <= 1
    limits: list[Limit] = []
    if not balanced:
        free_for: dict[str, int] = defaultdict(int)
        for code, assessors in state.eligible.items():
            if need[code]:
                for a in assessors:
                    free_for[a] += 1
        for a in working:
            kept = state.candidates[a].load
            if state.load[a] < band[1] - 1:
                limits.append(Limit(a, LIMIT_FREE, free_for[a]))
            elif kept > band[0] + 1 and state.load[a] > band[0] + 1:
                limits.append(Limit(a, LIMIT_KEPT, kept))
    uncovered = {}
    for code, region in state.regions.items():
        covered: set[str] = set()
        for a in (*region.kept, *state.members[code]):
            if a in state.candidates:
                covered |= state.candidates[a].expertise
        missing = tuple(sorted(region.dimensions - covered))
        if missing:
            uncovered[code] = missing
    return Plan(
        regions={code: tuple(sorted(m)) for code, m in state.members.items() if m},
        loads=dict(state.load),
        working=tuple(working),
        balanced=balanced,
        band=band,
        limits=tuple(limits),
        uncovered=uncovered,
    )
