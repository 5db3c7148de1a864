"""A whole evaluation round in a real browser, in Indonesian, as its users live it.

1. A round in its self-assessment phase holds one demo region (Kabupaten Sumbawa) on the small
   test method (one question per dimension, ``tests/evaluation_data.method_make``), with two
   assessors assigned (built through the services, once per server). Its coordinator answers
   every question with a level (a survey mean for the survey question) and a justification,
   uploads a PDF as evidence and submits.
2. The ministry moves the round to document review on the set-up page. Each assessor opens
   "Penilaian saya", declares no conflict, sees the submitted self-assessment beside each
   question, scores every question (they differ by 2 on one) and submits.
3. The ministry moves the round on to the panel, finds the region on the assessment board with
   "2/2" assessors and one flag, sets the flagged question's score with a reason on the panel
   page, computes the index from the round's page and publishes it there.
4. The coordinator opens the report card, follows its result-letter link and finds in the PDF
   (``pdftotext``) the Indeks Pencapaian computed here by hand and the rank "1 dari 1".
"""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.evaluation_data import KAWASAN, REGULAR

from .conftest import DEMO_PASSWORD, login, run_command

ROOT = Path(__file__).resolve().parents[2]
ROUND = "uji-perjalanan"
METHOD = "uji-perjalanan"
REGION = "52.04"
COORDINATOR = "koordinator.sumbawa"
ASSESSORS = {"asesor": "ASR-001", "asesor.itb": "ASR-002"}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# Each dimension's one question: the region's proposal, then each assessor's level. The two
# assessors differ by 2 on OUTPUT (the method's threshold): the panel settles it at PANEL_SCORE.
PROPOSED = {
    "BASELINE": "3",
    "OUTPUT": "3",
    "OUTCOME": "4",
    "IMPACT": "3.5",
    "QUICK_WIN": "3",
    "KOLABORASI": "2",
}
LEVELS = {
    "asesor": {
        "BASELINE": "3",
        "OUTPUT": "2",
        "OUTCOME": "4",
        "IMPACT": "3.5",
        "QUICK_WIN": "3",
        "KOLABORASI": "2",
    },
    "asesor.itb": {
        "BASELINE": "3",
        "OUTPUT": "4",
        "OUTCOME": "4",
        "IMPACT": "3.5",
        "QUICK_WIN": "2",
        "KOLABORASI": "2",
    },
}
FLAGGED = "OUTPUT"
PANEL_SCORE = "3"

SEED = f"""
import json, sys
sys.path.insert(0, {str(ROOT)!r})
from kotacerdas.accounts.models import User
from kotacerdas.evaluation.assessors import assignment_override
from kotacerdas.evaluation.models import Assessor, MethodVersion, Round, RoundRegion
from kotacerdas.evaluation.round_setup import Scope, round_phase_advance, round_setup_create
from kotacerdas.evaluation.self_selectors import group_questions
from kotacerdas.regions.models import Region
from tests.evaluation_data import method_make

admin = User.objects.get(username="admin")
region = Region.objects.get(code={REGION!r})
if not Round.objects.filter(code={ROUND!r}).exists():
    method = MethodVersion.objects.filter(code={METHOD!r}).first() or method_make(code={METHOD!r}, questions=1)
    round_ = round_setup_create(
        actor=admin, code={ROUND!r}, year=2026, stage="1", method=method,
        scope=Scope(regions=[region]), name="Evaluasi uji perjalanan 2026",
    )
    round_phase_advance(actor=admin, round_=round_, current="draft")
    entry = RoundRegion.objects.get(round=round_, region=region)
    for code in {sorted(ASSESSORS.values())!r}:
        assignment_override(
            actor=admin, entry=entry, add=Assessor.objects.get(code=code), reason="Uji perjalanan evaluasi"
        )
second = User.objects.get(username="asesor.itb")
second.set_password({DEMO_PASSWORD!r})
second.save(update_fields=["password"])
entry = RoundRegion.objects.select_related("group", "round").get(round__code={ROUND!r}, region=region)
questions = group_questions(entry)
print(json.dumps({{
    "phase": entry.round.phase,
    "group": entry.group.code,
    "questions": {{q.dimension.code: [q.pk, q.answer] for q in questions}},
}}))
"""


@pytest.fixture(scope="module")
def journey(live_app):
    return json.loads(run_command(live_app, "shell", "-c", SEED).strip().splitlines()[-1])


def _expected_index(group: str) -> Decimal:
    """Σ weight × question score / 100: the mean of the two assessors' levels, the panel's score
    in place of the flagged question's; rounded to the method's two decimals."""
    weights = REGULAR if group == "regular" else KAWASAN
    total = Decimal(0)
    for dimension, weight in weights.items():
        if dimension == FLAGGED:
            score = Decimal(PANEL_SCORE)
        else:
            score = sum(Decimal(LEVELS[u][dimension]) for u in LEVELS) / len(LEVELS)
        total += Decimal(weight) * score
    return (total / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _advance(page, base: str, phase_label: str) -> None:
    """The ministry moves the round one phase on from its set-up page."""
    page.goto(f"{base}/evaluasi/{ROUND}/pengaturan/")
    page.click("a[data-advance-link]")
    page.check("form[data-advance] input[name=confirm]")
    page.click("form[data-advance] button[type=submit]")
    page.wait_for_url(f"**/evaluasi/{ROUND}/pengaturan/")
    expect(page.locator("b[data-phase]")).to_have_text(phase_label)


def _self_assess(page, base: str, questions: dict) -> None:
    login(page, base, COORDINATOR)
    page.goto(f"{base}/evaluasi/{ROUND}/{REGION}/mandiri/")
    expect(page.locator("#kirim")).to_contain_text(f"{len(questions)} pertanyaan belum memiliki level")
    for dimension, (pk, _answer) in questions.items():
        card = page.locator(f"#q-{pk}")
        level = card.locator("[name$=level]")
        if level.evaluate("e => e.tagName") == "SELECT":
            level.select_option(PROPOSED[dimension])
        else:
            level.fill(PROPOSED[dimension])
        card.locator("[name$=justification]").fill(f"Bukti {dimension.lower()} terlampir")
        card.locator("form.answer-form button[type=submit]").click()
        expect(page.locator(f"#q-{pk} .saved")).to_have_text("Tersimpan")
        expect(page.locator(f"#q-{pk}")).to_have_class("question answered")
    first = page.locator(f"#q-{questions['BASELINE'][0]}")
    first.locator("input[type=file]").set_input_files(
        {"name": "sk-tim-smart-city.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    first.locator("form.evidence-form button[type=submit]").click()
    expect(page.locator(f"#q-{questions['BASELINE'][0]} .evidence-names")).to_contain_text(
        "sk-tim-smart-city.pdf"
    )
    page.reload()
    expect(page.locator("#kirim")).to_contain_text("Setiap pertanyaan sudah memiliki level.")
    page.click("#kirim form button[type=submit]")
    page.wait_for_url(f"**/evaluasi/{ROUND}/{REGION}/mandiri/v1/")  # the frozen version
    expect(page.locator(".messages")).to_contain_text("Diajukan sebagai versi 1")
    expect(page.locator("h1")).to_contain_text("versi 1")
    expect(page.locator("main")).to_contain_text("sk-tim-smart-city.pdf")
    page.context.clear_cookies()


def _score(page, base: str, username: str, questions: dict) -> None:
    login(page, base, username)
    page.goto(f"{base}/evaluasi/penilaian-saya/")
    expect(page.locator("h1")).to_have_text("Penilaian saya")
    page.click(f'a[href$="/{ROUND}/{REGION}/"]')
    page.click(f'form[action$="/{ROUND}/{REGION}/tidak-ada-konflik/"] button')
    page.wait_for_load_state()
    page.click(f'a[href$="/{ROUND}/{REGION}/nilai/"]')
    for dimension, (pk, _answer) in questions.items():
        page.goto(f"{base}/evaluasi/penilaian-saya/{ROUND}/{REGION}/nilai/?dimensi={dimension}")
        card = page.locator(f"#q-{pk}")
        # the region's submitted answer, beside the question
        expect(card.locator(".self-answer")).to_contain_text(f"Bukti {dimension.lower()} terlampir")
        if dimension == "BASELINE":
            expect(card.locator(".self-answer")).to_contain_text("sk-tim-smart-city.pdf")
        level = card.locator("[name$=level]")
        if level.evaluate("e => e.tagName") == "SELECT":
            level.select_option(LEVELS[username][dimension])
        else:
            level.fill(LEVELS[username][dimension])
        card.locator("form.score-form button[type=submit]").click()
        expect(page.locator(f"#q-{pk} .saved")).to_be_visible()
        expect(page.locator(f"#q-{pk}")).to_have_class("question answered")
    page.reload()
    submit = page.locator("#kirim")
    submit.locator("input[type=checkbox]").check()
    submit.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".messages .msg-success")).to_have_count(1)
    expect(page.locator("form.score-form")).to_have_count(0)  # read-only once submitted
    page.context.clear_cookies()


def test_a_round_from_self_assessment_to_the_result_letter(page, live_app, journey):
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed"
    assert journey["phase"] == "self_assessment", "the journey runs once per server"
    questions = journey["questions"]
    assert set(questions) == set(REGULAR if journey["group"] == "regular" else KAWASAN)

    # 1. the coordinator's self-assessment
    _self_assess(page, live_app, questions)

    # 2. document review: two assessors score and submit
    login(page, live_app, "admin")
    _advance(page, live_app, "Penelaahan dokumen")
    page.context.clear_cookies()
    for username in ASSESSORS:
        _score(page, live_app, username, questions)

    # 3. the panel: the board, the flag settled, the index computed and published
    login(page, live_app, "admin")
    _advance(page, live_app, "Wawancara / tinjauan lapangan")
    _advance(page, live_app, "Panel")
    page.goto(f"{live_app}/evaluasi/{ROUND}/papan/")
    row = page.locator(f'tr[data-region="{REGION}"]')
    expect(row.locator("[data-assessors]")).to_have_text("2/2")
    expect(row.locator("[data-scored]")).to_have_text(f"{len(questions)}/{len(questions)}")
    expect(row.locator("[data-flags]")).to_have_attribute("data-flags", "1")
    row.locator("a").first.click()
    page.wait_for_url(f"**/evaluasi/{ROUND}/{REGION}/panel/")
    flagged = page.locator("#panel tr[data-flagged]")
    expect(flagged).to_have_count(1)
    key = flagged.get_attribute("data-question")
    assert key.startswith(f"{FLAGGED}-")
    expect(flagged.locator("[data-spread]")).to_have_text("2")
    expect(flagged.locator("[data-combined]")).to_have_text("3")
    flagged.locator("input[name=score]").fill(PANEL_SCORE)
    flagged.locator("textarea[name=reason]").fill("Dokumen keluaran diverifikasi panel")
    flagged.locator("button[data-set]").click()
    page.wait_for_url(f"**/panel/#q-{key}")
    expect(page.locator(f'tr[data-question="{key}"] [data-decision]')).to_contain_text(
        "Dokumen keluaran diverifikasi panel"
    )
    page.goto(f"{live_app}/evaluasi/{ROUND}/")
    page.click(f'form[action$="/{ROUND}/hitung/"] button[type=submit]')
    page.wait_for_url(f"**/evaluasi/{ROUND}/")
    expect(page.locator(".messages")).to_contain_text("Indeks telah dihitung: perhitungan #1, 1 daerah.")
    page.once("dialog", lambda dialog: dialog.accept())  # "Umumkan putaran evaluasi ini?"
    page.click("button[data-publish]")
    page.wait_for_url(f"**/evaluasi/{ROUND}/")
    expect(page.locator(".messages")).to_contain_text("telah diumumkan")
    page.context.clear_cookies()

    # 4. the coordinator's report card and result letter
    expected = f"{_expected_index(journey['group'])}".replace(".", ",")
    login(page, live_app, COORDINATOR)
    page.goto(f"{live_app}/evaluasi/{ROUND}/{REGION}/")
    expect(page.locator('[data-stat="index"] b')).to_have_text(expected)
    expect(page.locator('[data-stat="rank"] b')).to_have_text("1 dari 1")
    link = page.locator("a[data-letter]")
    expect(link).to_have_text("Surat hasil (PDF)")
    with page.expect_download() as download_info:
        link.click()
    path = download_info.value.path()
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Indeks Pencapaian" in text
    assert expected in text
    assert "1 dari 1" in text
