from django.urls import path

from . import views

app_name = "programme"
urlpatterns = [
    path("angkatan/", views.cohort_list, name="cohort_list"),
    path("peserta/", views.participation_list, name="participation_list"),
    path("peserta/daftarkan/", views.participation_enrol, name="participation_enrol"),
    path("peserta/<str:code>/", views.participation_detail, name="participation_detail"),
    path("peserta/<str:code>/mou.pdf", views.mou_document, name="mou_document"),
]
