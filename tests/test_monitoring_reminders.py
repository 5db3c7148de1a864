"""Reminders (``kotacerdas send_reminders``): who is reminded of what, in the app and by e-mail;
run twice it notifies once; a dry run writes and sends nothing; the reads do not grow with the
number of regions."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from kotacerdas.monitoring import reminders, services
from kotacerdas.monitoring.models import ReportingPeriod
from kotacerdas.notifications.models import Notification

from .factories import AgencyFactory, RegionFactory, UserFactory, membership
from .monitoring_data import monitoring_setup, ratified_small_plan, report_data

pytestmark = pytest.mark.django_db


def _due_in(m, days: int) -> None:
    """Q1 open today with its deadline in ``days`` days; the later periods not due yet."""
    today = timezone.localdate()
    ReportingPeriod.objects.filter(pk=m.q1.pk).update(
        opens_on=today - dt.timedelta(days=30), deadline=today + dt.timedelta(days=days)
    )
    m.q1.refresh_from_db()


def _report(world, m, lineage, *, submit: bool) -> None:
    actor = world.users["coordinator_a"]
    report = services.report_save(
        actor=actor, period=m.q1, region_id=world.region_a.pk, lineage_id=lineage, data=report_data()
    )
    if submit:
        services.report_submit(actor=actor, report=report)


def _reminders(kind: str | None = None):
    qs = Notification.objects.filter(kind__in=[reminders.REPORT_DUE, reminders.APPROVAL_WAITING])
    return qs.filter(kind=kind) if kind else qs


def _send(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        return reminders.reminders_send(**kwargs)


def test_who_is_reminded_of_what(world, django_capture_on_commit_callbacks) -> None:
    m = monitoring_setup(world)
    _due_in(m, 3)
    _report(world, m, m.plan.own_action.lineage, submit=True)  # Disdukcapil: the quick win is left
    _report(world, m, m.plan.action.lineage, submit=False)  # a draft is still due
    mail.outbox.clear()
    run = _send(django_capture_on_commit_callbacks)
    officer, coordinator = world.users["officer_a"], world.users["coordinator_a"]

    # the officer of Disdukcapil: its one item without a submitted report (the titles are written
    # in the recipient's language, Indonesian: their English wording is tested below)
    own = _reminders().get(recipient=officer)
    assert own.kind == "report_due" and own.region_id == world.region_a.pk
    assert own.url == "/pemantauan/52.04/laporan/?periode=2024-1&opd=disdukcapil"
    assert own.title.startswith("Disdukcapil: 1 ") and "Triwulan I 2024" in own.title
    # Diskominfo has no officer account: the coordinator hears of its 11 items (6 actions, 5 quick
    # wins, the draft included), and of the report waiting for approval
    due = _reminders("report_due").get(recipient=coordinator)
    assert due.url == "/pemantauan/52.04/laporan/?periode=2024-1"
    assert due.title.startswith("11 ") and "Diskominfo" in due.title
    waiting = _reminders("approval_waiting").get(recipient=coordinator)
    assert waiting.title.startswith("1 ") and "Triwulan I 2024" in waiting.title
    assert waiting.url == "/pemantauan/52.04/persetujuan/?periode=2024-1"
    # nobody else: region B has no plan in force, the others report nothing
    assert set(_reminders().values_list("recipient_id", flat=True)) == {officer.pk, coordinator.pk}
    # in the app and by e-mail
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [officer.email, coordinator.email, coordinator.email]
    )
    assert any(message.subject == own.title for message in mail.outbox)
    assert run.notified == 3
    due_line = next(line for line in run.lines if line.kind == "report_due")
    assert (due_line.reminders, due_line.count, due_line.notified) == (2, 12, 2)


def test_the_titles_say_what_is_due_and_by_when(world) -> None:
    m = monitoring_setup(world)
    _due_in(m, 3)
    _report(world, m, m.plan.own_action.lineage, submit=True)
    deadline = m.q1.deadline
    with translation.override("en"):
        due = {
            r.recipients[0].username: r.title()
            for r in reminders.reminders_due(on=timezone.localdate(), days=7)
        }
        waiting = [r.title() for r in reminders.approvals_waiting(on=timezone.localdate())]
        date = f"{deadline.day} {deadline:%B} {deadline.year}"
    assert due == {
        "opd_a": f"Disdukcapil: 1 item has no progress report for Quarter I 2024 yet; the deadline is {date}.",
        "koord_a": "11 items of Diskominfo (no officer account) have no progress report for Quarter I 2024 "
        f"yet; the deadline is {date}.",
    }
    assert waiting == ["1 progress report of Quarter I 2024 waits for your approval."]


def test_run_twice_notifies_once(world, django_capture_on_commit_callbacks) -> None:
    m = monitoring_setup(world)
    _due_in(m, 3)
    _report(world, m, m.plan.own_action.lineage, submit=True)
    first = _send(django_capture_on_commit_callbacks)
    rows, mails = _reminders().count(), len(mail.outbox)
    second = _send(django_capture_on_commit_callbacks)
    assert first.notified == rows == 3
    assert second.notified == 0 and sum(line.already for line in second.lines) == 3
    assert _reminders().count() == rows and len(mail.outbox) == mails


def test_a_moved_deadline_reminds_again_and_approvals_are_reminded_daily(
    world, django_capture_on_commit_callbacks
) -> None:
    m = monitoring_setup(world)
    _due_in(m, 3)
    _report(world, m, m.plan.own_action.lineage, submit=True)
    _send(django_capture_on_commit_callbacks)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    run = _send(django_capture_on_commit_callbacks, on=tomorrow)
    assert [(line.kind, line.notified) for line in run.lines] == [("report_due", 0), ("approval_waiting", 1)]
    _due_in(m, 5)
    run = _send(django_capture_on_commit_callbacks, on=tomorrow)
    assert [(line.kind, line.notified) for line in run.lines] == [("report_due", 2), ("approval_waiting", 0)]


def test_nothing_is_due_outside_the_window_or_in_a_period_not_open(
    world, django_capture_on_commit_callbacks
) -> None:
    m = monitoring_setup(world)  # every period's deadline in 2100
    assert _send(django_capture_on_commit_callbacks).lines == []
    _due_in(m, 10)
    assert _send(django_capture_on_commit_callbacks, days=9).lines == []
    assert _send(django_capture_on_commit_callbacks, days=10, dry_run=True).notified == 2
    today = timezone.localdate()
    ReportingPeriod.objects.filter(pk=m.q1.pk).update(opens_on=today + dt.timedelta(days=1))
    assert _send(django_capture_on_commit_callbacks, days=10).lines == []
    assert not _reminders().exists()


def test_every_item_reported_leaves_nothing_due(world, django_capture_on_commit_callbacks) -> None:
    from kotacerdas.masterplans.models import ActionPlan, QuickWin

    m = monitoring_setup(world)
    _due_in(m, 1)
    for model in (ActionPlan, QuickWin):
        for lineage in model.objects.filter(version=m.plan.version).values_list("lineage", flat=True):
            _report(world, m, lineage, submit=True)
    run = _send(django_capture_on_commit_callbacks)
    assert [line.kind for line in run.lines] == ["approval_waiting"]
    assert not _reminders("report_due").exists()


def test_inactive_people_are_not_reminded(world, django_capture_on_commit_callbacks) -> None:
    m = monitoring_setup(world)
    _due_in(m, 3)
    world.users["officer_a"].is_active = False
    world.users["officer_a"].save()
    _send(django_capture_on_commit_callbacks)
    assert not _reminders().filter(recipient=world.users["officer_a"]).exists()
    # its agency now has no active officer: the coordinator hears of both agencies
    title = _reminders("report_due").get(recipient=world.users["coordinator_a"]).title
    assert "Disdukcapil, Diskominfo" in title or "Diskominfo, Disdukcapil" in title


def test_a_dry_run_writes_and_sends_nothing(world, django_capture_on_commit_callbacks) -> None:
    m = monitoring_setup(world)
    _due_in(m, 3)
    _report(world, m, m.plan.own_action.lineage, submit=True)
    before = Notification.objects.count()
    mail.outbox.clear()
    dry = _send(django_capture_on_commit_callbacks, dry_run=True)
    assert dry.notified == 3
    assert Notification.objects.count() == before and mail.outbox == []
    assert _send(django_capture_on_commit_callbacks).notified == dry.notified


def test_the_command_prints_a_summary(world, django_capture_on_commit_callbacks, settings) -> None:
    m = monitoring_setup(world)
    _due_in(m, 3)
    out = io.StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Quarter I 2024 (2024-1): 13 items without a report" in text
    assert "2 people would be notified" in text and "Dry run: nothing was sent." in text
    assert not Notification.objects.exists()
    settings.REMINDER_DAYS = 2  # the deadline in 3 days is beyond the setting
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
    assert "nothing due" in out.getvalue() and not Notification.objects.exists()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--days", "3", stdout=out)
    assert "2 people notified." in out.getvalue() and _reminders().count() == 2
    with pytest.raises(CommandError):
        call_command("send_reminders", "--days", "-1", stdout=io.StringIO())


def _another_region(world, code: str) -> None:
    """A region with the small plan in force, a coordinator, and an officer of one agency."""
    region = RegionFactory(code=code, name=f"Kabupaten {code}")
    agency = AgencyFactory(region=region, code="disdukcapil", acronym="Disdukcapil", name="Disdukcapil")
    agency2 = AgencyFactory(region=region, code="diskominfo", acronym="Diskominfo", name="Diskominfo")
    coordinator = UserFactory(username=f"koord_{code}")
    membership(coordinator, "coordinator", region=region)
    membership(UserFactory(username=f"opd_{code}"), "agency_officer", agency=agency)
    ratified_small_plan(
        SimpleNamespace(
            region_a=region, agency_a=agency, agency_a2=agency2, users={"coordinator_a": coordinator}
        )
    )


def test_the_reads_do_not_grow_with_the_regions(world, django_capture_on_commit_callbacks) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    m = monitoring_setup(world)
    _due_in(m, 3)
    _report(world, m, m.plan.own_action.lineage, submit=True)

    def reads() -> int:
        with CaptureQueriesContext(connection) as ctx:
            run = reminders.reminders_send(dry_run=True)
        return len(ctx.captured_queries), run.notified

    small, notified = reads()
    for code in ("52.05", "52.06", "52.07"):
        _another_region(world, code)
    large, more = reads()
    assert more == notified + 3 * 2  # each new region: its officer and its coordinator
    assert large == small
