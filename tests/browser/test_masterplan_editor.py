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
    form.locator("button[type=submit]").click()
    expect(page.locator("tr[data-uid]", has_text=code).first).to_contain_text(
        "Aksi yang diubah lewat peramban"
    )

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
