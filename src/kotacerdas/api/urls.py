"""The REST API under /api/v1/: one router (each app's ``api.register`` adds its endpoints),
the OpenAPI schema and its docs page."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from kotacerdas.accounts import api as accounts_api
from kotacerdas.api.auth import token_login
from kotacerdas.core import api as core_api
from kotacerdas.core import api_errors as errors
from kotacerdas.evaluation import api as evaluation_api
from kotacerdas.evaluation import api_assessors as evaluation_api_assessors
from kotacerdas.evaluation import api_letters as evaluation_api_letters
from kotacerdas.evaluation import api_panel as evaluation_api_panel
from kotacerdas.evaluation import api_round_setup as evaluation_api_round_setup
from kotacerdas.evaluation import api_schedule as evaluation_api_schedule
from kotacerdas.evaluation import api_scores as evaluation_api_scores
from kotacerdas.evaluation import api_self as evaluation_api_self
from kotacerdas.masterplans import api as masterplans_api
from kotacerdas.monitoring import api as monitoring_api
from kotacerdas.monitoring import api_configure as monitoring_api_configure
from kotacerdas.notifications import api as notifications_api
from kotacerdas.organisation import api as organisation_api
from kotacerdas.programme import api as programme_api
from kotacerdas.regions import api as regions_api

router = DefaultRouter()
for module in (
    regions_api,
    programme_api,
    organisation_api,
    accounts_api,
    core_api,
    masterplans_api,
    notifications_api,
):
    module.register(router)

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("auth/token/", token_login, name="token"),
    path("masterplans/", include(masterplans_api.urlpatterns)),
    path("masterplans/", include("kotacerdas.masterplans.api_worksheets")),
    path("monitoring/", include(monitoring_api.urlpatterns)),
    path("monitoring/", include(monitoring_api_configure.urlpatterns)),
    path("monitoring/regions/", include("kotacerdas.monitoring.api_bulk")),
    path("evaluation/", include(evaluation_api.urlpatterns)),
    path("evaluation/", include(evaluation_api_assessors.urlpatterns)),
    path("evaluation/", include(evaluation_api_letters.urlpatterns)),
    path("evaluation/", include(evaluation_api_self.urlpatterns)),
    path("evaluation/", include(evaluation_api_panel.urlpatterns)),
    path("evaluation/", include(evaluation_api_schedule.urlpatterns)),
    path("evaluation/", include(evaluation_api_round_setup.urlpatterns)),
    path("evaluation/", include(evaluation_api_scores.urlpatterns)),
    path("", include(router.urls)),
    # Unknown API paths (any method, any character, newlines too) answer in the error shape.
    re_path(r"^[\s\S]*$", errors.not_found),
]
