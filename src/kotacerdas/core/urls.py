from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("jejak-audit/", views.audit_list, name="audit_list"),
    path("tugas/<uuid:code>/", views.job_detail, name="job_detail"),
    path("health/", views.health, name="health"),
]
