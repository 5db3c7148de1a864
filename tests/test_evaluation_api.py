"""The evaluation API: methods with their tree, rounds (unpublished ones for the ministry only),
a round's ranking with the page's filters and rankings, a region's result with every stage, and
computing the index (the ministry's; a refusal in the one error shape); pinned query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kotacerdas.evaluation.models import IndexSnapshot, RegionResult

from .evaluation_data import method_make
from .evaluation_results_data import published_round, question_level_round

pytestmark = pytest.mark.django_db

BASE = "/api/v1/evaluation/"


def _get(world, role: str, path: str, status: int = 200):
    response = world.client_for(role).get(f"{BASE}{path}")
    assert response.status_code == status, (response.status_code, response.content[:400])
    return response.json()


def test_methods_list_and_tree(world):
    method_make()
    listing = _get(world, "anonymous", "methods/")
    assert listing["count"] == 1
    method = listing["results"][0]
    assert (method["code"], method["version"], method["question_count"]) == ("uji", 1, 12)
    assert method["levels"] == ["0", "1", "2", "3", "4"]
    assert method["bands"][0] == {"min": "3.50", "label": "Sangat Baik"}
    detail = _get(world, "anonymous", "methods/uji/1/")
    groups = {g["code"]: {w["dimension"]: w["weight"] for w in g["weights"]} for g in detail["groups"]}
    assert groups["regular"] == {
        "BASELINE": "10",
        "OUTPUT": "20",
        "OUTCOME": "30",
        "IMPACT": "20",
        "QUICK_WIN": "20",
    }
    assert "KOLABORASI" in groups["kawasan"] and sum(Decimal(w) for w in groups["kawasan"].values()) == 100
    outcome = next(d for d in detail["dimensions"] if d["code"] == "OUTCOME")
    question = outcome["indicators"][0]["subindicators"][0]["questions"][0]
    assert question["key"] == "OUTCOME-1-3.1.1"
    assert (question["smart_dimension"], question["answer"]) == ("GOV", "level")
    assert sum(d["question_count"] for d in detail["dimensions"]) == 12
    _get(world, "anonymous", "methods/uji/9/", 404)


def test_rounds_visibility(world):
    published_round(world)
    published_round(world, code="2024-2", year=2024, phase="panel", compute=False)
    public = _get(world, "anonymous", "rounds/")
    assert [r["code"] for r in public["results"]] == ["2023-2"]
    round_ = public["results"][0]
    assert round_["method"] == {"code": "uji", "version": 1}
    assert round_["region_count"] == 2 and round_["snapshot"]["number"] == 1
    admin = _get(world, "ministry_admin", "rounds/")
    assert [r["code"] for r in admin["results"]] == ["2024-2", "2023-2"]
    assert admin["results"][0]["snapshot"] is None
    assert [r["code"] for r in _get(world, "ministry_admin", "rounds/?year=2024")["results"]] == ["2024-2"]
    _get(world, "ministry_admin", "rounds/?year=abc", 400)
    for role in ("anonymous", "coordinator_a", "assessor"):
        _get(world, role, "rounds/2024-2/", 404)
        _get(world, role, "rounds/2024-2/results/", 404)
        _get(world, role, "rounds/2024-2/results/52.04/", 404)
    assert _get(world, "ministry_admin", "rounds/2024-2/")["phase"] == "panel"
    assert _get(world, "ministry_admin", "rounds/2024-2/results/")["count"] == 0  # not computed yet
    _get(world, "ministry_admin", "rounds/2024-2/results/52.04/", 404)


def test_results_list_filters_rankings_and_ordering(world):
    published_round(world, extra=12)
    rows = _get(world, "anonymous", "rounds/2023-2/results/")
    assert rows["count"] == 14
    kediri = next(r for r in rows["results"] if r["region"] == "52.04")
    assert (kediri["index"], kediri["improvement"]) == ("3.32", None)
    assert kediri["dimensions"]["BASELINE"] == "3.60" and kediri["rank"] == kediri["rank_national"]
    assert [r["rank"] for r in rows["results"]] == sorted(r["rank"] for r in rows["results"])
    by_province = _get(world, "anonymous", "rounds/2023-2/results/?province=51&ranking=province")
    assert {r["province"] for r in by_province["results"]} == {"51"}
    assert [r["rank"] for r in by_province["results"]] == [r["rank_province"] for r in by_province["results"]]
    assert by_province["results"][0]["rank"] == 1
    kawasan = _get(world, "anonymous", "rounds/2023-2/results/?ranking=kawasan")
    assert kawasan["count"] and all(r["kawasan"] == "mandalika" for r in kawasan["results"])
    assert [r["rank"] for r in kawasan["results"]] == [r["ranks"]["kawasan"] for r in kawasan["results"]]
    kota = _get(world, "anonymous", "rounds/2023-2/results/?level=kota&cohort=2022")
    assert all(r["level"] == "kota" and r["cohort"] == 2022 for r in kota["results"])
    ordered = _get(world, "anonymous", "rounds/2023-2/results/?ordering=-index&page_size=5")
    assert len(ordered["results"]) == 5 and ordered["next"]
    indices = [Decimal(r["index"]) for r in ordered["results"]]
    assert indices == sorted(indices, reverse=True)
    historical_smart = _get(world, "anonymous", "rounds/2023-2/results/?ranking=gov")
    assert historical_smart["count"] == 0  # a round from the letters has no smart-dimension scores


@pytest.mark.parametrize(
    "query",
    [
        "ranking=nowhere",
        "ordering=size",
        "level=province",
        "cohort=abc",
        "province=5",
        "page_size=501",
        "page=x",
    ],
)
def test_results_list_refuses_bad_filters(world, query):
    published_round(world)
    body = _get(world, "anonymous", f"rounds/2023-2/results/?{query}", 400 if query != "page=x" else 404)
    assert set(body["error"]) >= {"code", "message"}


def test_results_per_smart_dimension(world):
    question_level_round(world)
    rows = _get(world, "anonymous", "rounds/2024-2/results/?ranking=GOV&ordering=rank")["results"]
    results = {r.region.code: r for r in RegionResult.objects.select_related("region")}
    assert [r["rank"] for r in rows] == [results[r["region"]].smart["GOV"]["rank"] for r in rows]
    assert rows[0]["smart"]["GOV"] == results[rows[0]["region"]].smart["GOV"]


def test_region_result_with_every_stage(world):
    published_round(world, extra=3)
    body = _get(world, "anonymous", "rounds/2023-2/results/52.04/")
    assert body["index"] == "3.32" and body["out_of"]["national"] == 5
    stages = body["stages"]
    assert stages["index"] == "3.315" and stages["index_published"] == "3.32"
    assert stages["dimensions"]["OUTCOME"] == {
        "weight": "30",
        "score": "3.23",
        "published": "3.23",
        "contribution": "0.969",
    }
    assert sum(Decimal(d["contribution"]) for d in stages["dimensions"].values()) == Decimal("3.315")
    assert stages["questions"] == {} and stages["previous"] is None
    assert body["snapshot"]["number"] == 1 and len(body["snapshot"]["digest"]) == 64
    _get(world, "anonymous", "rounds/2023-2/results/52.10/", 404)
    _get(world, "anonymous", "rounds/2099-1/results/52.04/", 404)


def test_region_result_of_a_question_level_round(world):
    round_ = question_level_round(world)
    body = _get(world, "coordinator_b", "rounds/2024-2/results/52.04/")
    part = round_.snapshot.result["regions"]["52.04"]
    assert body["stages"]["questions"] == part["questions"]
    assert body["stages"]["disagreements"] == part["disagreements"]
    assert body["stages"]["smart"] == part["smart"]
    inputs = next(e for e in round_.snapshot.inputs["regions"] if e["region"] == "52.04")
    assert body["inputs"]["assessors"] == inputs["assessors"] == ["ASR-U01", "ASR-U02", "ASR-U03"]
    assert body["inputs"]["scores"] == inputs["scores"]
    assert set(body["smart"]) == set(part["smart"])


def test_compute(world):
    round_ = published_round(world)
    for role, status in (("anonymous", 401), ("coordinator_a", 403), ("assessor", 403), ("pendamping", 403)):
        response = world.client_for(role).post(f"{BASE}rounds/2023-2/compute/")
        assert response.status_code == status, role
        assert "error" in response.json()
    assert IndexSnapshot.objects.filter(round=round_).count() == 1
    response = world.client_for("ministry_admin").post(f"{BASE}rounds/2023-2/compute/")
    assert response.status_code == 201
    assert response.json()["snapshot"]["number"] == 2
    assert world.client_for("ministry_admin").get(f"{BASE}rounds/2023-2/compute/").status_code == 405


def test_compute_refused_by_the_engine_is_a_400_in_the_error_shape(world):
    round_ = published_round(world, compute=False, phase="panel")
    round_.regions.get(region=world.region_a).dimension_inputs.filter(dimension__code="IMPACT").delete()
    assert world.client_for("coordinator_a").post(f"{BASE}rounds/2023-2/compute/").status_code == 404
    response = world.client_for("ministry_admin").post(f"{BASE}rounds/2023-2/compute/")
    assert response.status_code == 400
    error = response.json()["error"]
    assert "IMPACT" in " ".join(error["fields"]["round"]) and error["message"]
    assert not IndexSnapshot.objects.exists()


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "path,pinned",
    [
        ("rounds/{code}/results/?ranking=province&ordering=-index", 3),  # the round, count, rows
        ("rounds/{code}/results/52.04/", 5),  # round, region, row, its ranks' totals, its stages
        ("rounds/", 2),  # count, rows
    ],
)
def test_query_counts_do_not_grow(world, path, pinned):
    client = world.client_for("anonymous")
    small_round = published_round(world, extra=1)
    small = _count(client, BASE + path.format(code=small_round.code))
    big = published_round(world, extra=28, code="2024-2", year=2024, previous=small_round)
    assert RegionResult.objects.filter(round=big).count() == 30
    large = _count(client, BASE + path.format(code=big.code))
    assert small == large == pinned, (small, large)
