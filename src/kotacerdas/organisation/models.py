"""A region's smart-city organisation: agencies (OPD), councils, decrees, pokja, forum meetings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.models import PublicIdModel

from .choices import AgencyKind, Body, BodyRole, DecreeKind, Sector


class Agency(PublicIdModel):
    """A regional government agency (OPD), e.g. Dinas Komunikasi dan Informatika (Diskominfo)."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="agencies"
    )
    code = models.SlugField(
        _("code"), max_length=40, help_text=_("Short code, unique in the region, e.g. diskominfo.")
    )
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices, default=AgencyKind.DINAS)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["region__code", "acronym"]
        verbose_name = _("agency (OPD)")
        verbose_name_plural = _("agencies (OPD)")
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="agency_code_unique_in_region"),
            models.UniqueConstraint(fields=["region", "acronym"], name="agency_acronym_unique_in_region"),
        ]

    def __str__(self) -> str:
        return self.acronym


class Decree(PublicIdModel):
    """A decree (SK Bupati/Wali Kota) that forms a body or a pokja."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="decrees"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DecreeKind.choices)
    number = models.CharField(_("number"), max_length=120)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    document = models.FileField(_("document"), upload_to="sk/%Y/", blank=True)

    class Meta:
        ordering = ["region__code", "-date"]
        verbose_name = _("decree (SK)")
        verbose_name_plural = _("decrees (SK)")
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="decree_number_unique_in_region")
        ]

    def __str__(self) -> str:
        return self.number


class BodyMember(PublicIdModel):
    """A member of the Dewan Smart City or the Tim Pelaksana."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="body_members"
    )
    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    role = models.CharField(
        _("role in the body"), max_length=20, choices=BodyRole.choices, default=BodyRole.MEMBER
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, default=Sector.GOVERNMENT)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="body_members",
    )
    decree = models.ForeignKey(
        Decree,
        verbose_name=_("decree"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )

    class Meta:
        ordering = ["region__code", "body", "role", "name"]
        verbose_name = _("council or team member")
        verbose_name_plural = _("council and team members")

    def __str__(self) -> str:
        return self.name


class WorkingGroup(PublicIdModel):
    """A pokja: one per smart dimension, led by an agency."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="working_groups"
    )
    dimension = models.ForeignKey(
        "programme.Dimension", verbose_name=_("dimension"), on_delete=models.PROTECT, related_name="+"
    )
    leading_agency = models.ForeignKey(
        Agency, verbose_name=_("leading agency"), on_delete=models.PROTECT, related_name="led_working_groups"
    )
    lead_name = models.CharField(_("head of the pokja"), max_length=200, blank=True)
    decree = models.ForeignKey(
        Decree,
        verbose_name=_("decree"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="working_groups",
    )

    class Meta:
        ordering = ["region__code", "dimension__position"]
        verbose_name = _("pokja")
        verbose_name_plural = _("pokja")
        constraints = [
            models.UniqueConstraint(fields=["region", "dimension"], name="pokja_one_per_dimension")
        ]

    def __str__(self) -> str:
        return f"Pokja {self.dimension}"


class ForumMeeting(PublicIdModel):
    """A Forum Smart City meeting, with its minutes (notulen)."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="forum_meetings"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    place = models.CharField(_("place"), max_length=200, blank=True)
    attendees = models.PositiveIntegerField(_("attendees"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_file = models.FileField(_("minutes file"), upload_to="forum/%Y/", blank=True)

    class Meta:
        ordering = ["region__code", "-date"]
        verbose_name = _("Forum Smart City meeting")
        verbose_name_plural = _("Forum Smart City meetings")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} · {self.title}"
