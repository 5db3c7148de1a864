"""Historical results: the dimension scores printed in a round's result letters, loaded from an
Excel workbook (.xlsx) or a CSV file into a historical round, all or nothing.

The file is a table, headers in its first row, one row per region:

- **region** (header ``Region``, ``Wilayah``, ``Daerah``, ``Kabupaten/Kota``, ``Kab/Kota`` or
  ``Kode``): the Kemendagri code (``35.71``) or the name as printed (``KOTA KEDIRI``,
  ``KAB. BANJAR``), resolved by ``regions.selectors.region_resolve_many``;
- **group** (``Group`` or ``Kelompok``, optional): a group of the round's method (its code or
  name, e.g. ``regular`` or ``kawasan``); empty or absent means ``regular`` when the method has
  it (or the method's only group);
- one column per **dimension** of the method, headed by its code (``BASELINE``, ``QUICK_WIN``)
  or its name (``Baseline``, ``Quick Win``): the printed score, ``3.84`` or ``3,84``; empty or
  ``-`` for a dimension the region's group does not have.

Other columns (number, province, index, rank) are ignored: the index is computed, never read.
Every problem refuses the whole file (``ResultsRefused``, each problem by row and column, the
regions that did not resolve in one message) and nothing is written. An accepted file replaces
the round's regions and dimension scores wholesale in one transaction, with one audit event;
the round's current computation is cleared, for the caller to compute the index again
(``services.index_compute``). Only a historical round that is not yet published takes results.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core.models import AuditAction
from kotacerdas.core.permissions import require
from kotacerdas.core.services import audit_record
from kotacerdas.core.workbooks import (
    Col,
    RowError,
    RowErrors,
    WorkbookRefused,
    norm,
    read_table,
    workbook_open,
)
from kotacerdas.core.workbooks.tables import XLSX, TableFile, csv_read, table_file
from kotacerdas.regions.models import Region
from kotacerdas.regions.selectors import ADMINISTRATIVE, AMBIGUOUS, region_resolve_many

from .choices import Phase
from .models import DimensionInput, GroupWeight, MethodDimension, MethodGroup, Round, RoundRegion

FIELD = "file"
REGION = "region"
GROUP = "group"
DEFAULT_GROUP = "regular"
REGION_HEADERS = ("region", "wilayah", "daerah", "kabupaten/kota", "kab/kota", "kode", "kode wilayah", "code")
GROUP_HEADERS = ("group", "kelompok")
EMPTY_MARKS = frozenset({"-", "–", "—"})  # a dimension the region's group does not have
SCORE_DECIMALS = 4  # DimensionInput.score keeps four
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$", re.ASCII)


class ResultsRefused(ValidationError):
    """The file was refused; ``rows`` says where and why (nothing was written)."""

    def __init__(self, rows: Sequence[RowError]) -> None:
        self.rows = list(rows)
        super().__init__([str(row) for row in self.rows] or [_("The file was refused.")])


@dataclass(frozen=True)
class ResultsImported:
    """What an import wrote: the round's regions and dimension scores now, and what they replaced."""

    round: str
    filename: str
    regions: int
    inputs: int
    replaced_regions: int
    replaced_inputs: int
    groups: dict[str, int] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return _("%(regions)s regions and %(inputs)s dimension scores imported into %(round)s.") % {
            "regions": self.regions,
            "inputs": self.inputs,
            "round": self.round,
        }


@dataclass
class _Table:
    """A file read: its sheet's name ("" for CSV), headers by key, and its filled rows."""

    sheet: str
    headers: dict[str, str]  # key → the header as written in the file
    rows: list[tuple[int, dict[str, Any]]]


@dataclass
class _Method:
    """What the file is checked against: the round's method's dimensions and groups."""

    dimensions: list[MethodDimension]
    groups: dict[str, MethodGroup]  # code → group
    group_dimensions: dict[str, list[str]]  # group code → its dimension codes, in order
    scale_min: Decimal
    scale_max: Decimal

    def group_for(self, text: str) -> MethodGroup | None:
        wanted = norm(text)
        for group in self.groups.values():
            if wanted in (norm(group.code), norm(group.name)):
                return group
        return None

    @property
    def default_group(self) -> MethodGroup | None:
        if DEFAULT_GROUP in self.groups:
            return self.groups[DEFAULT_GROUP]
        return next(iter(self.groups.values())) if len(self.groups) == 1 else None


@dataclass
class _Row:
    number: int
    text: str
    group: MethodGroup | None
    scores: dict[str, Decimal]  # dimension code → score
    region: Region | None = None


def _dimension_key(code: str) -> str:
    return f"dim:{code}"


def _refuse(message: str) -> ResultsRefused:
    return ResultsRefused([RowError("", None, None, message)])


def _method(round_: Round) -> _Method:
    method = round_.method
    dimensions = list(MethodDimension.objects.filter(method=method).order_by("position", "code"))
    groups = {g.code: g for g in MethodGroup.objects.filter(method=method).order_by("position", "code")}
    group_dimensions: dict[str, list[str]] = {code: [] for code in groups}
    for group_code, dimension_code in (
        GroupWeight.objects.filter(group__method=method)
        .order_by("group__position", "dimension__position")
        .values_list("group__code", "dimension__code")
    ):
        group_dimensions[group_code].append(dimension_code)
    return _Method(dimensions, groups, group_dimensions, method.scale_min, method.scale_max)


def _round_refusal(round_: Round) -> str:
    """Why results cannot go into ``round_`` ("" when they can)."""
    if not round_.historical:
        return _(
            "Results from letters go only into a historical round; %(round)s is scored by its assessors."
        ) % {"round": round_.code}
    if round_.phase == Phase.PUBLISHED:
        return _(
            "%(round)s is published: its results are final and are not replaced. Create another round "
            "for corrected results."
        ) % {"round": round_.code}
    return ""


# ---------------------------------------------------------------- the file


def _headers(raw: Sequence[Any], method: _Method, sheet: str, errors: RowErrors) -> dict[str, str]:
    """The columns the file gives, by key ("region", "group", "dim:CODE"): each header as written."""
    aliases: dict[str, str] = {norm(h): REGION for h in REGION_HEADERS}
    aliases.update({norm(h): GROUP for h in GROUP_HEADERS})
    for d in method.dimensions:
        for alias in (d.code, d.code.replace("_", " "), d.name):
            aliases[norm(alias)] = _dimension_key(d.code)
    found: dict[str, str] = {}
    for value in raw:
        header = " ".join(str(value).split()) if value is not None else ""
        key = aliases.get(norm(header))
        if key is None:
            continue
        if key in found:
            errors.add(
                sheet,
                1,
                header,
                _("The columns “%(first)s” and “%(second)s” give the same thing: keep one.")
                % {"first": found[key], "second": header},
            )
            continue
        found[key] = header
    if REGION not in found:
        errors.add(
            sheet,
            1,
            None,
            _("The region column is missing: head it Region (the Kemendagri code or the name as printed)."),
        )
    return found


def _cols(headers: dict[str, str]) -> list[Col]:
    return [Col(key=key, header=header, optional=True) for key, header in headers.items()]


def _read_xlsx(upload: File, method: _Method, errors: RowErrors) -> _Table | None:
    try:
        with workbook_open(upload) as opened:
            ws = opened.book.worksheets[0]
            sheet = str(ws.title)
            header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), None)
            if header is None:
                errors.add(sheet, 1, None, _("The header row is missing."))
                return None
            headers = _headers(header, method, sheet, errors)
            if REGION not in headers:
                return None
            rows = read_table(ws, sheet, _cols(headers), errors, opened.deadline)
    except WorkbookRefused as exc:
        raise ResultsRefused(exc.rows) from None
    return None if rows is None else _Table(sheet, headers, rows)


def _read_csv(table: TableFile, method: _Method, errors: RowErrors) -> _Table | None:
    header, rows = csv_read(table)
    if not header:
        errors.add("", 1, None, _("The header row is missing."))
        return None
    headers = _headers(header, method, "", errors)
    if REGION not in headers:
        return None
    positions = {key: [norm(h) for h in header].index(norm(label)) for key, label in headers.items()}
    out: list[tuple[int, dict[str, Any]]] = []
    for number, cells in rows:
        values = {key: (cells[i].strip() or None) if i < len(cells) else None for key, i in positions.items()}
        if any(v is not None for v in values.values()):
            out.append((number, values))
    return _Table("", headers, out)


def _read(file: Any, filename: str, method: _Method, errors: RowErrors) -> tuple[str, _Table | None]:
    """The file's display name and its table (None with ``errors`` noted when it cannot be read).

    An Excel workbook goes through the one file check and the worksheet reader's bounds; a CSV
    file is bounded by the worksheet size and row limits (``core.workbooks.tables``).
    """
    try:
        with table_file(file, filename, field=FIELD, default_name="results") as table:
            if table.kind == XLSX:
                return table.name, _read_xlsx(table.upload, method, errors)
            return table.name, _read_csv(table, method, errors)
    except WorkbookRefused as exc:
        raise ResultsRefused(exc.rows) from None


# ---------------------------------------------------------------- the rows


def _region_text(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"  # 35.71 typed as a number
    return "" if value is None else " ".join(str(value).split())


def _score(value: Any) -> Decimal | str | None:
    """A printed score as a decimal, None when empty, or the error message."""
    if value is None:
        return None
    number: Decimal | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = "".join(str(value).split())
        if text in EMPTY_MARKS or not text:
            return None
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # 3,84: the decimal comma of Indonesian letters
        if _NUMBER.match(text):
            number = Decimal(text)
    if number is None or not number.is_finite():
        return _("“%(value)s” is not a number: type the score only, e.g. 3.84 or 3,84.") % {"value": value}
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -SCORE_DECIMALS:
        number = number.normalize()
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -SCORE_DECIMALS:
            return _("%(value)s has more than %(max)s decimals.") % {"value": value, "max": SCORE_DECIMALS}
    return number


def _rows(table: _Table, method: _Method, errors: RowErrors) -> list[_Row]:
    """Each row's region text, group and scores; every problem of a cell noted in ``errors``."""
    sheet, headers = table.sheet, table.headers
    region_header = headers[REGION]
    group_header = headers.get(GROUP, _("Group"))
    needed_missing: set[str] = set()
    out: list[_Row] = []
    for number, values in table.rows:
        text = _region_text(values.get(REGION))
        if not text:
            errors.add(sheet, number, region_header, _("The region is missing."))
        group_text = _region_text(values.get(GROUP))
        group = method.group_for(group_text) if group_text else method.default_group
        scores: dict[str, Decimal] = {}
        if group is None:
            shown = ", ".join(method.groups) or "—"
            errors.add(
                sheet,
                number,
                group_header,
                _("“%(value)s” is not a group of the method (groups: %(groups)s).")
                % {"value": group_text, "groups": shown}
                if group_text
                else _("Give the region's group (groups: %(groups)s).") % {"groups": shown},
            )
        else:
            scores = _row_scores(number, values, group, table, method, errors, needed_missing)
        if text:
            out.append(_Row(number, text, group, scores))
    for code in sorted(needed_missing):
        errors.add(
            sheet,
            1,
            code,
            _("The column %(dimension)s is missing: a group of the rows has that dimension.")
            % {"dimension": code},
        )
    return out


def _row_scores(
    number: int,
    values: dict[str, Any],
    group: MethodGroup,
    table: _Table,
    method: _Method,
    errors: RowErrors,
    needed_missing: set[str],
) -> dict[str, Decimal]:
    """One row's scores, each within the scale and each dimension of its group given once."""
    sheet, headers = table.sheet, table.headers
    members = method.group_dimensions.get(group.code, [])
    scores: dict[str, Decimal] = {}
    for d in method.dimensions:
        key = _dimension_key(d.code)
        if key not in headers:
            if d.code in members:
                needed_missing.add(d.code)
            continue
        value = _score(values.get(key))
        problem = ""
        if isinstance(value, str):
            problem = value
        elif value is None:
            if d.code in members:
                problem = _("No score for %(dimension)s, a dimension of the group %(group)s.") % {
                    "dimension": d.code,
                    "group": group.code,
                }
        elif d.code not in members:
            problem = _("%(dimension)s is not a dimension of the group %(group)s: leave it empty.") % {
                "dimension": d.code,
                "group": group.code,
            }
        elif not method.scale_min <= value <= method.scale_max:
            problem = _("%(value)s is outside the method's scale (%(min)s to %(max)s).") % {
                "value": value,
                "min": method.scale_min,
                "max": method.scale_max,
            }
        else:
            scores[d.code] = value
        if problem:
            errors.add(sheet, number, headers[key], problem)
    return scores


def _resolve(rows: list[_Row], table: _Table, errors: RowErrors) -> None:
    """Each row's region, in one query; the texts that did not resolve in one message."""
    sheet, header = table.sheet, table.headers[REGION]
    matches = region_resolve_many(row.text for row in rows)
    unresolved: dict[str, list[int]] = {}
    administrative: set[str] = set()
    seen: dict[int, int] = {}
    for row in rows:
        match = matches[row.text]
        if match.region is None:
            if match.problem == AMBIGUOUS:
                errors.add(
                    sheet,
                    row.number,
                    header,
                    _(
                        "“%(text)s” names more than one region (%(regions)s): write Kab. or Kota before "
                        "the name, or the Kemendagri code."
                    )
                    % {
                        "text": row.text,
                        "regions": ", ".join(f"{r.name} ({r.code})" for r in match.candidates),
                    },
                )
            else:
                unresolved.setdefault(row.text, []).append(row.number)
                if match.problem == ADMINISTRATIVE:
                    administrative.add(row.text)
            continue
        row.region = match.region
        first = seen.setdefault(match.region.pk, row.number)
        if first != row.number:
            errors.add(
                sheet,
                row.number,
                header,
                _("%(region)s is already on row %(row)s: keep one row per region.")
                % {"region": f"{match.region.name} ({match.region.code})", "row": first},
            )
    if unresolved:
        listed = []
        for text, numbers in unresolved.items():
            where = _("row %(rows)s") if len(numbers) == 1 else _("rows %(rows)s")
            item = f"“{text}” ({where % {'rows': ', '.join(str(n) for n in numbers)}})"
            if text in administrative:
                item += " " + _(
                    "(an administrative city or regency of DKI Jakarta, not an autonomous region)"
                )
            listed.append(item)
        errors.add(
            sheet,
            None,
            header,
            _(
                "%(count)s regions were not found: %(list)s. Write the Kemendagri code (e.g. 35.71) or "
                "the name as printed with Kab. or Kota (e.g. KOTA KEDIRI)."
            )
            % {"count": len(unresolved), "list": "; ".join(listed)},
        )


# ---------------------------------------------------------------- the import


def results_import(*, actor: Any, round_: Round, file: Any, filename: str = "") -> ResultsImported:
    """Load the printed dimension scores of ``file`` (.xlsx or CSV: bytes, a path or an upload)
    into the historical round ``round_``, replacing its regions and scores wholesale.

    All or nothing: ``ResultsRefused`` lists every problem by row and column, and nothing is
    written. ``PermissionDenied`` without ``evaluation.manage``. The round's current computation
    is cleared: compute the index again (``services.index_compute``).
    """
    require(actor, "evaluation.manage")
    why = _round_refusal(round_)
    if why:
        raise _refuse(why)
    method = _method(round_)
    errors = RowErrors()
    name, table = _read(file, filename, method, errors)
    if table is None:
        raise ResultsRefused(errors.sorted())
    rows = _rows(table, method, errors)
    if not table.rows:
        errors.add(table.sheet, None, None, _("The file has no rows of results."))
    _resolve([r for r in rows if r.text], table, errors)
    if errors.items:
        order = {table.sheet: [Col(key, header) for key, header in table.headers.items()]}
        raise ResultsRefused(errors.sorted([table.sheet], order))
    return _write(actor=actor, round_=round_, rows=rows, filename=name)


def _write(*, actor: Any, round_: Round, rows: list[_Row], filename: str) -> ResultsImported:
    with transaction.atomic():
        locked = Round.objects.select_for_update(of=("self",)).select_related("method").get(pk=round_.pk)
        why = _round_refusal(locked)
        if why:
            raise _refuse(why)
        replaced_regions = RoundRegion.objects.filter(round=locked).count()
        replaced_inputs = DimensionInput.objects.filter(entry__round=locked).count()
        DimensionInput.objects.filter(entry__round=locked).delete()
        RoundRegion.objects.filter(round=locked).delete()
        RoundRegion.objects.bulk_create(
            [RoundRegion(round=locked, region=row.region, group=row.group) for row in rows if row.group]
        )
        entries = dict(RoundRegion.objects.filter(round=locked).values_list("region_id", "id"))
        dimensions = dict(MethodDimension.objects.filter(method=locked.method).values_list("code", "id"))
        inputs = [
            DimensionInput(entry_id=entries[row.region.pk], dimension_id=dimensions[code], score=score)
            for row in rows
            if row.region is not None
            for code, score in row.scores.items()
        ]
        DimensionInput.objects.bulk_create(inputs)
        if locked.snapshot_id is not None:
            Round.objects.filter(pk=locked.pk).update(snapshot=None)
            round_.snapshot = None
        groups: dict[str, int] = {}
        for row in rows:
            if row.group is not None:
                groups[row.group.code] = groups.get(row.group.code, 0) + 1
        summary = ResultsImported(
            round=locked.code,
            filename=filename,
            regions=len(rows),
            inputs=len(inputs),
            replaced_regions=replaced_regions,
            replaced_inputs=replaced_inputs,
            groups=groups,
        )
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            obj=locked,
            changes={
                "file": filename,
                "regions": [replaced_regions, summary.regions],
                "dimension_inputs": [replaced_inputs, summary.inputs],
                "groups": groups,
            },
            message=_("Results of %(count)s regions imported into %(round)s from %(file)s")
            % {"count": summary.regions, "round": locked.code, "file": filename},
        )
    return summary
