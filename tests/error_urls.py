"""The project's URLs plus one view that fails, to see the 500 page through Django's handler."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from kotacerdas.urls import urlpatterns as project_urlpatterns


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a failure for the 500 page")


urlpatterns = [path("boom/", boom), *project_urlpatterns]
