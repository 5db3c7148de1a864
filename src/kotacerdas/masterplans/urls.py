from django.urls import include, path

from . import views

app_name = "masterplans"
urlpatterns = [
    path("<str:code>/", views.plan_detail, name="plan_detail"),
    path("", include("kotacerdas.masterplans.worksheet_urls")),
    path("", include("kotacerdas.masterplans.document_urls")),
]
