"""A coordinator imports a worksheet (kertas kerja) on the import page and sees what was imported."""

from __future__ import annotations

from kotacerdas.masterplans.worksheets import XLSX_MIME

from ..worksheet_data import SUMBAWA_AGENCIES, catalogue_standalone, small_plan, workbook_bytes
from .conftest import login


def test_coordinator_imports_a_small_worksheet(page, live_app):
    # A period the demo data does not use, so the import starts its own plan.
    plan = small_plan(agencies=[code for code, _a, _n in SUMBAWA_AGENCIES], start_year=2019)
    content = workbook_bytes(catalogue_standalone(), plan)
    login(page, live_app, "koordinator.sumbawa")
    page.goto(f"{live_app}/rencana-induk/52.04/kertas-kerja/")
    assert page.locator("html").get_attribute("lang") == "id"
    page.set_input_files(
        "input[type=file]", files=[{"name": "kertas-kerja.xlsx", "mimeType": XLSX_MIME, "buffer": content}]
    )
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()
    summary = page.locator(".import-summary")
    assert summary.is_visible()
    assert summary.get_attribute("data-changed") == "1"
    for kind in ("programmes", "actions", "quick_wins"):
        added = summary.locator(f'tr[data-kind="{kind}"] [data-count="added"]').inner_text()
        assert added.strip() == "6"
    # the same file again changes nothing
    page.set_input_files(
        "input[type=file]", files=[{"name": "kertas-kerja.xlsx", "mimeType": XLSX_MIME, "buffer": content}]
    )
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".import-summary").get_attribute("data-changed") == "0"


def test_bad_worksheet_shows_the_rows(page, live_app):
    plan = small_plan(agencies=[code for code, _a, _n in SUMBAWA_AGENCIES], start_year=2019)
    plan.programmes[0].agency = "dinas-fiktif"
    content = workbook_bytes(catalogue_standalone(), plan)
    login(page, live_app, "koordinator.sumbawa")
    page.goto(f"{live_app}/rencana-induk/52.04/kertas-kerja/")
    page.set_input_files(
        "input[type=file]", files=[{"name": "salah.xlsx", "mimeType": XLSX_MIME, "buffer": content}]
    )
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()
    rows = page.locator(".import-errors tbody tr")
    assert rows.count() >= 1
    first = rows.first.locator("td")
    assert [first.nth(i).inner_text() for i in range(3)] == ["Program", "2", "OPD Pengampu"]
