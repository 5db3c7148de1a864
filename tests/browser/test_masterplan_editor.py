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

    # the PDF of the submitted version: vision and every programme name
    page.goto(f"{live_app}/rencana-induk/52.04/?versi=2")
    with page.expect_download(timeout=120_000) as download_info:
        page.locator(".actions a[href*='dokumen.pdf']").click()
    path = tmp_path / "plan.pdf"
    download_info.value.save_as(path)
    text = _pdf_text(path)
    assert "Sumbawa Gemilang dan Cerdas" in text
    missing = [name for name in names if name not in text]
    assert not missing, missing
