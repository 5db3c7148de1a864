"""Which Office file a zip is: an Excel workbook (.xlsx), a Word document (.docx), or neither.

An Office Open XML file is a zip whose ``[Content_Types].xml`` names the content type of its
main part. The zip is opened with Python's reader on the upload itself: its directory is
checked against the workbook bounds first (``core.workbooks.zip_over_limit``: the number of
parts and their declared sizes once unpacked), then only ``[Content_Types].xml`` is read, and
only when small. Nothing is extracted or written; Python's zip reader never unpacks more than
a part declares.
"""

from __future__ import annotations

import html
import re
import zipfile
from typing import Any

from kotacerdas.core.workbooks import Limits, ZipOverLimit, workbook_limits, zip_over_limit

from .kinds import FileKind

CONTENT_TYPES = "[Content_Types].xml"
CONTENT_TYPES_MAX_BYTES = 256 * 1024  # Word and Excel write a few kilobytes
MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": FileKind.XLSX,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": FileKind.DOCX,
}
_OVERRIDE = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?Override\s([^>]*)>")
_ATTRIBUTE = re.compile(r"""([\w:.\-]+)\s*=\s*["']([^"']*)["']""")
_MACROS = re.compile(r"macroEnabled|vbaProject|vbaData", re.IGNORECASE)
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    ValueError,
    EOFError,
    NotImplementedError,
    RuntimeError,
)


class OfficeRefused(Exception):
    """The zip is not an accepted Office file. ``reason``: ``"damaged"``, ``"too_large"`` (with
    ``over``: which bound), ``"macros"``, or ``"other"`` (a zip of another kind)."""

    def __init__(self, reason: str, over: ZipOverLimit | None = None) -> None:
        self.reason = reason
        self.over = over
        super().__init__(reason)


def office_kind(source: Any, limits: Limits | None = None) -> FileKind:
    """The Office kind of the zip ``source`` (a binary file, positioned anywhere; left at its
    start), or ``OfficeRefused``."""
    limits = limits or workbook_limits()
    source.seek(0)
    try:
        with zipfile.ZipFile(source) as archive:
            return _main_part_kind(archive, limits)
    except _ZIP_ERRORS:
        raise OfficeRefused("damaged") from None
    finally:
        source.seek(0)


def _main_part_kind(archive: zipfile.ZipFile, limits: Limits) -> FileKind:
    infos = archive.infolist()
    over = zip_over_limit(infos, limits)
    if over:
        raise OfficeRefused("too_large", over)
    names = {info.filename for info in infos}
    if len(names) != len(infos):  # two parts of one name: readers disagree on which counts
        raise OfficeRefused("damaged")
    try:
        info = archive.getinfo(CONTENT_TYPES)
    except KeyError:
        raise OfficeRefused("other") from None
    if info.file_size > CONTENT_TYPES_MAX_BYTES:
        raise OfficeRefused("other")
    text = archive.read(info).decode("utf-8", "replace")
    if _MACROS.search(text) or any(name.lower().endswith("vbaproject.bin") for name in names):
        raise OfficeRefused("macros")
    lower_names = {name.lower() for name in names}
    kinds = set()
    for match in _OVERRIDE.finditer(text):
        attrs = {
            key.split(":")[-1]: html.unescape(value) for key, value in _ATTRIBUTE.findall(match.group(1))
        }
        kind = MAIN_PARTS.get(attrs.get("ContentType", "").strip())
        if kind and attrs.get("PartName", "").lstrip("/").lower() in lower_names:
            kinds.add(kind)
    if len(kinds) != 1:  # none, or a workbook and a document at once
        raise OfficeRefused("other")
    return kinds.pop()
