"""Monitoring dashboards: the method page, the region, quick-win and agency dashboards, the
national table and its worksheet; what they show (no data is never 0 %, excluded items listed,
lights) and that their query counts do not grow with the data."""

from __future__ import annotations

import datetime as dt
import io
import re
import statistics
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.html import escape
from openpyxl import load_workbook

from kotacerdas.masterplans import services as plan_services
from kotacerdas.masterplans.models import ActionPlan, QuickWin
from kotacerdas.monitoring import dashboards, services
from kotacerdas.monitoring.choices import Weighting
from kotacerdas.monitoring.models import (
    Evidence,
    ProgressReport,
    ProgressStatus,
    RegionProgress,
    ReportingPeriod,
    ReportingYear,
)
from kotacerdas.programme.models import Dimension, Kawasan, SubDimension
from kotacerdas.regions.models import Region

from .factories import CohortFactory, ParticipationFactory, RegionFactory
from .masterplan_data import small_plan
from .monitoring_data import report_data

pytestmark = pytest.mark.django_db


def _may_reverse(name: str, *args) -> str | None:
    """The URL of a page another part of monitoring adds (None until it is in the tree)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@pytest.fixture(autouse=True)
def _notices(monkeypatch):
    """Until the reports' pages are in the tree (moderation's notices link to them), the notices
    are left out here: the dashboards read what moderation wrote; who is told is the reports'
    concern."""
    if _may_reverse("monitoring:approvals", "52.04") is None:
        monkeypatch.setattr(services, "_notify_submitted", lambda reports: None)
        monkeypatch.setattr(services, "_notify_decided", lambda reports, approved: None)


class Plan:
    """Region A's plan in force with ``extra`` more programmes of two actions each (and a quick
    win each), and the 2024 reporting year with every period open."""

    def __init__(self, world, extra: int = 0) -> None:
        coordinator = world.users["coordinator_a"]
        self.small = small_plan(world, complete=True)
        version = self.small.version
        sub = SubDimension.objects.get(code="LIV-1")
        for i in range(extra):
            programme = plan_services.programme_create(
                actor=coordinator,
                version=version,
                code=f"LIV-{i + 10}",
                name=f"Program tambahan {i}",
                subdimension=sub,
                agency=world.agency_a2,
                start_year=2024,
                end_year=2025,
            )
            for j in range(2):
                plan_services.action_create(
                    actor=coordinator,
                    programme=programme,
                    code=f"LIV-{i + 10}.{j + 1:02d}",
                    name=f"Aksi tambahan {i}.{j}",
                    agency=world.agency_a if j else world.agency_a2,
                    start_year=2024,
                    end_year=2024,
                    indicator="Jumlah",
                    budgets=[(2024, "APBD", Decimal("50000000"))],
                    targets=[(2024, Decimal(1))],
                )
            plan_services.quick_win_create(
                actor=coordinator,
                version=version,
                code=f"QW-X{i}",
                name=f"Quick win tambahan {i}",
                dimension=Dimension.objects.get(code="LIV"),
                agency=world.agency_a,
                target_year=2025,
            )
        plan_services.version_submit(actor=coordinator, version=version)
        plan_services.version_ratify(
            actor=coordinator, version=version, kind="perbup", number="7", date=dt.date(2024, 3, 1)
        )
        self.year = services.reporting_year_setup(actor=world.users["ministry_admin"], year=2024)
        ReportingPeriod.objects.filter(reporting_year=self.year).update(
            opens_on=dt.date(2024, 1, 1), deadline=dt.date(2100, 1, 1)
        )
        self.periods = list(self.year.periods.order_by("number"))
        self.q1, self.q2 = self.periods[0], self.periods[1]
        self.world = world

    def lineage(self, code: str):
        action = ActionPlan.objects.filter(version=self.small.version, code=code).first()
        if action is not None:
            return action.lineage
        return QuickWin.objects.get(version=self.small.version, code=code).lineage

    def approve(self, code: str, status: str = "in_progress", period=None, **extra) -> ProgressReport:
        actor = self.world.users["coordinator_a"]
        report = services.report_save(
            actor=actor,
            period=period or self.q1,
            region_id=self.world.region_a.pk,
            lineage_id=self.lineage(code),
            data=report_data(status, **extra),
        )
        report = services.report_submit(actor=actor, report=report)
        services.report_decide(actor=actor, reports=[report], approve=True)
        report.refresh_from_db()
        return report

    def draft(self, code: str, status: str = "pilot", actor: str = "coordinator_a", period=None):
        return services.report_save(
            actor=self.world.users[actor],
            period=period or self.q1,
            region_id=self.world.region_a.pk,
            lineage_id=self.lineage(code),
            data=report_data(status),
        )


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _row(html: str, attribute: str, value: str) -> str:
    """The <tr> (or <li>) whose ``attribute`` is ``value``."""
    match = re.search(rf'<(tr|li|div)[^>]*{attribute}="{re.escape(value)}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f"no {attribute}={value}"
    return match.group(2)


# ---------------------------------------------------------------- the method page


def test_method_page_is_public_and_computes_its_example_with_the_years_rule(world) -> None:
    plan = Plan(world)
    client = world.client_for("anonymous")
    html = _html(client.get("/pemantauan/cara-hitung/"))
    # the vocabulary of the year, as rows
    for status in ProgressStatus.objects.filter(reporting_year=plan.year):
        assert f'data-status="{status.code}"' in html
    assert "data-no-data" in html  # A3 has no approved report: "no data", not 0 %
    assert "10&nbsp;%" not in _row(html, "data-programme", "P2")  # wholly excluded programme
    assert "75&nbsp;%" in _row(html, "data-programme", "P1")  # mean of 100 and 50
    assert "62,5&nbsp;%" in _row(html, "data-programme", "P1")  # (100×100 + 50×300) ÷ 400
    # the figures follow the year's data: change a status's % and the thresholds
    ProgressStatus.objects.filter(reporting_year=plan.year, code="in_progress").update(percent=40)
    ReportingYear.objects.filter(pk=plan.year.pk).update(amber_gap=Decimal(7), red_gap=Decimal(33))
    html = _html(client.get("/pemantauan/cara-hitung/"))
    assert "70&nbsp;%" in _row(html, "data-programme", "P1")
    assert re.search(r"\b7 ", _row(html, "data-light-row", "green"))
    assert "33" in _row(html, "data-light-row", "red")


def test_method_page_without_a_reporting_year_shows_the_default_vocabulary(world) -> None:
    html = _html(world.client_for("anonymous").get("/pemantauan/cara-hitung/"))
    assert 'data-status="operational"' in html and 'data-status="cancelled"' in html


# ---------------------------------------------------------------- home


@pytest.mark.parametrize(
    ("role", "target"),
    [
        ("anonymous", "/pemantauan/cara-hitung/"),
        ("assessor", "/pemantauan/cara-hitung/"),
        ("ministry_admin", "/pemantauan/nasional/"),
        ("pendamping", "/pemantauan/nasional/"),
        ("coordinator_a", "/pemantauan/52.04/"),
        ("coordinator_b", "/pemantauan/51.08/"),
        ("officer_a", "/pemantauan/52.04/opd/"),
    ],
)
def test_home_sends_each_reader_to_their_dashboard(world, role, target) -> None:
    response = world.client_for(role).get("/pemantauan/")
    assert response.status_code == 302 and response["Location"] == target


# ---------------------------------------------------------------- the region dashboard


def test_region_dashboard_without_approved_reports_shows_no_data_computed_now(world) -> None:
    Plan(world)
    html = _html(world.client_for("coordinator_a").get("/pemantauan/52.04/?periode=2024-1"))
    assert "data-live" in html  # no stored roll-up: computed now, and said so
    assert not RegionProgress.objects.exists()  # reading never writes
    for code in ("GOV", "ECO", "ENV"):
        assert "data-no-data" in _row(html, "data-dimension", code)
        assert "0&nbsp;%" not in _row(html, "data-dimension", code)
    assert "data-no-data" in _row(html, "data-stat", "plan")
    assert 'id="dimension-radar"' in html and 'id="dimension-bars"' in html
    assert 'id="dimension-chart-data"' in html and "dimensions-table" in html
    assert "<script>" not in html  # no inline script (CSP): the chart data is JSON


def test_region_dashboard_reads_the_stored_rollup_lists_excluded_and_lights(world) -> None:
    plan = Plan(world)
    plan.approve("GOV-01.02", "operational", budget_realised="250000000")
    plan.approve("ECO-01.01", "not_started", budget_realised="100000000")  # spent all, 0 %: red
    plan.approve("ENV-01.01", "cancelled")
    stored = RegionProgress.objects.get(region=world.region_a, period=plan.q1)
    html = _html(world.client_for("pendamping").get("/pemantauan/52.04/?periode=2024-1"))
    assert "data-live" not in html
    local = timezone.localtime(stored.computed_at)
    assert f"{local:%H:%M}" in html  # "dihitung pada" is the stored roll-up's time
    gov = _row(html, "data-dimension", "GOV")
    assert "100&nbsp;%" in gov and 'data-light="green"' in gov  # 100 % achieved, 50 % absorbed
    assert "1 dari 1" in gov or "1 of 1" in gov
    eco = _row(html, "data-dimension", "ECO")
    assert "0&nbsp;%" in eco and 'data-light="red"' in eco  # 0 % is data, not "no data"
    assert "data-no-data" in _row(html, "data-dimension", "BRD")
    excluded = html[html.index('id="excluded"') :]
    assert 'data-item="ENV-01.01"' in excluded
    no_data = html[html.index('id="no-data"') : html.index('id="excluded"')]
    assert 'data-item="GOV-01.01"' in no_data and 'data-item="GOV-01.02"' not in no_data
    assert 'data-item="ENV-01.01"' not in no_data
    # latest approved updates, newest first
    latest = html[html.index('id="latest"') : html.index('id="no-data"')]
    assert latest.index("ENV-01.01") < latest.index("GOV-01.02")
    # per agency: Diskominfo absorbed 100 of its 650 million (ENV's 100 is excluded) with 0 % achieved:
    # a lag of 15.4 points, amber
    kominfo = _row(html, "data-agency", "diskominfo")
    assert "15,4&nbsp;%" in kominfo and 'data-light="amber"' in kominfo
    assert 'data-light="green"' in _row(html, "data-agency", "disdukcapil")


def test_thresholds_change_the_lights_shown_at_once(world) -> None:
    plan = Plan(world)
    plan.approve("GOV-01.02", "in_progress", budget_realised="250000000")  # 50 % done, 50 % absorbed
    plan.approve("GOV-01.01", "preparation")  # GOV: 37.5 % achieved, 50 % absorbed: lag 12.5
    client = world.client_for("coordinator_a")
    assert 'data-light="amber"' in _row(
        client.get("/pemantauan/52.04/").content.decode(), "data-dimension", "GOV"
    )
    ReportingYear.objects.filter(pk=plan.year.pk).update(amber_gap=Decimal(15), red_gap=Decimal(30))
    html = _html(client.get("/pemantauan/52.04/"))
    assert 'data-light="green"' in _row(html, "data-dimension", "GOV")


def test_unapproved_reports_do_not_count_on_the_region_dashboard(world) -> None:
    plan = Plan(world)
    plan.approve("GOV-01.02", "operational")
    plan.draft("GOV-01.01", "operational")
    html = _html(world.client_for("coordinator_a").get("/pemantauan/52.04/?periode=2024-1"))
    assert "100&nbsp;%" in _row(html, "data-dimension", "GOV")  # the draft's 100 % is not averaged in
    no_data = html[html.index('id="no-data"') : html.index('id="excluded"')]
    assert 'data-item="GOV-01.01"' in no_data


def test_overdue_reports_by_agency_after_the_deadline(world) -> None:
    plan = Plan(world)
    plan.approve("GOV-01.02", "operational")
    submitted = plan.draft("GOV-01.01")
    services.report_submit(actor=world.users["coordinator_a"], report=submitted)
    plan.draft("ECO-01.01")  # a draft is not sent: still overdue
    ReportingPeriod.objects.filter(pk=plan.q1.pk).update(deadline=dt.date(2024, 4, 15))
    html = _html(world.client_for("coordinator_a").get("/pemantauan/52.04/?periode=2024-1"))
    overdue = html[html.index('id="overdue"') : html.index('id="latest"')]
    kominfo = _row(overdue, "data-agency", "diskominfo")
    assert "ECO-01.01" in kominfo and "GOV-01.01" not in kominfo  # submitted counts as sent
    dukcapil = _row(overdue, "data-agency", "disdukcapil")
    assert "GOV-01.02" not in dukcapil and "QW-GOV" in dukcapil
    assert "data-deadline-passed" in overdue
    ReportingPeriod.objects.filter(pk=plan.q1.pk).update(deadline=dt.date(2100, 1, 1))
    html = _html(world.client_for("coordinator_a").get("/pemantauan/52.04/?periode=2024-1"))
    assert "data-deadline-passed" not in html  # before the deadline: still due, not overdue


def test_a_later_period_without_a_stored_rollup_carries_the_approved_reports_forward(world) -> None:
    plan = Plan(world)
    plan.approve("GOV-01.02", "operational")
    html = _html(world.client_for("coordinator_a").get("/pemantauan/52.04/?periode=2024-2"))
    assert "data-live" in html
    assert "100&nbsp;%" in _row(html, "data-dimension", "GOV")
    assert RegionProgress.objects.filter(period=plan.q2).count() == 0


def test_region_dashboard_states_the_weighting(world) -> None:
    Plan(world)
    services.region_settings_update(
        actor=world.users["coordinator_a"], region_id=world.region_a.pk, weighting="budget"
    )
    with translation.override("en"):
        html = _html(world.client_for("officer_a").get("/pemantauan/52.04/", HTTP_ACCEPT_LANGUAGE="en"))
        assert escape(str(Weighting.BUDGET.label)) in html and 'data-weighting="budget"' in html


def test_an_unknown_period_is_not_found(world) -> None:
    Plan(world)
    client = world.client_for("coordinator_a")
    assert client.get("/pemantauan/52.04/?periode=2031-1").status_code == 404
    assert client.get("/pemantauan/52.04/?periode=nope").status_code == 404


def test_without_a_reporting_year_the_dashboards_say_so(world) -> None:
    client = world.client_for("coordinator_a")
    for url in ("/pemantauan/52.04/", "/pemantauan/52.04/quick-win/", "/pemantauan/52.04/opd/"):
        html = _html(client.get(url))
        assert "dimension-radar" not in html
    html = _html(world.client_for("ministry_admin").get("/pemantauan/nasional/"))
    assert "national-table" not in html


# ---------------------------------------------------------------- quick wins


def test_quick_win_board_completion_trend_agency_and_evidence(world) -> None:
    plan = Plan(world)
    first = plan.approve("QW-GOV", "preparation")
    plan.approve("QW-GOV", "pilot", period=plan.q2)
    plan.approve("QW-ECO", "postponed")
    Evidence.objects.create(
        report=first, file="evidence/x.pdf", name="foto-peluncuran.pdf", kind="pdf", size=10
    )
    client = world.client_for("officer_a")
    html = _html(client.get("/pemantauan/52.04/quick-win/?periode=2024-2"))
    row = _row(html, "data-quick-win", "QW-GOV")
    assert "75&nbsp;%" in row.split("data-completion", 1)[1].split("</td>", 1)[0]
    assert "25&nbsp;%" in row.split('data-period="2024-1"', 1)[1].split("</td>", 1)[0]
    assert "75&nbsp;%" in row.split('data-period="2024-2"', 1)[1].split("</td>", 1)[0]
    assert "<svg" in row and "Disdukcapil" in row
    assert "foto-peluncuran.pdf" in row
    url = _may_reverse("monitoring:evidence", Evidence.objects.get().uid)
    if url:
        assert url in row
    # no data is not 0 %; a postponed quick win is shown as such, with no %
    assert "data-no-data" in _row(html, "data-quick-win", "QW-BRD")
    eco = _row(html, "data-quick-win", "QW-ECO")
    assert "data-no-data" not in eco.split("data-completion", 1)[1].split("</td>", 1)[0]
    # as of Q1 the trend stops at Q1
    html = _html(client.get("/pemantauan/52.04/quick-win/?periode=2024-1"))
    row = _row(html, "data-quick-win", "QW-GOV")
    assert "25&nbsp;%" in row.split("data-completion", 1)[1].split("</td>", 1)[0]


def test_region_home_shows_the_quick_win_completion(world) -> None:
    plan = Plan(world)
    ParticipationFactory(region=world.region_a)
    plan.approve("QW-GOV", "operational")
    html = _html(world.client_for("coordinator_a").get("/wilayah/52.04/"))
    assert "data-quick-wins" in html and "/pemantauan/52.04/quick-win/" in html
    assert "/pemantauan/52.04/" in html
    summary = dashboards.quick_win_summary(region=world.region_a, actor=world.users["coordinator_a"])
    assert summary is not None and summary.complete == 1 and summary.total == 6
    assert dashboards.quick_win_summary(region=world.region_a, actor=world.users["assessor"]) is None
    html = _html(world.client_for("anonymous").get("/wilayah/52.04/"))
    assert "data-quick-wins" not in html


# ---------------------------------------------------------------- the agency dashboard


def test_agency_dashboard_items_due_and_returned(world) -> None:
    plan = Plan(world)
    plan.approve("GOV-01.02", "operational")
    returned = plan.draft("QW-GOV", actor="officer_a")
    returned = services.report_submit(actor=world.users["officer_a"], report=returned)
    services.report_decide(
        actor=world.users["coordinator_a"],
        reports=[returned],
        approve=False,
        comment="Lampirkan foto kegiatan",
    )
    html = _html(world.client_for("officer_a").get("/pemantauan/52.04/opd/?periode=2024-1"))
    # the officer sees their own agency by default: its two items
    assert 'data-item="GOV-01.02"' in html and 'data-item="QW-GOV"' in html
    assert 'data-item="GOV-01.01"' not in html
    assert 'data-state="approved"' in _row(html, "data-item", "GOV-01.02") or re.search(
        r'data-item="GOV-01.02" data-state="approved"', html
    )
    assert re.search(r'data-item="QW-GOV" data-state="returned"', html)
    assert "Lampirkan foto kegiatan" in html[html.index('id="returned"') :]
    form = _may_reverse("monitoring:report_form", "52.04", "2024-1", plan.lineage("QW-GOV"))
    if form:
        assert form in html
    # what is due: the returned quick win (the approved action is done)
    assert re.search(r'data-stat="due"><b>1</b>', html)


def test_agency_dashboard_hides_other_agencies_drafts_from_a_pendamping(world) -> None:
    plan = Plan(world)
    plan.draft("GOV-01.01", "pilot")
    html = _html(world.client_for("pendamping").get("/pemantauan/52.04/opd/?opd=diskominfo"))
    assert re.search(r'data-item="GOV-01.01" data-state="none"', html)
    html = _html(world.client_for("coordinator_a").get("/pemantauan/52.04/opd/?opd=diskominfo"))
    assert re.search(r'data-item="GOV-01.01" data-state="draft"', html)
    assert world.client_for("coordinator_a").get("/pemantauan/52.04/opd/?opd=nope").status_code == 404


# ---------------------------------------------------------------- the national table


def _national_world(world, n: int, *, start: int = 10) -> list:
    """``n`` participating regions of province 52 with stored roll-ups of 2024-1 (every third
    without one: no data), besides region A."""
    CohortFactory(year=2022)
    period = ReportingPeriod.objects.get(reporting_year__year=2024, number=1)
    kawasan = Kawasan.objects.get_or_create(code="mandalika", defaults={"name": "KSPN Mandalika"})[0]
    regions = []
    for i in range(start, start + n):
        region = RegionFactory(code=f"52.{i:02d}", name=f"Daerah Uji {i}")
        if i % 4 == 0:
            ParticipationFactory(region=region, track="kawasan", kawasan=kawasan)
        else:
            ParticipationFactory(region=region)
        if i % 3:
            RegionProgress.objects.create(
                region=region,
                period=period,
                plan_percent=Decimal(i % 90),
                items_expected=10,
                items_approved=i % 11,
                items_on_time=(i % 11) // 2,
                budget_planned=Decimal(1000),
                budget_realised=Decimal(i),
                rollup={
                    "dimensions": {str(d.pk): {"percent": float(i % 90)} for d in Dimension.objects.all()}
                },
                computed_at=timezone.now(),
            )
        regions.append(region)
    return regions


def test_national_table_no_data_filters_sorting_and_behind(world) -> None:
    plan = Plan(world)
    plan.approve("GOV-01.02", "operational")
    ParticipationFactory(region=world.region_a)
    ParticipationFactory(region=world.region_b)
    _national_world(world, 12)
    client = world.client_for("ministry_admin")
    html = _html(client.get("/pemantauan/nasional/?periode=2024-1"))
    # Buleleng has no stored roll-up: "no data", never 0 %
    bali = _row(html, "data-region", "51.08")
    assert "data-no-data" in bali and "0&nbsp;%" not in bali
    assert 'id="behind-rule"' in html
    # region A: 1 of 13 items approved: reporting below half, so falling behind
    assert re.search(r'data-region="52.04" data-behind', html)
    # sorting by plan % descending puts no data last
    html = _html(client.get("/pemantauan/nasional/?periode=2024-1&urut=-rencana"))
    codes = re.findall(r'<tr data-region="([\d.]+)"', html)
    percents = [
        float(v)
        for v in RegionProgress.objects.filter(period=plan.q1)
        .order_by("-plan_percent")
        .values_list("plan_percent", flat=True)
    ]
    assert len(codes) == 14 and percents[0] == 100.0 and codes[0] == "52.04"
    assert codes[-1] in {"51.08", *[f"52.{i:02d}" for i in range(10, 22) if i % 3 == 0]}
    # filters: kind, province, kawasan, falling behind only
    html = _html(client.get("/pemantauan/nasional/?periode=2024-1&provinsi=51"))
    assert re.findall(r'<tr data-region="([\d.]+)"', html) == ["51.08"]
    html = _html(client.get("/pemantauan/nasional/?periode=2024-1&kawasan=mandalika"))
    assert re.findall(r'<tr data-region="([\d.]+)"', html) == ["52.12", "52.16", "52.20"]
    html = _html(client.get("/pemantauan/nasional/?periode=2024-1&tertinggal=1"))
    assert all("data-behind" in row for row in re.findall(r"<tr data-region=[^>]*>", html))


def test_national_table_pages_by_fifty(world) -> None:
    Plan(world)
    _national_world(world, 55, start=10)
    client = world.client_for("ministry_admin")
    first = re.findall(r'<tr data-region="([\d.]+)"', _html(client.get("/pemantauan/nasional/")))
    second = re.findall(r'<tr data-region="([\d.]+)"', _html(client.get("/pemantauan/nasional/?page=2")))
    assert len(first) == 50 and len(second) == 5 and not set(first) & set(second)


def test_national_aggregates_are_sql_over_the_stored_rollups(world) -> None:
    Plan(world)
    regions = _national_world(world, 6)
    period = ReportingPeriod.objects.get(reporting_year__year=2024, number=1)
    filters = dashboards.NationalFilters()
    rows = dashboards.national_rows(
        actor=world.users["ministry_admin"], period=period, filters=filters, median=None
    )
    totals = dashboards.national_totals(rows=rows, period=period)
    stored = RegionProgress.objects.filter(region__in=regions)
    assert totals["with_data"] == stored.count() == 4
    assert totals["expected"] == 40
    assert totals["approved"] == sum(r.items_approved for r in stored)
    assert Decimal(str(totals["mean"])).quantize(Decimal("0.01")) == (
        sum(r.plan_percent for r in stored) / 4
    ).quantize(Decimal("0.01"))
    assert dashboards.national_median(period) == statistics.median(r.plan_percent for r in stored)


def test_national_reads_of_the_stored_rollups_join_no_region_or_period(world) -> None:
    """The stored figures are read by their key: the median, the figures' subqueries and the
    dimensions' % do not join the regions or periods (the model's ordering is left out)."""
    Plan(world)
    _national_world(world, 3)
    period = ReportingPeriod.objects.get(reporting_year__year=2024, number=1)
    rows = dashboards.national_rows(
        actor=world.users["ministry_admin"], period=period, filters=dashboards.NationalFilters(), median=None
    )
    with CaptureQueriesContext(connection) as queries:
        dashboards.national_median(period)
        list(rows.filter(pk__in=list(rows.values_list("pk", flat=True))))
        dashboards.national_dimension_percents(
            period=period, region_ids=[p.region_id for p in rows], dimensions=list(Dimension.objects.all())
        )
    reads = [q["sql"] for q in queries.captured_queries if "monitoring_regionprogress" in q["sql"]]
    assert len(reads) >= 4, reads
    for sql in reads:
        assert 'JOIN "monitoring_reportingperiod"' not in sql, sql
        assert 'JOIN "regions_region" ON ("monitoring_regionprogress"' not in sql, sql
        assert 'JOIN "regions_region" ON ("U0"' not in sql, sql


def test_pendamping_sees_only_their_regions_nationally(world) -> None:
    Plan(world)
    ParticipationFactory(region=world.region_a)
    ParticipationFactory(region=world.region_b)
    _national_world(world, 3)
    html = _html(world.client_for("pendamping").get("/pemantauan/nasional/"))
    assert re.findall(r'<tr data-region="([\d.]+)"', html) == ["52.04"]
    html = _html(world.client_for("coordinator_b").get("/pemantauan/nasional/"))
    assert re.findall(r'<tr data-region="([\d.]+)"', html) == ["51.08"]
    response = world.client_for("pendamping").get("/pemantauan/nasional/unduh/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["52.04"]


def test_national_export_matches_the_filtered_table(world) -> None:
    Plan(world)
    ParticipationFactory(region=world.region_b)
    _national_world(world, 12)
    client = world.client_for("ministry_admin")
    query = "periode=2024-1&provinsi=52&urut=-pelaporan"
    html = _html(client.get(f"/pemantauan/nasional/?{query}"))
    shown = re.findall(r'<tr data-region="([\d.]+)"', html)
    assert f"/pemantauan/nasional/unduh/?{query}".replace("&", "&amp;") in html
    response = client.get(f"/pemantauan/nasional/unduh/?{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == shown and "51.08" not in shown
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    plan_col = header.index(next(h for h in header if "%" in str(h)))
    no_data = [r for r in rows if r[6]]
    assert no_data and all(r[plan_col] is None for r in no_data)  # no data is an empty cell, not 0
    with_data = {r[0]: r for r in rows if not r[6]}
    stored = RegionProgress.objects.get(region__code="52.10")
    assert with_data["52.10"][plan_col] == float(stored.plan_percent)
    # a name that looks like a formula stays text
    Kawasan.objects.filter(code="mandalika").update(name='=HYPERLINK("http://x.test","klik")')
    response = client.get("/pemantauan/nasional/unduh/?periode=2024-1&kawasan=mandalika")
    cell = load_workbook(io.BytesIO(response.content)).active.cell(row=2, column=6)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


# ---------------------------------------------------------------- query counts


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


# Session, user and memberships (3), the bell (1) and the navigation's regions (1, not for the
# ministry) are in every signed-in count; then the page's own reads, each a fixed number (dashboards.py says which).
PINNED = {
    "/pemantauan/52.04/?periode=2024-1": ("coordinator_a", 18),  # the stored roll-up
    "/pemantauan/52.04/?periode=2024-2": ("coordinator_a", 22),  # none stored: computed now
    "/pemantauan/52.04/quick-win/?periode=2024-2": ("officer_a", 13),
    "/pemantauan/52.04/opd/?periode=2024-1": ("officer_a", 14),
    "/pemantauan/nasional/?periode=2024-1": (
        "ministry_admin",
        17,
    ),  # the page by id, then its 50 rows with their figures
    "/pemantauan/nasional/unduh/?periode=2024-1": ("ministry_admin", 9),
    "/pemantauan/cara-hitung/": ("anonymous", 3),
}


def _data(world, plan: Plan, size: int) -> None:
    """Approved reports on every action and quick win (some excluded, some with evidence),
    returned ones, and ``size`` × 10 more regions in the national table."""
    codes = [a.code for a in ActionPlan.objects.filter(version=plan.small.version)]
    codes += [q.code for q in QuickWin.objects.filter(version=plan.small.version)]
    for i, code in enumerate(codes):
        status = ["operational", "pilot", "cancelled", "in_progress"][i % 4]
        report = plan.approve(code, status, budget_realised=str(1000 * (i + 1)))
        if i % 3 == 0:
            Evidence.objects.create(
                report=report, file="evidence/x.pdf", name=f"{code}.pdf", kind="pdf", size=9
            )
    _national_world(world, 10 * size, start=10 + 10 * (size - 1) if size else 10)


@pytest.mark.parametrize("size", [1, 3])
def test_dashboard_query_counts_do_not_grow_with_the_data(world, size) -> None:
    plan = Plan(world, extra=2 * size)
    ParticipationFactory(region=world.region_a)
    _data(world, plan, size)
    counts = {url: _count(world.client_for(role), url) for url, (role, _pinned) in PINNED.items()}
    assert counts == {url: pinned for url, (_role, pinned) in PINNED.items()}


def test_national_rows_written_in_python_escape_names(world) -> None:
    """The rows are written by monitoring.national_table, not the template: names are escaped."""
    Plan(world)
    participation = ParticipationFactory(region=world.region_b)
    Region.objects.filter(pk=world.region_b.pk).update(name='Kab. <script>alert("x")</script>')
    del participation
    html = _html(world.client_for("ministry_admin").get("/pemantauan/nasional/"))
    row = _row(html, "data-region", "51.08")
    assert "<script>" not in row and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in row
    assert 'href="/pemantauan/51.08/?periode=' in row
