"""The monitoring vocabularies that are code, not data (the status vocabulary is data:
``ProgressStatus`` rows per reporting year)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PeriodScheme(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly")
    SEMESTER = "semester", _("Half-yearly (semester)")
    YEARLY = "yearly", _("Yearly")


# How many periods a year each scheme has.
PERIODS_PER_YEAR: dict[str, int] = {
    PeriodScheme.QUARTERLY: 4,
    PeriodScheme.SEMESTER: 2,
    PeriodScheme.YEARLY: 1,
}


class ReportState(models.TextChoices):
    """A progress report's way through moderation: draft → submitted → approved (or returned)."""

    DRAFT = "draft", pgettext_lazy("report state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("report state", "Submitted")
    RETURNED = "returned", pgettext_lazy("report state", "Returned")
    APPROVED = "approved", pgettext_lazy("report state", "Approved")


# States in which the reporting agency may still edit the report.
EDITABLE_STATES = (ReportState.DRAFT.value, ReportState.RETURNED.value)


class Weighting(models.TextChoices):
    """How a programme's % is formed from its actions' %."""

    EQUAL = "equal", _("Mean of its actions")
    BUDGET = "budget", _("Weighted by the actions' planned budget for the year")


class Light(models.TextChoices):
    """The traffic light comparing achievement with budget absorption."""

    GREEN = "green", _("On track")
    AMBER = "amber", _("Achievement lags absorption")
    RED = "red", _("Achievement lags absorption far")


# The default status vocabulary of a new reporting year: (code, label, % or None when the
# status is excluded from roll-ups). The ministry edits it per year.
DEFAULT_STATUSES: list[tuple[str, object, int | None]] = [
    ("not_started", _("Not started"), 0),
    ("preparation", _("Preparation"), 25),
    ("in_progress", _("In progress"), 50),
    ("pilot", _("Pilot"), 75),
    ("operational", _("Operational"), 100),
    ("cancelled", _("Cancelled"), None),
    ("postponed", _("Postponed"), None),
]
