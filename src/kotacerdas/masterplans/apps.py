from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MasterplansConfig(AppConfig):
    name = "kotacerdas.masterplans"
    label = "masterplans"
    verbose_name = _("Master plans")

    def ready(self) -> None:
        from kotacerdas.programme.choices import Stage
        from kotacerdas.programme.stage_rules import register_stage_requirement

        from .stage_facts import ratified_plan_evidence

        register_stage_requirement(Stage.RATIFIED, ratified_plan_evidence)

        from . import changes

        changes.register()
