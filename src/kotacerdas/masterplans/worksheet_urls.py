"""Pages for the Excel worksheets (kertas kerja): template, export, import with progress."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
