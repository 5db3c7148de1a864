"""The plan as a worksheet holds it: plain dataclasses (no ORM, so the API can build one from
JSON too), and the ``Catalogue`` of what a region's workbook may refer to."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from ..choices import Horizon


@dataclass
class ProgrammeRow:
    code: str
    name: str
    dimension: str
    subdimension: str
    agency: str
    start_year: int | None
    end_year: int | None
    horizon: str = Horizon.MEDIUM
    description: str = ""
    lineage: str = ""  # the item's identity across versions and tools (empty: a new item)
    row_version: int | None = None  # the item's version when the file was exported
    row: int | None = None


@dataclass
class ActionRow:
    code: str
    programme: str
    name: str
    agency: str
    start_year: int | None
    end_year: int | None
    indicator: str = ""
    unit: str = ""
    baseline: Decimal | None = None
    lineage: str = ""  # the item's identity across versions and tools (empty: a new item)
    row_version: int | None = None  # the item's version when the file was exported
    row: int | None = None


@dataclass
class BudgetRow:
    action: str
    year: int | None
    source: str
    amount: Decimal | None
    row: int | None = None


@dataclass
class TargetRow:
    action: str
    year: int | None
    value: Decimal | None
    row: int | None = None


@dataclass
class QuickWinRow:
    code: str
    name: str
    dimension: str
    agency: str
    target_year: int | None
    acronym: str = ""
    expansion: str = ""
    description: str = ""
    programme: str = ""
    lineage: str = ""  # the item's identity across versions and tools (empty: a new item)
    row_version: int | None = None  # the item's version when the file was exported
    row: int | None = None


@dataclass
class ReadinessRow:
    element: str
    score: int | None
    summary: str = ""
    row: int | None = None


@dataclass
class SwotRow:
    element: str
    kind: str
    text: str
    row: int | None = None


@dataclass
class RoadmapRow:
    year: int | None
    dimension: str
    milestone: str
    row: int | None = None


@dataclass
class ParsedPlan:
    """A whole plan as read from a workbook (or built from JSON): codes and text, no database rows.

    Agencies are written as the region's agency code (or acronym), dimensions and
    sub-dimensions by catalogue code. ``readiness``, ``swot`` and ``roadmap`` are ``None`` when
    their sheet was absent: the import then leaves them as they are.
    """

    region_code: str
    title: str
    start_year: int | None
    end_year: int | None
    vision: str = ""
    vision_explanation: str = ""
    rpjmd_vision: str = ""
    rpjmd_alignment: str = ""
    exported_at: str = ""  # ISO time the file was exported (empty: not an export)
    header_version: int | None = None  # the version's row_version when exported
    missions: list[str] = field(default_factory=list)
    programmes: list[ProgrammeRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    budgets: list[BudgetRow] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    quick_wins: list[QuickWinRow] = field(default_factory=list)
    readiness: list[ReadinessRow] | None = None
    swot: list[SwotRow] | None = None
    roadmap: list[RoadmapRow] | None = None
    header_rows: dict[str, int] = field(default_factory=dict)  # Rencana sheet: field -> row
    # The catalogue a successful ``plan_check`` used: the import then need not check again.
    checked_with: Catalogue | None = field(default=None, compare=False, repr=False)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("checked_with", None)
        return data


@dataclass(frozen=True)
class Catalogue:
    """What a workbook of one region may refer to: dimensions, sub-dimensions, its agencies."""

    region_code: str
    region_name: str
    dimensions: tuple[tuple[str, str], ...]  # (code, name), in catalogue order
    subdimensions: tuple[tuple[str, str, str], ...]  # (code, dimension code, name)
    agencies: tuple[tuple[str, str, str], ...]  # (code, acronym, name) of active agencies
    dimension_ids: dict[str, int] = field(default_factory=dict)
    subdimension_ids: dict[str, int] = field(default_factory=dict)
    agency_ids: dict[str, int] = field(default_factory=dict)  # lower-cased code and acronym -> pk
    inactive_agency_ids: frozenset[int] = frozenset()  # of the region's agencies, those no longer active
    region_id: int | None = None

    @property
    def dimension_codes(self) -> tuple[str, ...]:
        return tuple(code for code, _name in self.dimensions)

    @property
    def subdimension_dimension(self) -> dict[str, str]:
        return {code: dim for code, dim, _name in self.subdimensions}

    def agency_id(self, text: str) -> int | None:
        return self.agency_ids.get(text.strip().lower()) if text else None

    def dimension_code(self, text: str) -> str:
        """A dimension code from its code or (Indonesian/English) name; unknown text upper-cased."""
        key = text.strip().upper()
        if key in self.dimension_ids:
            return key
        for code, name in self.dimensions:
            if name.strip().upper() == key:
                return code
        return key

    def subdimension_code(self, text: str) -> str:
        key = text.strip().upper()
        if key in self.subdimension_ids:
            return key
        for code, _dim, name in self.subdimensions:
            if name.strip().upper() == key:
                return code
        return key


def catalogue_for(region: Any) -> Catalogue:
    """The catalogue and agencies a workbook of ``region`` may use (three queries)."""
    from kotacerdas.organisation.models import Agency
    from kotacerdas.programme.models import Dimension, SubDimension

    dimensions = list(Dimension.objects.order_by("position", "code").values_list("pk", "code", "name"))
    subs = list(
        SubDimension.objects.order_by("dimension__position", "position", "code").values_list(
            "pk", "code", "dimension__code", "name"
        )
    )
    agencies = list(
        Agency.objects.filter(region=region)
        .order_by("acronym")
        .values_list("pk", "code", "acronym", "name", "is_active")
    )
    agency_ids: dict[str, int] = {}
    for pk, _code, acronym, _name, _active in agencies:
        agency_ids.setdefault(acronym.strip().lower(), pk)
    for pk, code, _acronym, _name, _active in agencies:
        agency_ids[code.strip().lower()] = pk  # a code wins over someone else's acronym
    return Catalogue(
        region_code=region.code,
        region_name=region.name,
        dimensions=tuple((code, name) for _pk, code, name in dimensions),
        subdimensions=tuple((code, dim, name) for _pk, code, dim, name in subs),
        agencies=tuple((code, acronym, name) for _pk, code, acronym, name, active in agencies if active),
        dimension_ids={code: pk for pk, code, _name in dimensions},
        subdimension_ids={code: pk for pk, code, _dim, _name in subs},
        agency_ids=agency_ids,
        inactive_agency_ids=frozenset(pk for pk, _code, _acronym, _name, active in agencies if not active),
        region_id=region.pk,
    )


def _decimal(value: Any) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def plan_from_dict(data: dict[str, Any]) -> ParsedPlan:
    """A ``ParsedPlan`` back from ``as_dict()`` stored as JSON (decimals written as text)."""
    data = dict(data)
    rows: dict[str, Any] = {
        "programmes": [ProgrammeRow(**r) for r in data.pop("programmes", [])],
        "actions": [
            ActionRow(**{**r, "baseline": _decimal(r.get("baseline"))}) for r in data.pop("actions", [])
        ],
        "budgets": [BudgetRow(**{**r, "amount": _decimal(r.get("amount"))}) for r in data.pop("budgets", [])],
        "targets": [TargetRow(**{**r, "value": _decimal(r.get("value"))}) for r in data.pop("targets", [])],
        "quick_wins": [QuickWinRow(**r) for r in data.pop("quick_wins", [])],
    }
    for key, cls in (("readiness", ReadinessRow), ("swot", SwotRow), ("roadmap", RoadmapRow)):
        value = data.pop(key, None)
        rows[key] = None if value is None else [cls(**r) for r in value]
    return ParsedPlan(**data, **rows)
