"""Uploaded documents (MoU, decrees, minutes, regulations): checks, permission-checked downloads,
and removal of replaced files once the change commits."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header
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


def _content_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def _chunks(field_file: Any) -> Iterator[bytes]:
    """The stored file in pieces; opened only once the body is read, closed when done (so an
    answer nobody reads leaves no file open)."""
    with field_file.storage.open(field_file.name, "rb") as handle:
        while chunk := handle.read(64 * 1024):
            yield chunk


def file_download(
    field_file: Any, *, filename: str = "", content_type: str = "", inline: bool = False
) -> StreamingHttpResponse:
    """Serve a stored file as an attachment, or ``inline`` to be shown in the browser; 404 when
    there is none (the caller has checked the actor may read it). The content type follows the
    name unless given."""
    if not field_file or not field_file.storage.exists(field_file.name):
        raise Http404("file")
    name = filename or PurePosixPath(field_file.name).name
    return StreamingHttpResponse(
        _chunks(field_file),
        content_type=content_type or _content_type(name),
        headers={
            "Content-Length": str(field_file.size),
            "Content-Disposition": content_disposition_header(not inline, name) or "inline",
        },
    )


def bytes_download(content: bytes, filename: str, *, content_type: str = "") -> HttpResponse:
    """Serve generated ``content`` (a document, a worksheet) as an attachment named ``filename``;
    the content type follows the name unless given."""
    response = HttpResponse(content, content_type=content_type or _content_type(filename))
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
