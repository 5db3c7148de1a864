"""Worksheet pages, the background import job, the API endpoints and the commands."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from kotacerdas.core.models import AuditEvent, Job, JobStatus, StagedUpload
from kotacerdas.masterplans.models import ActionPlan, MasterPlan, PlanVersion, Programme, QuickWin
from kotacerdas.masterplans.worksheets import XLSX_MIME

from .worksheet_data import edit_workbook, find_row, sumbawa_file

PAGE = "/rencana-induk/52.04/kertas-kerja/"
API = "/api/v1/masterplans/52.04/worksheet/"


def _upload(content: bytes, name: str = "kertas-kerja.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX_MIME)


def _workbook(response) -> openpyxl.Workbook:
    body = b"".join(response) if response.streaming else response.content
    return openpyxl.load_workbook(io.BytesIO(body))


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


# ---------------------------------------------------------------- pages


def _page_import(client, content: bytes, confirm=()):
    """Upload on the page, then confirm its preview (ticking ``confirm``); the result page."""
    uploaded = client.post(PAGE, {"file": _upload(content)})
    assert uploaded.status_code == 302, uploaded.content
    return client.post(uploaded["Location"], {"confirm": list(confirm)})


def test_import_page_previews_then_imports_a_small_file(world):
    content, _plan = sumbawa_file(world, small=True)
    client = world.client_for("coordinator_a")
    assert client.get(PAGE).status_code == 200
    uploaded = client.post(PAGE, {"file": _upload(content)})
    staged = StagedUpload.objects.get()
    assert uploaded.status_code == 302
    assert uploaded["Location"] == f"/rencana-induk/52.04/kertas-kerja/pratinjau/{staged.token}/"
    assert MasterPlan.objects.count() == 0  # the preview writes nothing to the plan
    preview = client.get(uploaded["Location"])
    assert preview.status_code == 200
    assert b'data-action="add"' in preview.content and b"GOV-01.01" in preview.content
    response = client.post(uploaded["Location"])
    assert response.status_code == 200
    assert response.context["result"].counts["programmes"].added == 6
    assert b'data-count="added">6<' in response.content
    assert MasterPlan.objects.filter(region=world.region_a).count() == 1
    # a preview is applied once
    again = client.post(uploaded["Location"])
    assert again.status_code == 400 and MasterPlan.objects.count() == 1


def test_only_the_creator_of_a_preview_may_see_or_apply_it(world):
    content, _plan = sumbawa_file(world, small=True)
    uploaded = world.client_for("coordinator_a").post(PAGE, {"file": _upload(content)})
    url = uploaded["Location"]
    assert world.client_for("ministry_admin").get(url).status_code == 404
    assert world.client_for("ministry_admin").post(url).status_code == 404
    assert world.client_for("coordinator_b").post(url).status_code == 404
    assert world.client_for("officer_a").post(url).status_code == 403
    assert MasterPlan.objects.count() == 0


def test_an_expired_preview_is_refused(world):
    content, _plan = sumbawa_file(world, small=True)
    client = world.client_for("coordinator_a")
    url = client.post(PAGE, {"file": _upload(content)})["Location"]
    StagedUpload.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert client.post(url).status_code == 400 and MasterPlan.objects.count() == 0


def test_the_page_confirms_a_removal_only_when_ticked(world):
    content, _plan = sumbawa_file(world, small=True)
    client = world.client_for("coordinator_a")
    _page_import(client, content)
    exported = client.get("/rencana-induk/52.04/kertas-kerja/ekspor/").content

    def remove_quick_win(wb):
        ws = wb["Quick Win"]
        ws.delete_rows(find_row(ws, 1, "QW-ENV"))

    events = AuditEvent.objects.count()
    kept = _page_import(client, edit_workbook(exported, remove_quick_win))
    assert kept.status_code == 200 and QuickWin.objects.filter(code="QW-ENV").exists()
    assert AuditEvent.objects.count() == events  # nothing changed, nothing recorded
    [removal] = [c for c in kept.context["result"].changes if c.action == "remove"]
    assert not removal.applied
    removed = _page_import(client, edit_workbook(exported, remove_quick_win), confirm=[removal.key])
    assert b'data-count="deleted">1<' in removed.content
    assert not QuickWin.objects.filter(code="QW-ENV").exists()


def test_import_page_lists_every_problem_and_writes_nothing(world):
    content, _plan = sumbawa_file(world, small=True)

    def edit(wb):
        wb["Program"]["E2"] = "dinas-fiktif"
        wb["Anggaran"]["D2"] = "satu juta"

    response = world.client_for("coordinator_a").post(PAGE, {"file": _upload(edit_workbook(content, edit))})
    assert response.status_code == 400
    where = {(e.sheet, e.row, e.column) for e in response.context["errors"]}
    assert {("Program", 2, "OPD Pengampu"), ("Anggaran", 2, "Jumlah (Rp)")} <= where
    assert b"Jumlah (Rp)" in response.content
    assert MasterPlan.objects.count() == 0


def test_import_page_refuses_a_non_xlsx_and_no_file(world):
    client = world.client_for("coordinator_a")
    response = client.post(PAGE, {"file": _upload(b"hello", "catatan.txt")})
    assert response.status_code == 400 and response.context["errors"]
    assert client.post(PAGE, {}).status_code == 400


def test_import_page_permissions(world):
    assert world.client_for("officer_a").get(PAGE).status_code == 403
    assert world.client_for("pendamping").get(PAGE).status_code == 403
    assert world.client_for("coordinator_b").get(PAGE).status_code == 404
    assert world.client_for("anonymous").get(PAGE).status_code == 302


def test_big_file_goes_to_a_background_job(
    world, immediate_tasks, settings, django_capture_on_commit_callbacks
):
    content, _plan = sumbawa_file(world, small=True)
    settings.WORKBOOK_BACKGROUND_ROWS = 10
    client = world.client_for("coordinator_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"file": _upload(content)})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tugas/{job.code}/"
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.result["preview"]["counts"]["actions"]["added"] == 6
    staged = StagedUpload.objects.get()
    assert job.result["token"] == str(staged.token) and staged.created_by == world.users["coordinator_a"]
    assert job.result["redirect"] == f"/rencana-induk/52.04/kertas-kerja/pratinjau/{staged.token}/"
    assert job.kind == "masterplan_import" and job.region_id == world.region_a.pk
    assert MasterPlan.objects.count() == 0
    assert client.post(job.result["redirect"]).status_code == 200
    assert ActionPlan.objects.count() == 6
    # the stored upload is removed once imported
    assert not list((settings.MEDIA_ROOT / "imports").iterdir())
    page = client.get(f"/tugas/{job.code}/")
    assert page.status_code == 200


def test_background_job_reports_the_rows(
    world, immediate_tasks, settings, django_capture_on_commit_callbacks
):
    content, _plan = sumbawa_file(world, small=True)
    settings.WORKBOOK_BACKGROUND_ROWS = 10

    def edit(wb):
        wb["Target"]["C2"] = "=1+1"

    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("coordinator_a").post(PAGE, {"file": _upload(edit_workbook(content, edit))})
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert {"sheet": "Target", "row": 2, "column": "Target"} in [
        {k: e[k] for k in ("sheet", "row", "column")} for e in job.result["errors"]
    ]
    assert MasterPlan.objects.count() == 0
    page = world.client_for("coordinator_a").get(f"/tugas/{job.code}/")
    assert b"Target" in page.content


def test_a_30_mb_upload_is_refused(world):
    big = b"PK\x03\x04" + b"\0" * (30 * 1024 * 1024)
    response = world.client_for("coordinator_a").post(PAGE, {"file": _upload(big)})
    assert response.status_code == 400
    assert [(e.sheet, e.row, e.column) for e in response.context["errors"]] == [("", None, None)]
    assert Job.objects.count() == 0 and MasterPlan.objects.count() == 0


def test_template_download(world):
    response = world.client_for("officer_a").get("/rencana-induk/52.04/kertas-kerja/templat/")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_MIME
    assert "attachment" in response["Content-Disposition"]
    assert "Petunjuk" in _workbook(response).sheetnames
    assert (
        world.client_for("coordinator_b").get("/rencana-induk/52.04/kertas-kerja/templat/").status_code == 404
    )


def test_export_download_and_versions(world):
    content, _plan = sumbawa_file(world, small=True)
    _page_import(world.client_for("coordinator_a"), content)
    client = world.client_for("pendamping")
    url = "/rencana-induk/52.04/kertas-kerja/ekspor/"
    response = client.get(url)
    assert response.status_code == 200
    wb = _workbook(response)
    assert wb["Program"].max_row == 7
    assert client.get(url + "?version=1").status_code == 200
    assert client.get(url + "?versi=1").status_code == 200
    assert client.get(url + "?version=9").status_code == 404
    assert client.get(url + "?version=abc").status_code == 404
    assert world.client_for("coordinator_b").get(url).status_code == 404


def test_export_without_a_plan_is_404(world):
    assert (
        world.client_for("coordinator_a").get("/rencana-induk/52.04/kertas-kerja/ekspor/").status_code == 404
    )


# ---------------------------------------------------------------- API


def _api_import(client, content: bytes, confirm=None):
    """Preview through the API, then apply with the preview's token (confirming ``confirm``)."""
    preview = client.post(API + "import/", {"file": _upload(content)})
    assert preview.status_code == 200, preview.content
    body = preview.json()
    return client.post(
        API + "apply/", {"token": body["token"], "confirm": confirm or []}, content_type="application/json"
    )


def test_api_import_export_template(world):
    content, _plan = sumbawa_file(world, small=True)
    client = world.client_for("coordinator_a")
    preview = client.post(API + "import/", {"file": _upload(content)})
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert body["token"] and body["plan_created"] is True
    actions = {c["action"] for c in body["changes"]}
    assert "add" in actions and "remove" not in actions
    assert MasterPlan.objects.count() == 0  # a preview writes nothing
    response = client.post(API + "apply/", {"token": body["token"]}, content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["plan_created"] is True and body["changed"] is True
    assert body["counts"]["programmes"]["added"] == 6 and body["counts"]["quick_wins"]["added"] == 6
    assert body["version"] == 1 and body["start_year"] == 2024
    again_apply = client.post(
        API + "apply/", {"token": preview.json()["token"]}, content_type="application/json"
    )
    assert again_apply.status_code == 400
    exported = client.get(API + "export/")
    assert exported.status_code == 200 and exported["Content-Type"] == XLSX_MIME
    again = _api_import(client, exported.content)
    assert again.status_code == 200 and again.json()["changed"] is False
    assert client.get(API + "export/?version=1").status_code == 200
    assert client.get(API + "export/?version=7").status_code == 404
    assert client.get(API + "export/?version=x").status_code == 400
    template = client.get(API + "template/", HTTP_ACCEPT=XLSX_MIME)
    assert template.status_code == 200 and "Rencana" in _workbook(template).sheetnames


def test_api_import_errors_in_the_shared_shape(world):
    content, _plan = sumbawa_file(world, small=True)

    def edit(wb):
        wb["Program"]["C2"] = "XYZ"

    events = AuditEvent.objects.count()
    response = world.client_for("coordinator_a").post(
        API + "import/", {"file": _upload(edit_workbook(content, edit))}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["message"]
    assert {"sheet": "Program", "row": 2, "column": "Dimensi"} in [
        {k: r[k] for k in ("sheet", "row", "column")} for r in error["rows"]
    ]
    assert MasterPlan.objects.count() == 0 and AuditEvent.objects.count() == events
    no_file = world.client_for("coordinator_a").post(API + "import/", {})
    assert no_file.status_code == 400 and "file" in no_file.json()["error"]["fields"]


def test_api_permissions(world):
    content, _plan = sumbawa_file(world, small=True)
    assert world.client_for("anonymous").post(API + "import/", {"file": _upload(content)}).status_code == 401
    assert world.client_for("officer_a").post(API + "import/", {"file": _upload(content)}).status_code == 403
    assert (
        world.client_for("coordinator_b").post(API + "import/", {"file": _upload(content)}).status_code == 404
    )
    assert world.client_for("coordinator_b").get(API + "template/").status_code == 404
    assert world.client_for("officer_a").get(API + "template/").status_code == 200
    assert MasterPlan.objects.count() == 0


def test_api_schema_documents_the_endpoints(world):
    response = world.client_for("anonymous").get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    imp = paths["/api/v1/masterplans/{code}/worksheet/import/"]["post"]
    assert "multipart/form-data" in imp["requestBody"]["content"]
    assert {"200", "202", "400", "401", "403", "404"} <= set(imp["responses"])
    apply = paths["/api/v1/masterplans/{code}/worksheet/apply/"]["post"]
    assert "application/json" in apply["requestBody"]["content"]
    assert {"200", "400", "401", "403", "404"} <= set(apply["responses"])
    export = paths["/api/v1/masterplans/{code}/worksheet/export/"]["get"]
    assert XLSX_MIME in export["responses"]["200"]["content"]


# ---------------------------------------------------------------- commands


def test_import_and_export_commands(world, tmp_path, capsys):
    content, _plan = sumbawa_file(world, small=True)
    source = tmp_path / "rencana.xlsx"
    source.write_bytes(content)
    events = AuditEvent.objects.count()
    call_command("import_masterplan", str(source), "--region", "52.04")  # a preview
    out = capsys.readouterr().out
    assert "+ actions GOV-01.01" in out and "nothing was written" in out
    assert MasterPlan.objects.count() == 0 and AuditEvent.objects.count() == events
    call_command("import_masterplan", str(source), "--region", "52.04", "--apply")
    out = capsys.readouterr().out
    assert "52.04" in out and "6 added" in out
    event = AuditEvent.objects.get(action="import")
    assert event.actor is None  # the system
    target = tmp_path / "ekspor.xlsx"
    call_command("export_masterplan", "--region", "52.04", "-o", str(target), "--version", "1")
    assert "Program" in openpyxl.load_workbook(target).sheetnames
    call_command("import_masterplan", str(target), "--region", "52.04", "--apply")
    assert "Nothing changed" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action="import").count() == 1


def test_import_command_prints_every_error_and_fails(world, tmp_path, capsys):
    content, _plan = sumbawa_file(world, small=True)

    def edit(wb):
        wb["Program"]["E2"] = "dinas-fiktif"
        wb["Anggaran"]["D2"] = "satu juta"

    source = tmp_path / "salah.xlsx"
    source.write_bytes(edit_workbook(content, edit))
    with pytest.raises(CommandError):
        call_command("import_masterplan", str(source), "--region", "52.04")
    err = capsys.readouterr().err
    assert "sheet Program, row 2, column OPD Pengampu" in err
    assert "sheet Anggaran, row 2, column Jumlah (Rp)" in err
    assert MasterPlan.objects.count() == 0
    with pytest.raises(CommandError):
        call_command("import_masterplan", str(source), "--region", "99.99")
    with pytest.raises(CommandError):
        call_command("export_masterplan", "--region", "52.04", "-o", str(tmp_path / "x.xlsx"))


def test_commands_exit_non_zero(world, tmp_path):
    """Run as a process: errors give a non-zero exit status."""
    import subprocess
    import sys

    missing = tmp_path / "tidak-ada.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "kotacerdas", "import_masterplan", str(missing), "--region", "52.04"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0


def test_export_keeps_programme_of_moved_action(world):
    """An action moved to another programme in the file moves, keeping its identity."""
    content, _plan = sumbawa_file(world, small=True)
    client = world.client_for("coordinator_a")
    _api_import(client, content)
    action = ActionPlan.objects.get(code="GOV-01.01")
    exported = client.get(API + "export/").content

    def move(wb):
        ws = wb["Rencana Aksi"]
        for row in ws.iter_rows(min_row=2):
            if row[0].value == "GOV-01.01":
                row[1].value = "BRD-01"

    response = _api_import(client, edit_workbook(exported, move))
    assert response.status_code == 200, response.content
    moved = ActionPlan.objects.get(pk=action.pk)
    assert moved.programme == Programme.objects.get(code="BRD-01") and moved.uid == action.uid
    assert PlanVersion.objects.count() == 1


# ---------------------------------------------------------------- conflicts through the API and the command


def _older_export_and_an_edit(world, client):
    """A small plan imported, exported, then one action renamed in the application."""
    from kotacerdas.masterplans import services

    content, _plan = sumbawa_file(world, small=True)
    _api_import(client, content)
    older = client.get(API + "export/").content
    action = ActionPlan.objects.get(code="GOV-01.01")
    services.action_update(
        actor=world.users["coordinator_a"],
        action=action,
        data={"name": "Diubah"},
        expected_version=action.row_version,
    )
    return older, action


def _state() -> tuple[int, ...]:
    return (
        MasterPlan.objects.count(),
        Programme.objects.count(),
        ActionPlan.objects.count(),
        QuickWin.objects.count(),
        AuditEvent.objects.count(),
    )


def test_api_conflict_applied_only_when_confirmed(world):
    client = world.client_for("coordinator_a")
    older, action = _older_export_and_an_edit(world, client)
    preview = client.post(API + "import/", {"file": _upload(older)}).json()
    [conflict] = [c for c in preview["changes"] if c["conflict"]]
    assert conflict["code"] == "GOV-01.01" and conflict["needs_confirmation"]
    assert conflict["fields"][0]["old"] == "Diubah"
    applied = client.post(API + "apply/", {"token": preview["token"]}, content_type="application/json")
    assert applied.status_code == 200 and applied.json()["changed"] is False
    assert ActionPlan.objects.get(pk=action.pk).name == "Diubah"
    preview = client.post(API + "import/", {"file": _upload(older)}).json()
    applied = client.post(
        API + "apply/",
        {"token": preview["token"], "confirm": [conflict["key"]]},
        content_type="application/json",
    )
    assert applied.json()["counts"]["actions"]["updated"] == 1
    assert ActionPlan.objects.get(pk=action.pk).name != "Diubah"


def test_api_apply_is_for_the_creator_only(world):
    content, _plan = sumbawa_file(world, small=True)
    token = (
        world.client_for("coordinator_a").post(API + "import/", {"file": _upload(content)}).json()["token"]
    )
    other = world.client_for("ministry_admin").post(
        API + "apply/", {"token": token}, content_type="application/json"
    )
    assert other.status_code == 404 and MasterPlan.objects.count() == 0
    bad = world.client_for("coordinator_a").post(
        API + "apply/", {"token": "x"}, content_type="application/json"
    )
    assert bad.status_code == 400


def test_the_command_without_apply_writes_nothing_and_refuses_conflicts_without_overwrite(
    world, tmp_path, capsys
):
    client = world.client_for("coordinator_a")
    older, action = _older_export_and_an_edit(world, client)

    def add_quick_win_change(wb):
        ws = wb["Quick Win"]
        ws.cell(row=find_row(ws, 1, "QW-GOV"), column=2, value="SiLAMO baru")

    source = tmp_path / "lama.xlsx"
    source.write_bytes(edit_workbook(older, add_quick_win_change))
    before = _state()
    call_command("import_masterplan", str(source), "--region", "52.04")
    out = capsys.readouterr().out
    assert "~ actions GOV-01.01" in out and "CONFLICT" in out and "~ quick_wins QW-GOV" in out
    assert _state() == before
    with pytest.raises(CommandError, match="--overwrite"):
        call_command("import_masterplan", str(source), "--region", "52.04", "--apply")
    assert ActionPlan.objects.get(pk=action.pk).name == "Diubah"  # the conflict was refused
    assert QuickWin.objects.get(code="QW-GOV").name == "SiLAMO baru"  # the rest was imported
    call_command("import_masterplan", str(source), "--region", "52.04", "--apply", "--overwrite")
    assert ActionPlan.objects.get(pk=action.pk).name != "Diubah"
