"""Permission-matrix cases of the self-assessment pages and API (every URL, every role).

The self-assessment's URLs are wired by the project's URL modules at integration; until then
``test_evaluation_self_matrix.py`` runs these cases under ``tests.evaluation_self_urls``.
"""

from __future__ import annotations

from typing import Any

from kotacerdas.evaluation import self_assessment as services
from kotacerdas.evaluation import self_surveys as surveys
from kotacerdas.evaluation.models import SelfAnswer, SelfEvidence
from kotacerdas.programme.models import Dimension

from .evaluation_self_data import answer_all, self_round, upload
from .matrix.cases import LOGIN, Case, expect


def _setup(w: Any) -> None:
    """Region A's self-assessment with an evidence file, a document, a survey, version 1 submitted
    and a change since (a draft again, so that a submission is possible)."""
    sr = self_round(w)
    sa = answer_all(w, sr)
    coordinator = w.users["coordinator_a"]
    baseline = sr.question("BASELINE")
    services.evidence_add(
        actor=coordinator, self_assessment=sa, question=baseline, upload=upload("Perbup.pdf")
    )
    services.document_upload(actor=coordinator, self_assessment=sa, kind="budget", upload=upload("DPA.pdf"))
    surveys.survey_save(
        actor=coordinator,
        self_assessment=sa,
        smart_dimension=Dimension.objects.get(code="ECO"),
        service="Pasar daring",
        respondents=50,
        ratings={q.key: "3" for q in sr.questions() if q.answer == "survey"},
        file=upload("Survei.pdf"),
    )
    services.self_assessment_submit(actor=coordinator, self_assessment=sa)
    services.answer_save(actor=coordinator, self_assessment=sa, question=baseline, level="4")
    w.self_round = sr
    w.self_question = baseline
    w.self_evidence = SelfEvidence.objects.get()


def page(w: Any, tail: str = "") -> str:
    return f"/evaluasi/{w.self_round.round.code}/52.04/mandiri/{tail}"


def api(w: Any, tail: str = "") -> str:
    return f"/api/v1/evaluation/rounds/{w.self_round.round.code}/regions/52.04/self-assessment/{tail}"


def _answer(w: Any) -> dict[str, Any]:
    q = w.self_question
    version = SelfAnswer.objects.get(question=q).row_version
    return {f"q{q.pk}-level": "2", f"q{q.pk}-justification": "Matriks", f"q{q.pk}-row_version": version}


def _survey(w: Any) -> dict[str, Any]:
    ratings = {f"rating_{q.pk}": "3.5" for q in w.self_round.questions() if q.answer == "survey"}
    return {"service": "Pasar daring", "respondents": 55, "quick_win": "", "row_version": "", **ratings}


# Who reads the region's self-assessment: the ministry, its coordinator, its agency officers.
READ = expect(404, ministry_admin=200, coordinator_a=200, officer_a=200, anonymous=LOGIN)
# A write of the coordinator's (the ministry may too); an officer without a pokja is refused.
WRITE = expect(404, ministry_admin=302, coordinator_a=302, officer_a=403, anonymous=LOGIN)
API_READ = expect(404, ministry_admin=200, coordinator_a=200, officer_a=200, anonymous=401)


def _api_write(ok: int) -> dict[str, int]:
    return expect(404, ministry_admin=ok, coordinator_a=ok, officer_a=403, anonymous=401)


CASES = [
    Case("evaluation:self_page", page, READ, setup=_setup),
    Case(
        "evaluation:self_answer",
        lambda w: page(w, f"jawaban/{w.self_question.key}/"),
        WRITE,
        method="post",
        data=_answer,
        setup=_setup,
    ),
    Case(
        "evaluation:self_evidence_add",
        lambda w: page(w, f"jawaban/{w.self_question.key}/bukti/"),
        WRITE,
        method="post",
        data=lambda w: {"file": upload("Bukti.pdf")},
        setup=_setup,
    ),
    Case("evaluation:self_evidence", lambda w: page(w, f"bukti/{w.self_evidence.uid}/"), READ, setup=_setup),
    Case(
        "evaluation:self_evidence_remove",
        lambda w: page(w, f"bukti/{w.self_evidence.uid}/hapus/"),
        WRITE,
        method="post",
        setup=_setup,
    ),
    Case(
        "evaluation:self_documents_refresh", lambda w: page(w, "dokumen/"), WRITE, method="post", setup=_setup
    ),
    Case(
        "evaluation:self_document_upload",
        lambda w: page(w, "dokumen/risk_management/"),
        WRITE,
        method="post",
        data=lambda w: {"file": upload("Risiko.pdf"), "note": "", "row_version": ""},
        setup=_setup,
    ),
    Case("evaluation:self_document_file", lambda w: page(w, "dokumen/budget/berkas/"), READ, setup=_setup),
    Case(
        "evaluation:self_document_remove",
        lambda w: page(w, "dokumen/budget/hapus/"),
        WRITE,
        method="post",
        setup=_setup,
    ),
    Case("evaluation:self_survey", lambda w: page(w, "survei/ECO/"), READ, setup=_setup),
    Case(
        "evaluation:self_survey",
        lambda w: page(w, "survei/ECO/"),
        WRITE,
        method="post",
        data=_survey,
        setup=_setup,
        id="POST survey",
    ),
    Case("evaluation:self_survey_file", lambda w: page(w, "survei/ECO/berkas/"), READ, setup=_setup),
    Case("evaluation:self_submit", lambda w: page(w, "kirim/"), WRITE, method="post", setup=_setup),
    Case("evaluation:self_version", lambda w: page(w, "v1/"), READ, setup=_setup),
    Case(
        "evaluation:self_version_file",
        lambda w: page(w, f"v1/berkas/{w.self_evidence.uid}/"),
        READ,
        setup=_setup,
    ),
    Case("api:evaluation-self", api, API_READ, setup=_setup),
    Case("api:evaluation-self-answers", lambda w: api(w, "answers/"), API_READ, setup=_setup),
    Case(
        "api:evaluation-self-answer",
        lambda w: api(w, f"answers/{w.self_question.key}/"),
        API_READ,
        setup=_setup,
    ),
    Case(
        "api:evaluation-self-answer",
        lambda w: api(w, f"answers/{w.self_question.key}/"),
        _api_write(200),
        method="put",
        data=lambda w: {"level": "1", "justification": "API"},
        content_type="application/json",
        setup=_setup,
        id="PUT answer",
    ),
    Case(
        "api:evaluation-self-evidence",
        lambda w: api(w, f"answers/{w.self_question.key}/evidence/"),
        _api_write(201),
        method="post",
        data=lambda w: {"file": upload("Bukti.pdf")},
        setup=_setup,
    ),
    Case(
        "api:evaluation-self-submit",
        lambda w: api(w, "submit/"),
        _api_write(201),
        method="post",
        data=lambda w: {},
        content_type="application/json",
        setup=_setup,
    ),
    Case("api:evaluation-self-versions", lambda w: api(w, "versions/"), API_READ, setup=_setup),
    Case("api:evaluation-self-version", lambda w: api(w, "versions/1/"), API_READ, setup=_setup),
]
