"""The evaluation pages, under /evaluasi/ (Indonesian paths).

The fixed path ``metode/`` comes before ``<round code>/``; a region's report card matches its
Kemendagri code exactly (52.04), so no fixed path below a round can be taken for a region.
"""

from django.urls import include, path, re_path

from . import (
    urls_assessors,
    urls_board,
    urls_letters,
    urls_panel,
    urls_round_setup,
    urls_schedule,
    urls_self,
    views,
)

app_name = "evaluation"

ROUND = r"(?P<code>[-a-zA-Z0-9_]+)"
REGION = r"(?P<region_code>\d{2}\.\d{2})"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("metode/", views.method_list, name="method_list"),
    path("metode/<slug:code>/<int:version>/", views.method_detail, name="method_detail"),
    # Fixed paths (asesor/, mitra-daerah/, penilaian-saya/) before the round code.
    path("", include(urls_assessors)),
    path("", include(urls_letters)),
    path("", include(urls_self)),
    path("", include(urls_board)),
    path("", include(urls_panel)),
    path("", include(urls_schedule)),
    path("", include(urls_round_setup)),
    re_path(rf"^{ROUND}/$", views.round_detail, name="round_detail"),
    re_path(rf"^{ROUND}/unduh/$", views.round_export, name="round_export"),
    re_path(rf"^{ROUND}/hitung/$", views.round_compute, name="round_compute"),
    re_path(rf"^{ROUND}/umumkan/$", views.round_publish, name="round_publish"),
    re_path(rf"^{ROUND}/{REGION}/$", views.region_result, name="region_result"),
]
