"""Each role logs in and sees its home page, in Indonesian."""

import pytest

from .conftest import login


@pytest.mark.parametrize(
    "username,expected",
    [
        ("admin", "Program kota cerdas nasional"),
        ("pendamping", "Daerah saya"),
        ("koordinator.sumbawa", "Kabupaten Sumbawa"),
        ("opd.sumbawa", "Kabupaten Sumbawa"),
        ("koordinator.buleleng", "Kabupaten Buleleng"),
    ],
)
def test_role_logs_in_and_sees_home(page, live_app, username, expected):
    login(page, live_app, username)
    assert page.locator("h1").first.inner_text().strip().startswith(expected)
    assert page.locator("html").get_attribute("lang") == "id"


def test_assessor_and_public_see_public_home(page, live_app):
    page.goto(live_app + "/")
    assert "Kota Cerdas" in page.locator("h1").inner_text()
    login(page, live_app, "asesor")
    assert "Kota Cerdas" in page.locator("h1").inner_text()


def test_wrong_password_shows_error(page, live_app):
    login(page, live_app, "admin", "salah-sandi")
    assert page.locator(".errorlist").count() == 1


def test_officers_refused_htmx_save_shows_its_reason_in_place(page, live_app):
    """An OPD officer moves their action to another agency: the save is refused (403) and the
    reason appears above the form, in place; nothing changes."""
    from django.utils import translation
    from playwright.sync_api import expect

    with translation.override("id"):
        reason = translation.gettext("You may only change the plan items of your own agency.")
    login(page, live_app, "opd.sumbawa")
    page.goto(f"{live_app}/rencana-induk/52.04/")
    row = page.locator("table.actions-table tbody tr[data-uid]", has=page.locator("button[hx-get]")).first
    uid = row.get_attribute("data-uid")
    row.locator("button[hx-get]").click()
    form = page.locator(".action-edit form")
    expect(form).to_be_visible()
    form.locator("select[name=agency]").select_option("dinkes")
    form.locator("button[type=submit]").click()
    alert = page.locator(".action-edit .htmx-refusal")
    expect(alert).to_be_visible()
    expect(alert).to_have_text(reason)
    expect(page.locator(".action-edit .htmx-refusal + form")).to_be_visible()  # just above the form
    page.reload()  # nothing changed: the action is still the officer's to edit
    expect(page.locator(f'tr[data-uid="{uid}"] button[hx-get]')).to_be_visible()


def test_region_search_box_finds_aceh(page, live_app):
    from playwright.sync_api import expect

    login(page, live_app, "admin")
    page.goto(f"{live_app}/program/peserta/")
    page.locator("details.enrol summary").click()
    box = page.locator("#enrol_region_code")
    box.press_sequentially("Aceh", delay=30)
    options = page.locator("#enrol_region_code-options option")
    expect(options.first).to_be_attached()
    labels = options.evaluate_all("els => els.map(e => e.textContent)")
    assert len(labels) >= 20 and all("Aceh" in label for label in labels), labels
    assert page.evaluate(
        "() => new Set([...document.querySelectorAll('[id]')].map(e => e.id)).size"
    ) == page.evaluate("() => document.querySelectorAll('[id]').length")


def test_error_page_in_the_layout(page, live_app):
    login(page, live_app, "koordinator.sumbawa")
    response = page.goto(f"{live_app}/program/angkatan/")
    assert response is not None and response.status == 403
    assert page.locator("header.topbar").count() == 1
    assert page.locator("[data-refusal]").inner_text().strip()
    assert page.locator("link[rel=icon]").get_attribute("href").endswith("favicon.svg")
