"""Scoring: an assessor's scoring page, a row's save and the submission of an assigned region
(only its assessor, declared free of conflict: 404 for everyone else, the ministry included),
and the ministry's reopening of a submission (``evaluation.manage``: 403 for other roles)."""

from __future__ import annotations

import json
from typing import Any

from .cases import LOGIN, Case, expect

OWN = expect(404, assessor=200, anonymous=LOGIN)
OWN_POST = expect(404, assessor=302, anonymous=LOGIN)
MINISTRY_GET = expect(403, ministry_admin=200, anonymous=LOGIN)
MINISTRY_POST = expect(403, ministry_admin=302, anonymous=LOGIN)
BASE = "/evaluasi/penilaian-saya/2024-2/52.04/"


def _scoring(w: Any) -> None:
    from ..evaluation_scoring_data import scoring_round, self_version

    w.scoring = scoring_round(w)
    self_version(w.scoring)


def _complete(w: Any) -> None:
    from ..evaluation_scoring_data import score_all

    _scoring(w)
    score_all(w.scoring)


def _submitted(w: Any) -> None:
    from kotacerdas.evaluation.scoring_entry import assignment_submit

    _complete(w)
    assignment_submit(actor=w.users["assessor"], assignment=w.scoring.assignment)


def _row(w: Any) -> str:
    return f"{BASE}nilai/{w.scoring.question('OUTPUT').key}/"


def _row_data(w: Any) -> dict[str, Any]:
    q = w.scoring.question("OUTPUT")
    return {f"q{q.pk}-level": "3", f"q{q.pk}-note": "SK ada", f"q{q.pk}-row_version": "0"}


CASES = [
    Case("evaluation:assessor_scoring", lambda w: f"{BASE}nilai/", OWN, setup=_scoring),
    Case(
        "evaluation:assessor_scoring",
        lambda w: "/evaluasi/penilaian-saya/2024-2/51.08/nilai/",
        expect(404, anonymous=LOGIN),
        setup=_scoring,
        id="GET assessor_scoring (a region not assigned)",
    ),
    Case("evaluation:assessor_scoring_save", _row, OWN_POST, method="post", data=_row_data, setup=_scoring),
    Case(
        "evaluation:assessor_scoring_submit",
        lambda w: f"{BASE}kirim/",
        OWN_POST,
        method="post",
        data=lambda w: {"confirm": "on"},
        setup=_complete,
    ),
    Case(
        "evaluation:assessor_scoring_reopen",
        lambda w: "/evaluasi/2024-2/penugasan/52.04/ASR-001/buka-kembali/",
        MINISTRY_GET,
        setup=_submitted,
    ),
    Case(
        "evaluation:assessor_scoring_reopen",
        lambda w: "/evaluasi/2024-2/penugasan/52.04/ASR-001/buka-kembali/",
        MINISTRY_POST,
        method="post",
        data=lambda w: {"reason": "Nilai keliru"},
        setup=_submitted,
    ),
]

API = "/api/v1/evaluation/assignments/mine/2024-2/52.04"
API_OWN = expect(404, assessor=200, anonymous=401)


def _api_row(w: Any) -> str:
    return f"{API}/scores/{w.scoring.question('OUTPUT').key}/"


CASES += [
    Case("api:evaluation-score-list", lambda w: f"{API}/scores/", API_OWN, setup=_scoring),
    Case(
        "api:evaluation-score-detail",
        _api_row,
        API_OWN,
        method="put",
        data=lambda w: json.dumps({"level": "3", "note": "SK ada", "row_version": 0}),
        content_type="application/json",
        setup=_scoring,
    ),
    Case(
        "api:evaluation-score-detail",
        _api_row,
        API_OWN,
        method="patch",
        data=lambda w: json.dumps({"level": "2"}),
        content_type="application/json",
        setup=_scoring,
    ),
    Case("api:evaluation-score-submit", lambda w: f"{API}/submit/", API_OWN, method="post", setup=_complete),
]

IMPORT = "/evaluasi/2024-2/nilai/impor/"


def _import_file(w: Any) -> dict[str, Any]:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Region", "Assessor", "Question", "Level", "Note"])
    ws.append(["52.04", "ASR-001", w.scoring.question("OUTPUT").key, 3, ""])
    out = io.BytesIO()
    wb.save(out)
    return {"file": SimpleUploadedFile("nilai.xlsx", out.getvalue())}


# The preview belongs to the uploader's session: another session of the ministry gets 404.
PREVIEW = expect(403, ministry_admin=404, anonymous=LOGIN)

CASES += [
    Case("evaluation:scores_upload", lambda w: IMPORT, MINISTRY_GET, setup=_scoring),
    Case(
        "evaluation:scores_upload",
        lambda w: IMPORT,
        MINISTRY_POST,
        method="post",
        data=_import_file,
        setup=_scoring,
    ),
    Case("evaluation:scores_template", lambda w: f"{IMPORT}templat/", MINISTRY_GET, setup=_scoring),
    Case("evaluation:scores_import_preview", lambda w: f"{IMPORT}{'0' * 32}/", PREVIEW, setup=_scoring),
    Case(
        "evaluation:scores_import_preview",
        lambda w: f"{IMPORT}{'0' * 32}/",
        PREVIEW,
        method="post",
        setup=_scoring,
    ),
]
