from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MasterplansConfig(AppConfig):
    name = "kotacerdas.masterplans"
    label = "masterplans"
    verbose_name = _("Master plans")

    def ready(self) -> None:
        from . import changes

        changes.register()
