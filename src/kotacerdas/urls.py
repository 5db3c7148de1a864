from django.conf import settings
from django.conf.urls.static import static
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
    path("", include("kotacerdas.core.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
