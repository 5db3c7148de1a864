"""The one check of an uploaded file: its name, its size, and what its content really is.

``upload_check`` is called by every service that accepts a file, before anything is written;
it reads the file (bounded: the first kilobyte, an Office file's zip directory and content
types, an image's pixels) and writes nothing. ``pdf_check`` (documents: MoU, decrees, minutes,
regulations) and ``evidence_check`` (evidence of progress) are the two uses of it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from kotacerdas.core.workbooks.bounds import file_size

from .images import ImageRefused, image_check
from .kinds import EVIDENCE_KINDS, HEAD_BYTES, HTML, SVG, ZIP, FileKind, sniff
from .office import OfficeRefused, office_kind

NAME_MAX_CHARS = 255
DEFAULT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    """An accepted upload: what it is, the name to show (never used on disk), its size."""

    kind: FileKind
    display_name: str
    size: int

    @property
    def content_type(self) -> str:
        return self.kind.content_type


def upload_check(
    upload: Any, *, field: str, kinds: Iterable[FileKind], max_bytes: int | None = None
) -> CheckedFile:
    """Accept ``upload`` (an uploaded file, or any Django ``File``) only if its content is one of
    ``kinds``, its name is a plain file name ending as that kind's names do, and it holds 1 to
    ``max_bytes`` bytes (default ``settings.MAX_UPLOAD_BYTES``).

    The kind is found from the content alone: PDF, PNG and JPEG by their signature, images
    decoded within ``settings.IMAGE_MAX_PIXELS``, Office files by their zip's content types
    within the workbook bounds. Otherwise raises ``ValidationError({field: message})``, the
    message naming the file and saying why. Reads at most what those checks need, writes
    nothing, and leaves the file at its start for saving.
    """
    allowed = tuple(kinds)
    if not upload:
        raise ValidationError({field: _("No file was sent.")})
    name = _display_name(upload, field)
    upload.seek(0)
    size = file_size(upload) or 0
    limit = int(settings.MAX_UPLOAD_BYTES if max_bytes is None else max_bytes)
    if size == 0:
        raise ValidationError({field: _("%(name)s is empty.") % {"name": name}})
    if size > limit:
        raise ValidationError(
            {
                field: _("%(name)s is too large (%(size)s); the limit is %(limit)s.")
                % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
            }
        )
    kind = _content_kind(upload, name, allowed, field)
    if PurePosixPath(name).suffix.lower() not in kind.extensions:
        raise ValidationError(
            {
                field: _(
                    "%(name)s does not match its content (%(kind)s): rename it to end in %(extensions)s."
                )
                % {"name": name, "kind": kind.label, "extensions": " / ".join(kind.extensions)}
            }
        )
    if kind.is_image:
        _image_check(upload, kind, name, field)
    upload.seek(0)
    return CheckedFile(kind=kind, display_name=name, size=size)


def pdf_check(upload: Any, *, field: str) -> None:
    """Refuse anything but a PDF named ``.pdf`` within ``settings.MAX_UPLOAD_BYTES``; no file
    (None, or a form's empty file field) passes, the caller deciding whether one is required."""
    if upload:
        upload_check(upload, field=field, kinds=(FileKind.PDF,))


def evidence_check(upload: Any, *, field: str) -> CheckedFile:
    """Check an evidence file (PDF, PNG, JPEG, .xlsx, .docx) within
    ``settings.EVIDENCE_MAX_BYTES``."""
    limit = int(getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_EVIDENCE_MAX_BYTES))
    return upload_check(upload, field=field, kinds=EVIDENCE_KINDS, max_bytes=limit)


def kinds_label(kinds: Iterable[FileKind]) -> str:
    """The kinds as a list for a message, e.g. "PDF document (.pdf), JPEG image (.jpg, .jpeg)"."""
    return ", ".join(f"{kind.label} ({', '.join(kind.extensions)})" for kind in kinds)


def _display_name(upload: Any, field: str) -> str:
    """The name the person gave the file, to show and to offer on download, if it is a plain
    file name: no folder, no control or invisible characters, at most ``NAME_MAX_CHARS``."""
    raw = str(getattr(upload, "name", "") or "")
    name = unicodedata.normalize("NFC", raw).strip()
    plain = (
        name not in ("", ".", "..")
        and "/" not in name
        and "\\" not in name
        and all(char.isprintable() for char in name)
    )
    if not plain:
        shown = "".join(char if char.isprintable() else "?" for char in raw)[:NAME_MAX_CHARS]
        raise ValidationError(
            {
                field: _(
                    "The file name “%(name)s” is not allowed: it contains a folder, or control or "
                    "invisible characters. Rename the file and try again."
                )
                % {"name": shown}
            }
        )
    if len(name) > NAME_MAX_CHARS:
        raise ValidationError(
            {
                field: _("The file name %(name)s… is too long (at most %(max)s characters).")
                % {"name": name[:40], "max": NAME_MAX_CHARS}
            }
        )
    return name


def _content_kind(upload: Any, name: str, allowed: tuple[FileKind, ...], field: str) -> FileKind:
    upload.seek(0)
    found = sniff(upload.read(HEAD_BYTES))
    upload.seek(0)
    if found == ZIP and any(kind.is_office for kind in allowed):
        found = _office_kind(upload, name, field)
    if isinstance(found, FileKind):
        if found not in allowed:
            raise ValidationError(
                {
                    field: _("%(name)s (%(kind)s) is not accepted here; accepted: %(kinds)s.")
                    % {"name": name, "kind": found.label, "kinds": kinds_label(allowed)}
                }
            )
        return found
    if found == SVG:
        message = _(
            "%(name)s is an SVG drawing, which cannot be uploaded (it may hold scripts); accepted: %(kinds)s."
        )
    elif found == HTML:
        message = _("%(name)s is a web page (HTML), which cannot be uploaded; accepted: %(kinds)s.")
    else:
        message = _("%(name)s cannot be accepted: its content is of no accepted kind; accepted: %(kinds)s.")
    raise ValidationError({field: message % {"name": name, "kinds": kinds_label(allowed)}})


def _office_kind(upload: Any, name: str, field: str) -> FileKind:
    try:
        return office_kind(upload)
    except OfficeRefused as refused:
        over = refused.over
        if over and over.bound == "parts":
            message = _("%(name)s has too many parts once unpacked (%(n)s, at most %(max)s).") % {
                "name": name,
                "n": over.actual,
                "max": over.maximum,
            }
        elif over and over.bound == "part_bytes":
            message = _(
                "%(name)s is too large once unpacked: one of its parts holds %(size)s (at most %(max)s per part)."
            ) % {"name": name, "size": filesizeformat(over.actual), "max": filesizeformat(over.maximum)}
        elif over:
            message = _("%(name)s is too large once unpacked: %(size)s (at most %(max)s).") % {
                "name": name,
                "size": filesizeformat(over.actual),
                "max": filesizeformat(over.maximum),
            }
        elif refused.reason == "macros":
            message = _(
                "%(name)s contains macros, which cannot be uploaded: save it as .xlsx or .docx without macros."
            ) % {"name": name}
        elif refused.reason == "damaged":
            message = _("%(name)s cannot be read: the file is damaged or incomplete.") % {"name": name}
        else:
            message = _(
                "%(name)s is a ZIP archive, not an Excel workbook (.xlsx) or a Word document (.docx)."
            ) % {"name": name}
        raise ValidationError({field: message}) from None


def _image_check(upload: Any, kind: FileKind, name: str, field: str) -> None:
    try:
        image_check(upload, kind)
    except ImageRefused as refused:
        if refused.reason == "too_many_pixels":
            message = _("The image %(name)s has too many pixels (at most %(max)s million).") % {
                "name": name,
                "max": f"{refused.max_pixels / 1_000_000:g}",
            }
        else:
            message = _("%(name)s cannot be read: the file is damaged or incomplete.") % {"name": name}
        raise ValidationError({field: message}) from None
