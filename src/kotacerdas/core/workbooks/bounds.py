"""The bounds of a workbook, checked before any parser reads it.

An .xlsx file is a zip of XML parts. A small file can unpack to gigabytes (one shared string of
400 MB compresses to a few hundred kilobytes) or hold a million rows, and a parser would hold
all of it in memory or keep a worker busy for many minutes. ``workbook_check_bounds`` looks at
the zip's directory (the declared sizes of its parts: Python's zip reader never unpacks more
than a part declares), then streams each sheet's XML counting its rows, within a time budget:

- the file itself: at most ``KOTACERDAS_MAX_WORKSHEET_BYTES``;
- each part once unpacked: at most ``WORKBOOK_MAX_PART_BYTES``; all of them together: at most
  ``WORKBOOK_MAX_UNCOMPRESSED_BYTES``;
- each sheet: at most ``WORKBOOK_MAX_ROWS`` rows (counting the row tags and the highest row
  number, since a parser fills the gaps with empty rows);
- all of it, and the reading that follows: ``WORKBOOK_TIME_BUDGET_SECONDS``.

A refusal raises ``WorkbookRefused`` with a translated message; memory stays at about one
megabyte whatever the file holds. The zip part of the check (``zip_over_limit``) is shared with
the upload check of Office files (``core.files``).
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .errors import RowError

MiB = 1024 * 1024
DEFAULTS = {
    "KOTACERDAS_MAX_WORKSHEET_BYTES": 20 * MiB,
    "WORKBOOK_MAX_UNCOMPRESSED_BYTES": 64 * MiB,
    "WORKBOOK_MAX_PART_BYTES": 32 * MiB,
    "WORKBOOK_MAX_ROWS": 100_000,
    "WORKBOOK_TIME_BUDGET_SECONDS": 60,
}
MAX_PARTS = 2_000  # a spreadsheet program writes a few dozen
CHUNK = 1024 * 1024
HEAD = 64 * 1024  # the <dimension> element comes first in a sheet
SMALL_PART = 1024 * 1024  # workbook.xml and its relationships are read whole only below this

_ROW = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?row(?=[\s/>])([^>]*)>")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d{1,12})["']""")
_DIMENSION = re.compile(rb"""<(?:[A-Za-z_][\w.\-]*:)?dimension\s[^>]*ref\s*=\s*["']([A-Z$0-9:]+)["']""")
_SHEET = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?sheet\s([^>]*)>")
_RELATIONSHIP = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?Relationship\s([^>]*)>")
_ATTRIBUTE = re.compile(r"""([\w:.\-]+)\s*=\s*["']([^"']*)["']""")


@dataclass(frozen=True)
class Limits:
    """The bounds a workbook must stay within (``workbook_limits()`` reads them from settings)."""

    max_file_bytes: int
    max_uncompressed_bytes: int
    max_part_bytes: int
    max_rows: int
    time_budget_seconds: float
    max_parts: int = MAX_PARTS


def _setting(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


def workbook_limits() -> Limits:
    return Limits(
        max_file_bytes=_setting("KOTACERDAS_MAX_WORKSHEET_BYTES"),
        max_uncompressed_bytes=_setting("WORKBOOK_MAX_UNCOMPRESSED_BYTES"),
        max_part_bytes=_setting("WORKBOOK_MAX_PART_BYTES"),
        max_rows=_setting("WORKBOOK_MAX_ROWS"),
        time_budget_seconds=float(getattr(settings, "WORKBOOK_TIME_BUDGET_SECONDS", 60)),
    )


def workbook_background_rows() -> int:
    """Workbooks with more rows than this (all sheets together) are read by a background job."""
    return int(getattr(settings, "WORKBOOK_BACKGROUND_ROWS", 5000))


class WorkbookRefused(Exception):
    """The workbook was refused; ``rows`` says why (nothing was read, nothing written)."""

    def __init__(self, rows: Sequence[RowError]) -> None:
        self.rows = list(rows)
        super().__init__("; ".join(str(r) for r in self.rows))


def _refuse(message: str, sheet: str = "") -> WorkbookRefused:
    return WorkbookRefused([RowError(sheet, None, None, message)])


class Deadline:
    """The time budget of one workbook: checked while counting and while reading rows."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise _refuse(
                _("Reading the workbook took more than %(seconds)s seconds: split it into smaller files.")
                % {"seconds": f"{self.seconds:g}"}
            )


@dataclass
class Bounds:
    """What the check found: the rows of each sheet (by name) and the unpacked size."""

    rows: dict[str, int] = field(default_factory=dict)
    uncompressed_bytes: int = 0
    deadline: Deadline | None = None

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def file_size(file: Any) -> int | None:
    """The size of ``file`` (bytes, a path, an upload or a binary file) without reading it."""
    if isinstance(file, bytes | bytearray):
        return len(file)
    if isinstance(file, str | Path):
        return Path(file).stat().st_size
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    try:
        position = file.tell()
        file.seek(0, io.SEEK_END)
        end = file.tell()
        file.seek(position)
        return int(end - position)
    except (AttributeError, OSError, ValueError):
        return None


def as_source(file: Any) -> Any:
    """Something ``zipfile`` and openpyxl can open, positioned at the start."""
    source: Any = io.BytesIO(file) if isinstance(file, bytes | bytearray) else file
    if hasattr(source, "seek"):
        source.seek(0)
    return source


def _attributes(text: str) -> dict[str, str]:
    return {key.split(":")[-1]: html.unescape(value) for key, value in _ATTRIBUTE.findall(text)}


def _sheet_parts(archive: zipfile.ZipFile, names: set[str]) -> dict[str, str] | None:
    """Sheet part -> sheet name, from workbook.xml and its relationships (None: unreadable)."""
    try:
        book = archive.getinfo("xl/workbook.xml")
        rels = archive.getinfo("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    if book.file_size > SMALL_PART or rels.file_size > SMALL_PART:
        return None
    try:
        book_xml = archive.read(book).decode("utf-8", "replace")
        rels_xml = archive.read(rels).decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        return None
    targets: dict[str, str] = {}
    for match in _RELATIONSHIP.finditer(rels_xml):
        attrs = _attributes(match.group(1))
        target = attrs.get("Target", "")
        if not target or attrs.get("TargetMode") == "External":
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        targets[attrs.get("Id", "")] = part
    parts: dict[str, str] = {}
    for match in _SHEET.finditer(book_xml):
        attrs = _attributes(match.group(1))
        sheet_part = targets.get(attrs.get("id", ""))
        if sheet_part and sheet_part in names:
            parts[sheet_part] = attrs.get("name", sheet_part)
    return parts


def _count_rows(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str, limits: Limits, deadline: Deadline
) -> int:
    """The rows of one sheet part, streamed; refuses as soon as there are too many."""

    def too_many() -> WorkbookRefused:
        return _refuse(
            _("The sheet %(sheet)s has more than %(max)s rows: split it into smaller files.")
            % {"sheet": sheet, "max": limits.max_rows},
            sheet,
        )

    count = highest = 0
    tail = b""
    first = True
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(CHUNK)
            if first:
                first = False
                head = _DIMENSION.search(chunk[:HEAD])
                if head:
                    last = re.findall(rb"\d+", head.group(1).split(b":")[-1])
                    if last and int(last[-1]) > limits.max_rows:
                        raise too_many()
            if not chunk:
                break
            buffer = tail + chunk
            cut = buffer.rfind(b"<")
            cut = len(buffer) if cut < 0 else cut
            for match in _ROW.finditer(buffer, 0, cut):
                count += 1
                number = _ROW_NUMBER.search(match.group(1))
                if number:
                    highest = max(highest, int(number.group(1)))
            tail = buffer[cut:]
            if max(count, highest) > limits.max_rows:
                raise too_many()
            deadline.check()
    return max(count, highest)


def workbook_check_bounds(file: Any, limits: Limits | None = None) -> Bounds:
    """Check ``file`` against ``limits`` (default: the settings) before it is parsed.

    Returns the rows per sheet and the started time budget (``Bounds.deadline``, for the
    reading that follows); raises ``WorkbookRefused`` with a translated message otherwise.
    """
    limits = limits or workbook_limits()
    deadline = Deadline(limits.time_budget_seconds)
    size = file_size(file)
    if size is not None and size > limits.max_file_bytes:
        raise _refuse(
            _("The file is too large (at most %(size)s).") % {"size": filesizeformat(limits.max_file_bytes)}
        )
    if size == 0:
        raise _refuse(_("The file is empty."))
    source = as_source(file)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _refuse(_("This is not an Excel workbook (.xlsx).")) from None
    try:
        return _check_archive(archive, limits, deadline)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise _refuse(_("This is not an Excel workbook (.xlsx), or it is damaged.")) from None
    finally:
        archive.close()
        if hasattr(source, "seek"):
            source.seek(0)


@dataclass(frozen=True)
class ZipOverLimit:
    """The first bound a zip's directory breaks (``zip_over_limit``); each caller phrases it."""

    bound: Literal["parts", "part_bytes", "total_bytes"]  # too many parts, one part, all together
    actual: int
    maximum: int
    part: str = ""  # the part's name, for "part_bytes"


def zip_over_limit(infos: Sequence[zipfile.ZipInfo], limits: Limits) -> ZipOverLimit | None:
    """Check an Office file's zip directory (the declared sizes of its parts; nothing is
    unpacked) against ``limits``: the number of parts, each part and all parts together once
    unpacked. The one bounds check of a zip, for workbooks and for uploaded Office files."""
    if len(infos) > limits.max_parts:
        return ZipOverLimit("parts", len(infos), limits.max_parts)
    total = 0
    for info in infos:
        if info.file_size > limits.max_part_bytes:
            return ZipOverLimit("part_bytes", info.file_size, limits.max_part_bytes, info.filename[:100])
        total += info.file_size
    if total > limits.max_uncompressed_bytes:
        return ZipOverLimit("total_bytes", total, limits.max_uncompressed_bytes)
    return None


def _check_archive(archive: zipfile.ZipFile, limits: Limits, deadline: Deadline) -> Bounds:
    infos = archive.infolist()
    over = zip_over_limit(infos, limits)
    if over and over.bound == "parts":
        raise _refuse(
            _("The workbook has too many parts (%(n)s, at most %(max)s).")
            % {"n": over.actual, "max": over.maximum}
        )
    if over and over.bound == "part_bytes":
        raise _refuse(
            _(
                "The workbook is too large once unpacked: its part %(part)s holds %(size)s (at most %(max)s per part)."
            )
            % {"part": over.part, "size": filesizeformat(over.actual), "max": filesizeformat(over.maximum)}
        )
    if over:
        raise _refuse(
            _("The workbook is too large once unpacked: %(size)s (at most %(max)s).")
            % {"size": filesizeformat(over.actual), "max": filesizeformat(over.maximum)}
        )
    total = sum(info.file_size for info in infos)
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        raise _refuse(_("This is not an Excel workbook (.xlsx)."))
    parts = _sheet_parts(archive, names)
    if parts is None:  # unusual structure: count the rows of every XML part
        parts = {name: name for name in names if name.lower().endswith(".xml")}
    for name in sorted(names):
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            parts.setdefault(name, name)
    bounds = Bounds(uncompressed_bytes=total, deadline=deadline)
    for part, sheet in parts.items():
        bounds.rows[sheet] = bounds.rows.get(sheet, 0) + _count_rows(
            archive, archive.getinfo(part), sheet, limits, deadline
        )
    return bounds
