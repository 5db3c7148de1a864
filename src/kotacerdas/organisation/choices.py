from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    SECRETARIAT = "sekretariat", _("Secretariat")
    DINAS = "dinas", _("Office (dinas)")
    BADAN = "badan", _("Agency (badan)")
    INSPECTORATE = "inspektorat", _("Inspectorate")
    BAGIAN = "bagian", _("Division (bagian)")
    KECAMATAN = "kecamatan", _("District (kecamatan)")
    HOSPITAL = "rsud", _("Regional hospital (RSUD)")
    OTHER = "lainnya", _("Other")


class Body(models.TextChoices):
    DEWAN = "dewan", _("Dewan Smart City")
    TIM_PELAKSANA = "tim_pelaksana", _("Tim Pelaksana")


class BodyRole(models.TextChoices):
    CHAIR = "ketua", _("Chair")
    VICE_CHAIR = "wakil_ketua", _("Vice chair")
    SECRETARY = "sekretaris", _("Secretary")
    MEMBER = "anggota", _("Member")


class Sector(models.TextChoices):
    GOVERNMENT = "pemerintah", _("Government")
    ACADEMIC = "akademisi", _("Academic")
    BUSINESS = "bisnis", _("Business")
    COMMUNITY = "komunitas", _("Community / youth")
    ARTS = "seniman", _("Arts and culture")
    ICT_VOLUNTEER = "relawan_tik", _("ICT volunteer")
    MEDIA = "media", _("Media")


class DecreeKind(models.TextChoices):
    DEWAN = "dewan", _("SK Dewan Smart City")
    TIM_PELAKSANA = "tim_pelaksana", _("SK Tim Pelaksana")
    POKJA = "pokja", _("SK Pokja")
    OTHER = "lainnya", _("Other decree")
