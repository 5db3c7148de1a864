"""Stored files: random names on disk, removal of replaced files once the change commits, and
downloads (the caller has checked the actor may read the file)."""

from __future__ import annotations

import mimetypes
import re
import uuid
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header

from .kinds import FileKind

_PREFIX = re.compile(r"[a-z0-9_-]+(?:/[a-z0-9_-]+)*")


def random_upload_name(prefix: str, kind: FileKind) -> str:
    """A fresh storage name for a file of ``kind``: ``<prefix>/<year>/<month>/<random>.<ext>``
    (e.g. ``evidence/2026/12/3f2a….pdf``). The person's file name is never used on disk: keep
    it as display data (``CheckedFile.display_name``)."""
    if not _PREFIX.fullmatch(prefix):
        raise ValueError(f"upload prefix must be lower-case folder names: {prefix!r}")
    return f"{prefix}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{kind.extension}"


@deconstructible(path="kotacerdas.core.files.RandomUploadTo")
class RandomUploadTo:
    """A ``FileField(upload_to=RandomUploadTo("evidence"))``: every file saved to the field gets
    a ``random_upload_name`` under ``prefix``. The kind is taken from the name's ending, which
    ``upload_check`` has matched to the content; a name of no accepted kind is a ``ValueError``
    (the upload was not checked)."""

    def __init__(self, prefix: str) -> None:
        if not _PREFIX.fullmatch(prefix):
            raise ValueError(f"upload prefix must be lower-case folder names: {prefix!r}")
        self.prefix = prefix

    def __call__(self, instance: Any, filename: str) -> str:
        kind = FileKind.for_name(filename)
        if kind is None:
            raise ValueError(f"no accepted file kind ends like {PurePosixPath(filename).suffix!r}")
        return random_upload_name(self.prefix, kind)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomUploadTo) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(("RandomUploadTo", self.prefix))


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
    field_file: Any,
    *,
    filename: str = "",
    kind: FileKind | None = None,
    content_type: str = "",
    inline: bool = False,
) -> StreamingHttpResponse:
    """Serve a stored file as an attachment, or ``inline`` to be shown in the browser; 404 when
    there is none (the caller has checked the actor may read it).

    ``filename`` is the name offered to the browser (a checked display name; non-ASCII names
    are sent the RFC 5987 way), by default the stored name. The content type is the one of
    ``kind`` (what ``upload_check`` found), else ``content_type``, else what the name suggests;
    ``X-Content-Type-Options: nosniff`` keeps the browser from guessing another."""
    if not field_file or not field_file.storage.exists(field_file.name):
        raise Http404("file")
    name = filename or PurePosixPath(field_file.name).name
    return StreamingHttpResponse(
        _chunks(field_file),
        content_type=(kind.content_type if kind else "") or content_type or _content_type(name),
        headers={
            "Content-Length": str(field_file.size),
            "Content-Disposition": content_disposition_header(not inline, name) or "inline",
            "X-Content-Type-Options": "nosniff",
        },
    )


def bytes_download(content: bytes, filename: str, *, content_type: str = "") -> HttpResponse:
    """Serve generated ``content`` (a document, a worksheet) as an attachment named ``filename``;
    the content type follows the name unless given."""
    response = HttpResponse(content, content_type=content_type or _content_type(filename))
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
