"""The region dashboard in a real browser: the radar and the bars are drawn (Chart.js under the
enforced CSP), the table alternative is there, and nothing overflows sideways on a desktop or a
phone."""

import pytest
from playwright.sync_api import expect

from .conftest import login, run_command

# Approved reports for Sumbawa in the current period, unless the demo already has some: the
# current year's periods, eight reports on the plan in force (none of Disdukcapil's, which the
# reporting test writes), the stored roll-up refreshed.
SEED = """
from django.utils import timezone
from kotacerdas.accounts.models import User
from kotacerdas.monitoring import selectors, services
from kotacerdas.monitoring.models import ProgressReport, ReportingYear
from kotacerdas.regions.models import Region

today = timezone.localdate()
if not ReportingYear.objects.filter(year=today.year).exists():
    services.reporting_year_setup(actor=User.objects.get(username="admin"), year=today.year)
period = selectors.period_current()
region = Region.objects.get(code="52.04")
approved = ProgressReport.objects.filter(region=region, period=period, state="approved")
if not approved.exists():
    coordinator = User.objects.get(username="koordinator.sumbawa")
    version = selectors.version_in_force_for_region(region.pk)
    # not Disdukcapil's items: the reporting test (test_monitoring_report.py) reports on those
    from kotacerdas.organisation.models import Agency
    officer_agency = Agency.objects.get(region=region, code="disdukcapil").pk
    items = [
        i for i in selectors.reportable_items(version) if i.kind == "action" and i.agency_id != officer_agency
    ][:8]
    statuses = ["operational", "in_progress", "pilot", "cancelled"]
    for n, item in enumerate(items):
        report = services.report_save(
            actor=coordinator, period=period, region_id=region.pk, lineage_id=item.lineage_id,
            data={"status": statuses[n % 4], "budget_realised": 10000000 * (n + 1)},
        )
        now = timezone.now()
        ProgressReport.objects.filter(pk=report.pk).update(state="approved", submitted_at=now, decided_at=now)
    services.region_progress_refresh(region_id=region.pk, period=period)
print(period.code)
"""


@pytest.fixture(scope="module")
def period_code(live_app):
    return run_command(live_app, "shell", "-c", SEED).strip().splitlines()[-1]


def _no_sideways_overflow(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the window"


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_region_dashboard_draws_its_charts_with_a_table_alternative(page, live_app, period_code, viewport):
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    login(page, live_app, "koordinator.sumbawa")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_app}/pemantauan/52.04/?periode={period_code}")
    for chart in ("#dimension-radar", "#dimension-bars"):
        canvas = page.locator(chart)
        expect(canvas).to_be_visible()
        drawn = page.evaluate(
            "id => { const c = document.querySelector(id); const chart = window.Chart && Chart.getChart(c);"
            " return !!chart && c.width > 0 && c.height > 0; }",
            chart,
        )
        assert drawn, f"{chart} was not drawn"
    table = page.locator("table.dimensions-table")
    expect(table).to_be_attached()
    assert table.locator("tbody tr").count() == 6  # one row per smart dimension
    expect(
        page.locator("table.dimensions-table tbody tr[data-dimension] td[data-percent]").first
    ).to_be_attached()
    expect(page.locator(".computed")).to_be_visible()  # "dihitung pada"
    assert page.locator("#excluded li[data-item]").count() >= 1  # the cancelled actions are listed
    _no_sideways_overflow(page)
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
