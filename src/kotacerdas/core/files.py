"""Uploaded documents (MoU, decrees, minutes, regulations): checks, permission-checked downloads,
and removal of replaced files once the change commits."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, default_storage
from django.db import transaction
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


def file_delete_on_commit(name: str | None, *, storage: Storage | None = None) -> None:
    """Delete stored file ``name`` once the surrounding transaction commits; on rollback it stays."""
    if not name:
        return
    store = storage or default_storage
    transaction.on_commit(lambda: store.delete(name), robust=True)


def file_replaced(old_name: str | None, field_file: Any) -> None:
    """Call after saving a change to a file field: the file it held before (``old_name``) is
    deleted once the change commits, if the field now holds another file or none."""
    if old_name and old_name != (getattr(field_file, "name", "") or ""):
        file_delete_on_commit(old_name, storage=getattr(field_file, "storage", None))


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
