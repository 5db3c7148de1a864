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
