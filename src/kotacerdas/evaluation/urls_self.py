"""The self-assessment pages, included under /evaluasi/ in the "evaluation" namespace
(Indonesian paths): /evaluasi/<round>/<region>/mandiri/..."""

from django.urls import path

from . import self_views as views

BASE = "<slug:round_code>/<str:region_code>/mandiri/"

urlpatterns = [
    path(BASE, views.self_page, name="self_page"),
    path(f"{BASE}jawaban/<str:key>/", views.self_answer, name="self_answer"),
    path(f"{BASE}jawaban/<str:key>/bukti/", views.self_evidence_add, name="self_evidence_add"),
    path(f"{BASE}bukti/<uuid:uid>/", views.self_evidence_download, name="self_evidence"),
    path(f"{BASE}bukti/<uuid:uid>/hapus/", views.self_evidence_remove, name="self_evidence_remove"),
    path(f"{BASE}dokumen/", views.self_documents_refresh, name="self_documents_refresh"),
    path(f"{BASE}dokumen/<str:kind>/", views.self_document_upload, name="self_document_upload"),
    path(f"{BASE}dokumen/<str:kind>/berkas/", views.self_document_file, name="self_document_file"),
    path(f"{BASE}dokumen/<str:kind>/hapus/", views.self_document_remove, name="self_document_remove"),
    path(f"{BASE}survei/<str:dimension>/", views.self_survey, name="self_survey"),
    path(f"{BASE}survei/<str:dimension>/berkas/", views.self_survey_file, name="self_survey_file"),
    path(f"{BASE}kirim/", views.self_submit, name="self_submit"),
    path(f"{BASE}v<int:number>/", views.self_version, name="self_version"),
    path(f"{BASE}v<int:number>/berkas/<str:file_id>/", views.self_version_file, name="self_version_file"),
]
