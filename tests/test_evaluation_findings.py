"""Findings: assessors write theirs while scoring, the panel in the panel phase, the region answers
the published weaknesses and recommendations, and those answers come back in its next round.
Permissions, closed and locked phases, bad input, conflicts; the page, its include and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.models import AuditEvent
from kotacerdas.evaluation.findings import (
    TEXT_MAX,
    finding_add,
    finding_edit,
    finding_remove,
    finding_respond,
)
from kotacerdas.evaluation.letters.selectors import findings_to_follow_up, previous_round
from kotacerdas.evaluation.models import Assessor, Assignment, Finding, Round, RoundPhase

from .evaluation_data import method_make
from .evaluation_letters_data import add_findings, assign_assessor, computed_round, entry_of
from .factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/evaluasi/2024-2/52.04/temuan/"


def _phase(round_: Round, phase: str) -> Round:
    Round.objects.filter(pk=round_.pk).update(phase=phase)
    round_.refresh_from_db()
    return round_


# ---------------------------------------------------------------- assessors while scoring


@pytest.mark.parametrize("phase", ["document_review", "interview"])
def test_an_assessor_writes_findings_for_their_region_while_scoring(world, phase):
    round_ = computed_round(world, phase=phase)
    assignment = assign_assessor(world, round_)
    entry = entry_of(round_, world.region_a)
    first = finding_add(
        actor=world.users["assessor"], entry=entry, kind="weakness", text="  Belum ada SOP.  "
    )
    second = finding_add(
        actor=world.users["assessor"], entry=entry, kind="weakness", text="Data belum terbuka."
    )
    assert (first.assignment_id, first.text, first.position, second.position) == (
        assignment.pk,
        "Belum ada SOP.",
        1,
        2,
    )
    event = AuditEvent.objects.get(object_type="evaluation.finding", object_id=str(first.pk))
    assert event.region_id is None  # not the region's to read before publication
    assert event.changes["assessor"] == [None, "ASR-001"]
    edited = finding_edit(
        actor=world.users["assessor"],
        finding=first,
        kind="recommendation",
        text="Susun SOP.",
        expected_version=1,
    )
    assert (edited.kind, edited.text, edited.row_version) == ("recommendation", "Susun SOP.", 2)
    second_id = second.pk
    finding_remove(actor=world.users["assessor"], finding=second)
    assert not Finding.objects.filter(pk=second_id).exists()
    removed = AuditEvent.objects.get(object_id=str(second_id), action="delete")
    assert removed.changes["text"] == ["Data belum terbuka.", None]


@pytest.mark.parametrize("phase", ["draft", "self_assessment", "panel", "published"])
def test_assessors_cannot_write_outside_the_scoring_phases(world, phase):
    round_ = computed_round(world, phase=phase)
    assign_assessor(world, round_)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        finding_add(
            actor=world.users["assessor"], entry=entry_of(round_, world.region_a), kind="strength", text="x"
        )
    assert "not Document review" in str(exc.value)
    assert not Finding.objects.exists()


def test_a_locked_phase_refuses_with_its_note(world):
    round_ = computed_round(world, phase="document_review")
    assign_assessor(world, round_)
    RoundPhase.objects.create(round=round_, phase="document_review", locked=True, note="rekap nilai")
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        finding_add(
            actor=world.users["assessor"], entry=entry_of(round_, world.region_a), kind="strength", text="x"
        )
    assert "locked (rekap nilai)" in str(exc.value)
    assert not Finding.objects.exists()


def test_an_assessor_must_declare_no_conflict_first(world):
    round_ = computed_round(world, phase="document_review")
    assign_assessor(world, round_, declared=False)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        finding_add(
            actor=world.users["assessor"], entry=entry_of(round_, world.region_a), kind="strength", text="x"
        )
    assert "no conflict of interest" in str(exc.value)
    # nor may they open the region's findings page
    assert world.client_for("assessor").get(PAGE).status_code == 404


def test_an_assessor_writes_only_for_their_own_assignment(world):
    round_ = computed_round(world, phase="document_review")
    assign_assessor(world, round_, region=world.region_b)
    with pytest.raises(PermissionDenied):
        finding_add(
            actor=world.users["assessor"], entry=entry_of(round_, world.region_a), kind="strength", text="x"
        )
    assert world.client_for("assessor").get(PAGE).status_code == 404
    assert world.client_for("assessor").get("/evaluasi/2024-2/51.08/temuan/").status_code == 200


def test_an_assessor_changes_only_their_own_findings(world):
    round_ = computed_round(world, phase="document_review")
    mine = assign_assessor(world, round_)
    other = Assignment.objects.create(
        entry=mine.entry,
        assessor=Assessor.objects.create(user=UserFactory(), code="ASR-002", category="practitioner"),
        no_conflict_declared_at=timezone.now(),
    )
    theirs = Finding.objects.create(
        entry=mine.entry, assignment=other, kind="strength", text="Milik asesor lain."
    )
    panel = Finding.objects.create(entry=mine.entry, kind="strength", text="Milik panel.")
    for finding in (theirs, panel):
        with pytest.raises(PermissionDenied):
            finding_edit(actor=world.users["assessor"], finding=finding, kind="strength", text="diubah")
        with pytest.raises(PermissionDenied):
            finding_remove(actor=world.users["assessor"], finding=finding)
    assert Finding.objects.get(pk=theirs.pk).text == "Milik asesor lain."
    # and sees only their own on the page
    client = world.client_for("assessor")
    assert "Milik asesor lain." not in client.get(PAGE).content.decode()
    assert client.get(f"{PAGE}{theirs.uid}/ubah/").status_code == 404


@pytest.mark.parametrize("role", ["coordinator_a", "officer_a", "pendamping", "coordinator_b", "anonymous"])
def test_region_people_and_others_never_write_findings(world, role):
    round_ = computed_round(world, phase="document_review")
    with pytest.raises(PermissionDenied):
        finding_add(
            actor=world.users.get(role), entry=entry_of(round_, world.region_a), kind="strength", text="x"
        )
    assert not Finding.objects.exists()


# ---------------------------------------------------------------- the panel


def test_the_panel_writes_and_consolidates_in_the_panel_phase(world):
    round_ = computed_round(world, phase="panel")
    assignment = assign_assessor(world, round_, submitted=True)
    entry = entry_of(round_, world.region_a)
    admin = world.users["ministry_admin"]
    from_assessor = Finding.objects.create(entry=entry, assignment=assignment, kind="weakness", text="Dobel.")
    panel = finding_add(actor=admin, entry=entry, kind="recommendation", text="Rekomendasi panel.")
    assert panel.assignment_id is None
    finding_edit(
        actor=admin, finding=from_assessor, kind="weakness", text="Dirapikan panel.", expected_version=1
    )
    assert Finding.objects.get(pk=from_assessor.pk).text == "Dirapikan panel."
    finding_remove(actor=admin, finding=panel)
    assert not Finding.objects.filter(pk=panel.pk).exists()


@pytest.mark.parametrize("phase", ["document_review", "interview", "published"])
def test_the_panel_writes_only_in_the_panel_phase(world, phase):
    round_ = computed_round(world, phase=phase)
    entry = entry_of(round_, world.region_a)
    existing = Finding.objects.create(entry=entry, kind="strength", text="Tetap.")
    admin = world.users["ministry_admin"]
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        finding_add(actor=admin, entry=entry, kind="strength", text="x")
    assert "not Panel" in str(exc.value)
    with pytest.raises(ValidationError):
        finding_edit(actor=admin, finding=existing, kind="strength", text="diubah")
    with pytest.raises(ValidationError):
        finding_remove(actor=admin, finding=existing)
    assert list(Finding.objects.values_list("text", flat=True)) == ["Tetap."]


def test_a_stale_edit_is_a_conflict_and_writes_nothing(world):
    round_ = computed_round(world, phase="panel")
    finding = Finding.objects.create(entry=entry_of(round_, world.region_a), kind="strength", text="Awal.")
    admin = world.users["ministry_admin"]
    finding_edit(
        actor=admin,
        finding=Finding.objects.get(pk=finding.pk),
        kind="strength",
        text="Kedua.",
        expected_version=1,
    )
    with pytest.raises(ConflictError) as exc:
        finding_edit(actor=admin, finding=finding, kind="strength", text="Ketiga.", expected_version=1)
    assert exc.value.row_version == 2
    assert Finding.objects.get(pk=finding.pk).text == "Kedua."


@pytest.mark.parametrize(
    ("kind", "text", "field"),
    [
        ("bogus", "Teks.", "kind"),
        ("strength", "", "text"),
        ("strength", "   \n ", "text"),
        ("strength", "x" * (TEXT_MAX + 1), "text"),
    ],
)
def test_bad_input_is_refused_naming_the_field(world, kind, text, field):
    round_ = computed_round(world, phase="panel")
    with pytest.raises(ValidationError) as exc:
        finding_add(
            actor=world.users["ministry_admin"], entry=entry_of(round_, world.region_a), kind=kind, text=text
        )
    assert field in exc.value.message_dict
    assert not Finding.objects.exists()


# ---------------------------------------------------------------- the region's follow-up


def test_the_coordinator_answers_published_weaknesses_and_recommendations(world):
    round_ = computed_round(world)
    _strength, weakness, recommendation = add_findings(entry_of(round_, world.region_a))
    coordinator = world.users["coordinator_a"]
    answered = finding_respond(
        actor=coordinator, finding=weakness, response=" Dianggarkan di APBD-P 2025. ", expected_version=1
    )
    assert answered.response == "Dianggarkan di APBD-P 2025."
    assert answered.responded_by == coordinator and answered.responded_at is not None
    event = AuditEvent.objects.get(
        object_type="evaluation.finding", object_id=str(weakness.pk), action="update"
    )
    assert event.region_id == world.region_a.pk  # the region's own answer: in its audit trail
    # answering again the same changes nothing; a stale version conflicts
    finding_respond(actor=coordinator, finding=weakness, response="Dianggarkan di APBD-P 2025.")
    assert Finding.objects.get(pk=weakness.pk).row_version == 2
    with pytest.raises(ConflictError):
        finding_respond(actor=coordinator, finding=weakness, response="Lain.", expected_version=1)
    finding_respond(actor=coordinator, finding=recommendation, response="Rencana SDM disusun.")


def test_follow_up_refusals(world):
    round_ = computed_round(world, phase="panel")
    strength, weakness, _recommendation = add_findings(entry_of(round_, world.region_a))
    coordinator = world.users["coordinator_a"]
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        finding_respond(actor=coordinator, finding=weakness, response="Terlalu awal.")
    assert "published" in str(exc.value)
    _phase(round_, "published")
    weakness.entry.round.phase = "published"
    strength.entry.round.phase = "published"
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        finding_respond(actor=coordinator, finding=strength, response="Terima kasih.")
    assert "strength" in str(exc.value)
    for empty in ("", "   "):
        with pytest.raises(ValidationError) as exc:
            finding_respond(actor=coordinator, finding=weakness, response=empty)
        assert "response" in exc.value.message_dict
    with pytest.raises(ValidationError):
        finding_respond(actor=coordinator, finding=weakness, response="x" * (TEXT_MAX + 1))
    for role in ("officer_a", "pendamping", "assessor", "coordinator_b"):
        with pytest.raises(PermissionDenied):
            finding_respond(actor=world.users[role], finding=weakness, response="Bukan haknya.")
    assert not Finding.objects.exclude(response="").exists()


def test_follow_up_reappears_in_the_next_round(world):
    method = method_make()
    first = computed_round(world, code="2023-2", year=2023, method=method)
    entry = entry_of(first, world.region_a)
    assignment = assign_assessor(world, first, submitted=False)
    _strength, weakness, recommendation = add_findings(entry)
    Finding.objects.create(entry=entry, assignment=assignment, kind="weakness", text="Draf asesor.")
    finding_respond(actor=world.users["coordinator_a"], finding=weakness, response="Sudah dianggarkan.")
    second = computed_round(world, method=method, previous=first, phase="self_assessment")
    items = findings_to_follow_up(world.region_a, second)
    assert [(f.kind, f.text, f.response) for f in items] == [
        ("weakness", weakness.text, "Sudah dianggarkan."),
        ("recommendation", recommendation.text, ""),
    ]
    assert findings_to_follow_up(world.region_b, second) == []  # B has no findings
    # without ``previous`` set, the latest published earlier round with the region
    Round.objects.filter(pk=second.pk).update(previous=None)
    second.refresh_from_db()
    assert previous_round(world.region_a, second) == first
    assert len(findings_to_follow_up(world.region_a, second)) == 2
    # an unpublished earlier round is not followed up
    _phase(first, "panel")
    assert findings_to_follow_up(world.region_a, second) == []
    # the include shows them with the answer and a link to answer
    _phase(first, "published")
    html = render_to_string(
        "evaluation/letters/_follow_up.html", {"follow_up": findings_to_follow_up(world.region_a, second)}
    )
    assert weakness.text in html and "Sudah dianggarkan." in html
    assert "/evaluasi/2023-2/52.04/temuan/" in html
    assert render_to_string("evaluation/letters/_follow_up.html", {"follow_up": []}).strip() == ""


# ---------------------------------------------------------------- the page


def test_the_page_before_and_after_publication(world):
    round_ = computed_round(world, phase="panel")
    add_findings(entry_of(round_, world.region_a))
    coordinator = world.client_for("coordinator_a")
    assert coordinator.get(PAGE).status_code == 404
    admin_page = world.client_for("ministry_admin").get(PAGE).content.decode()
    assert "Anggaran quick win belum tercantum di APBD." in admin_page
    assert "/temuan/tambah/" in admin_page  # the panel's form in the panel phase
    assert "/evaluasi/2024-2/52.04/surat.pdf" in admin_page  # the preview
    _phase(round_, "published")
    page = coordinator.get(PAGE).content.decode()
    assert "Anggaran quick win belum tercantum di APBD." in page
    assert "/tanggapan/" in page and "/temuan/tambah/" not in page
    assert page.count("/tanggapan/") == 2  # the weakness and the recommendation, not the strength
    officer = world.client_for("officer_a").get(PAGE).content.decode()
    assert "Dewan Smart City aktif" in officer and "/tanggapan/" not in officer


def test_the_follow_up_form_saves_and_shows_the_answer(world):
    round_ = computed_round(world)
    _s, weakness, _r = add_findings(entry_of(round_, world.region_a))
    client = world.client_for("coordinator_a")
    url = f"{PAGE}{weakness.uid}/tanggapan/"
    prefix = str(weakness.uid)
    refused = client.post(url, {f"{prefix}-response": "", f"{prefix}-row_version": 1})
    assert refused.status_code == 400
    saved = client.post(url, {f"{prefix}-response": "Dianggarkan.", f"{prefix}-row_version": 1})
    assert saved.status_code == 302 and saved["Location"] == PAGE
    assert Finding.objects.get(pk=weakness.pk).response == "Dianggarkan."
    stale = client.post(url, {f"{prefix}-response": "Lain.", f"{prefix}-row_version": 1})
    assert stale.status_code == 409
    assert Finding.objects.get(pk=weakness.pk).response == "Dianggarkan."


def test_the_assessors_page_adds_edits_and_reports_a_closed_phase(world):
    round_ = computed_round(world, phase="document_review")
    assign_assessor(world, round_)
    client = world.client_for("assessor")
    added = client.post(f"{PAGE}tambah/", {"kind": "strength", "text": "Dashboard terpadu berjalan."})
    assert added.status_code == 302
    finding = Finding.objects.get()
    form = client.get(f"{PAGE}{finding.uid}/ubah/")
    assert form.status_code == 200 and "Dashboard terpadu berjalan." in form.content.decode()
    edited = client.post(
        f"{PAGE}{finding.uid}/ubah/",
        {"kind": "strength", "text": "Dashboard terpadu dipakai OPD.", "row_version": 1},
    )
    assert edited.status_code == 302
    assert Finding.objects.get().text == "Dashboard terpadu dipakai OPD."
    bad = client.post(f"{PAGE}tambah/", {"kind": "strength", "text": ""})
    assert bad.status_code == 400
    _phase(round_, "panel")
    closed = client.post(f"{PAGE}tambah/", {"kind": "strength", "text": "Terlambat."})
    assert closed.status_code == 400 and "fase Panel" in closed.content.decode()  # the page speaks Indonesian
    assert Finding.objects.count() == 1


# ---------------------------------------------------------------- the API


def test_api_findings_round_trip(world):
    round_ = computed_round(world, phase="document_review")
    assign_assessor(world, round_)
    base = "/api/v1/evaluation/rounds/2024-2/regions/52.04/findings/"
    client = world.client_for("assessor")
    created = client.post(
        base, {"kind": "weakness", "text": "Belum ada SOP."}, content_type="application/json"
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["kind"], body["author"], body["row_version"]) == ("weakness", "ASR-001", 1)
    bad = client.post(base, {"kind": "nope", "text": ""}, content_type="application/json")
    assert bad.status_code == 400 and set(bad.json()["error"]["fields"]) == {"kind", "text"}
    url = f"{base}{body['uid']}/"
    patched = client.patch(url, {"text": "SOP disusun.", "row_version": 1}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["text"] == "SOP disusun."
    stale = client.patch(url, {"text": "Lagi.", "row_version": 1}, content_type="application/json")
    assert stale.status_code == 409
    assert [f["text"] for f in client.get(base).json()] == ["SOP disusun."]
    assert client.delete(url).status_code == 204
    assert not Finding.objects.exists()


def test_api_follow_up_after_publication(world):
    round_ = computed_round(world)
    _s, weakness, _r = add_findings(entry_of(round_, world.region_a))
    url = f"/api/v1/evaluation/rounds/2024-2/regions/52.04/findings/{weakness.uid}/response/"
    answered = world.client_for("coordinator_a").post(
        url, {"response": "Sudah dianggarkan.", "row_version": 1}, content_type="application/json"
    )
    assert answered.status_code == 200 and answered.json()["response"] == "Sudah dianggarkan."
    assert answered.json()["responded_by"]
    refused = world.client_for("officer_a").post(
        url, {"response": "Bukan haknya.", "row_version": 2}, content_type="application/json"
    )
    assert refused.status_code == 403
    hidden = world.client_for("coordinator_b").post(
        url, {"response": "x", "row_version": 2}, content_type="application/json"
    )
    assert hidden.status_code == 404
