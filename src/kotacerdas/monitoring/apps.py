from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "kotacerdas.monitoring"
    label = "monitoring"
    verbose_name = _("Implementation monitoring")

    def ready(self) -> None:
        from . import changes

        changes.register()
