"""A table file, Excel workbook (.xlsx) or CSV, told apart and read within the same bounds.

``table_file`` opens what an importer was given (bytes, a path, an upload) and says which kind
it is: an Excel workbook goes through the one file check (``core.files``) and is then read with
``reader``; a CSV file is bounded by the same size and row limits and read here
(``csv_read``: UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252; the delimiter of
the first line, comma, semicolon or tab; its data rows with their numbers as a spreadsheet shows
them). ``csv_table`` finds ``Col`` headers in a CSV as ``read_table`` does in a sheet.
A refusal is a ``WorkbookRefused`` with a translated message, as for a workbook.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from kotacerdas.core.files import upload_check
from kotacerdas.core.files.kinds import HEAD_BYTES, ZIP_SIGNATURE, FileKind, sniff

from .bounds import WorkbookRefused, file_size, workbook_limits
from .columns import Col
from .errors import RowError, RowErrors
from .reader import norm

DELIMITERS = (";", "\t", ",")  # a tie between the first two: the first; comma wins a tie with either
XLSX, CSV = "xlsx", "csv"


def _refuse(message: str) -> WorkbookRefused:
    return WorkbookRefused([RowError("", None, None, message)])


@dataclass
class TableFile:
    """An opened table file: its plain name, its kind (``xlsx`` or ``csv``) and the file."""

    name: str
    kind: str
    upload: File


@contextmanager
def table_file(
    file: Any, filename: str = "", *, field: str = "file", default_name: str = "table"
) -> Iterator[TableFile]:
    """``file`` (bytes, a path, an upload or a binary file) opened as an Excel workbook that passed
    the one file check, or as a CSV file within the size limit; ``WorkbookRefused`` otherwise."""
    limits = workbook_limits()
    with ExitStack() as stack:
        if isinstance(file, bytes | bytearray):
            upload: File = ContentFile(bytes(file), name=filename or default_name)
        elif isinstance(file, str | Path):
            path = Path(file)
            upload = File(stack.enter_context(path.open("rb")), name=filename or path.name)
        else:
            name = filename or Path(str(getattr(file, "name", "") or default_name)).name
            upload = file if isinstance(file, File) else File(file, name=name)
            upload.name = name
        name = str(upload.name or "")
        upload.seek(0)
        head = upload.read(HEAD_BYTES)
        upload.seek(0)
        if isinstance(head, str):
            head = head.encode()
        if head.startswith(ZIP_SIGNATURE) or name.lower().endswith(".xlsx"):
            try:
                upload_check(upload, field=field, kinds=(FileKind.XLSX,), max_bytes=limits.max_file_bytes)
            except ValidationError as exc:
                raise _refuse(" ".join(exc.messages)) from None
            yield TableFile(name, XLSX, upload)
            return
        if not name.lower().endswith(".csv") or sniff(head) is not None:
            raise _refuse(
                _("%(name)s is neither an Excel workbook (.xlsx) nor a CSV file (.csv).") % {"name": name}
            )
        size = file_size(upload) or 0
        if size == 0:
            raise _refuse(_("%(name)s is empty.") % {"name": name})
        if size > limits.max_file_bytes:
            raise _refuse(
                _("%(name)s is too large; the limit is %(max)s bytes.")
                % {"name": name, "max": limits.max_file_bytes}
            )
        yield TableFile(name, CSV, upload)


def _decode(data: bytes, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise _refuse(
        _("%(name)s is not a text file that can be read: save the sheet again as CSV UTF-8 or as .xlsx.")
        % {"name": name}
    )


def csv_read(table: TableFile) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The CSV file's header cells (``[]`` when it has none) and its non-empty data rows, each with
    its number as a spreadsheet shows it (the header is row 1)."""
    limits = workbook_limits()
    table.upload.seek(0)
    data = table.upload.read(limits.max_file_bytes + 1)
    if isinstance(data, str):
        data = data.encode()
    text = _decode(data, table.name)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=lambda d: (first.count(d), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            return [], []
        for number, cells in enumerate(reader, start=2):
            if number > limits.max_rows:
                raise _refuse(
                    _("%(name)s has more than %(max)s rows: split it into smaller files.")
                    % {"name": table.name, "max": limits.max_rows}
                )
            if any(cell.strip() for cell in cells):
                rows.append((number, cells))
    except csv.Error as exc:
        raise _refuse(
            _("%(name)s is not a readable CSV file (%(why)s).") % {"name": table.name, "why": exc}
        ) from None
    return header, rows


def csv_table(
    header: Sequence[str], rows: Sequence[tuple[int, list[str]]], cols: Sequence[Col], errors: RowErrors
) -> list[tuple[int, dict[str, Any]]] | None:
    """A CSV file's rows as ``read_table`` gives a sheet's: ``(row number, {key: text or None})``,
    headers found by name in any order; ``None`` (with the problems noted) when a column is missing."""
    if not header:
        errors.add("", 1, None, _("The header row is missing."))
        return None
    index: dict[str, int] = {}
    for i, cell in enumerate(header):
        index.setdefault(norm(cell), i)
    positions: dict[str, int] = {}
    missing = False
    for col in cols:
        found = index.get(norm(col.header))
        if found is None:
            if not col.optional:
                errors.add("", 1, col.header, _("The column %(column)s is missing.") % {"column": col.header})
                missing = True
        else:
            positions[col.key] = found
    if missing:
        return None
    out: list[tuple[int, dict[str, Any]]] = []
    for number, cells in rows:
        values = {
            col.key: (
                (cells[i].strip() or None) if 0 <= (i := positions.get(col.key, -1)) < len(cells) else None
            )
            for col in cols
        }
        if any(v is not None for v in values.values()):
            out.append((number, values))
    return out
