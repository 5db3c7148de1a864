"""Progress reports in bulk through a worksheet (.xlsx): an agency downloads its items of a period,
fills status, %, budget and values offline, and uploads the file (the page and the API).

- ``bulk_template``: the workbook of the items of the plan in force that the actor reports on,
  prefilled with their reports of the period (an instructions sheet, the report sheet, the
  period's facts and the status vocabulary behind the dropdown).
- ``bulk_read``: the one entry of the page and the API: the file's bounds are checked first
  (``core.workbooks``); a workbook of more than ``WORKBOOK_BACKGROUND_ROWS`` rows is read by a
  background job (``tasks.py``), a smaller one at once by ``bulk_preview``.
- ``bulk_preview``: read the file with the one worksheet reader, match each row to its item (the
  hidden ID, else the code), check every row with ``services.reports_check`` (the form's
  validation, permission, lock, state and version checks) and stage the preview
  (``core.StagedUpload``) for its creator. Any invalid cell refuses the whole file, every
  problem named by sheet, row and column. Each row is new, changed (field: old → new),
  unchanged, a conflict (the report changed after the sheet was downloaded) or refused (lock,
  permission, a report already submitted or approved).
- ``bulk_apply``: apply a staged preview once, all or nothing, in one transaction
  (``services.reports_write``): new and changed rows, and the conflicts ticked. Unchanged rows are
  skipped, so uploading the same sheet again changes nothing and writes no audit event.
- ``bulk_upload``: preview and apply at once (scripts and the bench): the sheet is read and each
  row checked once, in the writing transaction, and nothing is staged.

The workbook is in Indonesian whatever the page's language: it is exchanged between offices.
"""

from .format import STAGED_KIND, BulkRefused
from .template import bulk_agencies, bulk_scope, bulk_template, template_filename
from .upload import (
    BulkResult,
    BulkStarted,
    Preview,
    bulk_apply,
    bulk_preview,
    bulk_read,
    bulk_upload,
    staged_get_for_user,
)

__all__ = [
    "STAGED_KIND",
    "BulkRefused",
    "BulkResult",
    "BulkStarted",
    "Preview",
    "bulk_agencies",
    "bulk_apply",
    "bulk_preview",
    "bulk_read",
    "bulk_scope",
    "bulk_template",
    "bulk_upload",
    "staged_get_for_user",
    "template_filename",
]
