"""The organisation pages, under /organisasi/<region code>/ (Indonesian paths)."""

from django.urls import path

from . import views
from .choices import Body

app_name = "organisation"
urlpatterns = [
    path("<str:code>/", views.overview, name="overview"),
    path("<str:code>/opd/", views.agency_create, name="agency_create"),
    path("<str:code>/opd/<uuid:uid>/", views.agency_update, name="agency_update"),
    path("<str:code>/opd/<uuid:uid>/nonaktifkan/", views.agency_deactivate, name="agency_deactivate"),
    path("<str:code>/sk/", views.decree_create, name="decree_create"),
    path("<str:code>/sk/<uuid:uid>/", views.decree_update, name="decree_update"),
    path("<str:code>/sk/<uuid:uid>/hapus/", views.decree_delete, name="decree_delete"),
    path("<str:code>/sk/<uuid:uid>/berkas/", views.decree_document, name="decree_document"),
    path("<str:code>/dewan/", views.member_create, {"body": Body.DEWAN}, name="dewan_create"),
    path("<str:code>/tim-pelaksana/", views.member_create, {"body": Body.TIM_PELAKSANA}, name="tim_create"),
    path("<str:code>/anggota/<uuid:uid>/", views.member_update, name="member_update"),
    path("<str:code>/anggota/<uuid:uid>/hapus/", views.member_delete, name="member_delete"),
    path("<str:code>/pokja/<str:dimension>/", views.working_group_set, name="working_group_set"),
    path(
        "<str:code>/pokja/<str:dimension>/bubarkan/", views.working_group_delete, name="working_group_delete"
    ),
    path("<str:code>/rapat/", views.meeting_create, name="meeting_create"),
    path("<str:code>/rapat/<uuid:uid>/", views.meeting_detail, name="meeting_detail"),
    path("<str:code>/rapat/<uuid:uid>/ubah/", views.meeting_update, name="meeting_update"),
    path("<str:code>/rapat/<uuid:uid>/hapus/", views.meeting_delete, name="meeting_delete"),
    path("<str:code>/rapat/<uuid:uid>/berkas/", views.meeting_file, name="meeting_file"),
]
