from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The composition layer: home pages, navigation, bootstrap and demo commands.

    It may import every app; no app imports it (see the layer contract in pyproject.toml).
    """

    name = "kotacerdas.site"
    label = "site"
    verbose_name = _("Site")
