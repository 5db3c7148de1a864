"""Implementation monitoring: reporting periods, the status vocabulary, progress reports with
their evidence, lock exceptions and the stored roll-up of each region and period.

A report is written on a plan item's lineage (``masterplans.PlanItemLineage``), so its history
follows the item across plan versions and code changes; ``action`` / ``quick_win`` point to the
item as it was in the version in force when the report was written.
Only approved reports count in roll-ups (``monitoring/rollup.py`` is the one rule);
``RegionProgress`` stores the roll-up of a region and period, rewritten in the transaction
that approves a report, so dashboards are fresh the moment a report is approved.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from kotacerdas.core.files import RandomUploadTo
from kotacerdas.core.models import PublicIdModel, TimeStampedModel, VersionedModel

from .choices import PeriodScheme, ReportState, Weighting

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]
PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class ReportingYear(VersionedModel):
    """A programme year of monitoring: its period scheme and traffic-light thresholds."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=YEAR)
    scheme = models.CharField(
        _("reporting periods"), max_length=12, choices=PeriodScheme.choices, default=PeriodScheme.QUARTERLY
    )
    # Achievement may lag budget absorption by up to ``amber_gap`` percentage points and stay green;
    # beyond ``red_gap`` the light turns red.
    amber_gap = models.DecimalField(
        _("amber from (percentage points)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(10),
        validators=PERCENT,
    )
    red_gap = models.DecimalField(
        _("red from (percentage points)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(25),
        validators=PERCENT,
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("reporting year")
        verbose_name_plural = _("reporting years")
        constraints = [
            models.CheckConstraint(
                condition=Q(amber_gap__gte=0) & Q(red_gap__gte=models.F("amber_gap")) & Q(red_gap__lte=100),
                name="reportingyear_gaps_ordered",
            )
        ]

    def __str__(self) -> str:
        return str(self.year)


class ProgressStatus(TimeStampedModel):
    """One word of a year's status vocabulary and the % it sets; no % means the status
    (cancelled, postponed) is excluded from roll-ups."""

    reporting_year = models.ForeignKey(ReportingYear, on_delete=models.CASCADE, related_name="statuses")
    code = models.SlugField(_("code"), max_length=30)
    label = models.CharField(_("label"), max_length=80)
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["reporting_year", "position", "id"]
        verbose_name = _("progress status")
        verbose_name_plural = _("progress statuses")
        constraints = [
            models.UniqueConstraint(fields=["reporting_year", "code"], name="progressstatus_code_unique"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="progressstatus_percent_max_100"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def excluded(self) -> bool:
        return self.percent is None


class ReportingPeriod(TimeStampedModel):
    """One reporting period of a year (a quarter, a semester or the year): the span it covers,
    when reporting opens and its deadline; after the deadline it is locked."""

    reporting_year = models.ForeignKey(ReportingYear, on_delete=models.CASCADE, related_name="periods")
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    starts_on = models.DateField(_("covers from"))
    ends_on = models.DateField(_("covers until"))
    opens_on = models.DateField(_("reporting opens"))
    deadline = models.DateField(_("deadline"))

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(
                fields=["reporting_year", "number"], name="reportingperiod_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="reportingperiod_span"
            ),
            models.CheckConstraint(
                condition=Q(opens_on__lte=models.F("deadline")), name="reportingperiod_window"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def year(self) -> int:
        return self.starts_on.year

    @property
    def label(self) -> str:
        """ "Triwulan II 2025", "Semester I 2025" or "Tahun 2025" (the scheme is read from the
        number of months the period covers, so no query is needed)."""
        months = (
            (self.ends_on.year - self.starts_on.year) * 12 + self.ends_on.month - self.starts_on.month + 1
        )
        roman = ["I", "II", "III", "IV"][self.number - 1]
        if months >= 12:
            return pgettext("reporting period", "Year %(year)s") % {"year": self.year}
        if months >= 6:
            return pgettext("reporting period", "Semester %(n)s %(year)s") % {"n": roman, "year": self.year}
        return pgettext("reporting period", "Quarter %(n)s %(year)s") % {"n": roman, "year": self.year}

    @property
    def code(self) -> str:
        """The period's public code in URLs and worksheets: ``2025-1``."""
        return f"{self.year}-{self.number}"


class LockException(TimeStampedModel):
    """The ministry lets one region (or one agency of it) report in a locked period until a date."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="lock_exceptions")
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty to open the period for every agency of the region."),
    )
    until = models.DateField(_("open until"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["period", "region", "-until"]
        verbose_name = _("lock exception")
        verbose_name_plural = _("lock exceptions")
        indexes = [models.Index(fields=["period", "region"])]

    def __str__(self) -> str:
        return f"{self.period} · {self.region} · {self.until}"

    @property
    def audit_region_id(self) -> int:
        return self.region_id


class RegionSettings(VersionedModel):
    """A region's choices for its roll-up (equal or budget-weighted programmes)."""

    region = models.OneToOneField(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="monitoring_settings",
    )
    weighting = models.CharField(
        _("programme progress"), max_length=10, choices=Weighting.choices, default=Weighting.EQUAL
    )

    class Meta:
        verbose_name = _("monitoring settings")
        verbose_name_plural = _("monitoring settings")

    def __str__(self) -> str:
        return f"{self.region} · {self.get_weighting_display()}"

    @property
    def audit_region_id(self) -> int:
        return self.region_id


class ProgressReport(PublicIdModel):
    """What an agency did on one plan item (an action or a quick win) in one period."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    lineage = models.ForeignKey(
        "masterplans.PlanItemLineage",
        verbose_name=_("plan item"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    kind = models.CharField(_("kind"), max_length=12)
    # The item as it was in the version in force when reported (kept for reading when the item is
    # later dropped from the plan; the lineage is what ties the history together).
    action = models.ForeignKey(
        "masterplans.ActionPlan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quick_win = models.ForeignKey(
        "masterplans.QuickWin", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    item_code = models.CharField(_("code"), max_length=30)
    item_name = models.CharField(_("name"), max_length=300)
    agency = models.ForeignKey(
        "organisation.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT
    )
    status = models.ForeignKey(
        ProgressStatus, verbose_name=_("status"), on_delete=models.PROTECT, related_name="+"
    )
    manual_percent = models.DecimalField(
        _("manual progress (%)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    manual_reason = models.TextField(_("reason for the manual progress"), blank=True)
    budget_realised = models.DecimalField(
        _("budget realised (Rp, this year so far)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    indicator_actual = models.DecimalField(
        _("indicator value achieved"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    narrative = models.TextField(_("what was done"), blank=True)
    links = models.JSONField(_("links to the application"), default=list, blank=True)
    # The browser's key of its last accepted send: a resent offline draft is recognised, not applied twice.
    client_key = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_comment = models.TextField(_("comment when returned"), blank=True)

    class Meta:
        ordering = ["period", "item_code", "id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(fields=["lineage", "period"], name="progressreport_one_per_item_period"),
            models.CheckConstraint(
                condition=Q(manual_percent__isnull=True)
                | (Q(manual_percent__gte=0) & Q(manual_percent__lte=100)),
                name="progressreport_manual_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(manual_percent__isnull=True) | ~Q(manual_reason=""),
                name="progressreport_manual_percent_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "period", "state"], name="report_region_period_state"),
            models.Index(fields=["agency", "period", "state"], name="report_agency_period_state"),
            models.Index(fields=["state", "decided_at"], name="report_state_decided"),
            # the region dashboard's latest approved updates, newest first
            models.Index(fields=["region", "state", "-decided_at"], name="report_region_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.item_code} · {self.period}"

    @property
    def audit_region_id(self) -> int:
        return self.region_id

    @property
    def percent(self) -> Decimal | None:
        """The report's %: the manual one when given, else the status's (None when excluded)."""
        if self.manual_percent is not None:
            return self.manual_percent
        return None if self.status.percent is None else Decimal(self.status.percent)


class Evidence(PublicIdModel):
    """A supporting file of a progress report (PDF, image or office file), stored under a random name."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=RandomUploadTo("evidence"), max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    thumbnail = models.FileField(
        _("thumbnail"), upload_to=RandomUploadTo("evidence"), max_length=200, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["report", "created_at", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.name

    @property
    def audit_region_id(self) -> int:
        return self.report.region_id


class RegionProgress(models.Model):
    """The stored roll-up of one region in one period (``monitoring/rollup.py`` computed it),
    rewritten in every transaction that approves, returns or withdraws an approved report."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="region_progress")
    plan_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    # Reporting figures of the period: items expected, approved, submitted on time.
    items_expected = models.PositiveIntegerField(default=0)
    items_approved = models.PositiveIntegerField(default=0)
    items_on_time = models.PositiveIntegerField(default=0)
    budget_planned = models.DecimalField(max_digits=20, decimal_places=2, default=Decimal(0))
    budget_realised = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    # The whole roll-up (dimensions, programmes, agencies, excluded and no-data items) as JSON.
    rollup = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["period", "region"]
        verbose_name = _("region progress")
        verbose_name_plural = _("region progress")
        constraints = [
            models.UniqueConstraint(fields=["region", "period"], name="regionprogress_one_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} · {self.period_id} · {self.plan_percent}"

    @property
    def reporting_rate(self) -> float | None:
        """Items with an approved report ÷ items expected, in % (None when none are expected)."""
        return self.items_approved / self.items_expected * 100 if self.items_expected else None

    @property
    def on_time_rate(self) -> float | None:
        """Items approved on a report submitted by the deadline ÷ items expected, in %."""
        return self.items_on_time / self.items_expected * 100 if self.items_expected else None
