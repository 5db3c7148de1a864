"""The kinds of file the product accepts, and what the first bytes of a file say it is.

A kind is recognised by its content, never by its name or the content type the browser sent:
PDF by ``%PDF-``, PNG by its eight-byte signature, JPEG by its start-of-image marker, Office
files by the zip signature (the zip's ``[Content_Types].xml`` then says which, ``office.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.db import models
from django.utils.translation import gettext_lazy

PDF_MAGIC = b"%PDF-"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SOI = b"\xff\xd8\xff"
ZIP_SIGNATURE = b"PK\x03\x04"
HEAD_BYTES = 1024  # how much of a file ``sniff`` looks at


class FileKind(models.TextChoices):
    """An accepted kind of file; the value is what a model stores (``choices=FileKind.choices``)."""

    PDF = "pdf", gettext_lazy("PDF document")
    PNG = "png", gettext_lazy("PNG image")
    JPEG = "jpeg", gettext_lazy("JPEG image")
    XLSX = "xlsx", gettext_lazy("Excel workbook")
    DOCX = "docx", gettext_lazy("Word document")

    @property
    def content_type(self) -> str:
        return _SPECS[self].content_type

    @property
    def extensions(self) -> tuple[str, ...]:
        """The name endings a file of this kind may have (lower case, with the dot)."""
        return _SPECS[self].extensions

    @property
    def extension(self) -> str:
        """The ending given to a stored file of this kind (without the dot)."""
        return _SPECS[self].extensions[0].removeprefix(".")

    @property
    def is_image(self) -> bool:
        return self in IMAGE_KINDS

    @property
    def is_office(self) -> bool:
        return self in OFFICE_KINDS

    @classmethod
    def for_name(cls, name: str) -> FileKind | None:
        """The kind a file name's ending stands for (None: no accepted kind ends that way)."""
        suffix = PurePosixPath(name).suffix.lower()
        return next((kind for kind in cls if suffix in kind.extensions), None)


@dataclass(frozen=True)
class _Spec:
    content_type: str
    extensions: tuple[str, ...]


_SPECS = {
    FileKind.PDF: _Spec("application/pdf", (".pdf",)),
    FileKind.PNG: _Spec("image/png", (".png",)),
    FileKind.JPEG: _Spec("image/jpeg", (".jpg", ".jpeg")),
    FileKind.XLSX: _Spec("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    FileKind.DOCX: _Spec(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)
    ),
}

IMAGE_KINDS = frozenset({FileKind.PNG, FileKind.JPEG})
OFFICE_KINDS = frozenset({FileKind.XLSX, FileKind.DOCX})
EVIDENCE_KINDS = (FileKind.PDF, FileKind.PNG, FileKind.JPEG, FileKind.XLSX, FileKind.DOCX)

# What a refused file turned out to be, for a clearer message than "not an accepted type".
SVG = "svg"
HTML = "html"
ZIP = "zip"
_SVG = re.compile(rb"<svg[\s>/]")
_HTML = re.compile(rb"<!doctype\s+html|<(?:html|head|body|script|iframe|meta|a|div|title)[\s>/]")


def sniff(head: bytes) -> FileKind | str | None:
    """What the first bytes (``HEAD_BYTES`` of them) of a file are: a kind recognised by its
    signature (PDF, PNG, JPEG), ``ZIP`` (an Office file or another archive: look inside),
    ``SVG`` or ``HTML`` (never accepted), or None."""
    if head.startswith(PDF_MAGIC):
        return FileKind.PDF
    if head.startswith(PNG_SIGNATURE):
        return FileKind.PNG
    if head.startswith(JPEG_SOI):
        return FileKind.JPEG
    if head.startswith(ZIP_SIGNATURE):
        return ZIP
    text = head.lstrip(b"\xef\xbb\xbf\xfe\xff\x00 \t\r\n").lower().replace(b"\x00", b"")
    if _SVG.search(text):
        return SVG
    if _HTML.search(text):
        return HTML
    return None
