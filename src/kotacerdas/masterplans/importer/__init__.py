"""Import a whole master plan from a worksheet, and export one.

``entry``: the one path of every entry point (``worksheet_read``: bounds, background job for
big files, then a staged preview, a preview only, or an import; ``worksheet_apply`` confirms a
staged preview). ``plan_import`` (``plan_import``) writes a ``ParsedPlan`` into the region's
draft version of the plan with the same first year, in one transaction, or previews it
(``dry_run``): additions and changes are applied; removals, and conflicts (rows changed in the
application after the file was exported), only when confirmed. ``sync``: the one keyed sync of
programmes, actions and quick wins, matched on lineage first and code second (updated in place,
so they keep their ``uid`` and ``lineage``). ``result``: what an import found and did.
``export``: a version as a worksheet. Nothing is written when nothing changed; otherwise one
``import`` audit event records the counts. The same rules as the editor apply
(``worksheets.plan_check`` runs ``rules.check_plan``).
"""

from .entry import (
    APPLY,
    PREVIEW,
    STAGE,
    STAGED_HOURS,
    STAGED_KIND,
    UPLOAD_DIR,
    ImportStarted,
    background_rows,
    staged_get_for_user,
    worksheet_apply,
    worksheet_read,
    worksheet_read_now,
)
from .export import export_filename, plan_export, template_build, template_filename, version_parsed
from .plan_import import plan_import
from .result import (
    ADD,
    CHANGE,
    HEADER_KEY,
    REMOVE,
    Change,
    Counts,
    ImportRefused,
    ImportResult,
    import_summary,
    preview_summary,
)
from .sync import match_rows

__all__ = [
    "ADD",
    "APPLY",
    "CHANGE",
    "HEADER_KEY",
    "PREVIEW",
    "REMOVE",
    "STAGE",
    "STAGED_HOURS",
    "STAGED_KIND",
    "UPLOAD_DIR",
    "Change",
    "Counts",
    "ImportRefused",
    "ImportResult",
    "ImportStarted",
    "background_rows",
    "export_filename",
    "import_summary",
    "match_rows",
    "plan_export",
    "plan_import",
    "preview_summary",
    "staged_get_for_user",
    "template_build",
    "template_filename",
    "version_parsed",
    "worksheet_apply",
    "worksheet_read",
    "worksheet_read_now",
]
