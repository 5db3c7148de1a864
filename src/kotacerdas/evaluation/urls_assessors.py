"""Assessor pages, included under /evaluasi/ in the "evaluation" namespace (names "assessor_*").

Include these before the round pages' ``<round>/`` pattern: ``asesor/``, ``mitra-daerah/`` and
``penilaian-saya/`` are fixed words that a round code must not take. Below a round, the
assignment pages live under ``<round>/penugasan/``.
"""

from django.urls import path, re_path

from . import assessor_views as views
from . import scores_import_views, scoring_views

ROUND = r"(?P<round_code>[-a-zA-Z0-9_]+)"
REGION = r"(?P<region_code>\d{2}\.\d{2})"
ASSESSOR = r"(?P<code>[-A-Za-z0-9_]+)"

urlpatterns = [
    # The pool and region partners (the ministry's).
    path("asesor/", views.assessor_list, name="assessor_list"),
    path("asesor/baru/", views.assessor_create, name="assessor_create"),
    re_path(rf"^asesor/{ASSESSOR}/$", views.assessor_detail, name="assessor_detail"),
    re_path(rf"^asesor/{ASSESSOR}/ubah/$", views.assessor_edit, name="assessor_edit"),
    re_path(rf"^asesor/{ASSESSOR}/aktif/$", views.assessor_active, name="assessor_active"),
    re_path(rf"^asesor/{ASSESSOR}/konflik/$", views.assessor_conflict_add, name="assessor_conflict_add"),
    re_path(
        rf"^asesor/{ASSESSOR}/konflik/{REGION}/hapus/$",
        views.assessor_conflict_remove,
        name="assessor_conflict_remove",
    ),
    path("mitra-daerah/", views.partner_list, name="assessor_partners"),
    path("mitra-daerah/hapus/", views.partner_remove, name="assessor_partner_remove"),
    # An assessor's own assignments.
    path("penilaian-saya/", views.my_assignments, name="assessor_mine"),
    path("penilaian-saya/konflik/", views.my_conflict_declare, name="assessor_mine_conflict"),
    re_path(rf"^penilaian-saya/{ROUND}/{REGION}/$", views.my_assignment, name="assessor_my_assignment"),
    re_path(
        rf"^penilaian-saya/{ROUND}/{REGION}/tidak-ada-konflik/$",
        views.my_no_conflict,
        name="assessor_my_no_conflict",
    ),
    re_path(rf"^penilaian-saya/{ROUND}/{REGION}/konflik/$", views.my_conflict, name="assessor_my_conflict"),
    # Scoring an assigned region.
    re_path(
        rf"^penilaian-saya/{ROUND}/{REGION}/nilai/$", scoring_views.scoring_page, name="assessor_scoring"
    ),
    re_path(
        rf"^penilaian-saya/{ROUND}/{REGION}/nilai/(?P<key>[-A-Za-z0-9_.]+)/$",
        scoring_views.scoring_save,
        name="assessor_scoring_save",
    ),
    re_path(
        rf"^penilaian-saya/{ROUND}/{REGION}/kirim/$",
        scoring_views.scoring_submit,
        name="assessor_scoring_submit",
    ),
    # A round's assignment table (the ministry's).
    re_path(rf"^{ROUND}/penugasan/$", views.assignment_table, name="assessor_assignments"),
    # The ministry's import of scores on behalf of assessors.
    re_path(rf"^{ROUND}/nilai/impor/$", scores_import_views.scores_upload, name="scores_upload"),
    re_path(rf"^{ROUND}/nilai/impor/templat/$", scores_import_views.scores_template, name="scores_template"),
    re_path(
        rf"^{ROUND}/nilai/impor/(?P<token>[0-9a-f]{{32}})/$",
        scores_import_views.scores_import_preview,
        name="scores_import_preview",
    ),
    re_path(rf"^{ROUND}/penugasan/buat/$", views.assignment_generate, name="assessor_assignments_generate"),
    re_path(rf"^{ROUND}/penugasan/{REGION}/$", views.assignment_edit, name="assessor_assignment_edit"),
    re_path(
        rf"^{ROUND}/penugasan/{REGION}/{ASSESSOR}/buka-kembali/$",
        scoring_views.scoring_reopen,
        name="assessor_scoring_reopen",
    ),
]
