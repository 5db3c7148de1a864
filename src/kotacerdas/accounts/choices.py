from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MINISTRY_ADMIN = "ministry_admin", _("Ministry programme admin")
    PENDAMPING = "pendamping", _("Ministry companion (pendamping)")
    COORDINATOR = "coordinator", _("Regional coordinator")
    AGENCY_OFFICER = "agency_officer", _("Agency (OPD) officer")
    ASSESSOR = "assessor", _("Assessor")


# Roles whose membership names a region; agency officers name an agency (its region follows).
REGIONAL_ROLES = {Role.PENDAMPING, Role.COORDINATOR}
GLOBAL_ROLES = {Role.MINISTRY_ADMIN, Role.ASSESSOR}
