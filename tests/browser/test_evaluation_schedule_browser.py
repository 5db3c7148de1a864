"""The presentation schedule in a real browser: the ministry's admin makes the schedule of the
demo's round 2024-2 (six regions, two days, two rooms), sees it day by day, and opens the
printable page of a day, which prints without the site's navigation."""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import login

ROUND = "2024-2"


def test_make_the_schedule_then_print_a_day(page, live_app):
    login(page, live_app, "admin")
    page.goto(f"{live_app}/evaluasi/{ROUND}/jadwal/buat/")
    page.fill("#id_first_day", "2024-10-21")
    page.fill("#id_days", "2")
    page.fill("#id_day_start", "08:00")
    page.fill("#id_day_end", "12:00")
    page.fill("#id_slot_minutes", "60")
    page.fill("#id_break_minutes", "0")
    page.fill("#id_rooms", "2")
    page.fill("#id_places", "Aula Garuda\nhttps://zoom.example/forum")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"**/evaluasi/{ROUND}/jadwal/")
    days = page.locator("nav.tabs a")
    expect(days).to_have_count(2)
    first = page.locator("table.schedule tbody tr")
    expect(first).to_have_count(3)  # six regions over two days
    expect(first.first).to_contain_text("08:00")
    days.nth(1).click()
    page.wait_for_url("**hari=2024-10-22")
    expect(page.locator("table.schedule tbody tr")).to_have_count(3)
    page.click(f'a[href="/evaluasi/{ROUND}/jadwal/cetak/2024-10-22/"]')
    page.wait_for_url("**/jadwal/cetak/2024-10-22/")
    rows = page.locator("table.schedule tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator(".topbar")).to_have_count(0)
    page.emulate_media(media="print")
    expect(page.locator(".screen-only")).to_be_hidden()
    expect(rows.first).to_be_visible()
