"""The version comparison reads as people write: budgets as a year × source table in Rupiah."""

from playwright.sync_api import expect

from .conftest import login


def test_the_diff_shows_a_budget_change_as_rupiah(page, live_app):
    """Sumbawa's version 2 raised SiLAMO's budget by a fifth (demo data): the comparison shows
    both tables with Indonesian Rupiah amounts, and no field names or Python values."""
    login(page, live_app, "koordinator.sumbawa")
    page.goto(f"{live_app}/rencana-induk/52.04/perbandingan/?dari=1&ke=2")
    row = page.locator("tr.diff-changed", has_text="GOV-01.01")
    # the budget's line among the action's changed fields (another test may rename the action)
    budget = row.locator("table.changes > tbody > tr").filter(
        has=page.locator("th[scope=row]", has_text="Anggaran (Rp)")
    )
    expect(budget).to_have_count(1)
    before, after = (
        budget.locator("td.diff-removed .change-table"),
        budget.locator("td.diff-added .change-table"),
    )
    expect(before).to_contain_text("Rp 340.000.000")
    expect(after).to_contain_text("Rp 408.000.000")
    expect(after.locator("thead")).to_contain_text("2024")
    text = row.inner_text()
    assert "budgets" not in text and "340000000" not in text and "APBD'" not in text
