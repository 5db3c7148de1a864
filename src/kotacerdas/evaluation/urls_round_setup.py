"""Round set-up pages, included under /evaluasi/ in the "evaluation" namespace (names
"round_setup*"): ``putaran-baru/`` (a fixed word a round code may not take: include before the
round pages) and ``<round>/pengaturan/`` and below."""

from django.urls import path, re_path

from . import round_setup_views as views

ROUND = r"(?P<round_code>[-a-zA-Z0-9_]+)"
REGION = r"(?P<region_code>\d{2}\.\d{2})"

urlpatterns = [
    path("putaran-baru/", views.round_setup_create, name="round_setup_create"),
    re_path(rf"^{ROUND}/pengaturan/$", views.round_setup, name="round_setup"),
    re_path(rf"^{ROUND}/pengaturan/tanggal/$", views.round_setup_dates, name="round_setup_dates"),
    re_path(rf"^{ROUND}/pengaturan/fase-berikut/$", views.round_setup_advance, name="round_setup_advance"),
    re_path(rf"^{ROUND}/pengaturan/kunci/$", views.round_setup_lock, name="round_setup_lock"),
    re_path(rf"^{ROUND}/pengaturan/daerah/$", views.round_setup_regions_add, name="round_setup_regions_add"),
    re_path(
        rf"^{ROUND}/pengaturan/daerah/{REGION}/$",
        views.round_setup_region_group,
        name="round_setup_region_group",
    ),
    re_path(
        rf"^{ROUND}/pengaturan/daerah/{REGION}/hapus/$",
        views.round_setup_region_remove,
        name="round_setup_region_remove",
    ),
]
