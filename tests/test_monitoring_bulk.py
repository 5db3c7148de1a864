"""Bulk update of progress reports through a worksheet: the template, the all-or-nothing upload
with sheet/row/column errors, the preview and its conflicts, refused rows (lock, another agency,
a report no longer editable), idempotent uploads, the background job, the pages and the API."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kotacerdas.core.jobs import job_run
from kotacerdas.core.models import AuditEvent, Job, JobStatus, StagedUpload
from kotacerdas.core.workbooks import XLSX_MIME
from kotacerdas.masterplans.models import ActionPlan, PlanItemLineage
from kotacerdas.monitoring import bulk, services
from kotacerdas.monitoring.models import ProgressReport, ProgressStatus, ReportingPeriod

from .monitoring_data import monitoring_setup, report_data
from .worksheet_data import bomb_workbook

pytestmark = pytest.mark.django_db

PAGE = "/pemantauan/52.04/unggah/"
TEMPLATE = "/pemantauan/52.04/unduh-isian/"
API = "/api/v1/monitoring/regions/52.04/bulk/"


# ---------------------------------------------------------------- helpers


def _sheet(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def _headers(ws) -> dict[str, int]:
    return {cell.value: cell.column for cell in ws[1] if cell.value}


def _rows_by_code(ws) -> dict[str, int]:
    column = _headers(ws)["Kode"]
    return {ws.cell(row=r, column=column).value: r for r in range(2, ws.max_row + 1)}


def fill(content: bytes, values: dict[str, dict[str, object]], edit=None) -> bytes:
    """The sheet ``content`` with ``values`` ({item code: {header: value}}) written in."""
    wb = _sheet(content)
    ws = wb["Laporan"]
    headers, rows = _headers(ws), _rows_by_code(ws)
    for code, cells in values.items():
        for header, value in cells.items():
            ws.cell(row=rows[code], column=headers[header], value=value)
    if edit is not None:
        edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _template(world, m, role="coordinator_a", period=None, **kwargs) -> bytes:
    return bulk.bulk_template(actor=world.users[role], region=world.region_a, period=period or m.q1, **kwargs)


def _preview(world, m, content: bytes, role="coordinator_a", period=None) -> bulk.Preview:
    return bulk.bulk_preview(
        actor=world.users[role], region=world.region_a, period=period or m.q1, file=content
    )


def _state() -> tuple:
    """What an upload may write: reports (with their versions) and audit events."""
    return (
        list(ProgressReport.objects.order_by("pk").values_list("pk", "row_version", "status__code")),
        AuditEvent.objects.count(),
    )


def _label(code: str) -> str:
    return ProgressStatus.objects.get(code=code).label


def _upload(content: bytes, name: str = "isian.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX_MIME)


FILLED = {
    "GOV-01.01": {"Status": "pilot", "Realisasi Anggaran (Rp)": 125000000, "Capaian Indikator": 1},
    "GOV-01.02": {
        "Status": "operational",
        "Progres Manual (%)": 90,
        "Alasan Progres Manual": "Berjalan di 9 dari 10 kecamatan",
        "Uraian Kegiatan": "Layanan jemput bola berjalan",
    },
    "QW-GOV": {"Status": "in_progress"},
}


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


# ---------------------------------------------------------------- the template


def test_the_template_lists_the_items_the_actor_reports_on(world) -> None:
    m = monitoring_setup(world)
    services.report_save(
        actor=world.users["officer_a"],
        period=m.q1,
        region_id=world.region_a.pk,
        lineage_id=m.plan.own_action.lineage,
        data=report_data("pilot", budget_realised="1000"),
    )
    wb = _sheet(_template(world, m, role="officer_a"))
    assert wb.sheetnames == ["Petunjuk", "Laporan", "Keterangan", "Daftar Status"]
    ws = wb["Laporan"]
    headers = _headers(ws)
    assert list(headers)[:4] == ["Kode", "Nama Butir", "Jenis", "OPD"]
    assert ws.column_dimensions["P"].hidden and ws.column_dimensions["O"].hidden  # ID, Versi
    # the officer of Disdukcapil: its action and its quick win only
    assert set(_rows_by_code(ws)) == {"GOV-01.02", "QW-GOV"}
    row = _rows_by_code(ws)["GOV-01.02"]
    cell = lambda header: ws.cell(row=row, column=headers[header]).value  # noqa: E731
    assert cell("ID") == str(m.plan.own_action.lineage) and cell("Versi") == 1
    assert cell("Status") == _label("pilot") and cell("Realisasi Anggaran (Rp)") == 1000
    assert cell("Anggaran Rencana (Rp)") == 250000000 and cell("Target Indikator") == 1
    assert cell("Status Laporan") == "Draf" and cell("Satuan") == "layanan"
    assert ws.cell(row=row, column=headers["Kode"]).fill.fgColor.rgb.endswith("E7E6E6") is False
    assert ws.cell(row=row, column=headers["Nama Butir"]).fill.fgColor.rgb.endswith("E7E6E6")
    assert ws.cell(row=_rows_by_code(ws)["QW-GOV"], column=headers["Versi"]).value == 0  # no report yet
    [validation] = ws.data_validations.dataValidation
    assert validation.formula1 == "'Daftar Status'!$A$2:$A$8"
    assert [c.value for c in wb["Daftar Status"]["A"]][1:3] == [_label("not_started"), _label("preparation")]
    info = {r[0].value: r[1].value for r in wb["Keterangan"].iter_rows(min_row=2)}
    assert info["Kode Daerah"] == "52.04" and info["Periode"] == "2024-1"
    # the coordinator: every item of the plan in force; one agency's on request
    assert len(_rows_by_code(_sheet(_template(world, m))["Laporan"])) == 13
    only = _template(world, m, agency_ids=[world.agency_a2.pk])
    assert "GOV-01.02" not in _rows_by_code(_sheet(only)["Laporan"])


def test_the_template_is_refused_to_who_reports_on_nothing_or_another_agency(world) -> None:
    m = monitoring_setup(world)
    with pytest.raises(PermissionDenied):
        _template(world, m, role="pendamping")
    with pytest.raises(PermissionDenied):
        _template(world, m, role="officer_a", agency_ids=[world.agency_a2.pk])


# ---------------------------------------------------------------- preview and apply


def test_preview_then_apply_saves_drafts_with_their_audit_events(world) -> None:
    m = monitoring_setup(world)
    content = fill(_template(world, m), FILLED)
    preview = _preview(world, m, content)
    assert preview.counts == {
        "new": 3,
        "changed": 0,
        "conflict": 0,
        "refused": 0,
        "unchanged": 0,
        "skipped": 10,  # the rows left empty
    }
    assert ProgressReport.objects.count() == 0  # a preview writes nothing
    row = next(r for r in preview.rows if r["code"] == "GOV-01.02")
    assert row["outcome"] == "new" and row["agency"] == "Disdukcapil"
    assert {"field": "Progres Manual (%)", "old": "", "new": "90"} in row["fields"]
    events = AuditEvent.objects.count()
    result = bulk.bulk_apply(actor=world.users["coordinator_a"], token=preview.token)
    assert result.counts == {"created": 3, "updated": 0, "not_applied": 0, "unchanged": 0}
    reports = {r.item_code: r for r in ProgressReport.objects.select_related("status")}
    assert reports["GOV-01.02"].percent == Decimal(90) and reports["GOV-01.02"].state == "draft"
    assert reports["GOV-01.01"].budget_realised == Decimal("125000000.00")
    assert reports["QW-GOV"].status.code == "in_progress" and reports["QW-GOV"].quick_win_id
    assert reports["GOV-01.01"].created_by == world.users["coordinator_a"]
    assert AuditEvent.objects.count() == events + 3
    created = AuditEvent.objects.get(
        object_type="monitoring.progressreport", object_id=str(reports["GOV-01.02"].pk)
    )
    assert created.action == "create" and created.changes["manual_percent"] == [None, "90.00"]
    assert created.actor == world.users["coordinator_a"] and created.region_id == world.region_a.pk
    # a staged preview is applied once
    with pytest.raises(bulk.BulkRefused):
        bulk.bulk_apply(actor=world.users["coordinator_a"], token=preview.token)


def test_the_same_sheet_uploaded_twice_changes_nothing_the_second_time(world) -> None:
    m = monitoring_setup(world)
    content = fill(_template(world, m), FILLED)
    bulk.bulk_upload(actor=world.users["coordinator_a"], region=world.region_a, period=m.q1, file=content)
    before = _state()
    again = _preview(world, m, content)
    assert again.counts["unchanged"] == 3 and again.rows == []
    result = bulk.bulk_apply(actor=world.users["coordinator_a"], token=again.token)
    assert not result.changed and result.counts["unchanged"] == 3
    assert _state() == before
    # a sheet downloaded now, filled the same, changes nothing either
    fresh = fill(_template(world, m), FILLED)
    assert _preview(world, m, fresh).counts["unchanged"] == 3


def test_a_sheet_with_one_bad_row_writes_nothing_and_names_the_row_and_column(world) -> None:
    m = monitoring_setup(world)
    content = fill(
        _template(world, m),
        {
            **FILLED,
            "QW-GOV": {"Status": "Hampir selesai"},  # not in the vocabulary
            "SOC-01.01": {"Status": "pilot", "Realisasi Anggaran (Rp)": "banyak"},  # not a number
            "ECO-01.01": {"Status": "pilot", "Progres Manual (%)": 80},  # no reason
        },
    )
    before = _state()
    with translation.override("en"), pytest.raises(bulk.BulkRefused) as caught:
        _preview(world, m, content)
    rows = _rows_by_code(_sheet(content)["Laporan"])
    found = {(e.sheet, e.row, e.column) for e in caught.value.rows}
    assert ("Laporan", rows["SOC-01.01"], "Realisasi Anggaran (Rp)") in found
    assert ("Laporan", rows["QW-GOV"], "Status") in found
    assert ("Laporan", rows["ECO-01.01"], "Alasan Progres Manual") in found
    assert "Choose a status" in " ".join(e.message for e in caught.value.rows)
    assert _state() == before and StagedUpload.objects.count() == 0


def test_format_problems_are_named_too(world) -> None:
    m = monitoring_setup(world)
    template = _template(world, m)

    def formula(wb):
        ws = wb["Laporan"]
        ws.cell(row=2, column=_headers(ws)["Capaian Indikator"], value="=1+1")

    with pytest.raises(bulk.BulkRefused) as caught:
        _preview(world, m, fill(template, {"GOV-01.01": {"Status": "pilot"}}, edit=formula))
    assert [(e.row, e.column) for e in caught.value.rows] == [(2, "Capaian Indikator")]

    def unknown_and_twice(wb):
        ws = wb["Laporan"]
        headers = _headers(ws)
        for code in ("NOPE-99", "GOV-01.01"):  # an unknown code; an item already on its row
            ws.append({headers["Kode"]: code, headers["Status"]: "pilot"})

    content = fill(template, {"GOV-01.01": {"Status": "pilot"}}, edit=unknown_and_twice)
    last = _sheet(content)["Laporan"].max_row
    with pytest.raises(bulk.BulkRefused) as caught:
        _preview(world, m, content)
    assert [(e.row, e.column) for e in caught.value.rows] == [(last - 1, "Kode"), (last, "Kode")]
    # another period's sheet is refused on the Keterangan sheet
    with pytest.raises(bulk.BulkRefused) as caught:
        _preview(world, m, fill(template, {"GOV-01.01": {"Status": "pilot"}}), period=m.q2)
    assert [(e.sheet, e.column) for e in caught.value.rows] == [("Keterangan", "Nilai")]


def test_an_old_sheet_shows_a_conflict_and_changes_nothing_unless_ticked(world) -> None:
    m = monitoring_setup(world)
    officer = world.users["officer_a"]
    args = dict(period=m.q1, region_id=world.region_a.pk, lineage_id=m.plan.own_action.lineage)
    services.report_save(actor=officer, data=report_data("preparation"), **args)
    old = _template(world, m, role="officer_a")  # downloaded at version 1
    newer = services.report_save(actor=officer, data=report_data("pilot"), expected_version=1, **args)
    assert newer.row_version == 2
    content = fill(old, {"GOV-01.02": {"Status": "operational"}})
    preview = _preview(world, m, content, role="officer_a")
    [row] = preview.rows
    assert row["outcome"] == "conflict" and row["needs_confirmation"]
    assert {"field": "Status", "old": _label("pilot"), "new": _label("operational")} in row["fields"]
    # the untouched row of the old sheet is a conflict too: it would undo the newer report
    untouched = _preview(world, m, old, role="officer_a")
    assert [r["outcome"] for r in untouched.rows] == ["conflict"]
    before = _state()
    result = bulk.bulk_apply(actor=officer, token=preview.token)
    assert result.counts["created"] == result.counts["updated"] == 0 and result.counts["not_applied"] == 1
    assert result.rows[0]["applied"] is False
    assert _state() == before
    ticked = bulk.bulk_apply(
        actor=officer, token=_preview(world, m, content, role="officer_a").token, overwrite_rows=[row["key"]]
    )
    assert ticked.counts["updated"] == 1
    report = ProgressReport.objects.get()
    assert report.status.code == "operational" and report.row_version == 3


def test_a_change_made_between_preview_and_confirmation_is_a_conflict(world) -> None:
    m = monitoring_setup(world)
    preview = _preview(world, m, fill(_template(world, m), {"GOV-01.02": {"Status": "pilot"}}))
    assert preview.counts["new"] == 1
    services.report_save(
        actor=world.users["officer_a"],
        period=m.q1,
        region_id=world.region_a.pk,
        lineage_id=m.plan.own_action.lineage,
        data=report_data("preparation"),
    )
    result = bulk.bulk_apply(actor=world.users["coordinator_a"], token=preview.token)
    assert [(r["outcome"], r["applied"]) for r in result.rows] == [("conflict", False)]
    assert ProgressReport.objects.get().status.code == "preparation"


def test_a_locked_period_refuses_every_row(world) -> None:
    m = monitoring_setup(world)
    content = fill(_template(world, m), FILLED)
    ReportingPeriod.objects.filter(pk=m.q1.pk).update(deadline=dt.date(2024, 4, 15))
    m.q1.refresh_from_db()
    with translation.override("en"):
        preview = _preview(world, m, content)
    assert preview.counts["refused"] == 3 and preview.counts["new"] == 0
    assert all("locked" in r["message"] for r in preview.rows)
    result = bulk.bulk_apply(actor=world.users["coordinator_a"], token=preview.token)
    assert not result.changed and ProgressReport.objects.count() == 0
    assert result.counts["not_applied"] == 3 and not any(r["applied"] for r in result.rows)


def test_an_officer_cannot_touch_another_agencys_items(world) -> None:
    m = monitoring_setup(world)
    content = fill(_template(world, m), FILLED)  # the coordinator's sheet, every agency's items
    preview = _preview(world, m, content, role="officer_a")
    outcomes = {r["code"]: r["outcome"] for r in preview.rows}
    assert outcomes == {"GOV-01.01": "refused", "GOV-01.02": "new", "QW-GOV": "new"}
    result = bulk.bulk_apply(actor=world.users["officer_a"], token=preview.token)
    assert set(ProgressReport.objects.values_list("item_code", flat=True)) == {"GOV-01.02", "QW-GOV"}
    assert {r["code"]: r["applied"] for r in result.rows} == {
        "GOV-01.01": False,
        "GOV-01.02": True,
        "QW-GOV": True,
    }
    # and nobody but its creator confirms a preview
    other = _preview(world, m, fill(content, {"GOV-01.02": {"Status": "pilot"}}), role="officer_a")
    with pytest.raises(Http404):
        bulk.bulk_apply(actor=world.users["coordinator_a"], token=other.token)


def test_an_upload_at_once_does_what_preview_then_apply_does_without_staging(world) -> None:
    """``bulk_upload`` reads and checks the sheet once, in the writing transaction: the same
    rows, outcomes and counts as a preview then its confirmation, and nothing staged."""
    m = monitoring_setup(world)
    content = fill(_template(world, m), FILLED)
    staged = StagedUpload.objects.count()
    result = bulk.bulk_upload(
        actor=world.users["officer_a"], region=world.region_a, period=m.q1, file=content
    )
    assert StagedUpload.objects.count() == staged
    assert set(ProgressReport.objects.values_list("item_code", flat=True)) == {"GOV-01.02", "QW-GOV"}
    assert {r["code"]: (r["outcome"], r["applied"]) for r in result.rows} == {
        "GOV-01.01": ("refused", False),
        "GOV-01.02": ("new", True),
        "QW-GOV": ("new", True),
    }
    assert result.counts == {"created": 2, "updated": 0, "not_applied": 1, "unchanged": 0}
    assert AuditEvent.objects.filter(object_type="monitoring.progressreport").count() == 2
    again = bulk.bulk_upload(actor=world.users["officer_a"], region=world.region_a, period=m.q1, file=content)
    assert again.counts == {"created": 0, "updated": 0, "not_applied": 1, "unchanged": 2}
    assert AuditEvent.objects.filter(object_type="monitoring.progressreport").count() == 2


def test_a_submitted_report_is_not_changed_by_a_sheet(world) -> None:
    m = monitoring_setup(world)
    report = services.report_save(
        actor=world.users["officer_a"],
        period=m.q1,
        region_id=world.region_a.pk,
        lineage_id=m.plan.own_action.lineage,
        data=report_data("preparation"),
    )
    ProgressReport.objects.filter(pk=report.pk).update(state="submitted")
    template = _template(world, m, role="officer_a")
    assert _preview(world, m, template, role="officer_a").rows == []  # unchanged: nothing to say
    with translation.override("en"):
        preview = _preview(world, m, fill(template, {"GOV-01.02": {"Status": "pilot"}}), role="officer_a")
    [row] = preview.rows
    assert row["outcome"] == "refused" and "submitted" in row["message"] and not row["needs_confirmation"]


def test_a_sheet_written_by_another_system_is_matched_by_code_and_period(world) -> None:
    """Only Kode and Status and some values: matched by item code, absent columns keep their values."""
    m = monitoring_setup(world)
    services.report_save(
        actor=world.users["officer_a"],
        period=m.q1,
        region_id=world.region_a.pk,
        lineage_id=m.plan.own_action.lineage,
        data=report_data("preparation", budget_realised="500", links=["https://sila.sumbawakab.go.id"]),
    )
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Laporan"
    ws.append(["Kode", "Status", "Uraian Kegiatan"])
    ws.append(["gov-01.02", "pilot", "Diuji di dua kecamatan"])
    ws.append(["QW-GOV", _label("preparation"), None])  # a status by its label or its code
    out = io.BytesIO()
    wb.save(out)
    content = out.getvalue()
    preview = _preview(world, m, content, role="officer_a")
    assert {r["code"]: r["outcome"] for r in preview.rows} == {"GOV-01.02": "changed", "QW-GOV": "new"}
    bulk.bulk_apply(actor=world.users["officer_a"], token=preview.token)
    report = ProgressReport.objects.get(item_code="GOV-01.02")
    assert report.status.code == "pilot" and report.budget_realised == Decimal("500.00")
    assert report.links == ["https://sila.sumbawakab.go.id"] and report.narrative == "Diuji di dua kecamatan"
    before = _state()
    again = bulk.bulk_upload(actor=world.users["officer_a"], region=world.region_a, period=m.q1, file=content)
    assert not again.changed and _state() == before


def test_a_workbook_bomb_is_refused_by_the_shared_bounds_check(world, tmp_path) -> None:
    m = monitoring_setup(world)
    bomb = bomb_workbook(tmp_path / "bom.xlsx", megabytes=80).read_bytes()
    with translation.override("en"), pytest.raises(bulk.BulkRefused) as caught:
        bulk.bulk_read(actor=world.users["coordinator_a"], region=world.region_a, period=m.q1, file=bomb)
    assert "once unpacked" in caught.value.rows[0].message
    assert Job.objects.count() == 0 and StagedUpload.objects.count() == 0


def _more_actions(m, n: int) -> None:
    """``n`` more actions of Diskominfo in the plan in force (inserted in bulk, as a big plan)."""
    plan = m.plan
    lineages = PlanItemLineage.objects.bulk_create(
        PlanItemLineage(region_id=plan.plan.region_id, plan=plan.plan, kind="action") for _ in range(n)
    )
    ActionPlan.objects.bulk_create(
        ActionPlan(
            version=plan.version,
            programme=plan.programme,
            lineage=lineage.id,
            code=f"GOV-01.{i + 100}",
            name=f"Aksi {i}",
            agency=plan.action.agency,
            start_year=2024,
            end_year=2024,
            position=10 + i,
        )
        for i, lineage in enumerate(lineages)
    )


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def test_the_preview_and_apply_do_not_query_per_row(world) -> None:
    m = monitoring_setup(world)
    actor = world.users["coordinator_a"]
    template = _template(world, m)
    codes = list(_rows_by_code(_sheet(template)["Laporan"]))
    one = fill(template, {"GOV-01.01": {"Status": "pilot"}})
    many = fill(template, {code: {"Status": "pilot"} for code in codes})

    def upload(content):
        return lambda: bulk.bulk_upload(actor=actor, region=world.region_a, period=m.q1, file=content)

    created = [_queries(upload(one)), 0]
    ProgressReport.objects.all().delete()
    created[1] = _queries(upload(many))
    assert created[0] == created[1], created
    # changing them: one upsert whatever their number
    fresh = _template(world, m)
    changed = [
        _queries(upload(fill(fresh, {"GOV-01.01": {"Status": "operational"}}))),
        _queries(upload(fill(_template(world, m), {code: {"Status": "preparation"} for code in codes}))),
    ]
    assert changed[0] == changed[1], changed
    assert ProgressReport.objects.filter(status__code="preparation").count() == len(codes) == 13


def test_a_sheet_of_500_rows(world) -> None:
    m = monitoring_setup(world)
    _more_actions(m, 500)
    actor = world.users["coordinator_a"]
    template = _template(world, m)
    codes = list(_rows_by_code(_sheet(template)["Laporan"]))
    assert len(codes) == 513
    content = fill(template, {code: {"Status": "pilot", "Realisasi Anggaran (Rp)": 1000} for code in codes})
    count = _queries(lambda: bulk.bulk_upload(actor=actor, region=world.region_a, period=m.q1, file=content))
    assert ProgressReport.objects.count() == 513
    assert AuditEvent.objects.filter(object_type="monitoring.progressreport").count() == 513
    assert count < 60, count  # batches of inserts, never a query per row


def test_report_save_keeps_its_rules_through_the_shared_check(world) -> None:
    """The one check (``reports_check``) serves a single save: stale versions, resent drafts."""
    m = monitoring_setup(world)
    args = dict(period=m.q1, region_id=world.region_a.pk, lineage_id=m.plan.own_action.lineage)
    officer = world.users["officer_a"]
    first = services.report_save(actor=officer, data=report_data("pilot"), expected_version=0, **args)
    assert first.row_version == 1 and first.pk
    same = services.report_save(actor=officer, data=report_data("pilot"), **args)
    assert same.row_version == 1  # nothing changed: no new version, no event
    assert AuditEvent.objects.filter(object_type="monitoring.progressreport").count() == 1
    from kotacerdas.core.errors import ConflictError

    with pytest.raises(ConflictError):  # the writer saw no report, there is one now
        services.report_save(actor=officer, data=report_data("operational"), expected_version=0, **args)


# ---------------------------------------------------------------- the background job


def test_a_big_sheet_is_read_by_a_job_that_runs_once(
    world, immediate_tasks, settings, django_capture_on_commit_callbacks
) -> None:
    m = monitoring_setup(world)
    settings.WORKBOOK_BACKGROUND_ROWS = 5
    content = fill(_template(world, m), FILLED)
    client = world.client_for("coordinator_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"period": "2024-1", "file": _upload(content)})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tugas/{job.code}/"
    assert job.kind == "monitoring_bulk" and job.status == JobStatus.SUCCEEDED, job.message
    assert job.attempts == 1 and job_run(str(job.code), lambda j: {"ok": True}) is False  # not run twice
    staged = StagedUpload.objects.get()
    assert job.result["token"] == str(staged.token) and job.result["preview"]["counts"]["new"] == 3
    assert job.result["redirect"] == f"/pemantauan/52.04/unggah/{staged.token}/"
    assert not list((settings.MEDIA_ROOT / "imports").iterdir())  # the stored upload is removed
    page = client.get(f"/tugas/{job.code}/")
    assert page.status_code == 200 and job.result["redirect"].encode() in page.content
    assert ProgressReport.objects.count() == 0
    assert client.post(job.result["redirect"]).status_code == 200
    assert ProgressReport.objects.count() == 3


def test_a_big_sheet_with_errors_fails_its_job_with_the_rows(
    world, immediate_tasks, settings, django_capture_on_commit_callbacks
) -> None:
    m = monitoring_setup(world)
    settings.WORKBOOK_BACKGROUND_ROWS = 5
    content = fill(_template(world, m), {"GOV-01.01": {"Status": "pilot", "Capaian Indikator": "x"}})
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("coordinator_a").post(PAGE, {"period": "2024-1", "file": _upload(content)})
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert [(e["sheet"], e["column"]) for e in job.result["errors"]] == [("Laporan", "Capaian Indikator")]
    assert StagedUpload.objects.count() == 0 and ProgressReport.objects.count() == 0


# ---------------------------------------------------------------- the pages


def test_the_pages_download_upload_preview_and_confirm(world) -> None:
    monitoring_setup(world)
    client = world.client_for("officer_a")
    page = client.get(PAGE)
    assert page.status_code == 200 and b"unduh-isian" in page.content
    download = client.get(TEMPLATE, {"periode": "2024-1", "opd": "disdukcapil"})
    assert download.status_code == 200 and download["Content-Type"] == XLSX_MIME
    assert "isian-laporan-52.04-2024-1-disdukcapil.xlsx" in download["Content-Disposition"]
    assert client.get(TEMPLATE, {"periode": "2024-1", "opd": "diskominfo"}).status_code == 403
    assert client.get(TEMPLATE, {"periode": "2030-1"}).status_code == 404
    content = fill(download.content, {"GOV-01.02": {"Status": "pilot"}})
    uploaded = client.post(PAGE, {"period": "2024-1", "file": _upload(content)})
    assert uploaded.status_code == 302
    preview = client.get(uploaded["Location"])
    assert preview.status_code == 200 and b'data-outcome="new"' in preview.content
    assert ProgressReport.objects.count() == 0
    done = client.post(uploaded["Location"])
    assert done.status_code == 200 and b'data-applied="1"' in done.content
    assert ProgressReport.objects.get().status.code == "pilot"
    again = client.get(uploaded["Location"])
    assert b"msg-warning" in again.content and b'name="overwrite"' not in again.content


def test_the_page_lists_every_problem_and_ticks_conflicts(world) -> None:
    m = monitoring_setup(world)
    client = world.client_for("coordinator_a")
    bad = fill(_template(world, m), {"GOV-01.01": {"Status": "pilot", "Progres Manual (%)": 150}})
    response = client.post(PAGE, {"period": "2024-1", "file": _upload(bad)})
    assert response.status_code == 400
    assert [(e.sheet, e.column) for e in response.context["errors"]][:1] == [
        ("Laporan", "Progres Manual (%)")
    ]
    assert client.post(PAGE, {"period": "2024-1", "file": _upload(b"not a workbook")}).status_code == 400
    assert client.post(PAGE, {"period": "2024-1"}).status_code == 400
    # a conflict is applied only when ticked on the page
    old = _template(world, m)
    args = dict(period=m.q1, region_id=world.region_a.pk, lineage_id=m.plan.action.lineage)
    services.report_save(actor=world.users["coordinator_a"], data=report_data("pilot"), **args)
    stale = fill(old, {"GOV-01.01": {"Status": "operational"}})
    location = client.post(PAGE, {"period": "2024-1", "file": _upload(stale)})["Location"]
    page = client.get(location)
    assert b'name="overwrite"' in page.content and b'data-outcome="conflict"' in page.content
    key = str(m.plan.action.lineage)
    client.post(location, {"overwrite": [key]})
    assert ProgressReport.objects.get().status.code == "operational"


# ---------------------------------------------------------------- the API


def test_the_api_previews_and_applies(world) -> None:
    monitoring_setup(world)
    client = world.client_for("officer_a")
    template = client.get(API + "template/", {"period": "2024-1"})
    assert template.status_code == 200 and template["Content-Type"] == XLSX_MIME
    content = fill(template.content, {"GOV-01.02": {"Status": "pilot"}, "QW-GOV": {"Status": "preparation"}})
    preview = client.post(API + "preview/", {"period": "2024-1", "file": _upload(content)})
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert body["counts"]["new"] == 2 and body["token"] and body["period"] == "2024-1"
    applied = client.post(API + "apply/", {"token": body["token"]}, content_type="application/json")
    assert applied.status_code == 200, applied.content
    assert applied.json()["counts"]["created"] == 2 and ProgressReport.objects.count() == 2
    again = client.post(API + "apply/", {"token": body["token"]}, content_type="application/json")
    assert again.status_code == 400 and again.json()["error"]["code"] == "invalid"
    # idempotent: the same sheet again changes nothing
    second = client.post(API + "preview/", {"period": "2024-1", "file": _upload(content)}).json()
    assert second["counts"]["unchanged"] == 2 and second["rows"] == []


def test_the_api_answers_errors_in_the_shared_shape(world) -> None:
    m = monitoring_setup(world)
    client = world.client_for("coordinator_a")
    bad = fill(_template(world, m), {"GOV-01.01": {"Status": "pilot", "Realisasi Anggaran (Rp)": -5}})
    response = client.post(API + "preview/", {"period": "2024-1", "file": _upload(bad)})
    assert response.status_code == 400
    [row] = response.json()["error"]["rows"]
    assert row["sheet"] == "Laporan" and row["column"] == "Realisasi Anggaran (Rp)" and row["row"] >= 2
    assert client.post(API + "preview/", {"period": "2024-1"}).status_code == 400  # no file
    assert client.post(API + "preview/", {"period": "Q1", "file": _upload(bad)}).status_code == 400
    unknown = client.post(
        API + "apply/", {"token": "5f0c6f53-2b61-4a6e-9a1d-4d3f8f0b7a11"}, content_type="application/json"
    )
    assert unknown.status_code == 404
    assert (
        world.client_for("pendamping")
        .post(API + "preview/", {"period": "2024-1", "file": _upload(bad)})
        .status_code
        == 403
    )
    assert (
        world.client_for("coordinator_b")
        .post(API + "preview/", {"period": "2024-1", "file": _upload(bad)})
        .status_code
        == 404
    )
    assert (
        world.client_for("anonymous")
        .post(API + "preview/", {"period": "2024-1", "file": _upload(bad)})
        .status_code
        == 401
    )


def test_the_api_hands_a_big_sheet_to_a_job(
    world, immediate_tasks, settings, django_capture_on_commit_callbacks
) -> None:
    m = monitoring_setup(world)
    settings.WORKBOOK_BACKGROUND_ROWS = 5
    content = fill(_template(world, m), FILLED)
    client = world.client_for("coordinator_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(API + "preview/", {"period": "2024-1", "file": _upload(content)})
    assert response.status_code == 202
    status = client.get(response.json()["url"]).json()
    assert status["finished"] and status["result"]["preview"]["counts"]["new"] == 3
    applied = client.post(
        API + "apply/", {"token": status["result"]["token"]}, content_type="application/json"
    )
    assert applied.status_code == 200 and ProgressReport.objects.count() == 3
