"""A region's smart-city master plan as data: versions and the plan tree inside each version.

Tree: PlanVersion -> Programme (under a sub-dimension) -> ActionPlan (budgets, targets);
plus readiness and SWOT, vision and missions, quick wins and the road map.
A new version copies the tree; ``lineage`` keeps an item's identity across versions, so the
diff, and later monitoring, can follow an item even when its code changes. Every lineage has
a row in ``PlanItemLineage`` (monitoring and evaluation point there), and a version holds at
most one item of a lineage.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.models import PublicIdModel, TimeStampedModel

from .choices import (
    BudgetSource,
    Horizon,
    ItemKind,
    RatificationKind,
    ReadinessElement,
    SwotKind,
    VersionStatus,
)

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


class MasterPlan(PublicIdModel):
    """A region's master plan for a period (e.g. 2024-2028); its content lives in versions."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="masterplans"
    )
    title = models.CharField(_("title"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR)

    class Meta:
        ordering = ["region__code", "-start_year"]
        verbose_name = _("master plan")
        verbose_name_plural = _("master plans")
        constraints = [
            models.UniqueConstraint(fields=["region", "start_year"], name="masterplan_one_per_region_period"),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="masterplan_years_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanVersion(PublicIdModel):
    """One version of a master plan. Only a draft can be edited; submitting freezes it."""

    plan = models.ForeignKey(
        MasterPlan, verbose_name=_("master plan"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    vision = models.CharField(_("vision"), max_length=300, blank=True)
    vision_explanation = models.TextField(_("meaning of the vision"), blank=True)
    rpjmd_vision = models.CharField(_("RPJMD vision"), max_length=500, blank=True)
    rpjmd_alignment = models.TextField(_("alignment with the RPJMD"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ratification_kind = models.CharField(
        _("ratified by"), max_length=10, choices=RatificationKind.choices, blank=True
    )
    ratification_number = models.CharField(_("regulation number"), max_length=120, blank=True)
    ratification_date = models.DateField(_("regulation date"), null=True, blank=True)
    ratification_signatory = models.CharField(
        _("signed by"),
        max_length=200,
        blank=True,
        help_text=_("Name of the regent or mayor who signed the regulation, as it is printed under it"),
    )
    ratification_document = models.FileField(_("regulation document"), upload_to="perbup/%Y/", blank=True)

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("master plan version")
        verbose_name_plural = _("master plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planversion_number_unique"),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status=VersionStatus.DRAFT), name="planversion_one_draft"
            ),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status=VersionStatus.RATIFIED), name="planversion_one_ratified"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · v{self.number}"

    @property
    def audit_region_id(self) -> int:
        return self.plan.region_id

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT


class PlanItemLineage(models.Model):
    """The identity of a programme, action plan or quick win across the versions of a plan.

    Its primary key is the ``lineage`` UUID the items carry; monitoring and evaluation point
    here, so their history does not depend on a version or on the item's code.
    """

    id = models.UUIDField(_("lineage"), primary_key=True, default=uuid.uuid4, editable=False)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    plan = models.ForeignKey(
        MasterPlan, verbose_name=_("master plan"), on_delete=models.CASCADE, related_name="lineages"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["plan", "kind", "created_at"]
        verbose_name = _("plan item lineage")
        verbose_name_plural = _("plan item lineages")
        indexes = [models.Index(fields=["region", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.id}"


class VersionChild(TimeStampedModel):
    """Rows that belong to one plan version."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


class Mission(VersionChild):
    """One mission statement under the vision."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="missions")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("mission"))

    class Meta:
        ordering = ["version", "position", "id"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")

    def __str__(self) -> str:
        return self.text[:80]


class Readiness(VersionChild):
    """The readiness of one of the five elements, scored 1-5."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="readiness")
    uid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    element = models.CharField(_("element"), max_length=20, choices=ReadinessElement.choices)
    score = models.PositiveSmallIntegerField(
        _("score (1-5)"), validators=[MinValueValidator(1), MaxValueValidator(5)], null=True, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["version", "element"]
        verbose_name = _("readiness")
        verbose_name_plural = _("readiness")
        constraints = [
            models.UniqueConstraint(fields=["version", "element"], name="readiness_one_per_element"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5), name="readiness_score_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_element_display()}: {self.score}"


class SwotItem(VersionChild):
    """A strength, weakness, opportunity or threat of one readiness element."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="swot_items")
    uid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    element = models.CharField(_("element"), max_length=20, choices=ReadinessElement.choices)
    kind = models.CharField(_("kind"), max_length=1, choices=SwotKind.choices)
    text = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["version", "element", "kind", "position", "id"]
        verbose_name = _("SWOT item")
        verbose_name_plural = _("SWOT items")

    def __str__(self) -> str:
        return f"{self.kind}: {self.text[:60]}"


class Programme(PublicIdModel):
    """A programme (program kerja) under a sub-dimension, owned by an agency."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="programmes")
    lineage = models.UUIDField(_("lineage"), default=uuid.uuid4, editable=False)
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    subdimension = models.ForeignKey(
        "programme.SubDimension", verbose_name=_("sub-dimension"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name=_("owning agency"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    horizon = models.CharField(_("horizon"), max_length=10, choices=Horizon.choices, default=Horizon.MEDIUM)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR)
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["version", "subdimension__dimension__position", "position", "code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(Lower("code"), "version", name="programme_code_unique_in_version"),
            models.UniqueConstraint(fields=["lineage", "version"], name="programme_one_per_lineage"),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="programme_years_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def audit_region_id(self) -> int:
        return self.version.plan.region_id

    @property
    def dimension_id(self) -> int:
        return self.subdimension.dimension_id


class ActionPlan(PublicIdModel):
    """An action plan (rencana aksi) under a programme: owner, years, budget, indicator, targets."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="actions")
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="actions"
    )
    lineage = models.UUIDField(_("lineage"), default=uuid.uuid4, editable=False)
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=300)
    agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name=_("owning agency"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR)
    indicator = models.CharField(_("output indicator"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=18, decimal_places=2, null=True, blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["programme", "position", "code"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(Lower("code"), "version", name="action_code_unique_in_version"),
            models.UniqueConstraint(fields=["lineage", "version"], name="action_one_per_lineage"),
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="action_years_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def audit_region_id(self) -> int:
        return self.version.plan.region_id

    @property
    def budget_total(self) -> Decimal:
        """All years and sources (uses prefetched budgets when present)."""
        return sum((b.amount for b in self.budgets.all()), Decimal(0))


class ActionBudget(TimeStampedModel):
    """Planned budget of an action for one year and one source."""

    action = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    source = models.CharField(_("source"), max_length=10, choices=BudgetSource.choices)
    amount = models.DecimalField(
        _("amount (Rp)"), max_digits=18, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["action", "year", "source"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(fields=["action", "year", "source"], name="budget_unique_year_source"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.source} {self.amount}"


class ActionTarget(TimeStampedModel):
    """The indicator's target for one year."""

    action = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    value = models.DecimalField(_("target"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["action", "year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["action", "year"], name="target_unique_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class QuickWin(PublicIdModel):
    """A quick win: doable in the first one or two years, at least one per dimension."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="quick_wins")
    lineage = models.UUIDField(_("lineage"), default=uuid.uuid4, editable=False)
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=60, blank=True)
    expansion = models.CharField(_("acronym expansion"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    dimension = models.ForeignKey(
        "programme.Dimension", verbose_name=_("dimension"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name=_("owning agency"),
        on_delete=models.PROTECT,
        related_name="quick_wins",
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), validators=YEAR)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("linked programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quick_wins",
    )
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["version", "dimension__position", "position", "code"]
        verbose_name = _("quick win")
        verbose_name_plural = _("quick wins")
        constraints = [
            models.UniqueConstraint(Lower("code"), "version", name="quickwin_code_unique_in_version"),
            models.UniqueConstraint(fields=["lineage", "version"], name="quickwin_one_per_lineage"),
        ]

    def __str__(self) -> str:
        return self.acronym or self.name

    @property
    def audit_region_id(self) -> int:
        return self.version.plan.region_id


class RoadmapItem(VersionChild):
    """A milestone of the road map: what a dimension reaches in a year."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="roadmap_items")
    uid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    dimension = models.ForeignKey(
        "programme.Dimension", verbose_name=_("dimension"), on_delete=models.PROTECT, related_name="+"
    )
    milestone = models.TextField(_("milestone"))

    class Meta:
        ordering = ["version", "year", "dimension__position", "id"]
        verbose_name = _("road map item")
        verbose_name_plural = _("road map items")

    def __str__(self) -> str:
        return f"{self.year}: {self.milestone[:60]}"
