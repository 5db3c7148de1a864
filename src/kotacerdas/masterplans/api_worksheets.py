"""API endpoints for worksheets: template, export, import (paths under /api/v1/masterplans/)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
