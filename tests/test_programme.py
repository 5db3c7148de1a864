import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.models import AuditEvent
from kotacerdas.programme import services
from kotacerdas.programme.models import MoU, Participation, StageChange

from .factories import CohortFactory, RegionFactory


@pytest.fixture
def enrolled(world):
    CohortFactory(year=2022)
    return services.participation_enrol(
        actor=world.users["ministry_admin"],
        region_code="52.04",
        cohort_year=2022,
        selected_on=dt.date(2022, 1, 10),
    )


def test_enrol_writes_participation_timeline_and_audit(world, enrolled):
    assert enrolled.stage == "selected"
    assert StageChange.objects.filter(participation=enrolled, stage="selected").exists()
    event = AuditEvent.objects.get(object_type="programme.participation", object_id=str(enrolled.pk))
    assert event.action == "create" and event.region_id == world.region_a.pk
    assert event.actor_label


@pytest.mark.parametrize("lang,needle", [("id", "Kode wilayah tidak dikenal"), ("en", "Unknown region code")])
def test_unknown_region_code_refused_in_both_languages(world, lang, needle):
    CohortFactory(year=2022)
    with translation.override(lang), pytest.raises(ValidationError) as exc:
        services.participation_enrol(
            actor=world.users["ministry_admin"],
            region_code="99.99",
            cohort_year=2022,
            selected_on=dt.date(2022, 1, 1),
        )
    with translation.override(lang):
        assert needle in str(exc.value.message_dict["region"])
    assert Participation.objects.count() == 0
    assert AuditEvent.objects.filter(object_type="programme.participation").count() == 0


def test_double_enrolment_refused(world, enrolled):
    with pytest.raises(ValidationError):
        services.participation_enrol(
            actor=None, region_code="52.04", cohort_year=2022, selected_on=dt.date(2022, 1, 1)
        )
    assert Participation.objects.count() == 1


def test_province_can_join_as_smart_province(world):
    CohortFactory(year=2022)
    province = world.region_a.province
    p = services.participation_enrol(
        actor=None, region_code=province.code, cohort_year=2022, selected_on=dt.date(2022, 2, 1)
    )
    assert p.region.level == "province"


@pytest.mark.parametrize("lang,needle", [("id", "Tahap tidak berurutan"), ("en", "Stage out of order")])
def test_stage_out_of_order_refused(world, enrolled, lang, needle):
    with translation.override(lang), pytest.raises(ValidationError) as exc:
        services.participation_advance(
            actor=None, participation=enrolled, stage="ratified", date=dt.date(2022, 5, 1)
        )
    with translation.override(lang):
        assert needle in " ".join(exc.value.message_dict["stage"])
    enrolled.refresh_from_db()
    assert enrolled.stage == "selected"
    assert StageChange.objects.filter(participation=enrolled).count() == 1


def test_mou_needed_before_mou_signed_and_dates_never_go_back(world, enrolled):
    with pytest.raises(ValidationError):
        services.participation_advance(
            actor=None, participation=enrolled, stage="mou_signed", date=dt.date(2022, 4, 21)
        )
    services.mou_record(
        actor=None,
        participation=enrolled,
        number="NK/1/2022",
        date=dt.date(2022, 4, 21),
        signatories="Bupati\nDirjen",
    )
    with pytest.raises(ValidationError):
        services.participation_advance(
            actor=None, participation=enrolled, stage="mou_signed", date=dt.date(2021, 1, 1)
        )
    p = services.participation_advance(
        actor=None, participation=enrolled, stage="mou_signed", date=dt.date(2022, 4, 21)
    )
    assert p.stage == "mou_signed"
    assert AuditEvent.objects.filter(action="transition", object_id=str(p.pk)).count() == 1


@pytest.mark.parametrize("lang,needle", [("id", "sudah tercatat"), ("en", "already recorded")])
def test_duplicate_mou_number_refused(world, enrolled, lang, needle):
    CohortFactory(year=2022)
    other = services.participation_enrol(
        actor=None,
        region_code=RegionFactory(code="52.07", name="Kabupaten Sumbawa Barat").code,
        cohort_year=2022,
        selected_on=dt.date(2022, 1, 1),
    )
    services.mou_record(
        actor=None, participation=enrolled, number="NK/7/2022", date=dt.date(2022, 4, 21), signatories="x"
    )
    with translation.override(lang), pytest.raises(ValidationError) as exc:
        services.mou_record(
            actor=None, participation=other, number="nk/7/2022", date=dt.date(2022, 4, 21), signatories="y"
        )
    with translation.override(lang):
        assert needle in " ".join(exc.value.message_dict["number"])
    assert MoU.objects.count() == 1


def test_two_writers_on_one_stage_second_gets_conflict(world, enrolled):
    services.mou_record(
        actor=None, participation=enrolled, number="NK/9", date=dt.date(2022, 4, 1), signatories="x"
    )
    seen_by_both = enrolled.row_version
    services.participation_advance(
        actor=None,
        participation=enrolled,
        stage="mou_signed",
        date=dt.date(2022, 4, 2),
        expected_version=seen_by_both,
    )
    with pytest.raises(ConflictError) as exc:
        services.participation_advance(
            actor=None,
            participation=enrolled,
            stage="mou_signed",
            date=dt.date(2022, 4, 3),
            expected_version=seen_by_both,
        )
    assert exc.value.current["stage"] == "mou_signed"
    assert StageChange.objects.filter(participation=enrolled).count() == 2


def test_mou_document_must_be_a_pdf(world, enrolled):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as exc:
        services.mou_record(
            actor=None,
            participation=enrolled,
            number="NK/1",
            date=dt.date(2022, 4, 1),
            signatories="x",
            document=SimpleUploadedFile("mou.pdf", b"MZ not a pdf"),
        )
    assert "document" in exc.value.message_dict
    assert MoU.objects.count() == 0


# ------------------------------------------------------------------ stages follow the facts

PATH_TO_BIMTEK_4 = [
    ("mou_signed", dt.date(2022, 4, 21)),
    ("bimtek_1", dt.date(2022, 6, 14)),
    ("bimtek_2", dt.date(2022, 7, 12)),
    ("bimtek_3", dt.date(2022, 8, 9)),
    ("bimtek_4", dt.date(2022, 9, 20)),
]


def _walk(participation, upto: str):
    services.mou_record(
        actor=None,
        participation=participation,
        number="NK/52.04/2022",
        date=dt.date(2022, 4, 1),
        signatories="x",
    )
    for stage, day in PATH_TO_BIMTEK_4:
        participation = services.participation_advance(
            actor=None, participation=participation, stage=stage, date=day
        )
        if stage == upto:
            break
    return participation


@pytest.fixture
def at_bimtek_4(world, enrolled):
    return _walk(enrolled, "bimtek_4")


def _submitted_plan(world):
    from kotacerdas.masterplans.models import PlanVersion

    from .masterplan_data import small_plan

    version = small_plan(world).version
    PlanVersion.objects.filter(pk=version.pk).update(status="submitted")  # the checklist is tested elsewhere
    return PlanVersion.objects.select_related("plan").get(pk=version.pk)


def _ratify(world, version, date=dt.date(2024, 2, 12)):
    from kotacerdas.masterplans import services as plan_services

    return plan_services.version_ratify(
        actor=world.users["coordinator_a"], version=version, kind="perbup", number="7 Tahun 2024", date=date
    )


def _refusal_en(participation, stage="ratified"):
    from kotacerdas.programme import stage_rules

    with translation.override("en"):
        return stage_rules.stage_refusal(participation, stage)


def _unchanged(participation, stages: int, events: int) -> None:
    participation.refresh_from_db()
    assert participation.stage == "bimtek_4"
    assert StageChange.objects.filter(participation=participation).count() == stages
    assert AuditEvent.objects.count() == events


def test_ratified_refused_without_a_ratified_plan_in_service_view_and_api(world, at_bimtek_4):
    import html

    _submitted_plan(world)  # submitted is not ratified
    message = _refusal_en(at_bimtek_4)
    assert message and "not ratified" in message
    stages, events = StageChange.objects.filter(participation=at_bimtek_4).count(), AuditEvent.objects.count()

    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.participation_advance(
            actor=None, participation=at_bimtek_4, stage="ratified", date=dt.date(2022, 12, 1)
        )
    assert exc.value.message_dict["stage"] == [message]
    _unchanged(at_bimtek_4, stages, events)

    client = world.client_for("pendamping")
    page = client.post(
        "/program/peserta/52.04/",
        {
            "form": "advance",
            "stage": "ratified",
            "date": "2022-12-01",
            "row_version": at_bimtek_4.row_version,
        },
        headers={"accept-language": "en"},
    )
    assert page.status_code == 400
    assert html.escape(message) in page.content.decode()
    _unchanged(at_bimtek_4, stages, events)

    api = client.post(
        "/api/v1/participations/52.04/advance/",
        {"stage": "ratified", "date": "2022-12-01", "row_version": at_bimtek_4.row_version},
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    assert api.status_code == 400
    assert api.json()["error"]["fields"]["stage"] == [message]
    _unchanged(at_bimtek_4, stages, events)
    detail = client.get("/api/v1/participations/52.04/", headers={"accept-language": "en"}).json()
    assert (detail["next_stage"], detail["next_stage_refusal"]) == ("ratified", message)


def test_ratifying_the_plan_records_the_stage_with_the_regulations_date(world, at_bimtek_4):
    _ratify(world, _submitted_plan(world))
    at_bimtek_4.refresh_from_db()
    assert (at_bimtek_4.stage, at_bimtek_4.stage_date) == ("ratified", dt.date(2024, 2, 12))
    change = StageChange.objects.get(participation=at_bimtek_4, stage="ratified")
    assert change.date == dt.date(2024, 2, 12) and "7 Tahun 2024" in change.note
    assert change.recorded_by == world.users["coordinator_a"]
    event = (
        AuditEvent.objects.filter(object_type="programme.participation", action="transition")
        .order_by("id")
        .last()
    )
    assert event.changes["stage"] == ["bimtek_4", "ratified"]
    # the next stage waits for implementation: the first approved progress report records it
    # (tests/test_monitoring_stage.py)
    message = _refusal_en(at_bimtek_4, "implementing")
    assert message and "no approved progress report" in message


def test_ratifying_leaves_a_participant_still_before_bimtek_4_alone(world, enrolled):
    early = _walk(enrolled, "bimtek_2")
    _ratify(world, _submitted_plan(world))
    early.refresh_from_db()
    assert early.stage == "bimtek_2"
    assert not StageChange.objects.filter(participation=early, stage="ratified").exists()


def test_recorded_by_hand_the_stage_takes_the_regulations_date(world, enrolled):
    behind = _walk(enrolled, "bimtek_3")
    _ratify(world, _submitted_plan(world))  # the pendamping had not recorded Bimtek IV yet
    behind = services.participation_advance(
        actor=None, participation=behind, stage="bimtek_4", date=dt.date(2023, 1, 10)
    )
    with pytest.raises(ValidationError) as exc:
        services.participation_advance(
            actor=None, participation=behind, stage="ratified", date=dt.date(2023, 2, 1)
        )
    assert "date" in exc.value.message_dict
    # the page offers the stage with the regulation's date filled in
    page = world.client_for("pendamping").get("/program/peserta/52.04/")
    form = page.context["advance_form"]
    assert [value for value, _label in form.fields["stage"].choices] == ["ratified"]
    assert form.initial["date"] == dt.date(2024, 2, 12)
    p = services.participation_advance(
        actor=None, participation=behind, stage="ratified", date=dt.date(2024, 2, 12)
    )
    assert p.stage == "ratified"


def _first_approved_report(world):
    """Monitoring's fact behind "Implementing": an approved progress report of region A (its
    approval records the stage)."""
    from kotacerdas.masterplans.models import ActionPlan
    from kotacerdas.monitoring import services as monitoring_services
    from kotacerdas.monitoring.models import ReportingPeriod

    year = monitoring_services.reporting_year_setup(actor=world.users["ministry_admin"], year=2024)
    ReportingPeriod.objects.filter(reporting_year=year).update(deadline=dt.date(2100, 1, 1))
    period = year.periods.get(number=1)
    action = ActionPlan.objects.filter(version__plan__region=world.region_a).first()
    coordinator = world.users["coordinator_a"]
    report = monitoring_services.report_save(
        actor=coordinator,
        period=period,
        region_id=world.region_a.pk,
        lineage_id=action.lineage,
        data={"status": "in_progress"},
    )
    monitoring_services.report_submit(actor=coordinator, report=report)
    return monitoring_services.report_decide(actor=coordinator, reports=[report], approve=True)[0]


def test_evaluated_refused_until_an_evaluation_can_be_recorded(world, at_bimtek_4):
    _ratify(world, _submitted_plan(world))
    _first_approved_report(world)
    p = Participation.objects.get(pk=at_bimtek_4.pk)
    assert p.stage == "implementing"
    message = _refusal_en(p, "evaluated")
    assert message and "evaluation" in message
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.participation_advance(
            actor=None, participation=p, stage="evaluated", date=dt.date(2024, 6, 27)
        )
    assert exc.value.message_dict["stage"] == [message]
    p.refresh_from_db()
    assert p.stage == "implementing"
    page = world.client_for("pendamping").get("/program/peserta/52.04/")
    assert page.context["next_refusal"] and b"stage-refusal" in page.content
    assert b'name="form" value="advance"' not in page.content


def test_a_stage_nobody_answers_for_is_refused(world, at_bimtek_4):
    from kotacerdas.programme import stage_rules

    check = stage_rules.unregister_stage_requirement("ratified")
    try:
        with translation.override("en"):
            assert "No part of the product" in stage_rules.stage_refusal(at_bimtek_4, "ratified")
    finally:
        assert check is not None
        stage_rules.register_stage_requirement("ratified", check)
    with pytest.raises(ValueError):
        stage_rules.register_stage_requirement("bimtek_1", check)


def test_stage_form_offers_only_the_next_stage(world, enrolled):
    p = _walk(enrolled, "bimtek_2")
    page = world.client_for("pendamping").get("/program/peserta/52.04/")
    assert [value for value, _label in page.context["advance_form"].fields["stage"].choices] == ["bimtek_3"]
    content = page.content.decode()
    assert '<option value="bimtek_3"' in content
    assert 'value="ratified"' not in content and 'value="bimtek_4"' not in content
    # at Bimtek IV without a ratified plan: no stage offered, the reason shown
    services.participation_advance(actor=None, participation=p, stage="bimtek_3", date=dt.date(2022, 8, 9))
    p = services.participation_advance(
        actor=None, participation=p, stage="bimtek_4", date=dt.date(2022, 9, 9)
    )
    page = world.client_for("pendamping").get("/program/peserta/52.04/")
    assert page.context["advance_form"].fields["stage"].choices == [
        ("ratified", page.context["next_stage_label"])
    ]
    assert page.context["next_refusal"]
    assert b'name="form" value="advance"' not in page.content


# ------------------------------------------------------------------ the region home says what is due


def _home(world):
    from kotacerdas.site.region_home import region_home

    with translation.override("en"):
        return region_home(region=world.region_a, actor=world.users["coordinator_a"])


def test_region_home_due_for_a_submitted_plan_and_missing_decrees(world, at_bimtek_4):
    version = _submitted_plan(world)
    home = _home(world)
    due = " | ".join(home["due"])
    assert f"version {version.number}, is submitted: record the regulation" in due
    assert "SK of the Dewan Smart City" in due and "SK of the Tim Pelaksana" in due
    assert "Record the next stage" not in due  # ratified needs the regulation first
    [card] = home["plans"]
    assert card["working"] == version and card["in_force"] is None
    assert [b["label"] for b in card["badges"]] == [f"Version {version.number}: Submitted for ratification"]
    page = world.client_for("coordinator_a").get("/wilayah/52.04/")
    assert page.status_code == 200 and b'class="plan-status"><span class="badge' in page.content


def test_region_home_due_for_a_complete_draft_and_after_ratification(world, at_bimtek_4):
    from kotacerdas.masterplans import services as plan_services

    from .masterplan_data import small_plan

    draft = small_plan(world, complete=True).version
    assert plan_services.version_problems(draft) == []
    due = " | ".join(_home(world)["due"])
    assert f"version {draft.number}, is complete: submit it for ratification" in due

    submitted = plan_services.version_submit(actor=world.users["coordinator_a"], version=draft)
    _ratify(world, submitted)
    home = _home(world)
    due = " | ".join(home["due"])
    assert "is complete" not in due and "is submitted" not in due
    assert "Record the next stage" not in due  # "Implementing" follows the first approved report
    [card] = home["plans"]
    assert card["badges"] == [{"tone": "ok", "label": "Ratified: Peraturan Bupati number 7 Tahun 2024"}]


def test_region_home_without_a_plan(world, enrolled):
    home = _home(world)
    assert home["plans"] == []
    assert "Start the master plan." in home["due"]
    assert "Record the next stage: MoU signed." in home["due"]
