"""The scores API: the caller's scores of an assigned region (paginated, no peeking before their
own submission), PUT and PATCH of one score with row_version (409 when stale), submission, and
the one error shape for refusals."""

from __future__ import annotations

import json

import pytest

from kotacerdas.evaluation.models import Score

from .evaluation_scoring_data import other_assessor, score_all, scoring_round

pytestmark = pytest.mark.django_db

API = "/api/v1/evaluation/assignments/mine/2024-2/52.04"
JSON = "application/json"


def _client(world, role="assessor"):
    client = world.client_for(role)
    client.cookies["django_language"] = "en"
    return client


def test_the_list_holds_every_question_and_hides_the_others_until_submission(world):
    sr = scoring_round(world)
    other_assessor(sr, "ASR-002", submitted=True)
    client = _client(world)
    body = client.get(f"{API}/scores/").json()
    assert body["count"] == 10
    first = body["results"][0]
    assert (first["level"], first["row_version"], first["others"]) == (None, 0, None)
    score_all(sr)
    assert client.post(f"{API}/submit/").status_code == 200
    body = client.get(f"{API}/scores/").json()
    assert body["results"][0]["level"] == "3"
    assert body["results"][0]["others"] == [{"assessor": "ASR-002", "level": "2", "note": "catatan ASR-002"}]


def test_put_then_patch_with_row_version_and_a_stale_one_is_409(world):
    sr = scoring_round(world)
    q = sr.question("OUTPUT")
    client = _client(world)
    url = f"{API}/scores/{q.key}/"
    created = client.put(
        url, json.dumps({"level": "3", "note": "SK ada", "row_version": 0}), content_type=JSON
    )
    assert created.status_code == 200
    assert (created.json()["level"], created.json()["row_version"]) == ("3", 1)
    patched = client.patch(url, json.dumps({"level": "4", "row_version": 1}), content_type=JSON)
    assert (patched.json()["level"], patched.json()["note"], patched.json()["row_version"]) == (
        "4",
        "SK ada",
        2,
    )
    stale = client.patch(url, json.dumps({"note": "x", "row_version": 1}), content_type=JSON)
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert (error["code"], error["current"]["row_version"], error["current"]["level"]) == ("conflict", 2, "4")
    assert Score.objects.get().note == "SK ada"


def test_a_bad_level_is_400_in_the_one_error_shape(world):
    sr = scoring_round(world)
    q = sr.question("OUTPUT")
    response = _client(world).put(f"{API}/scores/{q.key}/", json.dumps({"level": "9"}), content_type=JSON)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "9 is not a level of this method" in json.dumps(error)
    assert not Score.objects.exists()


def test_submitting_with_unanswered_questions_is_400(world):
    sr = scoring_round(world)
    score_all(sr, skip=2)
    response = _client(world).post(f"{API}/submit/")
    assert response.status_code == 400
    assert "2 questions are not answered yet" in json.dumps(response.json())


def test_others_and_undeclared_get_404(world):
    scoring_round(world, declared=False)
    assert _client(world).get(f"{API}/scores/").status_code == 404
    assert _client(world, "ministry_admin").get(f"{API}/scores/").status_code == 404
    assert _client(world, "coordinator_a").put(f"{API}/scores/X/", "{}", content_type=JSON).status_code == 404


API_LIST_QUERIES = (
    7  # session, user, memberships, the assignment, questions, scores, the self-assessment version
)


@pytest.mark.parametrize("questions,others", [(2, 1), (8, 3)])  # 10 and 40 questions
def test_the_list_reads_a_fixed_number_of_queries(world, django_assert_num_queries, questions, others):
    sr = scoring_round(world, questions=questions)
    for n in range(others):
        other_assessor(sr, f"ASR-10{n}", submitted=True)
    score_all(sr)
    client = _client(world)
    assert client.post(f"{API}/submit/").status_code == 200
    client.get(f"{API}/scores/")
    with django_assert_num_queries(API_LIST_QUERIES):
        body = client.get(f"{API}/scores/").json()
    assert len(body["results"][0]["others"]) == others
