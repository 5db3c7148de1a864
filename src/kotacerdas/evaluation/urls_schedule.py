"""Presentation schedule pages, included under /evaluasi/ in the "evaluation" namespace (names
"schedule*"): ``<round>/jadwal/`` and below. Include before the round pages' patterns."""

from django.urls import re_path

from . import schedule_views as views

ROUND = r"(?P<round_code>[-a-zA-Z0-9_]+)"
REGION = r"(?P<region_code>\d{2}\.\d{2})"
ASSESSOR = r"(?P<code>[-A-Za-z0-9_]+)"
DAY = r"(?P<day>\d{4}-\d{2}-\d{2})"

urlpatterns = [
    # An assessor's own presentations (under the fixed word penilaian-saya/).
    re_path(rf"^penilaian-saya/{ROUND}/jadwal/$", views.schedule_mine, name="schedule_mine"),
    re_path(rf"^{ROUND}/jadwal/$", views.schedule_page, name="schedule"),
    re_path(rf"^{ROUND}/jadwal/buat/$", views.schedule_generate, name="schedule_generate"),
    re_path(rf"^{ROUND}/jadwal/cetak/{DAY}/$", views.schedule_print_day, name="schedule_print_day"),
    re_path(
        rf"^{ROUND}/jadwal/asesor/{ASSESSOR}/$", views.schedule_print_assessor, name="schedule_print_assessor"
    ),
    re_path(rf"^{ROUND}/jadwal/{REGION}/$", views.slot_edit, name="schedule_slot_edit"),
]
