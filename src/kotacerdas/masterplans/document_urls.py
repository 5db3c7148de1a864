"""Downloads of the master-plan document (PDF, DOCX), and of a document made by a background job."""

from django.urls import URLPattern, path

from . import document_views

urlpatterns: list[URLPattern] = [
    path("<str:code>/dokumen.pdf", document_views.document_pdf, name="document_pdf"),
    path("<str:code>/dokumen.docx", document_views.document_docx, name="document_docx"),
    path("<str:code>/dokumen/<uuid:job>/", document_views.document_job_file, name="document_job_file"),
]
