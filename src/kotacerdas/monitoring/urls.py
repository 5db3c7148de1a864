"""The monitoring pages, under /pemantauan/ (Indonesian paths).

The fixed paths come before ``<code>/...``: a region code never reads "pengaturan" or "nasional".
"""

from django.urls import path

from . import settings_views

app_name = "monitoring"
urlpatterns = [
    # The ministry's settings and a region's settings (settings_views).
    path("pengaturan/", settings_views.settings_home, name="settings"),
    path("pengaturan/opd/", settings_views.settings_agencies, name="settings_agencies"),
    path("pengaturan/<int:year>/", settings_views.settings_year, name="settings_year"),
    path("pengaturan/<int:year>/status/", settings_views.statuses_edit, name="settings_statuses"),
    path("pengaturan/<int:year>/status/tambah/", settings_views.status_add, name="settings_status_add"),
    path("pengaturan/<int:year>/ambang/", settings_views.thresholds_edit, name="settings_thresholds"),
    path(
        "pengaturan/<int:year>/pengecualian/", settings_views.exception_grant, name="settings_exception_grant"
    ),
    path(
        "pengaturan/<int:year>/pengecualian/cabut/",
        settings_views.exception_revoke,
        name="settings_exception_revoke",
    ),
    path("pengaturan/periode/<str:period_code>/", settings_views.period_edit, name="settings_period"),
    path("<str:code>/pengaturan/", settings_views.region_settings, name="region_settings"),
]
