"""Progress-report pages, for every role: the items of a period, the report form, a report's page
and its buttons, evidence downloads and the approval queue of region A.

Reading the region's monitoring needs ``monitoring.view`` (ministry admin, pendamping, coordinator
and officer of A; the assessor and the coordinator of B get 404). A report that is not approved
is read only by its writers (the officer of the owning agency, A's coordinator, the ministry
admin): the pendamping gets 404 for it. Writing needs ``monitoring.report`` (coordinator,
ministry) or ``monitoring.report_own`` on the owning agency (officer of Disdukcapil); approving
needs ``monitoring.approve`` (coordinator of A, ministry).
"""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from .cases import LOGIN, Case, expect

R = "/pemantauan/52.04"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"

READ = expect(404, ministry_admin=200, pendamping=200, coordinator_a=200, officer_a=200, anonymous=LOGIN)
NOT_ALLOWED = expect(405, anonymous=LOGIN)
# the own agency's item: its officer, the coordinator and the ministry write; the pendamping reads only
WRITE_GET = expect(404, ministry_admin=200, coordinator_a=200, officer_a=200, pendamping=403, anonymous=LOGIN)
WRITE_POST = expect(
    404, ministry_admin=302, coordinator_a=302, officer_a=302, pendamping=403, anonymous=LOGIN
)
# another agency's item: not the officer's
OTHER_GET = expect(404, ministry_admin=200, coordinator_a=200, officer_a=403, pendamping=403, anonymous=LOGIN)
OTHER_POST = expect(
    404, ministry_admin=302, coordinator_a=302, officer_a=403, pendamping=403, anonymous=LOGIN
)
# a locked period: the page says why (200), a write is refused with that message (400)
LOCKED_POST = expect(
    404, ministry_admin=400, coordinator_a=400, officer_a=400, pendamping=403, anonymous=LOGIN
)
# a report not approved yet: its writers only
DRAFT_READ = expect(404, ministry_admin=200, coordinator_a=200, officer_a=200, anonymous=LOGIN)
DRAFT_WRITE = expect(404, ministry_admin=302, coordinator_a=302, officer_a=302, anonymous=LOGIN)
# a submitted report: the officer reads it but does not decide
DECIDE = expect(404, ministry_admin=302, coordinator_a=302, officer_a=403, anonymous=LOGIN)
# an approved report: everyone of A reads it; only approvers reopen it
REOPEN = expect(404, ministry_admin=302, coordinator_a=302, officer_a=403, pendamping=403, anonymous=LOGIN)
QUEUE_GET = expect(404, ministry_admin=200, coordinator_a=200, officer_a=403, pendamping=403, anonymous=LOGIN)
QUEUE_POST = expect(
    404, ministry_admin=302, coordinator_a=302, officer_a=403, pendamping=403, anonymous=LOGIN
)


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 60)).save(out, "PNG")
    return out.getvalue()


def _setup(world):
    from ..monitoring_data import monitoring_setup

    world.m = monitoring_setup(world)
    return world.m


def _report(world, *, lineage=None, status="in_progress"):
    from kotacerdas.monitoring import services

    m = getattr(world, "m", None) or _setup(world)
    return services.report_save(
        actor=world.users["coordinator_a"],
        period=m.q1,
        region_id=world.region_a.pk,
        lineage_id=lineage or m.plan.own_action.lineage,
        data={"status": status, "narrative": "Uji coba di dua kecamatan."},
    )


def _draft(world):
    world.report = _report(world)


def _submitted(world):
    from kotacerdas.monitoring import services

    _draft(world)
    world.report = services.report_submit(actor=world.users["coordinator_a"], report=world.report)


def _approved(world):
    from kotacerdas.monitoring import services

    _submitted(world)
    services.report_decide(actor=world.users["coordinator_a"], reports=[world.report], approve=True)


def _two_submitted(world):
    from kotacerdas.monitoring import services

    _submitted(world)
    other = _report(world, lineage=world.m.plan.action.lineage)
    world.other = services.report_submit(actor=world.users["coordinator_a"], report=other)


def _with_evidence(kind):
    def setup(world):
        from django.core.files.base import ContentFile

        from kotacerdas.monitoring import services

        _draft(world)
        content = (
            ContentFile(PDF, name="berita-acara.pdf")
            if kind == "pdf"
            else ContentFile(_png(), name="foto.png")
        )
        world.evidence = services.evidence_add(
            actor=world.users["coordinator_a"], report=world.report, upload=content
        )

    return setup


def _approved_with_evidence(world):
    from django.core.files.base import ContentFile

    from kotacerdas.monitoring import services

    _draft(world)
    world.evidence = services.evidence_add(
        actor=world.users["coordinator_a"], report=world.report, upload=ContentFile(PDF, name="bukti.pdf")
    )
    world.report = services.report_submit(actor=world.users["coordinator_a"], report=world.report)
    services.report_decide(actor=world.users["coordinator_a"], reports=[world.report], approve=True)


def _locked(world):
    from kotacerdas.monitoring.models import ReportingPeriod

    m = _setup(world)
    ReportingPeriod.objects.filter(pk=m.q1.pk).update(deadline=dt.date(2024, 4, 15))


def _form(world, lineage="own"):
    m = world.m
    item = m.plan.own_action if lineage == "own" else m.plan.action
    return f"{R}/laporan/{m.q1.code}/{item.lineage}/"


def _report_data(world):
    return {"status": "pilot", "budget_realised": "1.000.000", "narrative": "Uji coba", "row_version": "0"}


def _page(world):
    return f"/pemantauan/laporan/{world.report.uid}/"


CASES = [
    # the items of a period
    Case(
        "monitoring:reports",
        lambda w: f"{R}/laporan/",
        READ,
        setup=_setup,
        id="reports of the current period",
    ),
    Case(
        "monitoring:reports",
        lambda w: f"{R}/laporan/?periode=2024-2&opd=semua",
        READ,
        setup=_draft,
        id="reports of a chosen period, every agency",
    ),
    Case(
        "monitoring:reports",
        lambda w: f"{R}/laporan/",
        NOT_ALLOWED,
        method="post",
        setup=_setup,
        id="POST to the list of reports",
    ),
    # the report form
    Case("monitoring:report_form", _form, WRITE_GET, setup=_setup, id="report form, own agency's item"),
    Case(
        "monitoring:report_form",
        lambda w: _form(w, "other"),
        OTHER_GET,
        setup=_setup,
        id="report form, another agency's item",
    ),
    Case(
        "monitoring:report_form",
        _form,
        WRITE_POST,
        method="post",
        data=_report_data,
        setup=_setup,
        id="POST a report on the own agency's item",
    ),
    Case(
        "monitoring:report_form",
        lambda w: _form(w, "other"),
        OTHER_POST,
        method="post",
        data=_report_data,
        setup=_setup,
        id="POST a report on another agency's item",
    ),
    Case(
        "monitoring:report_form",
        _form,
        WRITE_GET,
        setup=_locked,
        id="report form in a locked period (the lock message)",
    ),
    Case(
        "monitoring:report_form",
        _form,
        LOCKED_POST,
        method="post",
        data=_report_data,
        setup=_locked,
        id="POST a report in a locked period",
    ),
    # a report's page and its buttons
    Case("monitoring:report", _page, DRAFT_READ, setup=_draft, id="a draft report"),
    Case("monitoring:report", _page, READ, setup=_approved, id="an approved report"),
    Case(
        "monitoring:report",
        _page,
        DRAFT_WRITE,
        method="post",
        data=lambda w: {"action": "submit"},
        setup=_draft,
        id="POST submit a draft",
    ),
    Case(
        "monitoring:report",
        _page,
        DECIDE,
        method="post",
        data=lambda w: {"action": "approve"},
        setup=_submitted,
        id="POST approve a submitted report",
    ),
    Case(
        "monitoring:report",
        _page,
        DECIDE,
        method="post",
        data=lambda w: {"action": "return", "comment": "Lampirkan foto"},
        setup=_submitted,
        id="POST return a submitted report",
    ),
    Case(
        "monitoring:report",
        _page,
        REOPEN,
        method="post",
        data=lambda w: {"action": "reopen", "comment": "Anggaran salah"},
        setup=_approved,
        id="POST reopen an approved report",
    ),
    Case(
        "monitoring:report",
        _page,
        DRAFT_WRITE,
        method="post",
        data=lambda w: {"action": "evidence_add", "evidence": SimpleUploadedFile("bukti.pdf", PDF)},
        setup=_draft,
        id="POST add an evidence file",
    ),
    Case(
        "monitoring:report",
        _page,
        DRAFT_WRITE,
        method="post",
        data=lambda w: {"action": "evidence_remove", "evidence": str(w.evidence.uid)},
        setup=_with_evidence("pdf"),
        id="POST remove an evidence file",
    ),
    # evidence downloads
    Case(
        "monitoring:evidence",
        lambda w: f"/pemantauan/bukti/{w.evidence.uid}/",
        DRAFT_READ,
        setup=_with_evidence("pdf"),
        id="evidence of a draft report",
    ),
    Case(
        "monitoring:evidence",
        lambda w: f"/pemantauan/bukti/{w.evidence.uid}/",
        READ,
        setup=_approved_with_evidence,
        id="evidence of an approved report",
    ),
    Case(
        "monitoring:evidence",
        lambda w: f"/pemantauan/bukti/{w.evidence.uid}/",
        NOT_ALLOWED,
        method="post",
        setup=_with_evidence("pdf"),
        id="POST to an evidence download",
    ),
    Case(
        "monitoring:evidence_thumb",
        lambda w: f"/pemantauan/bukti/{w.evidence.uid}/gambar/",
        DRAFT_READ,
        setup=_with_evidence("png"),
        id="thumbnail of a draft report's image",
    ),
    Case(
        "monitoring:evidence_thumb",
        lambda w: f"/pemantauan/bukti/{w.evidence.uid}/gambar/",
        NOT_ALLOWED,
        method="post",
        setup=_with_evidence("png"),
        id="POST to a thumbnail",
    ),
    # the approval queue
    Case("monitoring:approvals", lambda w: f"{R}/persetujuan/", QUEUE_GET, setup=_two_submitted),
    Case(
        "monitoring:approvals",
        lambda w: f"{R}/persetujuan/",
        QUEUE_POST,
        method="post",
        data=lambda w: {"report": [str(w.report.uid), str(w.other.uid)], "action": "approve"},
        setup=_two_submitted,
        id="POST approve several reports",
    ),
    Case(
        "monitoring:approvals",
        lambda w: f"{R}/persetujuan/",
        QUEUE_POST,
        method="post",
        data=lambda w: {"report": [str(w.report.uid)], "action": "return", "comment": "Foto kurang"},
        setup=_two_submitted,
        id="POST return a report with a comment",
    ),
    Case(
        "monitoring:approvals",
        lambda w: f"{R}/persetujuan/",
        QUEUE_POST,
        method="post",
        data=lambda w: {"approve_one": str(w.other.uid)},
        setup=_two_submitted,
        id="POST approve one report",
    ),
]
