"""Progress reports in a real browser: an agency officer reports from a phone with a file and
submits, the coordinator approves in the queue; a draft typed while offline is kept on the
device and sent once when the connection is back (or when the answer to a send was lost)."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from .conftest import login, run_command

PHONE = {"width": 390, "height": 844}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# Sumbawa (52.04) reports in the period open today; the demo's Disdukcapil officer owns some items.
# When the demo has no reporting year for today, the ministry sets one up; when the period open
# today is locked for Disdukcapil, the ministry grants it a lock exception (as a user would).
PREPARE = """
import datetime as dt, json
from django.utils import timezone
from kotacerdas.accounts.models import User
from kotacerdas.monitoring import selectors, services
from kotacerdas.monitoring.models import ProgressReport, ReportingYear
from kotacerdas.organisation.models import Agency
from kotacerdas.regions.models import Region

admin = User.objects.get(username="admin")
today = timezone.localdate()
if not ReportingYear.objects.filter(year=today.year).exists():
    services.reporting_year_setup(actor=admin, year=today.year)
region = Region.objects.get(code="52.04")
agency = Agency.objects.get(region=region, code="disdukcapil")
period = selectors.period_current()
if selectors.period_lock(period, region_id=region.pk, agency_id=agency.pk) is not None:
    services.lock_exception_grant(
        actor=admin, period=period, region_id=region.pk, agency_id=agency.pk,
        until=today + dt.timedelta(days=2), reason="Uji peramban",
    )
version = selectors.version_in_force_for_region(region.pk)
reported = set(ProgressReport.objects.filter(period=period).values_list("lineage_id", flat=True))
free = [
    str(i.lineage_id) for i in selectors.reportable_items(version, agency_ids=[agency.pk])
    if i.kind == "action" and i.lineage_id not in reported
]
print(json.dumps({"period": period.code, "free": free}))
"""

COUNT = """
from kotacerdas.core.models import AuditEvent
from kotacerdas.monitoring.models import ProgressReport
rows = ProgressReport.objects.filter(lineage_id="{lineage}", period__reporting_year__year={year}, period__number={number})
report = rows.first()
events = AuditEvent.objects.filter(object_type="monitoring.progressreport", object_id=str(report.pk) if report else "-")
print(rows.count(), events.filter(action="create").count(), events.filter(action="update").count())
"""


def live_shell(base: str, code: str) -> str:
    return run_command(base, "shell", "--no-imports", "-c", code)


def _prepare(base: str) -> tuple[str, list[str]]:
    found = json.loads(live_shell(base, PREPARE).strip().splitlines()[-1])
    if len(found["free"]) < 2:
        pytest.fail(f"Disdukcapil of Sumbawa needs two actions without a report in {found['period']}")
    return found["period"], found["free"]


def _counts(base: str, period: str, lineage: str) -> tuple[int, int, int]:
    year, number = period.split("-")
    out = live_shell(base, COUNT.format(lineage=lineage, year=int(year), number=int(number)))
    rows, created, updated = (int(x) for x in out.strip().splitlines()[-1].split())
    return rows, created, updated


def test_an_officer_reports_from_a_phone_and_the_coordinator_approves(
    browser, browser_context_args, live_app, tmp_path
):
    period, free = _prepare(live_app)
    lineage = free[0]
    phone = browser.new_context(**{**browser_context_args, "viewport": PHONE, "has_touch": True})
    page = phone.new_page()
    login(page, live_app, "opd.sumbawa")
    page.goto(f"{live_app}/pemantauan/52.04/laporan/")
    row = page.locator(f"tr[data-lineage='{lineage}']")
    expect(row).to_be_visible()  # the officer's own agency's items by default
    row.locator("a.btn").click()
    expect(page).to_have_url(re.compile(rf"/pemantauan/52\.04/laporan/{period}/{lineage}/$"))

    page.select_option("#id_status", "in_progress")
    page.fill("#id_budget_realised", "12.500.000")
    page.fill("#id_indicator_actual", "1")
    page.fill("#id_narrative", "Layanan diuji di dua kecamatan, dari ponsel.")
    page.fill("#id_links", "https://sumbawakab.go.id")
    evidence = tmp_path / "berita-acara.pdf"
    evidence.write_bytes(PDF)
    page.set_input_files("#id_evidence", str(evidence))
    # nothing wider than the phone: no sideways scrolling on the form
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator("button[name=after][value=submit]").click()

    expect(page).to_have_url(re.compile(r"/pemantauan/laporan/[0-9a-f-]{36}/$"))
    report_url = page.url
    expect(page.locator(".report-head [data-state]")).to_have_attribute("data-state", "submitted")
    expect(page.locator(".evidence-list")).to_contain_text("berita-acara.pdf")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.close()

    desk = browser.new_context(**browser_context_args)
    page = desk.new_page()
    login(page, live_app, "koordinator.sumbawa")
    page.goto(f"{live_app}/pemantauan/52.04/persetujuan/")
    uid = report_url.rstrip("/").rsplit("/", 1)[-1]
    queued = page.locator(f"tr[data-report='{uid}']")
    expect(queued).to_be_visible()
    queued.locator("button[name=approve_one]").click()
    expect(page.locator(".msg-success")).to_be_visible()
    expect(page.locator(f"tr[data-report='{uid}']")).to_have_count(0)
    page.goto(report_url)
    expect(page.locator(".report-head [data-state]")).to_have_text("Disetujui")

    # the region dashboard is fresh at once: the approved report is among the latest updates,
    # its time is the computed-at time, and the plan's progress is a figure (not "no data")
    page.goto(f"{live_app}/pemantauan/52.04/?periode={period}")
    expect(page.locator(f"#latest tr[data-report='{uid}'], tr[data-report='{uid}']").first).to_be_visible()
    computed = page.locator("p.computed")
    expect(computed).to_contain_text("Dihitung pada")
    expect(page.locator("[data-live]")).to_have_count(0)
    plan = page.locator("[data-stat=plan] b")
    expect(plan).to_have_text(re.compile(r"^\d{1,3}(,\d+)?\s?%$"))
    desk.close()

    # the same dashboard on the phone: readable, no sideways scrolling
    phone = browser.new_context(**{**browser_context_args, "viewport": PHONE, "has_touch": True})
    page = phone.new_page()
    login(page, live_app, "koordinator.sumbawa")
    page.goto(f"{live_app}/pemantauan/52.04/?periode={period}")
    expect(page.locator("p.computed")).to_contain_text("Dihitung pada")
    expect(page.locator(f"tr[data-report='{uid}']").first).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.close()


def test_a_draft_typed_offline_is_kept_and_sent_once(browser, browser_context_args, live_app):
    period, free = _prepare(live_app)
    lineage = free[-1]
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    login(page, live_app, "opd.sumbawa")
    form_url = f"{live_app}/pemantauan/52.04/laporan/{period}/{lineage}/"
    page.goto(form_url)
    page.select_option("#id_status", "preparation")

    context.set_offline(True)
    page.fill("#id_narrative", "Diketik tanpa sinyal di lapangan.")
    form = page.locator("form[data-report-draft]")
    expect(form).to_have_attribute("data-draft-state", "kept")
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('kc-report:'))")
    assert len(stored) == 1
    page.locator("button[name=after][value=save]").click()
    expect(form).to_have_attribute("data-draft-state", "offline")
    expect(page.locator("[data-draft-status]")).to_contain_text(re.compile("Draf tersimpan|Draft kept"))
    assert _counts(live_app, period, lineage) == (0, 0, 0)

    context.set_offline(False)  # the browser says "online": the kept draft goes, once
    expect(page).to_have_url(re.compile(r"/pemantauan/laporan/[0-9a-f-]{36}/$"))
    report_url = page.url
    expect(page.locator(".report-percent")).to_contain_text("25")
    assert _counts(live_app, period, lineage) == (1, 1, 0)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('kc-report:'))") == []

    # the answer to a send is lost on the way back: the draft is sent again, and applied once
    page.goto(form_url)
    page.fill("#id_narrative", "Jawaban server hilang di jalan.")
    lost = {"done": False}

    def lose_the_answer(route):
        if route.request.method == "POST" and not lost["done"]:
            lost["done"] = True
            route.fetch()  # the server gets it and saves ...
            route.abort("internetdisconnected")  # ... but the browser hears nothing
        else:
            route.continue_()

    page.route(re.compile(r".*/pemantauan/52\.04/laporan/.*"), lose_the_answer)
    page.locator("button[name=after][value=save]").click()
    expect(form).to_have_attribute("data-draft-state", "offline")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page).to_have_url(report_url)
    expect(page.locator("main")).to_contain_text("Jawaban server hilang di jalan.")
    assert _counts(live_app, period, lineage) == (1, 1, 1)
    context.close()
