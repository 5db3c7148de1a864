"""Pages work under the enforced Content-Security-Policy: no violations, the menu (Alpine's CSP
build), the language switch and confirmations (static app.js) still work."""

from .conftest import login


def _violations(page):
    messages: list[str] = []
    page.on(
        "console", lambda msg: messages.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    return messages


def test_pages_run_without_csp_violations(page, live_app):
    violations = _violations(page)
    page.goto(live_app + "/")
    login(page, live_app, "koordinator.sumbawa")
    page.goto(live_app + "/rencana-induk/52.04/")
    page.goto(live_app + "/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=90_000)  # the schema is large
    assert violations == []


def test_language_switch_and_menu_work(page, live_app):
    violations = _violations(page)
    page.set_viewport_size({"width": 500, "height": 900})
    page.goto(live_app + "/")
    nav = page.locator("#mainnav")
    assert "is-open" not in (nav.get_attribute("class") or "")
    page.click(".menu-toggle")
    page.wait_for_function("document.querySelector('#mainnav').classList.contains('is-open')")
    with page.expect_navigation():
        page.select_option("#lang", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert violations == []
