"""Who signed the ratifying regulation: recorded with the ratification (service, page, API, audit),
shown on the plan page and the versions page, printed in the document's signature block."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kotacerdas.core.models import AuditEvent
from kotacerdas.masterplans import documents, services
from kotacerdas.masterplans.models import PlanVersion
from kotacerdas.organisation.models import BodyMember

from .masterplan_data import small_plan
from .test_documents import pdf_text

REGENT = "Drs. H. Mahmud Abdullah"
API = "/api/v1/masterplans/52.04/versions/1/"


@pytest.fixture
def submitted(world):
    small = small_plan(world, complete=True)
    return services.version_submit(actor=world.users["coordinator_a"], version=small.version)


def _ratify(world, version, **extra):
    return services.version_ratify(
        actor=world.users["coordinator_a"],
        version=version,
        kind="perbup",
        number="7 Tahun 2024",
        date=dt.date(2024, 2, 12),
        **extra,
    )


def test_the_service_records_who_signed_and_audits_it(world, submitted):
    ratified = _ratify(world, submitted, signatory=f"  {REGENT.replace(' ', '  ')} ")
    assert ratified.ratification_signatory == REGENT  # spaces tidied
    assert PlanVersion.objects.get(pk=submitted.pk).ratification_signatory == REGENT
    event = AuditEvent.objects.filter(object_id=str(submitted.pk), action="transition").latest("pk")
    assert event.changes["ratification_signatory"] == [None, REGENT]
    assert event.changes["status"] == ["submitted", "ratified"]


def test_the_name_is_optional_and_bounded(world, submitted):
    with pytest.raises(ValidationError) as refused:
        _ratify(world, submitted, signatory="x" * 201)
    assert "signatory" in refused.value.message_dict
    assert PlanVersion.objects.get(pk=submitted.pk).status == "submitted"  # nothing written
    ratified = _ratify(world, submitted)
    assert ratified.status == "ratified" and ratified.ratification_signatory == ""
    event = AuditEvent.objects.filter(object_id=str(submitted.pk), action="transition").latest("pk")
    assert "ratification_signatory" not in event.changes


def test_the_ratify_form_records_it_and_the_plan_pages_show_it(world, submitted):
    client = world.client_for("coordinator_a")
    response = client.post(
        "/rencana-induk/52.04/sahkan/?versi=1",
        {"kind": "perbup", "number": "7 Tahun 2024", "date": "2024-02-12", "signatory": REGENT},
    )
    assert response.status_code == 302, response.content.decode()
    assert PlanVersion.objects.get(pk=submitted.pk).ratification_signatory == REGENT
    with translation.override("en"):
        page = client.get("/rencana-induk/52.04/?versi=1", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        versions = client.get("/rencana-induk/52.04/versi/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"signed by {REGENT}" in page  # the ratification line under the plan's title
    assert f"signed by {REGENT}" in versions  # the version's row


def test_the_ratify_form_shows_the_field_and_refuses_a_long_name(world, submitted):
    client = world.client_for("coordinator_a")
    assert 'name="signatory"' in client.get("/rencana-induk/52.04/versi/?versi=1").content.decode()
    refused = client.post(
        "/rencana-induk/52.04/sahkan/?versi=1",
        {"kind": "perbup", "number": "7 Tahun 2024", "date": "2024-02-12", "signatory": "x" * 201},
    )
    assert refused.status_code == 400 and "signatory" in refused.context["ratify_form"].errors
    assert PlanVersion.objects.get(pk=submitted.pk).status == "submitted"


def test_the_api_records_it_and_answers_it(world, submitted):
    client = world.client_for("coordinator_a")
    long = client.post(
        f"{API}ratify/",
        {"kind": "perbup", "number": "7 Tahun 2024", "date": "2024-02-12", "signatory": "x" * 201},
        content_type="application/json",
    )
    assert long.status_code == 400 and "signatory" in long.json()["error"]["fields"]
    response = client.post(
        f"{API}ratify/",
        {"kind": "perbup", "number": "7 Tahun 2024", "date": "2024-02-12", "signatory": REGENT},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["ratification_signatory"] == REGENT
    assert client.get(API).json()["version"]["ratification_signatory"] == REGENT
    assert PlanVersion.objects.get(pk=submitted.pk).ratification_signatory == REGENT


def test_the_document_signs_with_the_recorded_name(world, submitted, tmp_path):
    # the Dewan's chair names someone else: the name recorded with the ratification wins
    BodyMember.objects.create(region=world.region_a, body="dewan", name="H. Husni Djibril", role="ketua")
    ratified = _ratify(world, submitted, signatory=REGENT)
    assert documents.build_context(ratified)["signature"]["name"] == REGENT
    text = pdf_text(documents.render_pdf(ratified), tmp_path)
    assert "BUPATI SUMBAWA," in text and REGENT.upper() in text
    assert "H. HUSNI DJIBRIL" not in text.split("Ditetapkan di")[-1]  # not in the signature block


def test_without_a_recorded_name_the_document_signs_as_before(world, submitted):
    BodyMember.objects.create(region=world.region_a, body="dewan", name=REGENT, role="ketua")
    ratified = _ratify(world, submitted)
    assert documents.build_context(ratified)["signature"]["name"] == REGENT  # the Dewan's chair
    BodyMember.objects.all().delete()
    assert documents.build_context(ratified)["signature"]["name"] == ""  # a line to write it on
