"""Assessors' scores: score_set (each refusal writes nothing), submission, reopening, the
optimistic version and two writers of one score, and no peeking at the others' scores."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.utils import timezone, translation

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.models import AuditEvent
from kotacerdas.evaluation.models import Assignment, Question, RoundPhase, Score
from kotacerdas.evaluation.scoring_entry import assignment_reopen, assignment_submit, score_set
from kotacerdas.evaluation.scoring_selectors import region_scores_for_user, scoring_sheet
from kotacerdas.notifications.models import Notification

from .evaluation_scoring_data import other_assessor, score_all, scoring_round

pytestmark = pytest.mark.django_db


def _refused(world, sr, exc_type=ValidationError, *, actor="assessor", assignment=None, **kwargs):
    args = {"question": sr.question("OUTPUT"), "level": "3", "note": ""} | kwargs
    with translation.override("en"), pytest.raises(exc_type) as exc:
        score_set(actor=world.users[actor], assignment=assignment or sr.assignment, **args)
    assert not Score.objects.exists()
    assert not AuditEvent.objects.filter(object_type="evaluation.score").exists()
    return str(exc.value)


@pytest.mark.parametrize("phase", ["document_review", "interview"])
def test_the_assessor_scores_a_question_and_changes_it(world, phase):
    sr = scoring_round(world, phase=phase)
    q = sr.question("OUTPUT")
    score = score_set(
        actor=world.users["assessor"],
        assignment=sr.assignment,
        question=q,
        level="3",
        note=" SK ada ",
        expected_version=0,
    )
    assert (score.level, score.note, score.row_version) == (Decimal(3), "SK ada", 1)
    changed = score_set(
        actor=world.users["assessor"], assignment=sr.assignment, question=q, level="4", expected_version=1
    )
    assert (changed.level, changed.note, changed.row_version) == (Decimal(4), "", 2)
    events = list(AuditEvent.objects.filter(object_type="evaluation.score").order_by("id"))
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].changes["level"] == ["3", "4"]
    assert events[0].region_id is None  # not the region's to read before publication


def test_a_survey_question_takes_a_mean_within_the_scale(world):
    sr = scoring_round(world)
    q = sr.question("IMPACT")
    score = score_set(actor=world.users["assessor"], assignment=sr.assignment, question=q, level="3,42")
    assert score.level == Decimal("3.42")


def test_a_level_outside_the_method_is_refused_with_the_levels(world):
    sr = scoring_round(world)
    message = _refused(world, sr, level="2.5")
    assert "2.5 is not a level of this method: choose one of 0, 1, 2, 3, 4." in message
    assert "Choose one of the levels 0, 1, 2, 3, 4." in _refused(world, sr, level="")
    assert "from 0 to 4" in _refused(world, sr, question=sr.question("IMPACT"), level="4.5")


def test_a_note_too_long_is_refused(world):
    sr = scoring_round(world)
    assert "at most 4000 characters" in _refused(world, sr, note="x" * 4001)


def test_a_question_outside_the_regions_group_is_refused(world):
    sr = scoring_round(world)
    kolaborasi = Question.objects.get(
        method=sr.round.method, dimension__code="KOLABORASI", number__endswith=".1"
    )
    assert "is not scored for regions of the Regular group" in _refused(world, sr, question=kolaborasi)


def test_only_the_assigned_assessor_scores(world):
    sr = scoring_round(world)
    _refused(world, sr, PermissionDenied, actor="ministry_admin")
    _refused(world, sr, PermissionDenied, actor="coordinator_a")
    other = other_assessor(sr)
    Score.objects.all().delete()
    _refused(world, sr, PermissionDenied, assignment=other)


def test_scoring_waits_for_the_no_conflict_declaration(world):
    sr = scoring_round(world, declared=False)
    assert "no conflict of interest" in _refused(world, sr)


@pytest.mark.parametrize("phase", ["draft", "self_assessment", "panel", "published"])
def test_scoring_outside_the_scoring_phases_is_refused(world, phase):
    sr = scoring_round(world, phase=phase)
    assert "not Document review" in _refused(world, sr)


def test_a_locked_phase_refuses(world):
    sr = scoring_round(world)
    RoundPhase.objects.create(round=sr.round, phase="document_review", locked=True, note="rekap")
    assert "locked (rekap)" in _refused(world, sr)


def test_no_score_changes_after_submission(world):
    sr = scoring_round(world)
    Assignment.objects.filter(pk=sr.assignment.pk).update(submitted_at=timezone.now())
    sr.assignment.refresh_from_db()
    assert "are submitted" in _refused(world, sr)


def test_a_stale_version_is_a_conflict_and_writes_nothing(world):
    sr = scoring_round(world)
    q = sr.question("OUTPUT")
    score_set(
        actor=world.users["assessor"], assignment=sr.assignment, question=q, level="3", expected_version=0
    )
    with pytest.raises(ConflictError) as exc:
        score_set(
            actor=world.users["assessor"], assignment=sr.assignment, question=q, level="1", expected_version=0
        )
    assert (exc.value.row_version, exc.value.current["level"]) == (1, "3")
    assert Score.objects.get().level == Decimal(3)
    assert AuditEvent.objects.filter(object_type="evaluation.score").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_score_with_the_same_version_one_conflict(world):
    sr = scoring_round(world)
    q = sr.question("OUTPUT")
    outcomes: list[str] = []

    def write(level: str, barrier: threading.Barrier | None = None) -> None:
        if barrier is not None:
            barrier.wait(timeout=10)
        try:
            score_set(
                actor=world.users["assessor"],
                assignment=sr.assignment,
                question=q,
                level=level,
                expected_version=0,
            )
            outcomes.append("saved")
        except ConflictError:
            outcomes.append("conflict")

    def in_thread(level: str, barrier: threading.Barrier) -> None:
        try:
            write(level, barrier)
        finally:
            connection.close()  # each thread's own connection

    if connection.vendor == "sqlite":
        # SQLite has one writer at a time: the two writes run one after the other.
        write("3")
        write("1")
    else:
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=in_thread, args=(level, barrier)) for level in ("3", "1")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    assert Score.objects.filter(assignment=sr.assignment, question=q).count() == 1


# ---------------------------------------------------------------- submitting and reopening


def test_submission_needs_every_question_and_says_which_dimension(world):
    sr = scoring_round(world)
    score_all(sr, skip=3)  # the last three: one of IMPACT, two of QUICK_WIN
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        assignment_submit(actor=world.users["assessor"], assignment=sr.assignment)
    assert "3 questions are not answered yet (1 in Impact, 2 in Quick_Win)" in str(exc.value)
    sr.assignment.refresh_from_db()
    assert sr.assignment.submitted_at is None
    assert not Notification.objects.exists()


def test_submission_is_audited_and_tells_the_ministry(world):
    sr = scoring_round(world)
    score_all(sr)
    assignment_submit(actor=world.users["assessor"], assignment=sr.assignment)
    sr.assignment.refresh_from_db()
    assert sr.assignment.submitted_at is not None
    event = AuditEvent.objects.get(object_type="evaluation.assignment", action="transition")
    assert event.changes["submitted_at"][0] is None
    note = Notification.objects.get(kind="assessor_submitted")
    assert note.recipient == world.users["ministry_admin"]
    assert note.url == "/evaluasi/2024-2/penugasan/52.04/"
    with translation.override("en"), pytest.raises(ValidationError):
        assignment_submit(actor=world.users["assessor"], assignment=sr.assignment)


def test_submission_refusals(world):
    sr = scoring_round(world, phase="panel")
    score_all(sr)
    with pytest.raises(ValidationError):
        assignment_submit(actor=world.users["assessor"], assignment=sr.assignment)
    with pytest.raises(PermissionDenied):
        assignment_submit(actor=world.users["ministry_admin"], assignment=sr.assignment)
    assert not Assignment.objects.filter(submitted_at__isnull=False).exists()


def test_the_ministry_reopens_with_a_reason_and_the_assessor_is_told(world):
    sr = scoring_round(world)
    score_all(sr)
    assignment_submit(actor=world.users["assessor"], assignment=sr.assignment)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        assignment_reopen(actor=world.users["ministry_admin"], assignment=sr.assignment, reason=" ")
    assert "Say why" in str(exc.value)
    with pytest.raises(PermissionDenied):
        assignment_reopen(actor=world.users["assessor"], assignment=sr.assignment, reason="x")
    sr.assignment.refresh_from_db()
    assert sr.assignment.submitted_at is not None
    assignment_reopen(
        actor=world.users["ministry_admin"], assignment=sr.assignment, reason="Nilai 1.1 keliru"
    )
    sr.assignment.refresh_from_db()
    assert sr.assignment.submitted_at is None
    event = AuditEvent.objects.filter(object_type="evaluation.assignment").latest("id")
    assert event.changes["reason"] == [None, "Nilai 1.1 keliru"]
    note = Notification.objects.get(kind="assessor_reopened")
    assert note.recipient == world.users["assessor"]
    assert note.url == "/evaluasi/penilaian-saya/2024-2/52.04/nilai/"
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        assignment_reopen(actor=world.users["ministry_admin"], assignment=sr.assignment, reason="lagi")
    assert "nothing to reopen" in str(exc.value)


# ---------------------------------------------------------------- no peeking


def test_no_peeking_before_submitting(world):
    sr = scoring_round(world)
    other_assessor(sr, "ASR-002", submitted=True)
    other_assessor(sr, "ASR-003", submitted=False)
    score_all(sr)
    assessor = world.users["assessor"]
    before = region_scores_for_user(actor=assessor, assignment=sr.assignment)
    assert {s.assignment_id for s in before} == {sr.assignment.pk}
    sheet = scoring_sheet(actor=assessor, assignment=sr.assignment)
    assert not sheet.peek and all(not row.others for row in sheet.rows)
    assignment_submit(actor=assessor, assignment=sr.assignment)
    after = region_scores_for_user(actor=assessor, assignment=sr.assignment)
    # the other submitted assessor's scores appear; the draft of the third stays private
    assert {s.assignment.assessor.code for s in after} == {"ASR-001", "ASR-002"}
    sheet = scoring_sheet(actor=assessor, assignment=sr.assignment)
    assert sheet.peek and [o.assessor for o in sheet.rows[0].others] == ["ASR-002"]
    everyone = region_scores_for_user(actor=world.users["ministry_admin"], assignment=sr.assignment)
    assert {s.assignment.assessor.code for s in everyone} == {"ASR-001", "ASR-002", "ASR-003"}
    with pytest.raises(Http404):
        region_scores_for_user(actor=world.users["coordinator_a"], assignment=sr.assignment)
