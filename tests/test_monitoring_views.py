"""Progress-report pages: the items of a period, the report form (create, edit, conflict, lock, bad
input, offline resend), a report's page with its moderation buttons, the approval queue, and
evidence files (refused kinds, limits, downloads only for readers)."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from kotacerdas.core.models import AuditEvent
from kotacerdas.masterplans import services as plan_services
from kotacerdas.masterplans.models import ActionPlan
from kotacerdas.monitoring import services
from kotacerdas.monitoring.models import Evidence, ProgressReport, ReportingPeriod

from .monitoring_data import monitoring_setup, report_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, "PNG")
    return out.getvalue()


def form_url(m, lineage, period=None) -> str:
    return f"/pemantauan/52.04/laporan/{(period or m.q1).code}/{lineage}/"


def post_data(**extra) -> dict:
    data = {
        "status": "in_progress",
        "manual_percent": "",
        "manual_reason": "",
        "budget_realised": "125.000.000",
        "indicator_actual": "1",
        "narrative": "Aplikasi diuji di dua kecamatan.",
        "links": "https://silamo.sumbawakab.go.id\nhttps://sumbawakab.go.id/berita/1",
        "row_version": "0",
        "client_key": "",
        "after": "save",
    }
    data.update(extra)
    return data


def save(world, m, lineage=None, role="officer_a", **data):
    return services.report_save(
        actor=world.users[role],
        period=m.q1,
        region_id=world.region_a.pk,
        lineage_id=lineage or m.plan.own_action.lineage,
        data=report_data(**data) if data else report_data(),
    )


def events(action: str = "", object_type: str = "monitoring.progressreport") -> int:
    qs = AuditEvent.objects.filter(object_type=object_type)
    return (qs.filter(action=action) if action else qs).count()


# ---------------------------------------------------------------- the items of a period


def test_an_officer_first_sees_their_agencys_items_and_may_show_all(world) -> None:
    m = monitoring_setup(world)
    client = world.client_for("officer_a")
    page = client.get("/pemantauan/52.04/laporan/").content.decode()
    rows = re.findall(r'data-lineage="([^"]+)"', page)
    assert rows == [str(m.plan.own_action.lineage), str(m.plan.quick_win.lineage)]
    assert form_url(m, m.plan.own_action.lineage) in page  # "Report" on the own item
    everything = client.get("/pemantauan/52.04/laporan/?opd=semua").content.decode()
    assert str(m.plan.action.lineage) in everything
    # another agency's item can be read in the list but not reported on by the officer
    assert form_url(m, m.plan.action.lineage) not in everything
    coordinator = world.client_for("coordinator_a").get("/pemantauan/52.04/laporan/").content.decode()
    assert form_url(m, m.plan.action.lineage) in coordinator  # the coordinator sees and reports all


def test_the_list_shows_each_reports_state_and_percent_to_whom_may_see_it(world) -> None:
    m = monitoring_setup(world)
    save(world, m, status="pilot")
    page = world.client_for("officer_a").get(f"/pemantauan/52.04/laporan/?periode={m.q1.code}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-state="draft"' in html and "75 %" in html
    # a draft is not the pendamping's to see: the item shows as not reported
    other = world.client_for("pendamping").get(f"/pemantauan/52.04/laporan/?periode={m.q1.code}&opd=semua")
    assert 'data-state="draft"' not in other.content.decode()


def test_empty_states_say_what_is_missing(world) -> None:
    client = world.client_for("coordinator_a")
    page = client.get("/pemantauan/52.04/laporan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "has not opened monitoring for" in page  # no reporting year at all
    m = monitoring_setup(world)
    page = client.get("/pemantauan/52.04/laporan/?periode=2030-1", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "has not opened monitoring for 2030" in page.content.decode()
    assert client.get("/pemantauan/52.04/laporan/?periode=kuartal").status_code == 404
    # region B has no ratified plan: say so and link to the plan
    page = world.client_for("coordinator_b").get(
        f"/pemantauan/51.08/laporan/?periode={m.q1.code}", HTTP_ACCEPT_LANGUAGE="en"
    )
    html = page.content.decode()
    assert "no ratified master plan in force" in html and "/rencana-induk/51.08/" in html


def _more_items(world, m, count: int) -> None:
    coordinator = world.users["coordinator_a"]
    draft = plan_services.version_new_draft(actor=coordinator, plan=m.plan.plan)
    programme = draft.programmes.get(code="GOV-01")
    for i in range(count):
        plan_services.action_create(
            actor=coordinator,
            programme=programme,
            code=f"GOV-01.{i + 10}",
            name=f"Aksi tambahan {i}",
            agency=world.agency_a if i % 2 else world.agency_a2,
            start_year=2024,
            end_year=2024,
            indicator="Jumlah",
            budgets=[(2024, "APBD", Decimal(1000))],
            targets=[(2024, Decimal(1))],
        )
    plan_services.version_submit(actor=coordinator, version=draft)
    plan_services.version_ratify(
        actor=coordinator, version=draft, kind="perbup", number="8", date=dt.date(2024, 6, 1)
    )
    for action in ActionPlan.objects.filter(version=draft, code__startswith="GOV-01.1"):
        report = save(world, m, lineage=action.lineage, role="coordinator_a")
        services.report_submit(actor=coordinator, report=report)


def test_list_and_queue_queries_do_not_grow_with_the_items(
    world, django_assert_max_num_queries, django_assert_num_queries
) -> None:
    m = monitoring_setup(world)
    services.report_submit(actor=world.users["officer_a"], report=save(world, m))
    client = world.client_for("coordinator_a")
    urls = [
        f"/pemantauan/52.04/laporan/?periode={m.q1.code}&opd=semua",
        f"/pemantauan/52.04/laporan/?periode={m.q1.code}",
        "/pemantauan/52.04/persetujuan/",
    ]
    counts = {}
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(30) as small:
            assert client.get(url).status_code == 200
        counts[url] = len(small.captured_queries)
    _more_items(world, m, 12)
    for url in urls:
        with django_assert_num_queries(counts[url]):
            assert client.get(url).status_code == 200


# ---------------------------------------------------------------- the report form


def test_the_form_offers_the_years_vocabulary_and_the_plans_figures(world) -> None:
    m = monitoring_setup(world)
    page = world.client_for("officer_a").get(
        form_url(m, m.plan.own_action.lineage), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "(50 %)" in html and "(not counted in progress)" in html  # each status's %
    assert "Planned for 2024: Rp 250,000,000" in html
    assert "target 2024 1 layanan" in html
    assert 'name="client_key"' in html and 'name="row_version" value="0"' in html
    assert "report-draft.js" in html and "<script>" not in html  # no inline script (CSP)
    # a quick win has no indicator of its own
    win = world.client_for("officer_a").get(form_url(m, m.plan.quick_win.lineage)).content.decode()
    assert 'name="indicator_actual"' not in win


def test_an_officer_creates_then_edits_a_report(world) -> None:
    m = monitoring_setup(world)
    client = world.client_for("officer_a")
    url = form_url(m, m.plan.own_action.lineage)
    response = client.post(url, post_data(client_key="k-1"))
    report = ProgressReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/pemantauan/laporan/{report.uid}/"
    assert report.budget_realised == Decimal("125000000") and report.state == "draft"
    assert report.links == ["https://silamo.sumbawakab.go.id", "https://sumbawakab.go.id/berita/1"]
    assert report.created_by == world.users["officer_a"] and events("create") == 1
    form = client.get(url).content.decode()
    assert 'value="125.000.000"' in form  # shown back the Indonesian way
    response = client.post(
        url, post_data(status="pilot", row_version=str(report.row_version), client_key="k-2")
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status.code == "pilot" and report.row_version == 2 and events("update") == 1


def test_a_manual_percent_needs_its_reason(world) -> None:
    m = monitoring_setup(world)
    client = world.client_for("officer_a")
    url = form_url(m, m.plan.own_action.lineage)
    response = client.post(url, post_data(manual_percent="80", budget_realised=""), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "a manual % needs a reason" in response.content.decode()
    assert not ProgressReport.objects.exists()
    client.post(url, post_data(manual_percent="80", manual_reason="Uji coba di 4 kecamatan"))
    assert ProgressReport.objects.get().percent == Decimal(80)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("budget_realised", "12,5", "Group thousands by three"),  # English: 12,5 is no number
        ("budget_realised", "-5", "cannot be negative"),
        ("indicator_actual", "satu", "Enter a number with digits only"),
        ("status", "terbang", "Select a valid choice"),
        ("links", "javascript:alert(1)", "is not a web address"),
        ("manual_percent", "120", "between 0 and 100"),
    ],
)
def test_bad_input_shows_a_message_and_writes_nothing(world, field, value, message) -> None:
    m = monitoring_setup(world)
    before = AuditEvent.objects.count()
    data = post_data(budget_realised="125,000,000", manual_reason="alasan")
    data[field] = value
    response = world.client_for("officer_a").post(
        form_url(m, m.plan.own_action.lineage), data, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProgressReport.objects.exists() and AuditEvent.objects.count() == before


def test_two_writers_the_second_sees_the_others_values_and_loses_nothing(world) -> None:
    m = monitoring_setup(world)
    url = form_url(m, m.plan.own_action.lineage)
    officer, coordinator = world.client_for("officer_a"), world.client_for("coordinator_a")
    officer.post(url, post_data(status="preparation"))
    report = ProgressReport.objects.get()
    opened = str(report.row_version)
    coordinator.post(url, post_data(status="pilot", budget_realised="200.000.000", row_version=opened))
    response = officer.post(
        url,
        post_data(
            status="operational",
            narrative="Sudah beroperasi penuh.",
            budget_realised="125,000,000",
            row_version=opened,
        ),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this report" in html
    assert "200,000,000" in html  # the other writer's budget
    assert "Sudah beroperasi penuh." in html  # the officer's text, kept in the form
    report.refresh_from_db()
    assert report.status.code == "pilot" and report.narrative == "Aplikasi diuji di dua kecamatan."
    # the form now carries the current version: sending again is a knowing overwrite
    assert f'name="row_version" value="{report.row_version}"' in html
    again = officer.post(url, post_data(status="operational", row_version=str(report.row_version)))
    assert again.status_code == 302
    report.refresh_from_db()
    assert report.status.code == "operational"


def test_a_locked_period_shows_the_lock_message_instead_of_the_form(world) -> None:
    m = monitoring_setup(world)
    ReportingPeriod.objects.filter(pk=m.q1.pk).update(deadline=dt.date(2024, 4, 15))
    client = world.client_for("officer_a")
    url = form_url(m, m.plan.own_action.lineage)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200 and "is locked" in html and "lock exception" in html
    assert 'name="status"' not in html
    response = client.post(url, post_data(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "is locked" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_the_offline_draft_sent_twice_is_applied_once(world) -> None:
    """The script sends with X-Report-Draft: a save is answered 204 with the report's address;
    the same draft arriving again (the answer was lost) changes nothing."""
    m = monitoring_setup(world)
    client = world.client_for("officer_a")
    url = form_url(m, m.plan.own_action.lineage)
    data = post_data(client_key="draft-1")
    pdf = SimpleUploadedFile("foto-kegiatan.pdf", PDF, content_type="application/pdf")
    first = client.post(url, {**data, "evidence": pdf}, HTTP_X_REPORT_DRAFT="1")
    report = ProgressReport.objects.get()
    assert first.status_code == 204 and first["X-Report-Saved"] == f"/pemantauan/laporan/{report.uid}/"
    pdf.seek(0)
    second = client.post(url, {**data, "evidence": pdf}, HTTP_X_REPORT_DRAFT="1")
    assert second.status_code == 204
    assert ProgressReport.objects.count() == 1 and Evidence.objects.count() == 1
    assert events("create") == 1 and events("update") == 0
    page = client.get(second["X-Report-Saved"]).content.decode()
    assert "sudah pernah dikirim" in page  # the message was written at the (Indonesian) send


def test_an_item_dropped_from_the_plan_keeps_its_report_read_only(world) -> None:
    m = monitoring_setup(world)
    report = save(world, m)
    coordinator = world.users["coordinator_a"]
    draft = plan_services.version_new_draft(actor=coordinator, plan=m.plan.plan)
    plan_services.action_delete(
        actor=coordinator, action=ActionPlan.objects.get(version=draft, lineage=m.plan.own_action.lineage)
    )
    plan_services.version_submit(actor=coordinator, version=draft)
    plan_services.version_ratify(
        actor=coordinator, version=draft, kind="perbup", number="8", date=dt.date(2024, 6, 1)
    )
    client = world.client_for("officer_a")
    response = client.get(form_url(m, m.plan.own_action.lineage))
    assert response.status_code == 302 and response["Location"] == f"/pemantauan/laporan/{report.uid}/"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "not in the region's master plan in force" in page
    assert form_url(m, m.plan.own_action.lineage) not in page  # no Edit
    listing = client.get(f"/pemantauan/52.04/laporan/?periode={m.q1.code}", HTTP_ACCEPT_LANGUAGE="en")
    assert "Items no longer in the plan in force" in listing.content.decode()


# ---------------------------------------------------------------- moderation


def test_submit_from_the_report_page(world) -> None:
    m = monitoring_setup(world)
    report = save(world, m)
    client = world.client_for("officer_a")
    page = client.get(f"/pemantauan/laporan/{report.uid}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Submit for approval" in page and "Approve" not in page
    response = client.post(
        f"/pemantauan/laporan/{report.uid}/", {"action": "submit", "row_version": report.row_version}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted" and report.submitted_by == world.users["officer_a"]
    page = client.get(f"/pemantauan/laporan/{report.uid}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Submit for approval" not in page


def test_save_and_submit_in_one_step(world) -> None:
    m = monitoring_setup(world)
    response = world.client_for("officer_a").post(
        form_url(m, m.plan.own_action.lineage), post_data(after="submit")
    )
    assert response.status_code == 302
    assert ProgressReport.objects.get().state == "submitted"


def test_approve_and_return_with_a_comment_from_the_report_page(world) -> None:
    m = monitoring_setup(world)
    report = services.report_submit(actor=world.users["officer_a"], report=save(world, m))
    url = f"/pemantauan/laporan/{report.uid}/"
    officer = world.client_for("officer_a")
    assert officer.post(url, {"action": "approve"}).status_code == 403
    coordinator = world.client_for("coordinator_a")
    refused = coordinator.post(url, {"action": "return", "comment": " "}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "needs a comment" in refused.content.decode()
    report.refresh_from_db()
    assert report.state == "submitted"
    assert coordinator.post(url, {"action": "return", "comment": "Lampirkan foto"}).status_code == 302
    report.refresh_from_db()
    assert report.state == "returned" and report.return_comment == "Lampirkan foto"
    page = officer.get(url).content.decode()
    assert "Lampirkan foto" in page
    services.report_submit(actor=world.users["officer_a"], report=report)
    assert coordinator.post(url, {"action": "approve"}).status_code == 302
    report.refresh_from_db()
    assert report.state == "approved"
    # approved: readable by the pendamping now; the coordinator may reopen it with a comment
    assert world.client_for("pendamping").get(url).status_code == 200
    assert coordinator.post(url, {"action": "reopen", "comment": "Angka anggaran salah"}).status_code == 302
    report.refresh_from_db()
    assert report.state == "returned"


def test_the_approval_queue_approves_several_at_once_all_or_nothing(world) -> None:
    m = monitoring_setup(world)
    officer, coordinator_user = world.users["officer_a"], world.users["coordinator_a"]
    a = services.report_submit(actor=officer, report=save(world, m))
    b = services.report_submit(
        actor=coordinator_user, report=save(world, m, lineage=m.plan.action.lineage, role="coordinator_a")
    )
    draft = save(world, m, lineage=m.plan.quick_win.lineage, status="preparation")
    client = world.client_for("coordinator_a")
    page = client.get("/pemantauan/52.04/persetujuan/").content.decode()
    assert str(a.uid) in page and str(b.uid) in page and str(draft.uid) not in page
    # a report that is not waiting (a draft) spoils the batch: nothing changes
    refused = client.post(
        "/pemantauan/52.04/persetujuan/",
        {"report": [a.uid, draft.uid], "action": "approve"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 400 and "nothing was changed" in refused.content.decode()
    assert set(ProgressReport.objects.values_list("state", flat=True)) == {"submitted", "draft"}
    # returning needs the one comment of the batch
    refused = client.post("/pemantauan/52.04/persetujuan/", {"report": [a.uid, b.uid], "action": "return"})
    assert refused.status_code == 400
    done = client.post(
        "/pemantauan/52.04/persetujuan/", {"report": [a.uid, b.uid], "action": "approve"}, follow=True
    )
    assert done.status_code == 200
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.state == b.state == "approved"


def test_the_queue_returns_one_by_one_and_in_bulk(world) -> None:
    m = monitoring_setup(world)
    officer = world.users["officer_a"]
    a = services.report_submit(actor=officer, report=save(world, m))
    b = services.report_submit(actor=officer, report=save(world, m, lineage=m.plan.quick_win.lineage))
    client = world.client_for("coordinator_a")
    assert client.post("/pemantauan/52.04/persetujuan/", {"approve_one": a.uid}).status_code == 302
    assert (
        client.post(
            "/pemantauan/52.04/persetujuan/",
            {"report": [b.uid], "action": "return", "comment": "Foto kurang"},
        ).status_code
        == 302
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.state, b.state, b.return_comment) == ("approved", "returned", "Foto kurang")
    # the officer of the agency and the other region's coordinator have no queue
    assert world.client_for("officer_a").get("/pemantauan/52.04/persetujuan/").status_code == 403
    assert world.client_for("coordinator_b").get("/pemantauan/52.04/persetujuan/").status_code == 404


# ---------------------------------------------------------------- evidence


def _upload(world, m, name: str, content: bytes, lang: str = "en", report=None):
    report = report or save(world, m)
    response = world.client_for("officer_a").post(
        f"/pemantauan/laporan/{report.uid}/",
        {"action": "evidence_add", "evidence": SimpleUploadedFile(name, content)},
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    return report, response


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "laporan.pdf",
            b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
            "web page (HTML)",
        ),
        (
            "peta.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "SVG drawing",
        ),
        ("foto.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>', "SVG"),
        ("besar.pdf", PDF + b"0" * 3000, "too large"),
    ],
)
def test_refused_evidence_is_explained_and_nothing_is_written(
    world, settings, name, content, message
) -> None:
    settings.EVIDENCE_MAX_BYTES = 2000
    m = monitoring_setup(world)
    report = save(world, m)
    before = AuditEvent.objects.count()
    report, response = _upload(world, m, name, content, report=report)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists() and not _stored_files(settings)
    assert AuditEvent.objects.count() == before
    report.refresh_from_db()
    assert report.row_version == 1


def test_evidence_refused_in_the_form_leaves_the_report_unsaved_too(world, settings) -> None:
    m = monitoring_setup(world)
    response = world.client_for("officer_a").post(
        form_url(m, m.plan.own_action.lineage),
        {
            **post_data(budget_realised=""),
            "evidence": SimpleUploadedFile("laporan.pdf", b"<html><script>x</script></html>"),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400 and "web page (HTML)" in response.content.decode()
    assert not ProgressReport.objects.exists() and not _stored_files(settings)


def test_a_traversal_file_name_never_reaches_the_disk(world, settings) -> None:
    m = monitoring_setup(world)
    report = save(world, m)
    # the service refuses a name with a folder in it, with a message, and writes nothing
    evil = ContentFile(PDF, name="../../../etc/cron.d/evil.pdf")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.evidence_add(actor=world.users["officer_a"], report=report, upload=evil)
    assert "contains a folder" in caught.value.message_dict["evidence"][0]
    assert not Evidence.objects.exists() and not _stored_files(settings)
    # through the web the folder is dropped before the check; the file lands under a random name
    response = world.client_for("officer_a").post(
        f"/pemantauan/laporan/{report.uid}/",
        {"action": "evidence_add", "evidence": SimpleUploadedFile("../../etc/evil.pdf", PDF)},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.name == "evil.pdf"
    stored = Path(settings.MEDIA_ROOT) / evidence.file.name
    assert stored.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve() / "evidence")
    assert re.fullmatch(r"evidence/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", evidence.file.name)


def test_an_image_gets_a_thumbnail_and_only_readers_download(world) -> None:
    m = monitoring_setup(world)
    report, response = _upload(world, m, "foto lapangan.png", png_bytes((1200, 900)))
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.kind == "png" and evidence.thumbnail and evidence.size > 0
    assert events("create", "monitoring.evidence") == 1
    page = world.client_for("officer_a").get(f"/pemantauan/laporan/{report.uid}/").content.decode()
    assert f"/pemantauan/bukti/{evidence.uid}/gambar/" in page
    for role in ("officer_a", "coordinator_a", "ministry_admin"):
        download = world.client_for(role).get(f"/pemantauan/bukti/{evidence.uid}/")
        assert download.status_code == 200, role
        assert download["Content-Type"] == "image/png"
        assert download["X-Content-Type-Options"] == "nosniff"
        assert b"".join(download.streaming_content) == png_bytes((1200, 900))
        thumb = world.client_for(role).get(f"/pemantauan/bukti/{evidence.uid}/gambar/")
        assert thumb.status_code == 200
        with Image.open(io.BytesIO(b"".join(thumb.streaming_content))) as image:
            assert max(image.size) <= 320
    # the report is a draft: the pendamping, the other region and the assessor get 404
    for role in ("pendamping", "coordinator_b", "assessor"):
        assert world.client_for(role).get(f"/pemantauan/bukti/{evidence.uid}/").status_code == 404, role
        assert world.client_for(role).get(f"/pemantauan/bukti/{evidence.uid}/gambar/").status_code == 404
    assert world.client_for("anonymous").get(f"/pemantauan/bukti/{evidence.uid}/").status_code == 302


def test_a_pdf_has_no_thumbnail_and_can_be_removed_while_editable(world, settings) -> None:
    m = monitoring_setup(world)
    report, response = _upload(world, m, "berita-acara.pdf", PDF)
    evidence = Evidence.objects.get()
    assert not evidence.thumbnail
    client = world.client_for("officer_a")
    assert client.get(f"/pemantauan/bukti/{evidence.uid}/gambar/").status_code == 404
    stored = Path(settings.MEDIA_ROOT) / evidence.file.name
    assert stored.exists()
    with pytest.raises(Exception):  # noqa: B017 - the pendamping cannot even see the draft
        services.evidence_remove(actor=world.users["pendamping"], evidence=evidence)
    response = client.post(
        f"/pemantauan/laporan/{report.uid}/", {"action": "evidence_remove", "evidence": evidence.uid}
    )
    assert response.status_code == 302 and not Evidence.objects.exists()
    assert events("delete", "monitoring.evidence") == 1


def test_a_report_holds_a_limited_number_and_size_of_files(world, settings) -> None:
    settings.MONITORING_EVIDENCE_MAX_FILES = 2
    settings.MONITORING_EVIDENCE_MAX_TOTAL_BYTES = len(PDF) * 3
    m = monitoring_setup(world)
    report = save(world, m)
    officer = world.users["officer_a"]
    for i in range(2):
        services.evidence_add(actor=officer, report=report, upload=ContentFile(PDF, name=f"b{i}.pdf"))
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.evidence_add(actor=officer, report=report, upload=ContentFile(PDF, name="b3.pdf"))
    assert "at most 2 files" in caught.value.message_dict["evidence"][0]
    settings.MONITORING_EVIDENCE_MAX_FILES = 10
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.evidence_add(actor=officer, report=report, upload=ContentFile(PDF * 2, name="b4.pdf"))
    assert "together they may hold" in caught.value.message_dict["evidence"][0]
    assert Evidence.objects.count() == 2 and len(_stored_files(settings)) == 2


def test_evidence_cannot_change_once_submitted(world) -> None:
    m = monitoring_setup(world)
    report = save(world, m)
    services.evidence_add(
        actor=world.users["officer_a"], report=report, upload=ContentFile(PDF, name="a.pdf")
    )
    services.report_submit(actor=world.users["officer_a"], report=report)
    report.refresh_from_db()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.evidence_add(
            actor=world.users["officer_a"], report=report, upload=ContentFile(PDF, name="b.pdf")
        )
    assert "can no longer be changed" in caught.value.message_dict["evidence"][0]
    with pytest.raises(ValidationError):
        services.evidence_remove(actor=world.users["officer_a"], evidence=Evidence.objects.get())
    assert Evidence.objects.count() == 1
