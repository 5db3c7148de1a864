from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    # progress reports (views.py)
    path("laporan/<uuid:uid>/", views.report_detail, name="report"),
    path("bukti/<uuid:uid>/", views.evidence_download, name="evidence"),
    path("bukti/<uuid:uid>/gambar/", views.evidence_thumb, name="evidence_thumb"),
    path("<str:code>/laporan/", views.report_list, name="reports"),
    path("<str:code>/laporan/<str:period_code>/<uuid:lineage>/", views.report_form, name="report_form"),
    path("<str:code>/persetujuan/", views.approvals, name="approvals"),
]
