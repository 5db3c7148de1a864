"""The roles a membership gives (the permission engine in ``permissions`` grants by role)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MINISTRY_ADMIN = "ministry_admin", _("Ministry programme admin")
    PENDAMPING = "pendamping", _("Ministry companion (pendamping)")
    COORDINATOR = "coordinator", _("Regional coordinator")
    AGENCY_OFFICER = "agency_officer", _("Agency (OPD) officer")
    ASSESSOR = "assessor", _("Assessor")
