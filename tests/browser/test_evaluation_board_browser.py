"""The assessment board in a real browser: the ministry admin opens a round's board, filters it
by province, sorts by the provisional index, opens a region's panel and settles a flagged
question with a score and a reason; the board then counts the decision.

The test adds its own round in the panel phase over six demo regions, scored by three assessors
who disagree on some questions (``tests/evaluation_board_data.py``), once per server.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import login, run_command

ROOT = Path(__file__).resolve().parents[2]
ROUND = "uji-papan"
REGIONS = ["52.04", "52.07", "52.71", "51.08", "63.03", "13.73"]

SEED = f"""
import json, sys
sys.path.insert(0, {str(ROOT)!r})
from kotacerdas.evaluation.models import Round
from kotacerdas.regions.models import Region
from tests.evaluation_board_data import board_round

if not Round.objects.filter(code={ROUND!r}).exists():
    board_round(list(Region.objects.filter(code__in={REGIONS!r}).order_by("code")), code={ROUND!r})
print(json.dumps(sorted(Region.objects.filter(code__in={REGIONS!r}).values_list("code", flat=True))))
"""


@pytest.fixture(scope="module")
def round_regions(live_app):
    return json.loads(run_command(live_app, "shell", "-c", SEED).strip().splitlines()[-1])


def test_board_filtered_sorted_then_a_flag_settled_on_the_panel(page, live_app, round_regions):
    login(page, live_app, "admin")
    page.goto(f"{live_app}/evaluasi/{ROUND}/papan/")
    rows = page.locator("#board tbody tr[data-region]")
    expect(rows).to_have_count(len(round_regions))
    page.select_option("#f-provinsi", "52")
    page.click("#board-filters button[type=submit]")
    page.wait_for_url("**provinsi=52**")
    shown = [rows.nth(i).get_attribute("data-region") for i in range(rows.count())]
    assert sorted(shown) == sorted(c for c in round_regions if c.startswith("52."))
    page.click("#board thead a[href*='urut=indeks']")
    page.wait_for_url("**urut=indeks**")
    indices = [
        float(t.replace(",", ".").rstrip("*").strip())
        for t in page.locator("#board td[data-index]").all_inner_texts()
    ]
    assert indices == sorted(indices)

    row = page.locator('tr[data-region="52.04"]')
    flags = int(row.locator("[data-flags]").get_attribute("data-flags"))
    assert flags > 0
    row.locator("a").first.click()
    page.wait_for_url(f"**/evaluasi/{ROUND}/52.04/panel/")
    flagged = page.locator("#panel tr[data-flagged]")
    expect(flagged).to_have_count(flags)
    first = flagged.first
    key = first.get_attribute("data-question")
    first.locator("input[name=score]").fill("3")
    first.locator("textarea[name=reason]").fill("Dokumen pendukung lengkap")
    first.locator("button[data-set]").click()
    page.wait_for_url(f"**/panel/#q-{key}")
    expect(page.locator(f'tr[data-question="{key}"] [data-decision]')).to_contain_text(
        "Dokumen pendukung lengkap"
    )

    page.goto(f"{live_app}/evaluasi/{ROUND}/papan/?provinsi=52")
    expect(page.locator('tr[data-region="52.04"] [data-decisions]')).to_have_text("1")
