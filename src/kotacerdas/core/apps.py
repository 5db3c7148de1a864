from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kotacerdas.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Django 6.1's empty choice label has no Indonesian translation in Django itself
        # (its ready() hook is documented for this).
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = _("- Choose -")

        from django.utils.module_loading import autodiscover_modules

        from . import checks  # noqa: F401  (registers the deploy checks)

        # Each app's tasks.py registers its job kinds (core.jobs.job_kind_register).
        autodiscover_modules("tasks")
