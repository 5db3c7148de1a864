"""The ministry's import of scores on behalf of assessors: the template, a good file (each score
audited, one import event), every bad row by sheet, row and column with nothing written, the
phase rule, the upload page's preview then confirmation, and the command."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from kotacerdas.core.models import AuditEvent
from kotacerdas.evaluation.models import Assignment, Score
from kotacerdas.evaluation.scores_import import ScoresRefused, scores_import, scores_preview, scores_template

from .evaluation_scoring_data import other_assessor, scoring_round

pytestmark = pytest.mark.django_db

HEADER = ["Region", "Assessor", "Question", "Level", "Note"]
UPLOAD = "/evaluasi/2024-2/nilai/impor/"


def _xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Nilai"
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _good(sr) -> list[list]:
    return [
        ["52.04", "ASR-001", q.key, "2.42" if q.answer == "survey" else 3, "wawancara"]
        for q in sr.questions()
    ]


def test_the_template_lists_each_question_of_open_assignments(world):
    sr = scoring_round(world)
    Score.objects.create(assignment=sr.assignment, question=sr.questions()[0], level=4, note="ada")
    ws = load_workbook(
        io.BytesIO(scores_template(actor=world.users["ministry_admin"], round_=sr.round))
    ).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert len(rows) == 1 + 10
    assert list(rows[1]) == ["52.04", "ASR-001", sr.questions()[0].key, "4", "ada"]


def test_a_good_file_writes_every_score_with_its_audit(world):
    sr = scoring_round(world)
    summary = scores_import(
        actor=world.users["ministry_admin"], round_=sr.round, file=_xlsx(_good(sr)), filename="n.xlsx"
    )
    assert (summary.new, summary.changed, summary.assessors) == (10, 0, {"ASR-001": 10})
    assert Score.objects.filter(assignment=sr.assignment).count() == 10
    assert AuditEvent.objects.filter(object_type="evaluation.score", action="create").count() == 10
    event = AuditEvent.objects.get(action="import")
    assert event.changes["scores"] == {"new": 10, "changed": 0, "unchanged": 0, "skipped": 0}
    again = scores_preview(
        actor=world.users["ministry_admin"], round_=sr.round, file=_xlsx(_good(sr)), filename="n.xlsx"
    )
    assert (again.new, again.changed, again.unchanged) == (0, 0, 10)


def test_bad_rows_are_listed_by_row_and_column_and_nothing_is_written(world):
    sr = scoring_round(world)
    undeclared = other_assessor(sr, "ASR-002")
    Assignment.objects.filter(pk=undeclared.pk).update(no_conflict_declared_at=None)
    Score.objects.all().delete()
    submitted = other_assessor(sr, "ASR-003")
    Assignment.objects.filter(pk=submitted.pk).update(submitted_at=timezone.now())
    Score.objects.all().delete()
    q = sr.question("OUTPUT")
    kolaborasi = sr.round.method.questions.filter(dimension__code="KOLABORASI").first()
    rows = [
        ["52.04", "ASR-001", q.key, 7, ""],  # 2: not a level
        ["99.99", "ASR-001", q.key, 3, ""],  # 3: no such region
        ["51.08", "ASR-001", q.key, 3, ""],  # 4: not assigned there
        ["52.04", "ASR-001", "TIDAK-ADA", 3, ""],  # 5: no such question
        ["52.04", "ASR-002", q.key, 3, ""],  # 6: not declared
        ["52.04", "ASR-003", q.key, 3, ""],  # 7: submitted
        ["52.04", "ASR-001", kolaborasi.key, 3, ""],  # 8: not of the group
        ["52.04", "ASR-001", sr.question("BASELINE").key, 3, ""],  # 9: good
        ["52.04", "ASR-001", sr.question("BASELINE").key, 2, ""],  # 10: a duplicate
    ]
    with translation.override("en"):
        with pytest.raises(ScoresRefused) as exc:
            scores_import(
                actor=world.users["ministry_admin"], round_=sr.round, file=_xlsx(rows), filename="n.xlsx"
            )
        lines = [str(r) for r in exc.value.rows]
    assert lines[0] == "Nilai, row 2, Level: 7 is not a level of this method: choose one of 0, 1, 2, 3, 4."
    assert [(r.row, r.column) for r in exc.value.rows] == [
        (2, "Level"),
        (3, "Region"),
        (4, "Assessor"),
        (5, "Question"),
        (6, "Assessor"),
        (7, "Assessor"),
        (8, "Question"),
        (10, "Question"),
    ]
    assert "is not assigned to Kabupaten Buleleng" in lines[2]
    assert "are submitted" in lines[5]
    assert "already on row 9" in lines[7]
    assert not Score.objects.exists()
    assert not AuditEvent.objects.filter(action="import").exists()


def test_rows_without_a_level_are_left_out(world):
    sr = scoring_round(world)
    rows = _good(sr)
    rows[0][3] = None
    rows[1][3] = None
    rows[1][4] = None
    summary = scores_import(
        actor=world.users["ministry_admin"], round_=sr.round, file=_xlsx(rows), filename="n.xlsx"
    )
    assert (summary.new, summary.skipped) == (8, 2)
    with translation.override("en"), pytest.raises(ScoresRefused) as exc:
        scores_import(
            actor=world.users["ministry_admin"],
            round_=sr.round,
            file=_xlsx([["52.04", "ASR-001", sr.questions()[0].key, None, "x"]]),
            filename="n.xlsx",
        )
    assert "The file has no rows of scores." in str(exc.value)


def test_a_missing_column_and_a_closed_phase_refuse_the_file(world):
    sr = scoring_round(world)
    with translation.override("en"), pytest.raises(ScoresRefused) as exc:
        scores_import(
            actor=world.users["ministry_admin"],
            round_=sr.round,
            file=_xlsx([], header=HEADER[:3]),
            filename="n.xlsx",
        )
    assert "The column Level is missing." in str(exc.value)
    closed = scoring_round(world, phase="panel", code="2024-3")
    with translation.override("en"), pytest.raises(ScoresRefused) as exc:
        scores_import(
            actor=world.users["ministry_admin"], round_=closed.round, file=_xlsx(_good(sr)), filename="n.xlsx"
        )
    assert "not Document review" in str(exc.value)
    assert not Score.objects.exists()


def test_not_a_workbook_is_refused(world):
    sr = scoring_round(world)
    with pytest.raises(ScoresRefused):
        scores_import(
            actor=world.users["ministry_admin"], round_=sr.round, file=b"region;level\n", filename="n.xlsx"
        )


def test_the_upload_page_previews_then_confirms(world):
    sr = scoring_round(world)
    client = world.client_for("ministry_admin")
    client.cookies["django_language"] = "en"
    assert client.get(UPLOAD).status_code == 200
    template = client.get(f"{UPLOAD}templat/")
    assert template.status_code == 200 and template["Content-Disposition"].startswith("attachment")
    bad = client.post(
        UPLOAD, {"file": SimpleUploadedFile("n.xlsx", _xlsx([["52.04", "ASR-001", "X", 3, ""]]))}
    )
    assert bad.status_code == 400 and "is not a question of the round" in bad.content.decode()
    good = client.post(UPLOAD, {"file": SimpleUploadedFile("n.xlsx", _xlsx(_good(sr)))})
    assert good.status_code == 302
    preview = client.get(good["Location"])
    assert preview.status_code == 200, preview.content.decode()
    assert "New scores" in preview.content.decode()
    assert not Score.objects.exists()
    # another user of the ministry cannot reach this upload
    other = world.client_for("coordinator_a")
    assert other.get(good["Location"]).status_code == 403
    done = client.post(good["Location"])
    assert done.status_code == 302
    assert Score.objects.count() == 10
    assert client.get(good["Location"]).status_code == 404  # used once


def test_the_command(world, tmp_path):
    sr = scoring_round(world)
    path = tmp_path / "nilai.xlsx"
    path.write_bytes(_xlsx(_good(sr)))
    out = io.StringIO()
    call_command("import_scores", str(path), "--round", "2024-2", stdout=out)
    assert "10 new scores" in out.getvalue()
    bad = tmp_path / "salah.xlsx"
    bad.write_bytes(_xlsx([["52.04", "ASR-001", "X", 3, ""]]))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_scores", str(bad), "--round", "2024-2", stderr=io.StringIO())


def _csv(rows, header=HEADER, delimiter=";") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def test_a_csv_file_imports_as_the_workbook_does(world):
    sr = scoring_round(world)
    rows = [[r[0], r[1], r[2], str(r[3]).replace(".", ","), r[4]] for r in _good(sr)]  # decimal commas
    summary = scores_import(
        actor=world.users["ministry_admin"], round_=sr.round, file=_csv(rows), filename="nilai.csv"
    )
    assert (summary.new, summary.assessors) == (10, {"ASR-001": 10})
    assert Score.objects.filter(assignment=sr.assignment).count() == 10


def test_a_bad_csv_row_is_named_by_row_and_column_and_nothing_is_written(world):
    sr = scoring_round(world)
    rows = _good(sr)
    rows[3][3] = "7"  # off the scale
    with translation.override("en"), pytest.raises(ScoresRefused) as exc:
        scores_import(
            actor=world.users["ministry_admin"],
            round_=sr.round,
            file=_csv(rows, delimiter=","),
            filename="n.csv",
        )
    assert [(e.row, e.column) for e in exc.value.rows] == [(5, "Level")]
    with translation.override("en"), pytest.raises(ScoresRefused) as exc:
        scores_import(
            actor=world.users["ministry_admin"],
            round_=sr.round,
            file=_csv(_good(sr), header=["Region", "Assessor", "Level"]),
            filename="n.csv",
        )
    assert [e.message for e in exc.value.rows] == ["The column Question is missing."]
    assert not Score.objects.exists()


def test_a_csv_through_the_upload_page(world):
    sr = scoring_round(world)
    client = world.client_for("ministry_admin")
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("nilai.csv", _csv(_good(sr)), "text/csv")})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.post(response["Location"]).status_code == 302
    assert Score.objects.filter(assignment=sr.assignment).count() == 10
