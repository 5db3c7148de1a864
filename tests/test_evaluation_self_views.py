"""The self-assessment pages: the page for each reader, a question saved in place (HTMX) or by a
plain POST, refusals and conflicts (409 with the other writer's values), evidence and documents
through the one file check, surveys, submission and the read-only version, pinned query counts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kotacerdas.evaluation import self_assessment as services
from kotacerdas.evaluation import self_surveys as surveys
from kotacerdas.evaluation.models import (
    DocumentCheck,
    SelfAnswer,
    SelfAssessmentVersion,
    SelfEvidence,
    SurveySummary,
)
from kotacerdas.programme.models import Dimension

from .evaluation_self_data import SVG, answer_all, pokja, self_round, upload
from .test_files import xlsx_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.evaluation_self_urls")]
HTMX = {"HTTP_HX_REQUEST": "true"}


def page_url(sr, region: str = "52.04") -> str:
    return reverse("evaluation:self_page", args=[sr.round.code, region])


def answer_url(sr, q) -> str:
    return reverse("evaluation:self_answer", args=[sr.round.code, "52.04", q.key])


def answer_post(q, level="3", justification="", row_version=0, links=()) -> dict:
    prefix = f"q{q.pk}-"
    data = {
        f"{prefix}level": level,
        f"{prefix}justification": justification,
        f"{prefix}row_version": row_version,
    }
    if links:
        data[f"{prefix}links"] = list(links)
    return data


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


# ---------------------------------------------------------------- the page


def test_the_coordinator_sees_every_question_by_dimension_and_indicator_with_a_form(world):
    sr = self_round(world)
    response = english(world.client_for("coordinator_a")).get(page_url(sr))
    assert response.status_code == 200
    body = response.content.decode()
    for q in sr.questions():
        assert f'id="q-{q.pk}"' in body and answer_url(sr, q) in body
    assert "Questions answered: 0 of 10" in body
    assert "Indikator BASELINE" in body
    assert "Master plan and its Perbup" in body and "Submit to the ministry" in body
    assert "Nothing submitted yet." in body
    assert "10 questions have no level yet" in body


def test_a_pokja_officer_gets_forms_only_for_their_dimensions_questions(world):
    sr = self_round(world)
    pokja(world, "GOV")
    body = english(world.client_for("officer_a")).get(page_url(sr)).content.decode()
    gov = [q for q in sr.questions() if q.smart_dimension and q.smart_dimension.code == "GOV"]
    others = [q for q in sr.questions() if q not in gov]
    assert gov and all(answer_url(sr, q) in body for q in gov)
    assert not any(answer_url(sr, q) in body for q in others)
    assert "your pokja" in body and "Submit to the ministry" not in body


def test_after_the_phase_the_page_is_read_only_and_says_why(world):
    sr = self_round(world, phase="document_review")
    body = english(world.client_for("coordinator_a")).get(page_url(sr)).content.decode()
    assert "is in its Document review phase" in body
    assert not any(answer_url(sr, q) in body for q in sr.questions())
    assert "Submit to the ministry" not in body


def test_the_ministry_reads_a_draft_round_the_region_does_not(world):
    sr = self_round(world, phase="draft")
    assert world.client_for("ministry_admin").get(page_url(sr)).status_code == 200
    assert world.client_for("coordinator_a").get(page_url(sr)).status_code == 404


# ---------------------------------------------------------------- saving a question


def test_a_question_saved_in_place_returns_its_card_and_the_progress(world):
    sr = self_round(world)
    q = sr.question("BASELINE")
    client = english(world.client_for("coordinator_a"))
    response = client.post(answer_url(sr, q), answer_post(q, "3", "Perbup ada"), **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith(f'\n<article id="q-{q.pk}"') or f'<article id="q-{q.pk}"' in body[:200]
    assert "Saved" in body and 'hx-swap-oob="true"' in body and "Questions answered: 1 of 10" in body
    assert "<html" not in body
    answer = SelfAnswer.objects.get()
    assert (answer.level, answer.justification) == (3, "Perbup ada")


def test_a_plain_post_is_redirected_to_the_question(world):
    sr = self_round(world)
    q = sr.question("OUTPUT")
    response = world.client_for("coordinator_a").post(answer_url(sr, q), answer_post(q, "2"))
    assert response.status_code == 302 and response["Location"] == f"{page_url(sr)}#q-{q.pk}"
    assert SelfAnswer.objects.get().level == 2


def test_a_refused_answer_shows_the_reason_beside_the_field(world):
    sr = self_round(world)
    q = sr.question("IMPACT")
    client = english(world.client_for("coordinator_a"))
    response = client.post(answer_url(sr, q), answer_post(q, "9"), **HTMX)
    assert response.status_code == 400
    assert "A survey mean lies between 0 and 4; 9 does not." in response.content.decode()
    assert not SelfAnswer.objects.exists()
    response = client.post(answer_url(sr, q), answer_post(q, "9"))  # without HTMX: the page
    assert response.status_code == 400 and "<html" in response.content.decode()


def test_a_conflict_shows_the_other_writers_values_with_409(world):
    sr = self_round(world)
    pokja(world, "GOV")
    q = sr.question("OUTCOME")
    officer = english(world.client_for("officer_a"))
    coordinator = english(world.client_for("coordinator_a"))
    assert officer.post(answer_url(sr, q), answer_post(q, "2", "Versi pokja"), **HTMX).status_code == 200
    response = coordinator.post(answer_url(sr, q), answer_post(q, "4", "Versi koordinator"), **HTMX)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed this" in body and "Versi pokja" in body
    assert "Versi koordinator" in body  # the coordinator's values are kept in the form
    assert f'name="q{q.pk}-row_version" value="1"' in body
    assert SelfAnswer.objects.get().justification == "Versi pokja"
    # saving again with the version shown overwrites knowingly
    again = coordinator.post(
        answer_url(sr, q), answer_post(q, "4", "Versi koordinator", row_version=1), **HTMX
    )
    assert again.status_code == 200 and SelfAnswer.objects.get().level == 4


def test_an_officer_cannot_save_another_dimensions_question(world):
    sr = self_round(world)
    pokja(world, "GOV")
    q = sr.question("BASELINE")
    response = world.client_for("officer_a").post(answer_url(sr, q), answer_post(q, "3"))
    assert response.status_code == 403
    assert not SelfAnswer.objects.exists()


def test_links_are_picked_from_the_regions_items(world):
    from .monitoring_data import ratified_small_plan

    plan = ratified_small_plan(world)
    sr = self_round(world)
    q = sr.question("OUTCOME")
    client = world.client_for("coordinator_a")
    body = client.get(page_url(sr)).content.decode()
    value = f"quick_win:{plan.quick_win.uid}"
    assert f'value="{value}"' in body and "QW-GOV SiLAMO" in body
    response = client.post(answer_url(sr, q), answer_post(q, "3", links=[value]), **HTMX)
    assert response.status_code == 200
    assert SelfAnswer.objects.get().links == [
        {"kind": "quick_win", "ref": str(plan.quick_win.uid), "label": "QW-GOV SiLAMO"}
    ]


# ---------------------------------------------------------------- evidence and documents


def test_evidence_is_uploaded_in_place_downloaded_by_readers_and_refused_when_not_a_real_file(world):
    sr = self_round(world)
    q = sr.question("BASELINE")
    client = english(world.client_for("coordinator_a"))
    url = reverse("evaluation:self_evidence_add", args=[sr.round.code, "52.04", q.key])
    response = client.post(url, {"file": upload("Perbup 7.pdf")}, **HTMX)
    assert response.status_code == 200 and "Perbup 7.pdf" in response.content.decode()
    evidence = SelfEvidence.objects.get()
    download = reverse("evaluation:self_evidence", args=[sr.round.code, "52.04", evidence.uid])
    got = client.get(download)
    assert got.status_code == 200 and got["X-Content-Type-Options"] == "nosniff"
    assert got["Content-Type"] == "application/pdf" and "attachment" in got["Content-Disposition"]
    assert world.client_for("coordinator_b").get(download).status_code == 404
    refused = client.post(url, {"file": upload("peta.svg", SVG)}, **HTMX)
    assert refused.status_code == 400 and "SVG" in refused.content.decode()
    assert SelfEvidence.objects.count() == 1
    remove = reverse("evaluation:self_evidence_remove", args=[sr.round.code, "52.04", evidence.uid])
    assert client.post(remove, **HTMX).status_code == 200
    assert not SelfEvidence.objects.exists()


def test_documents_are_uploaded_downloaded_and_filled_again(world):
    sr = self_round(world)
    client = english(world.client_for("coordinator_a"))
    url = reverse("evaluation:self_document_upload", args=[sr.round.code, "52.04", "risk_management"])
    response = client.post(url, {"file": upload("Risiko.pdf"), "note": "Register risiko", "row_version": ""})
    assert response.status_code == 302
    row = DocumentCheck.objects.get(kind="risk_management")
    assert (row.present, row.name, row.note) == (True, "Risiko.pdf", "Register risiko")
    file_url = reverse("evaluation:self_document_file", args=[sr.round.code, "52.04", "risk_management"])
    assert client.get(file_url).status_code == 200
    assert world.client_for("officer_a").get(file_url).status_code == 200  # a reader of the region
    refused = client.post(url, {"file": upload("Risiko.pdf", SVG), "row_version": row.row_version})
    assert refused.status_code == 400 and "Risiko.pdf" in refused.content.decode()
    refresh = reverse("evaluation:self_documents_refresh", args=[sr.round.code, "52.04"])
    assert client.post(refresh).status_code == 302
    remove = reverse("evaluation:self_document_remove", args=[sr.round.code, "52.04", "risk_management"])
    assert client.post(remove, {"row_version": row.row_version}).status_code == 302
    assert not DocumentCheck.objects.get(kind="risk_management").present


# ---------------------------------------------------------------- surveys


def test_a_survey_is_entered_on_its_page_and_few_respondents_are_warned_about(world):
    sr = self_round(world)
    client = english(world.client_for("coordinator_a"))
    url = reverse("evaluation:self_survey", args=[sr.round.code, "52.04", "ECO"])
    form = client.get(url)
    assert form.status_code == 200 and "Enter the survey" in form.content.decode()
    questions = [q for q in sr.questions() if q.answer == "survey"]
    data = {
        "service": "Pasar daring",
        "respondents": 30,
        "quick_win": "",
        "row_version": 0,
        "file": upload("survei.xlsx", xlsx_bytes()),
        **{f"rating_{q.pk}": "3.5" for q in questions},
    }
    bad = client.post(
        url, {**data, f"rating_{questions[0].pk}": "7", "file": upload("survei.xlsx", xlsx_bytes())}
    )
    assert bad.status_code == 400 and questions[0].key in bad.content.decode()
    assert client.post(url, data).status_code == 302
    survey = SurveySummary.objects.get()
    assert survey.respondents == 30
    body = client.get(url).content.decode()
    assert "Fewer than 50 people answered" in body and "survei.xlsx" in body
    assert "&lt; 50" in client.get(page_url(sr)).content.decode()
    file_url = reverse("evaluation:self_survey_file", args=[sr.round.code, "52.04", "ECO"])
    assert client.get(file_url).status_code == 200
    assert (
        client.get(reverse("evaluation:self_survey", args=[sr.round.code, "52.04", "GOV"])).status_code == 404
    )


def test_a_survey_of_another_pokja_is_read_only(world):
    sr = self_round(world)
    pokja(world, "GOV")
    client = english(world.client_for("officer_a"))
    url = reverse("evaluation:self_survey", args=[sr.round.code, "52.04", "ECO"])
    body = client.get(url).content.decode()
    assert "This survey has not been entered yet." in body and '<form method="post" enctype' not in body
    assert client.post(url, {"service": "x", "respondents": 50}).status_code == 403


# ---------------------------------------------------------------- submission and versions


def test_submitting_lists_whats_missing_then_freezes_a_version_to_read(world):
    sr = self_round(world)
    answer_all(world, sr, skip=1)
    client = english(world.client_for("coordinator_a"))
    submit = reverse("evaluation:self_submit", args=[sr.round.code, "52.04"])
    refused = client.post(submit)
    assert (
        refused.status_code == 400 and "1 still without a level: QUICK_WIN 5.1.2" in refused.content.decode()
    )
    last = sr.questions()[-1]
    services.answer_save(
        actor=world.users["coordinator_a"], self_assessment=sr.start(world), question=last, level="4"
    )
    evidence = services.evidence_add(
        actor=world.users["coordinator_a"],
        self_assessment=sr.start(world),
        question=last,
        upload=upload("QW.pdf"),
    )
    response = client.post(submit)
    version_url = reverse("evaluation:self_version", args=[sr.round.code, "52.04", 1])
    assert response.status_code == 302 and response["Location"] == version_url
    body = client.get(version_url).content.decode()
    assert "This is exactly what was submitted" in body and "Bukti untuk 1.1.1" in body
    file_url = reverse("evaluation:self_version_file", args=[sr.round.code, "52.04", 1, str(evidence.uid)])
    assert file_url in body
    services.evidence_remove(actor=world.users["coordinator_a"], evidence=evidence)
    got = client.get(file_url)  # the version still serves the file it holds
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("evaluation:self_version", args=[sr.round.code, "52.04", 2])).status_code == 404
    assert world.client_for("coordinator_b").get(version_url).status_code == 404
    assert world.client_for("assessor").get(version_url).status_code == 404  # not assigned
    assert SelfAssessmentVersion.objects.count() == 1


# ---------------------------------------------------------------- query counts


PAGE_QUERIES = 19  # session, user, entry, memberships, the self-assessment and its 5 parts, the phase, the links picker (5), versions, the nav, the bell


@pytest.mark.parametrize("questions", [2, 8])  # 10 and 40 questions in the regular group
def test_the_page_reads_a_fixed_number_of_queries(world, django_assert_num_queries, questions):
    from .monitoring_data import ratified_small_plan

    ratified_small_plan(world)
    sr = self_round(world, questions=questions)
    sa = answer_all(world, sr)
    for q in sr.questions()[:3]:
        services.evidence_add(
            actor=world.users["coordinator_a"], self_assessment=sa, question=q, upload=upload()
        )
    surveys.survey_save(
        actor=world.users["coordinator_a"],
        self_assessment=sa,
        smart_dimension=Dimension.objects.get(code="ECO"),
        service="Pasar daring",
        respondents=50,
        ratings={q.key: "3" for q in sr.questions() if q.answer == "survey"},
        file=upload(),
    )
    services.self_assessment_submit(actor=world.users["coordinator_a"], self_assessment=sa)
    assert len(sr.questions()) == 5 * questions
    client = world.client_for("coordinator_a")
    client.get(page_url(sr))  # the session and the site's caches are warm
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(page_url(sr))
    assert response.status_code == 200
