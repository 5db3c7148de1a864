from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "kotacerdas.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        from kotacerdas.programme.choices import Stage
        from kotacerdas.programme.stage_rules import register_stage_requirement

        from .stage_facts import first_published_round_evidence

        register_stage_requirement(Stage.EVALUATED, first_published_round_evidence)
