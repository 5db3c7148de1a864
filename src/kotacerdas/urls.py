from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("kotacerdas.accounts.urls")),
    path("wilayah/", include("kotacerdas.regions.urls")),
    path("program/", include("kotacerdas.programme.urls")),
    path("organisasi/", include("kotacerdas.organisation.urls")),
    path("rencana-induk/", include("kotacerdas.masterplans.urls")),
    path("api/v1/", include("kotacerdas.api.urls")),
    path("", include("kotacerdas.site.urls")),
    path("", include("kotacerdas.core.urls")),
]
# Uploaded documents are never served as public media: each has a permission-checked download view.
