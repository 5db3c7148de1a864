"""Pages of implementation monitoring, under /pemantauan/ (each helper adds its own lines)."""

from django.urls import URLPattern, path

from . import bulk_views

app_name = "monitoring"

urlpatterns: list[URLPattern] = [
    # Bulk update through a worksheet: download, upload, preview and confirm.
    path("<str:code>/unduh-isian/", bulk_views.bulk_template, name="bulk_template"),
    path("<str:code>/unggah/", bulk_views.bulk_upload, name="bulk"),
    path("<str:code>/unggah/<uuid:token>/", bulk_views.bulk_preview, name="bulk_preview"),
]
