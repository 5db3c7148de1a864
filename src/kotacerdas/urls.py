from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("kotacerdas.accounts.urls")),
    path("wilayah/", include("kotacerdas.regions.urls")),
    path("program/", include("kotacerdas.programme.urls")),
    path("organisasi/", include("kotacerdas.organisation.urls")),
    path("rencana-induk/", include("kotacerdas.masterplans.urls")),
    path("pemantauan/", include("kotacerdas.monitoring.urls")),
    # Result letters and findings (the evaluation pages include them in the same namespace).
    path("evaluasi/", include(("kotacerdas.evaluation.urls_letters", "evaluation"))),
    path("notifikasi/", include("kotacerdas.notifications.urls")),
    path("api/v1/", include("kotacerdas.api.urls")),
    # Browsers ask for /favicon.ico whatever the page links; the icon is static/kotacerdas/favicon.svg.
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}kotacerdas/favicon.svg")),
    path("", include("kotacerdas.site.urls")),
    path("", include("kotacerdas.core.urls")),
]
# Uploaded documents are never served as public media: each has a permission-checked download view.
# Error pages: Django's handlers render 403.html, 404.html and 500.html (templates/), in the
# product's layout; CSRF failures go to settings.CSRF_FAILURE_VIEW (403_csrf.html, JSON under /api/v1/).
