"""A coordinator edits the master plan, submits it, and downloads its PDF document."""

import re
import subprocess

from playwright.sync_api import expect

from .conftest import login


def _pdf_text(path) -> str:
    """The PDF's text on one line (table cells wrap, so whitespace is folded)."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode(
        "utf-8"
    )
    return " ".join(out.split())


def test_coordinator_edits_submits_and_downloads_the_plan(page, live_app, tmp_path):
    login(page, live_app, "koordinator.sumbawa")
    page.goto(f"{live_app}/rencana-induk/52.04/")
    expect(page.locator(".plan-head .badge").first).to_contain_text("2")  # the demo's draft version 2

    # vision and missions
    page.locator("nav.tabs a").nth(1).click()
    page.fill("#id_vision", "Sumbawa Gemilang dan Cerdas")
    page.locator("main form.stacked button[type=submit]").click()
    expect(page.locator(".msg-success")).to_be_visible()

    # edit an action inline (HTMX): the programme is redrawn with the new name
    page.locator("nav.tabs a").nth(0).click()
    first_action = page.locator("table.actions-table tbody tr[data-uid]").first
    code = first_action.locator("td").nth(1).inner_text().strip()
    first_action.locator("button[hx-get]").click()
    form = page.locator(".action-edit form")
    expect(form).to_be_visible()
    form.locator("input[name=name]").fill("Aksi yang diubah lewat peramban")
    save = form.locator("button[type=submit]")
    save.scroll_into_view_if_needed()
    form_top = page.locator("tr.edit-row").evaluate("e => e.getBoundingClientRect().top")
    save.click()
    row = page.locator("tr[data-uid]", has_text=code).first
    expect(row).to_contain_text("Aksi yang diubah lewat peramban")
    saved = row.locator(".saved[role=status]")  # "Tersimpan", in the row itself
    expect(saved).to_be_visible()
    expect(saved).to_be_in_viewport()
    # no jump: the saved row is where the form was (or just below the top when the form began above)
    row_top = row.evaluate("e => e.getBoundingClientRect().top")
    assert abs(row_top - max(form_top, 60)) < 5, (form_top, row_top)

    page.goto(f"{live_app}/rencana-induk/52.04/?dimensi=semua")  # every dimension on one page
    names = [
        " ".join(name.split())
        for name in page.locator(".programme-title").evaluate_all(
            "els => els.map(e => e.querySelector('b').nextSibling.textContent)"
        )
    ]
    assert all(names) and not any(n.startswith(("GOV-", "BRD-")) for n in names)
    assert len(names) >= 70

    # checklist, then submit
    page.goto(f"{live_app}/rencana-induk/52.04/ajukan/")
    expect(page.locator("ul.checklist li.check-bad")).to_have_count(0)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/rencana-induk/52\.04/versi/"))
    expect(page.locator(".plan-head .badge").first).not_to_contain_text("Draf")

    # the PDF of the submitted version: a background job (the plan is big), its progress bar,
    # then the download: vision and every programme name
    page.goto(f"{live_app}/rencana-induk/52.04/?versi=2")
    page.locator(".actions a[href*='dokumen.pdf']").click()
    text = _download_from_job(page, tmp_path / "plan.pdf")
    assert "Sumbawa Gemilang dan Cerdas" in text
    missing = [name for name in names if name not in text]
    assert not missing, missing
    assert "RANCANGAN" in text  # not ratified yet


def _download_from_job(page, path) -> str:
    """On a document job's page: the progress bar fills, then its link downloads the file."""
    expect(page).to_have_url(re.compile(r"/tugas/[0-9a-f-]+/$"))
    bar = page.locator(".progress .bar[role=progressbar]")
    expect(bar).to_be_visible()
    link = page.locator(".progress a.btn[href*='/dokumen/']")
    expect(link).to_be_visible(timeout=120_000)
    expect(bar).to_have_attribute("aria-valuenow", "100")
    with page.expect_download(timeout=60_000) as download_info:
        link.click()
    download_info.value.save_as(path)
    return _pdf_text(path)


def test_ratified_plan_document_is_the_regulation_annex(page, live_app, tmp_path):
    """Sumbawa's ratified version 1 (Perbup 7 Tahun 2024): the annex heading and its number."""
    login(page, live_app, "koordinator.sumbawa")
    page.goto(f"{live_app}/rencana-induk/52.04/dokumen.pdf?versi=1")
    text = _download_from_job(page, tmp_path / "perbup.pdf")
    assert "Lampiran" in text and "LAMPIRAN" in text
    assert "Nomor 7 Tahun 2024" in text and "NOMOR : 7 TAHUN 2024" in text
    assert "TANGGAL : 12 FEBRUARI 2024" in text
    assert "BAB I PENDAHULUAN" in text and "BAB VIII PENUTUP" in text
    assert "BUPATI SUMBAWA," in text


def test_plan_page_fits_a_phone(page, live_app):
    """390 x 844: no sideways scrolling of the page; wide tables scroll inside their own box."""
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_app, "koordinator.sumbawa")

    def fits() -> bool:
        return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    page.goto(f"{live_app}/rencana-induk/52.04/")
    expect(page.locator("nav.dim-tabs a[aria-current=page]")).to_have_count(1)
    assert fits()
    page.locator("details#budget > summary").click()  # the budget tables and the chart
    expect(page.locator("#budget-chart")).to_be_visible()
    page.wait_for_function("document.getElementById('budget-chart')._chart !== undefined")
    assert fits()
    edit = page.locator("tr[data-uid] button[hx-get]").first
    if edit.count():  # the demo's draft: the edit form with its budget grid, in the row
        edit.click()
        expect(page.locator(".action-edit .grid-input")).to_be_visible()
        assert fits()
    page.goto(f"{live_app}/rencana-induk/52.04/?dimensi=semua")
    assert fits()
    page.goto(f"{live_app}/organisasi/52.04/")
    assert fits()


def test_officer_sees_own_agency_first_and_numbers_in_indonesian(page, live_app):
    login(page, live_app, "opd.sumbawa")  # an officer of Disdukcapil
    page.goto(f"{live_app}/rencana-induk/52.04/")
    expect(page.locator("#f-opd")).to_have_value("disdukcapil")
    agencies = page.locator("table.actions-table tbody tr[data-uid] td:nth-child(4)").all_inner_texts()
    assert agencies and {a.strip() for a in agencies} <= {"Disdukcapil"}
    page.locator(".own-view a").click()  # clear the filter: every agency's items
    expect(page.locator("#f-opd")).to_have_value("")
    budget = page.locator("details#budget summary").inner_text()
    assert re.search(r"Rp \d{1,3}(\.\d{3})+", budget), budget  # 408.000.000, not 408,000,000.00
