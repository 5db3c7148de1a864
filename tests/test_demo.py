"""The demo programme (``kotacerdas demo``): built once through the services, checked for the
facts the product and the browser tests rely on."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from kotacerdas.accounts.models import Membership, User
from kotacerdas.core.models import AuditEvent
from kotacerdas.demo.build import build
from kotacerdas.demo.logins import DEMO_USERS
from kotacerdas.masterplans import selectors, services
from kotacerdas.masterplans.models import MasterPlan, PlanVersion
from kotacerdas.monitoring import selectors as monitoring_selectors
from kotacerdas.monitoring.models import LockException, ProgressReport, RegionProgress, ReportingYear
from kotacerdas.notifications.models import Notification
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
    assert participations.get(region__code="13.73").stage == "implementing"
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
        "13.73": "ratified",
        "52.71": "ratified",
    }
    sawahlunto = PlanVersion.objects.get(plan__region__code="13.73")
    assert {"Dada Warsina", "Info Sunto", "Jempol Narsis"} <= set(
        sawahlunto.quick_wins.values_list("acronym", flat=True)
    )
    assert sawahlunto.quick_wins.count() == 6

    # the stages follow the facts, for every participant: "ratified" and later only with a
    # ratified plan, dated by its regulation; nobody moved to "evaluated" by the demo (its published
    # rounds would allow it for the regions that reached "implementing")
    for participation in participations:
        assert stage_rules.stage_refusal(participation, participation.stage) is None, participation
    assert not participations.filter(stage="evaluated").exists()
    ratified = StageChange.objects.filter(stage="ratified").select_related("participation")
    assert {c.participation.region.code for c in ratified} == {"51.08", "63.03", "52.04", "52.71", "13.73"}
    for change in ratified:
        evidence = stage_rules.stage_evidence(change.participation, "ratified")
        assert evidence is not None and evidence.date == change.date, change
    sumbawa_ratified = ratified.get(participation__region__code="52.04")
    assert sumbawa_ratified.date == v1.ratification_date == dt.date(2024, 2, 12)
    assert participations.get(region__code="52.07").stage == "bimtek_4"  # its plan is only submitted

    _monitoring_checks(participations)
    _evaluation_checks()

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


RATIFIED_REGIONS = {"51.08", "63.03", "52.04", "52.71", "13.73"}


def _evaluation_checks() -> None:
    """2022 loaded from letters, 2023 scored and published, 2024 in document review."""
    from kotacerdas.evaluation.models import Assignment, RegionResult, Round
    from kotacerdas.evaluation.services import snapshot_recompute

    rounds = {r.code: r for r in Round.objects.all()}
    assert {code: r.phase for code, r in rounds.items()} == {
        "2022-2": "published",
        "2023-2": "published",
        "2024-2": "document_review",
    }
    kediri = RegionResult.objects.get(snapshot=rounds["2022-2"].snapshot, region__code="35.71")
    assert kediri.index == Decimal("3.32")  # 3.315 from its printed parts, half up
    sumbawa = RegionResult.objects.get(snapshot=rounds["2023-2"].snapshot, region__code="52.04")
    assert sumbawa.improvement is not None and len(sumbawa.smart) == 6
    for code in ("2022-2", "2023-2"):
        snapshot = rounds[code].snapshot
        assert snapshot is not None and snapshot_recompute(snapshot)[1] == snapshot.digest
    assert (
        Assignment.objects.filter(entry__round=rounds["2024-2"], assessor__user__username="asesor").count()
        == 2
    )
    # Sumbawa's self-assessment is submitted (the version its assessors read), Buleleng's a draft
    from kotacerdas.evaluation.models import SelfAssessment

    held = {
        s.entry.region.code: s
        for s in SelfAssessment.objects.filter(entry__round=rounds["2024-2"]).select_related("entry__region")
    }
    assert held["52.04"].status == "submitted" and held["52.04"].versions.count() == 1
    assert held["52.04"].answers.filter(level__isnull=True).count() == 0
    assert held["52.04"].answers.exclude(links=[]).exists()
    assert held["51.08"].status == "draft" and held["51.08"].answers.exists()


def _monitoring_checks(participations) -> None:
    """Monitoring 2024 of the regions with a ratified plan: history, live moderation, the stage."""
    # "Implementing" recorded by each region's first approved report, with the day it was approved
    implementing = StageChange.objects.filter(stage="implementing").select_related("participation__region")
    assert {c.participation.region.code for c in implementing} == RATIFIED_REGIONS
    for change in implementing:
        evidence = stage_rules.stage_evidence(change.participation, "implementing")
        assert evidence is not None and evidence.date == change.date, change
        assert dt.date(2024, 3, 20) <= change.date <= dt.date(2024, 6, 30)  # the first quarter's reports

    year = ReportingYear.objects.get(year=2024)
    assert year.scheme == "quarterly" and year.periods.count() == 4
    reports = ProgressReport.objects.all()
    assert set(reports.values_list("region__code", flat=True).distinct()) == RATIFIED_REGIONS
    for code in RATIFIED_REGIONS:
        mine = reports.filter(region__code=code, state="approved")
        version = PlanVersion.objects.get(plan__region__code=code, status="ratified")
        # every quick win in every quarter, and a good share of the actions
        wins = reports.filter(region__code=code, kind="quick_win")
        assert wins.count() == 4 * version.quick_wins.count(), code
        assert wins.filter(period__number__lte=3, state="approved").count() == 3 * version.quick_wins.count()
        actions = mine.filter(kind="action", period__number=3).count()
        assert 0.35 * version.actions.count() <= actions <= version.actions.count(), (code, actions)
        stored = {p.period.number: p for p in RegionProgress.objects.filter(region__code=code)}
        assert set(stored) == {1, 2, 3, 4}, code
        for row in stored.values():
            assert row.plan_percent is not None and 0 < row.plan_percent <= 100
            assert 0 < row.items_on_time <= row.items_approved <= row.items_expected
        fresh = monitoring_selectors.region_rollup(region_id=stored[4].region_id, period=stored[4].period)
        assert round(fresh.result.plan.percent or 0, 2) == float(stored[4].plan_percent or 0)
        rates = [stored[n].items_approved / stored[n].items_expected for n in (1, 2, 3)]
        assert min(rates) > 0.3 and max(rates) < 1
    assert reports.filter(state="approved", manual_percent__isnull=False).exclude(manual_reason="").exists()
    assert reports.filter(status__percent__isnull=True).exists()  # some cancelled or postponed

    # Sawahlunto's quick wins at the published completion figures, each with its reason
    q4 = reports.filter(region__code="13.73", period__number=4, kind="quick_win", state="approved")
    figures = {
        r.quick_win.acronym: (r.percent, r.manual_reason) for r in q4.select_related("quick_win", "status")
    }
    assert figures["Dada Warsina"][0] == 70 and figures["Info Sunto"][0] == 1
    assert figures["Jempol Narsis"][0] == 99
    assert all(reason for _percent, reason in figures.values())

    # the fourth quarter of Sumbawa through the services: a lock exception, reports in every state
    exception = LockException.objects.get(region__code="52.04", period__number=4)
    assert exception.until > dt.date.today() and exception.reason
    sumbawa = reports.filter(region__code="52.04", period__number=4)
    for state in ("approved", "submitted", "returned", "draft"):
        assert sumbawa.filter(state=state).exists(), state
    officer = User.objects.get(username="opd.sumbawa")
    own = sumbawa.filter(agency=officer.memberships.get().agency)
    assert {"submitted", "returned", "draft"} <= set(own.values_list("state", flat=True))
    assert (
        sumbawa.filter(state="returned").exclude(return_comment="").count()
        == sumbawa.filter(state="returned").count()
    )
    assert Notification.objects.filter(
        recipient__username="koordinator.sumbawa", kind="report_submitted"
    ).exists()
    # the history is in the audit trail like the services' steps
    approved = reports.filter(region__code="51.08", state="approved").first()
    assert approved is not None and approved.submitted_at < approved.decided_at
    assert (
        AuditEvent.objects.filter(object_type="monitoring.progressreport", object_id=str(approved.pk)).count()
        == 3
    )


@pytest.mark.django_db
def test_demo_refuses_a_database_with_users() -> None:
    User.objects.create_user(username="someone", password=None)
    with pytest.raises(CommandError, match="empty database"):
        call_command("demo", stdout=io.StringIO())
    assert not Participation.objects.exists()
