"""The monitoring pages, under /pemantauan/ (Indonesian paths).

The fixed paths come before ``<code>/...``: a region code never reads "pengaturan" or "nasional".
The dashboards match a region's Kemendagri code exactly (52.04), so no fixed path can be taken
for a region whatever the order of the lines.
"""

from django.urls import path, re_path

from . import bulk_views, dashboard_views, settings_views, views

app_name = "monitoring"

REGION = r"(?P<code>\d{2}\.\d{2})"

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
    # The dashboards (dashboard_views).
    path("", dashboard_views.home, name="home"),
    path("cara-hitung/", dashboard_views.method, name="method"),
    path("nasional/", dashboard_views.national, name="national"),
    path("nasional/unduh/", dashboard_views.national_export, name="national_export"),
    re_path(rf"^{REGION}/$", dashboard_views.region, name="region"),
    re_path(rf"^{REGION}/quick-win/$", dashboard_views.quick_wins, name="quick_wins"),
    re_path(rf"^{REGION}/opd/$", dashboard_views.agency, name="agency"),
    # Progress reports: the items of a period, the report form, a report, evidence, approvals (views).
    path("laporan/<uuid:uid>/", views.report_detail, name="report"),
    path("bukti/<uuid:uid>/", views.evidence_download, name="evidence"),
    path("bukti/<uuid:uid>/gambar/", views.evidence_thumb, name="evidence_thumb"),
    path("<str:code>/laporan/", views.report_list, name="reports"),
    path("<str:code>/laporan/<str:period_code>/<uuid:lineage>/", views.report_form, name="report_form"),
    path("<str:code>/persetujuan/", views.approvals, name="approvals"),
    # Bulk update through a worksheet: download, upload, preview and confirm.
    path("<str:code>/unduh-isian/", bulk_views.bulk_template, name="bulk_template"),
    path("<str:code>/unggah/", bulk_views.bulk_upload, name="bulk"),
    path("<str:code>/unggah/<uuid:token>/", bulk_views.bulk_preview, name="bulk_preview"),
]
