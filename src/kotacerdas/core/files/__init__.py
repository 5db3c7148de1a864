"""Uploaded files, for the whole product: the one check, storage names, thumbnails, downloads.

- ``check``: ``upload_check`` accepts a file only if its **content** is one of the kinds asked
  for (never trusting its name or the browser's content type), its name is a plain file name
  ending as that kind's names do, and its size is within the limit; otherwise a
  ``ValidationError`` naming the file and saying why, with nothing written. ``pdf_check``
  (documents) and ``evidence_check`` (evidence of progress) are its two uses.
- ``kinds``: the accepted kinds (``FileKind``: PDF, PNG, JPEG, .xlsx, .docx) and the
  signatures that recognise them.
- ``office``: which Office file a zip is, within the workbook bounds (``core.workbooks``).
- ``images``: images decoded within a pixel budget; ``image_thumbnail``.
- ``stored``: random storage names (``random_upload_name``, ``RandomUploadTo``), replaced files
  deleted on commit, downloads (``file_download``, ``bytes_download``).
"""

from .check import CheckedFile, evidence_check, kinds_label, pdf_check, upload_check
from .images import image_max_pixels, image_thumbnail
from .kinds import EVIDENCE_KINDS, IMAGE_KINDS, OFFICE_KINDS, FileKind
from .stored import (
    RandomUploadTo,
    bytes_download,
    file_delete_on_commit,
    file_download,
    file_replaced,
    random_upload_name,
)

__all__ = [
    "EVIDENCE_KINDS",
    "IMAGE_KINDS",
    "OFFICE_KINDS",
    "CheckedFile",
    "FileKind",
    "RandomUploadTo",
    "bytes_download",
    "evidence_check",
    "file_delete_on_commit",
    "file_download",
    "file_replaced",
    "image_max_pixels",
    "image_thumbnail",
    "kinds_label",
    "pdf_check",
    "random_upload_name",
    "upload_check",
]
