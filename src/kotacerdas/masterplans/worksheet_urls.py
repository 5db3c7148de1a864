"""Pages for the Excel worksheets (kertas kerja): template, export, import with progress."""

from django.urls import URLPattern, path

from . import worksheet_views as views

urlpatterns: list[URLPattern] = [
    path("<str:code>/kertas-kerja/", views.worksheet_import, name="worksheet_import"),
    path(
        "<str:code>/kertas-kerja/pratinjau/<uuid:token>/", views.worksheet_preview, name="worksheet_preview"
    ),
    path("<str:code>/kertas-kerja/templat/", views.worksheet_template, name="worksheet_template"),
    path("<str:code>/kertas-kerja/ekspor/", views.worksheet_export, name="worksheet_export"),
]
