"""The project's URLs with the self-assessment pages and API wired where the project includes
them (pages under /evaluasi/ in the "evaluation" namespace, the API under /api/v1/evaluation/ in
the "api" namespace), for the self-assessment tests (``pytest.mark.urls``).

Once the project's own URL modules route them, this is the project's URLs unchanged.
"""

from django.urls import Resolver404, URLResolver, include, path, resolve

from kotacerdas.api import urls as api_urls
from kotacerdas.evaluation import api_self, self_views, urls_self
from kotacerdas.urls import urlpatterns as project


def _routed(url: str, view: object) -> bool:
    """Does the project itself route ``url`` to ``view``?"""
    try:
        func = resolve(url, urlconf="kotacerdas.urls").func
    except Resolver404:
        return False
    return func is view or getattr(func, "view_class", None) is view


PAGES = _routed("/evaluasi/2024-2/52.04/mandiri/", self_views.self_page)
API = _routed("/api/v1/evaluation/rounds/2024-2/regions/52.04/self-assessment/", api_self.SelfAssessmentView)

api = [
    # before the API's last pattern, which answers every unknown path with 404
    *([] if API else [path("evaluation/", include(api_self.urlpatterns))]),
    *api_urls.urlpatterns,
]

urlpatterns = [
    *([] if PAGES else [path("evaluasi/", include((urls_self.urlpatterns, "evaluation")))]),
    path("api/v1/", include((api, "api"))),
    *(p for p in project if not (isinstance(p, URLResolver) and str(p.pattern) == "api/v1/")),
]
