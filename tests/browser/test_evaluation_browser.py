"""Evaluation results in a real browser: an anonymous reader opens a round's ranking, filters it
by province, opens a region's report card and finds the smart-dimension radar drawn (Chart.js
under the enforced CSP) with its table; nothing overflows sideways on a desktop or a phone.

The demo's rounds are loaded from published letters, which print no smart-dimension scores (so
no radar). This test adds its own round scored question by question for six demo regions, stored
as ``index_compute`` stores a computation (``tests/evaluation_results_data.py``), once per server.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import run_command

ROOT = Path(__file__).resolve().parents[2]
ROUND = "uji-peramban"
TWO_DECIMALS = re.compile(r"^\d,\d\d$")  # Indonesian: 3,48
REGIONS = ["52.04", "52.07", "52.71", "51.08", "63.03", "13.73"]

SEED = f"""
import json, sys
sys.path.insert(0, {str(ROOT)!r})
from kotacerdas.evaluation.models import Round
from kotacerdas.regions.models import Region
from tests.evaluation_results_data import question_level_round_of

if not Round.objects.filter(code={ROUND!r}).exists():
    regions = list(Region.objects.filter(code__in={REGIONS!r}).select_related("province").order_by("code"))
    question_level_round_of(regions, code={ROUND!r}, year=2024, name="Evaluasi uji peramban 2024")
print(json.dumps(sorted(Region.objects.filter(code__in={REGIONS!r}).values_list("code", flat=True))))
"""


@pytest.fixture(scope="module")
def round_regions(live_app):
    return json.loads(run_command(live_app, "shell", "-c", SEED).strip().splitlines()[-1])


def _no_sideways_overflow(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the window"


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_ranking_filtered_by_province_then_a_report_card_with_its_radar(
    page, live_app, round_regions, viewport
):
    assert "52.04" in round_regions
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_app}/evaluasi/")
    page.click(f'tr[data-round="{ROUND}"] a[href="/evaluasi/{ROUND}/"]')
    rows = page.locator("table.ranking-table tbody tr[data-region]")
    expect(rows).to_have_count(len(round_regions))
    page.select_option("#f-provinsi", "52")
    page.click("#ranking-filters button[type=submit]")
    page.wait_for_url("**provinsi=52**")
    shown = [rows.nth(i).get_attribute("data-region") for i in range(rows.count())]
    assert shown and all(code.startswith("52.") for code in shown)
    assert sorted(shown) == sorted(c for c in round_regions if c.startswith("52."))
    ranks = [int(r) for r in page.locator("table.ranking-table td[data-rank]").all_inner_texts()]
    assert ranks == sorted(ranks)
    _no_sideways_overflow(page)

    page.click('tr[data-region="52.04"] a[href$="/52.04/"]')
    page.wait_for_url(f"**/evaluasi/{ROUND}/52.04/")
    expect(page.locator('[data-stat="index"] b')).to_have_text(TWO_DECIMALS)
    canvas = page.locator("#smart-radar")
    expect(canvas).to_be_visible()
    drawn = page.evaluate(
        "() => { const c = document.getElementById('smart-radar'); const chart = window.Chart && Chart.getChart(c);"
        " return !!chart && c.width > 0 && c.height > 0 && chart.data.datasets[0].data.length === 6; }"
    )
    assert drawn, "the radar was not drawn"
    table = page.locator("table.smart-table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr[data-smart]")).to_have_count(6)
    expect(table.locator('tr[data-smart="GOV"] td[data-score]')).to_have_text(TWO_DECIMALS)
    page.click("#explanation summary >> nth=0")
    expect(page.locator("#explanation table.questions-scores").first).to_be_visible()
    _no_sideways_overflow(page)
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
