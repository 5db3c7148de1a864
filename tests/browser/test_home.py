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
