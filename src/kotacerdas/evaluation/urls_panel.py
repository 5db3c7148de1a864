"""The panel's pages, included under /evaluasi/ in the "evaluation" namespace (Indonesian paths):
/evaluasi/<round>/<region>/panel/, a decision on a question (``.../panel/<key>/``) and its
withdrawal (``.../panel/<key>/tarik/``)."""

from django.urls import path

from . import panel_views as views

BASE = "<slug:round_code>/<str:region_code>/panel/"

urlpatterns = [
    path(BASE, views.panel_page, name="panel"),
    path(f"{BASE}<str:key>/", views.panel_decide, name="panel_decide"),
    path(f"{BASE}<str:key>/tarik/", views.panel_withdraw, name="panel_withdraw"),
]
