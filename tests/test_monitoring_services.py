"""Monitoring services: periods and locks, saving and moderating reports, the stored roll-up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.models import AuditEvent
from kotacerdas.monitoring import selectors, services
from kotacerdas.monitoring.models import ProgressReport, RegionProgress, ReportingPeriod

from .monitoring_data import monitoring_setup, report_data

pytestmark = pytest.mark.django_db


def test_a_year_has_four_quarters_and_the_default_vocabulary(world) -> None:
    year = services.reporting_year_setup(actor=world.users["ministry_admin"], year=2025)
    periods = list(year.periods.order_by("number"))
    assert [p.label for p in periods] == [
        "Triwulan I 2025",
        "Triwulan II 2025",
        "Triwulan III 2025",
        "Triwulan IV 2025",
    ]
    assert periods[1].starts_on == dt.date(2025, 4, 1) and periods[1].ends_on == dt.date(2025, 6, 30)
    assert periods[1].deadline == dt.date(2025, 7, 15)
    assert [(s.code, s.percent) for s in year.statuses.all()] == [
        ("not_started", 0),
        ("preparation", 25),
        ("in_progress", 50),
        ("pilot", 75),
        ("operational", 100),
        ("cancelled", None),
        ("postponed", None),
    ]
    semester = services.reporting_year_setup(
        actor=world.users["ministry_admin"], year=2026, scheme="semester"
    )
    assert [p.label for p in semester.periods.all()] == ["Semester I 2026", "Semester II 2026"]


def test_only_the_ministry_sets_up_a_year(world) -> None:
    with pytest.raises(PermissionDenied):
        services.reporting_year_setup(actor=world.users["coordinator_a"], year=2025)


def test_an_officer_reports_on_own_items_only(world) -> None:
    m = monitoring_setup(world)
    officer = world.users["officer_a"]
    report = services.report_save(
        actor=officer,
        period=m.q1,
        region_id=world.region_a.pk,
        lineage_id=m.plan.own_action.lineage,
        data=report_data(),
    )
    assert report.percent == Decimal(50) and report.state == "draft"
    assert report.item_code == "GOV-01.02"
    with pytest.raises(PermissionDenied):
        services.report_save(
            actor=officer,
            period=m.q1,
            region_id=world.region_a.pk,
            lineage_id=m.plan.action.lineage,
            data=report_data(),
        )
    with pytest.raises(PermissionDenied):
        services.report_save(
            actor=world.users["coordinator_b"],
            period=m.q1,
            region_id=world.region_a.pk,
            lineage_id=m.plan.own_action.lineage,
            data=report_data(),
        )
    # the coordinator reports for any agency of the region
    services.report_save(
        actor=world.users["coordinator_a"],
        period=m.q1,
        region_id=world.region_a.pk,
        lineage_id=m.plan.action.lineage,
        data=report_data("pilot"),
    )
    assert ProgressReport.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "nope"}, "status"),
        ({"status": "pilot", "manual_percent": "80"}, "manual_reason"),
        ({"status": "pilot", "manual_percent": "120", "manual_reason": "x"}, "manual_percent"),
        ({"status": "cancelled", "manual_percent": "10", "manual_reason": "x"}, "manual_percent"),
        ({"status": "pilot", "budget_realised": "-5"}, "budget_realised"),
        ({"status": "pilot", "budget_realised": "abc"}, "budget_realised"),
        ({"status": "pilot", "links": "javascript:alert(1)"}, "links"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(world, data, field) -> None:
    m = monitoring_setup(world)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.report_save(
            actor=world.users["officer_a"],
            period=m.q1,
            region_id=world.region_a.pk,
            lineage_id=m.plan.own_action.lineage,
            data=data,
        )
    assert field in caught.value.message_dict
    assert ProgressReport.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_manual_percent_with_its_reason_overrides_the_status(world) -> None:
    m = monitoring_setup(world)
    report = services.report_save(
        actor=world.users["officer_a"],
        period=m.q1,
        region_id=world.region_a.pk,
        lineage_id=m.plan.own_action.lineage,
        data=report_data("pilot", manual_percent="80", manual_reason="Uji coba di 4 dari 5 kecamatan"),
    )
    assert report.percent == Decimal(80)


def test_a_locked_period_refuses_and_an_exception_lets_exactly_that_agency_in(world) -> None:
    m = monitoring_setup(world)
    ReportingPeriod.objects.filter(pk=m.q1.pk).update(deadline=dt.date(2024, 4, 15))
    m.q1.refresh_from_db()
    save = dict(period=m.q1, region_id=world.region_a.pk, data=report_data())
    with pytest.raises(ValidationError) as caught:
        services.report_save(actor=world.users["officer_a"], lineage_id=m.plan.own_action.lineage, **save)
    assert "dikunci" in caught.value.messages[0] and "kementerian" in caught.value.messages[0].lower()
    services.lock_exception_grant(
        actor=world.users["ministry_admin"],
        period=m.q1,
        region_id=world.region_a.pk,
        agency_id=world.agency_a.pk,
        until=dt.date.today() + dt.timedelta(days=3),
        reason="Server daerah mati saat tenggat",
    )
    services.report_save(actor=world.users["officer_a"], lineage_id=m.plan.own_action.lineage, **save)
    # the other agency of the region stays locked out, even for the coordinator
    with pytest.raises(ValidationError):
        services.report_save(actor=world.users["coordinator_a"], lineage_id=m.plan.action.lineage, **save)


def test_an_expired_exception_does_not_open_the_period(world) -> None:
    m = monitoring_setup(world)
    ReportingPeriod.objects.filter(pk=m.q1.pk).update(deadline=dt.date(2024, 4, 15))
    m.q1.refresh_from_db()
    exception = services.lock_exception_grant(
        actor=world.users["ministry_admin"],
        period=m.q1,
        region_id=world.region_a.pk,
        until=dt.date.today(),
        reason="Satu hari",
    )
    assert selectors.period_lock(m.q1, region_id=world.region_a.pk, agency_id=world.agency_a.pk) is None
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert selectors.period_lock(m.q1, region_id=world.region_a.pk, agency_id=None, on=tomorrow) is not None
    assert exception.region_id == world.region_a.pk


def test_two_writers_the_second_gets_a_conflict_with_the_others_values(world) -> None:
    m = monitoring_setup(world)
    args = dict(period=m.q1, region_id=world.region_a.pk, lineage_id=m.plan.own_action.lineage)
    first = services.report_save(actor=world.users["officer_a"], data=report_data("preparation"), **args)
    opened = first.row_version
    services.report_save(
        actor=world.users["coordinator_a"], data=report_data("pilot"), expected_version=opened, **args
    )
    with pytest.raises(ConflictError) as caught:
        services.report_save(
            actor=world.users["officer_a"], data=report_data("operational"), expected_version=opened, **args
        )
    assert caught.value.current["status"] is not None
    assert ProgressReport.objects.get().status.code == "pilot"


def test_a_resent_offline_draft_is_applied_once(world) -> None:
    m = monitoring_setup(world)
    args = dict(period=m.q1, region_id=world.region_a.pk, lineage_id=m.plan.own_action.lineage)
    first = services.report_save(actor=world.users["officer_a"], data=report_data("preparation"), **args)
    sent = services.report_save(
        actor=world.users["officer_a"],
        data=report_data("pilot"),
        expected_version=first.row_version,
        client_key="k-1",
        **args,
    )
    again = services.report_save(
        actor=world.users["officer_a"],
        data=report_data("pilot"),
        expected_version=first.row_version,
        client_key="k-1",
        **args,
    )
    assert again.row_version == sent.row_version == first.row_version + 1


def test_the_same_values_sent_again_change_nothing(world) -> None:
    m = monitoring_setup(world)
    args = dict(period=m.q1, region_id=world.region_a.pk, lineage_id=m.plan.own_action.lineage)
    officer = world.users["officer_a"]
    data = report_data("pilot", manual_percent="80", manual_reason="Empat kecamatan", budget_realised="1000")
    services.report_save(actor=officer, data=report_data("preparation"), **args)
    saved = services.report_save(actor=officer, data=data, expected_version=1, **args)
    events = AuditEvent.objects.count()
    # sent again with the version it was sent with (stale now): nothing would change, so no conflict
    again = services.report_save(
        actor=officer, data={**data, "manual_percent": "80.00"}, expected_version=1, **args
    )
    assert again.row_version == saved.row_version == 2
    assert AuditEvent.objects.count() == events
    with pytest.raises(ConflictError):  # other values with the stale version are still refused
        services.report_save(actor=officer, data=report_data("operational"), expected_version=1, **args)


def _submitted(world, m, lineage, status="in_progress", **extra):
    actor = world.users["coordinator_a"]
    report = services.report_save(
        actor=actor,
        period=m.q1,
        region_id=world.region_a.pk,
        lineage_id=lineage,
        data=report_data(status, **extra),
    )
    return services.report_submit(actor=actor, report=report)


def test_moderation_submit_approve_return(world, django_capture_on_commit_callbacks) -> None:
    m = monitoring_setup(world)
    report = _submitted(world, m, m.plan.own_action.lineage)
    assert report.state == "submitted"
    with pytest.raises(ValidationError):  # a submitted report is not edited
        services.report_save(
            actor=world.users["officer_a"],
            period=m.q1,
            region_id=world.region_a.pk,
            lineage_id=m.plan.own_action.lineage,
            data=report_data("pilot"),
        )
    # (the values it already holds, sent again, are no edit: nothing is written, nothing refused)
    assert (
        services.report_save(
            actor=world.users["officer_a"],
            period=m.q1,
            region_id=world.region_a.pk,
            lineage_id=m.plan.own_action.lineage,
            data=report_data(),
        ).row_version
        == report.row_version
    )
    with pytest.raises(ValidationError) as caught:
        services.report_decide(actor=world.users["coordinator_a"], reports=[report], approve=False)
    assert "comment" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        services.report_decide(actor=world.users["coordinator_b"], reports=[report], approve=True)
    with pytest.raises(PermissionDenied):
        services.report_decide(actor=world.users["officer_a"], reports=[report], approve=True)
    returned = services.report_decide(
        actor=world.users["coordinator_a"], reports=[report], approve=False, comment="Lampirkan foto"
    )[0]
    assert returned.state == "returned" and returned.return_comment == "Lampirkan foto"
    report = services.report_submit(actor=world.users["officer_a"], report=returned)
    services.report_decide(actor=world.users["coordinator_a"], reports=[report], approve=True)
    report.refresh_from_db()
    assert report.state == "approved"
    transitions = AuditEvent.objects.filter(object_type="monitoring.progressreport", action="transition")
    assert transitions.count() == 4


def test_a_batch_with_one_report_not_submitted_changes_nothing(world) -> None:
    m = monitoring_setup(world)
    submitted = _submitted(world, m, m.plan.own_action.lineage)
    draft = services.report_save(
        actor=world.users["coordinator_a"],
        period=m.q1,
        region_id=world.region_a.pk,
        lineage_id=m.plan.action.lineage,
        data=report_data(),
    )
    with pytest.raises(ValidationError):
        services.report_decide(actor=world.users["coordinator_a"], reports=[submitted, draft], approve=True)
    submitted.refresh_from_db()
    assert submitted.state == "submitted"
    assert not RegionProgress.objects.exists()


def test_approval_refreshes_the_stored_rollup_in_the_same_transaction(world) -> None:
    m = monitoring_setup(world)
    a = _submitted(world, m, m.plan.own_action.lineage, "operational", budget_realised="100000000")
    b = _submitted(world, m, m.plan.action.lineage, "preparation")
    services.report_decide(actor=world.users["coordinator_a"], reports=[a], approve=True)
    row = RegionProgress.objects.get(region=world.region_a, period=m.q1)
    # GOV-01 has two actions: one at 100 %, one without an approved report (no data)
    programme = row.rollup["programmes"][str(m.plan.programme.lineage)]
    assert programme["percent"] == 100 and programme["no_data"] == 1
    assert row.items_approved == 1
    services.report_decide(actor=world.users["coordinator_a"], reports=[b], approve=True)
    row.refresh_from_db()
    assert row.rollup["programmes"][str(m.plan.programme.lineage)]["percent"] == 62.5
    assert row.plan_percent == Decimal("62.50")  # only the governance dimension has data


def test_unapproved_reports_reach_only_their_writers_and_approvers(world) -> None:
    m = monitoring_setup(world)
    _submitted(world, m, m.plan.own_action.lineage)
    users = world.users
    assert selectors.reports_visible(users["officer_a"]).count() == 1
    assert selectors.reports_visible(users["coordinator_a"]).count() == 1
    for role in ("pendamping", "coordinator_b", "assessor", "anonymous"):
        assert selectors.reports_visible(users[role]).count() == 0, role


@pytest.mark.django_db(transaction=True)
def test_two_writers_creating_the_same_report_at_once_lose_nothing(world) -> None:
    """Both start a report on one item at the same moment: one creates it, the other gets a
    conflict with the first one's values (never a server error, never two rows)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database")
    m = monitoring_setup(world)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def write(actor, status: str) -> None:
        try:
            barrier.wait()
            services.report_save(
                actor=actor,
                period=m.q1,
                region_id=world.region_a.pk,
                lineage_id=m.plan.own_action.lineage,
                data=report_data(status),
            )
            outcomes.append("saved")
        except ConflictError as exc:
            outcomes.append(f"conflict:{exc.current['status']}")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=write, args=(world.users["officer_a"], "pilot")),
        threading.Thread(target=write, args=(world.users["coordinator_a"], "preparation")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ProgressReport.objects.count() == 1
    saved = ProgressReport.objects.get()
    # either both saved in turn (the second as an edit of the first) or the second got a conflict
    assert sorted(o.split(":")[0] for o in outcomes) in (["conflict", "saved"], ["saved", "saved"])
    assert saved.status.code in ("pilot", "preparation")


def test_the_audit_trail_links_a_report_and_shows_its_budget_in_rupiah(world) -> None:
    from kotacerdas.core import changes

    m = monitoring_setup(world)
    report = services.report_save(
        actor=world.users["officer_a"],
        period=m.q1,
        region_id=world.region_a.pk,
        lineage_id=m.plan.own_action.lineage,
        data=report_data(budget_realised="125000000"),
    )
    label = "monitoring.progressreport"
    urls = changes.object_urls([(label, str(report.pk))])
    assert urls == {(label, str(report.pk)): f"/pemantauan/laporan/{report.uid}/"}
    rows = changes.change_rows(label, {"budget_realised": [None, "125000000.00"]})
    assert "125.000.000" in str(rows[0].after)
