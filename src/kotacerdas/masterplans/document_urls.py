"""Downloads of the master-plan document (PDF, DOCX)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
