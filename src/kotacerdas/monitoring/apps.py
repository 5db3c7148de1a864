from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "kotacerdas.monitoring"
    label = "monitoring"
    verbose_name = _("Implementation monitoring")

    def ready(self) -> None:
        from kotacerdas.programme.choices import Stage
        from kotacerdas.programme.stage_rules import register_stage_requirement

        from . import changes
        from .stage_facts import first_approved_report_evidence

        register_stage_requirement(Stage.IMPLEMENTING, first_approved_report_evidence)
        changes.register()
