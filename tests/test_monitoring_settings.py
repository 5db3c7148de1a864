"""Monitoring settings pages: the ministry's reporting years (periods, status vocabulary,
thresholds, lock exceptions) and a region's weighting. Bad input shows a message and writes
nothing; the changes that move figures recompute the stored roll-ups."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from kotacerdas.core.models import AuditEvent
from kotacerdas.masterplans.models import ActionBudget
from kotacerdas.monitoring import selectors, services
from kotacerdas.monitoring.models import (
    LockException,
    ProgressReport,
    ProgressStatus,
    RegionProgress,
    RegionSettings,
    ReportingPeriod,
    ReportingYear,
)

from .monitoring_data import monitoring_setup, report_data

pytestmark = pytest.mark.django_db

HOME = "/pemantauan/pengaturan/"
YEAR = "/pemantauan/pengaturan/2024/"
REGION = "/pemantauan/52.04/pengaturan/"


def _admin(world):
    return world.client_for("ministry_admin")


def _approved(world, m, lineage, status="in_progress", period=None, **extra) -> ProgressReport:
    """A report approved and counted in the stored roll-up (the moderation steps are tested in
    test_monitoring_services; here only their outcome matters)."""
    period = period or m.q1
    report = services.report_save(
        actor=world.users["coordinator_a"],
        period=period,
        region_id=world.region_a.pk,
        lineage_id=lineage,
        data=report_data(status, **extra),
    )
    ProgressReport.objects.filter(pk=report.pk).update(
        state="approved", submitted_at=timezone.now(), decided_at=timezone.now()
    )
    services.region_progress_refresh(region_id=world.region_a.pk, period=period)
    report.refresh_from_db()
    return report


def _writes() -> tuple[int, int, int, int, int]:
    return (
        AuditEvent.objects.count(),
        ReportingYear.objects.count(),
        ReportingPeriod.objects.count(),
        ProgressStatus.objects.count(),
        LockException.objects.count(),
    )


# ---------------------------------------------------------------- years


def test_the_empty_page_says_what_to_do_and_a_year_is_set_up(world) -> None:
    client = _admin(world)
    with translation.override("en"):
        html = client.get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No reporting year is set up yet" in html
    response = client.post(HOME, {"year": 2025, "scheme": "semester"})
    assert response.status_code == 302 and response["Location"] == "/pemantauan/pengaturan/2025/"
    year = ReportingYear.objects.get(year=2025)
    assert year.scheme == "semester" and year.periods.count() == 2 and year.statuses.count() == 7
    assert AuditEvent.objects.filter(object_type="monitoring.reportingyear", action="create").count() == 1
    page = client.get(HOME).content.decode()
    assert "/pemantauan/pengaturan/2025/" in page


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"year": 2024, "scheme": "quarterly"}, "already set up"),
        ({"year": 1990, "scheme": "quarterly"}, "greater than or equal to 2000"),
        ({"year": 2026, "scheme": "monthly"}, "Select a valid choice"),
    ],
)
def test_a_refused_year_shows_why_and_writes_nothing(world, data, field_message) -> None:
    services.reporting_year_setup(actor=world.users["ministry_admin"], year=2024)
    before = _writes()
    client = _admin(world)
    with translation.override("en"):
        response = client.post(HOME, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert _writes() == before


def test_the_year_page_shows_periods_with_their_state_today(world) -> None:
    year = services.reporting_year_setup(actor=world.users["ministry_admin"], year=2024)
    today = timezone.localdate()
    q1, q2, q3, q4 = year.periods.order_by("number")
    ReportingPeriod.objects.filter(pk=q1.pk).update(
        opens_on=today - dt.timedelta(days=90), deadline=today - dt.timedelta(days=1)
    )
    ReportingPeriod.objects.filter(pk=q2.pk).update(
        opens_on=today - dt.timedelta(days=5), deadline=today + dt.timedelta(days=4)
    )
    ReportingPeriod.objects.filter(pk__in=[q3.pk, q4.pk]).update(
        opens_on=today + dt.timedelta(days=30), deadline=today + dt.timedelta(days=60)
    )
    services.lock_exception_grant(
        actor=world.users["ministry_admin"],
        period=q1,
        region_id=world.region_a.pk,
        until=today + dt.timedelta(days=2),
        reason="Server daerah mati",
    )
    q1.refresh_from_db()
    assert selectors.period_state(q1) == "locked"
    with translation.override("en"):
        response = _admin(world).get(YEAR, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(">Locked<") == 1 and html.count(">Open<") == 1 and html.count(">Not open yet<") == 2
    assert "4 days left" in html and "1 exception running" in html
    assert "Server daerah mati" in html and "Kabupaten Sumbawa" in html
    assert 'name="status-0-label"' in html and 'value="Belum dimulai"' in html


def test_an_unknown_year_is_404(world) -> None:
    assert _admin(world).get("/pemantauan/pengaturan/2031/").status_code == 404


# ---------------------------------------------------------------- periods


def test_a_period_window_is_moved_and_audited(world) -> None:
    m = monitoring_setup(world)
    response = _admin(world).post(
        "/pemantauan/pengaturan/periode/2024-1/",
        {"p2024-1-opens_on": "2024-04-01", "p2024-1-deadline": "2024-04-20"},
    )
    assert response.status_code == 302 and response["Location"].endswith("/2024/#periode")
    m.q1.refresh_from_db()
    assert (m.q1.opens_on, m.q1.deadline) == (dt.date(2024, 4, 1), dt.date(2024, 4, 20))
    event = AuditEvent.objects.get(object_type="monitoring.reportingperiod")
    assert event.changes["deadline"] == ["2100-01-01", "2024-04-20"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"p2024-1-opens_on": "2024-05-01", "p2024-1-deadline": "2024-04-20"}, "deadline cannot be before"),
        ({"p2024-1-opens_on": "2024-05-01", "p2024-1-deadline": "besok"}, "Enter a valid date"),
    ],
)
def test_a_refused_period_window_writes_nothing(world, data, message) -> None:
    m = monitoring_setup(world)
    before = _writes()
    with translation.override("en"):
        response = _admin(world).post(
            "/pemantauan/pengaturan/periode/2024-1/", data, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 400 and message in response.content.decode()
    m.q1.refresh_from_db()
    assert m.q1.deadline == dt.date(2100, 1, 1)
    assert _writes() == before


def test_moving_a_deadline_recounts_the_reports_on_time(world) -> None:
    m = monitoring_setup(world)
    _approved(world, m, m.plan.own_action.lineage)
    row = RegionProgress.objects.get(region=world.region_a, period=m.q1)
    assert row.items_on_time == 1
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    services.period_update(
        actor=world.users["ministry_admin"], period=m.q1, opens_on=dt.date(2024, 1, 1), deadline=yesterday
    )
    row.refresh_from_db()
    assert row.items_on_time == 0 and row.items_approved == 1


# ---------------------------------------------------------------- the status vocabulary


def _status_post(year: ReportingYear, **changes) -> dict:
    """The vocabulary form as the page sends it, with ``changes`` ({code: {field: value}})."""
    statuses = list(year.statuses.all())
    data = {
        "status-TOTAL_FORMS": str(len(statuses)),
        "status-INITIAL_FORMS": str(len(statuses)),
        "status-MIN_NUM_FORMS": "0",
        "status-MAX_NUM_FORMS": "100",
    }
    for i, s in enumerate(statuses):
        row = {
            "code": s.code,
            "label": s.label,
            "percent": "" if s.percent is None else s.percent,
            "position": s.position,
        }
        row.update(changes.get(s.code, {}))
        data.update({f"status-{i}-{k}": v for k, v in row.items()})
    return data


def test_the_vocabulary_is_edited_and_each_change_audited(world) -> None:
    m = monitoring_setup(world)
    response = _admin(world).post(
        f"{YEAR}status/",
        _status_post(m.year, pilot={"label": "Uji coba", "percent": 70}, postponed={"percent": 10}),
    )
    assert response.status_code == 302
    statuses = {s.code: s for s in m.year.statuses.all()}
    assert (statuses["pilot"].label, statuses["pilot"].percent) == ("Uji coba", 70)
    assert statuses["postponed"].percent == 10 and not statuses["postponed"].excluded
    assert AuditEvent.objects.filter(object_type="monitoring.progressstatus", action="update").count() == 2
    # an empty % leaves a status out of progress
    _admin(world).post(f"{YEAR}status/", _status_post(m.year, postponed={"percent": ""}))
    assert ProgressStatus.objects.get(reporting_year=m.year, code="postponed").excluded


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pilot": {"percent": 120}}, "less than or equal to 100"),
        ({"pilot": {"label": ""}}, "This field is required"),
        ({"pilot": {"label": "x" * 81}}, "at most 80 characters"),
        ({"pilot": {"code": "invented"}}, "reload the page"),
    ],
)
def test_a_refused_vocabulary_writes_nothing_not_even_the_good_rows(world, changes, message) -> None:
    m = monitoring_setup(world)
    before = _writes()
    data = _status_post(m.year, operational={"label": "Beroperasi penuh"}, **changes)
    with translation.override("en"):
        response = _admin(world).post(f"{YEAR}status/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and message in response.content.decode()
    assert ProgressStatus.objects.get(reporting_year=m.year, code="operational").label != "Beroperasi penuh"
    assert _writes() == before


def test_a_status_refused_by_the_service_rolls_back_the_rows_saved_before_it(world, monkeypatch) -> None:
    m = monitoring_setup(world)
    real = services.status_save

    def refuse_pilot(**kwargs):
        from django.core.exceptions import ValidationError

        if kwargs["code"] == "pilot":
            raise ValidationError({"label": "Ditolak"})
        return real(**kwargs)

    monkeypatch.setattr(services, "status_save", refuse_pilot)
    before = _writes()
    data = _status_post(m.year, not_started={"label": "Belum"}, pilot={"label": "Uji"})
    response = _admin(world).post(f"{YEAR}status/", data)
    assert response.status_code == 400 and "Ditolak" in response.content.decode()
    assert ProgressStatus.objects.get(reporting_year=m.year, code="not_started").label != "Belum"
    assert _writes() == before


def test_changing_a_status_percent_recomputes_the_regions_that_use_it(world) -> None:
    m = monitoring_setup(world)
    _approved(world, m, m.plan.own_action.lineage, "pilot")
    row = RegionProgress.objects.get(region=world.region_a, period=m.q1)
    assert row.rollup["programmes"][str(m.plan.programme.lineage)]["percent"] == 75
    response = _admin(world).post(f"{YEAR}status/", _status_post(m.year, pilot={"percent": 60}))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.rollup["programmes"][str(m.plan.programme.lineage)]["percent"] == 60
    # left out of progress: the item is listed as excluded, the programme has no data
    _admin(world).post(f"{YEAR}status/", _status_post(m.year, pilot={"percent": ""}))
    row.refresh_from_db()
    assert str(m.plan.own_action.lineage) in row.rollup["excluded"]
    assert row.rollup["programmes"][str(m.plan.programme.lineage)]["percent"] is None


def test_a_status_is_added_last_and_a_duplicate_is_refused(world) -> None:
    m = monitoring_setup(world)
    response = _admin(world).post(
        f"{YEAR}status/tambah/", {"add-label": "Uji coba terbatas", "add-percent": "60"}
    )
    assert response.status_code == 302
    added = ProgressStatus.objects.get(reporting_year=m.year, code="uji_coba_terbatas")
    assert added.percent == 60 and added.position == 7
    before = _writes()
    with translation.override("en"):
        response = _admin(world).post(
            f"{YEAR}status/tambah/", {"add-label": "uji coba  terbatas"}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 400 and "already has the status" in response.content.decode()
    with translation.override("en"):
        response = _admin(world).post(
            f"{YEAR}status/tambah/", {"add-label": "!!!"}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 400 and "letters or digits" in response.content.decode()
    assert _writes() == before


# ---------------------------------------------------------------- thresholds


def test_thresholds_are_saved_and_the_stored_lights_follow(world) -> None:
    m = monitoring_setup(world)
    # GOV: 50 % achieved, 100 % of its budget absorbed: a lag of 50 points
    _approved(world, m, m.plan.own_action.lineage, "in_progress", budget_realised="250000000")
    _approved(world, m, m.plan.action.lineage, "in_progress", budget_realised="250000000")
    row = RegionProgress.objects.get(region=world.region_a, period=m.q1)
    gov = next(k for k, d in row.rollup["dimensions"].items() if d["percent"] is not None)
    assert row.rollup["dimensions"][gov]["light"] == "red"
    response = _admin(world).post(f"{YEAR}ambang/", {"amber_gap": "40", "red_gap": "60", "row_version": 1})
    assert response.status_code == 302
    m.year.refresh_from_db()
    assert (m.year.amber_gap, m.year.red_gap, m.year.row_version) == (Decimal(40), Decimal(60), 2)
    row.refresh_from_db()
    assert row.rollup["dimensions"][gov]["light"] == "amber"
    assert AuditEvent.objects.filter(object_type="monitoring.reportingyear", action="update").count() == 1


def test_refused_thresholds_and_a_conflict_write_nothing(world) -> None:
    m = monitoring_setup(world)
    before = _writes()
    client = _admin(world)
    with translation.override("en"):
        response = client.post(
            f"{YEAR}ambang/",
            {"amber_gap": "30", "red_gap": "20", "row_version": 1},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 400 and "0 ≤ amber ≤ red ≤ 100" in response.content.decode()
    services.thresholds_update(
        actor=world.users["ministry_admin"],
        reporting_year=m.year,
        amber_gap=Decimal(5),
        red_gap=Decimal(15),
        expected_version=1,
    )
    before = _writes()
    with translation.override("en"):
        response = client.post(
            f"{YEAR}ambang/",
            {"amber_gap": "30", "red_gap": "50", "row_version": 1},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    html = response.content.decode()
    assert response.status_code == 409 and "Someone else changed" in html
    assert 'name="row_version" value="2"' in html  # saving again is a knowing overwrite
    m.year.refresh_from_db()
    assert (m.year.amber_gap, m.year.red_gap) == (Decimal(5), Decimal(15))
    assert _writes() == before


# ---------------------------------------------------------------- lock exceptions


def _locked_q1(m) -> None:
    ReportingPeriod.objects.filter(pk=m.q1.pk).update(deadline=dt.date(2024, 4, 15))
    m.q1.refresh_from_db()


def _grant(**overrides) -> dict:
    until = timezone.localdate() + dt.timedelta(days=5)
    return {
        "period": "2024-1",
        "region": "Kabupaten Sumbawa",
        "agency": "disdukcapil",
        "until": until.isoformat(),
        "reason": "Server daerah mati saat tenggat",
        **overrides,
    }


def test_a_lock_exception_is_granted_by_region_name_and_agency_then_revoked(world) -> None:
    m = monitoring_setup(world)
    _locked_q1(m)
    client = _admin(world)
    response = client.post(f"{YEAR}pengecualian/", _grant())
    assert response.status_code == 302 and response["Location"].endswith("#pengecualian")
    exception = LockException.objects.get()
    assert (exception.region, exception.agency, exception.granted_by) == (
        world.region_a,
        world.agency_a,
        world.users["ministry_admin"],
    )
    assert selectors.period_lock(m.q1, region_id=world.region_a.pk, agency_id=world.agency_a.pk) is None
    assert selectors.period_lock(m.q1, region_id=world.region_a.pk, agency_id=world.agency_a2.pk) is not None
    # by code, the whole region
    client.post(f"{YEAR}pengecualian/", _grant(region="52.04", agency=""))
    assert LockException.objects.filter(agency__isnull=True).count() == 1
    assert client.post(f"{YEAR}pengecualian/cabut/", {"exception": exception.pk}).status_code == 302
    assert not LockException.objects.filter(pk=exception.pk).exists()
    assert AuditEvent.objects.filter(object_type="monitoring.lockexception", action="delete").count() == 1
    assert client.post(f"{YEAR}pengecualian/cabut/", {"exception": exception.pk}).status_code == 404
    assert client.post(f"{YEAR}pengecualian/cabut/", {"exception": "x"}).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"region": "Kabupaten Entah"}, "No region has this name or code"),
        ({"agency": "dinkes"}, "has no agency “dinkes”. Its agencies: Disdukcapil, Diskominfo."),
        ({"region": "51.08", "agency": "disdukcapil"}, "Kabupaten Buleleng has no agency"),
        ({"until": "2020-01-01"}, "has already passed"),
        ({"reason": "  "}, "This field is required"),
        ({"period": "2024-9"}, "Select a valid choice"),
    ],
)
def test_a_refused_lock_exception_writes_nothing(world, overrides, message) -> None:
    m = monitoring_setup(world)
    _locked_q1(m)
    before = _writes()
    with translation.override("en"):
        response = _admin(world).post(f"{YEAR}pengecualian/", _grant(**overrides), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert _writes() == before


def test_an_exception_ending_before_the_deadline_is_refused(world) -> None:
    m = monitoring_setup(world)  # every period open until 2100
    with translation.override("en"):
        response = _admin(world).post(f"{YEAR}pengecualian/", _grant(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "takes reports until its deadline" in response.content.decode()
    assert not LockException.objects.exists()
    del m


def test_an_exception_of_another_year_cannot_be_revoked_from_this_one(world) -> None:
    m = monitoring_setup(world)
    _locked_q1(m)
    exception = services.lock_exception_grant(
        actor=world.users["ministry_admin"],
        period=m.q1,
        region_id=world.region_a.pk,
        until=timezone.localdate() + dt.timedelta(days=1),
        reason="x",
    )
    services.reporting_year_setup(actor=world.users["ministry_admin"], year=2025)
    response = _admin(world).post(
        "/pemantauan/pengaturan/2025/pengecualian/cabut/", {"exception": exception.pk}
    )
    assert response.status_code == 404 and LockException.objects.filter(pk=exception.pk).exists()


def test_the_agency_box_suggests_the_regions_agencies(world) -> None:
    client = _admin(world)
    html = client.get("/pemantauan/pengaturan/opd/", {"region": "52.04"}).content.decode()
    assert 'value="Disdukcapil"' in html and 'value="Diskominfo"' in html and html.count("<option") == 2
    assert client.get("/pemantauan/pengaturan/opd/", {"region": "nowhere"}).content.decode().strip() == ""


# ---------------------------------------------------------------- a region's weighting


def test_the_region_page_states_what_each_weighting_gives(world) -> None:
    m = monitoring_setup(world)
    ActionBudget.objects.filter(action=m.plan.own_action, year=2024).update(amount=Decimal("750000000"))
    _approved(world, m, m.plan.own_action.lineage, "operational")
    _approved(world, m, m.plan.action.lineage, "preparation")
    with translation.override("en"):
        response = world.client_for("coordinator_a").get(REGION, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "62.5 %" in html and "81.3 %" in html  # the mean of 100 and 25; weighted 3 : 1
    assert "recomputes the region's stored progress of 1 period" in html


def test_changing_the_weighting_recomputes_the_stored_progress(world) -> None:
    m = monitoring_setup(world)
    ActionBudget.objects.filter(action=m.plan.own_action, year=2024).update(amount=Decimal("750000000"))
    _approved(world, m, m.plan.own_action.lineage, "operational")
    _approved(world, m, m.plan.action.lineage, "preparation")
    _approved(world, m, m.plan.own_action.lineage, "operational", period=m.q2)
    programme = str(m.plan.programme.lineage)
    q1 = RegionProgress.objects.get(region=world.region_a, period=m.q1)
    q2 = RegionProgress.objects.get(region=world.region_a, period=m.q2)
    assert q1.rollup["programmes"][programme]["percent"] == 62.5
    response = world.client_for("coordinator_a").post(REGION, {"weighting": "budget"})
    assert response.status_code == 302
    q1.refresh_from_db()
    q2.refresh_from_db()
    assert q1.rollup["programmes"][programme]["percent"] == 81.25
    assert q2.rollup["programmes"][programme]["percent"] == 81.25  # Q2 carries Q1's latest reports
    assert RegionSettings.objects.get(region=world.region_a).weighting == "budget"
    events = AuditEvent.objects.filter(object_type="monitoring.regionsettings").order_by("pk")
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].changes == {"weighting": ["equal", "budget"]}
    # back to equal, by the ministry
    assert _admin(world).post(REGION, {"weighting": "equal"}).status_code == 302
    q1.refresh_from_db()
    assert q1.rollup["programmes"][programme]["percent"] == 62.5


def test_a_refused_weighting_writes_nothing(world) -> None:
    monitoring_setup(world)
    before = (AuditEvent.objects.count(), RegionSettings.objects.count())
    response = world.client_for("coordinator_a").post(REGION, {"weighting": "median"})
    assert response.status_code == 400
    assert (AuditEvent.objects.count(), RegionSettings.objects.count()) == before


def test_saving_the_same_weighting_changes_nothing(world) -> None:
    m = monitoring_setup(world)
    _approved(world, m, m.plan.own_action.lineage, "operational")
    computed = RegionProgress.objects.get(region=world.region_a, period=m.q1).computed_at
    response = world.client_for("coordinator_a").post(REGION, {"weighting": "equal"})
    assert response.status_code == 302
    assert RegionProgress.objects.get(region=world.region_a, period=m.q1).computed_at == computed
    assert RegionSettings.objects.get(region=world.region_a).weighting == "equal"
    assert AuditEvent.objects.filter(object_type="monitoring.regionsettings", action="update").count() == 0


def test_the_region_page_without_a_period_says_so(world) -> None:
    with translation.override("en"):
        response = world.client_for("coordinator_a").get(REGION, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "No reporting period yet" in response.content.decode()


# ---------------------------------------------------------------- query counts


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _exceptions(world, m, start: int, n: int) -> None:
    from .factories import AgencyFactory, RegionFactory

    for i in range(start, start + n):
        region = RegionFactory(code=f"52.{i:02d}", name=f"Kabupaten Uji {i}")
        agency = AgencyFactory(region=region, code="diskominfo", acronym="Diskominfo", name="Diskominfo")
        services.lock_exception_grant(
            actor=world.users["ministry_admin"],
            period=m.q1,
            region_id=region.pk,
            agency_id=agency.pk if i % 2 else None,
            until=timezone.localdate() + dt.timedelta(days=i),
            reason=f"Alasan {i}",
        )


@pytest.mark.parametrize(("url", "pinned"), [(HOME, 6), (YEAR, 10)])
def test_the_ministry_pages_run_a_fixed_number_of_queries(world, url, pinned) -> None:
    m = monitoring_setup(world)
    _locked_q1(m)
    client = _admin(world)
    _exceptions(world, m, 10, 2)
    small = _queries(client, url)
    _exceptions(world, m, 20, 40)
    for year in (2025, 2026, 2027):
        services.reporting_year_setup(actor=world.users["ministry_admin"], year=year)
    _approved(world, m, m.plan.own_action.lineage, "pilot", period=m.q2)
    assert _queries(client, url) == small == pinned


def test_the_region_page_runs_a_fixed_number_of_queries(world) -> None:
    m = monitoring_setup(world)
    client = world.client_for("coordinator_a")
    _approved(world, m, m.plan.own_action.lineage, "pilot")
    small = _queries(client, REGION)
    _approved(world, m, m.plan.action.lineage, "pilot")
    _approved(world, m, m.plan.own_action.lineage, "operational", period=m.q2)
    assert _queries(client, REGION) == small
