from django.urls import path, re_path

from . import dashboard_views

app_name = "monitoring"

# A region's Kemendagri code (52.04): matched exactly, so no fixed path (pengaturan/, nasional/)
# can be taken for a region whatever the order of the lines below.
REGION = r"(?P<code>\d{2}\.\d{2})"

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("cara-hitung/", dashboard_views.method, name="method"),
    path("nasional/", dashboard_views.national, name="national"),
    path("nasional/unduh/", dashboard_views.national_export, name="national_export"),
    re_path(rf"^{REGION}/$", dashboard_views.region, name="region"),
    re_path(rf"^{REGION}/quick-win/$", dashboard_views.quick_wins, name="quick_wins"),
    re_path(rf"^{REGION}/opd/$", dashboard_views.agency, name="agency"),
]
