"""A coordinator adds an agency on the organisation page and sees it in the list."""

import re

from playwright.sync_api import expect

from .conftest import login


def test_coordinator_adds_an_agency(page, live_app):
    login(page, live_app, "koordinator.sumbawa")
    page.goto(f"{live_app}/organisasi/52.04/")
    section = page.locator("#opd")
    expect(section.locator("tbody tr", has_text="Diskominfo").first).to_be_visible()
    section.locator("details.add > summary").click()
    section.locator("#opd-new-code").fill("disnakertrans")
    section.locator("#opd-new-acronym").fill("Disnakertrans")
    section.locator("#opd-new-name").fill("Dinas Tenaga Kerja dan Transmigrasi")
    section.locator("#opd-new-kind").select_option("dinas")
    section.locator("details.add button[type=submit]").click()
    row = page.locator("#opd tbody tr", has_text="Disnakertrans")
    expect(row).to_be_visible()
    expect(row).to_contain_text("Dinas Tenaga Kerja dan Transmigrasi")
    expect(page).to_have_url(re.compile(r"/organisasi/52\.04/"))
    # The new agency can lead a pokja at once: the pokja section was refreshed with it.
    page.locator("#pokja-gov a.btn").click()
    expect(page.locator("#pokja-edit-leading_agency")).to_contain_text("Disnakertrans")
