"""The regions API on the real Kemendagri 2025 data."""

from __future__ import annotations

import pytest

from kotacerdas.regions.services import regions_load

API = "/api/v1"


@pytest.fixture
def regions(db):
    regions_load()


def test_province_filter_lists_the_ten_regions_of_ntb(regions, client):
    response = client.get(f"{API}/regions/?province=52")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 10
    assert [r["code"] for r in data["results"]] == [
        "52.01",
        "52.02",
        "52.03",
        "52.04",
        "52.05",
        "52.06",
        "52.07",
        "52.08",
        "52.71",
        "52.72",
    ]
    sumbawa = data["results"][3]
    assert (sumbawa["name"], sumbawa["level"], sumbawa["province"]) == (
        "Kabupaten Sumbawa",
        "kabupaten",
        "52",
    )


def test_region_detail_and_retired_code(regions, client):
    assert client.get(f"{API}/regions/52.71/").json()["level"] == "kota"
    retired = client.get(f"{API}/regions/91.01/").json()
    assert retired["replaced_by"] == "93.01" and retired["valid_until"]


@pytest.mark.parametrize("page_size", [3, 30])
def test_region_list_query_count_is_constant(regions, client, page_size, django_assert_num_queries):
    with django_assert_num_queries(2):  # count, page (provinces and successors joined)
        response = client.get(f"{API}/regions/?page_size={page_size}")
    assert len(response.json()["results"]) == page_size
