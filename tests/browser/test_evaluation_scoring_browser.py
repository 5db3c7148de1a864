"""Scoring in a real browser: the demo's assessor opens an assigned region of the 2024 round
(in document review), declares no conflict, opens the scoring page, picks a level and saves the
row by HTMX (under the enforced CSP): the row shows it saved and the progress counts it, and the
page holds on a phone without sideways overflow. The scores are kept in the demo database; the
test picks the first row still unscored, so it passes on a server it already ran against."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import login


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_an_assessor_scores_a_question(page, live_app, viewport):
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, live_app, "asesor")
    page.goto(f"{live_app}/evaluasi/penilaian-saya/")
    page.click('a[href$="/52.04/"]')
    declare = page.locator('form[action$="/tidak-ada-konflik/"] button')
    if declare.count():
        declare.click()
        page.wait_for_load_state()
    page.click('a[href$="/52.04/nilai/"]')
    progress = page.locator("#kemajuan .self-bars > div").first
    before = progress.inner_text()
    row = page.locator("article.question:not(.answered):has(select)").first
    row_id = row.get_attribute("id")
    select = row.locator("select")
    select.select_option(index=select.locator("option").count() - 1)
    row.locator("button[type=submit]").click()
    saved = page.locator(f"#{row_id}")
    expect(saved.locator(".saved")).to_be_visible()
    expect(saved).to_have_class("question answered")
    expect(progress).not_to_have_text(before)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the window"
    assert not errors, errors
