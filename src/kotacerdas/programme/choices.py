from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """A participant's path through the programme, in order."""

    SELECTED = "selected", _("Selected")
    MOU_SIGNED = "mou_signed", _("MoU signed")
    BIMTEK_1 = "bimtek_1", _("Bimtek I (readiness, SWOT, vision)")
    BIMTEK_2 = "bimtek_2", _("Bimtek II (programmes)")
    BIMTEK_3 = "bimtek_3", _("Bimtek III (innovations)")
    BIMTEK_4 = "bimtek_4", _("Bimtek IV (road map, quick wins)")
    RATIFIED = "ratified", _("Master plan ratified")
    IMPLEMENTING = "implementing", _("Implementing")
    EVALUATED = "evaluated", _("Evaluated")


STAGE_ORDER: list[str] = [s.value for s in Stage]


def stage_index(stage: str) -> int:
    return STAGE_ORDER.index(stage)


class Track(models.TextChoices):
    REGULAR = "regular", _("Regular")
    KAWASAN = "kawasan", _("Kawasan (area)")


class KawasanKind(models.TextChoices):
    KSPN = "kspn", _("National tourism priority area (KSPN)")
    IKN = "ikn", _("New capital (IKN) area")
    OTHER = "other", _("Other area")
