"""The panel: services (each refusal with nothing written, audit, overrides reaching the index),
the page, the API, and two panel members deciding at once."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import translation

from kotacerdas.core.models import AuditEvent
from kotacerdas.evaluation import board, panel, scoring
from kotacerdas.evaluation.models import (
    Assignment,
    PanelDecision,
    RoundPhase,
    SelfAnswer,
    SelfAssessment,
    SelfAssessmentVersion,
)
from kotacerdas.evaluation.panel_selectors import panel_data
from kotacerdas.evaluation.selectors import method_spec, round_inputs

from .evaluation_board_data import board_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(world):
    round_ = board_round([world.region_a, world.region_b])
    entry = round_.regions.get(region=world.region_a)
    flagged = panel_data(entry).flagged
    assert flagged, "the test data must disagree somewhere"
    return round_, entry, flagged[0].question


def _decide(world, entry, question, score="4", reason="Bukti lengkap di lapangan", role="ministry_admin"):
    return panel.panel_decide(
        actor=world.users[role], entry=entry, question=question, score=score, reason=reason
    )


def _message(exc) -> str:
    return " ".join(exc.value.messages)


# ---------------------------------------------------------------- reads


def test_the_panel_lists_levels_side_by_side_with_the_engine_flag(world, setting):
    round_, entry, _question = setting
    data = panel_data(entry)
    assert data.assessors == ["ASR-P01", "ASR-P02", "ASR-P03"]
    spec = method_spec(round_.method)
    computed = scoring.compute_round(spec, round_inputs(round_))["regions"]["52.04"]
    assert sorted(line.question.key for line in data.flagged) == sorted(computed["disagreements"])
    line = data.flagged[0]
    assert line.spread == max(line.levels) - min(line.levels) >= spec.disagreement
    assert scoring.plain(line.combined) == computed["questions"][line.question.key]


def test_the_proposal_is_the_latest_submitted_self_assessment(world, setting):
    _round, entry, question = setting
    sa = SelfAssessment.objects.create(entry=entry)
    SelfAnswer.objects.create(self_assessment=sa, question=question, level=Decimal(1))  # a draft
    assert next(line for line in panel_data(entry).lines if line.question == question).proposal is None
    for number, level in ((1, "2"), (2, "3.40")):
        SelfAssessmentVersion.objects.create(
            self_assessment=sa, number=number, content={"answers": [{"key": question.key, "level": level}]}
        )
    line = next(line for line in panel_data(entry).lines if line.question == question)
    assert line.proposal == Decimal("3.40")


# ---------------------------------------------------------------- decisions


def test_a_decision_overrides_the_score_and_is_audited(world, setting):
    round_, entry, question = setting
    decision = _decide(world, entry, question, score="3.5")
    assert decision.score == Decimal("3.5") and decision.decided_by == world.users["ministry_admin"]
    event = AuditEvent.objects.filter(action="create").latest("id")
    assert event.changes["score"] == [None, "3.5"] and event.region_id == world.region_a.pk
    inputs = {i.region: i for i in round_inputs(round_)}
    assert inputs["52.04"].overrides == {question.key: Decimal("3.5")}
    result = scoring.compute_round(method_spec(round_.method), round_inputs(round_))["regions"]["52.04"]
    assert result["questions"][question.key] == "3.5" and question.key in result["overridden"]
    row = {r.code: r for r in board.board_for_round(round_=round_).rows}["52.04"]
    assert row.decisions == 1 and row.undecided == row.flags - 1


def test_confirming_keeps_the_combined_score(world, setting):
    round_, entry, question = setting
    decision = _decide(world, entry, question, score=None, reason="Penilaian asesor sesuai")
    assert decision.score is None
    assert {i.region: i for i in round_inputs(round_)}["52.04"].overrides == {}
    assert next(line for line in panel_data(entry).flagged if line.question == question).decision == decision


def test_a_second_decision_changes_the_first_and_withdrawing_removes_it(world, setting):
    _round, entry, question = setting
    _decide(world, entry, question, score="2")
    _decide(world, entry, question, score="3", reason="Dokumen baru")
    decision = PanelDecision.objects.get()
    assert (decision.score, decision.reason) == (Decimal(3), "Dokumen baru")
    update = AuditEvent.objects.filter(action="update").latest("id")
    assert update.changes == {"score": ["2", "3"], "reason": ["Bukti lengkap di lapangan", "Dokumen baru"]}
    panel.panel_withdraw(actor=world.users["ministry_admin"], decision=decision)
    assert not PanelDecision.objects.exists()
    assert AuditEvent.objects.filter(action="delete").count() == 1
    with pytest.raises(ValidationError):
        panel.panel_withdraw(actor=world.users["ministry_admin"], decision=decision)


@pytest.mark.parametrize(
    ("score", "reason", "field", "text"),
    [
        ("5", "Alasan", "score", "The score must lie within the scale, 0 to 4."),
        ("-1", "Alasan", "score", "within the scale"),
        ("tiga", "Alasan", "score", "Enter the score as a number"),
        ("NaN", "Alasan", "score", "Enter the score as a number"),
        ("Infinity", "Alasan", "score", "Enter the score as a number"),
        ("3.123456", "Alasan", "score", "at most 4 decimals"),
        ("3", "", "reason", "Give the panel's reason."),
        ("3", "   ", "reason", "Give the panel's reason."),
        ("3", "x" * 2001, "reason", "too long"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(world, setting, score, reason, field, text):
    _round, entry, question = setting
    before = AuditEvent.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _decide(world, entry, question, score=score, reason=reason)
    assert field in exc.value.message_dict and text in _message(exc)
    assert not PanelDecision.objects.exists() and AuditEvent.objects.count() == before


def test_a_question_outside_the_group_or_without_scores_is_refused(world, setting):
    round_, entry, question = setting
    kolaborasi = round_.method.questions.filter(dimension__code="KOLABORASI").first()
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _decide(world, entry, kolaborasi)
    assert "is not in this region's questionnaire" in _message(exc)
    Assignment.objects.filter(entry=entry).update(submitted_at=None)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _decide(world, entry, question)
    assert "No assessor has submitted a score" in _message(exc)
    assert not PanelDecision.objects.exists()


@pytest.mark.parametrize("phase", ["interview", "published"])
def test_only_in_the_panel_phase(world, setting, phase):
    round_, entry, question = setting
    decision = _decide(world, entry, question)
    round_.phase = phase
    round_.save()
    entry.refresh_from_db()
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _decide(world, entry, question, score="1")
    assert "not Panel" in _message(exc)
    with pytest.raises(ValidationError):
        panel.panel_withdraw(actor=world.users["ministry_admin"], decision=decision)
    assert PanelDecision.objects.get().score == Decimal(4)


def test_a_locked_panel_phase_is_refused(world, setting):
    round_, entry, question = setting
    RoundPhase.objects.create(round=round_, phase="panel", locked=True, note="rapat selesai")
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _decide(world, entry, question)
    assert "locked (rapat selesai)" in _message(exc)


@pytest.mark.parametrize("role", ["coordinator_a", "pendamping", "assessor", "anonymous"])
def test_only_the_ministry_decides(world, setting, role):
    _round, entry, question = setting
    with pytest.raises(PermissionDenied):
        _decide(world, entry, question, role=role)
    decision = _decide(world, entry, question)
    with pytest.raises(PermissionDenied):
        panel.panel_withdraw(actor=world.users[role], decision=decision)
    assert PanelDecision.objects.count() == 1


def test_a_second_panel_member_changes_the_first_decision(world, setting):
    from .factories import UserFactory, membership

    _round, entry, question = setting
    other = UserFactory(username="admin2")
    membership(other, "ministry_admin")
    panel.panel_decide(
        actor=world.users["ministry_admin"], entry=entry, question=question, score="2", reason="A"
    )
    panel.panel_decide(actor=other, entry=entry, question=question, score="3", reason="B")
    decision = PanelDecision.objects.get()
    assert (decision.score, decision.decided_by) == (Decimal(3), other)


@pytest.mark.django_db(transaction=True)
def test_two_panel_members_deciding_at_once_keep_one_decision(world):
    """Both decide the same question at the same moment: the region's row lock makes one wait,
    so there is one decision (the later one), two audit events, and no server error."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database")
    from .factories import UserFactory, membership

    round_ = board_round([world.region_a])
    entry = round_.regions.get()
    question = panel_data(entry).flagged[0].question
    other = UserFactory(username="admin2")
    membership(other, "ministry_admin")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(actor, score) -> None:
        try:
            barrier.wait()
            panel.panel_decide(actor=actor, entry=entry, question=question, score=score, reason="Panel")
            outcomes.append("done")
        except Exception as exc:  # any failure is the test's finding
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(u, s))
        for u, s in ((world.users["ministry_admin"], "2"), (other, "3"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == ["done", "done"]
    assert PanelDecision.objects.count() == 1
    assert sorted(
        AuditEvent.objects.filter(object_type="evaluation.paneldecision").values_list("action", flat=True)
    ) == [
        "create",
        "update",
    ]


# ---------------------------------------------------------------- pages


def _page(round_, tail=""):
    return f"/evaluasi/{round_.code}/52.04/panel/{tail}"


def test_the_page_shows_the_flagged_questions_and_decides(world, setting):
    round_, _entry, question = setting
    client = world.client_for("ministry_admin")
    client.cookies["django_language"] = "en"  # the page's language is the request's
    response = client.get(_page(round_))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-question="{question.key}" data-flagged' in html and "data-confirm" in html
    response = client.post(
        _page(round_, f"{question.key}/"), {"score": "3,5", "reason": "Lengkap", "action": "score"}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#q-{question.key}")
    assert PanelDecision.objects.get().score == Decimal("3.5")
    client.post(_page(round_, f"{question.key}/"), {"score": "", "reason": "Sesuai", "action": "confirm"})
    assert PanelDecision.objects.get().score is None
    client.post(_page(round_, f"{question.key}/tarik/"))
    assert not PanelDecision.objects.exists()


def test_the_page_says_what_is_wrong(world, setting):
    round_, _entry, question = setting
    client = world.client_for("ministry_admin")
    client.cookies["django_language"] = "en"  # the page's language is the request's
    with translation.override("en"):
        response = client.post(
            _page(round_, f"{question.key}/"), {"score": "9", "reason": "x", "action": "score"}, follow=True
        )
        assert "The score must lie within the scale" in response.content.decode()
        response = client.post(
            _page(round_, f"{question.key}/"), {"score": "", "reason": "x", "action": "score"}, follow=True
        )
        assert "Enter the panel&#x27;s score, or confirm" in response.content.decode()
    assert not PanelDecision.objects.exists()


def test_the_page_of_a_region_without_scores_and_an_unknown_question(world, setting):
    round_, entry, _question = setting
    Assignment.objects.filter(entry=entry).delete()
    client = world.client_for("ministry_admin")
    client.cookies["django_language"] = "en"  # the page's language is the request's
    with translation.override("en"):
        assert "No assessor has submitted scores" in client.get(_page(round_)).content.decode()
    assert client.post(_page(round_, "NOPE-1/"), {"score": "1", "reason": "x"}).status_code == 404
    assert client.post(_page(round_, "NOPE-1/tarik/")).status_code == 404
    assert client.get(f"/evaluasi/{round_.code}/99.99/panel/").status_code == 404


def test_the_board_links_to_the_panel(world, setting):
    round_, _entry, _question = setting
    html = world.client_for("ministry_admin").get(f"/evaluasi/{round_.code}/papan/").content.decode()
    assert f'href="/evaluasi/{round_.code}/52.04/panel/"' in html


@pytest.mark.parametrize("count", [1, 6])
def test_the_page_reads_a_fixed_number_of_queries(world, django_assert_num_queries, count):
    round_ = board_round([world.region_a], questions=count)
    entry = round_.regions.get()
    for line in panel_data(entry).flagged:
        _decide(world, entry, line.question)
    client = world.client_for("ministry_admin")
    client.cookies["django_language"] = "en"  # the page's language is the request's
    client.get(_page(round_))
    with django_assert_num_queries(PANEL_QUERIES):
        assert client.get(_page(round_)).status_code == 200


PANEL_QUERIES = 12


# ---------------------------------------------------------------- API


def _api(round_, tail=""):
    return f"/api/v1/evaluation/rounds/{round_.code}/regions/52.04/panel/{tail}"


def test_the_api_reads_decides_and_withdraws(world, setting):
    round_, _entry, question = setting
    client = world.client_for("ministry_admin")
    client.cookies["django_language"] = "en"  # the page's language is the request's
    body = client.get(_api(round_)).json()
    assert body["assessors"] == ["ASR-P01", "ASR-P02", "ASR-P03"] and body["flagged"] >= 1
    line = next(q for q in body["questions"] if q["key"] == question.key)
    assert line["flagged"] and line["decision"] is None and set(line["levels"]) == set(body["assessors"])
    response = client.put(
        _api(round_, f"{question.key}/"), {"score": "2.5", "reason": "Panel"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["score"] == "2.5"
    response = client.put(
        _api(round_, f"{question.key}/"), {"score": None, "reason": "Sesuai"}, content_type="application/json"
    )
    assert response.json()["score"] is None
    assert client.delete(_api(round_, f"{question.key}/")).status_code == 204
    assert client.delete(_api(round_, f"{question.key}/")).status_code == 404


def test_the_api_refuses_bad_input_in_the_error_shape(world, setting):
    round_, _entry, question = setting
    client = world.client_for("ministry_admin")
    client.cookies["django_language"] = "en"  # the page's language is the request's
    with translation.override("en"):
        response = client.put(
            _api(round_, f"{question.key}/"), {"score": "7", "reason": "x"}, content_type="application/json"
        )
    assert response.status_code == 400 and "score" in response.json()["error"]["fields"]
    response = client.put(_api(round_, f"{question.key}/"), {"score": "1"}, content_type="application/json")
    assert response.status_code == 400 and "reason" in response.json()["error"]["fields"]
    assert not PanelDecision.objects.exists()


def test_the_board_api(world, setting):
    round_, _entry, _question = setting
    client = world.client_for("ministry_admin")
    client.cookies["django_language"] = "en"  # the page's language is the request's
    body = client.get(f"/api/v1/evaluation/rounds/{round_.code}/board/?sort=-code").json()
    assert body["regions"] == 2 and [r["code"] for r in body["rows"]] == ["52.04", "51.08"]
    row = body["rows"][0]
    assert row["assessors_declared"] == 3 and row["questions"] == 10 and row["provisional_index"]
    filtered = client.get(
        f"/api/v1/evaluation/rounds/{round_.code}/board/?province={world.region_b.province.code}"
    ).json()
    assert [r["code"] for r in filtered["rows"]] == ["51.08"]
    assert client.get(f"/api/v1/evaluation/rounds/{round_.code}/board/?sort=nope").status_code == 400
    assert (
        world.client_for("coordinator_a").get(f"/api/v1/evaluation/rounds/{round_.code}/board/").status_code
        == 404
    )
