"""A coordinator imports a worksheet (kertas kerja): upload, preview, confirm (ticking a removal
only when wanted), and sees what was imported."""

from __future__ import annotations

from kotacerdas.masterplans.worksheets import XLSX_MIME

from ..worksheet_data import SUMBAWA_AGENCIES, catalogue_standalone, small_plan, workbook_bytes
from .conftest import login


def _upload(page, live_app, content: bytes, name: str = "kertas-kerja.xlsx") -> None:
    page.goto(f"{live_app}/rencana-induk/52.04/kertas-kerja/")
    page.set_input_files("input[type=file]", files=[{"name": name, "mimeType": XLSX_MIME, "buffer": content}])
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()


def _confirm(page) -> None:
    page.click("#confirm-form button[type=submit]")
    page.wait_for_load_state()


def test_coordinator_previews_and_confirms_a_worksheet(page, live_app):
    # A period the demo data does not use, so the import starts its own plan.
    plan = small_plan(agencies=[code for code, _a, _n in SUMBAWA_AGENCIES], start_year=2019)
    content = workbook_bytes(catalogue_standalone(), plan)
    login(page, live_app, "koordinator.sumbawa")
    _upload(page, live_app, content)
    assert page.locator("html").get_attribute("lang") == "id"
    # the preview: every addition listed, nothing imported yet
    assert "/kertas-kerja/pratinjau/" in page.url
    preview = page.locator(".import-preview")
    assert preview.is_visible()
    assert page.locator('table[data-kind="actions"] tr[data-action="add"]').count() == 6
    assert page.locator("input[name=confirm]").count() == 0  # nothing to tick: no removal, no conflict
    _confirm(page)
    summary = page.locator(".import-summary")
    assert summary.is_visible()
    assert summary.get_attribute("data-changed") == "1"
    for kind in ("programmes", "actions", "quick_wins"):
        added = summary.locator(f'tr[data-kind="{kind}"] [data-count="added"]').inner_text()
        assert added.strip() == "6"

    # the same file without one quick win: its removal waits for a tick
    plan.quick_wins = [q for q in plan.quick_wins if q.code != "QW-ENV"]
    _upload(page, live_app, workbook_bytes(catalogue_standalone(), plan))
    removal = page.locator('tr[data-action="remove"]')
    assert removal.count() == 1 and "QW-ENV" in removal.inner_text()
    _confirm(page)  # not ticked: kept
    assert page.locator(".import-summary").get_attribute("data-changed") == "0"
    assert page.locator('tr[data-action="remove"]').get_attribute("data-applied") == "0"
    _upload(page, live_app, workbook_bytes(catalogue_standalone(), plan))
    page.locator('tr[data-action="remove"] input[name=confirm]').check()
    _confirm(page)
    summary = page.locator(".import-summary")
    assert summary.get_attribute("data-changed") == "1"
    assert summary.locator('tr[data-kind="quick_wins"] [data-count="deleted"]').inner_text().strip() == "1"


def test_bad_worksheet_shows_the_rows(page, live_app):
    plan = small_plan(agencies=[code for code, _a, _n in SUMBAWA_AGENCIES], start_year=2019)
    plan.programmes[0].agency = "dinas-fiktif"
    content = workbook_bytes(catalogue_standalone(), plan)
    login(page, live_app, "koordinator.sumbawa")
    _upload(page, live_app, content, "salah.xlsx")
    rows = page.locator(".import-errors tbody tr")
    assert rows.count() >= 1
    first = rows.first.locator("td")
    assert [first.nth(i).inner_text() for i in range(3)] == ["Program", "2", "OPD Pengampu"]
