"""Bounded imports: a workbook is checked before it is parsed (size once unpacked, rows per sheet,
time), by every entry point (page, API, command), refused within seconds with nothing written.
Big but acceptable workbooks go to a background job from every entry point (202 in the API)."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from kotacerdas.core.models import AuditEvent, Job, JobStatus
from kotacerdas.core.workbooks import Limits, WorkbookRefused, workbook_check_bounds
from kotacerdas.core.workbooks import reader as workbook_reader
from kotacerdas.masterplans.importer import plan_import
from kotacerdas.masterplans.models import ActionPlan, MasterPlan, PlanVersion, Programme, QuickWin
from kotacerdas.masterplans.worksheets import XLSX_MIME, workbook_parse

from .worksheet_data import bomb_workbook, many_rows_workbook, sumbawa_file

PAGE = "/rencana-induk/52.04/kertas-kerja/"
API = "/api/v1/masterplans/52.04/worksheet/import/"
SECONDS = 15  # "within seconds", with room for a busy machine
WIDE = Limits(
    max_file_bytes=10**9,
    max_uncompressed_bytes=10**10,
    max_part_bytes=10**10,
    max_rows=100_000,
    time_budget_seconds=60,
)


@pytest.fixture(scope="session")
def bomb(tmp_path_factory):
    """469 KB-class workbook holding a 400 MB shared string."""
    return bomb_workbook(tmp_path_factory.mktemp("bomb") / "bom.xlsx", megabytes=400)


@pytest.fixture(scope="session")
def million(tmp_path_factory):
    """A 1,000,000-row sheet without a stated size (the reader must count)."""
    return many_rows_workbook(tmp_path_factory.mktemp("rows") / "sejuta.xlsx", dimension=False)


def _refusal(call) -> str:
    with translation.override("en"), pytest.raises(WorkbookRefused) as exc:
        call()
    return " ".join(r.message for r in exc.value.rows)


# ---------------------------------------------------------------- the check itself


def test_the_bomb_is_refused_from_the_zip_directory(bomb, monkeypatch):
    opened = []
    monkeypatch.setattr(workbook_reader, "load_workbook", lambda *a, **k: opened.append(1))
    assert bomb.stat().st_size < 3 * 1024 * 1024
    started = time.monotonic()
    message = _refusal(lambda: workbook_check_bounds(bomb))
    assert time.monotonic() - started < SECONDS
    assert "once unpacked" in message and "sharedStrings.xml" in message
    assert isinstance(workbook_parse(bomb), list) and not opened


def test_the_total_unpacked_size_is_bounded_too(world, settings):
    content, _plan = sumbawa_file(world, small=True)
    settings.WORKBOOK_MAX_UNCOMPRESSED_BYTES = 50_000
    assert "once unpacked" in _refusal(lambda: workbook_check_bounds(content))


def test_a_million_rows_are_refused_by_the_part_size_and_by_the_row_count(million):
    assert "once unpacked" in _refusal(lambda: workbook_check_bounds(million))
    started = time.monotonic()
    message = _refusal(lambda: workbook_check_bounds(million, WIDE))
    assert time.monotonic() - started < SECONDS
    assert "Rencana Aksi" in message and "100000 rows" in message


def test_the_stated_size_refuses_at_once_and_a_gap_counts_as_rows(tmp_path):
    stated = many_rows_workbook(tmp_path / "stated.xlsx", rows=200_000, dimension=True)
    started = time.monotonic()
    assert "rows" in _refusal(lambda: workbook_check_bounds(stated, WIDE))
    assert time.monotonic() - started < 1
    gap = many_rows_workbook(tmp_path / "gap.xlsx", rows=500_000, dimension=False, gap=True)
    assert gap.stat().st_size < 100_000
    assert "rows" in _refusal(lambda: workbook_check_bounds(gap, WIDE))


def test_a_correct_workbook_passes_with_its_rows_counted(world):
    content, plan = sumbawa_file(world)
    bounds = workbook_check_bounds(content)
    assert bounds.rows["Rencana Aksi"] == len(plan.actions) + 1  # and the header row
    assert bounds.rows["Anggaran"] == len(plan.budgets) + 1
    assert bounds.total_rows > 900 and bounds.uncompressed_bytes > len(content)


def test_the_time_budget(world, settings):
    content, _plan = sumbawa_file(world, small=True)
    settings.WORKBOOK_TIME_BUDGET_SECONDS = 0
    assert "seconds" in _refusal(lambda: workbook_check_bounds(content))
    with translation.override("en"):
        errors = workbook_parse(content, region=world.region_a)
    assert isinstance(errors, list) and "seconds" in errors[0].message


def test_the_row_limit_comes_from_settings(world, settings):
    content, _plan = sumbawa_file(world, small=True)
    settings.WORKBOOK_MAX_ROWS = 5
    errors = workbook_parse(content, region=world.region_a)
    assert isinstance(errors, list) and errors[0].sheet and errors[0].row is None


# ---------------------------------------------------------------- every entry point


def _state(world) -> tuple[int, ...]:
    return (
        MasterPlan.objects.count(),
        PlanVersion.objects.count(),
        Programme.objects.count(),
        ActionPlan.objects.count(),
        QuickWin.objects.count(),
        AuditEvent.objects.count(),
        Job.objects.count(),
    )


@pytest.fixture
def existing_plan(world):
    content, _plan = sumbawa_file(world, small=True)
    plan_import(actor=None, region=world.region_a, parsed=workbook_parse(content, region=world.region_a))


@pytest.mark.parametrize("which", ["bomb", "million"])
def test_every_entry_point_refuses_within_seconds_and_writes_nothing(
    world, existing_plan, request, which, capsys
):
    path = request.getfixturevalue(which)
    content = path.read_bytes()
    before = _state(world)
    client = world.client_for("coordinator_a")

    started = time.monotonic()
    page = client.post(PAGE, {"file": SimpleUploadedFile("x.xlsx", content, content_type=XLSX_MIME)})
    assert page.status_code == 400
    assert [(e.sheet, e.row) for e in page.context["errors"]] == [("", None)]
    assert time.monotonic() - started < SECONDS

    started = time.monotonic()
    api = client.post(API, {"file": SimpleUploadedFile("x.xlsx", content, content_type=XLSX_MIME)})
    assert api.status_code == 400
    body = api.json()["error"]
    assert body["code"] == "invalid" and len(body["rows"]) == 1 and body["rows"][0]["message"]
    assert time.monotonic() - started < SECONDS

    started = time.monotonic()
    with pytest.raises(CommandError):
        call_command("import_masterplan", str(path), "--region", "52.04")
    assert "sheet -, row -, column -:" in capsys.readouterr().err
    assert time.monotonic() - started < SECONDS

    assert _state(world) == before


# ---------------------------------------------------------------- big workbooks: a background job


@pytest.fixture
def background(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.WORKBOOK_BACKGROUND_ROWS = 10


def test_the_api_answers_202_with_the_job(world, background, django_capture_on_commit_callbacks, settings):
    content, _plan = sumbawa_file(world, small=True)
    client = world.client_for("coordinator_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(API, {"file": SimpleUploadedFile("k.xlsx", content, content_type=XLSX_MIME)})
    assert response.status_code == 202, response.content
    job = Job.objects.get()
    body = response.json()
    assert body["job"] == str(job.code) and response["Location"] == body["url"]
    assert body["url"] == f"/api/v1/jobs/{job.code}/" and body["page"] == f"/tugas/{job.code}/"
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.created_by == world.users["coordinator_a"]
    status = client.get(body["url"]).json()
    assert status["finished"] is True and status["result"]["preview"]["counts"]["actions"]["added"] == 6
    assert ActionPlan.objects.count() == 0  # a preview: confirmed with the job's token
    applied = client.post(
        "/api/v1/masterplans/52.04/worksheet/apply/",
        {"token": status["result"]["token"]},
        content_type="application/json",
    )
    assert applied.status_code == 200 and ActionPlan.objects.count() == 6
    assert not list((settings.MEDIA_ROOT / "imports").iterdir())


def test_the_command_goes_through_the_job_too(
    world, background, tmp_path, capsys, django_capture_on_commit_callbacks
):
    content, _plan = sumbawa_file(world, small=True)
    path = tmp_path / "k.xlsx"
    path.write_bytes(content)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_masterplan", str(path), "--region", "52.04")
    job = Job.objects.get()
    assert str(job.code) in capsys.readouterr().out
    assert job.status == JobStatus.SUCCEEDED and job.created_by is None
    assert job.result["preview"]["counts"]["actions"]["added"] == 6 and ActionPlan.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_masterplan", str(path), "--region", "52.04", "--apply")
    assert Job.objects.count() == 2 and ActionPlan.objects.count() == 6 and path.exists()


def test_a_refused_big_workbook_writes_no_job(world, background, bomb):
    response = world.client_for("coordinator_a").post(
        API, {"file": SimpleUploadedFile("x.xlsx", bomb.read_bytes(), content_type=XLSX_MIME)}
    )
    assert response.status_code == 400 and Job.objects.count() == 0
