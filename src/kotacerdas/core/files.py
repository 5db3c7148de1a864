"""Uploaded documents (MoU, decrees, minutes, regulations): checks and permission-checked downloads."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def pdf_check(upload: Any, *, field: str) -> None:
    """Refuse anything but a PDF (by name and by its first bytes) within ``settings.MAX_UPLOAD_BYTES``."""
    if not upload:
        return
    limit = int(settings.MAX_UPLOAD_BYTES)
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            {
                field: _("The file is too large (%(size)s); the limit is %(limit)s.")
                % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
            }
        )
    name = str(getattr(upload, "name", "") or "")
    head = b""
    if hasattr(upload, "seek") and hasattr(upload, "read"):
        upload.seek(0)
        head = upload.read(5)
        upload.seek(0)
    if not name.lower().endswith(".pdf") or head != b"%PDF-":
        raise ValidationError({field: _("Only PDF files can be uploaded (the file must be a .pdf).")})


def file_download(field_file: Any, *, filename: str = "") -> FileResponse:
    """Serve a stored file as an attachment (the caller has checked the actor may read it)."""
    if not field_file:
        raise Http404("file")
    name = filename or PurePosixPath(field_file.name).name
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("file") from exc
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
