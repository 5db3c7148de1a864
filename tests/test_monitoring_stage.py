"""The participation stage follows implementation: "Implementing" needs an approved progress
report, and the first approval records it with the date the report was approved."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from kotacerdas.core.models import AuditEvent
from kotacerdas.monitoring import services
from kotacerdas.programme import services as programme_services
from kotacerdas.programme import stage_rules
from kotacerdas.programme.models import Participation, StageChange

from .factories import CohortFactory
from .monitoring_data import monitoring_setup, report_data

pytestmark = pytest.mark.django_db

PATH_TO_BIMTEK_4 = [
    ("mou_signed", dt.date(2022, 4, 21)),
    ("bimtek_1", dt.date(2022, 6, 14)),
    ("bimtek_2", dt.date(2022, 7, 12)),
    ("bimtek_3", dt.date(2022, 8, 9)),
    ("bimtek_4", dt.date(2022, 9, 20)),
]


@pytest.fixture
def ratified_participant(world):
    """Region A at Bimtek IV, then its plan ratified (which records "Master plan ratified")."""
    CohortFactory(year=2022)
    participation = programme_services.participation_enrol(
        actor=None, region_code="52.04", cohort_year=2022, selected_on=dt.date(2022, 1, 10)
    )
    programme_services.mou_record(
        actor=None,
        participation=participation,
        number="NK/52.04/2022",
        date=dt.date(2022, 4, 1),
        signatories="x",
    )
    for stage, day in PATH_TO_BIMTEK_4:
        participation = programme_services.participation_advance(
            actor=None, participation=participation, stage=stage, date=day
        )
    m = monitoring_setup(world)
    participation.refresh_from_db()
    assert (participation.stage, participation.stage_date) == ("ratified", dt.date(2024, 3, 1))
    return participation, m


def _approved_report(world, m, lineage):
    coordinator = world.users["coordinator_a"]
    report = services.report_save(
        actor=coordinator, period=m.q1, region_id=world.region_a.pk, lineage_id=lineage, data=report_data()
    )
    services.report_submit(actor=coordinator, report=report)
    return services.report_decide(actor=coordinator, reports=[report], approve=True)[0]


def test_the_first_approval_moves_a_ratified_participant_to_implementing(world, ratified_participant) -> None:
    participation, m = ratified_participant
    coordinator = world.users["coordinator_a"]
    # a report saved and submitted is not implementation yet
    report = services.report_save(
        actor=coordinator,
        period=m.q1,
        region_id=world.region_a.pk,
        lineage_id=m.plan.action.lineage,
        data=report_data(),
    )
    services.report_submit(actor=coordinator, report=report)
    participation.refresh_from_db()
    assert participation.stage == "ratified"

    approved = services.report_decide(actor=coordinator, reports=[report], approve=True)[0]
    participation.refresh_from_db()
    assert approved.decided_at is not None
    assert participation.stage == "implementing"
    assert participation.stage_date == timezone.localdate(approved.decided_at)
    change = StageChange.objects.get(participation=participation, stage="implementing")
    assert change.date == participation.stage_date and approved.item_code in change.note
    assert change.recorded_by == coordinator
    event = (
        AuditEvent.objects.filter(object_type="programme.participation", action="transition")
        .order_by("id")
        .last()
    )
    assert event is not None and event.changes["stage"] == ["ratified", "implementing"]
    evidence = stage_rules.stage_evidence(participation, "implementing")
    assert evidence is not None and evidence.date == participation.stage_date

    # a later approval keeps the date of the first
    _approved_report(world, m, m.plan.own_action.lineage)
    participation.refresh_from_db()
    assert participation.stage_date == change.date
    assert StageChange.objects.filter(participation=participation, stage="implementing").count() == 1


def test_without_an_approved_report_the_stage_is_refused(world, ratified_participant) -> None:
    participation, m = ratified_participant
    coordinator = world.users["coordinator_a"]
    report = services.report_save(
        actor=coordinator,
        period=m.q1,
        region_id=world.region_a.pk,
        lineage_id=m.plan.action.lineage,
        data=report_data(),
    )
    services.report_submit(actor=coordinator, report=report)  # submitted, not approved
    with translation.override("en"):
        message = stage_rules.stage_refusal(participation, "implementing")
    assert message and "no approved progress report" in message
    stages, events = StageChange.objects.count(), AuditEvent.objects.count()

    with translation.override("en"), pytest.raises(ValidationError) as exc:
        programme_services.participation_advance(
            actor=None, participation=participation, stage="implementing", date=dt.date(2024, 4, 1)
        )
    assert exc.value.message_dict["stage"] == [message]

    client = world.client_for("pendamping")
    page = client.get("/program/peserta/52.04/", headers={"accept-language": "en"})
    assert page.context["next_refusal"] == message
    assert b'name="form" value="advance"' not in page.content
    posted = client.post(
        "/program/peserta/52.04/",
        {
            "form": "advance",
            "stage": "implementing",
            "date": "2024-04-01",
            "row_version": participation.row_version,
        },
        headers={"accept-language": "en"},
    )
    assert posted.status_code == 400
    assert html.escape(message) in posted.content.decode()
    api = client.post(
        "/api/v1/participations/52.04/advance/",
        {"stage": "implementing", "date": "2024-04-01", "row_version": participation.row_version},
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    assert api.status_code == 400 and api.json()["error"]["fields"]["stage"] == [message]
    participation.refresh_from_db()
    assert participation.stage == "ratified"
    assert (StageChange.objects.count(), AuditEvent.objects.count()) == (stages, events)


def test_the_stage_takes_the_date_of_the_first_approval(world, ratified_participant) -> None:
    """Recorded by hand (the pendamping), the stage must carry the first approval's date."""
    participation, m = ratified_participant
    # the participant was held back before ratification, so the approval did not record the stage
    Participation.objects.filter(pk=participation.pk).update(
        stage="bimtek_4", stage_date=dt.date(2022, 9, 20)
    )
    StageChange.objects.filter(participation=participation, stage="ratified").delete()
    approved = _approved_report(world, m, m.plan.action.lineage)
    participation.refresh_from_db()
    assert participation.stage == "bimtek_4"
    participation = programme_services.participation_advance(
        actor=None, participation=participation, stage="ratified", date=dt.date(2024, 3, 1)
    )
    day = timezone.localdate(approved.decided_at)
    with pytest.raises(ValidationError) as exc:
        programme_services.participation_advance(
            actor=None, participation=participation, stage="implementing", date=day - dt.timedelta(days=3)
        )
    assert "date" in exc.value.message_dict
    participation = programme_services.participation_advance(
        actor=None, participation=participation, stage="implementing", date=day
    )
    assert participation.stage == "implementing"
    assert stage_rules.stage_refusal(participation, "implementing") is None


def test_a_stage_rule_nobody_answers_is_refused(world, ratified_participant) -> None:
    participation, _m = ratified_participant
    check = stage_rules.unregister_stage_requirement("implementing")
    try:
        with translation.override("en"):
            assert "No part of the product records progress reports" in (
                stage_rules.stage_refusal(participation, "implementing") or ""
            )
    finally:
        assert check is not None
        stage_rules.register_stage_requirement("implementing", check)
