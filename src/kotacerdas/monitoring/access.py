"""Who may write a progress report, when, and the messages of a refusal: the one rule the report
form, the bulk upload, the API and the evidence files apply."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from kotacerdas.core.services import (
    UserLike,
)

from . import selectors
from .configure import DEADLINE_DAYS as DEADLINE_DAYS  # re-exported: monitoring's writes, from one module
from .configure import lock_exception_grant as lock_exception_grant
from .configure import lock_exception_revoke as lock_exception_revoke
from .configure import period_dates as period_dates
from .configure import period_update as period_update
from .configure import region_settings_update as region_settings_update
from .configure import reporting_year_setup as reporting_year_setup
from .configure import status_add as status_add
from .configure import status_save as status_save
from .configure import thresholds_update as thresholds_update
from .models import (
    ProgressReport,
    ReportingPeriod,
)
from .progress import deadline_end as deadline_end  # re-exported with the stored roll-up
from .progress import region_progress_refresh as region_progress_refresh
from .progress import rollup_json as rollup_json


def writer_message() -> str:
    return _("Only the owning agency and the region's coordinator report on this item.")


def not_in_force_message() -> str:
    return _("This item is not in the region's master plan in force: its reports are kept, read-only.")


def require_writer(actor: UserLike, *, region_id: int, agency_id: int) -> None:
    if not selectors.may_report(actor, region_id=region_id, agency_id=agency_id):
        raise PermissionDenied(writer_message())


def require_open(period: ReportingPeriod, *, region_id: int, agency_id: int) -> None:
    lock = selectors.period_lock(period, region_id=region_id, agency_id=agency_id)
    if lock is not None:
        raise ValidationError(lock.message, code="locked")


def conflict_message() -> str:
    return _(
        "Someone else changed this report after you opened it. Their values are shown; nothing was saved."
    )


def state_message(report: ProgressReport) -> str:
    return _("This report is %(state)s and can no longer be changed.") % {
        "state": report.get_state_display().lower()
    }
