"""The scoring pages: an assessor's page of one region (the region's answers beside each
question, one dimension at a time, progress), saving a row by HTMX or a plain POST, refusals and
conflicts, submitting, no peeking on the page, the ministry's reopening, and the page's queries."""

from __future__ import annotations

import pytest
from django.utils import translation

from kotacerdas.evaluation.models import Assignment, Score
from kotacerdas.evaluation.scoring_entry import assignment_submit

from .evaluation_scoring_data import other_assessor, score_all, scoring_round, self_version

pytestmark = pytest.mark.django_db

PAGE = "/evaluasi/penilaian-saya/2024-2/52.04/nilai/"
SUBMIT = "/evaluasi/penilaian-saya/2024-2/52.04/kirim/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def _client(world, role="assessor"):
    client = world.client_for(role)
    client.cookies["django_language"] = "en"
    return client


def _row(q) -> str:
    return f"{PAGE}{q.key}/"


def _data(q, level="3", note="", version=0) -> dict:
    return {f"q{q.pk}-level": level, f"q{q.pk}-note": note, f"q{q.pk}-row_version": str(version)}


def test_the_page_shows_the_regions_answers_beside_one_dimensions_questions(world):
    sr = scoring_round(world)
    self_version(sr)
    q = sr.question("BASELINE")
    q.guidance = "Periksa Perbup masterplan."
    q.descriptors = {"0": "Tidak ada", "4": "Lengkap dan ditetapkan"}
    q.save()
    with translation.override("en"):
        response = _client(world).get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bukti wilayah 1.1.1" in html and "sk-dewan.pdf" in html
    assert "/evaluasi/2024-2/52.04/mandiri/v1/berkas/ev-1/" in html
    assert "Periksa Perbup masterplan." in html and "Lengkap dan ditetapkan" in html
    assert "0 of 10 answered" in html and "Baseline: 0 of 2 answered" in html
    assert "Pertanyaan 1 BASELINE?" in html and "Pertanyaan 1 OUTPUT?" not in html
    output = _client(world).get(PAGE + "?dimensi=OUTPUT").content.decode()
    assert "Pertanyaan 1 OUTPUT?" in output and "Pertanyaan 1 BASELINE?" not in output


def test_the_page_waits_for_the_no_conflict_declaration(world):
    scoring_round(world, declared=False)
    assert _client(world).get(PAGE).status_code == 404


def test_a_row_is_saved_by_htmx_with_the_progress(world):
    sr = scoring_round(world)
    q = sr.question("OUTPUT")
    with translation.override("en"):
        response = _client(world).post(_row(q), _data(q, "4", "SK ada"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="q-{q.pk}"' in html and "Saved" in html
    assert 'hx-swap-oob="true"' in html and "1 of 10 answered" in html
    score = Score.objects.get()
    assert (str(score.level.normalize()), score.note) == ("4", "SK ada")


def test_a_plain_post_is_redirected_to_the_row(world):
    sr = scoring_round(world)
    q = sr.question("OUTPUT")
    response = _client(world).post(_row(q), _data(q))
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?dimensi=OUTPUT#q-{q.pk}"


def test_a_bad_level_shows_the_levels_and_writes_nothing(world):
    sr = scoring_round(world)
    q = sr.question("OUTPUT")
    with translation.override("en"):
        response = _client(world).post(_row(q), _data(q, "7"), **HTMX)
        plain = _client(world).post(_row(q), _data(q, "7"))
    assert response.status_code == 400 and plain.status_code == 400
    assert "7 is not a level of this method: choose one of 0, 1, 2, 3, 4." in response.content.decode()
    assert "7 is not a level of this method" in plain.content.decode()
    assert not Score.objects.exists()


def test_a_stale_row_is_a_conflict_with_the_other_values(world):
    sr = scoring_round(world)
    q = sr.question("OUTPUT")
    client = _client(world)
    client.post(_row(q), _data(q, "3", "pertama"))
    with translation.override("en"):
        response = client.post(_row(q), _data(q, "1", "kedua", version=0), **HTMX)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this data" in html and "pertama" in html
    assert f'name="q{q.pk}-row_version" value="1"' in html
    assert Score.objects.get().note == "pertama"


def test_an_unknown_question_is_404(world):
    scoring_round(world)
    assert _client(world).post(f"{PAGE}TIDAK-ADA/", {}).status_code == 404


def test_submitting_needs_every_answer_and_the_box_ticked(world):
    sr = scoring_round(world)
    score_all(sr, skip=1)
    client = _client(world)
    with translation.override("en"):
        missing = client.post(SUBMIT, {"confirm": "on"})
    assert missing.status_code == 400
    assert "1 question is not answered yet (1 in Quick_Win)" in missing.content.decode()
    Score.objects.create(assignment=sr.assignment, question=sr.questions()[-1], level=3)
    assert client.post(SUBMIT, {}).status_code == 400
    assert Assignment.objects.get().submitted_at is None
    response = client.post(SUBMIT, {"confirm": "on"})
    assert response.status_code == 302
    assert Assignment.objects.get().submitted_at is not None


def test_no_peeking_on_the_page(world):
    sr = scoring_round(world)
    other_assessor(sr, "ASR-002", submitted=True)
    score_all(sr)
    client = _client(world)
    assert "catatan ASR-002" not in client.get(PAGE).content.decode()
    assignment_submit(actor=world.users["assessor"], assignment=sr.assignment)
    with translation.override("en"):
        html = client.get(PAGE).content.decode()
    assert "catatan ASR-002" in html and "You submitted your scores" in html
    assert f'action="{PAGE}' not in html  # no picker any more


def test_the_ministry_reopens_a_submission(world):
    sr = scoring_round(world)
    score_all(sr)
    assignment_submit(actor=world.users["assessor"], assignment=sr.assignment)
    url = "/evaluasi/2024-2/penugasan/52.04/ASR-001/buka-kembali/"
    client = _client(world, "ministry_admin")
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Nilai keliru"})
    assert response.status_code == 302
    assert Assignment.objects.get().submitted_at is None
    assert client.get("/evaluasi/2024-2/penugasan/52.04/ASR-999/buka-kembali/").status_code == 404


PAGE_QUERIES = 9  # session, user, memberships, the assignment, questions, scores, the self-assessment version, the phase, the bell


@pytest.mark.parametrize("questions,others", [(2, 1), (8, 3)])  # 10 and 40 questions
def test_the_page_reads_a_fixed_number_of_queries(world, django_assert_num_queries, questions, others):
    sr = scoring_round(world, questions=questions)
    self_version(sr)
    for n in range(others):
        other_assessor(sr, f"ASR-10{n}", submitted=True)
    score_all(sr)
    assignment_submit(actor=world.users["assessor"], assignment=sr.assignment)
    client = _client(world)
    client.get(PAGE)  # the session and the site's caches are warm
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(PAGE)
    assert response.status_code == 200
    assert response.content.decode().count("ASR-10") >= others * 2
