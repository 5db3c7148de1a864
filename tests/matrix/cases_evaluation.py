"""The evaluation pages: methods and published rounds are public (their rankings, report cards and
the .xlsx too); an unpublished round is the ministry's alone (404 for everyone else, as for a
missing round); computing the index is the ministry's (403 for the others who see the round,
the login page for anonymous visitors) and only by POST."""

from .cases import LOGIN, Case, expect

PUBLIC = expect(200)
MINISTRY_ONLY = expect(404, ministry_admin=200)


def _rounds(w):
    """A published round 2023-2 (regions A and B) and an unpublished one, 2024-2, both computed."""
    from ..evaluation_results_data import published_round

    published = published_round(w)
    published_round(w, code="2024-2", year=2024, previous=published, phase="panel")


def _case(name, path, expected, **kw):
    return Case(name, lambda w: path, expected, setup=_rounds, **kw)


CASES = [
    _case("evaluation:round_list", "/evaluasi/", PUBLIC),
    Case("evaluation:round_list", lambda w: "/evaluasi/", PUBLIC, id="evaluation: rounds, none yet"),
    _case("evaluation:round_list", "/evaluasi/", expect(405), method="post", id="evaluation: POST rounds"),
    _case("evaluation:method_list", "/evaluasi/metode/", PUBLIC),
    _case("evaluation:method_detail", "/evaluasi/metode/uji/1/", PUBLIC),
    _case(
        "evaluation:method_detail", "/evaluasi/metode/uji/7/", expect(404), id="evaluation: unknown method"
    ),
    _case("evaluation:round_detail", "/evaluasi/2023-2/?peringkat=provinsi&provinsi=52&per_page=all", PUBLIC),
    _case(
        "evaluation:round_detail", "/evaluasi/2024-2/", MINISTRY_ONLY, id="evaluation: unpublished ranking"
    ),
    _case("evaluation:round_detail", "/evaluasi/2099-1/", expect(404), id="evaluation: unknown round"),
    _case(
        "evaluation:round_detail",
        "/evaluasi/2023-2/",
        expect(405),
        method="post",
        id="evaluation: POST ranking",
    ),
    _case("evaluation:round_export", "/evaluasi/2023-2/unduh/?peringkat=GOV", PUBLIC),
    _case(
        "evaluation:round_export",
        "/evaluasi/2024-2/unduh/",
        MINISTRY_ONLY,
        id="evaluation: unpublished .xlsx",
    ),
    _case(
        "evaluation:round_compute",
        "/evaluasi/2023-2/hitung/",
        expect(403, ministry_admin=302, anonymous=LOGIN),
        method="post",
    ),
    _case(
        "evaluation:round_compute",
        "/evaluasi/2024-2/hitung/",
        expect(404, ministry_admin=302, anonymous=LOGIN),
        method="post",
        id="evaluation: compute an unpublished round",
    ),
    _case(
        "evaluation:round_compute",
        "/evaluasi/2023-2/hitung/",
        expect(405, anonymous=LOGIN),
        id="evaluation: GET compute",
    ),
    _case(
        "evaluation:round_publish",
        "/evaluasi/2024-2/umumkan/",
        expect(404, ministry_admin=302, anonymous=LOGIN),
        method="post",
        id="evaluation: publish a round in its panel",
    ),
    _case(
        "evaluation:round_publish",
        "/evaluasi/2023-2/umumkan/",
        expect(403, ministry_admin=302, anonymous=LOGIN),
        method="post",
        id="evaluation: publish a published round",
    ),
    _case(
        "evaluation:round_publish",
        "/evaluasi/2024-2/umumkan/",
        expect(405, anonymous=LOGIN),
        id="evaluation: GET publish",
    ),
    _case("evaluation:region_result", "/evaluasi/2023-2/52.04/", PUBLIC),
    _case(
        "evaluation:region_result", "/evaluasi/2023-2/51.08/", PUBLIC, id="evaluation: region B's report card"
    ),
    _case(
        "evaluation:region_result",
        "/evaluasi/2024-2/52.04/",
        MINISTRY_ONLY,
        id="evaluation: unpublished card",
    ),
    _case(
        "evaluation:region_result",
        "/evaluasi/2023-2/99.99/",
        expect(404),
        id="evaluation: region not in round",
    ),
]
