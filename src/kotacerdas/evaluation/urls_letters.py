"""URLs of result letters and findings, included under /evaluasi/ in the ``evaluation``
namespace (names ``letter_*`` and ``finding_*``). A round by its code, a region by its
Kemendagri code (52.04), a finding by its uid."""

from django.urls import URLPattern, re_path

from . import letter_views

ROUND = r"(?P<code>[-a-zA-Z0-9_]+)"
REGION = r"(?P<region_code>\d{2}\.\d{2})"
FINDING = r"(?P<uid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
JOB = r"(?P<job>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"

urlpatterns: list[URLPattern] = [
    re_path(rf"^{ROUND}/surat/$", letter_views.letter_zip, name="letter_zip"),
    re_path(rf"^{ROUND}/surat/{JOB}/$", letter_views.letter_zip_file, name="letter_zip_file"),
    re_path(rf"^{ROUND}/{REGION}/surat\.pdf$", letter_views.letter_pdf, name="letter_pdf"),
    re_path(rf"^{ROUND}/{REGION}/temuan/$", letter_views.finding_list, name="finding_list"),
    re_path(rf"^{ROUND}/{REGION}/temuan/tambah/$", letter_views.finding_add, name="finding_add"),
    re_path(rf"^{ROUND}/{REGION}/temuan/{FINDING}/ubah/$", letter_views.finding_edit, name="finding_edit"),
    re_path(
        rf"^{ROUND}/{REGION}/temuan/{FINDING}/hapus/$", letter_views.finding_remove, name="finding_remove"
    ),
    re_path(
        rf"^{ROUND}/{REGION}/temuan/{FINDING}/tanggapan/$",
        letter_views.finding_respond,
        name="finding_respond",
    ),
]
