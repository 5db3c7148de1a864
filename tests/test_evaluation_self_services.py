"""The self-assessment services: answers on the method's scale, links to the region's own items,
the pokja rule, the phase, conflicts, evidence through the one file check, the document checklist,
surveys, completeness, and submission freezing a version that later edits never change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.utils import translation

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.models import AuditEvent
from kotacerdas.evaluation import self_assessment as services
from kotacerdas.evaluation import self_surveys as surveys
from kotacerdas.evaluation.models import (
    Assessor,
    Assignment,
    DocumentCheck,
    RoundPhase,
    SelfAnswer,
    SelfAssessment,
    SelfAssessmentVersion,
    SelfEvidence,
    SurveySummary,
)
from kotacerdas.evaluation.self_selectors import completeness, self_version_for_assessor
from kotacerdas.masterplans import services as plan_services
from kotacerdas.monitoring import services as monitoring_services
from kotacerdas.notifications.models import Notification
from kotacerdas.organisation import services as organisation_services
from kotacerdas.programme.models import Dimension

from .evaluation_self_data import HTML, SVG, answer_all, pokja, self_round, upload
from .masterplan_data import small_plan
from .monitoring_data import monitoring_setup, report_data

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.evaluation_self_urls")]


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _writes() -> tuple[int, int, int, int]:
    return (
        SelfAnswer.objects.count(),
        SelfEvidence.objects.count(),
        SurveySummary.objects.count(),
        AuditEvent.objects.count(),
    )


def _save(world, sr, question, level="3", role="coordinator_a", **kwargs):
    return services.answer_save(
        actor=world.users[role], self_assessment=sr.start(world), question=question, level=level, **kwargs
    )


# ---------------------------------------------------------------- answers


def test_an_answer_is_saved_with_its_audit_event_in_the_region(world):
    sr = self_round(world)
    q = sr.question("BASELINE")
    answer = _save(world, sr, q, "3", justification="  Perbup No. 7 tahun 2024  ")
    assert (answer.level, answer.justification, answer.row_version) == (
        Decimal(3),
        "Perbup No. 7 tahun 2024",
        1,
    )
    assert answer.updated_by == world.users["coordinator_a"]
    event = AuditEvent.objects.filter(object_type="evaluation.selfanswer").get()
    assert event.region_id == world.region_a.pk
    assert event.changes["level"] == [None, "3"]
    again = services.answer_save(
        actor=world.users["coordinator_a"], answer=answer, level="4", expected_version=1
    )
    assert (again.level, again.row_version) == (Decimal(4), 2)


@pytest.mark.parametrize("level", ["2.5", "5", "-1", "abc", "NaN", "Infinity"])
def test_a_level_outside_the_scale_is_refused_and_nothing_written(world, level):
    sr = self_round(world)
    sa = sr.start(world)
    before = _writes()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.answer_save(
            actor=world.users["coordinator_a"],
            self_assessment=sa,
            question=sr.question("OUTPUT"),
            level=level,
        )
    assert "level" in caught.value.message_dict
    message = caught.value.message_dict["level"][0]
    assert "0, 1, 2, 3, 4" in message or "not a number" in message
    assert _writes() == before


def test_a_survey_question_takes_a_mean_within_the_scale_with_two_decimals(world):
    sr = self_round(world)
    q = sr.question("IMPACT")
    assert _save(world, sr, q, "3.42").level == Decimal("3.42")
    for bad in ("4.01", "-0.5", "3.425"):
        with pytest.raises(ValidationError) as caught:
            _save(world, sr, q, bad)
        assert "level" in caught.value.message_dict
    assert SelfAnswer.objects.get(question=q).level == Decimal("3.42")


def test_no_level_yet_is_a_draft_answer_not_an_answered_question(world):
    sr = self_round(world)
    _save(world, sr, sr.question("BASELINE"), "", justification="Menunggu Perbup")
    done = completeness(SelfAssessment.objects.get())
    assert (done.answered, done.total) == (0, 10)


def test_a_question_of_another_method_or_group_is_refused(world):
    sr = self_round(world)
    other = self_round(world, code="2024-3")
    with pytest.raises(ValidationError) as caught:
        _save(world, sr, other.question("BASELINE"))
    assert "question" in caught.value.message_dict
    kolaborasi = sr.method.questions.filter(dimension__code="KOLABORASI").first()
    with pytest.raises(ValidationError):
        _save(world, sr, kolaborasi)  # regular regions have no Kolaborasi dimension
    assert not SelfAnswer.objects.exists()


# ---------------------------------------------------------------- links


def test_links_to_the_regions_own_items_and_approved_reports_are_kept_with_labels(world):
    m = monitoring_setup(world)
    report = monitoring_services.report_save(
        actor=world.users["officer_a"],
        period=m.q1,
        region_id=world.region_a.pk,
        lineage_id=m.plan.own_action.lineage,
        data=report_data(),
    )
    report = monitoring_services.report_submit(actor=world.users["officer_a"], report=report)
    monitoring_services.report_decide(actor=world.users["coordinator_a"], reports=[report], approve=True)
    sr = self_round(world)
    links = [
        {"kind": "plan_item", "ref": str(m.plan.programme.uid)},
        f"plan_item:{m.plan.action.uid}",
        {"kind": "quick_win", "ref": str(m.plan.quick_win.uid)},
        {"kind": "report", "ref": str(report.uid)},
        {"kind": "quick_win", "ref": str(m.plan.quick_win.uid)},  # twice: kept once
    ]
    answer = _save(world, sr, sr.question("OUTCOME"), links=links)
    assert [(link["kind"], link["label"]) for link in answer.links] == [
        ("plan_item", "GOV-01 Pelayanan Kependudukan Daring"),
        ("plan_item", "GOV-01.01 Pengembangan aplikasi SiLAMO"),
        ("quick_win", "QW-GOV SiLAMO"),
        ("report", f"GOV-01.02 Layanan jemput bola KTP · {m.q1.label}"),
    ]


def test_links_to_another_regions_items_drafts_or_anything_else_are_refused(world):
    m = monitoring_setup(world)
    draft = monitoring_services.report_save(
        actor=world.users["officer_a"],
        period=m.q1,
        region_id=world.region_a.pk,
        lineage_id=m.plan.own_action.lineage,
        data=report_data(),
    )
    other_plan = plan_services.plan_create(
        actor=world.users["coordinator_b"],
        region=world.region_b,
        title="Masterplan Buleleng",
        start_year=2024,
        end_year=2028,
    )
    other = plan_services.quick_win_create(
        actor=world.users["coordinator_b"],
        version=other_plan.versions.get(),
        code="QW-B",
        name="Layanan B",
        dimension=Dimension.objects.get(code="GOV"),
        agency=world.agency_b,
        target_year=2024,
    )
    sr = self_round(world)
    q = sr.question("OUTCOME")
    for links, shown in (
        ([{"kind": "quick_win", "ref": str(other.uid)}], str(other.uid)),
        ([{"kind": "report", "ref": str(draft.uid)}], str(draft.uid)),  # not approved
        (["https://example.org"], "https://example.org"),
        ([{"kind": "plan_item", "ref": "not-a-uid"}], "not-a-uid"),
    ):
        with translation.override("en"), pytest.raises(ValidationError) as caught:
            _save(world, sr, q, links=links)
        assert shown in caught.value.message_dict["links"][0]
    assert not SelfAnswer.objects.exists()


# ---------------------------------------------------------------- who may write


def test_an_officer_answers_only_the_questions_of_their_agencys_pokja(world):
    sr = self_round(world)
    sa = sr.start(world)
    officer = world.users["officer_a"]
    outcome = sr.question("OUTCOME")  # smart dimension GOV
    with pytest.raises(PermissionDenied):  # no pokja yet
        services.answer_save(actor=officer, self_assessment=sa, question=outcome, level="3")
    pokja(world, "GOV", agency=world.agency_a2)  # another agency leads it
    with pytest.raises(PermissionDenied):
        services.answer_save(actor=officer, self_assessment=sa, question=outcome, level="3")
    pokja(world, "GOV")  # now the officer's agency leads it
    assert services.answer_save(actor=officer, self_assessment=sa, question=outcome, level="3").level == 3
    before = _writes()
    for other in (sr.question("BASELINE"), sr.question("IMPACT")):  # no smart dimension; ECO
        with translation.override("en"), pytest.raises(PermissionDenied) as caught:
            services.answer_save(actor=officer, self_assessment=sa, question=other, level="3")
        assert "coordinator" in str(caught.value)
    assert _writes() == before


def test_an_officer_neither_submits_nor_changes_the_documents(world):
    sr = self_round(world)
    pokja(world, "GOV")
    sa = sr.start(world)
    officer = world.users["officer_a"]
    with pytest.raises(PermissionDenied):
        services.self_assessment_submit(actor=officer, self_assessment=sa)
    with pytest.raises(PermissionDenied):
        services.documents_refresh(actor=officer, self_assessment=sa)
    with pytest.raises(PermissionDenied):
        services.document_upload(actor=officer, self_assessment=sa, kind="budget", upload=upload())


@pytest.mark.parametrize("role", ["coordinator_b", "assessor", "pendamping", "anonymous"])
def test_other_people_write_nothing(world, role):
    sr = self_round(world)
    sa = sr.start(world)
    before = _writes()
    with pytest.raises(PermissionDenied):
        services.answer_save(
            actor=world.users[role], self_assessment=sa, question=sr.question("OUTPUT"), level="2"
        )
    with pytest.raises(PermissionDenied):
        services.evidence_add(
            actor=world.users[role], self_assessment=sa, question=sr.question("OUTPUT"), upload=upload()
        )
    with pytest.raises(PermissionDenied):
        services.self_assessment_get_or_start(sr.entry_b, actor=world.users["coordinator_a"])
    assert _writes() == before


def test_nothing_is_written_outside_the_open_self_assessment_phase(world):
    sr = self_round(world)
    sa = sr.start(world)
    q = sr.question("OUTPUT")
    before = _writes()
    for phase in ("draft", "document_review", "published"):
        sr.round.phase = phase
        sr.round.save()
        with translation.override("en"), pytest.raises(ValidationError) as caught:
            _save(world, sr, q)
        assert "ministry's evaluation team" in caught.value.messages[0]
    sr.round.phase = "self_assessment"
    sr.round.save()
    RoundPhase.objects.filter(round=sr.round).update(locked=True, note="rekap nasional")
    calls = [
        lambda: _save(world, sr, q),
        lambda: services.evidence_add(
            actor=world.users["coordinator_a"], self_assessment=sa, question=q, upload=upload()
        ),
        lambda: services.documents_refresh(actor=world.users["coordinator_a"], self_assessment=sa),
        lambda: services.self_assessment_submit(actor=world.users["coordinator_a"], self_assessment=sa),
    ]
    for call in calls:
        with translation.override("en"), pytest.raises(ValidationError) as caught:
            call()
        assert "locked (rekap nasional)" in " ".join(caught.value.messages)
    assert _writes() == before


# ---------------------------------------------------------------- two writers


def test_two_writers_on_one_answer_the_second_gets_the_firsts_values(world):
    sr = self_round(world)
    pokja(world, "GOV")
    sa = sr.start(world)
    q = sr.question("OUTCOME")
    # both opened the question while it had no answer (row_version 0)
    first = services.answer_save(
        actor=world.users["officer_a"],
        self_assessment=sa,
        question=q,
        level="2",
        justification="SK pokja",
        expected_version=0,
    )
    with pytest.raises(ConflictError) as caught:
        services.answer_save(
            actor=world.users["coordinator_a"], self_assessment=sa, question=q, level="4", expected_version=0
        )
    assert caught.value.current["level"] == "2"
    assert caught.value.current["justification"] == "SK pokja"
    assert caught.value.current["updated_by"] == str(world.users["officer_a"])
    assert caught.value.row_version == 1
    # a stale version later on too
    services.answer_save(actor=world.users["officer_a"], answer=first, level="3", expected_version=1)
    with pytest.raises(ConflictError):
        services.answer_save(actor=world.users["coordinator_a"], answer=first, level="4", expected_version=1)
    assert SelfAnswer.objects.get().level == 3
    # retrying with the version the conflict gave is a knowing overwrite
    services.answer_save(actor=world.users["coordinator_a"], answer=first, level="4", expected_version=2)
    assert SelfAnswer.objects.get().level == 4


# ---------------------------------------------------------------- evidence


def test_evidence_is_stored_under_a_random_name_and_removed_on_commit(
    world, django_capture_on_commit_callbacks
):
    sr = self_round(world)
    sa = sr.start(world)
    q = sr.question("BASELINE")
    evidence = services.evidence_add(
        actor=world.users["coordinator_a"], self_assessment=sa, question=q, upload=upload("Perbup 7.pdf")
    )
    assert (evidence.name, evidence.kind) == ("Perbup 7.pdf", "pdf")
    assert "Perbup" not in evidence.file.name and evidence.file.name.startswith("evaluation/")
    assert default_storage.exists(evidence.file.name)
    assert evidence.answer.level is None  # the answer was started for it
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_remove(actor=world.users["coordinator_a"], evidence=evidence)
    assert not SelfEvidence.objects.exists()
    assert not default_storage.exists(evidence.file.name)


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [("peta.svg", SVG, "SVG"), ("laporan.pdf", HTML, "HTML"), ("laporan.html", HTML, "HTML")],
)
def test_a_file_refused_by_the_one_check_writes_nothing(world, name, data, says):
    sr = self_round(world)
    sa = sr.start(world)
    before = _writes()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.evidence_add(
            actor=world.users["coordinator_a"],
            self_assessment=sa,
            question=sr.question("OUTPUT"),
            upload=upload(name, data),
        )
    assert name in caught.value.message_dict["file"][0] and says in caught.value.message_dict["file"][0]
    with pytest.raises(ValidationError):
        services.document_upload(
            actor=world.users["coordinator_a"], self_assessment=sa, kind="budget", upload=upload(name, data)
        )
    assert _writes() == before
    assert not DocumentCheck.objects.filter(kind="budget", present=True).exists()
    assert not stored_files()  # nothing on disk


def test_an_answer_holds_a_bounded_number_of_files(world, settings):
    settings.EVALUATION_EVIDENCE_MAX_FILES = 2
    sr = self_round(world)
    sa = sr.start(world)
    q = sr.question("OUTPUT")
    for n in range(2):
        services.evidence_add(
            actor=world.users["coordinator_a"], self_assessment=sa, question=q, upload=upload(f"b{n}.pdf")
        )
    with pytest.raises(ValidationError):
        services.evidence_add(
            actor=world.users["coordinator_a"], self_assessment=sa, question=q, upload=upload("b3.pdf")
        )
    assert SelfEvidence.objects.count() == 2


# ---------------------------------------------------------------- documents


def test_the_checklist_is_filled_from_what_the_region_holds(world):
    sr = self_round(world)
    coordinator = world.users["coordinator_a"]
    plan = small_plan(world, complete=True)
    plan_services.version_submit(actor=coordinator, version=plan.version)
    plan_services.version_ratify(
        actor=coordinator, version=plan.version, kind="perbup", number="7", date=dt.date(2024, 3, 1)
    )
    organisation_services.decree_create(
        actor=coordinator,
        region=world.region_a,
        kind="dewan",
        number="100/2024",
        date=dt.date(2024, 1, 5),
        title="Dewan Smart City",
    )
    organisation_services.forum_meeting_create(
        actor=coordinator, region=world.region_a, date=dt.date(2024, 2, 1), title="Forum I", minutes="Notulen"
    )
    organisation_services.forum_meeting_create(
        actor=coordinator,
        region=world.region_a,
        date=dt.date(2024, 4, 1),
        title="Forum II",  # no minutes
    )
    with translation.override("en"):  # stored in the default language, whatever the request's
        sa = sr.start(world)
    rows = {d.kind: d for d in DocumentCheck.objects.filter(self_assessment=sa)}
    assert len(rows) == 8
    assert rows["master_plan"].present and "nomor 7 tanggal 01-03-2024" in rows["master_plan"].source
    assert rows["sk_dewan"].present and "100/2024" in rows["sk_dewan"].source
    assert rows["forum_minutes"].present and "Forum I" in rows["forum_minutes"].source
    assert not rows["sk_tim_pelaksana"].present and rows["sk_tim_pelaksana"].source == ""
    for kind in ("budget", "people_development", "risk_management", "quick_win_evidence"):
        assert not rows[kind].present
    done = completeness(sa)
    assert (done.documents_present, done.documents_total) == (3, 8)
    # what the region records later is found by a refresh; an upload stays present
    services.document_upload(
        actor=coordinator, self_assessment=sa, kind="budget", upload=upload("DPA.pdf"), note="DPA 2024"
    )
    organisation_services.decree_create(
        actor=coordinator,
        region=world.region_a,
        kind="tim_pelaksana",
        number="101/2024",
        date=dt.date(2024, 1, 6),
        title="Tim",
    )
    assert services.documents_refresh(actor=coordinator, self_assessment=sa) == ["sk_tim_pelaksana"]
    assert services.documents_refresh(actor=coordinator, self_assessment=sa) == []
    rows = {d.kind: d for d in DocumentCheck.objects.filter(self_assessment=sa)}
    assert rows["sk_tim_pelaksana"].present and rows["budget"].present
    assert (rows["budget"].name, rows["budget"].note) == ("DPA.pdf", "DPA 2024")


def test_quick_win_evidence_is_found_on_approved_quick_win_reports(world):
    m = monitoring_setup(world)
    officer = world.users["officer_a"]
    report = monitoring_services.report_save(
        actor=officer,
        period=m.q1,
        region_id=world.region_a.pk,
        lineage_id=m.plan.quick_win.lineage,
        data=report_data(),
    )
    from kotacerdas.monitoring.evidence import evidence_add

    evidence_add(actor=officer, report=report, upload=upload("layanan.pdf"))
    sr = self_round(world)
    sa = sr.start(world)
    assert not DocumentCheck.objects.get(self_assessment=sa, kind="quick_win_evidence").present  # a draft
    report = monitoring_services.report_submit(actor=officer, report=report)
    monitoring_services.report_decide(actor=world.users["coordinator_a"], reports=[report], approve=True)
    assert services.documents_refresh(actor=world.users["coordinator_a"], self_assessment=sa) == [
        "quick_win_evidence"
    ]
    assert DocumentCheck.objects.get(self_assessment=sa, kind="quick_win_evidence").present


def test_an_unknown_document_kind_and_a_stale_line_are_refused(world):
    sr = self_round(world)
    sa = sr.start(world)
    with pytest.raises(ValidationError):
        services.document_upload(
            actor=world.users["coordinator_a"], self_assessment=sa, kind="ktp", upload=upload()
        )
    services.document_upload(
        actor=world.users["coordinator_a"], self_assessment=sa, kind="risk_management", upload=upload()
    )
    with pytest.raises(ConflictError):
        services.document_upload(
            actor=world.users["coordinator_a"],
            self_assessment=sa,
            kind="risk_management",
            upload=upload(),
            expected_version=1,
        )


# ---------------------------------------------------------------- surveys


def _survey(world, sr, sa, role="coordinator_a", **overrides):
    keys = [q.key for q in sr.questions() if q.answer == "survey"]
    kwargs = {
        "actor": world.users[role],
        "self_assessment": sa,
        "smart_dimension": Dimension.objects.get(code="ECO"),
        "service": "Pasar daring",
        "respondents": 48,
        "ratings": dict(zip(keys, ["3.42", "3.10"], strict=True)),
        "file": upload("survei.xlsx", _xlsx()),
    }
    kwargs.update(overrides)
    return surveys.survey_save(**kwargs)


def _xlsx() -> bytes:
    from .test_files import xlsx_bytes

    return xlsx_bytes()


def test_a_survey_sets_the_impact_answers_and_keeps_its_file(world):
    sr = self_round(world)
    sa = sr.start(world)
    survey = _survey(world, sr, sa)
    assert (survey.respondents, survey.name) == (48, "survei.xlsx")
    assert sorted(survey.ratings.values()) == ["3.10", "3.42"]
    levels = {a.question.key: a.level for a in SelfAnswer.objects.filter(question__answer="survey")}
    assert sorted(levels.values()) == [Decimal("3.1"), Decimal("3.42")]
    assert completeness(sa).surveys_done == 1 and completeness(sa).surveys_total == 1
    again = _survey(world, sr, sa, respondents=52, file=None, expected_version=1)  # the file is kept
    assert (again.respondents, again.name, again.row_version) == (52, "survei.xlsx", 2)
    with pytest.raises(ConflictError):
        _survey(world, sr, sa, expected_version=1)


def test_a_bad_survey_is_refused_naming_each_problem_and_nothing_written(world):
    sr = self_round(world)
    sa = sr.start(world)
    keys = [q.key for q in sr.questions() if q.answer == "survey"]
    before = _writes()
    cases = [
        ({"ratings": {keys[0]: "4.5", keys[1]: "3"}}, "ratings", keys[0]),
        ({"ratings": {keys[0]: "3"}}, "ratings", keys[1]),
        ({"ratings": {keys[0]: "3", keys[1]: "3", "BASELINE-1-1.1.1": "3"}}, "ratings", "BASELINE-1-1.1.1"),
        ({"respondents": 0}, "respondents", "at least 1"),
        ({"respondents": "lima puluh"}, "respondents", "at least 1"),
        ({"service": " "}, "service", "Name the service"),
        ({"file": None}, "file", "survey file"),
        ({"file": upload("survei.svg", SVG)}, "file", "SVG"),
    ]
    for overrides, field, says in cases:
        with translation.override("en"), pytest.raises(ValidationError) as caught:
            _survey(world, sr, sa, **overrides)
        assert says in " ".join(caught.value.message_dict[field]), (overrides, caught.value.message_dict)
    with pytest.raises(ValidationError) as caught:  # the method has no survey of GOV
        _survey(world, sr, sa, smart_dimension=Dimension.objects.get(code="GOV"))
    assert "smart_dimension" in caught.value.message_dict
    assert _writes() == before


def test_a_surveys_quick_win_is_the_regions_own_of_that_dimension(world):
    plan = small_plan(world)  # its quick win is of GOV
    sr = self_round(world)
    sa = sr.start(world)
    with pytest.raises(ValidationError) as caught:
        _survey(world, sr, sa, quick_win=plan.quick_win)
    assert "quick_win" in caught.value.message_dict
    eco = plan_services.quick_win_create(
        actor=world.users["coordinator_a"],
        version=plan.version,
        code="QW-ECO",
        name="Pasar daring",
        dimension=Dimension.objects.get(code="ECO"),
        agency=world.agency_a,
        target_year=2024,
    )
    assert _survey(world, sr, sa, quick_win=str(eco.uid)).quick_win == eco


def test_a_pokja_enters_only_its_own_dimensions_survey(world):
    sr = self_round(world)
    sa = sr.start(world)
    pokja(world, "GOV")
    with pytest.raises(PermissionDenied):
        _survey(world, sr, sa, role="officer_a")
    pokja(world, "ECO")
    assert _survey(world, sr, sa, role="officer_a").respondents == 48


# ---------------------------------------------------------------- submission


def test_submitting_needs_every_question_answered_and_names_the_missing(world):
    sr = self_round(world)
    sa = answer_all(world, sr, skip=2)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.self_assessment_submit(actor=world.users["coordinator_a"], self_assessment=sa)
    message = caught.value.messages[0]
    assert "2 still without a level: QUICK_WIN 5.1.1, QUICK_WIN 5.1.2" in message
    assert not SelfAssessmentVersion.objects.exists()
    sa.refresh_from_db()
    assert sa.status == "draft"


def test_submitting_freezes_a_version_that_later_edits_do_not_change(
    world, django_capture_on_commit_callbacks
):
    sr = self_round(world)
    sa = answer_all(world, sr)
    coordinator = world.users["coordinator_a"]
    q = sr.question("BASELINE")
    evidence = services.evidence_add(
        actor=coordinator, self_assessment=sa, question=q, upload=upload("Perbup.pdf")
    )
    with django_capture_on_commit_callbacks(execute=True):
        v1 = services.self_assessment_submit(actor=coordinator, self_assessment=sa)
    sa.refresh_from_db()
    assert (v1.number, sa.status, sa.submitted_by) == (1, "submitted", coordinator)
    frozen = SelfAssessmentVersion.objects.get(pk=v1.pk).content
    first = next(a for a in frozen["answers"] if a["key"] == q.key)
    assert (first["level"], first["justification"]) == ("3", f"Bukti untuk {q.number}")
    assert first["evidence"] == [
        {"id": str(evidence.uid), "name": "Perbup.pdf", "kind": "pdf", "size": evidence.size}
    ]
    assert frozen["files"][str(evidence.uid)]["path"] == evidence.file.name
    assert [d["kind"] for d in frozen["documents"]] == [
        "master_plan", "sk_dewan", "sk_tim_pelaksana", "budget", "forum_minutes",
        "people_development", "risk_management", "quick_win_evidence",
    ]  # fmt: skip
    assert Notification.objects.filter(
        recipient=world.users["ministry_admin"], kind="self_assessment_submitted"
    ).exists()
    assert not Notification.objects.filter(recipient=coordinator).exists()
    with pytest.raises(ValidationError):  # nothing changed since
        services.self_assessment_submit(actor=coordinator, self_assessment=sa)
    # an edit in the phase makes a draft; the frozen version and its file stay as they were
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_save(
            actor=coordinator, self_assessment=sa, question=q, level="1", justification="Dikoreksi"
        )
        services.evidence_remove(actor=coordinator, evidence=evidence)
    sa.refresh_from_db()
    assert sa.status == "draft"
    assert SelfAssessmentVersion.objects.get(pk=v1.pk).content == frozen
    assert default_storage.exists(evidence.file.name)  # version 1 still holds it
    v2 = services.self_assessment_submit(actor=coordinator, self_assessment=sa)
    second = next(
        a for a in SelfAssessmentVersion.objects.get(pk=v2.pk).content["answers"] if a["key"] == q.key
    )
    assert (v2.number, second["level"], second["evidence"]) == (2, "1", [])
    assert SelfAssessmentVersion.objects.get(pk=v1.pk).content == frozen


def test_a_stale_submission_is_a_conflict(world):
    sr = self_round(world)
    sa = answer_all(world, sr)
    with pytest.raises(ConflictError):
        services.self_assessment_submit(
            actor=world.users["coordinator_a"], self_assessment=sa, expected_version=sa.row_version - 1
        )
    assert not SelfAssessmentVersion.objects.exists()


def test_assessors_read_the_latest_submitted_version_only_when_assigned_without_conflict(world):
    from django.http import Http404

    sr = self_round(world)
    sa = answer_all(world, sr)
    coordinator = world.users["coordinator_a"]
    services.self_assessment_submit(actor=coordinator, self_assessment=sa)
    services.answer_save(actor=coordinator, self_assessment=sa, question=sr.question("OUTPUT"), level="4")
    v2 = services.self_assessment_submit(actor=coordinator, self_assessment=sa)
    services.answer_save(
        actor=coordinator, self_assessment=sa, question=sr.question("OUTPUT"), level="2"
    )  # a draft
    user = world.users["assessor"]
    with pytest.raises(Http404):
        self_version_for_assessor(actor=user, entry=sr.entry)
    assessor = Assessor.objects.create(user=user, code="ASR-001", category="academic")
    assignment = Assignment.objects.create(entry=sr.entry, assessor=assessor)
    with pytest.raises(Http404):  # no declaration yet
        self_version_for_assessor(actor=user, entry=sr.entry)
    assignment.no_conflict_declared_at = dt.datetime(2024, 7, 1, tzinfo=dt.UTC)
    assignment.save()
    assert self_version_for_assessor(actor=user, entry=sr.entry) == v2
    with pytest.raises(Http404):
        self_version_for_assessor(actor=user, entry=sr.entry_b)
    assert self_version_for_assessor(actor=world.users["ministry_admin"], entry=sr.entry) == v2


def test_completeness_counts_per_dimension(world):
    sr = self_round(world)
    sa = sr.start(world)
    _save(world, sr, sr.question("BASELINE"))
    _save(world, sr, sr.question("OUTCOME", 2), "0")  # nothing to show is an answer too
    done = completeness(sa)
    assert [(d.code, d.answered, d.total) for d in done.dimensions] == [
        ("BASELINE", 1, 2),
        ("OUTPUT", 0, 2),
        ("OUTCOME", 1, 2),
        ("IMPACT", 0, 2),
        ("QUICK_WIN", 0, 2),
    ]
    assert (done.answered, done.total, done.surveys_done, done.surveys_total) == (2, 10, 0, 1)
