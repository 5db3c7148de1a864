"""The one file check (core.files): a file is accepted by its content, never its name; every
refusal names the file and says why, and nothing is written. Random storage names,
thumbnails without metadata, downloads with nosniff and the person's file name."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import tracemalloc
import warnings
import zipfile
import zlib
from pathlib import Path

import docx
import openpyxl
import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db.migrations.writer import MigrationWriter
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from kotacerdas.core.files import (
    EVIDENCE_KINDS,
    CheckedFile,
    FileKind,
    RandomUploadTo,
    evidence_check,
    file_download,
    image_thumbnail,
    pdf_check,
    random_upload_name,
    upload_check,
)
from kotacerdas.organisation import services as organisation_services
from kotacerdas.organisation.models import Decree

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SIGNATURES = {
    FileKind.PDF: b"%PDF-",
    FileKind.PNG: b"\x89PNG\r\n\x1a\n",
    FileKind.JPEG: b"\xff\xd8\xff",
    FileKind.XLSX: b"PK\x03\x04",
    FileKind.DOCX: b"PK\x03\x04",
}
MAIN_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


# ---------------------------------------------------------------- tiny real files


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30), mode: str = "RGB", **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "red" if mode != "RGBA" else (255, 0, 0, 128)).save(out, fmt, **save)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "Realisasi"
    book.active["B1"] = 75
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Laporan kemajuan triwulan I")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rezip(data: bytes, change=lambda name, part: part, extra: dict[str, bytes] | None = None) -> bytes:
    """The Office file ``data`` with its parts changed and ``extra`` parts added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info)))
        for name, part in (extra or {}).items():
            target.writestr(name, part)
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` x ``height`` pixels in a few dozen bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        SIGNATURES[FileKind.PNG]
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


GOOD = {
    "laporan.pdf": PDF,
    "foto.png": image_bytes("PNG"),
    "foto.jpg": image_bytes("JPEG"),
    "Foto Lapangan.JPEG": image_bytes("JPEG"),
    "realisasi.xlsx": xlsx_bytes(),
    "notulen.docx": docx_bytes(),
}


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")  # the browser's word: ignored


def stored_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def refusal(file, kinds=EVIDENCE_KINDS, **kwargs) -> str:
    """The message of the refusal of ``file``; and nothing was written."""
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        upload_check(file, field="evidence", kinds=kinds, **kwargs)
    assert list(exc.value.message_dict) == ["evidence"]
    assert stored_files() == []
    return exc.value.message_dict["evidence"][0]


# ---------------------------------------------------------------- accepted


@pytest.mark.parametrize("name", GOOD)
def test_each_kind_is_accepted_by_its_content(name):
    data = GOOD[name]
    file = upload(name, data)
    checked = evidence_check(file, field="evidence")
    expected = FileKind.for_name(name)
    assert checked == CheckedFile(kind=expected, display_name=name, size=len(data))
    assert checked.content_type == expected.content_type  # not the browser's word (always a PDF here)
    assert file.read() == data  # left at its start, whole, for saving


def test_the_kinds_content_types():
    assert {kind: kind.content_type for kind in FileKind} == {
        FileKind.PDF: "application/pdf",
        FileKind.PNG: "image/png",
        FileKind.JPEG: "image/jpeg",
        FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    assert [kind.extension for kind in FileKind] == ["pdf", "png", "jpg", "xlsx", "docx"]
    assert tuple(EVIDENCE_KINDS) == tuple(FileKind)


@pytest.mark.parametrize("name", ["foto.jpg", "notulen.docx", "realisasi.xlsx"])
def test_an_upload_spooled_to_disk_is_checked_in_place(name):
    """Files over FILE_UPLOAD_MAX_MEMORY_SIZE arrive as temporary files: read where they are."""
    with TemporaryUploadedFile(name, "application/octet-stream", len(GOOD[name]), None) as file:
        file.write(GOOD[name])
        assert evidence_check(file, field="evidence").kind == FileKind.for_name(name)
        assert file.read() == GOOD[name]


def test_a_django_file_object_is_checked_too():
    checked = upload_check(File(io.BytesIO(PDF), name="sk.pdf"), field="document", kinds=[FileKind.PDF])
    assert checked.kind == FileKind.PDF and checked.size == len(PDF)


# ---------------------------------------------------------------- refused: what the content is


def test_an_html_page_renamed_pdf_is_refused():
    page = b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>"
    message = refusal(upload("laporan.pdf", page))
    assert message.startswith("laporan.pdf is a web page (HTML), which cannot be uploaded")
    assert "PDF document (.pdf)" in message
    assert "web page" in refusal(upload("laporan.pdf", b"\xef\xbb\xbf  <html><head>"))  # BOM, spaces


@pytest.mark.parametrize(
    "name,svg",
    [
        ("peta.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'),
        (
            "peta.svg",
            b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>',
        ),
        ("peta.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("peta.pdf", "<svg>\n</svg>".encode("utf-16")),
    ],
)
def test_svg_is_refused_with_or_without_script(name, svg):
    assert refusal(upload(name, svg)).startswith(f"{name} is an SVG drawing, which cannot be uploaded")


@pytest.mark.parametrize(
    "name,data",
    [
        ("setup.exe", b"MZ\x90\x00\x03"),
        ("setup.pdf", b"MZ\x90\x00\x03"),
        ("animasi.gif", b"GIF89a\x01\x00\x01\x00"),
        ("catatan.txt", b"Catatan rapat"),
        ("catatan.pdf", b" %PDF-1.4 not at the start"),
        ("data.csv", b"a,b\n1,2\n"),
    ],
)
def test_any_other_content_is_refused(name, data):
    assert refusal(upload(name, data)) == (
        f"{name} cannot be accepted: its content is of no accepted kind; accepted: PDF document (.pdf), "
        "PNG image (.png), JPEG image (.jpg, .jpeg), Excel workbook (.xlsx), Word document (.docx)."
    )


@pytest.mark.parametrize(
    "name,data,kind,ending",
    [
        ("foto.pdf", GOOD["foto.png"], "PNG image", ".png"),
        ("laporan.png", PDF, "PDF document", ".pdf"),
        ("foto.png", GOOD["foto.jpg"], "JPEG image", ".jpg / .jpeg"),
        ("realisasi.docx", GOOD["realisasi.xlsx"], "Excel workbook", ".xlsx"),
        ("notulen.xlsx", GOOD["notulen.docx"], "Word document", ".docx"),
        ("scan", PDF, "PDF document", ".pdf"),
        ("laporan.pdf.exe", PDF, "PDF document", ".pdf"),
    ],
)
def test_a_name_that_does_not_match_the_content_is_refused_saying_what_it_is(name, data, kind, ending):
    assert refusal(upload(name, data)) == (
        f"{name} does not match its content ({kind}): rename it to end in {ending}."
    )


def test_a_kind_not_asked_for_is_refused_saying_what_it_is():
    message = refusal(upload("foto.png", GOOD["foto.png"]), kinds=[FileKind.PDF])
    assert message == "foto.png (PNG image) is not accepted here; accepted: PDF document (.pdf)."
    assert "no accepted kind" in refusal(upload("a.docx", GOOD["notulen.docx"]), kinds=[FileKind.PDF])


# ---------------------------------------------------------------- refused: size and name


def test_an_empty_file_is_refused():
    assert refusal(upload("laporan.pdf", b"")) == "laporan.pdf is empty."


def test_an_oversized_file_is_refused_with_the_limit_from_the_setting(settings):
    assert settings.EVIDENCE_MAX_BYTES == 10 * 1024 * 1024
    settings.EVIDENCE_MAX_BYTES = 1000
    big = PDF + b"x" * 1000
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        evidence_check(upload("laporan.pdf", big), field="evidence")
    assert exc.value.message_dict["evidence"] == [
        "laporan.pdf is too large (1.0\xa0KB); the limit is 1000\xa0bytes."
    ]
    assert evidence_check(upload("laporan.pdf", big[:1000]), field="evidence").size == 1000
    assert "too large" in refusal(upload("foto.jpg", GOOD["foto.jpg"]), max_bytes=100)


def test_no_file_is_refused_by_the_check_and_passes_pdf_check():
    assert refusal(None) == "No file was sent."
    pdf_check(None, field="document")  # the service decides whether a document is required


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "/etc/passwd.pdf",
        "laporan/../../x.pdf",
        "a\\b.pdf",
        "..\\..\\windows\\win.pdf",
        "lap\x00oran.pdf",
        "lap\noran.pdf",
        "lap\x1boran.pdf",
        "laporan\u202efdp.exe.pdf",  # a right-to-left override hides the real ending
        "..",
    ],
)
def test_a_name_with_a_path_or_control_characters_is_refused(name):
    message = refusal(File(io.BytesIO(PDF), name=name))
    assert message.startswith("The file name “") and "is not allowed: it contains a folder" in message
    assert "\x00" not in message and "\n" not in message and "\u202e" not in message


def test_django_uploads_lose_their_folder_before_the_check():
    """Django's upload handling keeps only the last part of a sent name (the check refuses any
    folder it is still given); either way the stored name is random."""
    checked = upload_check(upload("../../etc/passwd.pdf", PDF), field="document", kinds=[FileKind.PDF])
    assert checked.display_name == "passwd.pdf"
    assert "\\" not in refusal(upload("a\\b.pdf", PDF)).split("”")[1]


def test_a_very_long_name_is_refused():
    assert "is too long (at most 255 characters)" in refusal(File(io.BytesIO(PDF), name="a" * 300 + ".pdf"))


def test_names_are_kept_as_the_person_wrote_them():
    name = "Laporan Triwulan – Sumbawa (final) #2.pdf"
    assert upload_check(upload(f"  {name} ", PDF), field="f", kinds=EVIDENCE_KINDS).display_name == name


# ---------------------------------------------------------------- Office files: bounds, macros, other zips


def test_a_zip_bomb_docx_is_refused_from_the_zip_directory():
    """A .docx of about 40 KB holding a 40 MB part (the limit per part is 32 MB): refused from
    the declared sizes, with nothing unpacked (memory stays small)."""
    bomb = rezip(docx_bytes(), extra={"word/media/image1.bmp": b"\x00" * (40 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024
    tracemalloc.start()
    try:
        message = refusal(upload("notulen.docx", bomb))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message == (
        "notulen.docx is too large once unpacked: one of its parts holds 40.0\xa0MB (at most 32.0\xa0MB per part)."
    )
    assert peak < 4 * 1024 * 1024


def test_an_office_file_too_large_once_unpacked_altogether_is_refused(settings):
    settings.WORKBOOK_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    parts = {f"word/media/image{i}.bmp": b"\x00" * 300_000 for i in range(4)}
    message = refusal(upload("notulen.docx", rezip(docx_bytes(), extra=parts)))
    assert (
        message.startswith("notulen.docx is too large once unpacked: 1.") and "(at most 1.0\xa0MB)" in message
    )


def test_an_office_file_with_too_many_parts_is_refused():
    parts = {f"xl/media/p{i}.xml": b"" for i in range(2_001)}
    message = refusal(upload("realisasi.xlsx", rezip(xlsx_bytes(), extra=parts)))
    assert message.startswith("realisasi.xlsx has too many parts once unpacked (20")
    assert message.endswith("at most 2000).")


def test_macro_enabled_office_files_are_refused():
    def macro_enabled(name: str, part: bytes) -> bytes:
        main = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
        return part.replace(main, b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")

    message = refusal(upload("realisasi.xlsx", rezip(xlsx_bytes(), macro_enabled)))
    assert message.startswith("realisasi.xlsx contains macros")
    hidden = rezip(xlsx_bytes(), extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    assert "contains macros" in refusal(upload("realisasi.xlsx", hidden))


@pytest.mark.parametrize(
    "change",
    [
        lambda name, part: part.replace(MAIN_DOCUMENT.encode(), b"application/xml"),  # no main part named
        lambda name, part: part.replace(b'PartName="/word/document.xml"', b'PartName="/word/missing.xml"'),
        lambda name, part: part.replace(
            MAIN_DOCUMENT.encode(),
            b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        ),
    ],
    ids=["no main part", "main part missing", "a presentation"],
)
def test_a_zip_that_is_no_accepted_office_file_is_refused(change):
    message = refusal(upload("notulen.docx", rezip(docx_bytes(), change)))
    assert (
        message == "notulen.docx is a ZIP archive, not an Excel workbook (.xlsx) or a Word document (.docx)."
    )


def test_a_plain_zip_and_a_damaged_office_file_are_refused():
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("laporan.txt", "isi")
    assert "is a ZIP archive" in refusal(upload("arsip.docx", plain.getvalue()))
    damaged = docx_bytes()[: len(docx_bytes()) // 2]
    assert refusal(upload("notulen.docx", damaged)) == (
        "notulen.docx cannot be read: the file is damaged or incomplete."
    )


def test_an_office_file_with_two_parts_of_one_name_is_refused():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns of the duplicate name
        twice = rezip(docx_bytes(), extra={"word/document.xml": b"<w:document/>"})
    assert "damaged" in refusal(upload("notulen.docx", twice))


# ---------------------------------------------------------------- images: decoded, pixels bounded


@pytest.mark.parametrize("name", ["foto.png", "foto.jpg"])
def test_a_truncated_image_is_refused(name):
    data = image_bytes("PNG" if name.endswith("png") else "JPEG", size=(200, 200))
    assert refusal(upload(name, data[: len(data) // 2])) == (
        f"{name} cannot be read: the file is damaged or incomplete."
    )


def test_an_image_declaring_too_many_pixels_is_refused_before_it_is_decoded():
    # 9,000 x 5,000 is over the 40 million of the setting; 100,000 x 100,000 over Pillow's own guard
    for width, height in [(9_000, 5_000), (100_000, 100_000)]:
        message = refusal(upload("peta.png", png_header(width, height)))
        assert message == "The image peta.png has too many pixels (at most 40 million)."


def test_the_pixel_limit_is_a_setting(settings):
    settings.IMAGE_MAX_PIXELS = 1_000
    assert "too many pixels (at most 0.001 million)" in refusal(
        upload("foto.jpg", image_bytes("JPEG", (40, 30)))
    )
    assert upload_check(upload("foto.jpg", image_bytes("JPEG", (30, 30))), field="f", kinds=EVIDENCE_KINDS)


# ---------------------------------------------------------------- random bytes are never accepted


SIGNATURE_FREE_NAMES = ["x.pdf", "x.png", "x.jpg", "x.xlsx", "x.docx", "x.bin"]


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(min_size=1, max_size=2048), name=st.sampled_from(SIGNATURE_FREE_NAMES))
def test_random_bytes_are_accepted_only_when_they_start_with_the_kinds_signature(data, name):
    try:
        checked = upload_check(upload(name, data), field="f", kinds=EVIDENCE_KINDS)
    except ValidationError:
        return
    assert data.startswith(SIGNATURES[checked.kind])
    assert checked.kind == FileKind.PDF  # the one kind with nothing more to prove than its signature


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from([FileKind.PNG, FileKind.JPEG, FileKind.XLSX, FileKind.DOCX]),
    tail=st.binary(max_size=2048),
)
def test_a_signature_followed_by_random_bytes_is_never_accepted(kind, tail):
    with pytest.raises(ValidationError):
        upload_check(upload(f"x.{kind.extension}", SIGNATURES[kind] + tail), field="f", kinds=EVIDENCE_KINDS)


# ---------------------------------------------------------------- the existing PDF callers


def test_pdf_check_is_the_same_check(world):
    """The documents' services (here a decree) refuse with the same messages, writing nothing."""
    admin = world.users["ministry_admin"]
    before = Decree.objects.count()
    page = b"<html><body>bukan PDF</body></html>"
    for document, expected in [
        (upload("sk.pdf", page), "sk.pdf is a web page (HTML)"),
        (upload("sk.pdf", GOOD["foto.png"]), "sk.pdf (PNG image) is not accepted here"),
        (upload("sk.exe", PDF), "sk.exe does not match its content (PDF document)"),
    ]:
        with translation.override("en"), pytest.raises(ValidationError) as exc:
            organisation_services.decree_create(
                actor=admin,
                region=world.region_a,
                kind="dewan",
                number="1",
                date=dt.date(2020, 1, 1),
                title="SK",
                document=document,
            )
        assert exc.value.message_dict["document"][0].startswith(expected)
    assert Decree.objects.count() == before and stored_files() == []


# ---------------------------------------------------------------- storage names


def test_random_upload_names():
    first, second = (random_upload_name("evidence", FileKind.JPEG) for _ in range(2))
    assert re.fullmatch(r"evidence/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", first)
    assert first != second
    assert random_upload_name("monitoring/evidence", FileKind.XLSX).endswith(".xlsx")
    for prefix in ["", "../evidence", "/evidence", "Evidence", "evidence/", "a//b"]:
        with pytest.raises(ValueError):
            random_upload_name(prefix, FileKind.PDF)


def test_random_upload_to_never_uses_the_persons_name():
    upload_to = RandomUploadTo("evidence")
    field = FileField(upload_to=upload_to)
    name = field.generate_filename(None, "Laporan Rahasia Bupati.JPEG")
    assert re.fullmatch(r"evidence/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", name)
    with pytest.raises(ValueError):
        upload_to(None, "laporan.exe")
    saved = default_storage.save(name, ContentFile(GOOD["foto.jpg"]))
    assert saved == name and [p.name for p in stored_files()] == [Path(name).name]


def test_random_upload_to_can_be_written_in_a_migration():
    upload_to = RandomUploadTo("evidence")
    assert upload_to.deconstruct() == ("kotacerdas.core.files.RandomUploadTo", ("evidence",), {})
    assert upload_to == RandomUploadTo("evidence") != RandomUploadTo("bukti")
    text, imports = MigrationWriter.serialize(upload_to)
    assert text == "kotacerdas.core.files.RandomUploadTo('evidence')"
    assert imports == {"import kotacerdas.core.files"}


# ---------------------------------------------------------------- thumbnails


def _photo_turned_on_its_side() -> bytes:
    """An 800 x 400 photo, left half red and right half blue, stored lying on its side: its EXIF
    says "turn 90° clockwise to show". Also a camera model, a GPS position and a comment."""
    image = Image.new("RGB", (800, 400), "red")
    image.paste((0, 0, 255), (400, 0, 800, 400))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation
    exif[0x0110] = "Kamera Dinas"  # model
    exif[0x8825] = {1: "S", 2: (8.0, 30.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"rahasia")
    return out.getvalue()


def test_a_thumbnail_is_upright_small_and_without_metadata():
    photo = _photo_turned_on_its_side()
    assert Image.open(io.BytesIO(photo)).getexif()[0x0110] == "Kamera Dinas"
    thumbnail = image_thumbnail(photo)
    assert thumbnail.name == "thumbnail.jpg"
    image = Image.open(io.BytesIO(thumbnail.read()))
    assert image.format == "JPEG" and image.size == (160, 320)
    top, bottom = image.getpixel((80, 40)), image.getpixel((80, 280))
    assert top[0] > 200 > top[2] and bottom[2] > 200 > bottom[0]  # red above blue: turned upright
    assert not image.getexif() and "exif" not in image.info and "comment" not in image.info
    assert b"Kamera" not in thumbnail.read() and b"rahasia" not in thumbnail.read()


@pytest.mark.parametrize(
    "data,size,fmt",
    [
        (image_bytes("PNG", (1000, 500), "RGBA"), (320, 160), "PNG"),  # transparency kept: PNG
        (image_bytes("PNG", (200, 100), "P", transparency=0), (200, 100), "PNG"),  # smaller: kept
        (image_bytes("PNG", (640, 1280)), (160, 320), "JPEG"),  # opaque: JPEG
        (image_bytes("PNG", (500, 500), "I;16"), (320, 320), "JPEG"),
        (image_bytes("JPEG", (2000, 1500), "CMYK"), (320, 240), "JPEG"),
    ],
)
def test_thumbnail_sizes_and_formats(data, size, fmt):
    thumbnail = image_thumbnail(data)
    image = Image.open(io.BytesIO(thumbnail.read()))
    assert (image.size, image.format) == (size, fmt)
    assert thumbnail.name == f"thumbnail.{'png' if fmt == 'PNG' else 'jpg'}"
    if fmt == "PNG":
        assert image.mode == "RGBA" and not {"icc_profile", "exif"} & set(image.info)


def test_thumbnail_of_a_stored_file_and_its_size_limit():
    name = default_storage.save(random_upload_name("evidence", FileKind.PNG), ContentFile(GOOD["foto.png"]))
    field_file = FieldFile(None, FileField(), name)
    assert Image.open(image_thumbnail(field_file, max_side=16)).size == (16, 12)
    with pytest.raises(ValueError):
        image_thumbnail(PDF)
    with pytest.raises(ValueError):
        image_thumbnail(png_header(100_000, 100_000))


# ---------------------------------------------------------------- downloads


def _stored(data: bytes, kind: FileKind) -> FieldFile:
    name = default_storage.save(random_upload_name("evidence", kind), ContentFile(data))
    return FieldFile(None, FileField(), name)


def test_a_download_is_an_attachment_with_the_persons_name_and_no_sniffing():
    response = file_download(_stored(PDF, FileKind.PDF), filename="laporan akhir.pdf", kind=FileKind.PDF)
    assert response["Content-Disposition"] == 'attachment; filename="laporan akhir.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(PDF))
    assert b"".join(response.streaming_content) == PDF


def test_a_download_name_outside_ascii_is_sent_the_rfc_5987_way():
    response = file_download(
        _stored(GOOD["realisasi.xlsx"], FileKind.XLSX),
        filename="Realisasi – Sumbawa 2026.xlsx",
        kind=FileKind.XLSX,
    )
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Realisasi%20%E2%80%93%20Sumbawa%202026.xlsx"
    )
    assert response["Content-Type"] == FileKind.XLSX.content_type
    b"".join(response.streaming_content)


def test_a_download_has_the_content_type_of_the_kind_found():
    field_file = _stored(GOOD["foto.jpg"], FileKind.JPEG)
    response = file_download(field_file, filename='foto "lapangan".jpg', kind=FileKind.JPEG)
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'attachment; filename="foto \\"lapangan\\".jpg"'
    b"".join(response.streaming_content)
    default_storage.delete(field_file.name)
    with pytest.raises(Http404):
        file_download(field_file, kind=FileKind.JPEG)
