"""Provinces and kabupaten/kota by Kemendagri code, with history across splits (pemekaran)."""

from __future__ import annotations

import datetime as dt

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.models import TimeStampedModel

from .choices import RegionLevel

KEMENDAGRI_CODE = RegexValidator(
    r"^\d{2}(\.\d{2})?$",
    _("A Kemendagri code is PP for a province or PP.KK for a kabupaten/kota, e.g. 52.04."),
)


class RegionQuerySet(models.QuerySet["Region"]):
    def current(self, on: dt.date | None = None) -> RegionQuerySet:
        """Regions in force on ``on`` (today when omitted)."""
        day = on or dt.date.today()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def provinces(self) -> RegionQuerySet:
        return self.filter(level=RegionLevel.PROVINCE)

    def kabupaten_kota(self) -> RegionQuerySet:
        return self.filter(level__in=[RegionLevel.KABUPATEN, RegionLevel.KOTA])


class Region(TimeStampedModel):
    """A province or a kabupaten/kota. Codes are Kemendagri codes (never BPS codes).

    A retired code keeps its row (``valid_until`` set, ``replaced_by`` pointing to its new
    code); a region created by a split names the region it was split from.
    """

    code = models.CharField(_("Kemendagri code"), max_length=5, unique=True, validators=[KEMENDAGRI_CODE])
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("kind"), max_length=10, choices=RegionLevel.choices)
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"level": RegionLevel.PROVINCE},
    )
    capital = models.CharField(_("capital"), max_length=120, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    split_from = models.ForeignKey(
        "self",
        verbose_name=_("split from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="split_into",
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=Q(level=RegionLevel.PROVINCE, province__isnull=True)
                | (~Q(level=RegionLevel.PROVINCE) & Q(province__isnull=False)),
                name="region_province_iff_not_province",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="region_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def region_id(self) -> int:
        """A region is its own region in the audit trail."""
        return self.pk

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def is_current(self) -> bool:
        today = dt.date.today()
        return (self.valid_from is None or self.valid_from <= today) and (
            self.valid_until is None or self.valid_until >= today
        )
