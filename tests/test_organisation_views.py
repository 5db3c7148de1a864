"""The organisation page: HTMX partials and plain POSTs, conflicts, files, paging, query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.core.models import AuditEvent
from kotacerdas.organisation import services
from kotacerdas.organisation.models import Agency, BodyMember, Decree, ForumMeeting, WorkingGroup
from kotacerdas.programme.models import Dimension

from .factories import AgencyFactory

PDF = b"%PDF-1.4\n%%EOF\n"
HTMX = {"HTTP_HX_REQUEST": "true"}
PAGE = "/organisasi/52.04/"


def agency_data(**overrides):
    return {"code": "dinkes", "acronym": "Dinkes", "name": "Dinas Kesehatan", "kind": "dinas"} | overrides


@pytest.fixture
def coord(world):
    return world.client_for("coordinator_a")


def test_overview_shows_every_section_and_all_six_dimensions(world, coord):
    response = coord.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    for section in ("opd", "sk", "dewan", "tim-pelaksana", "pokja", "rapat"):
        assert f'<section id="{section}"' in html
    for code in Dimension.objects.values_list("code", flat=True):
        assert f'id="pokja-{code.lower()}"' in html
    assert html.count('class="badge badge-warn"') >= 6  # every dimension: not formed yet
    assert 'class="empty"' in html  # decrees, members and meetings say what to do
    assert "Diskominfo" in html and "Disdukcapil" in html


def test_read_only_roles_see_no_forms_and_cannot_post(world):
    client = world.client_for("pendamping")
    html = client.get(PAGE).content.decode()
    assert 'details class="add"' not in html and "hx-post" not in html
    assert client.post(f"{PAGE}opd/", agency_data()).status_code == 403
    assert not Agency.objects.filter(code="dinkes").exists()


def test_full_post_adds_agency_and_redirects(world, coord):
    response = coord.post(f"{PAGE}opd/", agency_data())
    assert response.status_code == 302 and response["Location"] == f"{PAGE}#opd"
    agency = Agency.objects.get(region=world.region_a, code="dinkes")
    assert AuditEvent.objects.filter(object_type="organisation.agency", object_id=str(agency.pk)).exists()
    assert "Dinkes" in coord.get(PAGE).content.decode()


def test_htmx_post_returns_section_and_refreshes_dependents_out_of_band(world, coord):
    response = coord.post(f"{PAGE}opd/", agency_data(), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.startswith('<section id="opd"')
    for dependent in ("dewan", "tim-pelaksana", "pokja"):
        assert f'<section id="{dependent}" class="card" hx-swap-oob="true">' in html
    assert 'class="msg msg-success"' in html
    # the new agency can be chosen in the member forms refreshed out of band
    uid = str(Agency.objects.get(code="dinkes").uid)
    assert html.count(f'value="{uid}"') >= 2


def test_htmx_invalid_post_returns_section_with_errors(world, coord):
    response = coord.post(f"{PAGE}opd/", agency_data(code="diskominfo", acronym="Diskominfo"), **HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    assert html.startswith('<section id="opd"') and "errorlist" in html
    assert '<details class="add" open>' in html
    assert Agency.objects.filter(region=world.region_a).count() == 2


def test_full_invalid_post_returns_whole_page(world, coord):
    response = coord.post(f"{PAGE}opd/", agency_data(code="", acronym=""))
    assert response.status_code == 400
    assert "<html" in response.content.decode()


def test_edit_form_partial_and_full_page(world, coord):
    url = f"{PAGE}opd/{world.agency_a2.uid}/"
    partial = coord.get(url, **HTMX)
    assert partial.status_code == 200
    html = partial.content.decode()
    assert html.startswith('<section id="opd"')
    assert 'name="row_version" value="1"' in html and 'id="opd-edit"' in html
    full = coord.get(url)
    assert full.status_code == 200 and "<html" in full.content.decode()
    assert 'id="opd-edit"' in full.content.decode()


def test_edit_saves_with_version(world, coord):
    url = f"{PAGE}opd/{world.agency_a2.uid}/"
    data = agency_data(code="diskominfo", acronym="Diskominfotiksan", name="Dinas Kominfotiksan")
    response = coord.post(url, data | {"is_active": "on", "row_version": 1}, **HTMX)
    assert response.status_code == 200
    world.agency_a2.refresh_from_db()
    assert world.agency_a2.acronym == "Diskominfotiksan" and world.agency_a2.row_version == 2


def test_edit_conflict_shows_other_writers_values_and_keeps_mine(world, coord):
    agency = world.agency_a2
    services.agency_update(
        actor=world.users["ministry_admin"],
        agency=agency,
        data={"name": "Nama dari admin"},
        expected_version=1,
    )
    url = f"{PAGE}opd/{agency.uid}/"
    mine = agency_data(code="diskominfo", acronym="Diskominfo", name="Nama dari koordinator")
    for extra in ({}, HTMX):
        response = coord.post(url, mine | {"is_active": "on", "row_version": 1}, **extra)
        assert response.status_code == 409
        html = response.content.decode()
        assert 'class="conflict"' in html
        assert "Nama dari admin" in html  # their value
        assert 'value="Nama dari koordinator"' in html  # mine, kept in the form
        assert 'name="row_version" value="2"' in html  # saving again is a deliberate overwrite
    agency.refresh_from_db()
    assert agency.name == "Nama dari admin"
    # saving again with the version just shown goes through
    response = coord.post(url, mine | {"is_active": "on", "row_version": 2})
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.name == "Nama dari koordinator"


def test_deactivate_and_stale_delete(world, coord):
    url = f"{PAGE}opd/{world.agency_a.uid}/nonaktifkan/"
    assert coord.post(url, {"row_version": 9}, **HTMX).status_code == 409
    response = coord.post(url, {"row_version": 1}, **HTMX)
    assert response.status_code == 200
    world.agency_a.refresh_from_db()
    assert not world.agency_a.is_active
    assert "badge-warn" in response.content.decode()


def test_decree_with_pdf_download_and_scoping(world, coord):
    response = coord.post(
        f"{PAGE}sk/",
        {
            "kind": "dewan",
            "number": "520 Tahun 2019",
            "date": "2019-06-05",
            "title": "Pembentukan Dewan Smart City",
            "document": SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    decree = Decree.objects.get(number="520 Tahun 2019")
    url = f"{PAGE}sk/{decree.uid}/berkas/"
    download = coord.get(url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Content-Length"] == str(len(PDF))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")  # reading it to the end closes it
    assert world.client_for("coordinator_b").get(url).status_code == 404
    # not read, so never opened: nothing is left open when a client walks away
    assert world.client_for("pendamping").get(url).status_code == 200


def test_decree_refuses_non_pdf_in_the_form(world, coord):
    response = coord.post(
        f"{PAGE}sk/",
        {
            "kind": "dewan",
            "number": "1",
            "date": "2019-06-05",
            "title": "SK",
            "document": SimpleUploadedFile("sk.docx", b"PK\x03\x04", content_type="application/msword"),
        },
        **HTMX,
    )
    assert response.status_code == 400
    assert Decree.objects.count() == 0
    assert "errorlist" in response.content.decode()


def test_members_pokja_and_meetings_through_the_page(world, coord):
    decree = services.decree_create(
        actor=None, region=world.region_a, kind="dewan", number="1", date=dt.date(2019, 6, 1), title="SK"
    )
    response = coord.post(
        f"{PAGE}dewan/",
        {
            "name": "Bupati Sumbawa",
            "position": "Bupati",
            "role": "ketua",
            "sector": "pemerintah",
            "agency": "",
            "decree": str(decree.uid),
        },
        **HTMX,
    )
    assert response.status_code == 200 and response.content.decode().startswith('<section id="dewan"')
    member = BodyMember.objects.get(name="Bupati Sumbawa")
    assert member.body == "dewan" and member.decree == decree
    response = coord.post(
        f"{PAGE}tim-pelaksana/",
        {"name": "Akademisi", "role": "anggota", "sector": "akademisi", "decree": str(decree.uid)},
    )
    assert response.status_code == 400  # an SK Dewan is not a choice for the Tim Pelaksana
    response = coord.post(
        f"{PAGE}pokja/gov/",
        {"leading_agency": str(world.agency_a2.uid), "lead_name": "Kadis", "decree": "", "row_version": ""},
    )
    assert response.status_code == 302
    assert WorkingGroup.objects.get(region=world.region_a).leading_agency == world.agency_a2
    response = coord.post(
        f"{PAGE}rapat/",
        {
            "date": "2024-06-10",
            "title": "Rapat Persiapan",
            "place": "Aula",
            "attendees": "40",
            "minutes": "Baris satu.\nBaris dua.",
            "minutes_file": SimpleUploadedFile("notulen.pdf", PDF),
        },
    )
    assert response.status_code == 302
    meeting = ForumMeeting.objects.get()
    detail = coord.get(f"{PAGE}rapat/{meeting.uid}/")
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Baris satu.<br>Baris dua." in html and f"rapat/{meeting.uid}/berkas/" in html
    download = coord.get(f"{PAGE}rapat/{meeting.uid}/berkas/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert world.client_for("coordinator_b").get(f"{PAGE}rapat/{meeting.uid}/").status_code == 404


def test_meetings_are_paged_by_fifty(world, coord):
    ForumMeeting.objects.bulk_create(
        ForumMeeting(
            region=world.region_a, date=dt.date(2020, 1, 1) + dt.timedelta(days=i), title=f"Rapat {i}"
        )
        for i in range(51)
    )
    html = coord.get(PAGE).content.decode()
    assert len(re.findall(r'<tr id="rapat-', html)) == 50
    page2 = coord.get(f"{PAGE}?section=rapat&page=2", **HTMX)
    assert page2.content.decode().startswith('<section id="rapat"')
    assert len(re.findall(r'<tr id="rapat-', page2.content.decode())) == 1
    assert "Rapat 0<" in page2.content.decode()  # the oldest comes last


def _fill(region, n):
    agencies = [AgencyFactory(region=region, code=f"opd{n}x{i}", acronym=f"OPD{n}X{i}") for i in range(n)]
    decree = Decree.objects.create(
        region=region, kind="dewan", number=f"SK{n}", date=dt.date(2020, 1, 1), title="SK"
    )
    for i in range(n):
        BodyMember.objects.create(
            region=region, body="dewan", name=f"D{n}{i}", agency=agencies[i], decree=decree
        )
        BodyMember.objects.create(region=region, body="tim_pelaksana", name=f"T{n}{i}", agency=agencies[i])
        ForumMeeting.objects.create(region=region, date=dt.date(2021, 1, 1), title=f"F{n}{i}", minutes="x")
        Decree.objects.create(
            region=region, kind="pokja", number=f"P{n}{i}", date=dt.date(2020, 1, 1), title="SK"
        )
    for dim in Dimension.objects.all()[: min(n, 6)]:
        WorkingGroup.objects.get_or_create(
            region=region, dimension=dim, defaults={"leading_agency": agencies[0], "decree": decree}
        )


OVERVIEW_QUERIES = 18  # 17 + the bell's unread count (the layout)


def test_overview_query_count_does_not_grow_with_rows(world, coord, django_assert_num_queries):
    _fill(world.region_a, 2)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        assert coord.get(PAGE).status_code == 200
    _fill(world.region_a, 12)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        assert coord.get(PAGE).status_code == 200
