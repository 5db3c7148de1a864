from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for ratification")
    RATIFIED = "ratified", _("Ratified")
    SUPERSEDED = "superseded", _("Superseded")


class RatificationKind(models.TextChoices):
    PERBUP = "perbup", _("Peraturan Bupati")
    PERWALI = "perwali", _("Peraturan Wali Kota")
    PERDA = "perda", _("Peraturan Daerah")
    PERGUB = "pergub", _("Peraturan Gubernur")


class ReadinessElement(models.TextChoices):
    NATURE = "nature", _("Nature")
    STRUCTURE = "structure", _("Structure")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    SUPRASTRUCTURE = "suprastructure", _("Suprastructure")
    CULTURE = "culture", _("Culture")


class SwotKind(models.TextChoices):
    STRENGTH = "S", _("Strength")
    WEAKNESS = "W", _("Weakness")
    OPPORTUNITY = "O", _("Opportunity")
    THREAT = "T", _("Threat")


class Horizon(models.TextChoices):
    SHORT = "short", _("Short term (1-2 years)")
    MEDIUM = "medium", _("Medium term (about 5 years)")
    LONG = "long", _("Long term (about 10 years)")


class BudgetSource(models.TextChoices):
    APBD = "APBD", _("APBD (regional budget)")
    APBN = "APBN", _("APBN (national budget)")
    NON_APBD = "NON_APBD", _("Non-APBD (private, CSR, other)")


class ItemKind(models.TextChoices):
    """The kinds of plan item that keep an identity (a lineage) across versions."""

    PROGRAMME = "programme", _("Programme")
    ACTION = "action", _("Action plan")
    QUICK_WIN = "quick_win", _("Quick win")
