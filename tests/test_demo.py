"""The demo programme (``kotacerdas demo``): built once through the services, checked for the
facts the product and the browser tests rely on."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from kotacerdas.accounts.models import Membership, User
from kotacerdas.core.models import AuditEvent
from kotacerdas.demo.build import build
from kotacerdas.demo.logins import DEMO_USERS
from kotacerdas.masterplans import selectors, services
from kotacerdas.masterplans.models import MasterPlan, PlanVersion
from kotacerdas.programme import stage_rules
from kotacerdas.programme.models import Participation, StageChange
from kotacerdas.regions.models import Region

SUMBAWA_COUNTS = {
    "GOV": (9, 25),
    "BRD": (12, 14),
    "ECO": (20, 38),
    "LIV": (13, 25),
    "SOC": (8, 18),
    "ENV": (12, 22),
}
SUMBAWA_QUICK_WINS = {
    "GOV": "SiLAMO",
    "BRD": "Discover Sumbawa",
    "ECO": "SiJINAK",
    "LIV": "e-Puskesmas",
    "SOC": "SiPATARA",
    "ENV": "Go-SIPS",
}


@pytest.mark.slow_once
@pytest.mark.django_db
def test_demo_builds_a_believable_programme(dimensions: None) -> None:
    out = io.StringIO()
    build(out)
    text = out.getvalue()

    # regions: 38 provinces, 514 kabupaten/kota in force
    current = Region.objects.current()
    assert current.provinces().count() == 38
    assert current.kabupaten_kota().count() == 514

    # about 240 participants across the cohorts, kawasan and Smart Provinces included
    participations = Participation.objects.select_related("region", "cohort", "kawasan")
    assert 230 <= participations.count() <= 250
    kabkota = participations.exclude(region__level="province")
    sizes = {year: kabkota.filter(cohort__year=year).count() for year in (2017, 2018, 2019, 2021, 2022, 2023)}
    assert sizes[2017] == 25 and sizes[2018] == 50 and sizes[2019] == 25
    assert sizes[2021] == 50 and sizes[2022] == 50 and sizes[2023] > 0
    assert set(participations.filter(region__level="province").values_list("region__code", flat=True)) == {
        "32",
        "34",
    }
    samosir = participations.get(region__code="12.17")
    assert samosir.track == "kawasan" and samosir.kawasan is not None
    assert samosir.kawasan.code == "danau-toba"
    assert participations.filter(kawasan__code="ikn").count() == 4
    assert participations.get(region__code="13.73").stage == "bimtek_3"
    # every step went through the services: a timeline row and an audit event per stage change
    implementing = participations.get(region__code="52.04")
    assert implementing.stage == "implementing"
    assert StageChange.objects.filter(participation=implementing).count() == 8
    assert AuditEvent.objects.filter(object_type="programme.participation", action="transition").count() == (
        StageChange.objects.exclude(stage="selected").count()
    )

    # Kabupaten Sumbawa: v1 ratified by Perbup with the published counts, v2 a draft
    plan = MasterPlan.objects.get(region__code="52.04", start_year=2024)
    v1 = PlanVersion.objects.get(plan=plan, number=1)
    v2 = PlanVersion.objects.get(plan=plan, number=2)
    assert v1.status == "ratified" and v1.ratification_kind == "perbup"
    assert v1.ratification_date is not None and v1.ratification_date.year == 2024
    assert v1.ratification_signatory == "Drs. H. Mahmud Abdullah"  # Bupati Sumbawa 2021-2024
    assert v2.status == "draft" and v2.based_on_id == v1.pk
    assert v1.vision == "Sumbawa Gemilang"
    counts = {
        c["dimension"].code: (c["programmes"], c["actions"])
        for c in selectors.counts_per_dimension(version=v1)
    }
    assert counts == SUMBAWA_COUNTS
    assert sum(p for p, _a in counts.values()) == 74 and sum(a for _p, a in counts.values()) == 142
    quick_wins = {q.dimension.code: q.acronym for q in v1.quick_wins.select_related("dimension")}
    assert quick_wins == SUMBAWA_QUICK_WINS
    assert services.version_problems(v1) == []
    assert selectors.version_checklist(version=v1)["ready"]
    assert v1.missions.count() >= 3 and v1.swot_items.count() >= 20 and v1.roadmap_items.count() == 30
    assert not v1.readiness.filter(score__isnull=True).exists()
    assert selectors.budget_summary(version=v1)["total"] > 0
    assert selectors.version_diff(old=v1, new=v2)["total_changes"] > 0

    # the other demo regions: plans of realistic size, in the state their stage calls for
    states = {}
    for code in ("51.08", "63.03", "52.07", "13.73", "52.71"):
        version = PlanVersion.objects.get(plan__region__code=code)
        rows = selectors.counts_per_dimension(version=version)
        assert 60 <= sum(r["programmes"] for r in rows) <= 80, code
        assert 120 <= sum(r["actions"] for r in rows) <= 150, code
        states[code] = version.status
    # who signed the other regions' regulations is left blank: the names are not certain
    assert not PlanVersion.objects.exclude(plan__region__code="52.04").exclude(ratification_signatory="")
    assert states == {
        "51.08": "ratified",
        "63.03": "ratified",
        "52.07": "submitted",
        "13.73": "draft",
        "52.71": "ratified",
    }
    sawahlunto = PlanVersion.objects.get(plan__region__code="13.73")
    assert set(sawahlunto.quick_wins.values_list("acronym", flat=True)) == {
        "Dada Warsina",
        "Info Sunto",
        "Jempol Narsis",
    }
    assert not selectors.version_checklist(version=sawahlunto)["ready"]

    # the stages follow the facts, for every participant: "ratified" and later only with a
    # ratified plan, dated by its regulation; nobody "evaluated" (no evaluation can be recorded yet)
    for participation in participations:
        assert stage_rules.stage_refusal(participation, participation.stage) is None, participation
    assert not participations.filter(stage="evaluated").exists()
    ratified = StageChange.objects.filter(stage="ratified").select_related("participation")
    assert {c.participation.region.code for c in ratified} == {"51.08", "63.03", "52.04", "52.71"}
    for change in ratified:
        evidence = stage_rules.stage_evidence(change.participation, "ratified")
        assert evidence is not None and evidence.date == change.date, change
    sumbawa_ratified = ratified.get(participation__region__code="52.04")
    assert sumbawa_ratified.date == v1.ratification_date == dt.date(2024, 2, 12)
    assert participations.get(region__code="52.07").stage == "bimtek_4"  # its plan is only submitted

    # every demo login exists with its role
    for username, _name, role, _scope in DEMO_USERS:
        user = User.objects.get(username=username)
        assert user.has_usable_password()
        assert Membership.objects.filter(user=user, role=role).exists(), username

    # the summary comes before the logins
    assert f"{participations.count()} participants" in text
    assert text.index("Master plans:") < text.index("admin")


@pytest.mark.django_db
def test_demo_refuses_outside_demo_mode(settings) -> None:
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("demo", stdout=io.StringIO())
    assert not User.objects.exists()
    assert not Participation.objects.exists()
