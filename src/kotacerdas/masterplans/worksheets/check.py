"""Check a parsed plan: the catalogue (dimensions, sub-dimensions, the region's agencies) and
then ``rules.check_plan``, each problem mapped back to the cell it came from. The API's JSON
import and the worksheet share it."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from kotacerdas.core.workbooks import RowError, RowErrors

from .. import rules
from ..choices import BudgetSource, Horizon, ReadinessElement, SwotKind
from ..messages import problem_text
from .format import (
    ACTION_COLS,
    BUDGET_COLS,
    ELEMENT_LABELS,
    LINEAGE_HEADER,
    MAX_PLAN_YEARS,
    PLAN_MAX_LENGTH,
    PLAN_VALUE_HEADER,
    PROGRAMME_COLS,
    QUICK_WIN_COLS,
    READINESS_COLS,
    ROADMAP_COLS,
    SHEET_ACTIONS,
    SHEET_BUDGETS,
    SHEET_ORDER,
    SHEET_PLAN,
    SHEET_PROGRAMMES,
    SHEET_QUICK_WINS,
    SHEET_READINESS,
    SHEET_ROADMAP,
    SHEET_SWOT,
    SHEET_TARGETS,
    SWOT_COLS,
    TABLES,
    TARGET_COLS,
    Col,
)
from .plan import ActionRow, BudgetRow, Catalogue, ParsedPlan, ProgrammeRow, TargetRow


class PlanErrors(RowErrors):
    """The shared collector, plus the plan rules' problems and the worksheet's sheet order."""

    def problem(self, sheet: str, row: int | None, column: str | None, problem: rules.Problem) -> None:
        self.add(sheet, row, column, problem_text(problem))

    def sorted(self, sheet_order: Sequence[str] = SHEET_ORDER, tables: Any = None) -> list[RowError]:
        return super().sorted(sheet_order, TABLES if tables is None else tables)


def _problem(rule: str, /, item: str = "", **params: object) -> rules.Problem:
    return rules.Problem(
        code=rule, severity=rules.ERROR, params=tuple((k, str(v)) for k, v in params.items()), item=item
    )


def plan_check(plan: ParsedPlan, catalogue: Catalogue, *, errors: PlanErrors | None = None) -> list[RowError]:
    """Every problem of a parsed plan against the region's catalogue and the plan rules.

    Problems already noted for a cell (e.g. text in a number cell) are not repeated.
    Normalises codes in place (dimensions and sub-dimensions by catalogue code).
    """
    errors = errors if errors is not None else PlanErrors()
    _check_header(plan, catalogue, errors)
    start, end = plan.start_year, plan.end_year
    years_ok = start is not None and end is not None and start <= end
    ctx = rules.Context(
        start_year=start if years_ok and start is not None else 2000,
        end_year=end if years_ok and end is not None else 2100,
        agency_keys=frozenset(str(pk) for pk in catalogue.agency_ids.values()),
        dimension_codes=catalogue.dimension_codes,
    )

    def agency_key(text: str) -> str:
        pk = catalogue.agency_id(text)
        return str(pk) if pk is not None else text

    def require(sheet: str, row: int | None, item: Any, cols: Sequence[Col]) -> None:
        for col in cols:
            value = getattr(item, col.key, None)
            if col.required and (value is None or value == ""):
                errors.add(sheet, row, col.header, _("%(column)s is required.") % {"column": col.header})
            if (
                col.max_length
                and isinstance(value, str)
                and len(value) > col.max_length
                and col.key != "code"
            ):
                errors.add(
                    sheet,
                    row,
                    col.header,
                    _("Too long: at most %(n)s characters.") % {"n": col.max_length},
                )

    def identity(sheet: str, row: int | None, item: Any) -> None:
        """The hidden ID column: a UUID (normalised) or empty."""
        if not item.lineage:
            return
        try:
            item.lineage = str(uuid.UUID(str(item.lineage).strip()))
        except ValueError:
            errors.add(
                sheet,
                row,
                LINEAGE_HEADER,
                _("This ID is not valid: keep the value exported with the file, or leave it empty."),
            )

    def code_ok(sheet: str, row: int | None, code: str) -> bool:
        if not code:
            errors.problem(sheet, row, "Kode", _problem("code_missing"))
            return False
        return True

    # Programmes and actions share one code space; later rows with a used code are refused.
    item_codes = [(SHEET_PROGRAMMES, p.row, p.code) for p in plan.programmes] + [
        (SHEET_ACTIONS, a.row, a.code) for a in plan.actions
    ]
    duplicates = set(rules.duplicate_codes([c for _s, _r, c in item_codes]))
    seen: set[str] = set()
    skip_rows: set[tuple[str, int | None]] = set()
    for sheet, row, code in item_codes:
        key = code.strip().upper()
        if key in duplicates:
            if key in seen:
                errors.problem(sheet, row, "Kode", _problem("code_duplicate", item=code, code=code))
                skip_rows.add((sheet, row))
            seen.add(key)

    programme_facts: list[rules.ProgrammeFacts] = []
    where: dict[tuple[str, str], int | None] = {}  # (kind, CODE) -> row
    sub_dimension = catalogue.subdimension_dimension
    for p in plan.programmes:
        require(SHEET_PROGRAMMES, p.row, p, PROGRAMME_COLS)
        identity(SHEET_PROGRAMMES, p.row, p)
        if p.subdimension:
            p.subdimension = catalogue.subdimension_code(p.subdimension)
            if p.subdimension not in sub_dimension:
                errors.add(
                    SHEET_PROGRAMMES,
                    p.row,
                    "Sub-dimensi",
                    _("Unknown sub-dimension %(code)s.") % {"code": p.subdimension},
                )
        if p.dimension:
            p.dimension = catalogue.dimension_code(p.dimension)
        elif p.subdimension in sub_dimension:
            p.dimension = sub_dimension[p.subdimension]
        if (
            p.dimension
            and p.subdimension in sub_dimension
            and sub_dimension[p.subdimension] != p.dimension
            and p.dimension in catalogue.dimension_ids
        ):
            errors.add(
                SHEET_PROGRAMMES,
                p.row,
                "Sub-dimensi",
                _("Sub-dimension %(sub)s is not part of dimension %(dimension)s.")
                % {"sub": p.subdimension, "dimension": p.dimension},
            )
        if p.horizon and p.horizon not in Horizon.values:
            errors.add(
                SHEET_PROGRAMMES, p.row, "Horizon", _("Unknown horizon %(value)s.") % {"value": p.horizon}
            )
        if not code_ok(SHEET_PROGRAMMES, p.row, p.code) or (SHEET_PROGRAMMES, p.row) in skip_rows:
            continue
        where[("programme", p.code.strip().upper())] = p.row
        programme_facts.append(
            rules.ProgrammeFacts(
                code=p.code.strip(),
                dimension=p.dimension or "?",
                agency=agency_key(p.agency),
                start_year=p.start_year,
                end_year=p.end_year,
                name=p.name,
            )
        )

    budgets: dict[str, list[BudgetRow]] = defaultdict(list)
    for b in plan.budgets:
        require(SHEET_BUDGETS, b.row, b, BUDGET_COLS)
        if b.source and b.source not in BudgetSource.values:
            errors.add(
                SHEET_BUDGETS, b.row, "Sumber", _("Unknown budget source %(value)s.") % {"value": b.source}
            )
        budgets[b.action.strip().upper()].append(b)
    targets: dict[str, list[TargetRow]] = defaultdict(list)
    for t in plan.targets:
        require(SHEET_TARGETS, t.row, t, TARGET_COLS)
        targets[t.action.strip().upper()].append(t)

    action_facts: list[rules.ActionFacts] = []
    actions_by_code: dict[str, ActionRow] = {}
    for a in plan.actions:
        require(SHEET_ACTIONS, a.row, a, ACTION_COLS)
        identity(SHEET_ACTIONS, a.row, a)
        if not code_ok(SHEET_ACTIONS, a.row, a.code) or (SHEET_ACTIONS, a.row) in skip_rows:
            continue
        key = a.code.strip().upper()
        where[("action", key)] = a.row
        actions_by_code[key] = a
        action_facts.append(
            rules.ActionFacts(
                code=a.code.strip(),
                programme=a.programme,
                agency=agency_key(a.agency),
                start_year=a.start_year,
                end_year=a.end_year,
                budgets=[
                    (b.year, b.source, b.amount)
                    for b in budgets.get(key, [])
                    if b.year is not None and b.amount is not None and b.source
                ],
                targets=[
                    (t.year, t.value)
                    for t in targets.get(key, [])
                    if t.year is not None and t.value is not None
                ],
                name=a.name,
            )
        )
    for key, rows in budgets.items():
        if key and key not in actions_by_code:
            for b in rows:
                errors.add(
                    SHEET_BUDGETS,
                    b.row,
                    "Kode Rencana Aksi",
                    _("Unknown action plan %(code)s.") % {"code": b.action},
                )
    for key, trows in targets.items():
        if key and key not in actions_by_code:
            for t in trows:
                errors.add(
                    SHEET_TARGETS,
                    t.row,
                    "Kode Rencana Aksi",
                    _("Unknown action plan %(code)s.") % {"code": t.action},
                )

    for problem in rules.check_plan(
        rules.PlanFacts(context=ctx, programmes=programme_facts, actions=action_facts)
    ):
        if problem.severity != rules.ERROR:
            continue
        key = problem.item.strip().upper()
        if ("action", key) in where:
            _map_action_problem(
                problem, actions_by_code[key], budgets.get(key, []), targets.get(key, []), errors
            )
        elif ("programme", key) in where:
            _map_item_problem(
                problem,
                SHEET_PROGRAMMES,
                where[("programme", key)],
                errors,
                start_end=_years_of(plan.programmes, key),
            )
        else:
            errors.problem(SHEET_PROGRAMMES, None, None, problem)

    # Quick wins: their own code space.
    qw_codes = [q.code for q in plan.quick_wins]
    qw_duplicates = set(rules.duplicate_codes(qw_codes))
    qw_seen: set[str] = set()
    qw_facts: list[rules.QuickWinFacts] = []
    qw_rows: dict[str, int | None] = {}
    programme_codes = {p.code.strip().upper() for p in plan.programmes if p.code}
    for q in plan.quick_wins:
        require(SHEET_QUICK_WINS, q.row, q, QUICK_WIN_COLS)
        identity(SHEET_QUICK_WINS, q.row, q)
        if q.dimension:
            q.dimension = catalogue.dimension_code(q.dimension)
        if q.programme and q.programme.strip().upper() not in programme_codes:
            errors.problem(
                SHEET_QUICK_WINS,
                q.row,
                "Kode Program",
                _problem("programme_unknown", item=q.code, programme=q.programme),
            )
        if not code_ok(SHEET_QUICK_WINS, q.row, q.code):
            continue
        key = q.code.strip().upper()
        if key in qw_duplicates:
            if key in qw_seen:
                errors.problem(
                    SHEET_QUICK_WINS, q.row, "Kode", _problem("code_duplicate", item=q.code, code=q.code)
                )
                continue
            qw_seen.add(key)
        qw_rows[key] = q.row
        qw_facts.append(
            rules.QuickWinFacts(
                code=q.code.strip(),
                dimension=q.dimension or "?",
                agency=agency_key(q.agency),
                target_year=q.target_year,
                name=q.name,
            )
        )
    for problem in rules.check_plan(rules.PlanFacts(context=ctx, quick_wins=qw_facts)):
        if problem.severity != rules.ERROR:
            continue
        row = qw_rows.get(problem.item.strip().upper())
        column = {
            "code_too_long": "Kode",
            "code_missing": "Kode",
            "code_duplicate": "Kode",
            "dimension_unknown": "Dimensi",
            "agency_missing": "OPD Pengampu",
            "agency_not_in_region": "OPD Pengampu",
        }.get(problem.code, "Tahun Target")
        errors.problem(SHEET_QUICK_WINS, row, column, problem)

    _check_inactive_agencies(plan, catalogue, errors)
    _check_optional(plan, catalogue, ctx, years_ok, errors, require)
    return errors.sorted()


def _check_inactive_agencies(plan: ParsedPlan, catalogue: Catalogue, errors: PlanErrors) -> None:
    """``rules.check_agency_active`` for each row that creates an item, or moves an existing item
    to another agency (matched to the plan's newest version as the import will match them).

    An existing item that keeps its inactive agency stays accepted. Queries the plan's items only
    when a row names an inactive agency.
    """
    inactive = catalogue.inactive_agency_ids
    kinds: tuple[tuple[str, str, Sequence[Any]], ...] = (
        (SHEET_PROGRAMMES, "programmes", plan.programmes),
        (SHEET_ACTIONS, "actions", plan.actions),
        (SHEET_QUICK_WINS, "quick_wins", plan.quick_wins),
    )
    if not inactive or not any(
        catalogue.agency_id(row.agency) in inactive for _sheet, _kind, rows in kinds for row in rows
    ):
        return
    from ..importer.sync import match_rows  # the import's own matching (lineage, then code)

    existing = _existing_items(catalogue.region_id, plan.start_year)
    ctx = rules.Context(
        start_year=0,
        end_year=0,
        agency_keys=frozenset(str(pk) for pk in catalogue.agency_ids.values()),
        inactive_agency_keys=frozenset(str(pk) for pk in inactive),
    )
    for sheet, kind, rows in kinds:
        for row, item in zip(rows, match_rows(existing.get(kind, []), rows), strict=True):
            pk = catalogue.agency_id(row.agency)
            if pk is None or (item is not None and item.agency_id == pk):
                continue
            for problem in rules.check_agency_active(str(pk), ctx, item=row.code.strip()):
                errors.problem(sheet, row.row, "OPD Pengampu", problem)


def _existing_items(region_id: int | None, start_year: int | None) -> dict[str, list[Any]]:
    """The programmes, actions and quick wins of the newest version of the region's plan that
    starts in ``start_year`` (the draft an import writes into); none when there is no such plan."""
    from ..models import ActionPlan, PlanVersion, Programme, QuickWin

    if region_id is None or start_year is None:
        return {}
    version = (
        PlanVersion.objects.filter(plan__region_id=region_id, plan__start_year=start_year)
        .order_by("-number")
        .first()
    )
    if version is None:
        return {}
    return {
        kind: list(model.objects.filter(version=version).only("code", "lineage", "agency"))
        for kind, model in (("programmes", Programme), ("actions", ActionPlan), ("quick_wins", QuickWin))
    }


def _years_of(items: Sequence[ProgrammeRow], key: str) -> tuple[int | None, int | None]:
    for p in items:
        if p.code.strip().upper() == key:
            return p.start_year, p.end_year
    return None, None


ITEM_COLUMNS = {
    "code_too_long": "Kode",
    "code_missing": "Kode",
    "code_duplicate": "Kode",
    "agency_missing": "OPD Pengampu",
    "agency_not_in_region": "OPD Pengampu",
    "years_missing": "Tahun Mulai",
    "years_reversed": "Tahun Selesai",
    "dimension_unknown": "Dimensi",
    "programme_unknown": "Kode Program",
}


def _map_item_problem(
    problem: rules.Problem,
    sheet: str,
    row: int | None,
    errors: PlanErrors,
    *,
    start_end: tuple[int | None, int | None],
) -> None:
    if problem.code == "year_outside_plan":
        year = problem.values.get("year")
        start, end = start_end
        column = (
            "Tahun Mulai" if year == str(start) else ("Tahun Selesai" if year == str(end) else "Tahun Mulai")
        )
        errors.problem(sheet, row, column, problem)
        return
    errors.problem(sheet, row, ITEM_COLUMNS.get(problem.code), problem)


def _map_action_problem(
    problem: rules.Problem,
    action: ActionRow,
    budgets: Sequence[BudgetRow],
    targets: Sequence[TargetRow],
    errors: PlanErrors,
) -> None:
    values = problem.values
    year = values.get("year")
    if problem.code == "budget_negative":
        for b in budgets:
            if str(b.year) == year and b.amount is not None and b.amount < 0:
                errors.problem(SHEET_BUDGETS, b.row, "Jumlah (Rp)", problem)
        return
    if problem.code == "budget_year_outside_action":
        for b in budgets:
            if str(b.year) == year:
                errors.problem(SHEET_BUDGETS, b.row, "Tahun", problem)
        return
    if problem.code == "budget_duplicate":
        seen = False
        for b in budgets:
            if str(b.year) == year and b.source == values.get("source"):
                if seen:
                    errors.problem(SHEET_BUDGETS, b.row, "Sumber", problem)
                seen = True
        return
    if problem.code == "target_duplicate":
        seen = False
        for t in targets:
            if str(t.year) == year:
                if seen:
                    errors.problem(SHEET_TARGETS, t.row, "Tahun", problem)
                seen = True
        return
    if problem.code == "year_outside_plan":
        if (
            year in (str(action.start_year), str(action.end_year))
            and (SHEET_ACTIONS, action.row, "Tahun Mulai") not in errors.cells
            and (SHEET_ACTIONS, action.row, "Tahun Selesai") not in errors.cells
        ):
            column = "Tahun Mulai" if year == str(action.start_year) else "Tahun Selesai"
            errors.problem(SHEET_ACTIONS, action.row, column, problem)
            return
        matched = False
        for t in targets:
            if str(t.year) == year:
                errors.problem(SHEET_TARGETS, t.row, "Tahun", problem)
                matched = True
        if not matched:
            errors.problem(SHEET_ACTIONS, action.row, "Tahun Mulai", problem)
        return
    errors.problem(SHEET_ACTIONS, action.row, ITEM_COLUMNS.get(problem.code), problem)


def _check_header(plan: ParsedPlan, catalogue: Catalogue, errors: PlanErrors) -> None:
    rows = plan.header_rows
    value = PLAN_VALUE_HEADER
    if not plan.region_code:
        errors.add(SHEET_PLAN, rows.get("region_code"), value, _("The region code is required."))
    elif plan.region_code.strip() != catalogue.region_code:
        errors.add(
            SHEET_PLAN,
            rows.get("region_code"),
            value,
            _("This worksheet is for region %(file)s, not %(region)s.")
            % {"file": plan.region_code, "region": catalogue.region_code},
        )
    if not plan.title:
        errors.add(SHEET_PLAN, rows.get("title"), value, _("The title is required."))
    for key, limit in PLAN_MAX_LENGTH.items():
        text = getattr(plan, key)
        if len(text) > limit:
            errors.add(
                SHEET_PLAN, rows.get(key), value, _("Too long: at most %(n)s characters.") % {"n": limit}
            )
    for key in ("start_year", "end_year"):
        year = getattr(plan, key)
        if year is None:
            errors.add(SHEET_PLAN, rows.get(key), value, _("The years are required."))
        elif not 2000 <= year <= 2100:
            errors.add(SHEET_PLAN, rows.get(key), value, _("The year must be between 2000 and 2100."))
    start, end = plan.start_year, plan.end_year
    if start is not None and end is not None:
        if end < start:
            errors.add(SHEET_PLAN, rows.get("end_year"), value, _("The last year is before the first year."))
        elif end - start + 1 > MAX_PLAN_YEARS:
            errors.add(
                SHEET_PLAN,
                rows.get("end_year"),
                value,
                _("A master plan covers at most %(n)s years.") % {"n": MAX_PLAN_YEARS},
            )
    if not plan.programmes:
        errors.add(
            SHEET_PROGRAMMES, None, None, _("The sheet has no rows: a plan needs at least one programme.")
        )


def _check_optional(
    plan: ParsedPlan,
    catalogue: Catalogue,
    ctx: rules.Context,
    years_ok: bool,
    errors: PlanErrors,
    require: Any,
) -> None:
    if plan.readiness is not None:
        counts = Counter(r.element for r in plan.readiness if r.element)
        for r in plan.readiness:
            require(SHEET_READINESS, r.row, r, READINESS_COLS)
            if r.element and r.element not in ReadinessElement.values:
                errors.add(SHEET_READINESS, r.row, "Elemen", _("Unknown readiness element."))
            elif r.element and counts[r.element] > 1:
                errors.add(
                    SHEET_READINESS,
                    r.row,
                    "Elemen",
                    _("The element %(element)s appears more than once.")
                    % {"element": ELEMENT_LABELS.get(r.element, r.element)},
                )
            if r.score is not None and not 1 <= r.score <= 5:
                errors.add(SHEET_READINESS, r.row, "Skor (1-5)", _("The readiness score runs from 1 to 5."))
    if plan.swot is not None:
        for s in plan.swot:
            require(SHEET_SWOT, s.row, s, SWOT_COLS)
            if s.element and s.element not in ReadinessElement.values:
                errors.add(SHEET_SWOT, s.row, "Elemen", _("Unknown readiness element."))
            if s.kind and s.kind not in SwotKind.values:
                errors.add(SHEET_SWOT, s.row, "Jenis", _("Unknown SWOT kind %(value)s.") % {"value": s.kind})
    if plan.roadmap is not None:
        for m in plan.roadmap:
            require(SHEET_ROADMAP, m.row, m, ROADMAP_COLS)
            if m.dimension:
                m.dimension = catalogue.dimension_code(m.dimension)
                if m.dimension not in catalogue.dimension_ids:
                    errors.problem(
                        SHEET_ROADMAP, m.row, "Dimensi", _problem("dimension_unknown", dimension=m.dimension)
                    )
            if years_ok and m.year is not None and not ctx.start_year <= m.year <= ctx.end_year:
                errors.problem(
                    SHEET_ROADMAP,
                    m.row,
                    "Tahun",
                    _problem("year_outside_plan", year=m.year, start=ctx.start_year, end=ctx.end_year),
                )
