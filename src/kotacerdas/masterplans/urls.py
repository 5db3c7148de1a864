from django.urls import include, path

from . import views

app_name = "masterplans"
urlpatterns = [
    path("<str:code>/", views.plan_detail, name="plan_detail"),
    path("<str:code>/program/tambah/", views.programme_add, name="programme_add"),
    path("<str:code>/program/urutan/", views.programme_reorder, name="programme_reorder"),
    path("<str:code>/program/<uuid:uid>/", views.programme_row, name="programme_row"),
    path("<str:code>/program/<uuid:uid>/ubah/", views.programme_edit, name="programme_edit"),
    path("<str:code>/program/<uuid:uid>/hapus/", views.programme_delete, name="programme_delete"),
    path("<str:code>/program/<uuid:uid>/salin/", views.programme_copy, name="programme_copy"),
    path("<str:code>/program/<uuid:uid>/aksi/tambah/", views.action_add, name="action_add"),
    path("<str:code>/program/<uuid:uid>/aksi/urutan/", views.action_reorder, name="action_reorder"),
    path("<str:code>/aksi/<uuid:uid>/ubah/", views.action_edit, name="action_edit"),
    path("<str:code>/aksi/<uuid:uid>/hapus/", views.action_delete, name="action_delete"),
    path("<str:code>/visi/", views.vision, name="vision"),
    path("<str:code>/kesiapan/", views.readiness, name="readiness"),
    path("<str:code>/quick-win/", views.quick_wins, name="quick_wins"),
    path("<str:code>/quick-win/<uuid:uid>/", views.quick_win_edit, name="quick_win_edit"),
    path("<str:code>/road-map/", views.roadmap, name="roadmap"),
    path("<str:code>/versi/", views.versions, name="versions"),
    path("<str:code>/versi/baru/", views.version_new, name="version_new"),
    path("<str:code>/ajukan/", views.submit, name="submit"),
    path("<str:code>/buka-kembali/", views.reopen, name="reopen"),
    path("<str:code>/sahkan/", views.ratify, name="ratify"),
    path("<str:code>/perbandingan/", views.diff, name="diff"),
    path(
        "<str:code>/versi/<int:number>/pengesahan.pdf",
        views.ratification_document,
        name="ratification_document",
    ),
    path("", include("kotacerdas.masterplans.worksheet_urls")),
    path("", include("kotacerdas.masterplans.document_urls")),
]
