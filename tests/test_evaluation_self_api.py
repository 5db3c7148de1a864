"""The self-assessment API: the same services as the pages, in the one error shape."""

from __future__ import annotations

import pytest
from django.test import Client

from kotacerdas.evaluation.models import SelfAnswer, SelfAssessmentVersion, SelfEvidence

from .evaluation_self_data import SVG, answer_all, pokja, self_round, upload

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.evaluation_self_urls")]


def base(sr, region: str = "52.04") -> str:
    return f"/api/v1/evaluation/rounds/{sr.round.code}/regions/{region}/self-assessment/"


def english(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.cookies["django_language"] = "en"
    return client


def test_the_self_assessment_and_its_answers_are_read(world):
    sr = self_round(world)
    client = world.client_for("coordinator_a")
    body = client.get(base(sr)).json()
    assert (body["status"], body["row_version"], body["versions"]) == ("not_started", 0, [])
    assert body["completeness"]["answered"] == 0 and body["completeness"]["total"] == 10
    answers = client.get(base(sr) + "answers/").json()
    assert [a["key"] for a in answers] == [q.key for q in sr.questions()]
    assert answers[0]["level"] is None and answers[0]["row_version"] == 0
    impact = next(a for a in answers if a["dimension"] == "IMPACT")
    assert (impact["answer"], impact["smart_dimension"]) == ("survey", "ECO")


def test_an_answer_is_put_and_a_stale_version_is_a_409_with_the_other_values(world):
    sr = self_round(world)
    q = sr.question("OUTPUT")
    url = base(sr) + f"answers/{q.key}/"
    client = world.client_for("coordinator_a")
    response = client.put(
        url,
        {"level": "3", "justification": "SK", "links": [], "row_version": 0},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["level"], response.json()["row_version"]) == ("3", 1)
    stale = client.put(url, {"level": "4", "row_version": 0}, content_type="application/json")
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert (
        error["code"] == "conflict"
        and error["current"]["level"] == "3"
        and error["current"]["row_version"] == 1
    )
    assert client.get(url).json()["justification"] == "SK"


def test_bad_input_is_a_400_naming_the_field_and_nothing_is_written(world):
    sr = self_round(world)
    q = sr.question("OUTPUT")
    url = base(sr) + f"answers/{q.key}/"
    client = english(world.client_for("coordinator_a"))
    response = client.put(url, {"level": "7"}, content_type="application/json")
    assert response.status_code == 400
    assert "not a level of the scale" in response.json()["error"]["fields"]["level"][0]
    links = client.put(
        url,
        {"level": "3", "links": [{"kind": "quick_win", "ref": "00000000-0000-0000-0000-000000000000"}]},
        content_type="application/json",
    )
    assert links.status_code == 400 and "links" in links.json()["error"]["fields"]
    assert client.get(base(sr) + "answers/NOPE-1-1/").status_code == 404
    assert not SelfAnswer.objects.exists()
    sr.round.phase = "document_review"
    sr.round.save()
    closed = client.put(url, {"level": "3"}, content_type="application/json")
    assert (
        closed.status_code == 400
        and "Document review" in closed.json()["error"]["fields"]["non_field_errors"][0]
    )


def test_who_may_read_and_write(world):
    sr = self_round(world)
    q = sr.question("OUTPUT")
    url = base(sr) + f"answers/{q.key}/"
    assert world.client_for("anonymous").get(url).status_code == 401
    assert world.client_for("coordinator_b").get(url).status_code == 404
    assert world.client_for("assessor").get(url).status_code == 404
    assert world.client_for("officer_a").get(url).status_code == 200
    refused = world.client_for("officer_a").put(url, {"level": "3"}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    pokja(world, "GOV")
    outcome = base(sr) + f"answers/{sr.question('OUTCOME').key}/"
    assert (
        world.client_for("officer_a")
        .put(outcome, {"level": "3"}, content_type="application/json")
        .status_code
        == 200
    )


def test_evidence_is_posted_through_the_one_file_check(world):
    sr = self_round(world)
    q = sr.question("BASELINE")
    url = base(sr) + f"answers/{q.key}/evidence/"
    client = english(world.client_for("coordinator_a"))
    created = client.post(url, {"file": upload("Perbup.pdf")})
    assert created.status_code == 201
    assert created.json()["name"] == "Perbup.pdf" and created.json()["url"].endswith(
        f"/bukti/{created.json()['uid']}/"
    )
    refused = client.post(url, {"file": upload("Perbup.pdf", SVG)})
    assert refused.status_code == 400 and "SVG" in refused.json()["error"]["fields"]["file"][0]
    assert SelfEvidence.objects.count() == 1
    assert client.get(base(sr) + f"answers/{q.key}/").json()["evidence"][0]["name"] == "Perbup.pdf"


def test_submit_lists_the_missing_then_freezes_and_versions_are_read(world):
    sr = self_round(world)
    answer_all(world, sr, skip=1)
    client = english(world.client_for("coordinator_a"))
    refused = client.post(base(sr) + "submit/", {}, content_type="application/json")
    assert refused.status_code == 400
    assert "QUICK_WIN 5.1.2" in refused.json()["error"]["fields"]["non_field_errors"][0]
    last = sr.questions()[-1]
    client.put(base(sr) + f"answers/{last.key}/", {"level": "2"}, content_type="application/json")
    assert (
        world.client_for("officer_a")
        .post(base(sr) + "submit/", {}, content_type="application/json")
        .status_code
        == 403
    )
    created = client.post(base(sr) + "submit/", {}, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["number"] == 1 and "files" not in body["content"]
    assert len(body["content"]["answers"]) == 10
    assert client.get(base(sr) + "versions/").json()[0]["number"] == 1
    detail = client.get(base(sr) + "versions/1/").json()
    assert detail["content"]["answers"][-1]["level"] == "2"
    assert client.get(base(sr) + "versions/2/").status_code == 404
    assert client.get(base(sr)).json()["status"] == "submitted"
    assert SelfAssessmentVersion.objects.count() == 1
