"""The programme: smart dimensions catalogue, cohorts, kawasan and each participant's path."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.models import PublicIdModel, TimeStampedModel, VersionedModel

from .choices import KawasanKind, Stage, Track


class Dimension(TimeStampedModel):
    """One of the six smart-city dimensions (a configurable catalogue)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name (Indonesian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("smart dimension")
        verbose_name_plural = _("smart dimensions")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name


class SubDimension(TimeStampedModel):
    """A sub-dimension (e.g. governance: public service, bureaucracy, public policy)."""

    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="subdimensions")
    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["dimension__position", "position", "code"]
        verbose_name = _("sub-dimension")
        verbose_name_plural = _("sub-dimensions")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name


class Cohort(VersionedModel):
    """A year's intake of the programme (e.g. "Gerakan Menuju 100 Smart City 2017")."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2015), MaxValueValidator(2100)]
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self) -> str:
        return self.name


class Kawasan(VersionedModel):
    """An area enrolling several regions together (KSPN tourism areas, IKN)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=KawasanKind.choices, default=KawasanKind.KSPN)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kawasan")
        verbose_name_plural = _("kawasan")

    def __str__(self) -> str:
        return self.name


class Participation(VersionedModel):
    """A region's membership of the programme: its cohort, track and current stage."""

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="participation"
    )
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="participations"
    )
    track = models.CharField(_("track"), max_length=10, choices=Track.choices, default=Track.REGULAR)
    kawasan = models.ForeignKey(
        Kawasan,
        verbose_name=_("kawasan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.SELECTED)
    stage_date = models.DateField(_("stage date"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["region__code"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(track=Track.REGULAR, kawasan__isnull=True)
                | models.Q(track=Track.KAWASAN, kawasan__isnull=False),
                name="participation_kawasan_iff_track",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} · {self.cohort}"

    def cohort_start_date(self) -> dt.date:
        return dt.date(self.cohort.year - 1, 1, 1)


class StageChange(TimeStampedModel):
    """One step on a participant's timeline (stage, date, who recorded it)."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["participation", "date", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        constraints = [
            models.UniqueConstraint(fields=["participation", "stage"], name="stage_change_once_per_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.participation.region} · {self.get_stage_display()} · {self.date}"

    @property
    def audit_region_id(self) -> int:
        return self.participation.region_id


class MoU(PublicIdModel):
    """The MoU / Nota Kesepakatan a regional head signs with the ministry."""

    participation = models.OneToOneField(Participation, on_delete=models.CASCADE, related_name="mou")
    number = models.CharField(_("number"), max_length=120, unique=True)
    date = models.DateField(_("date signed"))
    signatories = models.TextField(_("signatories"), help_text=_("One per line: name, position."))
    document = models.FileField(_("document"), upload_to="mou/%Y/", blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("MoU")
        verbose_name_plural = _("MoUs")

    def __str__(self) -> str:
        return self.number

    @property
    def audit_region_id(self) -> int:
        return self.participation.region_id
