"""Assessors' scores imported by the ministry on their behalf from an Excel workbook (.xlsx) or
a CSV file, all or nothing, through the same checks as an assessor's own ``score_set``.

The first sheet (or the CSV file) is a table, headers in its first row, one row per score:

- **Region**: the Kemendagri code (``52.04``) or the name as printed (``KAB. SUMBAWA``),
  resolved by ``regions.selectors.region_resolve_many``; a region of the round;
- **Assessor**: the assessor's code (``ASR-001``), assigned to that region in the round, who
  has declared no conflict with it and has not submitted;
- **Question**: the question's key in the round's method (``OUTPUT-1-2.1.1``), of a dimension
  weighted for the region's group;
- **Level**: one of the method's levels (a survey question: a mean within the scale); a row
  without a level is left out (the sheet to fill has a row for every question);
- **Note** (optional).

The round must be in a scoring phase that is open (document review or interview), as for the
assessors. Every problem refuses the whole file (``ScoresRefused``, each by sheet, row and
column) and nothing is written; ``scores_preview`` reads and checks without writing, and
``scores_import`` writes every score, each audited, plus one import event on the round.
``scores_template`` builds the sheet to fill: a row per question of each assignment that can
still take scores, with its current level.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kotacerdas.core.models import AuditAction
from kotacerdas.core.permissions import require
from kotacerdas.core.services import UserLike, audit_record
from kotacerdas.core.workbooks import (
    Col,
    RowError,
    RowErrors,
    WorkbookRefused,
    read_table,
    workbook_open,
)
from kotacerdas.core.workbooks.tables import CSV, csv_read, csv_table, table_file
from kotacerdas.regions.selectors import AMBIGUOUS, region_resolve_many

from . import scoring_entry as rules
from .models import Assignment, GroupWeight, Question, Round, Score
from .phases import scoring_require_open
from .self_selectors import group_questions

MANAGE = "evaluation.manage"
FIELD = "file"
COLS = [
    Col("region", "Region", width=16, required=True),
    Col("assessor", "Assessor", width=12, required=True),
    Col("question", "Question", width=20, required=True),
    Col("level", "Level", width=8),
    Col("note", "Note", width=40, optional=True),
]
HEADERS = {c.key: c.header for c in COLS}


class ScoresRefused(ValidationError):
    """The file was refused; ``rows`` says where and why (nothing was written)."""

    def __init__(self, rows: Sequence[RowError]) -> None:
        self.rows = list(rows)
        super().__init__([str(row) for row in self.rows] or [_("The file was refused.")])


@dataclass
class ScoresPreview:
    """A file read and checked: its scores, and how many are new, changed or the same."""

    round: str
    filename: str
    rows: list[rules.ScoreRow]
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0  # rows without a level
    assessors: dict[str, int] = field(default_factory=dict)  # assessor code → scores in the file

    @property
    def message(self) -> str:
        return _("%(count)s scores imported into %(round)s (%(new)s new, %(changed)s changed).") % {
            "count": self.new + self.changed,
            "round": self.round,
            "new": self.new,
            "changed": self.changed,
        }


def _refuse(message: str) -> ScoresRefused:
    return ScoresRefused([RowError("", None, None, message)])


def _text(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"  # 52.04 typed as a number
    return "" if value is None else " ".join(str(value).split())


def _level_text(value: Any) -> str:
    if isinstance(value, float):
        return repr(value).removesuffix(".0")
    return _text(value)


def _read(file: Any, filename: str) -> tuple[str, list[tuple[int, dict[str, Any]]], str]:
    """The file's name, its rows and its sheet's name ("" for CSV): an .xlsx through the one file
    check and the worksheet reader, a CSV file within the same bounds."""
    errors = RowErrors()
    sheet = ""
    try:
        with table_file(file, filename, field=FIELD, default_name="scores") as table:
            name = table.name
            if table.kind == CSV:
                header, raw = csv_read(table)
                rows = csv_table(header, raw, COLS, errors)
            else:
                with workbook_open(table.upload) as opened:
                    ws = opened.book.worksheets[0]
                    sheet = str(ws.title)
                    rows = read_table(ws, sheet, COLS, errors, opened.deadline)
    except WorkbookRefused as exc:
        raise ScoresRefused(exc.rows) from None
    if rows is None or errors.items:
        raise ScoresRefused(errors.sorted([sheet], {sheet: COLS}))
    return name, rows, sheet


def scores_preview(*, actor: UserLike, round_: Round, file: Any, filename: str = "") -> ScoresPreview:
    """Read and check ``file`` for ``round_`` without writing: ``ScoresRefused`` lists every problem."""
    require(actor, MANAGE)
    try:
        scoring_require_open(round_)
    except ValidationError as exc:
        raise _refuse(" ".join(exc.messages)) from None
    name, rows, sheet = _read(file, filename)
    errors = RowErrors()
    if not any(v.get("level") is not None for _n, v in rows):
        errors.add(sheet, None, None, _("The file has no rows of scores."))
    matches = region_resolve_many(_text(v.get("region")) for _n, v in rows if v.get("region") is not None)
    assignments = {
        (a.entry.region_id, a.assessor.code.upper()): a
        for a in Assignment.objects.filter(entry__round=round_).select_related(
            "entry__round__method", "entry__region", "entry__group", "assessor"
        )
    }
    questions = {
        q.key: q for q in Question.objects.filter(method_id=round_.method_id).select_related("dimension")
    }
    group_dims: dict[int, set[int]] = {}
    for group_id, dimension_id in GroupWeight.objects.filter(group__method_id=round_.method_id).values_list(
        "group_id", "dimension_id"
    ):
        group_dims.setdefault(group_id, set()).add(dimension_id)
    existing = {
        (s.assignment_id, s.question_id): s for s in Score.objects.filter(assignment__entry__round=round_)
    }
    preview = ScoresPreview(round=round_.code, filename=name, rows=[])
    seen: dict[tuple[int, int], int] = {}
    for number, values in rows:
        if values.get("level") is None:
            preview.skipped += 1  # a row of the sheet left without a level: nothing to import
            continue
        row = _row(number, values, sheet, errors, matches, assignments, questions, group_dims)
        if row is None:
            continue
        key = (row.assignment.pk, row.question.pk)
        if key in seen:
            errors.add(
                sheet,
                number,
                HEADERS["question"],
                _("This score is already on row %(row)s: keep one row per assessor, region and question.")
                % {"row": seen[key]},
            )
            continue
        seen[key] = number
        preview.rows.append(row)
        before = existing.get(key)
        if before is None:
            preview.new += 1
        elif before.level != row.level or before.note != row.note:
            preview.changed += 1
        else:
            preview.unchanged += 1
        code = row.assignment.assessor.code
        preview.assessors[code] = preview.assessors.get(code, 0) + 1
    if errors.items:
        raise ScoresRefused(errors.sorted([sheet], {sheet: COLS}))
    return preview


def _find(
    number: int,
    values: dict[str, Any],
    sheet: str,
    errors: RowErrors,
    matches: dict[str, Any],
    assignments: dict[tuple[int, str], Assignment],
    questions: dict[str, Question],
) -> tuple[Assignment | None, Question | None]:
    """The row's assignment (region and assessor) and question, each problem noted in ``errors``."""
    text = _text(values.get("region"))
    code = _text(values.get("assessor")).upper()
    key = _text(values.get("question"))
    region = None
    if not text:
        errors.add(sheet, number, HEADERS["region"], _("The region is missing."))
    else:
        match = matches[text]
        region = match.region
        if region is None:
            errors.add(
                sheet,
                number,
                HEADERS["region"],
                _("“%(text)s” names more than one region: write Kab. or Kota before the name, or the code.")
                % {"text": text}
                if match.problem == AMBIGUOUS
                else _(
                    "“%(text)s” is not a region: write the Kemendagri code (e.g. 52.04) or the name as printed."
                )
                % {"text": text},
            )
    if not code:
        errors.add(sheet, number, HEADERS["assessor"], _("The assessor's code is missing."))
    assignment = assignments.get((region.pk, code)) if region is not None and code else None
    if region is not None and code and assignment is None:
        errors.add(
            sheet,
            number,
            HEADERS["assessor"],
            _("%(assessor)s is not assigned to %(region)s in this round.")
            % {"assessor": code, "region": region.name},
        )
    question = questions.get(key)
    if question is None:
        errors.add(
            sheet,
            number,
            HEADERS["question"],
            _("“%(key)s” is not a question of the round's method.") % {"key": key}
            if key
            else _("The question's key is missing."),
        )
    return assignment, question


def _row(
    number: int,
    values: dict[str, Any],
    sheet: str,
    errors: RowErrors,
    matches: dict[str, Any],
    assignments: dict[tuple[int, str], Assignment],
    questions: dict[str, Question],
    group_dims: dict[int, set[int]],
) -> rules.ScoreRow | None:
    """One row checked (every problem noted in ``errors``), or None."""
    assignment, question = _find(number, values, sheet, errors, matches, assignments, questions)
    if assignment is None or question is None:
        return None
    problems: dict[str, list[str]] = {}
    if assignment.no_conflict_declared_at is None:
        errors.add(
            sheet,
            number,
            HEADERS["assessor"],
            _(
                "%(assessor)s has not declared having no conflict of interest with %(region)s: they do so first."
            )
            % {"assessor": assignment.assessor.code, "region": assignment.entry.region.name},
        )
        return None
    try:
        rules.not_submitted_check(assignment)
    except ValidationError as exc:
        errors.add(sheet, number, HEADERS["assessor"], " ".join(exc.messages))
        return None
    try:
        rules.question_check(assignment, question, group_dims.get(assignment.entry.group_id, set()))
    except ValidationError as exc:
        errors.add(sheet, number, HEADERS["question"], " ".join(exc.messages))
        return None
    level: Decimal | None = None
    note = ""
    try:
        level = rules.level_clean(assignment.entry.round.method, question, _level_text(values.get("level")))
    except ValidationError as exc:
        problems["level"] = exc.messages
    try:
        note = rules.note_clean(_text(values.get("note")))
    except ValidationError as exc:
        problems["note"] = exc.messages
    for name, messages in problems.items():
        errors.add(sheet, number, HEADERS[name], " ".join(messages))
    if level is None or problems:
        return None
    return rules.ScoreRow(assignment=assignment, question=question, level=level, note=note)


def scores_import(*, actor: UserLike, round_: Round, file: Any, filename: str = "") -> ScoresPreview:
    """Write the scores of ``file`` into ``round_`` on behalf of their assessors, all or nothing."""
    preview = scores_preview(actor=actor, round_=round_, file=file, filename=filename)
    message = _("Score imported into %(round)s from %(file)s") % {
        "round": round_.code,
        "file": preview.filename,
    }
    with transaction.atomic():
        rules.scores_write(actor=actor, rows=preview.rows, message=message)
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            obj=round_,
            changes={
                "file": preview.filename,
                "scores": {
                    "new": preview.new,
                    "changed": preview.changed,
                    "unchanged": preview.unchanged,
                    "skipped": preview.skipped,
                },
                "assessors": preview.assessors,
            },
            message=_("%(count)s scores imported into %(round)s from %(file)s")
            % {"count": preview.new + preview.changed, "round": round_.code, "file": preview.filename},
        )
    return preview


def scores_template(*, actor: UserLike, round_: Round) -> bytes:
    """The sheet to fill: one row per question of each assignment that still takes scores
    (declared, not submitted), with its current level and note."""
    require(actor, MANAGE)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Scores"))
    for i, col in enumerate(COLS):
        ws.column_dimensions[chr(ord("A") + i)].width = col.width
    ws.append([c.header for c in COLS])
    assignments = list(
        Assignment.objects.filter(
            entry__round=round_, no_conflict_declared_at__isnull=False, submitted_at__isnull=True
        ).select_related("entry__round", "entry__region", "entry__group", "assessor")
    )
    scores = {
        (s.assignment_id, s.question_id): s
        for s in Score.objects.filter(assignment__in=[a.pk for a in assignments])
    }
    by_group: dict[int, list[Question]] = {}
    for a in assignments:
        if a.entry.group_id not in by_group:
            by_group[a.entry.group_id] = group_questions(a.entry)
        for q in by_group[a.entry.group_id]:
            s = scores.get((a.pk, q.pk))
            ws.append(
                [
                    a.entry.region.code,
                    a.assessor.code,
                    q.key,
                    rules.level_text(s.level) if s is not None else None,
                    s.note if s is not None else None,
                ]
            )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
